"""Alignment section of scripts/bench.py: sentence aligners as documents grow, translation off.

Document pairs are synthetic but made of real parallel text: N consecutive Coursera *train*
pairs (lectures, so neighbouring lines share vocabulary), then

- parallel: ~10 % of the sentences deleted on each side, independently; order kept;
- comparable: ~15 % dropped and ~10 % unrelated sentences (from elsewhere in the corpus)
  inserted on each side, English cut into paragraphs of 3-6 sentences and shuffled.

The truth is every pair whose two sides survived. Each (mode, size) runs in its own process
with a time limit, so peak RSS is per run and a slow aligner cannot stall the benchmark.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench_common import fmt, growth_exponent, log, run_child, table

MODES = ("parallel", "comparable")
PARALLEL_DELETE = 0.10
COMPARABLE_DROP = 0.15
COMPARABLE_INSERT = 0.10
PARAGRAPH = (3, 6)


@dataclass(frozen=True)
class Task:
    ja: list[str]
    en: list[str]
    truth: dict[int, int]  # Japanese position -> English position


def load_train(shared: Path) -> tuple[list[str], list[str]]:
    ja = (shared / "coursera" / "train.ja").read_text(encoding="utf-8").splitlines()
    en = (shared / "coursera" / "train.en").read_text(encoding="utf-8").splitlines()
    return ja, en


def _normalized(task: Task) -> Task:
    """The task's text as the pipeline would see it: normalized, and without the spaces that
    word-segment Coursera's Japanese (real input has none)."""
    from jaen_align.text.normalize import join_japanese_words, normalize_text

    ja = [join_japanese_words(normalize_text(t)) for t in task.ja]
    return Task(ja, [normalize_text(t) for t in task.en], task.truth)


def _sides(
    rng: random.Random, size: int, keep: float, insert: float, ja: list[str], en: list[str]
) -> tuple[list[tuple[str, int | None]], list[tuple[str, int | None]]]:
    """``size`` consecutive pairs, each side kept at rate ``keep`` and given ``insert * size``
    unrelated sentences; items are (text, source index or None)."""
    start = rng.randrange(0, len(ja) - size)
    window = range(start, start + size)
    outside = [i for i in rng.sample(range(len(ja)), min(len(ja), 4 * size + 100)) if i not in window]
    n_insert = round(insert * size)
    fillers = {"ja": outside[:n_insert], "en": outside[n_insert : 2 * n_insert]}  # never each other's translation
    out = []
    for side, lines in (("ja", ja), ("en", en)):
        items: list[tuple[str, int | None]] = [(lines[i], i) for i in window if rng.random() < keep]
        for f in fillers[side]:
            items.insert(rng.randrange(len(items) + 1), (lines[f], None))
        out.append(items)
    return out[0], out[1]


