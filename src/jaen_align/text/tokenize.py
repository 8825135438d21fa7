"""Japanese tokenization with MeCab through fugashi and unidic-lite."""

from __future__ import annotations

from functools import lru_cache

import fugashi

from jaen_align.types import Token


@lru_cache(maxsize=1)
def tagger() -> fugashi.Tagger:
    """The shared MeCab tagger (unidic-lite dictionary); creating one costs ~0.1 s."""
    return fugashi.Tagger()


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
