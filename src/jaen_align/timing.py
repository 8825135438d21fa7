"""Time per pipeline stage, for benchmarks and profiling.

    timer = StageTimer()
    with timer.stage("clean"):
        ...
    timer.seconds  # wall seconds: {"clean": 0.012, ...} in the order the stages first ran
    timer.cpu_seconds  # CPU seconds of the whole process (all threads) in the same stages

On a shared machine the CPU seconds are the steadier figure: wall time grows with whatever
else runs, CPU time much less. A stage entered several times accumulates. Stages are meant to
be disjoint: a stage nested in another is counted in both, so ``total`` would count it twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext


class StageTimer:
    """Accumulates wall seconds (``perf_counter``), process CPU seconds (``process_time``) and
    entry counts per named stage."""

    __slots__ = ("_clock", "_cpu_clock", "_seconds", "_cpu", "_calls")

    def __init__(
        self, clock: Callable[[], float] = time.perf_counter, cpu_clock: Callable[[], float] = time.process_time
    ) -> None:
        self._clock = clock
        self._cpu_clock = cpu_clock
        self._seconds: dict[str, float] = {}
        self._cpu: dict[str, float] = {}
        self._calls: dict[str, int] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block as (part of) stage ``name``; time spent before an exception
        escapes the block is counted too."""
        start, cpu_start = self._clock(), self._cpu_clock()
        try:
            yield
        finally:
            self.add(name, self._clock() - start, self._cpu_clock() - cpu_start)

    def add(self, name: str, seconds: float, cpu_seconds: float | None = None) -> None:
        """Add time measured elsewhere (e.g. around a call the library does not own)."""
        if seconds < 0 or (cpu_seconds is not None and cpu_seconds < 0):
            raise ValueError(f"negative duration for stage {name!r}: {seconds}, CPU {cpu_seconds}")
        self._seconds[name] = self._seconds.get(name, 0.0) + seconds
        self._calls[name] = self._calls.get(name, 0) + 1
        if cpu_seconds is not None:
            self._cpu[name] = self._cpu.get(name, 0.0) + cpu_seconds
        else:
            self._cpu.setdefault(name, 0.0)

    @property
    def seconds(self) -> dict[str, float]:
        """Seconds per stage, in first-run order (a copy)."""
        return dict(self._seconds)

    @property
    def cpu_seconds(self) -> dict[str, float]:
        """Process CPU seconds per stage (all threads; 0 for time given to ``add`` without
        CPU time), in the order of ``seconds`` (a copy)."""
        return {name: self._cpu[name] for name in self._seconds}

    @property
    def calls(self) -> dict[str, int]:
        """How many times each stage was entered (a copy)."""
        return dict(self._calls)

    def total(self) -> float:
        return sum(self._seconds.values())

    def __contains__(self, name: object) -> bool:
        return name in self._seconds

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={v:.3f}s" for k, v in self._seconds.items())
        return f"StageTimer({body})"


def stage(timer: StageTimer | None, name: str) -> AbstractContextManager[None]:
    """``timer.stage(name)``, or a no-op context when there is no timer."""
    return timer.stage(name) if timer is not None else nullcontext()