def _shuffle_paragraphs(rng: random.Random, items: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    paragraphs = []
    k = 0
    while k < len(items):
        step = rng.randint(*PARAGRAPH)
        paragraphs.append(items[k : k + step])
        k += step
    rng.shuffle(paragraphs)
    return [item for p in paragraphs for item in p]


def make_task(mode: str, n: int, ja: list[str], en: list[str], seed: int = 0) -> Task:
    """About ``n`` sentences a side."""
    rng = random.Random(f"{seed}-{mode}-{n}")
    if mode == "parallel":
        ja_items, en_items = _sides(rng, round(n / (1 - PARALLEL_DELETE)), 1 - PARALLEL_DELETE, 0.0, ja, en)
    else:
        size = round(n / (1 - COMPARABLE_DROP + COMPARABLE_INSERT))
        ja_items, en_items = _sides(rng, size, 1 - COMPARABLE_DROP, COMPARABLE_INSERT, ja, en)
        en_items = _shuffle_paragraphs(rng, en_items)
    en_pos = {src: j for j, (_, src) in enumerate(en_items) if src is not None}
    truth = {i: en_pos[src] for i, (_, src) in enumerate(ja_items) if src is not None and src in en_pos}
    return _normalized(Task([t for t, _ in ja_items], [t for t, _ in en_items], truth))


# ------------------------------------------------------------------ child side


class _Counters:
    """Wraps the aligner module's ``features`` and ``candidate_pairs`` (when it has them) to
    count scored pairs and candidate pairs; a Python call per pair, negligible next to features."""

    def __init__(self, module: Any) -> None:
        self.scored = 0
        self.candidates: int | None = None
        self.candidate_seconds = 0.0
        self.patched: dict[str, Callable[..., Any]] = {}
        if callable(getattr(module, "features", None)):
            self._patch(module, "features", self._count_features)
        if callable(getattr(module, "candidate_pairs", None)):
            self._patch(module, "candidate_pairs", self._count_candidates)

    def _patch(self, module: Any, name: str, factory: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
        original = getattr(module, name)
        self.patched[name] = original
        setattr(module, name, factory(original))

    def _count_features(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.scored += 1
            return original(*args, **kwargs)

        return counted

    def _count_candidates(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            result = original(*args, **kwargs)
            self.candidate_seconds += time.perf_counter() - t0
            if hasattr(result, "__len__"):
                self.candidates = (self.candidates or 0) + len(result)
            return result

        return counted


def _accuracy(beads: Sequence[Any], task: Task) -> dict[str, Any]:
    """Precision of 1-1 beads (correct when the English is the true partner's text, so repeated
    lines such as "Thank you." count) and recall over the true pairs."""
    partner = {i: task.en[j] for i, j in task.truth.items()}
    one_one = [b for b in beads if len(b.ja) == 1 and len(b.en) == 1]
    correct = sum(1 for b in one_one if partner.get(b.ja[0]) == task.en[b.en[0]])
    return {
        "beads": len(beads),
        "one_one": len(one_one),
        "one_one_correct": correct,
        "precision_1to1": round(correct / len(one_one), 4) if one_one else None,
        "recall_1to1": round(correct / len(task.truth), 4) if task.truth else None,
    }


def run_align(mode: str, n: int, shared: Path, seed: int) -> dict[str, Any]:
    """Child: build the task, time tokenize + views, then the aligner alone."""
    from jaen_align.align import sentences as aligner
    from jaen_align.align.features import default_scorer, views
    from jaen_align.align.lexicon import alignment_lexicon
    from jaen_align.pipeline import DEFAULT_MIN_SCORE
    from jaen_align.text.tokenize import tokenize
    from jaen_align.types import Sentence

    ja_lines, en_lines = load_train(shared)
    task = make_task(mode, n, ja_lines, en_lines, seed)
    del ja_lines, en_lines
    lexicon = alignment_lexicon(use_mt=False)
    scorer = default_scorer(use_mt=False)
    tokenize("準備")  # load MeCab outside the timed part
    t0 = time.perf_counter()
    ja_sents = [Sentence("ja", i, t, "ja", tokenize(t)) for i, t in enumerate(task.ja)]
    t1 = time.perf_counter()
    ja = views(ja_sents, lexicon)
    en = views([Sentence("en", j, t, "en") for j, t in enumerate(task.en)], lexicon)
    t2 = time.perf_counter()
    counters = _Counters(aligner)
    align = aligner.align_parallel if mode == "parallel" else aligner.align_comparable
    t3, cpu3 = time.perf_counter(), time.process_time()
    beads = align(ja, en, scorer)
    align_seconds, align_cpu = time.perf_counter() - t3, time.process_time() - cpu3
    threshold = DEFAULT_MIN_SCORE[mode]
    kept = [b for b in beads if threshold is None or b.score >= threshold]
    sentences = len(task.ja) + len(task.en)
    return {
        "mode": mode,
        "size": n,
        "ja_sentences": len(task.ja),
        "en_sentences": len(task.en),
        "true_pairs": len(task.truth),
        "tokenize_seconds": round(t1 - t0, 4),
        "views_seconds": round(t2 - t1, 4),
        "align_seconds": round(align_seconds, 4),
        "align_cpu_seconds": round(align_cpu, 4),
        "sentences_per_s": round(sentences / align_seconds, 1) if align_seconds else None,
        "sentences_per_s_with_views": round(sentences / (t2 - t0 + align_seconds), 1),
        "candidate_pairs": counters.candidates,
        "candidate_seconds": round(counters.candidate_seconds, 4) if counters.candidates is not None else None,
        "scored_pairs": counters.scored if "features" in counters.patched else None,
        "all_pairs": len(task.ja) * len(task.en),
        "raw": _accuracy(beads, task),
        "kept": {"min_score": DEFAULT_MIN_SCORE[mode], **_accuracy(kept, task)},
    }


# ------------------------------------------------------------------ parent side


def bench_align(
    *, shared: Path, sizes: Sequence[int], modes: Sequence[str], timeout: float | None, seed: int
) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    stopped: dict[str, int] = {}
    for n in sorted(sizes):
        for mode in modes:
            if mode in stopped:
                runs.append({"mode": mode, "size": n, "status": "skipped", "reason": f"timeout at {stopped[mode]}"})
                continue
            log(f"align: {mode} {n} sentences a side (timeout {timeout} s)")
            args = ["_align", mode, str(n), "--shared", str(shared), "--seed", str(seed)]
            result = {"mode": mode, "size": n, **run_child(args, timeout=timeout)}
            if result["status"] == "timeout":
                stopped[mode] = n
            runs.append(result)
    growth = {}
    for mode in modes:
        ok = [r for r in runs if r["mode"] == mode and r["status"] == "ok"]
        growth[mode] = {
            "align": growth_exponent([(r["size"], r["align_seconds"]) for r in ok]),
            "align_cpu": growth_exponent([(r["size"], r["align_cpu_seconds"]) for r in ok]),
            "views": growth_exponent([(r["size"], r["views_seconds"]) for r in ok]),
            "sizes": [r["size"] for r in ok],
        }
    return {
        "settings": {"sizes": sorted(sizes), "modes": list(modes), "timeout_seconds": timeout, "seed": seed},
        "runs": runs,
        "growth_exponent": growth,
    }


def seconds_at(section: dict[str, Any] | None, mode: str, size: int) -> float | str | None:
    """Aligner seconds for (mode, size), "timeout", or None when not run."""
    for r in (section or {}).get("runs", []):
        if r["mode"] == mode and r["size"] == size:
            return r["align_seconds"] if r["status"] == "ok" else r["status"]
    return None


def render(section: dict[str, Any]) -> str:
    rows = []
    for r in section["runs"]:
        if r["status"] != "ok":
            rows.append([r["mode"], r["size"], r["status"], *["-"] * 10, r.get("reason") or r.get("error", "")[:60]])
            continue
        kept = r["kept"]
        rows.append(
            [
                r["mode"],
                r["size"],
                f"{r['ja_sentences']} x {r['en_sentences']}",
                r["tokenize_seconds"],
                r["views_seconds"],
                r["align_seconds"],
                r["align_cpu_seconds"],
                r["sentences_per_s"],
                r["candidate_pairs"],
                r["scored_pairs"],
                fmt(r["raw"]["precision_1to1"], 3),
                f"{fmt(kept['precision_1to1'], 3)} / {fmt(kept['recall_1to1'], 3)}",
                round(r["peak_rss_mb"]),
                "",
            ]
        )
    headers = [
        "mode",
        "size",
        "ja x en",
        "tokenize s",
        "views s",
        "align s",
        "align CPU s",
        "sent/s",
        "candidates",
        "scored",
        "P 1-1 raw",
        "P / R kept",
        "RSS MB",
        "note",
    ]
    settings = section["settings"]
    lines = [
        f"## align: synthetic Coursera-train document pairs, translation off, timeout {settings['timeout_seconds']} s",
        table(headers, rows),
        "sent/s = (ja + en sentences) / align s; candidates = pairs sharing a key (comparable pruning); "
        "scored = feature evaluations; kept = beads at the pipeline's default threshold",
        "growth exponent (slope of log seconds vs log n): "
        + "; ".join(
            f"{mode} align {fmt(g['align'])} (CPU {fmt(g['align_cpu'])}) views {fmt(g['views'])} over {g['sizes']}"
            for mode, g in section["growth_exponent"].items()
        ),
    ]
    return "\n".join(lines)
