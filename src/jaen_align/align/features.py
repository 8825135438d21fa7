"""Evidence that a Japanese segment and an English segment say the same thing.

Each sentence is turned once into a ``SegmentView`` (character n-grams and content words of
its machine translation, lexicon keys, anchors, length); a pair of views then yields a few
features in [0, 1] and one combined score. Views of neighbouring sentences merge, so the
aligners can score 1-2 and 2-1 beads without recomputing anything.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import TYPE_CHECKING

from jaen_align.align.anchors import anchors_en, anchors_ja, numbers_as_digits
from jaen_align.align.embeddings import combine, similarity
from jaen_align.align.lexicon import Lexicon, coverage, english_coverage, overlap
from jaen_align.types import Sentence

if TYPE_CHECKING:
    import numpy as np

    from jaen_align.align.embeddings import SentenceEmbedder

CHAR_ORDER = 4
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    (
        "a an the of to in on at for by with from and or but is are was were be been being it its this that "
        "these those he she they we you i his her their our your as not no so do does did has have had will "
        "would can could there here which who whom what when where why how than then also into about over "
        "after before said says "
    ).split()
)


def content_words(text: str) -> frozenset[str]:
    return frozenset(w[:6] for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)


def char_ngrams(text: str) -> Counter[str]:
    squashed = re.sub(r"\s+", " ", text.lower()).strip()
    grams: Counter[str] = Counter()
    for n in range(1, CHAR_ORDER + 1):
        grams.update(squashed[i : i + n] for i in range(len(squashed) - n + 1))
    return grams


@dataclass(frozen=True)
class SegmentView:
    """What the features need of one or more consecutive sentences of one language."""

    lang: str
    chars: int
    text: str  # what the character n-grams are taken from: the MT for Japanese, the text for English
    words: frozenset[str]  # content words of the MT / the text
    lex: tuple[frozenset[str], ...]  # Japanese: English keys per content token; English: one set
    anchors: frozenset[str]
    sentences: int = 1
    parts: tuple[SegmentView, ...] = ()  # a merged view's single-sentence views, in order
    # unit vectors (``--embeddings``) of the original text and of the text joined with the
    # next sentence's, which a two-sentence merge takes; None without
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)
    embedding_with_next: np.ndarray | None = field(default=None, compare=False, repr=False)

    @cached_property
    def ngrams(self) -> Counter[str]:
        # computed on first use: scoring without MT never needs them, and merged views
        # (1-2, 2-1 beads) are cheaper to count afresh than to add up as Counters
        return char_ngrams(self.text)

    def merge(self, other: SegmentView) -> SegmentView:
        """The view of this segment followed by ``other`` (the next sentence(s) of the document)."""
        parts = (self.parts or (self,)) + (other.parts or (other,))
        return SegmentView(
            lang=self.lang,
            chars=self.chars + other.chars,
            text=f"{self.text} {other.text}",
            words=self.words | other.words,
            lex=self.lex + other.lex if self.lang == "ja" else (self.lex[0] | other.lex[0],),
            anchors=self.anchors | other.anchors,
            sentences=self.sentences + other.sentences,
            parts=parts,
            embedding=_merged_embedding(parts),
        )


def _merged_embedding(parts: tuple[SegmentView, ...]) -> np.ndarray | None:
    if any(p.embedding is None for p in parts):
        return None
    if len(parts) == 2 and parts[0].embedding_with_next is not None:
        return parts[0].embedding_with_next
    # longer runs are rare: approximated instead of embedded afresh
    return combine([p.embedding for p in parts])  # type: ignore[misc]


def view_ja(sentence: Sentence, lexicon: Lexicon | None) -> SegmentView:
    mt = numbers_as_digits(sentence.mt or "")
    lex = tuple(lexicon.english_keys_for_ja(sentence.tokens)) if lexicon is not None else ()
    return SegmentView("ja", len(sentence.text), mt, content_words(mt), lex, anchors_ja(sentence.text))


def view_en(sentence: Sentence, lexicon: Lexicon | None) -> SegmentView:
    lex = (lexicon.english_keys(sentence.text),) if lexicon is not None else (frozenset(),)
    text = numbers_as_digits(sentence.text)
    return SegmentView(
        "en",
        len(sentence.text),
        text,
        content_words(text),
        lex,
        anchors_en(sentence.text),
    )


def chrf_like(hyp: Counter[str], ref: Counter[str], beta: float = 2.0) -> float:
    """Character n-gram F-score (chrF's idea, over pooled n-gram orders) in [0, 1]."""
    if not hyp or not ref:
        return 0.0
    small, large = (hyp, ref) if len(hyp) <= len(ref) else (ref, hyp)
    # no intersection Counter: this runs for every scored pair
    matched = sum(min(count, large[gram]) for gram, count in small.items() if gram in large)
    if matched == 0:
        return 0.0
    precision = matched / sum(hyp.values())
    recall = matched / sum(ref.values())
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall)


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def lexicon_coverage(ja: SegmentView, en: SegmentView) -> tuple[float, float]:
    """(share of Japanese content tokens with a gloss in the English, the symmetric variant
    that also asks how much of the English those glosses explain)."""
    if not ja.lex or not en.lex[0]:
        return 0.0, 0.0
    return coverage(ja.lex, en.lex[0])


