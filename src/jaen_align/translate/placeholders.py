"""Numbers and names carried through translation as placeholders.

A small model neither copies digits nor transliterates rare names reliably. Before
translation, numbers and names with a known English form are replaced by ``#1``, ``#2``, ...
in order of appearance; a model trained on data protected the same way copies the
placeholders, and afterwards each is replaced by its English form (1万人 -> 10,000, プーチン ->
Putin); so are words in Latin script, which the English keeps as they are (KCNA, Python,
e-mail) and which the model, having seen few of them, spells wrong (KCNA -> "CCA").
``protect_pair`` prepares training pairs: a span is protected only where its English
form is found in the reference, so the model never learns to invent one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jaen_align.text.romanize import romanize_katakana
from jaen_align.text.scripts import HAS_KANJI
from jaen_align.text.tokenize import mecab_words

PLACEHOLDER = re.compile(r"#\s?(\d{1,2})(?!\d)")
MAX_PLACEHOLDERS = 9
_NUMBER = re.compile(r"(?<![\d.,#])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|億|兆)?(?![\d,])")
# the same beside a comma that is punctuation, not a digit group separator (NFKC makes the
# full-width ，of academic Japanese a ","): のうち,64通 and 64,そして
_NUMBER_BY_PUNCTUATION_COMMA = re.compile(r"(?<![\d.#])(?<!\d,)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|億|兆)?(?!\d|,\d)")
# A分のB: B/A. The model, which saw few fractions, turns "#1分の#2" into "1/2th"
_FRACTION = re.compile(r"(?<![\d.#])(?<!\d,)(\d+)分の(\d+)(?!\d|[,.]\d)")
_DENOMINATORS = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters"), 5: ("fifth", "fifths")}
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MULTIPLIER = {"万": Decimal(10) ** 4, "億": Decimal(10) ** 8, "兆": Decimal(10) ** 12}
_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
MAX_NAME_TOKENS = 3
# a Latin-script word with inner hyphens, dots, apostrophes, ampersands or slashes (e-mail, U.S.,
# AT&T, TCP/IP), several of them when only spaces separate them (New York Times); web and e-mail
# addresses whole
_LATIN_WORD = r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:[-.'&/][A-Za-z0-9]+)*"
_LATIN = re.compile(
    r"(?<![A-Za-z0-9#@])(?:"
    r"https?://[A-Za-z0-9\-._~:/?=&%+]*[A-Za-z0-9/=]"  # a web address, whole
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"  # an e-mail address
    rf"|(?:{_LATIN_WORD})(?: (?:{_LATIN_WORD}))*"
    r")(?![A-Za-z0-9@]|://|[-.'&/][A-Za-z0-9])"  # never a part of a word or an address
)

NameTable = Mapping[str, str]  # Japanese surface -> English form
Word = tuple[int, int, Any]  # start and end offsets in the text, and the fugashi node


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    english: tuple[str, ...]  # the preferred English form first, then variants found in references


@dataclass(frozen=True)
class Protected:
    text: str
    values: tuple[str, ...]  # the English form of #1, #2, ...


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: Decimal) -> str:
    whole, _, frac = _plain(value).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def number_forms(digits: str, fraction: str, multiplier: str) -> tuple[str, ...]:
    """English renderings of a Japanese number, the preferred one first."""
    if not multiplier:
        written = digits + fraction
        bare = written.replace(",", "")
        preferred = _grouped(Decimal(bare)) if len(bare.split(".")[0]) >= 5 else written
        return tuple(dict.fromkeys((preferred, written, bare)))
    value = Decimal(digits.replace(",", "") + fraction) * _MULTIPLIER[multiplier]
    forms = []
    for scale, word in _SCALES:
        if value >= scale and (value / scale) == (value / scale).quantize(Decimal("0.01")):
            forms.append(f"{_plain(value / scale)} {word}")
            break
    forms += [_grouped(value), _plain(value)]
    if value < _SCALES[-1][0]:
        forms.insert(0, forms.pop(forms.index(_grouped(value))))
    return tuple(dict.fromkeys(forms))


def find_numbers(text: str, *, punctuation_commas: bool = True) -> list[Span]:
    """Numbers, with their English forms; ``punctuation_commas`` False leaves a number beside any
    comma alone (as the embedded model's training data was protected)."""
    pattern = _NUMBER_BY_PUNCTUATION_COMMA if punctuation_commas else _NUMBER
    return [Span(m.start(), m.end(), number_forms(m[1], m[2] or "", m[3] or "")) for m in pattern.finditer(text)]


def fraction_english(numerator: int, denominator: int) -> str:
    """3分の1 -> "a third", 4分の3 -> "three quarters", 296分の64 -> "64 out of 296"."""
    if 0 < numerator < denominator and denominator in _DENOMINATORS:
        one, many = _DENOMINATORS[denominator]
        if numerator == 1:
            return one if denominator == 2 else f"a {one}"
        return f"{_SMALL[numerator]} {many}"
    return f"{numerator} out of {denominator}"


def find_fractions(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), (fraction_english(int(m[2]), int(m[1])),)) for m in _FRACTION.finditer(text)]


