"""Translation quality with sacrebleu: BLEU, chrF and TER, each with its reproducibility signature,
and the thresholds CI gates on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

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


def score_corpus(
    hyps: list[str], refs: list[str], metrics: Sequence[str] = ("bleu", "chrf", "ter")
) -> list[MetricResult]:
    """Score hypotheses against one reference each, line by line, in the order of ``metrics``."""
    unknown = [name for name in metrics if name.lower() not in METRICS]
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(map(repr, unknown))}: choose from {', '.join(METRICS)}")
    if len(hyps) != len(refs):
        raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references: line counts must match")
    if not hyps:
        raise ValueError("nothing to score: no hypotheses")
    return [_score_one(name.lower(), hyps, refs) for name in metrics]


def _score_one(name: str, hyps: list[str], refs: list[str]) -> MetricResult:
    metric = METRICS[name]()
    score = metric.corpus_score(hyps, [refs])
    return MetricResult(name=name, score=float(score.score), signature=str(metric.get_signature()), text=str(score))


def check_thresholds(
    results: Sequence[MetricResult],
    min_bleu: float | None,
    min_chrf: float | None,
    max_ter: float | None = None,
) -> list[str]:
    """Human-readable failures of the quality gate; an empty list means it passed.
    A threshold on a metric that was not computed is a failure, not a silent pass."""
    by_name = {result.name: result for result in results}
    gates = [("bleu", "BLEU", min_bleu, True), ("chrf", "chrF", min_chrf, True), ("ter", "TER", max_ter, False)]
    failures = []
    for key, label, limit, at_least in gates:
        if limit is None:
            continue
        result = by_name.get(key)
        if result is None:
            failures.append(f"{label} threshold {limit:g} given but {label} was not computed")
        elif at_least and result.score < limit:
            failures.append(f"{label} {result.score:.2f} is below the minimum {limit:g}")
        elif not at_least and result.score > limit:
            failures.append(f"{label} {result.score:.2f} is above the maximum {limit:g}")
    return failures
