"""The model's English made presentable: contractions joined and known words truecased.

Part of the embedded model's training English (the Tanaka corpus) was tokenized and
lower-cased at the source, and the model learned both habits: "I can 't speak japanese."
``join_contractions`` undoes the first for any model; ``truecase`` the second, with a model's
own table of words its cased training English writes capitalized (``truecase.tsv``, built by
``scripts/truecase_table.py``); ``capitalize_first`` mends the odd segment that starts in lower
case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_SPLIT_CONTRACTION = re.compile(r"(?<=[A-Za-z]) '(?=(?:t|s|re|ve|ll|d|m)\b)|(?<=\bo) '(?=clock\b)")
_LOWER_WORD = re.compile(r"(?<![A-Za-z'])[a-z]+(?![A-Za-z])")
_LOWER_FIRST_WORD = re.compile(r"^[a-z]+\b")  # not iPhone or eBay

TruecaseTable = Mapping[str, str]  # lower-cased word -> its written form


def join_contractions(text: str) -> str:
    """ "can 't" -> "can't", "I 'm" -> "I'm", "o 'clock" -> "o'clock"."""
    return _SPLIT_CONTRACTION.sub("'", text)


def truecase(text: str, table: TruecaseTable) -> str:
    """Lower-case words of ``table`` in their capitalized form ("tokyo" -> "Tokyo"); words
    already written with a capital are left as they are."""
    return _LOWER_WORD.sub(lambda m: table.get(m[0], m[0]), text) if table else text


def capitalize_first(text: str) -> str:
    """A segment starts with a capital, as the model's training English does (it sometimes
    does not: "food is necessary to live.")."""
    return text[0].upper() + text[1:] if _LOWER_FIRST_WORD.match(text) else text
