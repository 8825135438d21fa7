"""Speed and memory of the translator and the aligners, for BENCHMARKS.md.

Usage:
    python scripts/bench.py translate [--model NAME] [--shared ../shared/data] [--n 500]
    python scripts/bench.py align-comparable [--n 1000] [--shared ../shared/data]
    python scripts/bench.py main-job

`translate`: model load time, then sentences/s and target tokens/s on the first N Coursera
test sentences for several beam sizes and batch sizes (2 threads), peak RSS.
`align-comparable`: N Japanese x N English sentences (Coursera test, English shuffled) mined
in comparable mode with translation off: time for views, candidates and selection.
`main-job`: the README's main job (`align seeds -o corpus.tmx`) timed end to end in-process.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import time
from pathlib import Path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def header() -> None:
    machine = f"{platform.machine()} {platform.processor() or ''}".strip()
    print(f"# {time.strftime('%Y-%m-%d')} {machine} python {platform.python_version()}")


def bench_translate(args: argparse.Namespace) -> None:
    from jaen_align.translate.translator import Translator

    lines = (args.shared / "coursera" / "test.ja").read_text(encoding="utf-8").splitlines()[: args.n]
    t0 = time.perf_counter()
    Translator(args.model)
    print(f"load: {time.perf_counter() - t0:.3f} s")
    for beam, batch in ((1, 32), (4, 1), (4, 16), (4, 32), (4, 64)):
        translator = Translator(args.model, beam_size=beam, batch_size=batch, threads=args.threads)
        t0 = time.perf_counter()
        out = translator.translate(lines)
        seconds = time.perf_counter() - t0
        tokens = sum(len(translator._tgt_sp.encode(o)) for o in out)
        print(
            f"beam {beam} batch {batch:3d} threads {args.threads}: {len(lines) / seconds:6.1f} sent/s, "
            f"{tokens / seconds:7.0f} target tokens/s ({seconds:.1f} s for {len(lines)})"
        )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def bench_align_comparable(args: argparse.Namespace) -> None:
    from jaen_align.align.features import default_scorer, views
    from jaen_align.align.lexicon import Lexicon
    from jaen_align.align.sentences import align_comparable, candidate_pairs
    from jaen_align.text.tokenize import tokenize
    from jaen_align.types import Sentence

    ja_lines = (args.shared / "coursera" / "test.ja").read_text(encoding="utf-8").splitlines()[: args.n]
    en_lines = (args.shared / "coursera" / "test.en").read_text(encoding="utf-8").splitlines()[: args.n]
    order = list(range(len(en_lines)))
    random.Random(0).shuffle(order)
    lexicon = Lexicon.default()
    t0 = time.perf_counter()
    ja = views([Sentence("ja", i, t, "ja", tokenize(t)) for i, t in enumerate(ja_lines)], lexicon)
    en = views([Sentence("en", i, en_lines[k], "en") for i, k in enumerate(order)], lexicon)
    t1 = time.perf_counter()
    cands = candidate_pairs(ja, en)
    t2 = time.perf_counter()
    beads = align_comparable(ja, en, default_scorer(use_mt=False))
    t3 = time.perf_counter()
    correct = sum(1 for b in beads if len(b.ja) == 1 and len(b.en) == 1 and order[b.en[0]] == b.ja[0])
    print(f"{len(ja)} x {len(en)} sentences, translation off")
    print(f"views (tokenize + lexicon + anchors): {t1 - t0:.2f} s")
    print(f"candidates: {len(cands)} pairs of {len(ja) * len(en)} ({t2 - t1:.2f} s)")
    print(f"mining incl. candidates: {t3 - t1:.2f} s; {len(beads)} beads, {correct} exact 1-1 correct")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


def bench_main_job(args: argparse.Namespace) -> None:
    from click.testing import CliRunner

    from jaen_align.cli import main

    out = Path("/tmp/jaen-align-bench-corpus.tmx")
    t0 = time.perf_counter()
    result = CliRunner().invoke(main, ["align", "seeds", "-o", str(out), "-q"])
    print(f"exit {result.exit_code}; {time.perf_counter() - t0:.1f} s; peak RSS {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["translate", "align-comparable", "main-job"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    header()
    {"translate": bench_translate, "align-comparable": bench_align_comparable, "main-job": bench_main_job}[args.what](
        args
    )


if __name__ == "__main__":
    main()
