"""Read text files, directories and stdin into Documents: decode, normalize, split into
paragraphs (non-empty lines) and by language (a file may hold Japanese and English)."""

from __future__ import annotations

import codecs
import itertools
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from jaen_align.corpus.encoding import (
    DECLARATION_WINDOW,
    UTF8,
    EncodingError,
    Sniffed,
    decode_bytes,
    display_name,
    is_utf16_or_32,
    sniff_encoding,
)
from jaen_align.corpus.html import html_paragraphs, looks_like_html
from jaen_align.errors import InputError
from jaen_align.text.langid import EN, JA, OTHER, count_scripts, detect_language
from jaen_align.text.normalize import NOT_TEXT, normalize_text
from jaen_align.types import Document

STDIN = "-"
STDIN_SOURCE = "<stdin>"
STDIN_ID = "stdin"
LANGUAGES = (JA, EN)

# A line ends at "\n" (or "\r\n"), as wc -l and sacrebleu count lines: a lone "\r" inside a
# line is a space, so that a translation has as many lines as its input and its reference.
_LINE_BREAK = re.compile(r"\r?\n")
_BYTE_LINE_BREAK = re.compile(rb"\r?\n")


def read_documents(
    paths: Sequence[str],
    *,
    force_lang: str | None = None,
    stdin_text: bytes | None = None,
    presegmented: bool = False,
) -> list[Document]:
    """Documents of the given files, directories (recursive, sorted, hidden files skipped)
    and "-" (stdin, whose bytes are ``stdin_text``). A file holding both languages gives two
    documents "<stem>.ja" and "<stem>.en"; otherwise the document id is the file stem.

    ``force_lang`` puts every paragraph of a file into one document of that language.
    ``presegmented`` keeps every non-empty line as a paragraph of one document whose language
    is ``force_lang`` or the majority language of its lines. Raises InputError on bad input."""
    if force_lang is not None and force_lang not in LANGUAGES:
        raise InputError("force_lang", f"unknown language {force_lang!r}, expected one of {', '.join(LANGUAGES)}")
    documents: list[Document] = []
    for source, doc_id, data in _inputs(paths, stdin_text):
        lines = document_lines(data, source)
        documents.extend(make_documents(lines, doc_id, source, force_lang=force_lang, presegmented=presegmented))
    return documents


def read_inputs(
    paths: Sequence[str],
    ja: Sequence[str] = (),
    en: Sequence[str] = (),
    *,
    stdin_text: bytes | None = None,
    presegmented: bool = False,
    output: str | Path | None = None,
) -> tuple[list[Document], list[Document]]:
    """(documents of ``paths``, documents of ``ja`` and ``en`` read as their language), after
    checking that no file is given twice (directories included: it would be aligned twice, or
    against itself) and that ``output`` is none of them (the corpus would replace it)."""
    _check_distinct_files([*paths, *ja, *en], output)
    docs = read_documents(paths, stdin_text=stdin_text, presegmented=presegmented) if paths else []
    forced = []
    for lang, given in ((JA, ja), (EN, en)):
        if given:
            forced += read_documents(given, force_lang=lang, stdin_text=stdin_text, presegmented=presegmented)
    return docs, forced


def _check_distinct_files(paths: Sequence[str], output: str | Path | None) -> None:
    first_given: dict[Path, str] = {}
    for path in paths:
        if path == STDIN:
            continue
        for file in expand_path(path):
            key = file.resolve()
            if key in first_given:
                earlier = first_given[key]
                also = f" (also in {earlier})" if earlier != path else ""
                raise InputError(_printable(str(file)), f"given twice as an input{also}")
            first_given[key] = path
    if output is not None and Path(output).resolve() in first_given:
        raise InputError(str(output), "is also an input: the corpus would replace it")


_LANGUAGE_NAMES = {JA: "Japanese", EN: "English"}


def unique_document_ids(docs: Sequence[Document]) -> list[Document]:
    """The documents with ids that name one document each: an id that documents of both
    languages share (``--ja article.txt --en article.txt``) becomes ``article.ja`` /
    ``article.en``, as the two parts of a mixed file are named. Two documents of one language
    with the same id from different files are an InputError."""
    by_id: dict[str, set[str]] = {}
    for doc in docs:
        by_id.setdefault(doc.id, set()).add(doc.lang)
    renamed = [replace(doc, id=f"{doc.id}.{doc.lang}") if len(by_id[doc.id]) > 1 else doc for doc in docs]
    seen: dict[tuple[str, str], str] = {}
    for doc in renamed:
        other = seen.setdefault((doc.id, doc.lang), doc.source)
        if other != doc.source:
            raise InputError(doc.source, f"document id '{doc.id}' also used by {other}: rename one file")
    return renamed


