"""Errors the command line turns into a one-line message and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: names the file (or option) and what is wrong with it."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem
