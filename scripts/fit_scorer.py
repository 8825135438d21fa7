"""Fit the logistic weights that combine the alignment features into one score.

Usage:
    python scripts/fit_scorer.py --shared ../shared/data [--model NAME|PATH] [--docs 30] \
        [--out src/jaen_align/data/scorer.json]

Training data comes from the TRAINING side only (Coursera train, its Japanese de-spaced; with
--tatoeba-docs N also Tatoeba's training bucket as pseudo-dialogues of short sentences, an
experiment not used for the shipped weights), never from the benchmark's test/dev documents:
pseudo-documents are corrupted as in make_align_bench.py; gold beads are positives; negatives
are the beads an aligner must reject: random 1-1 pairs, off-by-one neighbours and wrong 1-2 /
2-1 merges (a true pair plus an unrelated neighbour). Two variants are fitted: "mt" (all features, with the given
model's translations) and "no-mt" (lexicon, anchors and length only); with --embed (needs the
[embed] extra) also "mt+embed" and "no-mt+embed", which add the sentence-embedding feature.
The weight sets without MT are fitted on views whose lexicon includes the learned table
(learn_lexicon.py), as the pipeline builds them when it aligns without MT.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from align_tasks import task_views  # noqa: E402
from make_align_bench import cut_documents, make_tasks, pairs_from  # noqa: E402
from prepare_data import tatoeba_bucket  # noqa: E402

from jaen_align.align.embeddings import SentenceEmbedder  # noqa: E402
from jaen_align.align.features import (  # noqa: E402
    EMBEDDING_FEATURE,
    FEATURES,
    SCORER_PARAMETERS,
    Scorer,
    features,
    scorer_variant,
)
from jaen_align.align.lexicon import alignment_lexicon  # noqa: E402
from jaen_align.align.sentences import Runs, align_auto, align_comparable, align_parallel  # noqa: E402
from jaen_align.evaluate.alignment import score_alignment  # noqa: E402
from jaen_align.text.normalize import join_japanese_words  # noqa: E402
from jaen_align.translate.translator import Translator  # noqa: E402

NO_MT = [f for f in FEATURES if not f.startswith("mt_")]


def examples(task, ja_views, en_views, rng: random.Random):
    gold = set(task.gold)
    gold_1to1 = {(b[0][0], b[1][0]) for b in gold if len(b[0]) == 1 and len(b[1]) == 1}

    ja_runs, en_runs = Runs(ja_views), Runs(en_views)

    def feats(ja_ids, en_ids):
        return features(ja_runs.get(ja_ids[0], len(ja_ids)), en_runs.get(en_ids[0], len(en_ids)))

    rows = []
    for ja_ids, en_ids in gold:
        rows.append((feats(ja_ids, en_ids), 1))
    n, m = len(ja_views), len(en_views)
    for _ in range(3 * len(gold)):
        i, j = rng.randrange(n), rng.randrange(m)
        if (i, j) not in gold_1to1 and ((i,), (j,)) not in gold:
            rows.append((feats((i,), (j,)), 0))
    for ja_ids, en_ids in gold:
        if len(ja_ids) != 1 or len(en_ids) != 1:
            continue
        i, j = ja_ids[0], en_ids[0]
        for di, dj in ((1, 0), (0, 1), (-1, 0), (0, -1)):
            if 0 <= i + di < n and 0 <= j + dj < m and (i + di, j + dj) not in gold_1to1:
                rows.append((feats((i + di,), (j + dj,)), 0))
        if i + 1 < n and not any(i + 1 in b[0] for b in gold if b != (ja_ids, en_ids) and j in b[1]):
            rows.append((feats((i, i + 1), (j,)), 0))
        if j + 1 < m:
            rows.append((feats((i,), (j, j + 1)), 0))
    return rows


def tatoeba_documents(path: Path, rng: random.Random, limit: int = 3000) -> list:
    """Pseudo-documents of short everyday sentences from Tatoeba's training bucket (the split
    prepare_data.py uses, so no held-out sentence enters): one Japanese variant per English
    sentence, in random order. They stand in for dialogue turns, which Coursera lacks."""
    seen: set[str] = set()
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        en, _, ja = line.partition("\t")
        if ja and en not in seen and tatoeba_bucket(en) == "train":
            seen.add(en)
            pairs.append((ja, en))
    rng.shuffle(pairs)
    return cut_documents("tatoeba-train", pairs_from([j for j, _ in pairs[:limit]], [e for _, e in pairs[:limit]]), rng)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 4000, lr: float = 0.5):
    w = np.zeros(x.shape[1])
    b = 0.0
    pos_weight = (len(y) - y.sum()) / max(1, y.sum())  # balance the classes
    sample_w = np.where(y == 1, pos_weight, 1.0)
    sample_w /= sample_w.mean()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * sample_w
        w -= lr * (x.T @ g / len(y) + l2 * w)
        b -= lr * g.mean()
    return w, b


def mean_f1(scorer: Scorer, prepared, mode: str, caches: dict, **options) -> float:
    return mean_scores(scorer, prepared, mode, caches, **options)[2]


def mean_scores(scorer: Scorer, prepared, mode: str, caches: dict, **options) -> tuple[float, float, float]:
    """Mean strict precision, recall and F1 over the training-side tasks of ``mode``."""
    scores = []
    for task, ja_views, en_views in prepared:
        if mode != "auto" and not task.name.endswith(mode):
            continue
        cache = caches.setdefault(task.name, {})
        if mode == "auto":
            beads = align_auto(ja_views, en_views, scorer, cache=cache, **options)[1]
        elif mode == "parallel":
            beads = align_parallel(ja_views, en_views, scorer, cache=cache, **options)
        else:
            beads = align_comparable(ja_views, en_views, scorer, cache=cache, **options)
        scores.append(score_alignment([(b.ja, b.en) for b in beads], list(task.gold)))
    k = max(1, len(scores))
    return (
        sum(x.strict_precision for x in scores) / k,
        sum(x.strict_recall for x in scores) / k,
        sum(x.strict_f1 for x in scores) / k,
    )


def f_half(precision: float, recall: float) -> float:
    """F0.5: precision weighed twice as much as recall."""
    return 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0


def tune_search(scorer: Scorer, prepared) -> Scorer:
    """Search parameters for mean strict F1 on the training-side tasks (features are cached
    per task: only the search reruns): the merge prior together with the parallel skip score
    (the fitted prior learns from many wrong-merge negatives and comes out far too strong for
    the aligners), then the threshold of the parallel second pass in short gaps (None: no
    second pass), then the lead that pairs a gap of one sentence a side (None: no such pass),
    then the comparable margin with the neighbour threshold, then the log-odds a comparable
    merge must add, then the coverage
    that makes auto mode choose the parallel aligner."""
    caches: dict = {}
    fitted_merge = scorer.weights["merge"]
    merges = sorted({round(fitted_merge, 4), -1.5, -1.0, -0.5, 0.0})
    skips = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
    grid = []
    for merge in merges:
        merged = replace(scorer, weights={**scorer.weights, "merge": merge})
        for skip in skips:
            f1 = mean_f1(merged, prepared, "parallel", caches, skip_score=skip, fill_gaps=False)
            grid.append((f1, merge, skip))
    best_f1, merge, skip = max(grid)
    scorer = replace(scorer, weights={**scorer.weights, "merge": merge})
    gaps: list[tuple[float, float | None]] = [(best_f1, None)]
    for g in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3):
        if g < skip:
            gapped = replace(scorer, gap_skip_score=g)
            gaps.append((mean_f1(gapped, prepared, "parallel", caches, skip_score=skip), g))
    gap_f1, gap = max(gaps, key=lambda r: r[0])
    scorer = replace(scorer, gap_skip_score=gap)
    lones: list[tuple[float, float | None]] = [(gap_f1, None)]
    for lead in (-0.5, -0.25, 0.0, 0.25, 0.5, 1.0):
        led = replace(scorer, lone_pair_margin=lead)
        lones.append((mean_f1(led, prepared, "parallel", caches, skip_score=skip), lead))
        print(f"  lone_pair_margin {lead}: parallel F1 {lones[-1][0]:.4f} (without: {gap_f1:.4f})")
    lone_f1, lone = max(lones, key=lambda r: r[0])
    scorer = replace(scorer, lone_pair_margin=lone)
    # comparable mode: margin and neighbour threshold together, for F0.5: a mined corpus is
    # worth its precision, and issue 4 asks precision of comparable mining first. (Holding
    # precision to 0.9 here was tried: these subtitle tasks never reach it.)
    comparable = []
    for m in (1.0, 1.05, 1.1, 1.2, 1.3):
        for t in (None, 0.2, 0.3, 0.4, 0.5):
            p, r, f1 = mean_scores(replace(scorer, neighbour_score=t), prepared, "comparable", caches, min_margin=m)
            f05 = f_half(p, r)
            comparable.append((f05, m, t, p, f1))
            print(f"  min_margin {m} neighbour_score {t}: comparable P {p:.3f} R {r:.3f} F1 {f1:.3f} F0.5 {f05:.3f}")
    # F0.5 differences under 0.001 are noise between neighbouring settings: F1 breaks the tie
    _, margin, neighbour, margin_p, margin_f1 = max(comparable, key=lambda c: (round(c[0], 3), c[4]))
    scorer = replace(scorer, skip_score=skip, min_margin=margin, neighbour_score=neighbour)
    merge_gains = []
    for gain in (0.0, 0.25, 0.5, 1.0):
        p, r, f1 = mean_scores(replace(scorer, comparable_merge_gain=gain), prepared, "comparable", caches)
        f05 = f_half(p, r)
        merge_gains.append((f05, gain, p, f1))
        print(f"  comparable_merge_gain {gain}: comparable P {p:.3f} R {r:.3f} F1 {f1:.3f} F0.5 {f05:.3f}")
    _, merge_gain, margin_p, margin_f1 = max(merge_gains, key=lambda c: (round(c[0], 3), c[3]))
    scorer = replace(scorer, comparable_merge_gain=merge_gain)
    coverage_f1, coverage = max(
        (mean_f1(replace(scorer, auto_min_coverage=c), prepared, "auto", caches), c) for c in (0.3, 0.4, 0.5, 0.6)
    )
    print(
        f"tuned: merge {merge} skip_score {skip} (parallel F1 {best_f1:.3f}), gap_skip_score {gap} "
        f"(F1 {gap_f1:.3f}), lone_pair_margin {lone} (F1 {lone_f1:.3f}), "
        f"min_margin {margin}, neighbour_score {neighbour} and comparable_merge_gain {merge_gain} "
        f"(comparable P {margin_p:.3f}, F1 {margin_f1:.3f}), "
        f"auto_min_coverage {coverage} (all tasks in auto mode: F1 {coverage_f1:.3f})"
    )
    return replace(scorer, auto_min_coverage=coverage)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--docs", type=int, default=30, help="Coursera train pseudo-documents")
    parser.add_argument("--tatoeba-docs", type=int, default=0, help="Tatoeba train pseudo-dialogues")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--embed", action="store_true", help="also fit the variants with sentence embeddings")
    parser.add_argument("--out", type=Path, default=Path("src/jaen_align/data/scorer.json"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cdir = args.shared / "coursera"
    ja = [join_japanese_words(x) for x in (cdir / "train.ja").read_text(encoding="utf-8").splitlines()[:20000]]
    en = (cdir / "train.en").read_text(encoding="utf-8").splitlines()[:20000]
    docs = cut_documents("coursera-train", pairs_from(ja, en), rng)
    chosen = [docs[i] for i in sorted(rng.sample(range(len(docs)), min(args.docs, len(docs))))]
    short = tatoeba_documents(args.shared / "tatoeba" / "jpn-eng.tsv", rng) if args.tatoeba_docs else []
    chosen += short[: args.tatoeba_docs]
    translator = Translator(args.model) if args.model != "none" else None
    embedder = SentenceEmbedder() if args.embed else None
    # Each weight set sees the views the pipeline builds for it (alignment_lexicon), from the
    # same tasks and negatives.
    examples_state = rng.getstate()
    by_lexicon = {}
    for use_mt in (True, False):
        rng.setstate(examples_state)
        lexicon = alignment_lexicon(use_mt=use_mt)
        rows, prepared = [], []
        for doc in chosen:
            corpus = short if doc.name.startswith("tatoeba") else docs  # distractors from the same corpus
            others = [d for d in corpus if d is not doc]
            for task in make_tasks(doc, others, args.seed):
                ja_views, en_views = task_views(task.ja, task.en, translator, lexicon, embedder)
                rows += examples(task, ja_views, en_views, rng)
                prepared.append((task, ja_views, en_views))
        by_lexicon[use_mt] = rows, prepared
    result: dict[str, object] = {}
    for use_mt, use_embeddings in ((True, False), (False, False), (True, True), (False, True)):
        if (use_mt and translator is None) or (use_embeddings and embedder is None):
            continue
        rows, prepared = by_lexicon[use_mt]
        y = np.array([label for _, label in rows], dtype=float)
        variant = scorer_variant(use_mt, use_embeddings)
        names = (list(FEATURES) if use_mt else NO_MT) + ([EMBEDDING_FEATURE] if use_embeddings else [])
        x = np.array([[f[name] for name in names] for f, _ in rows])
        w, b = fit_logistic(x, y)
        p = 1 / (1 + np.exp(-(x @ w + b)))
        accuracy = float(((p >= 0.5) == (y == 1)).mean())
        weights = {n: round(float(v), 4) for n, v in zip(names, w, strict=True)}
        tuned = tune_search(Scorer(weights, float(b), use_mt), prepared)
        fitted_merge = weights["merge"]
        weights["merge"] = tuned.weights["merge"]
        result[variant] = {
            "weights": weights,
            "bias": round(float(b), 4),
            # an unset parameter (None: that pass is off) is left out, as the scorer reads it
            **{name: getattr(tuned, name) for name in SCORER_PARAMETERS if getattr(tuned, name) is not None},
            "training_examples": len(y),
            "positives": int(y.sum()),
            "training_accuracy": round(accuracy, 4),
            "fitted_merge_weight": fitted_merge,
        }
        print(variant, json.dumps(result[variant]))
    result["provenance"] = {
        "command": "python scripts/fit_scorer.py " + " ".join(sys.argv[1:]),
        "data": f"Coursera train, first 20,000 lines, {len(chosen)} pseudo-documents"
        + (f" ({args.tatoeba_docs} of them from Tatoeba's training bucket)" if args.tatoeba_docs else "")
        + f", seed {args.seed}",
        "model": translator.model.name if translator else "none",
        "learned_lexicon": alignment_lexicon(use_mt=False).name,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
