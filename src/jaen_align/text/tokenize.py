"""Japanese tokenization with MeCab through fugashi and unidic-lite."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import fugashi

from jaen_align.types import Token

_per_thread = threading.local()


def tagger() -> fugashi.Tagger:
    """This thread's MeCab tagger (unidic-lite dictionary), created on first use (~0.1 s).
    One per thread: a MeCab tagger shared by two threads mixes up their words' features."""
    made = getattr(_per_thread, "tagger", None)
    if made is None:
        made = _per_thread.tagger = fugashi.Tagger()
    return made


# MeCab crashes the process (SIGSEGV) on some inputs of a million characters, so longer text is
# parsed a stretch at a time, cut after punctuation or space where there is one
MAX_PARSE_CHARS = 4096
_BREAK = re.compile(r"[、。，．,.!?！？；;：:\s」』）)]")


def mecab_words(text: str) -> Iterator[fugashi.UnidicNode]:
    """MeCab's words of ``text``, parsed in stretches of at most MAX_PARSE_CHARS characters.
    Each word's features are read before the next stretch is parsed: a word reads them from
    MeCab's buffer, which the next parse overwrites (then 会議 has the lemma 言う)."""
    parse = tagger()
    start = 0
    while True:
        end = len(text) if len(text) - start <= MAX_PARSE_CHARS else start + _cut(text[start:], MAX_PARSE_CHARS)
        nodes = parse(text[start:end])
        for node in nodes:
            _ = node.feature  # read now: kept by the node from here on
        yield from nodes
        if end == len(text):
            return
        start = end


def _cut(text: str, limit: int) -> int:
    """Where to end a stretch of ``text`` of at most ``limit`` characters: after its last
    punctuation or space, else at the limit."""
    breaks = [m.end() for m in _BREAK.finditer(text, 0, limit)]
    return breaks[-1] if breaks else limit


def tokenize(text: str) -> tuple[Token, ...]:
    """Surface, lemma and coarse part of speech of each Japanese token."""
    tokens = []
    for word in mecab_words(text):
        feature = word.feature
        lemma = getattr(feature, "lemma", None) or word.surface
        # unidic lemmas of loanwords carry the source word after a dash: "ロシア-Russia"
        lemma = lemma.split("-", 1)[0] if "-" in lemma and not lemma.startswith("-") else lemma
        tokens.append(Token(word.surface, lemma, feature.pos1 or ""))
    return tuple(tokens)


def pretokenize_for_mt(text: str) -> str:
    """Space-separated MeCab surfaces: the optional pre-segmentation before SentencePiece."""
    return " ".join(word.surface for word in mecab_words(text))