def anchor_agreement(ja: SegmentView, en: SegmentView) -> tuple[float, float]:
    """(agreement in [0, 1], 1.0 if either side has anchors at all else 0.0)."""
    if not ja.anchors and not en.anchors:
        return 0.0, 0.0
    return dice(ja.anchors, en.anchors), 1.0


def length_agreement(ja: SegmentView, en: SegmentView, ratio: float = 2.6, spread: float = 0.55) -> float:
    """1.0 when the English is ``ratio`` times as long in characters as the Japanese, falling
    off as a Gaussian of the log ratio."""
    if ja.chars == 0 or en.chars == 0:
        return 0.0
    dev = math.log(en.chars / (ja.chars * ratio))
    return math.exp(-0.5 * (dev / spread) ** 2)


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """Share of ``part`` found in ``whole``; 0.5 (no evidence either way) when ``part`` is empty."""
    return len(part & whole) / len(part) if part else 0.5


def part_support(ja: SegmentView, en: SegmentView, *, mt: bool = True) -> tuple[float, float]:
    """For a bead with a merged side: how much of its least supported sentence the other side
    explains, by MT content words and by lexicon keys. A sentence that belongs to the bead is
    explained by it ("はい、送れます。" in "...the company? Yes I can."); an unrelated neighbour
    is not, whatever the rest of the bead scores. (0, 0) for 1-1 beads; the MT part is 0
    with ``mt`` False."""
    if ja.sentences == 1 and en.sentences == 1:
        return 0.0, 0.0
    by_mt, by_lexicon = 1.0, 1.0
    for piece in ja.parts:
        if mt:
            by_mt = min(by_mt, containment(piece.words, en.words))
        by_lexicon = min(by_lexicon, overlap(piece.lex, en.lex[0]) if piece.lex else 0.5)
    for piece in en.parts:
        if mt:
            by_mt = min(by_mt, containment(piece.words, ja.words))
        by_lexicon = min(by_lexicon, english_coverage(ja.lex, piece.lex[0]))
    return (by_mt if mt else 0.0), by_lexicon


FEATURES = (
    "mt_chrf",
    "mt_words",
    "lexicon",
    "lexicon_sym",
    "anchors",
    "has_anchors",
    "length",
    "merge",
    "mt_part",
    "lexicon_part",
)
EMBEDDING_FEATURE = "embedding"  # present only when both views carry embeddings


def features(ja: SegmentView, en: SegmentView, *, mt: bool = True) -> dict[str, float]:
    """The features of a pair; with ``mt`` False the MT features are 0 and not computed.
    ``embedding`` is added when both views carry sentence embeddings."""
    agree, present = anchor_agreement(ja, en)
    lex, lex_sym = lexicon_coverage(ja, en)
    mt_part, lexicon_part = part_support(ja, en, mt=mt)
    feats = {
        "mt_chrf": chrf_like(ja.ngrams, en.ngrams) if mt and ja.text else 0.0,
        "mt_words": dice(ja.words, en.words) if mt else 0.0,
        "lexicon": lex,
        "lexicon_sym": lex_sym,
        "anchors": agree,
        "has_anchors": present,
        "length": length_agreement(ja, en),
        # beads of more than two sentences are rarer than 1-1; the fitted weight is the prior
        "merge": float(ja.sentences + en.sentences - 2),
        "mt_part": mt_part,
        "lexicon_part": lexicon_part,
    }
    if ja.embedding is not None and en.embedding is not None:
        feats[EMBEDDING_FEATURE] = similarity(ja.embedding, en.embedding)
    return feats