def find_latin(text: str) -> list[Span]:
    """Runs of Latin-script words, carried over as written."""
    return [Span(m.start(), m.end(), (m[0],)) for m in _LATIN.finditer(text)]


# what follows a personal name in running text: honorifics and the titles of news copy
_NAME_TITLES = frozenset(
    "さん 様 さま 氏 君 くん ちゃん 殿 先生 首相 大統領 副大統領 総理 総理大臣 大臣 外相 防衛相 財務相 "
    "官房長官 長官 知事 市長 町長 村長 区長 議員 議長 委員長 幹事長 総裁 代表 党首 社長 会長 副社長 "
    "部長 課長 係長 室長 所長 校長 学長 教授 准教授 博士 監督 選手 容疑者 被告 被告人 主席 国家主席 "
    "総書記 書記長 首席 大使 記者 弁護士 医師".split()
)


def find_names(text: str, table: NameTable, *, titled: bool = True) -> list[Span]:
    """Runs of up to three MeCab tokens, one of them a proper noun, whose text is in ``table``;
    and personal names the table lacks (kanji surnames and given names, which it leaves out
    because most are ordinary words too) where a title or honorific says they are names:
    岸田首相 -> Kishida, 田中さん -> Tanaka, from MeCab's reading (``titled``; the embedded
    model's training data was protected without it, and still is, so that its recipe reproduces)."""
    if not table:
        return []
    words: list[Word] = []
    offset = 0
    for word in mecab_words(text):
        start = text.find(word.surface, offset)
        if start < 0:
            return []
        offset = start + len(word.surface)
        words.append((start, offset, word))
    spans = []
    k = 0
    while k < len(words):
        for length in range(min(MAX_NAME_TOKENS, len(words) - k), 0, -1):
            run = words[k : k + length]
            surface = text[run[0][0] : run[-1][1]]
            if any(w.feature.pos2 == "固有名詞" for _, _, w in run) and surface in table:
                spans.append(Span(run[0][0], run[-1][1], (table[surface],)))
                k += length
                break
        else:
            person, length = _titled_person(words, k) if titled else (None, 0)
            if person is not None:
                spans.append(person)
            k += max(1, length)
    return spans


def _is_person_token(word: Any) -> bool:
    feature = word.feature
    if feature.pos2 != "固有名詞" or feature.pos3 != "人名" or not HAS_KANJI.search(word.surface):
        return False
    # one-kanji surnames are mostly Chinese and Korean ones, whose Japanese reading is not their
    # English name (金 is read キン: Kim, not "Kin"; 李 リ: Lee)
    return not (feature.pos4 == "姓" and len(word.surface) == 1)


def _titled_person(words: Sequence[Word], k: int) -> tuple[Span | None, int]:
    """A surname, a given name or both (MeCab's 人名 tokens) starting at word ``k`` right before a
    title or honorific, and its length in words; (None, 0) if there is none."""
    run: list[Word] = []
    while k + len(run) < len(words) and len(run) < 2 and _is_person_token(words[k + len(run)][2]):
        run.append(words[k + len(run)])
    if not run or k + len(run) >= len(words) or words[k + len(run)][2].surface not in _NAME_TITLES:
        return None, 0
    latin = []
    for _, _, word in run:
        # unidic gives a name its katakana reading as lemma; the kana field when it does not
        romanized = romanize_katakana(word.feature.lemma or "") or romanize_katakana(word.feature.kana or "")
        if romanized is None:
            return None, 0
        latin.append(romanized)
    return Span(run[0][0], run[-1][1], (" ".join(latin),)), len(run)


def _spans(
    text: str, table: NameTable, *, titled: bool = True, latin: bool = True, recipe_of_2026_11: bool = False
) -> list[Span]:
    """The spans to protect, left to right, none overlapping; ``titled`` and ``latin`` are off
    for training pairs, which the embedded model's recipe protected without them, and so are
    fractions and numbers after a comma (``recipe_of_2026_11``)."""
    chosen: list[Span] = []
    found = (
        find_names(text, table, titled=titled)
        + ([] if recipe_of_2026_11 else find_fractions(text))
        + find_numbers(text, punctuation_commas=not recipe_of_2026_11)
        + (find_latin(text) if latin else [])
    )
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
    return chosen[:MAX_PLACEHOLDERS]


