"""Which Japanese document covers the same event as which English one.

Each document becomes a bag of terms: content words of its (machine-translated) English,
lexicon keys (JMdict/JMnedict glosses of its Japanese words, so names match even when the
translation garbles them) and anchors (numbers, dates, Latin-script names). Bags are
weighted by TF-IDF over the whole collection and compared by cosine; every Japanese
document is scored against every English one and pairs above a threshold are kept.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from jaen_align.align.features import SegmentView
from jaen_align.types import DocumentPair


def document_terms(views: Sequence[SegmentView]) -> Counter[str]:
    terms: Counter[str] = Counter()
    for view in views:
        terms.update("w:" + w for w in view.words)
        terms.update("a:" + a for a in view.anchors)
        lex_keys = set().union(*view.lex) if view.lex else set()
        terms.update("l:" + k for k in lex_keys)
    return terms


def tfidf_vectors(bags: Sequence[Counter[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    total = len(bags)
    vectors = []
    for bag in bags:
        vec = {t: (1 + math.log(c)) * (1 + math.log((1 + total) / (1 + df[t]))) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


TERM_WEIGHTS = {"w": 0.45, "l": 0.35, "a": 0.2}


def _of_type(bag: Counter[str], kind: str) -> Counter[str]:
    return Counter({t: c for t, c in bag.items() if t[0] == kind})


def score_documents(ja_docs: dict[str, Counter[str]], en_docs: dict[str, Counter[str]]) -> list[DocumentPair]:
    """All Japanese x English document pairs, best first. The score is a weighted mean of one
    TF-IDF cosine per kind of term (MT words, lexicon keys, anchors), over the kinds the
    Japanese side has: without translation, words do not count against a pair."""
    ja_ids, en_ids = list(ja_docs), list(en_docs)
    ja_lex = {t for bag in ja_docs.values() for t in bag if t[0] == "l"}
    # English lexicon keys are every n-gram of the text; only those some Japanese word can
    # produce are evidence.
    en_bags = {d: Counter({t: c for t, c in bag.items() if t[0] != "l" or t in ja_lex}) for d, bag in en_docs.items()}
    scores = {(j, e): 0.0 for j in ja_ids for e in en_ids}
    kinds = [k for k in TERM_WEIGHTS if any(t[0] == k for bag in ja_docs.values() for t in bag)]
    total_weight = sum(TERM_WEIGHTS[k] for k in kinds) or 1.0
    for kind in kinds:
        vectors = tfidf_vectors(
            [_of_type(ja_docs[d], kind) for d in ja_ids] + [_of_type(en_bags[d], kind) for d in en_ids]
        )
        ja_vecs, en_vecs = vectors[: len(ja_ids)], vectors[len(ja_ids) :]
        for ja_id, jv in zip(ja_ids, ja_vecs, strict=True):
            for en_id, ev in zip(en_ids, en_vecs, strict=True):
                scores[(ja_id, en_id)] += TERM_WEIGHTS[kind] * cosine(jv, ev) / total_weight
    pairs = [DocumentPair(j, e, round(s, 4)) for (j, e), s in scores.items()]
    return sorted(pairs, key=lambda p: (-p.score, p.ja_doc, p.en_doc))


RELATIVE_TO_BEST = 0.8


def select_document_pairs(
    pairs: Sequence[DocumentPair], threshold: float, relative: float = RELATIVE_TO_BEST
) -> list[DocumentPair]:
    """Pairs at or above ``threshold`` that also score at least ``relative`` times the best
    pair of their Japanese document and of their English document. A document may still pair
    with several (the same event covered by several outlets scores alike), but a document
    that has a clearly better partner does not also pair with a merely related one, whose
    score on a shared topic (same people, same places) can pass any absolute threshold.
    If nothing passes, nothing is paired."""
    best_ja: dict[str, float] = {}
    best_en: dict[str, float] = {}
    for p in pairs:
        best_ja[p.ja_doc] = max(best_ja.get(p.ja_doc, 0.0), p.score)
        best_en[p.en_doc] = max(best_en.get(p.en_doc, 0.0), p.score)
    return [
        p for p in pairs if p.score >= threshold and p.score >= relative * max(best_ja[p.ja_doc], best_en[p.en_doc])
    ]
