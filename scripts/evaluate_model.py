"""Score a model on the held-out sets with sacrebleu and measure its speed.

Usage:
    python scripts/evaluate_model.py --model models/ja-en-small --prepared DIR --shared ../shared/data \
        [--beam 4] [--json out.json] [--no-set-phrases]

Sets: Tatoeba held-out (DIR/test-tatoeba.*, written by prepare_data.py), Coursera test,
BSD dev (evaluation only). Prints BLEU and chrF with sacrebleu's signatures, sentences per
second on 2 threads, the load time, and how many numbers and names survive: of the numbers
(and, with a name table, the names) in a source sentence whose English form the reference
contains, the share that the translation contains too.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import sacrebleu

from jaen_align.translate.models import load_table
from jaen_align.translate.placeholders import find_names, find_numbers
from jaen_align.translate.translator import Translator


def survival(src: list[str], ref: list[str], hyp: list[str], names: dict[str, str]) -> dict[str, list[int]]:
    """{"numbers": [kept, total], "names": [kept, total]} over spans whose English form is in the reference."""
    counts = {"numbers": [0, 0], "names": [0, 0]}
    for ja, en, out in zip(src, ref, hyp, strict=True):
        for kind, spans in (("numbers", find_numbers(ja)), ("names", find_names(ja, names))):
            for span in spans:
                form = next((f for f in span.english if f in en), None)
                if form is not None:
                    counts[kind][1] += 1
                    counts[kind][0] += form in out
    return counts


def load_sets(prepared: Path, shared: Path) -> dict[str, tuple[list[str], list[str]]]:
    def lines(p: Path) -> list[str]:
        return p.read_text(encoding="utf-8").splitlines()

    sets = {
        "tatoeba-heldout": (lines(prepared / "test-tatoeba.ja"), lines(prepared / "test-tatoeba.en")),
        "coursera-test": (lines(shared / "coursera" / "test.ja"), lines(shared / "coursera" / "test.en")),
    }
    bsd = json.loads((shared / "bsd" / "dev.json").read_text(encoding="utf-8"))
    pairs = [(t["ja_sentence"], t["en_sentence"]) for d in bsd for t in d["conversation"]]
    sets["bsd-dev"] = ([p[0] for p in pairs], [p[1] for p in pairs])
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None)
    parser.add_argument("--prepared", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--hyp-dir", type=Path, help="also write the translations here")
    parser.add_argument("--names", type=Path, help="name table for the survival count (default: the model's)")
    parser.add_argument(
        "--no-set-phrases", action="store_true", help="the model's own translation of set phrases too (set_phrases.py)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    translator = Translator(
        args.model, beam_size=args.beam, threads=args.threads, set_phrases=False if args.no_set_phrases else None
    )
    load_seconds = time.perf_counter() - start
    report: dict[str, object] = {"model": str(translator.model.path), "beam": args.beam, "load_seconds": load_seconds}
    names_file = args.names or translator.model.name_table
    names = load_table(names_file) if names_file else {}
    for name, (src, ref) in load_sets(args.prepared, args.shared).items():
        translator._cache.clear()
        t0 = time.perf_counter()
        hyp = translator.translate(src)
        seconds = time.perf_counter() - t0
        bleu = sacrebleu.BLEU()
        chrf = sacrebleu.CHRF()
        b, c = bleu.corpus_score(hyp, [ref]), chrf.corpus_score(hyp, [ref])
        report[name] = {
            "sentences": len(src),
            "bleu": round(b.score, 2),
            "chrf": round(c.score, 2),
            "bleu_signature": str(bleu.get_signature()),
            "chrf_signature": str(chrf.get_signature()),
            "sentences_per_second": round(len(src) / seconds, 1),
            "survival": survival(src, ref, hyp, names),
        }
        kept = report[name]["survival"]  # type: ignore[index]
        print(
            f"{name}: {b}  |  {c}  |  {len(src) / seconds:.1f} sent/s  |  numbers kept {kept['numbers'][0]}/"
            f"{kept['numbers'][1]}, names kept {kept['names'][0]}/{kept['names'][1]}"
        )
        if args.hyp_dir:
            args.hyp_dir.mkdir(parents=True, exist_ok=True)
            (args.hyp_dir / f"{name}.hyp").write_text("".join(h + "\n" for h in hyp), encoding="utf-8")
    print(f"load: {load_seconds:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
