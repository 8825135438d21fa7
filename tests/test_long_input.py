from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jaen_align.translate.long_input import fit_to_length


def test_a_sentence_that_fits_stays_whole() -> None:
    assert fit_to_length("会談は約2時間に及んだ。", len, 12) == ["会談は約2時間に及んだ。"]


def test_a_long_sentence_is_cut_after_clauses_into_the_fewest_pieces() -> None:
    sentence = "東京で会議が開かれ、大阪で式典があり、京都で祭りが続き、最後にパリで終わった。"
    # clauses of 10, 9, 9 and 11 characters
    first, second = "東京で会議が開かれ、", "大阪で式典があり、"
    third, fourth = "京都で祭りが続き、", "最後にパリで終わった。"
    assert fit_to_length(sentence, len, 20) == [first + second, third + fourth]
    assert fit_to_length(sentence, len, 19) == [first + second, third, fourth]


def test_a_clause_longer_than_the_limit_is_cut_evenly() -> None:
    clause = "あ" * 25
    assert fit_to_length(clause, len, 10) == ["あ" * 9, "あ" * 9, "あ" * 7]


@given(st.text(alphabet="あい、。 ,x", max_size=200), st.integers(min_value=1, max_value=30))
def test_pieces_fit_and_rebuild_the_sentence(sentence: str, limit: int) -> None:
    pieces = fit_to_length(sentence, len, limit)
    assert "".join(pieces) == sentence
    assert all(len(p) <= limit for p in pieces)
    assert all(pieces) or pieces == [""]


def test_the_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        fit_to_length("あ", len, 0)
