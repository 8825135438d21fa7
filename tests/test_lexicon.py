"""Bilingual lexicon evidence: real JMdict/JMnedict lookups through jamdict-data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jaen_align.align.lexicon import (
    Lexicon,
    english_keys,
    gloss_keys,
    overlap,
    overlap_matrix,
    stem,
    symmetric_overlap,
)
from jaen_align.text.tokenize import tokenize

SEED_003 = Path(__file__).resolve().parents[1] / "seeds" / "003_63aeed18b7f8a488.txt"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.default()


def ja_keys(lexicon: Lexicon, text: str) -> list[frozenset[str]]:
    return lexicon.english_keys_for_ja(tokenize(text))


def matches(lexicon: Lexicon, ja: str, en: str) -> bool:
    """Every Japanese content unit of ``ja`` shares a key with ``en``."""
    units = ja_keys(lexicon, ja)
    return bool(units) and overlap(units, english_keys(en)) == 1.0


def seed_lines() -> list[str]:
    return [line.strip() for line in SEED_003.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_default_is_shared(lexicon: Lexicon) -> None:
    assert Lexicon.default() is lexicon


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="JMdict"):
        Lexicon(tmp_path / "nope.db")


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("プーチン", "Putin"),
        ("平壌", "Pyongyang"),
        ("モスクワ", "Moscow"),
        ("金正恩", "Kim Jong Un"),
        ("金正恩", "North Korean leader Kim Jong-un"),
        ("北朝鮮", "North Korea"),
        ("大統領", "the president"),
        ("兵士", "soldiers"),
        ("核兵器", "nuclear weapons"),
        ("米国", "the United States"),
        ("米国", "the U.S."),
        ("KCNA", "KCNA said"),
        # interjections: dialogue turns that a small model mistranslates ("もしもし" -> "If I were")
        ("もしもし。", "Hello."),
        ("あら、こんにちは。", "Oh, hello there."),
        ("ありがとうございます。", "Thank you."),
    ],
)
def test_names_and_words_meet_their_english(lexicon: Lexicon, ja: str, en: str) -> None:
    assert matches(lexicon, ja, en)


def test_single_lookups_give_the_expected_keys(lexicon: Lexicon) -> None:
    assert "putin" in ja_keys(lexicon, "プーチン")[0]
    assert "pyongyang" in ja_keys(lexicon, "平壌")[0]
    assert "north korea" in ja_keys(lexicon, "北朝鮮")[0]
    assert "conferenc" in ja_keys(lexicon, "会談")[0]


def test_multi_token_name_is_one_unit(lexicon: Lexicon) -> None:
    # MeCab splits 金正恩 into 金正 (lemma カネマサ) + 恩; the longest match keeps the name whole
    assert len(tokenize("金正恩")) > 1
    (unit,) = ja_keys(lexicon, "金正恩")
    assert "kim jong un" in unit
    assert "kanemasa" not in unit


def test_unknown_compound_falls_back_to_its_parts(lexicon: Lexicon) -> None:
    units = ja_keys(lexicon, "朝鮮労働党")
    assert len(units) == 2
    keys = english_keys("the Workers' Party of Korea")
    assert overlap(units, keys) == 1.0


def test_kana_words_are_not_read_as_their_kanji_homophones(lexicon: Lexicon) -> None:
    (hai,) = ja_keys(lexicon, "はい。")
    assert "okay" in hai
    assert not hai & {"lung", "ash"}  # 肺 and 灰 are read はい too
    (sumimasen,) = ja_keys(lexicon, "すみません。")  # 済む, written すみ
    assert "finish" in sumimasen
    assert not sumimasen & {"charcoal", "corner", "squid ink"}  # 炭, 隅, 墨


def test_function_words_and_numbers_carry_no_units(lexicon: Lexicon) -> None:
    assert ja_keys(lexicon, "のはがをにとで") == []
    assert ja_keys(lexicon, "ございます") == []  # the polite copula, not a word of content
    assert ja_keys(lexicon, "1万") == []
    assert ja_keys(lexicon, "している") == []
    assert lexicon.english_keys_for_ja(()) == []


def test_english_keys_normalize_both_sides_alike() -> None:
    keys = english_keys("North Korea's troops have accused the U.S. of sending soldiers")
    assert {"north korea", "troop", "accus", "send", "soldier", "US"} <= keys
    assert "the" not in keys and "of" not in keys and "us" not in keys
    assert english_keys("Kim Jong-un") & english_keys("Kim Jong Un") >= {"kim jong un"}
    assert stem("accused") == stem("accuse") == stem("accusing")
    assert stem("countries") == stem("country")
    assert stem("Korean".lower()) == stem("korea")


def test_gloss_keys() -> None:
    assert gloss_keys("Kim Jong-un (1983.1.8-)", person=True) == {"kim jong un", "kim"}
    assert "america" in gloss_keys("(United States of) America")
    assert gloss_keys("to do") == frozenset()
    assert gloss_keys("USA") == {"USA", "usa"}
    # a long gloss is an explanation, not a translation
    assert gloss_keys("temporary worker sent by an agency to a client company") == frozenset()


SEED_JA = (
    "一方、韓国と米国は、北朝鮮がウクライナ紛争でロシア軍を支援するために1万人以上の兵士を派遣したと非難している。"
)
SEED_EN = (
    "The United States and South Korea have accused the nuclear-armed North of sending more than 10,000 soldiers "
    "to help Russia fight Ukraine, with experts saying Kim was eager to gain advanced technology, and battle "
    "experience for his troops, in return."
)
SEED_UNRELATED = "Putin hailed the deal in June as a breakthrough document."


def test_seed_sentence_prefers_its_true_counterpart(lexicon: Lexicon) -> None:
    lines = seed_lines()
    assert any(SEED_JA in line for line in lines)
    assert SEED_EN in lines and SEED_UNRELATED in lines
    units = ja_keys(lexicon, SEED_JA)
    true_score = overlap(units, english_keys(SEED_EN))
    assert true_score > 0.4
    assert true_score > overlap(units, english_keys(SEED_UNRELATED))
    assert symmetric_overlap(units, english_keys(SEED_EN)) > symmetric_overlap(units, english_keys(SEED_UNRELATED))


@pytest.mark.parametrize(
    ("ja", "en_start"),
    [
        ("またKCNAは、ロシア軍事アカデミーの代表団も平壌に到着したと伝えた。", "A delegation from a Russian military"),
        (
            "西側諸国はまた、北朝鮮による派兵の見返りに、ロシアが北朝鮮の核兵器開発計画を進展させる技術支援を提供して"
            "いるのではないかと懸念している。",
            "In exchange for North Korea's sending troops",
        ),
    ],
)
def test_seed_sentence_ranks_its_translation_first(lexicon: Lexicon, ja: str, en_start: str) -> None:
    english = [line for line in seed_lines() if line.isascii() and len(line) > 40]
    units = ja_keys(lexicon, ja)
    best = max(english, key=lambda en: overlap(units, english_keys(en)))
    assert best.startswith(en_start)


def test_overlap_bounds_and_empty_inputs() -> None:
    units = [frozenset({"putin"}), frozenset({"moscow"})]
    assert overlap(units, english_keys("Putin flew to Moscow")) == 1.0
    assert overlap(units, english_keys("Putin stayed home")) == 0.5
    assert overlap([], english_keys("Putin")) == 0.0
    assert overlap(units, frozenset()) == 0.0
    assert 0.0 < symmetric_overlap(units, english_keys("Putin flew to Moscow on a plane")) < 1.0
    assert symmetric_overlap([], frozenset()) == 0.0


def test_overlap_matrix_agrees_with_overlap(lexicon: Lexicon) -> None:
    ja = [SEED_JA, "プーチン大統領はモスクワで会談した。", "のは", "またKCNAは伝えた。"]
    en = [SEED_EN, SEED_UNRELATED, "KCNA said Putin met Kim in Moscow.", ""]
    ja_units = [ja_keys(lexicon, text) for text in ja]
    en_keys = [english_keys(text) for text in en]
    matrix = overlap_matrix(ja_units, en_keys)
    expected = np.array([[overlap(u, k) for k in en_keys] for u in ja_units], dtype=np.float32)
    assert matrix.shape == (4, 4)
    np.testing.assert_allclose(matrix, expected, rtol=1e-6)
    assert overlap_matrix([], en_keys).shape == (0, 4)