@dataclass(frozen=True)
class Scorer:
    """A logistic combination of the features; weights fitted by scripts/fit_scorer.py."""

    weights: Mapping[str, float]
    bias: float
    use_mt: bool = True
    skip_score: float = 0.3  # parallel mode: a bead must beat this to be preferred over skipping
    min_margin: float = 1.05  # comparable mode: ratio margin over the k best candidates
    gap_skip_score: float | None = None  # parallel mode: the threshold inside short gaps between beads
    lone_pair_margin: float | None = None  # parallel mode: log-odds lead that pairs a lone 1-1 gap
    neighbour_score: float | None = None  # comparable mode: the threshold next to a mined bead
    comparable_merge_gain: float | None = None  # comparable mode: log-odds a merge must add (None: 0)
    auto_min_coverage: float = 0.5  # auto mode: share of the shorter side mined in order that means "parallel"

    def score_features(self, feats: Mapping[str, float]) -> float:
        z = self.bias
        for name, weight in self.weights.items():
            if not self.use_mt and name.startswith("mt_"):
                continue
            z += weight * feats.get(name, 0.0)
        return 1.0 / (1.0 + math.exp(-z))

    def score(self, ja: SegmentView, en: SegmentView) -> float:
        return self.score_features(features(ja, en))

    def fingerprint(self) -> str:
        """A short hash of the weights and thresholds: equal for scorers that score alike."""
        from jaen_align.signature import mapping_hash

        # unset parameters are left out: a new one does not change the hash of scorers without it
        parameters = {name: getattr(self, name) for name in SCORER_PARAMETERS if getattr(self, name) is not None}
        return mapping_hash({"weights": dict(self.weights), "bias": self.bias, "use_mt": self.use_mt, **parameters})


# The Scorer fields beside the weights that data/scorer.json sets: thresholds and margins.
SCORER_PARAMETERS = tuple(f.name for f in fields(Scorer) if f.name not in ("weights", "bias", "use_mt"))

# Hand-set until fitted on the synthetic benchmark; the fitted file, when present, wins.
DEFAULT_WEIGHTS = {
    "mt_chrf": 7.0,
    "mt_words": 3.0,
    "lexicon": 2.5,
    "lexicon_sym": 4.0,
    "anchors": 2.5,
    "has_anchors": -1.0,
    "length": 1.5,
}
DEFAULT_BIAS = -6.0
NO_MT_WEIGHTS = {"lexicon": 4.0, "lexicon_sym": 6.0, "anchors": 3.0, "has_anchors": -1.2, "length": 2.0}
NO_MT_BIAS = -5.5


def scorer_variant(use_mt: bool, use_embeddings: bool = False) -> str:
    """The name of a fitted weight set in ``data/scorer.json``."""
    return ("mt" if use_mt else "no-mt") + ("+embed" if use_embeddings else "")


def default_scorer(use_mt: bool = True, use_embeddings: bool = False) -> Scorer:
    from jaen_align.align.weights import load_weights

    fitted = load_weights(scorer_variant(use_mt, use_embeddings))
    if fitted is None and use_embeddings:
        raise ValueError(f"no fitted weights for {scorer_variant(use_mt, use_embeddings)!r} in data/scorer.json")
    if fitted is not None:
        weights, bias, params = fitted
        return Scorer(weights, bias, use_mt, **params)
    if use_mt:
        return Scorer(DEFAULT_WEIGHTS, DEFAULT_BIAS, True)
    return Scorer(NO_MT_WEIGHTS, NO_MT_BIAS, False)


def views(
    sentences: Sequence[Sentence], lexicon: Lexicon | None, embedder: SentenceEmbedder | None = None
) -> list[SegmentView]:
    made = [view_ja(s, lexicon) if s.lang == "ja" else view_en(s, lexicon) for s in sentences]
    return with_embeddings(made, sentences, embedder) if embedder is not None else made


def with_embeddings(
    made: Sequence[SegmentView], sentences: Sequence[Sentence], embedder: SentenceEmbedder
) -> list[SegmentView]:
    """The views with the embeddings of their sentences and of each sentence joined with the next."""
    n = len(sentences)
    if n == 0:
        return []
    pairs = [
        sentences[i].text + ("" if sentences[i].lang == "ja" else " ") + sentences[i + 1].text for i in range(n - 1)
    ]
    vectors = embedder.embed([s.text for s in sentences] + pairs)
    return [
        replace(view, embedding=vectors[i], embedding_with_next=vectors[n + i] if i < n - 1 else None)
        for i, view in enumerate(made)
    ]
