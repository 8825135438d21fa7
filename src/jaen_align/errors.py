"""Errors the command line turns into a one-line message and exit code 2, and the argument
checks of the Python API."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: names the file (or option) and what is wrong with it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


def check_whole_numbers(minimum: int = 1, **counts: object) -> None:
    """ValueError naming the first of ``counts`` that is given (not None) and is not a whole
    number of at least ``minimum`` (True is no count)."""
    for name, count in counts.items():
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < minimum):
            raise ValueError(f"{name} must be a whole number of at least {minimum}, not {count!r}")
