"""Sentence alignment inside one document pair.

``align_parallel``: a monotonic dynamic program over 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 beads
(the search is separate from the cost: any ``Scorer`` plugs in). Each aligned bead gains
the log-odds of its score minus those of ``skip_score``; skipping a sentence gains nothing,
so a bead is taken only when it is better evidence than leaving both sides out, and a merge
only when the merged segments are likelier than the pieces. Log-odds, not probabilities,
because the scores are a logistic model's: a path's gain is then the evidence of its beads
added up, and one confident bead outweighs two doubtful ones (on the benchmark, strict F1
0.908 -> 0.918 on the 12-document parallel tasks, 0.937 unchanged on the 4-document ones).

A last pass pairs a gap of one sentence a side when the two lead their neighbours
(``_pair_lone_gaps``): short dialogue turns whose translation is wrong.

``align_comparable``: every plausible pair scored (candidates pruned by shared keys), a ratio
margin over the k best candidates of both sentences, greedy one-to-one selection, then
neighbouring sentences merged into 2-1 / 1-2 beads where that raises the score.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from jaen_align.align.defaults import COMPARABLE_MIN_SCORE
from jaen_align.align.features import Scorer, SegmentView, features

BEAD_SHAPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1))


@dataclass(frozen=True)
class Bead:
    ja: tuple[int, ...]  # positions in the document's Japanese sentence list
    en: tuple[int, ...]
    score: float
    margin: float = 0.0
    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


class Runs:
    """Views of runs of consecutive sentences of one side; each run is merged once."""

    def __init__(self, views: Sequence[SegmentView]) -> None:
        self.views = views
        self._merged: dict[tuple[int, int], SegmentView] = {}

    def __len__(self) -> int:
        return len(self.views)

    def get(self, start: int, count: int) -> SegmentView:
        if count == 1:
            return self.views[start]
        view = self._merged.get((start, count))
        if view is None:
            view = self.get(start, count - 1).merge(self.views[start + count - 1])
            self._merged[(start, count)] = view
        return view


# (ja start, ja count, en start, en count, MT features computed) -> features
FeatureCache = dict[tuple[int, int, int, int, bool], dict[str, float]]


def _bead(
    ja: Runs,
    en: Runs,
    i: int,
    a: int,
    j: int,
    b: int,
    scorer: Scorer,
    cache: FeatureCache | None = None,
) -> Bead:
    """The bead of ja[i:i+a] and en[j:j+b]. Features do not depend on the scorer's weights,
    so a cache shared between runs (parameter searches) skips recomputing them."""
    key = (i, a, j, b, scorer.use_mt)
    feats = cache.get(key) if cache is not None else None
    if feats is None:
        feats = features(ja.get(i, a), en.get(j, b), mt=scorer.use_mt)
        if cache is not None:
            cache[key] = feats
    return Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), scorer.score_features(feats), features=feats)


def align_parallel(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    scorer: Scorer,
    *,
    skip_score: float | None = None,
    band: int | None = None,
    cache: FeatureCache | None = None,
    fill_gaps: bool = True,
) -> list[Bead]:
    """Best monotonic path; returns the non-empty beads (1-0 and 0-1 are left out), then
    short gaps between beads re-aligned with a lower threshold (``_fill_gaps``).

    The search runs inside a band of English positions for each Japanese position: around
    the diagonal for ordinary documents, and for long ones (more than ``ANCHORED_ABOVE``
    sentences a side) around a chain of confident 1-1 pairs, so that time and memory grow
    with the document instead of with its square.
    """
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return []
    skip_score = scorer.skip_score if skip_score is None else skip_score
    skip_log_odds = _logit(skip_score)
    ja_runs, en_runs = Runs(ja), Runs(en)
    if band is None and max(n, m) > ANCHORED_ABOVE:
        ranges = anchored_ranges(n, m, anchor_chain(ja_runs, en_runs, scorer, cache))
    else:
        width = band if band is not None else max(25, (max(n, m) // 8) + abs(n - m))
        ranges = diagonal_ranges(n, m, width)
    neg = float("-inf")
    # row i holds states (i, j) for j in ranges[i], stored at offset j - lo
    best = [[neg] * (hi - lo + 1) for lo, hi in ranges]
    back: list[list[tuple[int, int, Bead | None] | None]] = [[None] * (hi - lo + 1) for lo, hi in ranges]
    best[0][0 - ranges[0][0]] = 0.0
    for i in range(n + 1):
        lo, hi = ranges[i]
        row = best[i]
        for j in range(lo, hi + 1):
            here = row[j - lo]
            if here == neg:
                continue
            for a, b in BEAD_SHAPES:
                ni, nj = i + a, j + b
                if ni > n or nj > m:
                    continue
                nlo, nhi = ranges[ni]
                if not nlo <= nj <= nhi:
                    continue
                if a and b:
                    bead = _bead(ja_runs, en_runs, i, a, j, b, scorer, cache)
                    gain = _logit(bead.score) - skip_log_odds
                else:
                    bead, gain = None, 0.0
                if here + gain > best[ni][nj - nlo]:
                    best[ni][nj - nlo] = here + gain
                    back[ni][nj - nlo] = (i, j, bead)
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j - ranges[i][0]]
        if step is None:  # cannot happen: every row's range reaches the next one's
            break
        i, j, bead = step
        if bead is not None:
            beads.append(bead)
    beads.reverse()
    if fill_gaps and scorer.gap_skip_score is not None:
        beads = _fill_gaps(beads, ja, en, scorer)
    if fill_gaps and scorer.lone_pair_margin is not None:
        beads = _pair_lone_gaps(beads, ja_runs, en_runs, scorer, cache)
    return beads


MAX_GAP = 4  # sentences a side of a gap between beads that the second pass re-aligns


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1.0 - p))


def context_bead(bead: Bead, threshold: float, target: float, ja_offset: int = 0, en_offset: int = 0) -> Bead:
    """A bead accepted on positional context at the lower ``threshold``: its score is moved
    so that ``threshold`` lands on ``target`` (the score a bead needs without context), and
    its features record ``context`` = 1 and the ``content_score``."""
    score = 1.0 / (1.0 + math.exp(-(_logit(bead.score) - _logit(threshold) + _logit(target))))
    score = max(score, target) if bead.score >= threshold else score  # no rounding below target
    feats = {**bead.features, "context": 1.0, "content_score": round(bead.score, 4)}
    ja_ids = tuple(i + ja_offset for i in bead.ja)
    en_ids = tuple(j + en_offset for j in bead.en)
    return Bead(ja_ids, en_ids, score, bead.margin, feats)


def _fill_gaps(beads: list[Bead], ja: Sequence[SegmentView], en: Sequence[SegmentView], scorer: Scorer) -> list[Bead]:
    """Second pass of the parallel aligner: a short gap between two beads (or between a bead
    and the document's edge) of a translation is most likely a translated stretch whose
    sentences carry little evidence ("Sure." / もちろんです。), so it is re-aligned with the
    lower ``scorer.gap_skip_score``; a bead found there at that threshold scores 0.5."""
    gap_skip = scorer.gap_skip_score
    assert gap_skip is not None
    bounds = [((), ())] + [(b.ja, b.en) for b in beads] + [((len(ja),), (len(en),))]
    filled: list[Bead] = []
    for (prev_ja, prev_en), (next_ja, next_en) in pairwise(bounds):
        i0, i1 = (prev_ja[-1] + 1 if prev_ja else 0), next_ja[0] if next_ja else len(ja)
        j0, j1 = (prev_en[-1] + 1 if prev_en else 0), next_en[0] if next_en else len(en)
        if 0 < i1 - i0 <= MAX_GAP and 0 < j1 - j0 <= MAX_GAP:
            for bead in align_parallel(ja[i0:i1], en[j0:j1], scorer, skip_score=gap_skip, fill_gaps=False):
                filled.append(context_bead(bead, gap_skip, 0.5, i0, j0))
    return sorted(beads + filled, key=lambda b: (b.ja[0], b.en[0]))


LONE_PAIR_WINDOW = 6  # positions either side of a lone gap's sentence: its rivals
LONE_PAIR_RIVAL = 3  # the rank of the rival that a lone pair must lead by the margin


def _content_log_odds(bead: Bead, scorer: Scorer) -> float:
    """The bead's log-odds without its length term."""
    return _logit(bead.score) - scorer.weights.get("length", 0.0) * bead.features.get("length", 0.0)


def _lead(own: float, rivals: Sequence[float]) -> float:
    """Log-odds by which ``own`` exceeds the LONE_PAIR_RIVAL-th best of ``rivals``, or the
    best of them in a document too short to have that many (no rivals: no lead)."""
    if not rivals:
        return float("-inf")
    top = sorted(rivals, reverse=True)
    return own - (top[LONE_PAIR_RIVAL - 1] if len(top) >= LONE_PAIR_RIVAL else top[0])


def _pair_lone_gaps(
    beads: list[Bead], ja: Runs, en: Runs, scorer: Scorer, cache: FeatureCache | None = None
) -> list[Bead]:
    """Last pass of the parallel aligner: a gap of exactly one sentence a side between two
    beads (or a bead and the document's edge) is paired when each of the two scores the
    other clearly higher than the sentences around its position, however low the score
    itself: short turns (わかりました。 / "Okay.") carry too little evidence to pass any
    threshold, but an unrelated pair left by a deletion on each side scores no higher than
    its neighbours. Scores are compared without their length term, so that two short
    sentences among long ones do not lead on length alone. The bead's score is its lead over
    ``scorer.lone_pair_margin`` as a probability (0.5 at the threshold); its features record
    ``context``, ``content_score`` and ``lead``. (Gaps of 1-2 and 2-1 sentences were tried
    too: no change on the training tasks, strict F1 -0.004 on the 4-document benchmark.)"""
    threshold = scorer.lone_pair_margin
    assert threshold is not None
    n, m = len(ja), len(en)

    def content(ja_at: int, en_at: int) -> float:
        return _content_log_odds(_bead(ja, en, ja_at, 1, en_at, 1, scorer, cache), scorer)

    bounds = [((-1,), (-1,))] + [(b.ja, b.en) for b in beads] + [((n,), (m,))]
    lone: list[Bead] = []
    for (prev_ja, prev_en), (next_ja, next_en) in pairwise(bounds):
        i, j = prev_ja[-1] + 1, prev_en[-1] + 1
        if next_ja[0] - i != 1 or next_en[0] - j != 1:
            continue
        bead = _bead(ja, en, i, 1, j, 1, scorer, cache)
        own = _content_log_odds(bead, scorer)
        near_en = range(max(0, j - LONE_PAIR_WINDOW), min(m, j + LONE_PAIR_WINDOW + 1))
        near_ja = range(max(0, i - LONE_PAIR_WINDOW), min(n, i + LONE_PAIR_WINDOW + 1))
        lead = min(
            _lead(own, [content(i, k) for k in near_en if k != j]),
            _lead(own, [content(k, j) for k in near_ja if k != i]),
        )
        if lead >= threshold:
            score = 1.0 / (1.0 + math.exp(-(lead - threshold)))
            feats = {**bead.features, "context": 1.0, "content_score": round(bead.score, 4), "lead": round(lead, 4)}
            lone.append(Bead(bead.ja, bead.en, score, bead.margin, feats))
    return sorted(beads + lone, key=lambda b: (b.ja[0], b.en[0]))


ANCHORED_ABOVE = 400  # sentences a side beyond which the parallel band follows anchors
ANCHOR_SLACK = 12  # English positions allowed either side of the anchor path
GAP_BAND = 40  # English positions either side of the diagonal of a long stretch without anchors


def diagonal_ranges(n: int, m: int, width: int) -> list[tuple[int, int]]:
    """For each row i in 0..n, the English positions within ``width`` of the diagonal;
    the first row starts at 0 and the last ends at m, so a path always exists."""
    ranges = []
    for i in range(n + 1):
        centre = i * m / n
        ranges.append((max(0, int(centre - width)), min(m, int(centre + width) + 1)))
    ranges[0] = (0, ranges[0][1])
    ranges[-1] = (ranges[-1][0], m)
    return ranges


def anchored_ranges(
    n: int, m: int, anchors: Sequence[tuple[int, int]], slack: int = ANCHOR_SLACK
) -> list[tuple[int, int]]:
    """For each row i in 0..n, the English positions between the anchor states before and
    after it, widened by ``slack``. Anchors are increasing 1-1 pairs (i, j); each puts the
    path through states (i, j) and (i + 1, j + 1). Inside a long stretch without anchors
    (text the anchors cannot tell apart, such as repeated lines) the range is a band around
    that stretch's diagonal, so that the search stays linear in the document's length."""
    states = [(0, 0)]
    for i, j in anchors:
        states += [(i, j), (i + 1, j + 1)]
    states.append((n, m))
    ranges: list[tuple[int, int]] = []
    k = 0  # states[k] is the last state at or before row i
    for i in range(n + 1):
        while k + 1 < len(states) and states[k + 1][0] <= i:
            k += 1
        nxt = k
        while states[nxt][0] < i:
            nxt += 1
        (i0, j0), (i1, j1) = states[k], states[nxt]
        lo = max(0, j0 - slack)
        hi = min(m, j1 + slack)
        if i1 > i0:
            # the band holds every path between the two states that the rectangle holds
            # when the stretch is short; a long one keeps GAP_BAND either side of its diagonal
            width = GAP_BAND + abs((i1 - i0) - (j1 - j0))
            centre = j0 + (i - i0) * (j1 - j0) / (i1 - i0)
            lo = max(lo, int(centre - width))
            hi = min(hi, int(centre + width) + 1)
        ranges.append((lo, hi))
    return ranges


def anchor_chain(ja: Runs, en: Runs, scorer: Scorer, cache: FeatureCache | None = None) -> list[tuple[int, int]]:
    """Confident 1-1 pairs in document order: pairs that are each other's best candidate and
    score at least 0.5, reduced to their longest increasing chain."""
    best_ja: dict[int, tuple[float, int]] = {}
    best_en: dict[int, tuple[float, int]] = {}
    for i, j in candidate_pairs(ja.views, en.views, top_k=5):
        score = _bead(ja, en, i, 1, j, 1, scorer, cache).score
        if score > best_ja.get(i, (-1.0, -1))[0]:
            best_ja[i] = (score, j)
        if score > best_en.get(j, (-1.0, -1))[0]:
            best_en[j] = (score, i)
    mutual = sorted((i, j) for i, (score, j) in best_ja.items() if score >= 0.5 and best_en[j][1] == i)
    return longest_increasing_chain(mutual)


def longest_increasing_chain(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by i, distinct i) with increasing j."""
    tails: list[int] = []  # tails[k]: j of the smallest tail of a chain of length k + 1
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
        previous[index] = tail_index[k - 1] if k else -1
    chain = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def _keys(view: SegmentView) -> set[str]:
    keys = {"w:" + w for w in view.words} | {"a:" + a for a in view.anchors}
    if view.lang == "ja":
        for token_keys in view.lex:
            keys.update("l:" + k for k in token_keys)
    else:
        keys.update("l:" + k for k in view.lex[0])
    return keys


MAX_POSTINGS = 200  # a key in more sentences than this says nothing about which pairs match
CANDIDATES_PER_SENTENCE = 20


def candidate_pairs(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    *,
    top_k: int = CANDIDATES_PER_SENTENCE,
    max_df: float = 0.2,
) -> set[tuple[int, int]]:
    """For every sentence, the ``top_k`` sentences of the other side sharing the most
    informative keys (MT words, lexicon keys, anchors; IDF-weighted). Keys found in more
    than ``max_df`` of the sentences (or ``MAX_POSTINGS``) are ignored, so each sentence
    touches a bounded number of postings and the count of pairs grows linearly."""
    ja_keys = [_keys(v) for v in ja]
    en_keys = [_keys(v) for v in en]
    df = Counter(k for keys in ja_keys for k in keys)
    df.update(k for keys in en_keys for k in keys)
    total = len(ja) + len(en)
    idf = {key: math.log(total / count) for key, count in df.items()}
    pairs: set[tuple[int, int]] = set()
    for i, j in _top_matches(ja_keys, en_keys, idf, top_k, max_df):
        pairs.add((i, j))
    for j, i in _top_matches(en_keys, ja_keys, idf, top_k, max_df):
        pairs.add((i, j))
    return pairs


def _top_matches(
    queries: Sequence[set[str]], targets: Sequence[set[str]], idf: dict[str, float], top_k: int, max_df: float
) -> list[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for t, keys in enumerate(targets):
        for key in keys:
            index[key].append(t)
    limit = max(3, min(int(max_df * len(targets)), MAX_POSTINGS))
    postings = {key: np.asarray(ts, dtype=np.int64) for key, ts in index.items() if len(ts) <= limit}
    out: list[tuple[int, int]] = []
    for q, keys in enumerate(queries):
        hits = [(postings[key], idf[key]) for key in keys if key in postings]
        if not hits:
            continue
        ids = np.concatenate([h[0] for h in hits])
        weights = np.concatenate([np.full(len(h[0]), h[1]) for h in hits])
        targets_hit, inverse = np.unique(ids, return_inverse=True)
        totals = np.bincount(inverse, weights=weights)
        if len(targets_hit) > top_k:
            keep = np.argpartition(-totals, top_k - 1)[:top_k]
            targets_hit = targets_hit[keep]
        out.extend((q, int(t)) for t in targets_hit)
    return out


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
    merge_gain: float | None = None,
    cache: FeatureCache | None = None,
    keep: Sequence[Bead] = (),
) -> list[Bead]:
    """Margin-scored mining: 1-1 pairs scoring ``min_score`` and leading their k nearest
    rivals by ``min_margin``, taken best first, grown into merges, then extended to free
    neighbours. ``keep``: beads already mined (at a stricter threshold) whose sentences are
    taken; they are returned as they are, with what mining adds around them."""
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return list(keep)
    min_margin = scorer.min_margin if min_margin is None else min_margin
    if merge_gain is None:
        merge_gain = scorer.comparable_merge_gain if scorer.comparable_merge_gain is not None else 0.0
    pairs = candidate_pairs(ja, en) if n * m > 400 else {(i, j) for i in range(n) for j in range(m)}
    ja_runs, en_runs = Runs(ja), Runs(en)
    scored: dict[tuple[int, int], Bead] = {}
    by_ja: dict[int, list[float]] = defaultdict(list)
    by_en: dict[int, list[float]] = defaultdict(list)
    for i, j in pairs:
        bead = _bead(ja_runs, en_runs, i, 1, j, 1, scorer, cache)
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
    used_ja = {i for b in keep for i in b.ja}
    used_en = {j for b in keep for j in b.en}
    chosen: list[Bead] = []
    for _, margin, i, j, bead in ranked:
        if i in used_ja or j in used_en or bead.score < min_score or margin < min_margin:
            continue
        used_ja.add(i)
        used_en.add(j)
        chosen.append(Bead(bead.ja, bead.en, bead.score, margin, bead.features))
    merged = [_try_merges(b, ja_runs, en_runs, scorer, used_ja, used_en, merge_gain, cache) for b in chosen]
    if scorer.neighbour_score is not None:
        merged += _extend_to_neighbours(merged, ja_runs, en_runs, scorer, used_ja, used_en, merge_gain, cache)
    return sorted([*keep, *merged], key=lambda b: (b.ja[0], b.en[0]))


def _extend_to_neighbours(
    beads: Sequence[Bead],
    ja: Runs,
    en: Runs,
    scorer: Scorer,
    used_ja: set[int],
    used_en: set[int],
    merge_gain: float,
    cache: FeatureCache | None = None,
) -> list[Bead]:
    """Comparable texts reorder paragraphs but rarely the sentences inside one, so the free
    sentences right after (or before) a mined bead on both sides are likely a pair even when
    their own evidence is weak: take them at ``scorer.neighbour_score``, grow them with free
    neighbours as mined beads grow (``_try_merges``), and keep going from each one taken. Their
    scores are context-adjusted (``context_bead``): a bead taken at the threshold scores
    COMPARABLE_MIN_SCORE, whatever threshold the caller mines at, so that a score does not
    depend on the threshold that filters it."""
    threshold = scorer.neighbour_score
    assert threshold is not None
    added: list[Bead] = []
    frontier = list(beads)
    while frontier:
        bead = frontier.pop()
        for i, j in ((bead.ja[-1] + 1, bead.en[-1] + 1), (bead.ja[0] - 1, bead.en[0] - 1)):
            if not (0 <= i < len(ja) and 0 <= j < len(en)) or i in used_ja or j in used_en:
                continue
            candidate = _bead(ja, en, i, 1, j, 1, scorer, cache)
            if candidate.score >= threshold:
                used_ja.add(i)
                used_en.add(j)
                grown = _try_merges(candidate, ja, en, scorer, used_ja, used_en, merge_gain, cache)
                taken = context_bead(grown, threshold, COMPARABLE_MIN_SCORE)
                added.append(taken)
                frontier.append(taken)
    return added


MAX_MERGE = 3  # sentences on the merged side of a comparable-mode bead


def _try_merges(
    bead: Bead,
    ja: Runs,
    en: Runs,
    scorer: Scorer,
    used_ja: set[int],
    used_en: set[int],
    gain: float,
    cache: FeatureCache | None = None,
) -> Bead:
    """Grow a 1-1 bead into 2-1, 3-1, 1-2 or 1-3 with free neighbours while each merge raises
    the log-odds by more than ``gain`` (``scorer.comparable_merge_gain``, fitted per weight
    set): news translations merge and split sentences. In log-odds, because a confident bead
    cannot gain much probability: with the former rule, +0.02 in probability, a bead at 0.98
    never grew."""
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
            gained = _logit(candidate.score) - _logit(best.score) > gain
            if gained and (taken is None or candidate.score > taken[2].score):
                taken = (side, index, candidate)
        if taken is None:
            return best
        side, index, candidate = taken
        (used_ja if side == "ja" else used_en).add(index)
        best = Bead(candidate.ja, candidate.en, candidate.score, bead.margin, candidate.features)


# "In order" for auto mode: the longest run of mined beads in English order holds this share of
# them. On fit_scorer.py's training-side tasks (24 Coursera-train documents and 8 Tatoeba
# pseudo-dialogues) parallel tasks mine 0.875-1.0 in order and comparable tasks (paragraphs
# shuffled) 0.31-0.75; 0.8 lies between the two (0.9, the first choice, sent a parallel task at
# 0.875 to mining). Short dialogue turns that mining pairs wrongly lower the share.
AUTO_MIN_ORDERED_SHARE = 0.8


def is_mostly_monotonic(beads: Sequence[Bead], share: float = AUTO_MIN_ORDERED_SHARE) -> bool:
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


def coverage_of_shorter(beads: Sequence[Bead], n_ja: int, n_en: int) -> float:
    """Share of the shorter document's sentences that the beads hold."""
    if n_ja <= n_en:
        return sum(len(b.ja) for b in beads) / max(1, n_ja)
    return sum(len(b.en) for b in beads) / max(1, n_en)


# Mined beads at least this many and in order make a translation whatever their coverage: k
# pairs of unrelated texts fall in order by chance once in k! (720 for 6). Short dialogues whose
# turns the model cannot translate ("Sure." / もちろんです。) have low coverage but stay in order.
AUTO_MIN_ORDERED_BEADS = 6


def align_auto(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    scorer: Scorer,
    *,
    min_score: float = COMPARABLE_MIN_SCORE,
    cache: FeatureCache | None = None,
) -> tuple[str, list[Bead]]:
    """Comparable mining first; if what it finds is in order and either covers enough of the
    shorter side (``scorer.auto_min_coverage``) or holds ``AUTO_MIN_ORDERED_BEADS`` beads, the
    pair is a translation and the parallel dynamic program gives the beads. When mining finds
    fewer than three, the parallel beads are taken if those scoring ``min_score`` cover as much."""
    cache = {} if cache is None else cache  # the parallel pass re-scores many pairs the mining scored
    mined = align_comparable(ja, en, scorer, min_score=min_score, cache=cache)
    covered = coverage_of_shorter(mined, len(ja), len(en))
    ordered = is_mostly_monotonic(mined)
    if ordered and (covered >= scorer.auto_min_coverage or len(mined) >= AUTO_MIN_ORDERED_BEADS):
        return "parallel", align_parallel(ja, en, scorer, cache=cache)
    if len(mined) < 3:
        # too few to judge the order by; repeated sentences (a translated list, subtitles'
        # "Thank you.") leave mining no margin, so the parallel programme is asked directly
        beads = align_parallel(ja, en, scorer, cache=cache)
        if (
            coverage_of_shorter([b for b in beads if b.score >= min_score], len(ja), len(en))
            >= scorer.auto_min_coverage
        ):
            return "parallel", beads
    return "comparable", mined
