from __future__ import annotations

import pytest
from conftest import SHARED

from jaen_align.evaluate.mt import (
    MetricResult,
    check_thresholds,
    compare_systems,
    score_corpus,
    worse_than_baseline,
)

DEV_EN = SHARED / "coursera" / "dev.en"


@pytest.fixture(scope="module")
def refs() -> list[str]:
    return DEV_EN.read_text(encoding="utf-8").splitlines()[:8]


def by_name(results: list[MetricResult]) -> dict[str, MetricResult]:
    return {r.name: r for r in results}


def test_perfect_hypotheses(refs: list[str]) -> None:
    results = by_name(score_corpus(list(refs), refs))
    assert list(results) == ["bleu", "chrf", "ter"]
    assert results["bleu"].score == pytest.approx(100.0)
    assert results["chrf"].score == pytest.approx(100.0)
    assert results["ter"].score == pytest.approx(0.0)
    assert results["bleu"].text.startswith("BLEU = 100.00 ")
    assert results["chrf"].text == "chrF2 = 100.00"
    assert results["ter"].text == "TER = 0.00"


def test_signatures(refs: list[str]) -> None:
    results = by_name(score_corpus(list(refs), refs))
    for result in results.values():
        assert "nrefs:1" in result.signature
        assert "version:" in result.signature
    assert "tok:13a" in results["bleu"].signature
    assert "nc:6" in results["chrf"].signature
    assert "tok:tercom" in results["ter"].signature


def test_imperfect_hypotheses_and_metric_order(refs: list[str]) -> None:
    hyps = [" ".join(reversed(line.split())) for line in refs]
    results = score_corpus(hyps, refs, metrics=("ter", "BLEU"))
    assert [r.name for r in results] == ["ter", "bleu"]
    ter, bleu = results
    assert 0 < bleu.score < 100
    assert ter.score > 0


def test_unknown_metric_lists_valid_ones(refs: list[str]) -> None:
    with pytest.raises(ValueError, match=r"'meteor'.*bleu, chrf, ter"):
        score_corpus(refs, refs, metrics=("bleu", "meteor"))


def test_line_counts_must_match(refs: list[str]) -> None:
    with pytest.raises(ValueError, match="7 hypotheses but 8 references"):
        score_corpus(refs[:-1], refs)
    with pytest.raises(ValueError, match="nothing to score"):
        score_corpus([], [])


def result(name: str, score: float) -> MetricResult:
    return MetricResult(name=name, score=score, signature="nrefs:1", text=f"{name} = {score}")


def test_thresholds_pass() -> None:
    results = [result("bleu", 25.0), result("chrf", 50.0), result("ter", 60.0)]
    assert check_thresholds(results, min_bleu=25.0, min_chrf=49.9, max_ter=60.0) == []
    assert check_thresholds(results, min_bleu=None, min_chrf=None) == []


def test_thresholds_fail() -> None:
    results = [result("bleu", 24.99), result("chrf", 50.0), result("ter", 60.5)]
    failures = check_thresholds(results, min_bleu=25.0, min_chrf=51.0, max_ter=60.0)
    assert failures == [
        "BLEU 24.99 is below the minimum 25",
        "chrF 50.00 is below the minimum 51",
        "TER 60.50 is above the maximum 60",
    ]


def test_threshold_on_missing_metric_fails() -> None:
    assert check_thresholds([result("bleu", 30.0)], min_bleu=None, min_chrf=40.0) == [
        "chrF threshold 40 given but chrF was not computed"
    ]


def test_real_scores_against_gate(refs: list[str]) -> None:
    results = score_corpus(list(refs), refs)
    assert check_thresholds(results, min_bleu=99.0, min_chrf=99.0, max_ter=1.0) == []


def test_several_references_per_line(refs: list[str]) -> None:
    reordered = [" ".join(reversed(line.split())) for line in refs]
    one = by_name(score_corpus(reordered, refs))
    two = by_name(score_corpus(reordered, [refs, reordered]))
    assert "nrefs:2" in two["bleu"].signature and "nrefs:2" in two["ter"].signature
    assert two["bleu"].score == pytest.approx(100.0) and one["bleu"].score < 100
    with pytest.raises(ValueError, match="8 hypotheses but 7 references in stream 2"):
        score_corpus(list(refs), [refs, refs[:-1]])
    with pytest.raises(ValueError, match="not a mix"):
        score_corpus(list(refs), [refs[0], refs])  # type: ignore[list-item]


@pytest.fixture(scope="module")
def dev_refs() -> list[str]:
    return DEV_EN.read_text(encoding="utf-8").splitlines()[:150]


def test_a_paired_test_finds_a_real_difference_and_none_between_equals(dev_refs: list[str]) -> None:
    # the baseline loses every line's last word: worse, and significantly so on 150 lines
    baseline = [line.rsplit(" ", 1)[0] for line in dev_refs]
    comparisons = compare_systems(list(dev_refs), baseline, dev_refs)
    assert [c.name for c in comparisons] == ["bleu", "chrf", "ter"]
    for c in comparisons:
        assert c.improved and c.significant() and "ar:10000" in c.signature
    assert worse_than_baseline(comparisons) == []
    reverse = compare_systems(baseline, list(dev_refs), dev_refs, ["bleu"], test="bs")
    assert worse_than_baseline(reverse)[0].startswith("BLEU ") and "bs:1000" in reverse[0].signature
    same = compare_systems(baseline, list(baseline), dev_refs, ["chrf"])
    assert same[0].delta == 0 and not same[0].significant() and worse_than_baseline(same) == []


def test_a_paired_test_is_repeatable(dev_refs: list[str]) -> None:
    # one changed line: a small difference whose p-value is not trivially 0 or 1
    changed = list(dev_refs)
    changed[3] = "Something else entirely."
    runs = [compare_systems(changed, list(dev_refs), dev_refs, ["bleu"])[0].p_value for _ in range(2)]
    assert runs[0] == runs[1] and 0 < runs[0] <= 1
