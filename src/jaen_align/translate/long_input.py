"""Sentences longer than a model takes, cut into pieces it takes whole.

A model reads at most ``max_input_length`` pieces; the rest of a longer input would be cut off
without a word. Such a sentence (a run of clauses joined by 、, a list, a table row) is cut
after clause punctuation into the fewest pieces that fit, and a clause that does not fit
alone is cut into equal stretches of characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# after these a sentence can be cut with the least harm: commas, semicolons, colons, closing
# brackets and spaces
_CLAUSE_END = re.compile(r"(?<=[、，,；;：:）)」』】\s])")


def fit_to_length(sentence: str, length: Callable[[str], int], limit: int) -> list[str]:
    """``sentence`` whole if ``length(sentence) <= limit``, else consecutive pieces of it,
    each within ``limit`` and joined back the same text: clauses packed greedily, a clause
    over the limit cut into equal stretches of characters."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if length(sentence) <= limit:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in (c for c in _CLAUSE_END.split(sentence) if c):
        if current and length(current + clause) <= limit:
            current += clause
            continue
        if current:
            pieces.append(current)
        if length(clause) <= limit:
            current = clause
        else:
            pieces += _cut_evenly(clause, length, limit)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _cut_evenly(text: str, length: Callable[[str], int], limit: int) -> list[str]:
    """``text`` in the fewest equal stretches of characters that each fit."""
    for count in range(-(-length(text) // limit), len(text) + 1):
        size = -(-len(text) // count)
        stretches = [text[i : i + size] for i in range(0, len(text), size)]
        if all(length(s) <= limit for s in stretches):
            return stretches
    return list(text)  # a single character over the limit: nothing shorter exists
