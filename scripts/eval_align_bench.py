"""Run the aligner on every benchmark task and print a Markdown table of strict/lax P/R/F1.

Usage:
    python scripts/make_align_bench.py --shared ../shared/data --out BENCH
    python scripts/eval_align_bench.py --bench BENCH --shared ../shared/data [--model NAME|PATH] [--no-mt] [--embed]
        [--known-misaligned scripts/data/coursera-misaligned.tsv]

Tasks: tatoeba-sample (../shared/data/align-gold, comparable mode) and every BENCH/<task>
(parallel tasks in parallel mode, comparable tasks in comparable mode; auto is reported too).

``--known-misaligned``: lines of the source corpora whose own pairing a person found wrong
(``find_misaligned.py``); the benchmark's gold inherits them. The group table then gains a
column: strict F1 with those sentences as don't-care (gold and predicted beads that hold one
are left out of both sides of the count). The other columns are unchanged.

``--identical-as-one``: a source document that repeats a sentence word for word (a lecture
that says the same thing twice) gives the task two sentences no aligner can tell apart once
paragraphs are shuffled. The group table then gains columns: strict precision and F1 with each
sentence standing for the first one of identical text on its side, in prediction and gold
alike. The other columns are unchanged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from align_tasks import task_views  # noqa: E402
from make_align_bench import clean_line  # noqa: E402

from jaen_align.align.embeddings import SentenceEmbedder  # noqa: E402
from jaen_align.align.lexicon import alignment_lexicon  # noqa: E402
from jaen_align.evaluate.alignment import parse_gold, score_alignment  # noqa: E402
from jaen_align.pipeline import align_sentences  # noqa: E402
from jaen_align.translate.translator import Translator  # noqa: E402


def run_task(ja_lines, en_lines, mode, translator, lexicon, min_score, embedder=None):
    """The pipeline's own sentence aligner on one task, so the table measures what users run."""
    ja, en = task_views(ja_lines, en_lines, translator, lexicon, embedder)
    aligned = align_sentences(
        ja, en, mode=mode, min_score=min_score, use_mt=translator is not None, use_embeddings=embedder is not None
    )
    return [(b.ja, b.en) for b in aligned.beads]


def read_misaligned(listing: Path, shared: Path) -> tuple[set[str], set[str]]:
    """The Japanese and English texts of the listed source lines (``corpus<TAB>line<TAB>note``,
    1-based lines of ``coursera-dev`` / ``coursera-test``), cleaned as the benchmark's lines are."""
    ja_texts: set[str] = set()
    en_texts: set[str] = set()
    files: dict[tuple[str, str], list[str]] = {}
    for row in listing.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        corpus, line = row.split("\t")[:2]
        split = corpus.removeprefix("coursera-")
        for side, texts in (("ja", ja_texts), ("en", en_texts)):
            if (split, side) not in files:
                path = shared / "coursera" / f"{split}.{side}"
                files[(split, side)] = path.read_text(encoding="utf-8").splitlines()
            texts.add(clean_line(files[(split, side)][int(line) - 1]))
    return ja_texts, en_texts


def without(beads, ja_ids: set[int], en_ids: set[int]):
    return [b for b in beads if not (set(b[0]) & ja_ids or set(b[1]) & en_ids)]


def first_of_identical(lines: list[str]) -> list[int]:
    """For every line, the index of the first line with the same text."""
    first: dict[str, int] = {}
    return [first.setdefault(line, i) for i, line in enumerate(lines)]


def as_one(beads, ja_first: list[int], en_first: list[int]):
    return [(tuple(sorted({ja_first[i] for i in ja})), tuple(sorted({en_first[j] for j in en}))) for ja, en in beads]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-mt", action="store_true")
    parser.add_argument("--embed", action="store_true", help="add the sentence-embedding feature ([embed] extra)")
    parser.add_argument("--min-score", type=float, default=None, help="default: the pipeline's per-mode thresholds")
    parser.add_argument("--known-misaligned", type=Path, default=None, help="TSV of source lines paired wrongly")
    parser.add_argument(
        "--identical-as-one", action="store_true", help="also score with word-for-word repeated sentences as one"
    )
    args = parser.parse_args()
    bad_ja, bad_en = read_misaligned(args.known_misaligned, args.shared) if args.known_misaligned else (set(), set())
    translator = None if args.no_mt else Translator(args.model)
    lexicon = alignment_lexicon(use_mt=not args.no_mt)
    embedder = SentenceEmbedder() if args.embed else None
    tasks = []
    sample = args.shared / "align-gold" / "tatoeba-sample"
    tasks.append(
        ("tatoeba-sample", sample / "ja.txt", sample / "en.txt", sample / "gold.pairs", "tatoeba", "comparable")
    )
    for d in sorted(p for p in args.bench.iterdir() if p.is_dir()):
        mode = "parallel" if d.name.endswith("-parallel") else "comparable"
        tasks.append((d.name, d / "ja.txt", d / "en.txt", d / "gold.tsv", "tsv", mode))
    print("| task | mode | MT | strict P | strict R | strict F1 | lax P | lax R | lax F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    totals: dict[str, list] = {}
    checked: dict[str, list] = {}  # strict F1 with the known-misaligned sentences as don't-care
    merged: dict[str, list] = {}  # scores with word-for-word repeated sentences as one
    for name, ja_p, en_p, gold_p, fmt, mode in tasks:
        gold = parse_gold(gold_p.read_text(encoding="utf-8"), fmt)
        ja_lines = ja_p.read_text(encoding="utf-8").splitlines()
        en_lines = en_p.read_text(encoding="utf-8").splitlines()
        ja_bad = {i for i, line in enumerate(ja_lines) if line in bad_ja}
        en_bad = {j for j, line in enumerate(en_lines) if line in bad_en}
        ja_first, en_first = first_of_identical(ja_lines), first_of_identical(en_lines)
        for run_mode in (mode, "auto"):
            pred = run_task(ja_lines, en_lines, run_mode, translator, lexicon, args.min_score, embedder)
            s = score_alignment(pred, gold)
            mt = ("off" if translator is None else "on") + (" + emb" if embedder else "")
            print(
                f"| {name} | {run_mode} | {mt} | {s.strict_precision:.3f} | {s.strict_recall:.3f} | "
                f"{s.strict_f1:.3f} | {s.lax_precision:.3f} | {s.lax_recall:.3f} | {s.lax_f1:.3f} |"
            )
            group = f"{mode}/{run_mode}" if name != "tatoeba-sample" else f"tatoeba-sample/{run_mode}"
            totals.setdefault(group, []).append(s)
            checked.setdefault(group, []).append(
                score_alignment(without(pred, ja_bad, en_bad), without(gold, ja_bad, en_bad)).strict_f1
            )
            merged.setdefault(group, []).append(
                score_alignment(as_one(pred, ja_first, en_first), as_one(gold, ja_first, en_first))
            )
    extra = [" strict F1, known-misaligned as don't-care |"] if args.known_misaligned else []
    if args.identical_as_one:
        extra += [" strict P, repeated sentences as one |", " strict F1, repeated sentences as one |"]
    print()
    print(f"| group | tasks | mean strict P | mean strict R | mean strict F1 | mean lax F1 |{''.join(extra)}")
    print("|---|---|---|---|---|---|" + "---|" * len(extra))
    for group, scores in totals.items():
        k = len(scores)
        cells = [sum(checked[group]) / k] if args.known_misaligned else []
        if args.identical_as_one:
            cells += [sum(s.strict_precision for s in merged[group]) / k, sum(s.strict_f1 for s in merged[group]) / k]
        print(
            f"| {group} | {k} | {sum(s.strict_precision for s in scores) / k:.3f} | "
            f"{sum(s.strict_recall for s in scores) / k:.3f} | {sum(s.strict_f1 for s in scores) / k:.3f} | "
            f"{sum(s.lax_f1 for s in scores) / k:.3f} |" + "".join(f" {c:.3f} |" for c in cells)
        )


if __name__ == "__main__":
    main()
