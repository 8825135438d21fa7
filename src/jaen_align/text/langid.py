"""Language of a line of text from the scripts it is written in: "ja", "en" or "other".

Kana is the decisive mark of Japanese. Kanji alone is shared with Chinese, but this tool reads
Japanese and English only, so a line of kanji without kana (a headline such as
``"石破首相、衆院解散表明 来月総選挙"``, ``"関連記事"``) counts as Japanese too: taken as "other", it
went with the line before it, which on a Japanese page under an English menu is English. A line
with kana and Japanese punctuation (。、「」) is Japanese however much Latin it holds
(``"CEOのSam AltmanはAGIについて語った。"``), and so is one whose hiragana particles tie its
Latin words together (``"Apple、iPhone 16 Pro MaxをApp Storeで発表"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JA = "ja"
EN = "en"
OTHER = "other"

# Share of letters that must be Japanese script (kana + kanji) for a line with kana to be "ja".
JA_MIN_SHARE = 0.3
# A line with hiragana and Japanese punctuation is "ja" from this share on (Latin-heavy tech news).
JA_PUNCTUATED_MIN_SHARE = 0.1
_JA_PUNCTUATION = frozenset("。、「」『』")
# one or two hiragana between words: a particle (MaxをApp Storeで発表), not a quoted word (かわいい)
_PARTICLE = re.compile(
    r"(?<=[A-Za-z0-9\u30a1-\u30ff\u3400-\u9fff])[\u3041-\u309f]{1,2}(?=[A-Za-z0-9\u30a1-\u30ff\u3400-\u9fff ])"
)
# Share of letters that must be kanji for a line of kanji without kana to be "ja": a headline
# or a label; a sentence of kanji alone, with Chinese commas or ending in 。, is Chinese ("other").
KANJI_MIN_SHARE = 0.5
_CHINESE_SENTENCE = re.compile(r"[，,]|。\s*$")
# Share of letters that must be Latin for a line to be "en" (and at least two Latin letters).
EN_MIN_SHARE = 0.5


@dataclass(frozen=True)
class ScriptCounts:
    kana: int = 0
    kanji: int = 0
    latin: int = 0
    other: int = 0  # letters of any other script: Hangul, Cyrillic, Arabic, ...
    hiragana: int = 0  # of the kana: the particles and endings that only Japanese sentences have

    @property
    def letters(self) -> int:
        return self.kana + self.kanji + self.latin + self.other


def _is_kana(ch: str) -> bool:
    # Hiragana, katakana (with the prolonged sound mark ー), katakana extensions, half-width katakana.
    return ("\u3041" <= ch <= "\u30ff" and ch != "\u30fb") or "\u31f0" <= ch <= "\u31ff" or "\uff66" <= ch <= "\uff9d"


def _is_kanji(ch: str) -> bool:
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003134f"
        or ch in "々〆〇"
    )


def _is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("\u00c0" <= ch <= "\u024f" and ch.isalpha())


def count_scripts(text: str) -> ScriptCounts:
    """How many letters of each script ``text`` holds; digits, punctuation and spaces are not counted."""
    kana = kanji = latin = other = hiragana = 0
    for ch in text:
        if _is_kana(ch):
            kana += 1
            hiragana += "\u3041" <= ch <= "\u309f"
        elif _is_kanji(ch):
            kanji += 1
        elif _is_latin(ch):
            latin += 1
        elif ch.isalpha():
            other += 1
    return ScriptCounts(kana, kanji, latin, other, hiragana)


def detect_language(text: str) -> str:
    """ "ja" for a line with kana whose letters are at least 30 % Japanese script (10 % when it
    has hiragana and Japanese punctuation, or two particles between words), or for a line of kanji without kana
    or other scripts; "en" for a line whose letters are mostly (>= 50 %) Latin with little
    Japanese script; otherwise "other" (digits and punctuation only, other scripts)."""
    counts = count_scripts(text)
    if counts.letters == 0:
        return OTHER
    ja_share = (counts.kana + counts.kanji) / counts.letters
    if counts.kana and ja_share >= JA_MIN_SHARE:
        return JA
    tied = len(_PARTICLE.findall(text)) >= 2 or (counts.hiragana and not _JA_PUNCTUATION.isdisjoint(text))
    if tied and ja_share >= JA_PUNCTUATED_MIN_SHARE:
        return JA
    if (
        counts.kanji >= 2
        and not counts.kana
        and not counts.other
        and counts.kanji / counts.letters >= KANJI_MIN_SHARE
        and not _CHINESE_SENTENCE.search(text)
    ):
        return JA
    if counts.latin >= 2 and counts.latin / counts.letters >= EN_MIN_SHARE and ja_share < JA_MIN_SHARE:
        return EN
    return OTHER
