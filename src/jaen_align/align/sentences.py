"""Sentence alignment inside one document pair.

``align_parallel``: a monotonic dynamic program over 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 beads
(the search is separate from the cost: any ``Scorer`` plugs in). Each aligned bead gains
``score - skip_score``; skipping a sentence gains nothing, so a bead is taken only when it
is better evidence than leaving both sides out, and a merge only when the merged segments
score higher than the pieces.

``align_comparable``: every plausible pair scored (candidates pruned by shared keys), a ratio
margin over the k best candidates of both sentences, greedy one-to-one selection, then
neighbouring sentences merged into 2-1 / 1-2 beads where that raises the score.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from jaen_align.align.features import Scorer, SegmentView, features

BEAD_SHAPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))
# Mining weighs every pair against all others, so it needs more evidence than a bead on the
# parallel path (whose output threshold lives in the pipeline).
COMPARABLE_MIN_SCORE = 0.7


@dataclass(frozen=True)
class Bead:
    ja: tuple[int, ...]  # positions in the document's Japanese sentence list
    en: tuple[int, ...]
    score: float
    margin: float = 0.0
    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


def _merged(views: Sequence[SegmentView], start: int, count: int) -> SegmentView:
    view = views[start]
    for k in range(start + 1, start + count):
        view = view.merge(views[k])
    return view


FeatureCache = dict[tuple[int, int, int, int], dict[str, float]]


def _bead(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    i: int,
    a: int,
    j: int,
    b: int,
    scorer: Scorer,
    cache: FeatureCache | None = None,
) -> Bead:
    """The bead of ja[i:i+a] and en[j:j+b]. Features do not depend on the scorer's weights,
    so a cache shared between runs (parameter searches) skips recomputing them."""
    feats = cache.get((i, a, j, b)) if cache is not None else None
    if feats is None:
        feats = features(_merged(ja, i, a), _merged(en, j, b))
        if cache is not None:
            cache[(i, a, j, b)] = feats
    return Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), scorer.score_features(feats), features=feats)


def align_parallel(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    scorer: Scorer,
    *,
    skip_score: float | None = None,
    band: int | None = None,
    cache: FeatureCache | None = None,
) -> list[Bead]:
    """Best monotonic path; returns the non-empty beads (1-0 and 0-1 are left out)."""
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return []
    skip_score = scorer.skip_score if skip_score is None else skip_score
    width = band if band is not None else max(25, (max(n, m) // 8) + abs(n - m))
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, Bead | None] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m / n
        lo, hi = max(0, int(centre - width)), min(m, int(centre + width) + 1)
        for j in range(lo, hi + 1):
            here = best[i][j]
            if here == neg:
                continue
            for a, b in BEAD_SHAPES:
                ni, nj = i + a, j + b
                if ni > n or nj > m:
                    continue
                if a and b:
                    bead = _bead(ja, en, i, a, j, b, scorer, cache)
                    gain = bead.score - skip_score
                else:
                    bead, gain = None, 0.0
                if here + gain > best[ni][nj]:
                    best[ni][nj] = here + gain
                    back[ni][nj] = (i, j, bead)
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        if step is None:  # outside the band: cannot happen when the band reaches (n, m)
            break
        i, j, bead = step
        if bead is not None:
            beads.append(bead)
    beads.reverse()
    return beads


def _keys(view: SegmentView) -> set[str]:
    keys = {"w:" + w for w in view.words} | {"a:" + a for a in view.anchors}
    if view.lang == "ja":
        for token_keys in view.lex:
            keys.update("l:" + k for k in token_keys)
    else:
        keys.update("l:" + k for k in view.lex[0])
    return keys


def candidate_pairs(ja: Sequence[SegmentView], en: Sequence[SegmentView], max_df: float = 0.2) -> set[tuple[int, int]]:
    """Pairs sharing at least one informative key (MT word, lexicon key or anchor): an
    inverted index keeps mining near-linear instead of scoring every pair."""
    index: dict[str, list[int]] = defaultdict(list)
    for j, view in enumerate(en):
        for key in _keys(view):
            index[key].append(j)
    limit = max(3, int(max_df * len(en)))
    pairs: set[tuple[int, int]] = set()
    for i, view in enumerate(ja):
        for key in _keys(view):
            postings = index.get(key)
            if postings and len(postings) <= limit:
                pairs.update((i, j) for j in postings)
    return pairs


def _knn_mean(scores: Sequence[float], k: int, floor: float) -> float:
    top = sorted(scores, reverse=True)[:k]
    top += [floor] * (k - len(top))
    return sum(top) / k


def align_comparable(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    scorer: Scorer,
    *,
    min_score: float = COMPARABLE_MIN_SCORE,
    min_margin: float | None = None,
    k: int = 4,
    floor: float = 0.05,
    merge_gain: float = 0.02,
    cache: FeatureCache | None = None,
) -> list[Bead]:
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return []
    min_margin = scorer.min_margin if min_margin is None else min_margin
    pairs = candidate_pairs(ja, en) if n * m > 400 else {(i, j) for i in range(n) for j in range(m)}
    scored: dict[tuple[int, int], Bead] = {}
    by_ja: dict[int, list[float]] = defaultdict(list)
    by_en: dict[int, list[float]] = defaultdict(list)
    for i, j in pairs:
        bead = _bead(ja, en, i, 1, j, 1, scorer, cache)
        scored[(i, j)] = bead
        by_ja[i].append(bead.score)
        by_en[j].append(bead.score)
    knn_ja = {i: _knn_mean(s, k, floor) for i, s in by_ja.items()}
    knn_en = {j: _knn_mean(s, k, floor) for j, s in by_en.items()}
    ranked = []
    for (i, j), bead in scored.items():
        margin = bead.score / ((knn_ja[i] + knn_en[j]) / 2)
        ranked.append((bead.score * min(margin, 2.0), margin, i, j, bead))
    ranked.sort(key=lambda r: (-r[0], r[2], r[3]))
    used_ja: set[int] = set()
    used_en: set[int] = set()
    chosen: list[Bead] = []
    for _, margin, i, j, bead in ranked:
        if i in used_ja or j in used_en or bead.score < min_score or margin < min_margin:
            continue
        used_ja.add(i)
        used_en.add(j)
        chosen.append(Bead(bead.ja, bead.en, bead.score, margin, bead.features))
    merged = [_try_merges(b, ja, en, scorer, used_ja, used_en, merge_gain, cache) for b in chosen]
    return sorted(merged, key=lambda b: (b.ja[0], b.en[0]))


MAX_MERGE = 3  # sentences on the merged side of a comparable-mode bead


def _try_merges(
    bead: Bead,
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    scorer: Scorer,
    used_ja: set[int],
    used_en: set[int],
    gain: float,
    cache: FeatureCache | None = None,
) -> Bead:
    """Grow a 1-1 bead into 2-1, 3-1, 1-2 or 1-3 with free neighbours while each merge scores
    higher: news translations merge and split sentences."""
    best = bead
    while True:
        i0, i1, j0, j1 = best.ja[0], best.ja[-1], best.en[0], best.en[-1]
        options = []
        if len(best.en) == 1 and len(best.ja) < MAX_MERGE:
            for ni in (i0 - 1, i1 + 1):
                if 0 <= ni < len(ja) and ni not in used_ja:
                    start = min(i0, ni)
                    options.append(("ja", ni, _bead(ja, en, start, len(best.ja) + 1, j0, 1, scorer, cache)))
        if len(best.ja) == 1 and len(best.en) < MAX_MERGE:
            for nj in (j0 - 1, j1 + 1):
                if 0 <= nj < len(en) and nj not in used_en:
                    start = min(j0, nj)
                    options.append(("en", nj, _bead(ja, en, i0, 1, start, len(best.en) + 1, scorer, cache)))
        taken = None
        for side, index, candidate in options:
            if candidate.score > best.score + gain and (taken is None or candidate.score > taken[2].score):
                taken = (side, index, candidate)
        if taken is None:
            return best
        side, index, candidate = taken
        (used_ja if side == "ja" else used_en).add(index)
        best = Bead(candidate.ja, candidate.en, candidate.score, bead.margin, candidate.features)


def is_mostly_monotonic(beads: Sequence[Bead], share: float = 0.9) -> bool:
    """True when the beads, ordered by Japanese position, keep the English order too (the
    longest increasing run of English positions covers ``share`` of them)."""
    if len(beads) < 3:
        return False
    order = [b.en[0] for b in sorted(beads, key=lambda b: b.ja[0])]
    tails: list[int] = []

    for value in order:
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
        else:
            tails[pos] = value
    return len(tails) >= share * len(order)


def align_auto(
    ja: Sequence[SegmentView], en: Sequence[SegmentView], scorer: Scorer, *, min_score: float = COMPARABLE_MIN_SCORE
) -> tuple[str, list[Bead]]:
    """Comparable mining first; if what it finds is in order and covers most of the shorter
    side, the pair is a translation and the parallel dynamic program gives the beads."""
    mined = align_comparable(ja, en, scorer, min_score=min_score)
    if len(ja) <= len(en):
        covered = sum(len(b.ja) for b in mined) / max(1, len(ja))
    else:
        covered = sum(len(b.en) for b in mined) / max(1, len(en))
    if is_mostly_monotonic(mined) and covered >= 0.5:
        return "parallel", align_parallel(ja, en, scorer)
    return "comparable", mined
