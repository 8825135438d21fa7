"""Translation quality with sacrebleu: BLEU, chrF and TER, each with its reproducibility signature,
against one reference or several; a system compared with a baseline by a paired significance
test; and the thresholds CI gates on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric
from sacrebleu.significance import PairedTest

# The target side is always English, so sacrebleu's default tokenizers (13a, tercom) apply.
METRICS: dict[str, Callable[[], Metric]] = {
    "bleu": lambda: BLEU(trg_lang="en"),
    "chrf": CHRF,
    "ter": TER,
}


@dataclass(frozen=True)
class MetricResult:
    """One corpus-level score. ``name`` is the key asked for ("bleu", "chrf", "ter");
    ``signature`` is sacrebleu's (e.g. ``nrefs:1|case:mixed|eff:no|tok:13a|...``) and
    ``text`` its formatted score (e.g. ``BLEU = 31.20 62.1/38.0/...``)."""

    name: str
    score: float
    signature: str
    text: str


References = Sequence[str] | Sequence[Sequence[str]]  # one reference per line, or several streams


def reference_streams(refs: References, lines: int) -> list[list[str]]:
    """``refs`` as sacrebleu takes them: a list of streams, each with one reference per line.
    A flat list of strings is one stream."""
    if all(isinstance(ref, str) for ref in refs):
        streams = [list(refs)]
    elif any(isinstance(ref, str) for ref in refs):
        raise ValueError("references: give a list of strings or a list of reference lists, not a mix")
    else:
        streams = [list(stream) for stream in refs]
    if not streams or not streams[0]:
        raise ValueError("no references")
    for number, stream in enumerate(streams, 1):
        if len(stream) != lines:
            which = "references" if len(streams) == 1 else f"references in stream {number}"
            raise ValueError(f"{lines} hypotheses but {len(stream)} {which}: line counts must match")
    return streams


def _metric_names(metrics: Sequence[str]) -> list[str]:
    unknown = [name for name in metrics if name.lower() not in METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(map(repr, unknown))}: choose from {', '.join(METRICS)}")
    return [name.lower() for name in metrics]


def score_corpus(
    hyps: list[str], refs: References, metrics: Sequence[str] = ("bleu", "chrf", "ter")
) -> list[MetricResult]:
    """Score hypotheses line by line against one reference each (a list of strings) or several
    (a list of reference streams), in the order of ``metrics``."""
    names = _metric_names(metrics)
    if not hyps:
        raise ValueError("nothing to score: no hypotheses")
    streams = reference_streams(refs, len(hyps))
    return [_score_one(name, hyps, streams) for name in names]


def _score_one(name: str, hyps: list[str], streams: list[list[str]]) -> MetricResult:
    metric = METRICS[name]()
    score = metric.corpus_score(hyps, streams)
    return MetricResult(name=name, score=float(score.score), signature=str(metric.get_signature()), text=str(score))


HIGHER_IS_BETTER = {"bleu": True, "chrf": True, "ter": False}
LABELS = {"bleu": "BLEU", "chrf": "chrF", "ter": "TER"}
PAIRED_TESTS = {"ar": "approximate randomization", "bs": "paired bootstrap resampling"}


@dataclass(frozen=True)
class Comparison:
    """A system against a baseline on one metric, with the p-value of sacrebleu's paired test
    (the probability of a difference at least this large if the two systems were equal)."""

    name: str
    system: float
    baseline: float
    p_value: float
    test: str  # "ar" or "bs"
    signature: str

    @property
    def delta(self) -> float:
        return self.system - self.baseline

    @property
    def improved(self) -> bool:
        return self.delta > 0 if HIGHER_IS_BETTER[self.name] else self.delta < 0

    def significant(self, alpha: float = 0.05) -> bool:
        # equal scores never differ significantly; sacrebleu's approximate randomization reports
        # p = 1 / (trials + 1) for them, as if no trial had matched the observed difference
        return self.delta != 0 and self.p_value < alpha


def compare_systems(
    hyps: list[str],
    baseline: list[str],
    refs: References,
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
    *,
    test: str = "ar",
    samples: int = 0,
) -> list[Comparison]:
    """``hyps`` against ``baseline`` (both line by line with ``refs``) by approximate
    randomization ("ar", 10,000 trials unless ``samples``) or paired bootstrap resampling ("bs",
    1,000 resamples), as sacrebleu's ``--paired-ar`` / ``--paired-bs``; seeded, so repeatable."""
    names = _metric_names(metrics)
    if test not in PAIRED_TESTS:
        raise ValueError(f"unknown paired test {test!r}: choose from {', '.join(PAIRED_TESTS)}")
    if not hyps:
        raise ValueError("nothing to score: no hypotheses")
    if len(baseline) != len(hyps):
        raise ValueError(f"{len(hyps)} hypotheses but {len(baseline)} baseline lines: line counts must match")
    streams = reference_streams(refs, len(hyps))
    comparisons = []
    for name in names:
        paired = PairedTest([("baseline", baseline), ("system", hyps)], {name: METRICS[name]()}, streams, test, samples)
        signatures, results = paired()
        [(metric_key, (base, system))] = [(k, v) for k, v in results.items() if k != "System"]
        comparisons.append(
            Comparison(name, system.score, base.score, system.p_value, test, str(signatures[metric_key]))
        )
    return comparisons


def check_thresholds(
    results: Sequence[MetricResult],
    min_bleu: float | None,
    min_chrf: float | None,
    max_ter: float | None = None,
) -> list[str]:
    """Human-readable failures of the quality gate; an empty list means it passed.
    A threshold on a metric that was not computed is a failure, not a silent pass."""
    by_name = {result.name: result for result in results}
    limits = {"bleu": min_bleu, "chrf": min_chrf, "ter": max_ter}
    failures = []
    for key, limit in limits.items():
        if limit is None:
            continue
        label, at_least, result = LABELS[key], HIGHER_IS_BETTER[key], by_name.get(key)
        if result is None:
            failures.append(f"{label} threshold {limit:g} given but {label} was not computed")
        elif at_least and result.score < limit:
            failures.append(f"{label} {_beside(result.score, limit)} is below the minimum {limit:g}")
        elif not at_least and result.score > limit:
            failures.append(f"{label} {_beside(result.score, limit)} is above the maximum {limit:g}")
    return failures


def _beside(score: float, limit: float) -> str:
    """``score`` with two decimals, or as many more as it takes to differ from ``limit``
    ("65.2199 is below the minimum 65.22", not "65.22 is below the minimum 65.22")."""
    for decimals in range(2, 7):
        shown = f"{score:.{decimals}f}"
        if float(shown) != limit:
            return shown
    return repr(score)


def worse_than_baseline(comparisons: Sequence[Comparison], alpha: float = 0.05) -> list[str]:
    """Quality-gate failures: the metrics on which the system is significantly worse."""
    return [
        f"{LABELS[c.name]} {c.system:.2f} is significantly worse than the baseline's {c.baseline:.2f}"
        f" (p = {c.p_value:.4f})"
        for c in comparisons
        if c.significant(alpha) and not c.improved
    ]
