"""Helpers shared by scripts/bench.py and its bench_* sections: child processes that report
JSON, peak RSS, machine facts, statistics and plain-text tables."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
BENCH = SCRIPTS / "bench.py"
RESULT_MARK = "BENCH-RESULT "
_NUMBER = re.compile(r"^(-|[-+]?[\d,.]+ ?%?( / [\d,.]+| x [\d,.]+)?)$")


def default_shared() -> Path:
    """../shared/data beside the checkout, or /work/shared/data."""
    for candidate in (os.environ.get("JAEN_ALIGN_SHARED_DATA"), REPO.parent / "shared" / "data", "/work/shared/data"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return REPO.parent / "shared" / "data"


def peak_rss_mb() -> float:
    """Peak resident set size of this process (Linux reports ru_maxrss in KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ child processes


def emit(result: dict[str, Any]) -> None:
    """A child's answer: one marked JSON line on stdout (libraries may print other lines)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.setdefault("peak_rss_mb", round(usage.ru_maxrss / 1024, 1))
    result.setdefault("cpu_seconds", round(usage.ru_utime + usage.ru_stime, 2))  # compare with wall: contention
    sys.stdout.write(RESULT_MARK + json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run_child(
    args: Sequence[str], *, timeout: float | None = None, env: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Run ``python bench.py ARGS`` in its own process (so its peak RSS is its own), with
    ``env`` added to the environment, and return its JSON answer plus ``status`` ("ok",
    "timeout" or "error") and ``wall_seconds``."""
    cmd = [sys.executable, str(BENCH), *args]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env={**os.environ, **(env or {})}
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "timeout_seconds": timeout, "wall_seconds": round(time.perf_counter() - start, 2)}
    wall = round(time.perf_counter() - start, 2)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        return {"status": "error", "returncode": proc.returncode, "error": "\n".join(tail), "wall_seconds": wall}
    result = json.loads(lines[-1][len(RESULT_MARK) :])
    return {"status": "ok", "wall_seconds": wall, **result}


def run_command_rusage(cmd: Sequence[str], *, cwd: Path = REPO) -> dict[str, Any]:
    """Wall time, exit code and peak RSS of an external command (os.wait4 gives its own rusage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "returncode": proc.returncode,
        "wall_seconds": round(time.perf_counter() - start, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "stderr_tail": stderr.decode("utf-8", "replace").strip().splitlines()[-3:],
    }


# ------------------------------------------------------------------ machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _cpu_flags(wanted: Sequence[str] = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile")) -> list[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                have = set(line.split(":", 1)[1].split())
                return [f for f in wanted if f in have]
    except OSError:
        pass
    return []


def _mem_total_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def cpu_busy_share(seconds: float = 1.0) -> float | None:
    """Share of all CPU time that was not idle during ``seconds`` (from /proc/stat): how much
    of the machine something else was using just before the measurements."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return round(1 - (idle1 - idle0) / max(1, total1 - total0), 3)


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on; load averages show how shared the machine was."""
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpu_model": _cpu_model(),
        "cpu_flags": _cpu_flags(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "mem_total_gb": _mem_total_gb(),
        "machine": platform.machine(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "ctranslate2": _version("ctranslate2"),
        "torch": _version("torch"),
        "transformers": _version("transformers"),
        "sentencepiece": _version("sentencepiece"),
        "jaen_align": _version("jaen-align"),
        "niceness": os.nice(0),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "cpu_busy_share_start": cpu_busy_share(),
    }


# ------------------------------------------------------------------ numbers


def best(values: Sequence[float]) -> float | None:
    return min(values) if values else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def growth_exponent(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) against log(n): 1 is linear, 2 quadratic."""
    pts = [(math.log(n), math.log(s)) for n, s in points if n > 0 and s > 0]
    if len(pts) < 2 or len({x for x, _ in pts}) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    sxy = sum((x - mx) * (y - my) for x, y in pts)
    return round(sxy / sxx, 3)


# ------------------------------------------------------------------ tables


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Plain-text table: text columns left-aligned, numbers right-aligned."""
    cells = [[str(h) for h in headers]] + [[c if isinstance(c, str) else fmt(c) for c in row] for row in rows]
    numeric = [bool(rows) and all(_NUMBER.match(row[k]) for row in cells[1:]) for k in range(len(headers))]
    widths = [max(len(r[k]) for r in cells) for k in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


BUSY_WARNING_SHARE = 0.5


def busy_warning(machine: dict[str, Any]) -> str | None:
    """Something else used the CPUs just before the run: multi-threaded timings are distorted
    (OpenMP threads that wait for a descheduled sibling; PyTorch suffers most)."""
    busy = machine.get("cpu_busy_share_start")
    if busy is None or busy < BUSY_WARNING_SHARE:
        return None
    return (
        f"the machine was {busy:.0%} busy before the run: absolute numbers are upper bounds and "
        "multi-threaded engines (PyTorch most) are slowed more than others; compare ratios with care"
    )


def machine_header(machine: dict[str, Any]) -> str:
    text = (
        f"# {machine['date']}  {machine['cpu_model']} ({machine['cores']} cores, "
        f"{', '.join(machine['cpu_flags']) or 'no AVX info'}), {machine['mem_total_gb']} GB\n"
        f"# python {machine['python']}, ctranslate2 {machine['ctranslate2']}, torch {machine['torch']}, "
        f"transformers {machine['transformers']}; load average at start {machine['loadavg_start']}, "
        f"CPU busy before start {fmt(machine['cpu_busy_share_start'], 2)}"
    )
    warning = busy_warning(machine)
    return f"{text}\n# WARNING: {warning}" if warning else text
