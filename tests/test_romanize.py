"""Katakana readings of names in Latin letters, news style."""

from __future__ import annotations

import pytest

from jaen_align.text.romanize import romanize_katakana


@pytest.mark.parametrize(
    ("reading", "latin"),
    [
        ("タナカ", "Tanaka"),
        ("キシダ", "Kishida"),
        ("サトウ", "Sato"),  # long vowels written once
        ("オオノ", "Ono"),
        ("ユウイチ", "Yuichi"),
        ("イノウエ", "Inoue"),  # not before エ
        ("オオウチ", "Ouchi"),  # not twice in a row
        ("ハットリ", "Hattori"),  # ッ doubles the consonant
        ("キョウコ", "Kyoko"),
        ("ジュンイチロウ", "Junichiro"),
        ("シゲル", "Shigeru"),
    ],
)
def test_names_read_as_english_news_writes_them(reading: str, latin: str) -> None:
    assert romanize_katakana(reading) == latin


@pytest.mark.parametrize("reading", ["", "たなか", "田中", "Tanaka"])
def test_only_katakana_is_romanized(reading: str) -> None:
    assert romanize_katakana(reading) is None
