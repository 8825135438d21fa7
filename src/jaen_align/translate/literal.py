"""Segments with nothing to translate: no Japanese script, only digits, Latin text and
punctuation ("1、2、3、4。", "Node-RED", "2024/6/19"). The model garbles them (it turned
"1、2、3、4。" into "1, 3, 4, 3."), so they are carried over with Japanese punctuation made
English instead of being translated."""

from __future__ import annotations

import re

from jaen_align.text.scripts import HAS_JAPANESE

_PUNCTUATION = str.maketrans(
    {"、": ", ", "，": ", ", "。": ". ", "．": ". ", "「": '"', "」": '"', "『": '"', "』": '"'}
)


def literal_english(text: str) -> str | None:
    """The English of a segment without Japanese script, or None if it has some (or is empty)."""
    if not text.strip() or HAS_JAPANESE.search(text):
        return None
    english = text.translate(_PUNCTUATION)
    english = re.sub(r"\s+([,.;:!?])", r"\1", english)
    return re.sub(r"\s{2,}", " ", english).strip()
