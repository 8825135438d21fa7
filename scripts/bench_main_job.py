"""Main-job section of scripts/bench.py: `jaen-align align seeds -o corpus.tmx` split by stage.

The child mirrors ``cli.align``'s calls (read_documents, Translator with the CLI defaults,
align_documents, write_pairs) in-process, with a StageTimer threaded through the pipeline; read
and write are timed here around the reader and writer. The real CLI is also run once as an
external command as a cross-check of wall time and peak RSS.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_common import REPO, best, fmt, log, run_child, run_command_rusage, table

from jaen_align.align.embeddings import embeddings_available

# How the library's fine stages add up to the stages of the issue.
GROUPS = {
    "startup": ("import",),
    "read": ("read",),
    "load model": ("load_model",),
    "load lexicon": ("load_lexicon",),
    "clean": ("clean",),
    "segment": ("segment",),
    "translate": ("translate",),
    "tokenize": ("tokenize",),
    "align": ("views", "align_documents", "align_sentences"),
    "write": ("write",),
}


def _main_job(seeds: Path, out: Path, threads: int, beam: int) -> tuple[Any, Any]:
    start, cpu_start = time.perf_counter(), time.process_time()
    from jaen_align.corpus.readers import read_documents
    from jaen_align.corpus.writers import write_pairs
    from jaen_align.pipeline import align_documents
    from jaen_align.timing import StageTimer
    from jaen_align.translate.translator import Translator

    timer = StageTimer()
    timer.add("import", time.perf_counter() - start, time.process_time() - cpu_start)
    with timer.stage("read"):
        docs = read_documents([str(seeds)])
    with timer.stage("load_model"):
        translator = Translator(None, beam_size=beam, threads=threads)
    result = align_documents(docs, translator, timer=timer)
    with timer.stage("write"):
        write_pairs(out, result.pairs)
    return timer, result


def run_main_job(seeds: Path, threads: int, beam: int, profile: bool) -> dict[str, Any]:
    """Child: one main job, stage by stage (or under cProfile)."""
    tmp = Path(tempfile.mkdtemp(prefix="jaen-bench-main-"))
    try:
        out = tmp / "corpus.tmx"
        profiler = cProfile.Profile() if profile else None
        start, cpu_start = time.perf_counter(), time.process_time()
        if profiler is not None:
            profiler.enable()
        timer, result = _main_job(seeds, out, threads, beam)
        if profiler is not None:
            profiler.disable()
        total, total_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        answer: dict[str, Any] = {
            "total_seconds": round(total, 4),
            "total_cpu_seconds": round(total_cpu, 4),
            "stages": {k: round(v, 4) for k, v in timer.seconds.items()},
            "stage_cpu_seconds": {k: round(v, 4) for k, v in timer.cpu_seconds.items()},
            "stage_calls": timer.calls,
            "pairs": len(result.pairs),
            "sentences": dict(result.sentence_counts),
            "document_pairs": len(result.document_pairs),
            "modes": [m for _, _, m in result.modes],
            "output_bytes": out.stat().st_size,
        }
        if profiler is not None:
            answer["profile_cumulative"] = _top(profiler, "cumulative", 25)
            answer["profile_tottime"] = _top(profiler, "tottime", 15)
        return answer
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _top(profiler: cProfile.Profile, key: str, count: int) -> str:
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.strip_dirs().sort_stats(key).print_stats(count)
    text = buffer.getvalue()
    # drop pstats' preamble up to the column header
    return text[text.find("   ncalls") :].rstrip() if "   ncalls" in text else text.rstrip()


def grouped(stages: dict[str, float], total: float) -> dict[str, float]:
    out = {name: round(sum(stages.get(s, 0.0) for s in parts), 4) for name, parts in GROUPS.items()}
    known = {s for parts in GROUPS.values() for s in parts}
    for stage, seconds in stages.items():  # stages added to the library later
        if stage not in known:
            out[stage] = round(seconds, 4)
    out["other"] = round(max(0.0, total - sum(stages.values())), 4)
    return out


def bench_main_job(*, seeds: Path, threads: int, beam: int, repeat: int, profile: bool) -> dict[str, Any]:
    runs = []
    for rep in range(repeat):
        log(f"main-job: round {rep + 1}/{repeat}")
        args = ["_main_job", "--seeds", str(seeds), "--threads", str(threads), "--beam", str(beam)]
        runs.append(run_child(args))
    ok = [r for r in runs if r["status"] == "ok"]
    section: dict[str, Any] = {
        "settings": {"seeds": str(seeds), "threads": threads, "beam": beam, "repeat": repeat},
        "runs": runs,
    }
    if ok:
        fastest = min(ok, key=lambda r: r["total_seconds"])
        section["best"] = {
            "total_seconds": fastest["total_seconds"],
            "stages": fastest["stages"],
            "grouped": grouped(fastest["stages"], fastest["total_seconds"]),
            "total_cpu_seconds": fastest["total_cpu_seconds"],
            "stage_cpu_seconds": fastest["stage_cpu_seconds"],
            "grouped_cpu": grouped(fastest["stage_cpu_seconds"], fastest["total_cpu_seconds"]),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
            "pairs": fastest["pairs"],
            "process_wall_seconds": best([r["wall_seconds"] for r in ok]),
        }
    log("main-job: the real CLI, `jaen-align align seeds -o corpus.tmx -q`")
    section["cli"] = _run_cli(seeds, threads, beam)
    if embeddings_available():
        log("main-job: the real CLI again with --embeddings ([embed] extra)")
        section["cli_embeddings"] = _run_cli(seeds, threads, beam, "--embeddings")
    if profile:
        log("main-job: profiled run")
        args = ["_main_job", "--seeds", str(seeds), "--threads", str(threads), "--beam", str(beam), "--profile"]
        prof = run_child(args)
        section["profile"] = {
            "total_seconds": prof.get("total_seconds"),
            "cumulative": prof.get("profile_cumulative") or prof.get("error"),
            "tottime": prof.get("profile_tottime"),
        }
    return section


def _run_cli(seeds: Path, threads: int, beam: int, *extra: str) -> dict[str, Any]:
    beside = Path(sys.executable).parent / "jaen-align"  # the same environment as this interpreter
    exe = str(beside) if beside.is_file() else shutil.which("jaen-align") or "jaen-align"
    tmp = Path(tempfile.mkdtemp(prefix="jaen-bench-cli-"))
    try:
        cmd = [exe, "align", str(seeds), "-o", str(tmp / "corpus.tmx"), "-q", "--threads", str(threads), *extra]
        return {"command": " ".join(cmd[1:]), **run_command_rusage([*cmd, "--beam", str(beam)], cwd=REPO)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def render(section: dict[str, Any]) -> str:
    lines = ["## main-job: `jaen-align align seeds -o corpus.tmx` (embedded model, defaults), in-process"]
    b = section.get("best")
    if b is None:
        lines.append("failed: " + "; ".join(str(r.get("error")) for r in section["runs"]))
    else:
        total, cpu = b["total_seconds"], b["grouped_cpu"]
        rows = [[name, secs, f"{100 * secs / total:.1f} %", cpu.get(name)] for name, secs in b["grouped"].items()]
        rows.append(["total", total, "100 %", b["total_cpu_seconds"]])
        lines.append(table(["stage", "wall s", "share", "CPU s"], rows))
        fine = ", ".join(f"{k} {v:.3f}" for k, v in b["stages"].items())
        lines.append(f"library stages (wall s): {fine}")
        lines.append("CPU s = process CPU time, all threads (CTranslate2 uses 2): steadier than wall on a busy machine")
        lines.append(
            f"peak RSS {b['peak_rss_mb']:.0f} MB; {b['pairs']} pairs; best of {section['settings']['repeat']}; "
            f"child process wall {fmt(b['process_wall_seconds'])} s (incl. interpreter start)"
        )
    for key, label in (("cli", "real CLI"), ("cli_embeddings", "real CLI with --embeddings")):
        cli = section.get(key)
        if cli:
            lines.append(
                f"{label}: exit {cli['returncode']}, {cli['wall_seconds']:.2f} s wall, "
                f"{cli['cpu_seconds']:.2f} s CPU, peak RSS {cli['peak_rss_mb']:.0f} MB"
            )
    prof = section.get("profile")
    if prof:
        lines.append(f"\ncProfile of the in-process main job ({fmt(prof['total_seconds'])} s under the profiler), ")
        lines.append("top 25 by cumulative time:")
        lines.append(str(prof["cumulative"]))
        if prof.get("tottime"):
            lines.append("\ntop 15 by own time:")
            lines.append(prof["tottime"])
    return "\n".join(lines)
