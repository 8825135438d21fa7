"""Katakana readings in Latin letters, as English-language news writes Japanese names.

Hepburn without macrons, long vowels shortened (サトウ -> Sato, イトウ -> Ito, オオノ -> Ono,
ユウコ -> Yuko; イノウエ stays Inoue), ッ doubling the next consonant (ハットリ -> Hattori, ッチ -> tchi), ン as n.
Used for the readings MeCab gives personal names the name table lacks (岸田 -> キシダ -> Kishida).
"""

from __future__ import annotations

from jaen_align.text.scripts import ALL_KATAKANA

_YOON = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
    "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
    "リャ": "rya", "リュ": "ryu", "リョ": "ryo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
}  # fmt: skip
_SINGLE = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヰヱヲン"
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォ",
        (
            "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
            "ma mi mu me mo ya yu yo ra ri ru re ro wa i e o n "
            "ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu a i u e o"
        ).split(),
        strict=True,
    )
)


def romanize_katakana(reading: str) -> str | None:
    """``reading`` in Latin letters, capitalized; None unless it is all katakana."""
    if not reading or not ALL_KATAKANA.match(reading):
        return None
    out: list[str] = []
    double = dropped = False
    i = 0
    while i < len(reading):
        pair, char = reading[i : i + 2], reading[i]
        if char == "ッ":
            double, i = True, i + 1
            continue
        if char == "ー":
            i += 1
            continue
        if pair in _YOON:
            syllable, i = _YOON[pair], i + 2
        elif char in _SINGLE:
            syllable, i = _SINGLE[char], i + 1
        else:
            return None
        # a long vowel (ou, uu, oo) is written once, but not twice in a row (オオウチ: Ouchi)
        # and not before エ (イノウエ: Inoue)
        long_vowel = (
            out
            and not dropped
            and (
                (syllable == "u" and out[-1][-1] in "ou" and reading[i : i + 1] != "エ")
                or (syllable == "o" and out[-1][-1] == "o")
            )
        )
        dropped = bool(long_vowel)
        if long_vowel:
            continue
        if double:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        out.append(syllable)
    latin = "".join(out)
    return latin[:1].upper() + latin[1:] if latin else None
