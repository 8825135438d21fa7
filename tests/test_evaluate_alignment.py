from __future__ import annotations

import pytest
from conftest import SHARED

from jaen_align.corpus.writers import jsonl_text
from jaen_align.errors import InputError
from jaen_align.evaluate.alignment import (
    AlignmentScores,
    detect_gold_format,
    parse_gold,
    read_pred_jsonl,
    score_alignment,
)
from jaen_align.types import AlignedPair

SAMPLE = SHARED / "align-gold" / "tatoeba-sample"


def test_tatoeba_sample_gold() -> None:
    text = (SAMPLE / "gold.pairs").read_text(encoding="utf-8")
    beads = parse_gold(text, "tatoeba")
    assert len(beads) == 12
    assert beads[0] == ((5,), (0,))  # [1]:[6]: English line 1 <-> Japanese line 6
    assert ((9, 10, 11), (11,)) in beads  # [12]:[10,11,12]
    assert detect_gold_format(text) == "tatoeba"


def test_tatoeba_sample_gold_matches_the_texts() -> None:
    ja = (SAMPLE / "ja.txt").read_text(encoding="utf-8").splitlines()
    en = (SAMPLE / "en.txt").read_text(encoding="utf-8").splitlines()
    beads = dict((en_ids, ja_ids) for ja_ids, en_ids in parse_gold((SAMPLE / "gold.pairs").read_text(), "tatoeba"))
    assert en[0].startswith("We can not learn Japanese") and [ja[i] for i in beads[(0,)]] == [
        "漢字を学ばないで日本語の勉強はできない。"
    ]
    assert en[11].startswith("Only two things are infinite")
    assert "".join(ja[i] for i in beads[(11,)]).startswith("果てがないものは二つだけある。宇宙と")
    assert all(0 <= i < len(ja) for ids in beads.values() for i in ids)
    assert all(0 <= i < len(en) for ids in beads for i in ids)


def test_vecalign_format() -> None:
    text = "[0]:[0, 1]:0.125\n[]:[2]\n[1,2]:[3]\n\n[3]:[]:0.000000\n"
    assert parse_gold(text, "vecalign") == [((0,), (0, 1)), ((), (2,)), ((1, 2), (3,)), ((3,), ())]
    assert detect_gold_format(text) == "vecalign"


def test_tsv_format() -> None:
    text = "# ja\ten\n0\t0,1\n\t2\n1,2\t3\n3\t\n"
    assert parse_gold(text, "tsv") == [((0,), (0, 1)), ((), (2,)), ((1, 2), (3,)), ((3,), ())]
    assert detect_gold_format(text) == "tsv"


def test_detect_needs_a_zero_for_vecalign() -> None:
    # Documented limit of the guess: without a 0 the brackets are read as 1-based tatoeba.
    assert detect_gold_format("[1]:[1]\n[2]:[2,3]\n") == "tatoeba"
    with pytest.raises(InputError, match="cannot tell the gold format"):
        detect_gold_format("0-0\n1-1\n")
    with pytest.raises(InputError, match=r"line 3: cannot tell the gold format from '\[2\]:\[13'"):
        detect_gold_format("[1]:[1]\n\n[2]:[13\n")
    with pytest.raises(InputError, match="empty"):
        detect_gold_format("\n\n")


def test_bad_gold_lines() -> None:
    with pytest.raises(InputError, match=r"gold.pairs: line 2: id 0 in a 1-based file"):
        parse_gold("[1]:[1]\n[0]:[2]\n", "tatoeba", source="gold.pairs")
    with pytest.raises(InputError, match="line 1: bad sentence ids 'a'"):
        parse_gold("a\t1\n", "tsv")
    with pytest.raises(InputError, match="expected 2 tab-separated fields"):
        parse_gold("1\t2\t3\n", "tsv")
    with pytest.raises(ValueError, match="unknown gold format"):
        parse_gold("", "bertalign")


def test_read_pred_jsonl_from_writer_output() -> None:
    pairs = [
        AlignedPair((0,), (1,), "あ", "a", 0.9, "j", "e"),
        AlignedPair((1, 2), (2,), "い", "b", 0.8, "j", "e"),
    ]
    assert read_pred_jsonl(jsonl_text(pairs)) == [((0,), (1,)), ((1, 2), (2,))]
    assert read_pred_jsonl('{"ja_ids": [], "en_ids": [4]}\n\n') == [((), (4,))]


def test_read_pred_jsonl_errors() -> None:
    with pytest.raises(InputError, match="pred.jsonl: line 1: missing key 'en_ids'"):
        read_pred_jsonl('{"ja_ids": [0]}\n', source="pred.jsonl")
    with pytest.raises(InputError, match="line 2: ids must be a list of integers"):
        read_pred_jsonl('{"ja_ids": [0], "en_ids": [0]}\n{"ja_ids": ["1"], "en_ids": [1]}\n')
    with pytest.raises(InputError, match="line 1"):
        read_pred_jsonl("not json\n")


def test_perfect_alignment() -> None:
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    scores = score_alignment(list(gold), gold)
    assert scores == AlignmentScores(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, n_pred=2, n_gold=2)


def test_strict_versus_lax() -> None:
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), ())]
    pred = [((0,), (0,)), ((1,), (1,)), ((2,), (1,)), ((3,), (3,)), ((), (2,)), ((4,), ())]
    s = score_alignment(pred, gold)
    assert (s.n_pred, s.n_gold) == (4, 3)
    assert s.strict_precision == pytest.approx(1 / 4)  # only (0)-(0) matches exactly
    assert s.strict_recall == pytest.approx(1 / 3)
    assert s.lax_precision == pytest.approx(3 / 4)  # (1)-(1) and (2)-(1) each share a link with (1,2)-(1)
    assert s.lax_recall == pytest.approx(2 / 3)  # (3)-(2) shares no link with any prediction
    assert s.strict_f1 == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))
    assert s.lax_f1 == pytest.approx(2 * (3 / 4) * (2 / 3) / (3 / 4 + 2 / 3))


def test_insertions_and_deletions_are_ignored() -> None:
    gold = [((0,), (0,)), ((1,), ())]
    pred = [((0,), (0,)), ((), (1,)), ((2,), ()), ((), ())]
    s = score_alignment(pred, gold)
    assert (s.strict_precision, s.strict_recall, s.lax_f1) == (1.0, 1.0, 1.0)


def test_order_and_duplicates_within_beads_do_not_matter() -> None:
    s = score_alignment([((2, 1), (1,)), ((1, 2), (1,))], [((1, 2), (1,))])
    assert (s.n_pred, s.strict_precision, s.strict_recall) == (1, 1.0, 1.0)


def test_empty_sides_score_zero() -> None:
    s = score_alignment([], [((0,), (0,))])
    assert (s.strict_precision, s.strict_recall, s.strict_f1, s.lax_f1) == (0.0, 0.0, 0.0, 0.0)
    assert score_alignment([], []).lax_f1 == 0.0


def test_format_table() -> None:
    table = score_alignment([((0,), (0,))], [((0,), (0,))]).format()
    assert "precision    1.000   1.000" in table
    assert "(1 predicted beads, 1 gold beads)" in table
