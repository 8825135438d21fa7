"""Unicode normalization shared by training data preparation and translation."""

from __future__ import annotations

import unicodedata

import pytest

from jaen_align.text.normalize import join_japanese_words, normalize_text


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("２０２４年ＡＢＣ", "2024年ABC"),  # full-width digits and Latin to half-width
        ("ｶﾞｲﾄﾞ", "ガイド"),  # half-width kana to full-width, voiced marks composed
        ("｢テスト｣と「テスト」『本』", "「テスト」と「テスト」『本』"),
        ("a\x0cb\x00c", "abc"),  # control characters dropped
        ("10時\uff5e12時", "10時〜12時"),  # Windows' wave dash in Japanese
        ("version 2.0 \uff5e", "version 2.0 ~"),  # a tilde in English
        ("a\ufffeb\uffffc\ufdd0d\U0010fffee", "abcde"),  # noncharacters dropped
        ("a\ud800b", "ab"),  # a lone surrogate (surrogateescape) dropped
        ("  東京\u3000 に\t行く  ", "東京 に 行く"),  # whitespace collapsed within a line
    ],
)
def test_normalize_text(raw: str, normalized: str) -> None:
    assert normalize_text(raw) == normalized


def test_decomposed_input_normalizes_like_composed_input() -> None:
    text = "ロシアのプーチン大統領は19日、会談した。"
    assert unicodedata.normalize("NFD", text) != text
    assert normalize_text(unicodedata.normalize("NFD", text)) == text


def test_join_japanese_words_keeps_spaces_between_latin_words() -> None:
    assert join_japanese_words("トロント 大学 へ ようこそ 。") == "トロント大学へようこそ。"
    assert join_japanese_words("New York の 大学") == "New York の大学"  # only between Japanese characters
