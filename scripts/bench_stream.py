"""Streaming translation of a large file: bounded memory, output written as it goes.

Usage:
    python scripts/bench_stream.py [--size-mb 1024] [--shared ../shared/data] [--beam 1] [--json]

Generates a text file of about --size-mb MB by cycling through the Coursera test sentences
(2,068 distinct lines, so after the first pass every line is a repeat: the boilerplate and
quotation case), runs `jaen-align translate FILE -o OUT` as a child process, and reports wall
time, lines/s, the child's peak RSS, the distinct lines the model translated, and whether the
output has one line per input line. It also samples the output file's size while the child
runs, to show that output is written as it goes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_input(path: Path, lines: list[str], size_bytes: int) -> int:
    block = "".join(line + "\n" for line in lines).encode("utf-8")
    written = count = 0
    with path.open("wb") as out:
        while written < size_bytes:
            out.write(block)
            written += len(block)
            count += len(lines)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="where the large files go (default: a temp dir)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    lines = (args.shared / "coursera" / "test.ja").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        source, target = Path(tmp) / "large.ja", Path(tmp) / "large.en"
        n_lines = make_input(source, lines, args.size_mb * 1024 * 1024)
        exe = Path(sys.executable).with_name("jaen-align")
        command = [str(exe), "translate", str(source), "-o", str(target), "--beam", str(args.beam), "-q"]
        start = time.perf_counter()
        child = subprocess.Popen(command)
        samples = []
        while child.poll() is None:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                partial = sorted(Path(tmp).glob(".large.en.*.tmp"))
                samples.append(round(partial[0].stat().st_size / 1e6, 1) if partial else 0.0)
        seconds = time.perf_counter() - start
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with target.open("rb") as out:
            out_lines = sum(1 for _ in out) if child.returncode == 0 else 0
        result = {
            "input_mb": round(source.stat().st_size / 1e6, 1),
            "input_lines": n_lines,
            "distinct_lines": len(set(lines)),
            "exit_code": child.returncode,
            "output_lines": out_lines,
            "seconds": round(seconds, 1),
            "lines_per_second": round(n_lines / seconds),
            "peak_rss_mb": round(rss_mb),
            "output_mb_sampled_every_5s": samples[:10] + (["..."] if len(samples) > 10 else []),
        }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28s} {value}")


if __name__ == "__main__":
    main()