def _replace(text: str, spans: list[Span]) -> str:
    out, last = [], 0
    for number, span in enumerate(spans, 1):
        out += [text[last : span.start], f"#{number}"]
        last = span.end
    return "".join(out) + text[last:]


def protect(text: str, table: NameTable) -> Protected:
    """``text`` with its numbers and known names replaced by placeholders."""
    if "#" in text:  # a literal '#1' would be taken for a placeholder: leave such text alone
        return Protected(text, ())
    spans = _spans(text, table)
    return Protected(_replace(text, spans), tuple(span.english[0] for span in spans))


# a bare index with the possessive or hyphen a model writes after a name ("1's", "2-")
_PLACEHOLDER_OR_BARE_INDEX = re.compile(
    PLACEHOLDER.pattern + r"|(?<![\w#.,:/])([1-9])(?!\w|[.,:/]\d)('s\b|-(?=[A-Za-z]))?"
)


_PLACEHOLDER_ORDINAL = re.compile(r"#\s?(\d{1,2})(?:st|nd|rd|th)\b")
# "three quarters", "24 years": a number, then a word in the plural
_PLURAL_AMOUNT = re.compile(r"(?:^|\s)(?:\d[\d,.]*|[a-z]+)\s+[a-z]+s$")


def restore(translation: str, values: tuple[str, ...]) -> str:
    """Placeholders back to their English forms; one the source did not have is dropped.

    A small model sometimes drops the '#' and writes a bare "1" for "#1". Every number of
    the source became a placeholder, so a standalone digit k in the output, where "#k" is
    missing, is that placeholder (once each, left to right); a standalone digit beyond the
    source's placeholders is one the model made up ("1's 2's army" for one name) and is
    dropped like an unknown "#k"."""
    if not values and "#" not in translation:
        return translation

    def unordinal(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        number = 0 <= index < len(values) and values[index][:1].isdigit()
        return match[0] if number else f"#{match[1]}"

    # "#4th" is an ordinal only when #4 is a number: after a name, or a placeholder the source
    # did not have, the suffix goes too
    translation = _PLACEHOLDER_ORDINAL.sub(unordinal, translation)
    missing = set(range(len(values))) - {int(m[1]) - 1 for m in PLACEHOLDER.finditer(translation)}

    def fill(match: re.Match[str]) -> str:
        if match[1] is not None:
            index = int(match[1]) - 1
            return values[index] if 0 <= index < len(values) else ""
        index = int(match[2]) - 1
        if index in missing:
            missing.discard(index)
            return values[index] + (match[3] or "")
        return "" if index >= len(values) else match[0]

    text = re.sub(r"\s{2,}", " ", _PLACEHOLDER_OR_BARE_INDEX.sub(fill, translation)).strip()
    if text == translation:
        return text
    # the model writes "#1's" whatever #1 is: a plural amount takes the apostrophe alone
    for value in {v for v in values if _PLURAL_AMOUNT.search(v)}:
        text = re.sub(re.escape(value) + r"'s\b", value + "'", text)
    # what a dropped placeholder leaves behind: "told ." and "4s, , , and"
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    return re.sub(r"\s+([.,;:!?])(?!\S)", r"\1", text)


def _find_english(english: str, forms: tuple[str, ...], taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    for form in forms:
        pattern = r"(?<![\w,.#])" + re.escape(form) + (r"(?![\d,]\d)" if form[-1].isdigit() else r"(?!\w)")
        for match in re.finditer(pattern, english):
            if not any(match.start() < end and start < match.end() for start, end in taken):
                return match.start(), match.end()
    return None


def protect_pair(japanese: str, english: str, table: NameTable, *, latin: bool = False) -> tuple[str, str]:
    """A training pair with the spans protected whose English form the reference contains
    (Latin words too with ``latin``: the embedded model's first five runs trained without)."""
    if "#" in japanese or "#" in english:
        return japanese, english
    kept: list[Span] = []
    found: list[tuple[int, int]] = []
    for span in _spans(japanese, table, titled=False, latin=latin, recipe_of_2026_11=True):
        where = _find_english(english, span.english, found)
        if where is not None:
            kept.append(span)
            found.append(where)
    if not kept:
        return japanese, english
    out, last = [], 0
    for (start, end), number in sorted((where, n) for n, where in enumerate(found, 1)):
        out += [english[last:start], f"#{number}"]
        last = end
    return _replace(japanese, kept), "".join(out) + english[last:]