def forced_language_warning(doc: Document) -> str | None:
    """For a document read with ``force_lang``: a warning when fewer than half of its lines in
    a detectable language are in the language it was given as (an English file passed with
    --ja, or a page holding both languages), else None."""
    detected = [lang for lang in map(detect_language, doc.paragraphs) if lang != OTHER]
    same = sum(lang == doc.lang for lang in detected)
    if not detected or 2 * same >= len(detected):
        return None
    name = _LANGUAGE_NAMES[doc.lang]
    return f"{doc.source}: read as {name}, but only {same} of its {len(detected)} lines of text are {name}"


def _inputs(paths: Sequence[str], stdin_text: bytes | None) -> Iterator[tuple[str, str, bytes]]:
    """(source, document id, raw bytes) for every input file, in order."""
    for path in paths:
        if path == STDIN:
            if stdin_text is None:
                raise InputError(STDIN_SOURCE, "no standard input given")
            yield STDIN_SOURCE, STDIN_ID, stdin_text
            continue
        for file in expand_path(path):
            yield _printable(str(file)), document_id(file.stem), _read_bytes(file)


def _printable(name: str) -> str:
    # a file name that is not valid UTF-8 carries surrogate escapes, which no UTF-8 output takes
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_ID_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def document_id(stem: str) -> str:
    """A file name's stem as a document id that every output format holds as it is: control
    characters, tabs, line breaks and noncharacters (which TSV would break on and XML cannot
    carry) become "_"."""
    return _ID_BREAKS.sub("_", NOT_TEXT.sub("_", _printable(stem)))


def expand_path(path: str) -> list[Path]:
    """The file itself, or the regular non-hidden files under a directory (symbolic links to
    directories followed, each directory read once), sorted."""
    if not path:
        raise InputError("''", "empty path")
    target = Path(path)
    if target.is_dir():
        files = sorted(f for f in _walk_files(target) if not _is_hidden(f.relative_to(target)))
        if not files:
            raise InputError(path, "directory contains no files")
        return files
    if target.is_file() or target.is_fifo():  # a pipe: process substitution, --ja <(zcat a.gz)
        return [target]
    if target.exists():
        raise InputError(path, "not a regular file, pipe or directory")
    raise InputError(path, "no such file or directory")


