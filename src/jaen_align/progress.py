"""Progress on stderr for the long stages (translating, embedding), shown only on a terminal."""

from __future__ import annotations

import sys
from typing import Protocol

# Fewer items than this finish before a bar would be worth drawing.
MIN_ITEMS_FOR_BAR = 64


class ProgressBar(Protocol):
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int | None, *, desc: str, unit: str, enabled: bool) -> ProgressBar:
    """A bar over ``total`` items, or a counter when the total is unknown (a stream)."""
    if not enabled or (total is not None and total < MIN_ITEMS_FOR_BAR) or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
