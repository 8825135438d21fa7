"""Document alignment in collections: which Japanese document pairs with which English one.

Usage:
    python scripts/eval_doc_align.py --shared ../shared/data [--model NAME|PATH] [--no-mt] [--seed 1]

Collections with known gold, built from parallel corpora whose documents are about different
things: the BSD dev dialogues (69 business scenes), Coursera test and Coursera dev cut into
pseudo-documents of 40-80 lines (different lectures or parts of one). In each collection
20 % of the Japanese documents lose their English side and another 20 % of the English
documents lose their Japanese side, so some documents have no partner; every English
document keeps a random 60-100 % of its sentences, in order, so no pair is an exact copy.
The pipeline's own document scoring and selection run at the default threshold, and as in the
pipeline a selected pair whose sentence alignment finds no pair, or in comparable mode holds
less than --min-coverage of the shorter document, is dropped (--split train: collections of
Coursera train documents instead, on which that coverage was chosen); reported:
precision, recall and F1 of the selected pairs, how often each Japanese document's best
English candidate is its partner, and the score of the best wrong pair against the lowest
true pair.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_align_bench import SourceDoc, cut_documents, pairs_from, read_bsd, read_coursera  # noqa: E402

from jaen_align.align.defaults import DOC_MIN_COVERAGE, DOC_THRESHOLD  # noqa: E402
from jaen_align.align.documents import document_terms, score_documents, select_document_pairs  # noqa: E402
from jaen_align.align.features import views  # noqa: E402
from jaen_align.align.lexicon import alignment_lexicon  # noqa: E402
from jaen_align.align.sentences import coverage_of_shorter  # noqa: E402
from jaen_align.pipeline import align_sentences, confirms_document_pair  # noqa: E402
from jaen_align.text.normalize import join_japanese_words, normalize_text  # noqa: E402
from jaen_align.text.tokenize import tokenize  # noqa: E402
from jaen_align.translate.translator import Translator  # noqa: E402
from jaen_align.types import Sentence  # noqa: E402


def collection(docs: list[SourceDoc], rng: random.Random) -> tuple[dict, dict, set[tuple[str, str]]]:
    """Japanese and English documents (name -> lines) and the gold pairs."""
    names = [d.name for d in docs]
    shuffled = names[:]
    rng.shuffle(shuffled)
    k = len(names) // 5
    ja_only, en_only = set(shuffled[:k]), set(shuffled[k : 2 * k])
    ja_docs, en_docs = {}, {}
    for doc in docs:
        if doc.name not in en_only:
            ja_docs[doc.name] = list(doc.ja)
        if doc.name not in ja_only:
            keep = sorted(rng.sample(range(len(doc.en)), max(1, round(len(doc.en) * rng.uniform(0.6, 1.0)))))
            en_docs[doc.name] = [doc.en[i] for i in keep]
    gold = {(n, n) for n in names if n in ja_docs and n in en_docs}
    return ja_docs, en_docs, gold


def evaluate(name, docs, translator, lexicon, threshold, rng, min_coverage=DOC_MIN_COVERAGE) -> str:
    ja_docs, en_docs, gold = collection(docs, rng)
    all_ja = [(d, i, normalize_text(t)) for d, lines in ja_docs.items() for i, t in enumerate(lines)]
    mts = translator.translate([t for _, _, t in all_ja]) if translator else [None] * len(all_ja)
    by_doc: dict[str, list[Sentence]] = {}
    for (d, i, t), mt in zip(all_ja, mts, strict=True):
        by_doc.setdefault(d, []).append(Sentence(d, i, t, "ja", tokenize(t), mt))
    ja_views = {d: views(sents, lexicon) for d, sents in by_doc.items()}
    en_views = {
        d: views([Sentence(d, i, normalize_text(t), "en") for i, t in enumerate(lines)], lexicon)
        for d, lines in en_docs.items()
    }
    ja_terms = {d: document_terms(v) for d, v in ja_views.items()}
    en_terms = {d: document_terms(v) for d, v in en_views.items()}
    scored = score_documents(ja_terms, en_terms)
    # as the pipeline does: a pair whose sentence alignment (auto mode, defaults) does not bear
    # out its document score is not paired
    chosen = set()
    for p in select_document_pairs(scored, threshold):
        ja_v, en_v = ja_views[p.ja_doc], en_views[p.en_doc]
        found = align_sentences(ja_v, en_v, mode="auto", min_score=None, use_mt=translator is not None)
        held = coverage_of_shorter(found.beads, len(ja_v), len(en_v))
        if confirms_document_pair(found.mode, len(found.beads), held, min_coverage):
            chosen.add((p.ja_doc, p.en_doc))
    tp = len(chosen & gold)
    precision = tp / len(chosen) if chosen else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    best: dict[str, str] = {}
    for p in scored:  # best first
        best.setdefault(p.ja_doc, p.en_doc)
    with_partner = [d for d in ja_docs if d in en_docs]
    top1 = sum(best.get(d) == d for d in with_partner) / max(1, len(with_partner))
    true_scores = [p.score for p in scored if (p.ja_doc, p.en_doc) in gold]
    wrong_scores = [p.score for p in scored if (p.ja_doc, p.en_doc) not in gold]
    return (
        f"| {name} | {len(ja_docs)} | {len(en_docs)} | {len(gold)} | {precision:.3f} | {recall:.3f} | {f1:.3f} | "
        f"{top1:.3f} | {min(true_scores):.3f} | {max(wrong_scores):.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-mt", action="store_true")
    parser.add_argument("--threshold", type=float, default=DOC_THRESHOLD)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-coverage", type=float, default=DOC_MIN_COVERAGE)
    parser.add_argument(
        "--split",
        choices=("eval", "train"),
        default="eval",
        help="eval: BSD dev, Coursera test and dev; train: three collections of Coursera train "
        "documents (lines 20,000-50,000, past the scorer's training documents), for choosing rules",
    )
    args = parser.parse_args()
    translator = None if args.no_mt else Translator(args.model)
    lexicon = alignment_lexicon(use_mt=not args.no_mt)
    if args.split == "train":
        cdir = args.shared / "coursera"
        ja = [join_japanese_words(x) for x in (cdir / "train.ja").read_text(encoding="utf-8").splitlines()]
        en = (cdir / "train.en").read_text(encoding="utf-8").splitlines()
        train = cut_documents("coursera-train", pairs_from(ja[20000:50000], en[20000:50000]), random.Random(3))
        sources = {f"coursera-train {k}-{k + 29}": train[k : k + 30] for k in (0, 200, 400)}
    else:
        sources = {
            "bsd-dev dialogues": read_bsd(args.shared / "bsd" / "dev.json"),
            "coursera-test": read_coursera(args.shared / "coursera", "test", random.Random(args.seed)),
            "coursera-dev": read_coursera(args.shared / "coursera", "dev", random.Random(args.seed)),
        }
    print(
        f"MT {'off' if translator is None else 'on'}, document threshold {args.threshold}, "
        f"comparable-mode coverage {args.min_coverage}"
    )
    print()
    print(
        "| collection | ja docs | en docs | gold pairs | P | R | F1 | best candidate right "
        "| lowest true score | highest wrong score |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, docs in sources.items():
        rng = random.Random(args.seed)
        print(evaluate(name, docs, translator, lexicon, args.threshold, rng, args.min_coverage), flush=True)


if __name__ == "__main__":
    main()
