"""Choose a model's search options (length penalty, repetition penalty, no-repeat n-gram size)
on development data, and record them in its jaen-align.json ("decoding"); with
``--clause-pieces``, choose instead the sentence length in pieces above which a sentence is
translated a few clauses at a time ("clause_pieces"), with the model's search options.

Usage:
    python scripts/tune_decoding.py --model models/ja-en-small --prepared PREPARED [--clause-pieces] [--write]

Development data only: PREPARED/dev.{ja,en} (Tatoeba dev and the first 300 Coursera dev lines)
and the Coursera dev lines after those 300, never a test set. The score is the mean of the two
sets' BLEU (sacrebleu defaults), so that neither the short Tatoeba sentences nor the long
lecture sentences decide alone. Beam 4, as `jaen-align translate` runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import sacrebleu

from jaen_align.translate.translator import Translator

GRID = {
    "length_penalty": (1.0, 1.2, 1.3, 1.5),
    "repetition_penalty": (1.0, 1.1),
    "no_repeat_ngram_size": (0, 4),
}
CLAUSE_PIECES = (200, 96, 64, 48, 40, 32)  # 200: the model's whole input, no sentence cut


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--prepared", type=Path, required=True)
    parser.add_argument("--clause-pieces", action="store_true", help="choose clause_pieces instead of search options")
    parser.add_argument("--write", action="store_true", help="record the best options in the model's jaen-align.json")
    args = parser.parse_args()
    sets = {
        "dev": (read(args.prepared / "dev.ja"), read(args.prepared / "dev.en")),
        "coursera-dev[300:]": (
            read(args.prepared / "dev-coursera.ja")[300:],
            read(args.prepared / "dev-coursera.en")[300:],
        ),
    }
    results = []
    if args.clause_pieces:
        grid = [{"clause_pieces": n} for n in CLAUSE_PIECES]
    else:
        grid = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    for options in grid:
        translator = (
            Translator(args.model, clause_pieces=options["clause_pieces"])
            if args.clause_pieces
            else Translator(args.model, decoding=options)
        )
        bleu = {name: sacrebleu.corpus_bleu(translator.translate(ja), [en]) for name, (ja, en) in sets.items()}
        mean = sum(b.score for b in bleu.values()) / len(bleu)
        results.append((mean, options))
        detail = "  ".join(f"{name} {b.score:.2f} (BP {b.bp:.3f})" for name, b in bleu.items())
        print(f"{json.dumps(options)}  mean BLEU {mean:.2f}  {detail}", flush=True)
    best_mean, best = max(results, key=lambda r: r[0])
    print(f"best: {json.dumps(best)} mean BLEU {best_mean:.2f}")
    if args.write:
        meta_path = Translator(args.model).model.path / "jaen-align.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if args.clause_pieces:
            meta["clause_pieces"] = best["clause_pieces"]
        else:
            meta["decoding"] = best
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {meta_path}")


if __name__ == "__main__":
    main()
