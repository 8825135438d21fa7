"""Input files in the encodings Japanese text comes in: Shift_JIS, EUC-JP, ISO-2022-JP, UTF-16,
UTF-32, and HTML pages that declare their charset; the seeds' own Japanese as the text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seed_lines

from jaen_align.cli import main
from jaen_align.corpus.encoding import (
    EUC_JP,
    Decoded,
    EncodingError,
    declared_encoding,
    decode_bytes,
    japanese_evidence,
)
from jaen_align.corpus.readers import iter_lines, read_documents
from jaen_align.errors import InputError
from jaen_align.text.langid import count_scripts, detect_language
from jaen_align.text.normalize import normalize_text

LEGACY = ("cp932", "euc_jp", "iso2022_jp")


def _encodable(line: str) -> bool:
    try:
        for codec in LEGACY:
            line.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# Japanese paragraphs (with kana) of the seeds that every legacy encoding can hold (most can)
JA_LINES = [
    line for line in seed_lines() if detect_language(line) == "ja" and count_scripts(line).kana and _encodable(line)
][:12]


def test_the_seeds_give_enough_text() -> None:
    assert len(JA_LINES) == 12


def with_bom(text: str, codec: str) -> bytes:
    """``text`` encoded, with a byte-order mark also for an explicit byte order (Python
    writes none for utf-16-be or utf-32-le)."""
    encoded = text.encode(codec)
    return encoded if codec in ("utf-16", "utf-32") else "\ufeff".encode(codec) + encoded


def utf8_paragraphs(tmp_path: Path) -> tuple[str, ...]:
    reference = tmp_path / "utf8" / "article.txt"
    reference.parent.mkdir()
    reference.write_text("\n".join(JA_LINES) + "\n", encoding="utf-8")
    [doc] = read_documents([str(reference)])
    return doc.paragraphs


@pytest.mark.parametrize("codec", ["cp932", "euc_jp", "iso2022_jp", "utf-16", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_japanese_text_file_in_legacy_encodings(tmp_path: Path, codec: str) -> None:
    data = "\n".join(JA_LINES) + "\n"
    path = tmp_path / "article.txt"
    path.write_bytes(data.encode(codec) if codec in LEGACY else with_bom(data, codec))
    [doc] = read_documents([str(path)])
    assert doc.lang == "ja"
    assert doc.paragraphs == utf8_paragraphs(tmp_path)


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii", "windows-1252"])
def test_a_page_declaring_latin1_or_ascii_is_read_as_windows_1252(tmp_path: Path, label: str) -> None:
    # as browsers read it: 0x92, 0x93/0x94 and 0x96 are Windows' apostrophe, quotes and dash, which
    # Latin-1 makes C1 controls (normalization then dropped them: "didnt say no  ok")
    page = tmp_path / "page.html"
    page.write_bytes(
        f'<html><head><meta charset="{label}"></head><body><p>'.encode()
        + b"He didn\x92t say \x93no\x94 \x96 ok, caf\xe9.</p></body></html>"
    )
    [doc] = read_documents([str(page)])
    assert doc.paragraphs == ("He didn\u2019t say \u201cno\u201d \u2013 ok, caf\u00e9.",)


@pytest.mark.parametrize("codec", LEGACY)
def test_every_jis_character_reads_the_same_in_every_encoding(codec: str) -> None:
    from jaen_align.text.normalize import normalize_text

    # all of JIS X 0208 (rows 1-84) through Windows' Shift_JIS, EUC-JP and ISO-2022-JP
    cells = [(row, cell) for row in range(1, 85) for cell in range(1, 95)]
    jis = {}
    for row, cell in cells:
        euc = bytes([row + 0xA0, cell + 0xA0])
        try:
            jis[(row, cell)] = euc.decode("euc_jp")
        except UnicodeDecodeError:
            continue  # an unassigned cell
    # each cell's bytes in the codec (Python's cp932 writes JIS's 〜 as 0x8160, which it reads
    # back as U+FF5E), read back in Japanese text
    read = {key: normalize_text("日本" + ch.encode(codec).decode(codec)) for key, ch in jis.items()}
    expected = {key: normalize_text("日本" + ch) for key, ch in jis.items()}
    differ = {key: (read[key], expected[key]) for key in jis if read[key] != expected[key]}
    assert differ == {}


@pytest.mark.parametrize("codec", LEGACY)
def test_the_wave_dash_reads_the_same_in_every_encoding(tmp_path: Path, codec: str) -> None:
    # JIS 1-33 is 〜 in each: Shift_JIS read as Windows does it (cp932) gives U+FF5E instead,
    # which normalization turned into an ASCII "~" while the other encodings kept 〜
    jis_row_1_33 = {"cp932": b"\x81\x60", "euc_jp": b"\xa1\xc1", "iso2022_jp": b"\x1b$B!A\x1b(B"}[codec]
    path = tmp_path / "article.txt"
    path.write_bytes("会議は10時".encode(codec) + jis_row_1_33 + "12時です。\n".encode(codec))
    reference = tmp_path / "utf8.txt"
    reference.write_text("会議は10時〜12時です。\n", encoding="utf-8")
    assert read_documents([str(path)])[0].paragraphs == ("会議は10時〜12時です。",)
    assert read_documents([str(reference)])[0].paragraphs == ("会議は10時〜12時です。",)


@pytest.mark.parametrize("declared", [True, False])
def test_euc_jp_reads_the_rows_windows_added(tmp_path: Path, declared: bool) -> None:
    # NEC's row 13 (①, №, ㈱) and the IBM rows (髙) in EUC-JP, as browsers read them; Python's
    # euc_jp refused the whole page ("not valid EUC-JP at byte ...")
    text = "①この会社は㈱で、№5の髙橋さんが担当します。"
    euc = b"".join(ch.encode("euc_jp") if ch.isascii() or _in_euc_jp(ch) else _euc_of_windows(ch) for ch in text)
    page = tmp_path / "page.html"
    head = b'<html><head><meta charset="euc-jp"></head><body><p>' if declared else b""
    page.write_bytes(head + euc + (b"</p></body></html>" if declared else b"\n"))
    [doc] = read_documents([str(page)])
    assert doc.paragraphs == (normalize_text(text),)


def _in_euc_jp(ch: str) -> bool:
    try:
        ch.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return True


def _euc_of_windows(ch: str) -> bytes:
    """The EUC-JP bytes of the JIS row and cell that Windows' Shift_JIS gives ``ch``."""
    lead, trail = ch.encode("cp932")
    row = (lead - (0x80 if lead < 0xE0 else 0xC0)) * 2 - 1
    if trail >= 0x9F:
        row, cell = row + 1, trail - 0x9E
    else:
        cell = trail - 0x3F - (trail > 0x7F)
    return bytes([row + 0xA0, cell + 0xA0])


