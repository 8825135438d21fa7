"""Language-independent anchors: numbers, dates and Latin-script names as canonical keys.

The same fact written in Japanese and in English yields the same key, so a pair of sentences
can be checked without any translation:

    num:10000        1万人 / 10,000 / ten thousand; 1.5億 / 150 million; 3千 / 3,000; 二十四 / 24
    pct:50           50% / 50パーセント / 5割 / 50 percent
    date:2024-06-19  2024年6月19日 / 2024/6/19 / June 19, 2024 / 19 June 2024
    md:06-19         6月19日 / June 19 / 19th of June (every full date also yields md, year, month, day)
    year:2024        2024年 / 令和6年 / in 2024 (a bare 4-digit number from 1800 to 2100)
    month:6          6月 / June (a lone "May" only after in/since/until/by/...)
    day:19           19日 / the 19th / June 19
    lat:kcna         acronym-like Latin tokens: KCNA, ICBM, NATO, G7, iPhone (not plain words:
                     Japanese rarely keeps them and English has them everywhere)

Bare quantities 0..12 are skipped: they are too common to be evidence ("two countries", 一部,
"one of") and English spells them out. They still count inside dates, months and days,
percentages and multiplied amounts (3千 = num:3000). Weekdays are skipped too: English news
says "Tuesday" where Japanese says 19日. Times of day are recognised only to be dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NamedTuple

WEAK_NUMBER_MAX = 12
YEAR_RANGE = (1800, 2100)

# ---------------------------------------------------------------------------------------------
# Shared helpers.

Handler = Callable[[re.Match[str]], Iterable[str] | None]


def _consume(text: str, pattern: re.Pattern[str], handler: Handler, keys: set[str]) -> str:
    """Add the keys of every match and blank the match out, so a number yields one key only;
    a handler returning None declines the match and leaves the text alone."""

    def replace(match: re.Match[str]) -> str:
        found = handler(match)
        if found is None:
            return match.group()
        keys.update(found)
        return " "

    return pattern.sub(replace, text)


def number_key(value: Decimal) -> str | None:
    """The "num:<value>" key in canonical form, or None for a weak bare number (0..12)."""
    if value == value.to_integral_value():
        if 0 <= value <= WEAK_NUMBER_MAX:
            return None
        return f"num:{int(value)}"
    return f"num:{format(value.normalize(), 'f')}"


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def date_keys(year: int | None, month: int | None, day: int | None) -> list[str]:
    """Keys of a (possibly partial) date; empty if a part is out of range."""
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return []
    keys = []
    if year is not None:
        keys.append(f"year:{year}")
    if month is not None:
        keys.append(f"month:{month}")
    if day is not None:
        keys.append(f"day:{day}")
    if month is not None and day is not None:
        keys.append(f"md:{month:02d}-{day:02d}")
        if year is not None:
            keys.append(f"date:{year:04d}-{month:02d}-{day:02d}")
    return keys


def _bare_number(match_text: str) -> list[str]:
    """A number without a unit: a year if it looks like one (no comma, 1800..2100)."""
    value = _decimal(match_text)
    if "," not in match_text and "." not in match_text and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return [f"year:{int(value)}"]
    key = number_key(value)
    return [key] if key else []


_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-&][A-Za-z0-9]+)*")
# Acronyms that the Japanese side writes in kanji (米国, 英国, 国連) or that only name time zones.
_LATIN_SKIP = frozenset({"us", "usa", "uk", "un", "am", "pm", "gmt", "utc", "jst", "est", "edt", "pst", "pdt", "bst"})


def _latin_key(token: str, *, caps_are_acronyms: bool = True) -> str | None:
    """The "lat:" key of an acronym-like token (KCNA, G7, F-16, COVID-19, iPhone), else None.
    In an all-capitals headline, plain capital words are not taken for acronyms."""
    letters = [c for c in token if c.isalpha()]
    all_caps = len(letters) >= 1 and all(c.isupper() for c in letters)
    has_digit = any(c.isdigit() for c in token)
    mixed_case = any(c.isupper() for c in token[1:]) and any(c.islower() for c in token)
    acronym_like = (all_caps and (has_digit or (caps_are_acronyms and 2 <= len(letters) <= 6))) or mixed_case
    key = re.sub(r"[-&]", "", token.lower())
    if not acronym_like or key in _LATIN_SKIP or len(key) > 15:
        return None
    return f"lat:{key}"


def _latin_keys(token: str, *, caps_are_acronyms: bool = True) -> list[str] | None:
    # F-16, COVID-19 and AT&T are one name; Moscow-Pyongyang and DPRK-Russia are two words
    one_name = re.search(r"[\d&]", token) or re.match(r"[A-Za-z]-", token)
    parts = [token] if one_name else token.split("-")
    keys = [key for part in parts if (key := _latin_key(part, caps_are_acronyms=caps_are_acronyms))]
    return keys or None


def _latin(match: re.Match[str]) -> list[str] | None:
    return _latin_keys(match.group())


def _latin_in_headline(match: re.Match[str]) -> list[str] | None:
    return _latin_keys(match.group(), caps_are_acronyms=False)


# URLs, handles and hashtags carry ids and words that are not facts of the sentence.
_URL = re.compile(r"https?://\S+|www\.\S+|[@#]\w+")
# A wire-story dateline ("SEOUL, Dec. 19 (Yonhap) --"): its capitals are a place, not an acronym.
_DATELINE = re.compile(r"^\s*[A-Z]{2,}(?:[ -][A-Z]{2,})*,")


def _ymd(match: re.Match[str]) -> list[str]:
    return date_keys(int(match["y"]), int(match["m"]), int(match["d"]))


_ISO_DATE = re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


# ---------------------------------------------------------------------------------------------
# Japanese.

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


def parse_ja_number(text: str) -> Decimal:
    """Value of a Japanese number in digits and/or kanji: 1万 -> 10000, 1億5000万 ->
    150000000, 1.5億 -> 150000000, 二十四 -> 24, 三千万 -> 30000000, 二〇二四 -> 2024."""
    total = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    for part in re.findall(r"\d+(?:\.\d+)?|.", text):
        if part in _KANJI_DIGITS:
            current = (current or 0) * 10 + _KANJI_DIGITS[part]
        elif part in _SMALL_UNITS:
            section += (current if current is not None else 1) * _SMALL_UNITS[part]
            current = None
        elif part in _BIG_UNITS:
            section += current or 0
            total += (section or 1) * _BIG_UNITS[part]
            section, current = Decimal(0), None
        else:
            current = Decimal(part)
    return total + section + (current or 0)


_KANJI_NUM = "〇零一二三四五六七八九十百千万億兆"
_JA_COUNTERS = "人名年月日回国件歳発機隻台倍カか箇ヶ週時周%パ割キメトド円個本枚隊"
# Kanji numerals are rewritten as digits only where they are plainly numbers: before a counter
# and either multi-character or built with 十/百/千/万 (so 一方, 統一, 一日も早く stay words).
_KANJI_RUN = re.compile(rf"(?<![\d.])[〇零一二三四五六七八九十百千][{_KANJI_NUM}]*(?=[{_JA_COUNTERS}])")
_KANJI_DATE = re.compile(r"([〇一二三四五六七八九十]{1,3})月([〇一二三四五六七八九十]{1,3})日")
_KANJI_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_ERA_YEAR = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})年")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

_JA_YMD = re.compile(r"(?<!\d)(?P<y>\d{4})\s?年\s?(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?日")
_JA_YM = re.compile(r"(?<!\d)(?P<y>\d{4})\s?年\s?(?P<m>\d{1,2})\s?月(?!間)")
_JA_MD = re.compile(r"(?<![\d.])(?P<m>\d{1,2})\s?月\s?(?P<d>\d{1,2})\s?日(?!間)")
_JA_YEAR = re.compile(r"(?<![\d.])(?P<y>\d{4})年(?!間|ぶり|振り|余|近く|以上|以内|超)")
_JA_MONTH = re.compile(r"(?<![\d.])(?P<m>\d{1,2})月(?!間)")
_JA_DAY = re.compile(r"(?<![\d.])(?P<d>\d{1,2})日(?!間)")
_JA_TIME = re.compile(r"(?<![\d.])\d{1,2}時(?:\d{1,2}分)?(?!間)")
_JA_PERCENT = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*(?:%|パーセント)")
_JA_WARI = re.compile(r"(?<![\d.])(?P<n>\d{1,2})割")
_JA_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:[兆億万千百](?:\d+(?:\.\d+)?)?)*(?:[兆億万千百])?")


def _kanji_to_digits(text: str) -> str:
    def run(match: re.Match[str]) -> str:
        token = match.group()
        if len(token) == 1 and token not in _SMALL_UNITS:
            return token
        return str(parse_ja_number(token))

    text = _KANJI_YEAR.sub(lambda m: "".join(str(_KANJI_DIGITS[c]) for c in m[1]) + "年", text)
    text = _KANJI_DATE.sub(lambda m: f"{parse_ja_number(m[1])}月{parse_ja_number(m[2])}日", text)
    return _KANJI_RUN.sub(run, text)


def _era(match: re.Match[str]) -> str:
    offset = 1 if match[2] == "元" else int(match[2])
    return f"{_ERAS[match[1]] + offset}年"


def _ja_number(match: re.Match[str]) -> list[str]:
    # Japanese writes years with 年 or in dates (both matched earlier), so a bare number here
    # is a quantity: 2000人 is num:2000, as is the English "2,000 people".
    key = number_key(parse_ja_number(match.group()))
    return [key] if key else []


def _pct(value: Decimal) -> list[str]:
    return [f"pct:{format(value.normalize(), 'f')}"]


def anchors_ja(text: str) -> frozenset[str]:
    """Anchor keys of a Japanese sentence (see the module docstring for the key forms)."""
    keys: set[str] = set()
    text = _URL.sub(" ", unicodedata.normalize("NFKC", text))
    text = _consume(text, _LATIN, _latin, keys)
    text = _DIGIT_COMMA.sub("", text)
    text = _ERA_YEAR.sub(_era, text)
    text = _kanji_to_digits(text)
    text = _consume(text, _ISO_DATE, _ymd, keys)
    text = _consume(text, _TIME, lambda m: (), keys)
    text = _consume(text, _JA_YMD, _ymd, keys)
    text = _consume(text, _JA_YM, lambda m: date_keys(int(m["y"]), int(m["m"]), None), keys)
    text = _consume(text, _JA_MD, lambda m: date_keys(None, int(m["m"]), int(m["d"])), keys)
    text = _consume(text, _JA_YEAR, lambda m: _bare_number(m["y"]), keys)
    text = _consume(text, _JA_MONTH, lambda m: date_keys(None, int(m["m"]), None), keys)
    text = _consume(text, _JA_DAY, lambda m: date_keys(None, None, int(m["d"])), keys)
    text = _consume(text, _JA_TIME, lambda m: (), keys)
    text = _consume(text, _JA_PERCENT, lambda m: _pct(Decimal(m["n"])), keys)
    text = _consume(text, _JA_WARI, lambda m: _pct(Decimal(m["n"]) * 10) if 1 <= int(m["n"]) <= 10 else (), keys)
    _consume(text, _JA_NUMBER, _ja_number, keys)
    return frozenset(keys)


# ---------------------------------------------------------------------------------------------
# English.

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_FULL_MONTH = r"(?P<mon>" + "|".join(n for n in _MONTHS if len(n) > 3 and n != "May") + r")\b"
_ORD = r"(?:st|nd|rd|th)?"
_DAY = r"(?P<d>\d{1,2})" + _ORD + r"\b"

_EN_MDY = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<y>\d{{4}})\b")
_EN_DMY = re.compile(rf"(?<![\d.,]){_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}})\b")
_EN_MY = re.compile(rf"\b{_MONTH},?\s+(?P<y>\d{{4}})\b")
_EN_MD = re.compile(rf"\b{_MONTH}\s+{_DAY}(?![,.]?\d)")
_EN_DM = re.compile(rf"(?<![\d.,]){_DAY}\s+(?:of\s+)?{_MONTH}")
_EN_MONTH = re.compile(rf"\b{_FULL_MONTH}")
_EN_MAY = re.compile(
    r"\b(?:in|since|until|till|by|from|of|last|next|early|late|mid|this|through|before|after)[\s-]+May\b"
)
_EN_THE_DAY = re.compile(
    r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b"
    r"(?=\s*(?:[,.;:!?)]|$|(?:at|in|on|and|when|as|to|for|with|after|before|by|but|while|that|from|until)\b))"
)
_EN_TIME = re.compile(r"(?<![\d.])\d{1,2}(?::\d{2})?\s*[ap]\.?m\b\.?", re.IGNORECASE)
_EN_PERCENT = re.compile(r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s+cent\b|pct\b)")
_MULTIPLIERS = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "bn": 10**9,
    "tn": 10**12,
}
_EN_NUMBER = re.compile(
    r"(?<![\w.])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<word>hundred|thousand|million|billion|trillion)\b|(?P<abbr>k|m|mn|bn|tn)\b)?"
    r"(?![A-Za-z\d])"  # not an ordinal (19th) or a code
)
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD_VALUES = {word: value for value, word in enumerate(_ONES)} | _TENS
_SMALL_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_ONES[1 : WEAK_NUMBER_MAX + 1]) + r")\b", re.IGNORECASE)


def numbers_as_digits(text: str) -> str:
    """The small numbers that are no anchors (one .. twelve) written as digits, for comparing
    texts: the translator writes "1, 2, 3" where the English says "One, two, three"."""
    return _SMALL_NUMBER_WORD.sub(lambda m: str(_WORD_VALUES[m[0].lower()]), text)


_EN_NUMBER_WORDS = re.compile(
    r"\b(?P<tens>" + "|".join(_TENS) + r")(?:[- ](?P<unit>" + "|".join(_ONES[1:10]) + r"))?"
    r"(?:\s+(?P<mult>hundred|thousand|million|billion|trillion))?\b"
    r"|\b(?P<ones>" + "|".join(_ONES) + r")\s+(?P<mult2>hundred|thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)


def _month(match: re.Match[str]) -> int:
    return _MONTHS[match["mon"]]


def _en_number(match: re.Match[str]) -> list[str]:
    multiplier = match["word"] or match["abbr"]
    if multiplier is None:
        return _bare_number(match["n"])
    key = number_key(_decimal(match["n"]) * _MULTIPLIERS[multiplier.lower()])
    return [key] if key else []


def _en_number_words(match: re.Match[str]) -> list[str]:
    if match["tens"]:
        value = _TENS[match["tens"].lower()] + (_WORD_VALUES[match["unit"].lower()] if match["unit"] else 0)
        multiplier = match["mult"]
    else:
        value, multiplier = _WORD_VALUES[match["ones"].lower()], match["mult2"]
    total = Decimal(value) * (_MULTIPLIERS[multiplier.lower()] if multiplier else 1)
    key = number_key(total)
    return [key] if key else []


def anchors_en(text: str) -> frozenset[str]:
    """Anchor keys of an English sentence (see the module docstring for the key forms)."""
    keys: set[str] = set()
    text = _DATELINE.sub(" ", _URL.sub(" ", unicodedata.normalize("NFKC", text)))
    text = _consume(text, _EN_TIME, lambda m: (), keys)
    text = _consume(text, _TIME, lambda m: (), keys)
    shouting = re.search(r"[a-z]", text) is None and len(re.findall(r"[A-Z]{2,}", text)) >= 3
    text = _consume(text, _LATIN, _latin_in_headline if shouting else _latin, keys)
    text = _consume(text, _ISO_DATE, _ymd, keys)
    text = _consume(text, _EN_MDY, lambda m: date_keys(int(m["y"]), _month(m), int(m["d"])), keys)
    text = _consume(text, _EN_DMY, lambda m: date_keys(int(m["y"]), _month(m), int(m["d"])), keys)
    text = _consume(text, _EN_MY, lambda m: date_keys(int(m["y"]), _month(m), None), keys)
    text = _consume(text, _EN_MD, lambda m: date_keys(None, _month(m), int(m["d"])), keys)
    text = _consume(text, _EN_DM, lambda m: date_keys(None, _month(m), int(m["d"])), keys)
    text = _consume(text, _EN_MAY, lambda m: date_keys(None, 5, None), keys)
    text = _consume(text, _EN_MONTH, lambda m: date_keys(None, _month(m), None), keys)
    text = _consume(text, _EN_THE_DAY, lambda m: date_keys(None, None, int(m["d"])), keys)
    text = _consume(text, _EN_PERCENT, lambda m: _pct(Decimal(m["n"])), keys)
    text = _consume(text, _EN_NUMBER, _en_number, keys)
    _consume(text, _EN_NUMBER_WORDS, _en_number_words, keys)
    return frozenset(keys)


# ---------------------------------------------------------------------------------------------
# Comparison.


class AnchorMatch(NamedTuple):
    """Agreement of two anchor sets. ``total == 0`` means neither side has anchors: no
    evidence either way, which callers should not read as a mismatch (similarity is then 0.0)."""

    similarity: float  # Dice coefficient in [0, 1]
    shared: int  # anchors on both sides
    total: int  # anchors on the two sides together, |a| + |b|

    @property
    def has_evidence(self) -> bool:
        return self.total > 0


def anchor_similarity(a: frozenset[str], b: frozenset[str]) -> AnchorMatch:
    """Dice coefficient of two anchor sets, with the counts that tell "no anchors" (total 0)
    from "anchors that disagree" (total > 0, similarity 0.0)."""
    shared = len(a & b)
    total = len(a) + len(b)
    return AnchorMatch(2 * shared / total if total else 0.0, shared, total)
