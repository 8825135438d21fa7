"""Japanese tokenization with MeCab through fugashi and unidic-lite."""

from __future__ import annotations

import threading

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


def tokenize(text: str) -> tuple[Token, ...]:
    """Surface, lemma and coarse part of speech of each Japanese token."""
    tokens = []
    for word in tagger()(text):
        feature = word.feature
        lemma = getattr(feature, "lemma", None) or word.surface
        # unidic lemmas of loanwords carry the source word after a dash: "ロシア-Russia"
        lemma = lemma.split("-", 1)[0] if "-" in lemma and not lemma.startswith("-") else lemma
        tokens.append(Token(word.surface, lemma, feature.pos1 or ""))
    return tuple(tokens)


def pretokenize_for_mt(text: str) -> str:
    """Space-separated MeCab surfaces: the optional pre-segmentation before SentencePiece."""
    return " ".join(word.surface for word in tagger()(text))