@pytest.mark.parametrize(("label", "codec"), [("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp"), ("x-sjis", "cp932")])
def test_html_page_declaring_its_charset(tmp_path: Path, label: str, codec: str) -> None:
    body = "".join(f"<p>{line}</p>\n" for line in JA_LINES[:4])
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'
    page = f"<html><head>{meta}</head><body>{body}</body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(codec))
    [doc] = read_documents([str(path)])
    assert doc.paragraphs == utf8_paragraphs(tmp_path)[:4]
    assert codecs.lookup(declared_encoding(page.encode(codec))).name in {codec, EUC_JP}


def test_utf8_wins_over_a_wrong_declaration(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="shift_jis"></head><body><p>{JA_LINES[0]}</p></body></html>'
    decoded = decode_bytes(page.encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert JA_LINES[0] in decoded.text


def test_a_utf16_declaration_in_ascii_bytes_is_ignored() -> None:
    page = b'<html><head><meta charset="utf-16"></head><body><p>' + JA_LINES[0].encode("cp932")
    decoded = decode_bytes(page)
    assert decoded.encoding == "cp932" and JA_LINES[0] in decoded.text


def test_declared_latin1_english_page(tmp_path: Path) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>A café in Pyongyang.</p></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("latin-1"))
    [doc] = read_documents([str(path)])
    assert doc.paragraphs == ("A café in Pyongyang.",)


def test_a_declaration_that_the_bytes_break_is_an_error() -> None:
    page = b'<html><head><meta charset="euc-jp"></head><body><p>' + "ロシア".encode("cp932") + b"</p>"
    with pytest.raises(EncodingError, match=r"not valid EUC-JP \(as declared\) at byte"):
        decode_bytes(page)


def test_broken_utf8_japanese_is_not_taken_for_shift_jis() -> None:
    # UTF-8 Japanese cut inside a character: its bytes often decode as Shift_JIS, into
    # kanji and half-width katakana that read as nothing
    data = ("\n".join(JA_LINES[:3])).encode("utf-8") + b"\xe3\x81"
    with pytest.raises(EncodingError, match="not valid UTF-8 at byte"):
        decode_bytes(data)
    assert japanese_evidence(data[:-2].decode("cp932", errors="replace")) <= 0


def test_latin1_english_without_declaration_is_still_rejected(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Kim Jong Un met Putin at a café in Pyongyang.".encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8 at byte 30"):
        read_documents([str(path)])


@pytest.mark.parametrize("codec", ["cp932", "euc_jp", "iso2022_jp", "utf-16", "utf-32-le", "utf-32-be"])
def test_streamed_lines_in_legacy_encodings(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "in.txt"
    data = "\n".join(JA_LINES) + "\n"
    path.write_bytes(data.encode(codec) if codec in LEGACY else with_bom(data, codec))
    # blocks smaller than a line: characters and lines are cut between blocks
    assert list(iter_lines(path, block_size=37)) == list(utf8_paragraphs(tmp_path))


# Characters outside the BMP (surrogate pairs in UTF-16) and Japanese. A UTF-32LE file starts
# FF FE 00 00: the UTF-16LE BOM, then what UTF-16 would read as U+0000.
WIDE_TEXT = "😀 こんにちは\n\n北朝鮮を訪問した。🎌 Done.\r\n𠮷野家\n"
WIDE_LINES = ["😀 こんにちは", "", "北朝鮮を訪問した。🎌 Done.", "𠮷野家"]


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_read_whole(tmp_path: Path, codec: str) -> None:
    data = with_bom(WIDE_TEXT, codec)
    assert decode_bytes(data) == Decoded(WIDE_TEXT, codec)
    path = tmp_path / "u32.txt"
    path.write_bytes(data)
    [doc] = read_documents([str(path)], presegmented=True)
    assert (doc.lang, doc.paragraphs, doc.line_numbers) == ("ja", tuple(filter(None, WIDE_LINES)), (0, 2, 3))


@pytest.mark.parametrize("block_size", [1, 3, 7, 1 << 20])
@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_streamed(tmp_path: Path, codec: str, block_size: int) -> None:
    path = tmp_path / "u32.txt"
    path.write_bytes(with_bom(WIDE_TEXT, codec))
    assert list(iter_lines(path, block_size=block_size)) == WIDE_LINES


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_invalid_utf32_names_the_byte(tmp_path: Path, codec: str) -> None:
    # a code point above U+10FFFF in the third character, after the BOM
    data = with_bom("日本", codec) + (0x110000).to_bytes(4, "little" if codec.endswith("le") else "big")
    with pytest.raises(EncodingError, match=f"not valid {codec.upper()} at byte 12"):
        decode_bytes(data)
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        list(iter_lines(path))
    assert info.value.problem == "not valid UTF-32 at byte 12"


def test_a_utf16le_file_is_still_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "😀 こんにちは\n".encode("utf-16-le")
    assert decode_bytes(data) == Decoded("😀 こんにちは\n", "utf-16-le")


@pytest.mark.parametrize("codec", ["cp932", "euc_jp", "iso2022_jp"])
def test_streamed_legacy_encoding_after_a_long_ascii_head(tmp_path: Path, codec: str) -> None:
    english = [f"Line {k}: an English preamble, longer than the first block read." for k in range(40)]
    text = "\n".join(english + JA_LINES) + "\n"
    path = tmp_path / "in.txt"
    path.write_bytes(text.encode(codec))
    assert len("\n".join(english).encode()) > 4 * 256  # the Japanese starts blocks later
    assert list(iter_lines(path, block_size=256)) == text.splitlines()


def test_streamed_shift_jis_names_the_bad_line(tmp_path: Path) -> None:
    good = ("\n".join(JA_LINES[:3]) + "\n").encode("cp932")
    path = tmp_path / "in.txt"
    path.write_bytes(good + b"abc\x81\x7f\n")  # a lead byte without its trail byte
    with pytest.raises(InputError) as info:
        list(iter_lines(path, block_size=1 << 20))
    assert info.value.problem == f"line 4: not valid Shift_JIS at byte {len(good) + 3}"


def test_cli_translates_a_shift_jis_file_as_its_utf8_twin(tmp_path: Path) -> None:
    text = "\n".join(JA_LINES[:4]) + "\n"
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sjis.txt").write_bytes(text.encode("cp932"))
    runner, names = CliRunner(), ("utf8.txt", "sjis.txt")
    results = [runner.invoke(main, ["translate", str(tmp_path / name), "--beam", "1", "-q"]) for name in names]
    assert [r.exit_code for r in results] == [0, 0], [r.output for r in results]
    assert results[0].stdout == results[1].stdout
    assert len(results[1].stdout.splitlines()) == 4