def _walk_files(top: Path) -> Iterator[Path]:
    """The regular files under ``top``. A directory that cannot be listed is an InputError (its
    files would be missing from the corpus without a word); a link back to a directory already
    read (a cycle, or two links to one place) is not read again."""

    def unreadable(exc: OSError) -> None:
        name = exc.filename if exc.filename is not None else top
        raise InputError(_printable(str(name)), (exc.strerror or str(exc)).lower())

    seen: set[str] = set()
    for directory, subdirectories, names in os.walk(top, onerror=unreadable, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirectories.clear()
            continue
        seen.add(real)
        for name in names:
            file = Path(directory) / name
            if file.is_file():
                yield file


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _read_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise InputError(str(file), (exc.strerror or str(exc)).lower()) from exc


def document_lines(data: bytes, source: str) -> list[str]:
    """The normalized lines of a text file, or the paragraphs of an HTML page (by its name or
    its opening tag), one per list item. Raises InputError as ``decode_lines`` does, and for a
    page without text."""
    text = _decode(data, source)
    if not looks_like_html(source, text):
        return _lines(text, source)
    paragraphs = [_normalize_line(p) for p in html_paragraphs(text, source)]
    if not any(paragraphs):
        raise InputError(source, "HTML page without text")
    return paragraphs


def _decode(data: bytes, source: str) -> str:
    try:
        return decode_bytes(data).text
    except EncodingError as exc:
        raise InputError(source, str(exc)) from None


def _lines(text: str, source: str, *, normalize: bool = True, allow_empty: bool = False) -> list[str]:
    lines = _LINE_BREAK.split(text)
    if normalize:
        lines = [_normalize_line(line) for line in lines]
    if not allow_empty and not any(line.strip() for line in lines):
        raise InputError(source, "empty file")
    return lines


def decode_lines(data: bytes, source: str, *, normalize: bool = True, allow_empty: bool = False) -> list[str]:
    """Normalized lines of ``data`` (UTF-8, BOM optional, or as ``encoding.decode_bytes``
    finds), one per line of the file, so list
    indices are the file's 0-based line numbers; as written with ``normalize=False`` (files
    that are data, not text to align: references, gold alignments, JSONL). Raises InputError
    for binary or undecodable input, and for empty input unless ``allow_empty``."""
    return _lines(_decode(data, source), source, normalize=normalize, allow_empty=allow_empty)


def iter_lines(
    path: str | Path, source: str | None = None, *, block_size: int = 1 << 20, normalize: bool = True
) -> Iterator[str]:
    """Normalized lines of a text file ("-": stdin), read ``block_size`` bytes at a time (the
    encoding decided on the first block by ``encoding.sniff_encoding``, or, when that block is
    all ASCII, on the block where the first other byte comes), with
    the semantics of ``decode_lines`` minus the empty line after a final line break; with
    ``normalize`` False the lines as written (a line is still blank if it normalizes to ""). Raises
    InputError naming ``source`` (default: the path) and the 1-based line of binary or
    undecodable input, or for a file without text; blank lines before the first text line are
    held back until then, so an empty file yields nothing."""
    if str(path) == STDIN:
        yield from _stream_lines(sys.stdin.buffer, source or STDIN_SOURCE, block_size, normalize)
        return
    source = source or str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 -- closed below; opening errors become InputError
    except OSError as exc:
        raise InputError(source, (exc.strerror or str(exc)).lower()) from exc
    with stream:
        yield from _stream_lines(stream, source, block_size, normalize)


class _HeadFirst:
    """A binary stream whose first bytes, already read to sniff the encoding, are read again."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int) -> bytes:
        if self._head:
            block, self._head = self._head, b""
            return block
        return self._rest.read(size)


class _UnicodeAsUtf8:
    """A UTF-16 or UTF-32 stream read as UTF-8 bytes, so that lines split the same way."""

    def __init__(self, stream: _HeadFirst, codec: str, source: str, skipped: int) -> None:
        self._stream, self._source = stream, source
        self._decoder = codecs.getincrementaldecoder(codec)()
        self._name = codec[:6].upper()  # "UTF-16" or "UTF-32", either byte order
        self._consumed = skipped  # input bytes decoded so far

    def read(self, size: int) -> bytes:
        while True:
            block = self._stream.read(size)
            try:
                text = self._decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                raise InputError(self._source, f"not valid {self._name} at byte {self._consumed + exc.start}") from None
            self._consumed += len(block)
            if text or not block:
                return text.encode("utf-8")


def _stream_lines(stream: BinaryIO, source: str, block_size: int, normalize: bool = True) -> Iterator[str]:
    head = stream.read(max(block_size, 4))
    final = len(head) < max(block_size, 4)
    sniffed = sniff_encoding(head, final=final)
    # An ASCII head reads the same in every encoding this module takes (ISO-2022-JP would
    # have shown an escape), so the choice waits for the first line that is not ASCII; the
    # head's start is kept for the charset a page may declare there.
    undecided = not final and sniffed == Sniffed(UTF8) and head.isascii()
    ascii_prefix = head[:DECLARATION_WINDOW] if undecided else None
    codec, bom = sniffed.codec, sniffed.bom
    reader: _HeadFirst | _UnicodeAsUtf8 = _HeadFirst(head[bom:], stream)
    if is_utf16_or_32(codec):
        reader, codec, bom = _UnicodeAsUtf8(reader, codec, source, bom), UTF8, 0
    name = display_name(codec)
    number = 0  # lines read so far
    offset = bom  # file offset of the next line
    blank = 0  # blank lines not yet yielded because no text line came yet
    seen_text = False
    pending = b""  # the unfinished last line of the data read so far
    while True:
        # Reading at least as much as is pending keeps very long lines linear, not quadratic.
        block = reader.read(max(block_size, len(pending)))
        eof = not block
        nul = block.find(b"\x00")
        if nul >= 0:
            line = number + len(_BYTE_LINE_BREAK.findall(pending + block[:nul])) + 1
            raise InputError(source, f"line {line}: binary file")
        lines = _lines_with_ends(pending + block)
        # Without "\n" a line may go on in the next block.
        pending = lines.pop() if not eof and lines and not lines[-1].endswith(b"\n") else b""
        for k, raw in enumerate(lines):
            number += 1
            if ascii_prefix is not None and (not raw.isascii() or b"\x1b" in raw):
                window = ascii_prefix + b"".join(lines[k:]) + pending
                codec = sniff_encoding(window, final=eof).codec
                name, ascii_prefix = display_name(codec), None
            try:
                text = raw.rstrip(b"\r\n").decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"line {number}: not valid {name} at byte {offset + exc.start}") from None
            offset += len(raw)
            line = _normalize_line(text)
            if not seen_text and not line:
                blank += 1
                continue
            if not seen_text:
                seen_text = True
                yield from itertools.repeat("", blank)
            yield line if normalize else text
        if eof:
            break
    if not seen_text:
        if not blank:
            raise InputError(source, "empty file")
        yield from itertools.repeat("", blank)  # blank lines only: as many blank translations


def _lines_with_ends(data: bytes) -> list[bytes]:
    parts = data.split(b"\n")
    return [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _normalize_line(line: str) -> str:
    # normalize_text splits at the Unicode line separators too (U+2028, ...); within one
    # line of the file those are just spaces, so the line numbering stays the file's.
    return " ".join(part for part in normalize_text(line).split("\n") if part)


def make_documents(
    lines: Sequence[str],
    doc_id: str,
    source: str,
    *,
    force_lang: str | None = None,
    presegmented: bool = False,
) -> list[Document]:
    """Documents from the normalized lines of one input (empty lines are skipped)."""
    numbered = [(number, line) for number, line in enumerate(lines) if line]
    if force_lang is not None:
        return [_document(doc_id, force_lang, numbered, source)]
    langs = [detect_language(line) for _, line in numbered]
    if presegmented and not is_bilingual(langs):
        return [_document(doc_id, majority_language(numbered, langs, source), numbered, source)]
    resolved = attach_other(langs)
    if all(lang == OTHER for lang in resolved):
        return [_document(doc_id, _fallback_language(numbered, source), numbered, source)]
    present = [lang for lang in LANGUAGES if lang in resolved]
    if len(present) == 1:
        return [_document(doc_id, present[0], numbered, source)]
    return [
        _document(
            f"{doc_id}.{lang}",
            lang,
            [item for item, got in zip(numbered, resolved, strict=True) if got == lang],
            source,
        )
        for lang in present
    ]


def attach_other(langs: Sequence[str]) -> list[str]:
    """Give each "other" paragraph the language of the paragraph before it (or, at the start,
    of the first one after it)."""
    resolved = list(langs)
    current = next((lang for lang in langs if lang != OTHER), OTHER)
    for i, lang in enumerate(langs):
        if lang == OTHER:
            resolved[i] = current
        else:
            current = lang
    return resolved


# A presegmented file with at least this share of its lines in each language (and two lines)
# is split by language like any other file: taken as one language, the lines in the other
# would be aligned as if they were in it. Below it, the odd line (a quoted English title, a
# Japanese menu item) stays in the document of the majority language.
BILINGUAL_SHARE = 0.25


def is_bilingual(langs: Sequence[str]) -> bool:
    ja, en = langs.count(JA), langs.count(EN)
    return min(ja, en) >= max(2, BILINGUAL_SHARE * (ja + en))


def majority_language(numbered: Sequence[tuple[int, str]], langs: Sequence[str], source: str) -> str:
    """The language most lines are in; ties go to the language with more letters."""
    counts = {lang: langs.count(lang) for lang in LANGUAGES}
    if counts[JA] == counts[EN] == 0:
        return _fallback_language(numbered, source)
    if counts[JA] != counts[EN]:
        return JA if counts[JA] > counts[EN] else EN
    ja_letters = sum(c.kana + c.kanji for c in (count_scripts(line) for _, line in numbered))
    en_letters = sum(count_scripts(line).latin for _, line in numbered)
    return JA if ja_letters >= en_letters else EN


def _fallback_language(numbered: Sequence[tuple[int, str]], source: str) -> str:
    # Kanji without kana is Japanese to this toolkit; anything else needs an explicit language.
    if any(count_scripts(line).kanji for _, line in numbered):
        return JA
    raise InputError(source, "no Japanese or English text found (set the language explicitly)")


def _document(doc_id: str, lang: str, numbered: Sequence[tuple[int, str]], source: str) -> Document:
    return Document(
        id=doc_id,
        lang=lang,
        paragraphs=tuple(line for _, line in numbered),
        source=source,
        line_numbers=tuple(number for number, _ in numbered),
    )
