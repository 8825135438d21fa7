"""Speed and memory of the translator, the aligners and the main job, on this machine.

Usage:
    python scripts/bench.py translate [--n 500] [--repeat 2] [--variants a,b,...] [--json]
    python scripts/bench.py align [--sizes 100,1000,10000] [--modes parallel,comparable] [--timeout 900]
    python scripts/bench.py main-job [--repeat 2] [--profile]
    python scripts/bench.py all [options of every section] [--json]

Embedded model (models/ja-en-small), 2 threads by default. The machine may be shared, so
alternatives are measured side by side in one run, interleaved over ``--repeat`` rounds (the
fastest round counts; medians are in the JSON), and compared as ratios. Every variant, size
and main-job run is a child process (``bench.py _variant|_align|_main_job|_convert ...``,
answering one JSON line) so its peak RSS is its own; run the whole thing under ``nice`` when
something else needs the CPU more.

``translate``: sentences/s and target tokens/s on the first N Coursera test sentences and on
the seeds' Japanese sentences: CTranslate2 int8 as the CLI runs it (beam 4, default batch) against
one sentence at a time, greedy, a float32 CTranslate2 conversion of the same weights, and
PyTorch (Hugging Face MarianMTModel.generate, float32, greedy and beam 4); see bench_translate.
``align``: parallel and comparable sentence alignment of synthetic document pairs built from
Coursera train, 100 / 1,000 / 10,000 sentences a side, translation off: seconds for
tokenize, views and the aligner, candidate and scored pairs, accuracy, peak RSS, and the
growth exponent; each size has a time limit; see bench_align.
``main-job``: `jaen-align align seeds -o corpus.tmx` split by stage (read, clean, segment,
tokenize, translate, align, write) through jaen_align.timing.StageTimer, its peak RSS, and the
real CLI as a cross-check; ``--profile`` adds the top 25 functions by cumulative time.

``--json`` prints one JSON object (``--save FILE`` writes it beside the tables): machine facts,
every raw figure, and the headline numbers ``ct2_vs_torch``, ``batched_vs_single``,
``comparable_10k_seconds``, ``main_job_peak_rss_mb``. Process CPU seconds are recorded next to
wall seconds: when the header warns that the machine was busy, the CPU figures are the steadier
ones (multi-threaded PyTorch in particular loses far more wall time to contention than
CTranslate2 does).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import bench_align
import bench_main_job
import bench_translate
from bench_common import REPO, busy_warning, default_shared, emit, machine_header, machine_info

SECTIONS = ("translate", "align", "main-job")


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in _csv(text)]


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--save", type=Path, help="also write the JSON object to this file")
    p.add_argument("--shared", type=Path, default=default_shared(), help="shared data directory")
    p.add_argument("--seeds", type=Path, default=REPO / "seeds")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=2, help="rounds for translate and main-job (best counts)")


def _add_translate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", type=int, default=500, help="first N Coursera test sentences")
    p.add_argument("--variants", type=_csv, default=list(bench_translate.VARIANTS), help="comma-separated")
    p.add_argument("--variant-timeout", type=float, default=1800.0, help="seconds per variant run")


def _add_align(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", type=_sizes, default=[100, 1000, 10000], help="sentences a side, comma-separated")
    p.add_argument("--modes", type=_csv, default=list(bench_align.MODES))
    p.add_argument("--timeout", type=float, default=900.0, help="seconds per (mode, size) before giving up")
    p.add_argument("--seed", type=int, default=0)


def _add_main_job(p: argparse.ArgumentParser) -> None:
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--profile", action="store_true", help="also cProfile one in-process main job")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="section", required=True)
    adders = {"translate": [_add_translate], "align": [_add_align], "main-job": [_add_main_job]}
    adders["all"] = [_add_translate, _add_align, _add_main_job]
    for name, funcs in adders.items():
        p = sub.add_parser(name, formatter_class=argparse.RawDescriptionHelpFormatter)
        _add_common(p)
        for add in funcs:
            add(p)
    return parser.parse_args(argv)


# ------------------------------------------------------------------ children


def child(argv: list[str]) -> None:
    """``bench.py _variant|_align|_main_job|_convert ...``: one measurement, one JSON line."""
    p = argparse.ArgumentParser(prog="bench.py child")
    p.add_argument("kind", choices=["_variant", "_align", "_main_job", "_convert"])
    p.add_argument("rest", nargs="*")
    p.add_argument("--inputs", type=Path)
    p.add_argument("--fp32-model", type=Path)
    p.add_argument("--out", type=Path)
    p.add_argument("--shared", type=Path, default=default_shared())
    p.add_argument("--seeds", type=Path, default=REPO / "seeds")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--beam", type=int, default=4)
    p.add_argument("--profile", action="store_true")
    a = p.parse_args(argv)
    if a.kind == "_variant":
        emit(bench_translate.run_variant(a.rest[0], a.inputs, a.fp32_model, a.threads))
    elif a.kind == "_convert":
        emit(bench_translate.convert_fp32(a.out))
    elif a.kind == "_align":
        emit(bench_align.run_align(a.rest[0], int(a.rest[1]), a.shared, a.seed))
    else:
        emit(bench_main_job.run_main_job(a.seeds, a.threads, a.beam, a.profile))


# ------------------------------------------------------------------ sections


def run_sections(args: argparse.Namespace) -> dict[str, Any]:
    wanted = SECTIONS if args.section == "all" else (args.section,)
    report: dict[str, Any] = {"machine": machine_info()}
    report["machine"]["warning"] = busy_warning(report["machine"])
    if "translate" in wanted:
        report["translate"] = bench_translate.bench_translate(
            shared=args.shared,
            seeds=args.seeds,
            n=args.n,
            threads=args.threads,
            repeat=args.repeat,
            variants=args.variants,
            timeout=args.variant_timeout,
        )
    if "align" in wanted:
        report["align"] = bench_align.bench_align(
            shared=args.shared, sizes=args.sizes, modes=args.modes, timeout=args.timeout, seed=args.seed
        )
    if "main-job" in wanted:
        report["main_job"] = bench_main_job.bench_main_job(
            seeds=args.seeds, threads=args.threads, beam=args.beam, repeat=args.repeat, profile=args.profile
        )
    report["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    report.update(headline(report))
    return report


def headline(report: dict[str, Any]) -> dict[str, Any]:
    ratios = (report.get("translate") or {}).get("ratios", {}).get("coursera-test", {})
    main_job = (report.get("main_job") or {}).get("best") or {}
    with_embeddings = (report.get("main_job") or {}).get("cli_embeddings") or {}
    return {
        "ct2_vs_torch": ratios.get("ct2_vs_torch"),
        "batched_vs_single": ratios.get("batched_vs_single"),
        "batched_vs_single_greedy": ratios.get("batched_vs_single_greedy"),
        "batched_vs_single_beam2": ratios.get("batched_vs_single_beam2"),
        "int8_vs_fp32": ratios.get("int8_vs_fp32"),
        "beam1_vs_beam4": ratios.get("beam1_vs_beam4"),
        "comparable_10k_seconds": bench_align.seconds_at(report.get("align"), "comparable", 10000),
        "parallel_10k_seconds": bench_align.seconds_at(report.get("align"), "parallel", 10000),
        "main_job_seconds": main_job.get("total_seconds"),
        "main_job_peak_rss_mb": main_job.get("peak_rss_mb"),
        "main_job_embeddings_cli_seconds": with_embeddings.get("wall_seconds"),
        "main_job_embeddings_peak_rss_mb": with_embeddings.get("peak_rss_mb"),
    }


def render(report: dict[str, Any]) -> str:
    parts = [machine_header(report["machine"])]
    if "translate" in report:
        parts.append(bench_translate.render(report["translate"]))
    if "align" in report:
        parts.append(bench_align.render(report["align"]))
    if "main_job" in report:
        parts.append(bench_main_job.render(report["main_job"]))
    heads = {k: report[k] for k in headline(report) if report[k] is not None}
    if heads:
        parts.append("## headline\n" + "\n".join(f"{k}: {v}" for k, v in heads.items()))
    parts.append(f"# load average at end {report['machine']['loadavg_end']}")
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("_"):
        child(argv)
        return
    args = parse_args(argv)
    report = run_sections(args)
    if args.save:
        args.save.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(render(report))


if __name__ == "__main__":
    main()
