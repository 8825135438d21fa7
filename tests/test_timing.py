"""StageTimer and the pipeline's optional timer hook (no assertions on actual durations)."""

from __future__ import annotations

import pytest
from conftest import EMBEDDED, SEEDS

from jaen_align.corpus.readers import read_documents
from jaen_align.pipeline import AlignmentResult, align_documents
from jaen_align.timing import StageTimer, stage
from jaen_align.translate.translator import Translator


class FakeClock:
    def __init__(self, *ticks: float) -> None:
        self.ticks = list(ticks)

    def __call__(self) -> float:
        return self.ticks.pop(0)


def test_stages_accumulate_in_first_run_order() -> None:
    timer = StageTimer(clock=FakeClock(0.0, 1.0, 1.0, 3.0, 3.0, 3.5), cpu_clock=FakeClock(0, 0.5, 1, 1.25, 2, 2.5))
    with timer.stage("b"):
        pass
    with timer.stage("a"):
        pass
    with timer.stage("b"):
        pass
    assert list(timer.seconds) == ["b", "a"]
    assert timer.seconds == {"b": 1.5, "a": 2.0}
    assert timer.cpu_seconds == {"b": 1.0, "a": 0.25}
    assert list(timer.cpu_seconds) == ["b", "a"]
    assert timer.calls == {"b": 2, "a": 1}
    assert timer.total() == 3.5
    assert "a" in timer and "c" not in timer


def test_time_before_an_exception_is_counted() -> None:
    timer = StageTimer(clock=FakeClock(10.0, 12.0), cpu_clock=FakeClock(1.0, 1.5))
    with pytest.raises(RuntimeError), timer.stage("boom"):
        raise RuntimeError("x")
    assert timer.seconds == {"boom": 2.0}
    assert timer.cpu_seconds == {"boom": 0.5}


def test_add_and_copies() -> None:
    timer = StageTimer()
    timer.add("read", 0.25)
    timer.add("write", 0.5, 0.125)
    timer.seconds["read"] = 99.0  # a copy: the timer is unchanged
    assert timer.seconds == {"read": 0.25, "write": 0.5}
    assert timer.cpu_seconds == {"read": 0.0, "write": 0.125}
    with pytest.raises(ValueError):
        timer.add("read", -1.0)
    with pytest.raises(ValueError):
        timer.add("read", 1.0, -1.0)
    assert "read=0.250s" in repr(timer)


def test_real_clock_gives_non_negative_seconds() -> None:
    timer = StageTimer()
    with timer.stage("x"):
        sum(range(1000))
    assert timer.seconds["x"] >= 0.0
    assert timer.cpu_seconds["x"] >= 0.0


def test_stage_helper_without_a_timer_is_a_no_op() -> None:
    with stage(None, "anything"):
        value = 1
    assert value == 1
    timer = StageTimer()
    with stage(timer, "s"):
        pass
    assert list(timer.seconds) == ["s"]


def _same(a: AlignmentResult, b: AlignmentResult) -> None:
    assert a == b
    # AlignedPair.features is excluded from equality: compare it explicitly
    assert [p.features for p in a.pairs] == [p.features for p in b.pairs]


@pytest.mark.parametrize("use_mt", [False, True], ids=["no-mt", "mt"])
def test_pipeline_timer_records_stages_and_changes_nothing(use_mt: bool) -> None:
    docs = read_documents([str(SEEDS)])
    translator = Translator(EMBEDDED, beam_size=1) if use_mt else None
    plain = align_documents(docs, translator)
    timer = StageTimer()
    timed = align_documents(docs, translator, timer=timer)
    _same(plain, timed)
    assert plain.pairs
    expected = ["load_lexicon", "clean", "segment", "tokenize", "views", "align_documents", "align_sentences"]
    if use_mt:
        expected.insert(3, "translate")
    assert list(timer.seconds) == expected
    assert all(s >= 0.0 for s in timer.seconds.values())
    assert all(s >= 0.0 for s in timer.cpu_seconds.values())
    assert timer.calls["align_sentences"] == len(timed.document_pairs) + len(timed.unconfirmed)


def test_pipeline_timer_with_given_lexicon_and_presegmented_input() -> None:
    from jaen_align.align.lexicon import alignment_lexicon

    docs = read_documents([str(SEEDS)], presegmented=True)
    timer = StageTimer()
    given = alignment_lexicon(use_mt=False)  # the one it would load without MT
    timed = align_documents(docs, None, presegmented=True, lexicon=given, timer=timer)
    _same(align_documents(docs, None, presegmented=True), timed)
    assert "load_lexicon" not in timer and "clean" not in timer
    assert {"segment", "tokenize", "views", "align_documents"} <= set(timer.seconds)
