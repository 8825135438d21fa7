"""Sentence splitting for Japanese and English.

Both splitters only choose cut points in the input: every sentence is a slice of the text,
stripped of the whitespace around it, so joining the sentences gives back the input minus
the whitespace between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

JA_TERMINATORS = "。!?！？"
JA_OPENERS = "「『（(【〔［"
JA_CLOSERS = "」』）)】〕］"
_JA_PAIRS = dict(zip(JA_CLOSERS, JA_OPENERS, strict=True))
# Closing marks that belong to the sentence before them when they follow its terminator.
_TRAILING_CLOSERS = "」』）)】〕］]\"'”’"

EN_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "mt", "ft", "jr", "sr",
        "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "maj", "adm", "cmdr", "pres", "rev", "hon",
        "inc", "corp", "co", "ltd", "bros", "dept", "vs", "approx", "est", "fig",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
# abbreviations that stand before a number only ("no" is also a word that ends sentences)
_BEFORE_A_NUMBER = frozenset({"no", "nos", "p", "pp", "vol", "vols", "art", "arts", "ch", "sec", "para", "nr"})
_EN_TERMINATOR_RUN = re.compile(r"[.!?]+[\"'”’)\]]*")
_DOTTED_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g, a.m, D.C
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u3000]*\n")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of ``text``: stripped, non-empty, in order. ``lang`` is "ja" (split after
    。！？!? outside brackets, and at every line end) or anything else for English rules
    (split after . ! ? followed by a space and a capital, digit or quote; at blank lines)."""
    return _slice(text, _ja_cuts(text) if lang == "ja" else _en_cuts(text))


def _slice(text: str, cuts: list[int]) -> list[str]:
    pieces = []
    start = 0
    for cut in [*sorted(set(cuts)), len(text)]:
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _line_spans(text: str, breaks: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    start = 0
    for match in breaks.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


# --- Japanese ---------------------------------------------------------------------------


def _ja_cuts(text: str) -> list[int]:
    cuts = []
    for start, end in _line_spans(text, _LINE_BREAK):
        cuts.extend(start + cut for cut in _ja_line_cuts(text[start:end]))
        cuts.append(end)
    return cuts


def bracket_depths(line: str) -> list[int]:
    """How many matched bracket pairs enclose each character of ``line`` (a bracket itself is
    outside its own pair). Unmatched brackets are ignored, so an unclosed 「 cannot hide the
    sentence ends after it."""
    stack: list[tuple[str, int]] = []
    delta = [0] * (len(line) + 1)
    for i, ch in enumerate(line):
        if ch in JA_OPENERS:
            stack.append((ch, i))
        elif ch in JA_CLOSERS:
            opener = _JA_PAIRS[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    delta[stack[k][1] + 1] += 1
                    delta[i] -= 1
                    del stack[k:]  # brackets opened inside and never closed stay unmatched
                    break
    depths = []
    depth = 0
    for i in range(len(line)):
        depth += delta[i]
        depths.append(depth)
    return depths


# What follows a ? or ! that a sentence goes on from: the quotative particle ("なぜ今なのか？と疑問
# の声も上がる。", "まさか！という結果", "え？って感じ"), not a word that starts with と (とりあえず).
_QUOTATIVE = re.compile(r"(?:と(?=[\u3400-\u9fff々]|いう|いった|いい|は|の|、|も|か|して|した|する|なる|なっ)|って)")
_JA_CHAR = re.compile(r"[\u3041-\u30ff\u3400-\u9fff々〆]")


def _ja_line_cuts(line: str) -> list[int]:
    depths = bracket_depths(line)
    cuts = []
    i = 0
    while i < len(line):
        ch = line[i]
        if _ends_ja_sentence(line, i) and depths[i] == 0 and not _is_latin_exclamation(line, i):
            j = i
            while j < len(line) and (line[j] in JA_TERMINATORS or _ends_ja_sentence(line, j)):
                j += 1
            asks = line[j - 1] in "!?！？"
            while j < len(line) and line[j] in _TRAILING_CLOSERS:
                j += 1
            if asks and _QUOTATIVE.match(line, j):
                i = j
                continue
            cuts.append(j)
            i = j
            continue
        if ch in JA_CLOSERS and depths[i] == 0 and i > 0 and line[i - 1] in JA_TERMINATORS and _opens_next(line, i + 1):
            cuts.append(i + 1)  # dialogue: 「行こう。」「うん。」 are two sentences
        i += 1
    return cuts


def _ends_ja_sentence(line: str, i: int) -> bool:
    """A terminator: 。!?！？, or a single "." right after Japanese script (the full-width ．of
    academic and official text, which NFKC makes "."; never a decimal point, an abbreviation or
    an ellipsis)."""
    ch = line[i]
    if ch in JA_TERMINATORS:
        return True
    single = i + 1 == len(line) or line[i + 1] not in ".．"  # "..." is an ellipsis (NFKC of …)
    return ch in ".．" and single and i > 0 and bool(_JA_CHAR.match(line[i - 1]))


def _is_latin_exclamation(line: str, i: int) -> bool:
    """ "Yahoo!ニュース": a ! or ? glued between a Latin letter and more text is part of a name."""
    return (
        line[i] in "!?"
        and i > 0
        and line[i - 1].isascii()
        and line[i - 1].isalnum()
        and i + 1 < len(line)
        and not line[i + 1].isspace()
        and line[i + 1] not in JA_TERMINATORS + _TRAILING_CLOSERS
    )


def _opens_next(line: str, start: int) -> bool:
    rest = line[start:].lstrip()
    return bool(rest) and rest[0] in JA_OPENERS


# --- English ----------------------------------------------------------------------------


def _en_cuts(text: str) -> list[int]:
    cuts = []
    for start, end in _line_spans(text, _PARAGRAPH_BREAK):
        paragraph = text[start:end]
        for match in _EN_TERMINATOR_RUN.finditer(paragraph):
            if _en_is_boundary(paragraph, match):
                cuts.append(start + match.end())
        cuts.append(end)
    return cuts


def _en_is_boundary(text: str, match: re.Match[str]) -> bool:
    rest = text[match.end() :]
    following = rest.lstrip()
    if not following or len(following) == len(rest):
        return False  # end of text (handled by the caller) or no space after the terminator
    if not _starts_sentence(following[0]):
        return False
    if match.group().rstrip("\"'”’)]") != ".":
        return True  # ! ? and ellipses
    return not _is_abbreviation(_word_before(text, match.start()), following)


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘(["


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip("\"'“‘([")


def _is_abbreviation(word: str, following: str) -> bool:
    lowered = word.lower()
    if lowered in _BEFORE_A_NUMBER:
        return following[0].isdigit()  # "No. 1", "p. 12", "Vol. 3", but "He said no. Then ..."
    return (
        lowered in EN_ABBREVIATIONS
        or bool(_DOTTED_INITIALISM.fullmatch(word))
        or (len(word) == 1 and word.isupper())  # an initial: "J. Smith"
    )
