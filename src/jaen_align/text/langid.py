"""Language of a line of text from the scripts it is written in: "ja", "en" or "other".

Kana is the decisive mark of Japanese: kanji alone is shared with Chinese, so a line of
kanji without any kana (``"関連記事"``, ``"2025年11月16日"``) is "other" and the reader
attaches it to the document of the surrounding language.
"""

from __future__ import annotations

from dataclasses import dataclass

JA = "ja"
EN = "en"
OTHER = "other"

# Share of letters that must be Japanese script (kana + kanji) for a line with kana to be "ja".
JA_MIN_SHARE = 0.3
# Share of letters that must be Latin for a line to be "en" (and at least two Latin letters).
EN_MIN_SHARE = 0.5


@dataclass(frozen=True)
class ScriptCounts:
    kana: int = 0
    kanji: int = 0
    latin: int = 0
    other: int = 0  # letters of any other script: Hangul, Cyrillic, Arabic, ...

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
    kana = kanji = latin = other = 0
    for ch in text:
        if _is_kana(ch):
            kana += 1
        elif _is_kanji(ch):
            kanji += 1
        elif _is_latin(ch):
            latin += 1
        elif ch.isalpha():
            other += 1
    return ScriptCounts(kana, kanji, latin, other)


def detect_language(text: str) -> str:
    """ "ja" for a line with kana whose letters are at least 30 % Japanese script; "en" for a line
    whose letters are mostly (>= 50 %) Latin with little Japanese script; otherwise "other"
    (digits and punctuation only, kanji without kana, other scripts)."""
    counts = count_scripts(text)
    if counts.letters == 0:
        return OTHER
    ja_share = (counts.kana + counts.kanji) / counts.letters
    if counts.kana and ja_share >= JA_MIN_SHARE:
        return JA
    if counts.latin >= 2 and counts.latin / counts.letters >= EN_MIN_SHARE and ja_share < JA_MIN_SHARE:
        return EN
    return OTHER
