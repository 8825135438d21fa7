"""Which character encoding an input file is in: UTF-8 unless it says or shows otherwise.

Japanese text still comes in Shift_JIS (Windows code page 932), EUC-JP and ISO-2022-JP, and
so do many Japanese news pages. The order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32);
valid UTF-8; the charset an HTML or XML file declares; then the legacy Japanese encodings in
which the bytes decode without error *and* read as Japanese (kana among the characters, few
half-width katakana, which is what UTF-8 or Latin-1 bytes turn into when misread as Shift_JIS).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

UTF8 = "utf-8"
UTF8_BOM = codecs.BOM_UTF8
# UTF-32 first: its little-endian BOM (FF FE 00 00) starts with UTF-16's (FF FE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (UTF8_BOM, UTF8),
)
# The Japanese encodings tried when the bytes are not UTF-8 and declare nothing; Shift_JIS as
# Windows writes it (cp932 adds NEC and IBM characters that real files use) before EUC-JP.
# EUC-JP as browsers read it (WHATWG): with the NEC and IBM rows Windows added (①, №, ㈱, 髙),
# which Python's euc_jp lacks
EUC_JP = "euc-jp-whatwg"
LEGACY_JAPANESE = ("cp932", EUC_JP)
_ISO2022_KANJI_ESCAPES = (b"\x1b$B", b"\x1b$@")  # a switch to JIS X 0208

# names that pages declare, as Python calls them (the WHATWG names for Shift_JIS map to cp932)
_LABELS = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "ms932": "cp932",
    "cp932": "cp932",
    "euc-jp": EUC_JP,
    "x-euc-jp": EUC_JP,
    "cseucpkdfmtjapanese": EUC_JP,
    "iso-2022-jp": "iso2022_jp",
    "csiso2022jp": "iso2022_jp",
    "utf-8": UTF8,
    "utf8": UTF8,
}
# Browsers read every Latin-1 and ASCII label as windows-1252 (WHATWG Encoding): a page that
# says iso-8859-1 holds Windows' curly quotes and dashes in 0x80-0x9F, not C1 controls.
WINDOWS_1252 = "windows-1252-whatwg"
_LABELS |= dict.fromkeys(
    (
        "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
        "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
        "x-cp1252",
    ),
    WINDOWS_1252,
)  # fmt: skip
_DECLARED = re.compile(rb"""(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
DECLARATION_WINDOW = 4096  # where a page must declare its charset (browsers look at 1,024 bytes)

_NAMES = {
    UTF8: "UTF-8",
    "cp932": "Shift_JIS",
    EUC_JP: "EUC-JP",
    "iso2022_jp": "ISO-2022-JP",
    WINDOWS_1252: "windows-1252",
}


def _windows_1252_table() -> str:
    """cp1252 with its five unassigned bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as Latin-1, as
    WHATWG's windows-1252 reads them: every byte decodes."""
    return "".join(
        ch if ch != "\ufffd" else chr(byte)
        for byte, ch in enumerate(bytes(range(256)).decode("cp1252", errors="replace"))
    )


class _Windows1252Decoder(codecs.IncrementalDecoder):
    table = _windows_1252_table()

    def decode(self, data: bytes, final: bool = False) -> str:  # one byte, one character: none held back
        return codecs.charmap_decode(data, self.errors, self.table)[0]


_EUC_EXTENSIONS = "jaen-align-euc-jp-extensions"


def _euc_jp_extensions(exc: UnicodeError) -> tuple[str, int]:
    """Error handler for Python's euc_jp: a two-byte sequence in a row it lacks is read as the
    same JIS row and cell of Windows' Shift_JIS (rows 13 and 89-92); anything else stays an error."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data, at = exc.object, exc.start
    if at + 1 < len(data) and 0xA1 <= data[at] <= 0xFE and 0xA1 <= data[at + 1] <= 0xFE:
        row, cell = data[at] - 0xA0, data[at + 1] - 0xA0
        lead = (row + 1) // 2 + (0x80 if row <= 62 else 0xC0)
        trail = cell + 0x3F + (cell >= 64) if row % 2 else cell + 0x9E
        try:
            return bytes([lead, trail]).decode("cp932"), at + 2
        except UnicodeDecodeError:
            pass
    raise exc


codecs.register_error(_EUC_EXTENSIONS, _euc_jp_extensions)


class _EucJpDecoder(codecs.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._inner = codecs.getincrementaldecoder("euc_jp")(errors=_EUC_EXTENSIONS)

    def decode(self, data: bytes, final: bool = False) -> str:
        return self._inner.decode(data, final)

    def reset(self) -> None:
        self._inner.reset()


def _search(name: str) -> codecs.CodecInfo | None:
    key = name.replace("-", "_")
    if key == EUC_JP.replace("-", "_"):
        return codecs.CodecInfo(
            name=EUC_JP,
            encode=codecs.lookup("euc_jp").encode,
            decode=lambda data, errors="strict": (bytes(data).decode("euc_jp", _EUC_EXTENSIONS), len(data)),
            incrementaldecoder=_EucJpDecoder,
        )
    if key != WINDOWS_1252.replace("-", "_"):
        return None
    table = _Windows1252Decoder.table
    return codecs.CodecInfo(
        name=WINDOWS_1252,
        encode=lambda text, errors="strict": codecs.charmap_encode(text, errors, codecs.charmap_build(table)),
        decode=lambda data, errors="strict": codecs.charmap_decode(data, errors, table),
        incrementaldecoder=_Windows1252Decoder,
    )


codecs.register(_search)


def display_name(codec: str) -> str:
    """How users call the encoding: Shift_JIS, not cp932."""
    return _NAMES.get(codec, codec.upper())


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the Python codec used


class EncodingError(ValueError):
    """The bytes are in no encoding the reader accepts; ``str()`` says what is wrong."""


def declared_encoding(data: bytes) -> str | None:
    """The codec an HTML ``<meta charset>`` / ``http-equiv`` or XML declaration names near
    the start of ``data``; None without one or for a name Python does not know."""
    found = _DECLARED.search(data[:DECLARATION_WINDOW])
    if found is None:
        return None
    label = found.group(1).decode("ascii").lower()
    if label in _LABELS:
        return _LABELS[label]
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    # bytes that can carry an ASCII declaration are not UTF-16 or UTF-32, whatever they say
    # (browsers read such pages as UTF-8 too)
    return None if codec.startswith(("utf-16", "utf-32")) else codec


def japanese_evidence(text: str) -> float:
    """How much ``text`` reads as Japanese: full-width kana count, half-width katakana count
    against them (misread UTF-8 and Latin-1 bytes become half-width katakana in Shift_JIS);
    0 or less: not Japanese."""
    kana = half_width = 0
    for char in text:
        code = ord(char)
        if 0x3041 <= code <= 0x30FF:
            kana += 1
        elif 0xFF61 <= code <= 0xFF9F:
            half_width += 1
    return kana - 4 * half_width


def is_iso2022_jp(data: bytes) -> bool:
    """7-bit bytes with ISO-2022-JP's escapes (they are valid UTF-8 too, so this comes first)."""
    return data.isascii() and any(escape in data for escape in _ISO2022_KANJI_ESCAPES)


def _decodes(data: bytes, codec: str, final: bool) -> str:
    """``data`` decoded; with ``final`` False a character cut off at the end is no error."""
    return codecs.getincrementaldecoder(codec)().decode(data, final=final)


def guess_legacy(data: bytes, *, final: bool = True, beyond: int = 0) -> str | None:
    """The 8-bit legacy Japanese codec ``data`` reads as, or None: of those in which more than
    ``beyond`` bytes decode (the valid UTF-8 prefix: a file that is UTF-8 up to a bad byte stays
    UTF-8) and read as Japanese, the one that decodes furthest, then the more Japanese.
    ``final`` False for the head of a longer stream."""
    best: str | None = None
    best_key = (0, 0.0)
    for codec in LEGACY_JAPANESE:
        try:
            text, decoded = _decodes(data, codec, final), len(data)
        except UnicodeDecodeError as exc:
            text, decoded = data[: exc.start].decode(codec), exc.start
        evidence = japanese_evidence(text)
        if decoded > beyond and evidence > 0 and (decoded, evidence) > best_key:
            best, best_key = codec, (decoded, evidence)
    return best


@dataclass(frozen=True)
class Sniffed:
    codec: str
    bom: int = 0  # bytes of byte-order mark to skip
    declared: bool = False  # the codec is the one an HTML or XML declaration names


def sniff_encoding(head: bytes, *, final: bool) -> Sniffed:
    """The encoding of ``head``, the first bytes of a stream (all of it when ``final``), by the
    order of evidence in this module's docstring. UTF-8 when nothing fits: decoding then
    reports the first byte that is not UTF-8."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return Sniffed(codec, len(bom))
    if b"\x00" in head:
        return Sniffed(UTF8)
    if is_iso2022_jp(head):
        return Sniffed("iso2022_jp")
    try:
        _decodes(head, UTF8, final)
        return Sniffed(UTF8)
    except UnicodeDecodeError as exc:
        utf8_valid = exc.start
    declared = declared_encoding(head)
    if declared is not None:
        return Sniffed(declared, declared=True)
    return Sniffed(guess_legacy(head, final=final, beyond=utf8_valid) or UTF8)


def decode_bytes(data: bytes) -> Decoded:
    """``data`` as text, in the encoding ``sniff_encoding`` finds. Raises EncodingError("binary
    file") for a NUL byte outside UTF-16 and UTF-32, or EncodingError("not valid <encoding> at
    byte N") (N counts a BOM)."""
    sniffed = sniff_encoding(data, final=True)
    if not is_utf16_or_32(sniffed.codec) and b"\x00" in data:
        raise EncodingError("binary file")
    try:
        return Decoded(data[sniffed.bom :].decode(sniffed.codec), sniffed.codec)
    except UnicodeDecodeError as exc:
        how = " (as declared)" if sniffed.declared else ""
        raise EncodingError(f"not valid {display_name(sniffed.codec)}{how} at byte {sniffed.bom + exc.start}") from None


def is_utf16_or_32(codec: str) -> bool:
    """UTF-16 or UTF-32: encodings whose text has NUL bytes."""
    return codec.startswith(("utf-16", "utf-32"))
