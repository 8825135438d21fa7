"""Document and sentence alignment on real text, with translation off (lexicon and anchors)
so that these tests do not depend on the embedded model's quality."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import SHARED

from jaen_align.align.documents import score_documents
from jaen_align.align.features import default_scorer, views
from jaen_align.align.lexicon import Lexicon, alignment_lexicon
from jaen_align.align.sentences import (
    Bead,
    align_auto,
    align_comparable,
    align_parallel,
    candidate_pairs,
    is_mostly_monotonic,
)
from jaen_align.evaluate.alignment import parse_gold, score_alignment
from jaen_align.text.tokenize import tokenize
from jaen_align.types import Sentence

GOLD_DIR = SHARED / "align-gold" / "tatoeba-sample"

JA = [
    "ロシアのプーチン大統領は19日、北朝鮮の金正恩朝鮮労働党総書記と会談した。",
    "会談は約2時間に及んだ。",
    "プーチン氏の訪朝は24年ぶり。",
    "一方、韓国と米国は、北朝鮮がウクライナ紛争でロシア軍を支援するために1万人以上の兵士を派遣したと非難している。",
]
EN = [
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un on the 19th.",
    "The talks lasted about two hours.",
    "It was Putin's first visit to North Korea in 24 years.",
    "The United States and South Korea have accused the North of sending more than 10,000 soldiers to help Russia.",
]


NO_MT_LEXICON = alignment_lexicon(use_mt=False)  # views as the pipeline builds them without MT


def ja_views(lines: list[str]):
    return views([Sentence("ja", i, t, "ja", tokenize(t)) for i, t in enumerate(lines)], NO_MT_LEXICON)


def en_views(lines: list[str]):
    return views([Sentence("en", i, t, "en") for i, t in enumerate(lines)], NO_MT_LEXICON)


def test_parallel_recovers_one_to_one_beads() -> None:
    beads = align_parallel(ja_views(JA), en_views(EN), default_scorer(use_mt=False))
    assert [(b.ja, b.en) for b in beads if b.score >= 0.5] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_parallel_skips_an_inserted_sentence() -> None:
    en = EN[:2] + ["The weather in Tokyo was sunny and warm all week."] + EN[2:]
    beads = align_parallel(ja_views(JA), en_views(en), default_scorer(use_mt=False))
    pairs = [(b.ja, b.en) for b in beads if b.score >= 0.5]
    assert ((2,), (3,)) in pairs and ((3,), (4,)) in pairs
    assert not any(2 in en_ids for _, en_ids in pairs)


def test_parallel_merges_a_split_translation() -> None:
    ja = ["会談は約2時間に及んだ。プーチン氏の訪朝は24年ぶり。"]
    beads = align_parallel(ja_views(ja), en_views(EN[1:3]), default_scorer(use_mt=False))
    assert [(b.ja, b.en) for b in beads] == [((0,), (0, 1))]


def test_scores_are_probabilities() -> None:
    for bead in align_parallel(ja_views(JA), en_views(EN), default_scorer(use_mt=False)):
        assert 0.0 <= bead.score <= 1.0


def test_comparable_mode_on_the_tatoeba_gold_sample() -> None:
    ja_lines = (GOLD_DIR / "ja.txt").read_text(encoding="utf-8").splitlines()
    en_lines = (GOLD_DIR / "en.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_gold((GOLD_DIR / "gold.pairs").read_text(encoding="utf-8"), "tatoeba")
    beads = align_comparable(ja_views(ja_lines), en_views(en_lines), default_scorer(use_mt=False))
    scores = score_alignment([(b.ja, b.en) for b in beads], gold)
    assert scores.strict_precision >= 0.9
    assert scores.strict_f1 >= 0.8


def test_comparable_mode_finds_reordered_pairs() -> None:
    order = [3, 0, 2, 1]
    beads = align_comparable(ja_views(JA), en_views([EN[k] for k in order]), default_scorer(use_mt=False))
    found = {(b.ja[0], order[b.en[0]]) for b in beads if len(b.ja) == len(b.en) == 1}
    assert found == {(0, 0), (1, 1), (2, 2), (3, 3)}
    assert not is_mostly_monotonic(beads)


def test_candidate_pruning_keeps_true_pairs() -> None:
    pairs = candidate_pairs(ja_views(JA), en_views(EN), max_df=1.0)
    assert {(0, 0), (1, 1), (2, 2), (3, 3)} <= pairs


def test_documents_about_the_same_event_score_higher(tmp_path: Path) -> None:
    from jaen_align.align.documents import document_terms

    ja = {"putin-visit": document_terms(ja_views(JA))}
    en = {
        "putin-visit": document_terms(en_views(EN)),
        "football": document_terms(en_views(["Japan beat Australia 2-0 in a World Cup qualifier on Tuesday."])),
    }
    scores = {(p.ja_doc, p.en_doc): p.score for p in score_documents(ja, en)}
    assert scores[("putin-visit", "putin-visit")] > 2 * scores[("putin-visit", "football")]


def test_longest_increasing_chain_drops_crossing_pairs() -> None:
    from jaen_align.align.sentences import longest_increasing_chain

    pairs = [(0, 0), (1, 5), (2, 1), (3, 2), (4, 9), (5, 3)]
    assert longest_increasing_chain(pairs) == [(0, 0), (2, 1), (3, 2), (5, 3)]
    assert longest_increasing_chain([]) == []


def test_anchored_ranges_connect_start_to_end_through_the_anchors() -> None:
    from jaen_align.align.sentences import anchored_ranges

    ranges = anchored_ranges(100, 120, [(10, 12), (50, 70), (90, 108)], slack=3)
    assert ranges[0][0] == 0 and ranges[-1][1] == 120
    for (lo, hi), (next_lo, _) in zip(ranges, ranges[1:], strict=False):
        assert lo <= hi and next_lo <= hi  # every row reaches the next one
    assert ranges[10][0] <= 12 <= ranges[10][1] and ranges[50][0] <= 70 <= ranges[50][1]
    assert ranges[30] == (12 + 1 - 3, 70 + 3)  # between anchors: bounded by their states


def test_a_long_stretch_without_anchors_is_searched_in_a_band_not_a_square() -> None:
    from jaen_align.align.sentences import GAP_BAND, anchored_ranges

    n = m = 5000  # e.g. repeated lines, none of them a confident anchor
    ranges = anchored_ranges(n, m, [])
    assert ranges[0][0] == 0 and ranges[-1][1] == m
    for i, ((lo, hi), (next_lo, _)) in enumerate(zip(ranges, ranges[1:], strict=False)):
        assert lo <= i <= hi and next_lo <= hi  # the diagonal is inside, every row reaches the next
    assert sum(hi - lo + 1 for lo, hi in ranges) <= (n + 1) * (2 * GAP_BAND + 2)
    # unequal lengths widen the band by the difference, so the corner is still reachable
    uneven = anchored_ranges(50, 3000, [])
    assert all(lo <= hi for lo, hi in uneven) and uneven[-1][1] == 3000
    for (_, hi), (next_lo, _) in zip(uneven, uneven[1:], strict=False):
        assert next_lo <= hi


def test_repeated_lines_align_one_to_one_in_order() -> None:
    lines = 600  # past ANCHORED_ABOVE: no line is anyone's unique best match
    ja = ja_views(["ご覧いただきありがとうございます。"] * lines)
    en = en_views(["Thank you for watching."] * lines)
    beads = align_parallel(ja, en, default_scorer(use_mt=False))
    assert [(b.ja, b.en) for b in beads] == [((k,), (k,)) for k in range(lines)]


def test_long_parallel_documents_follow_anchors_and_stay_accurate() -> None:
    import random

    from jaen_align.align import sentences

    ja_lines = (SHARED / "coursera" / "test.ja").read_text(encoding="utf-8").splitlines()[:500]
    en_lines = (SHARED / "coursera" / "test.en").read_text(encoding="utf-8").splitlines()[:500]
    rng = random.Random(3)
    kept = [k for k in range(len(en_lines)) if rng.random() > 0.1]  # a tenth of the English deleted
    assert len(ja_lines) > sentences.ANCHORED_ABOVE
    beads = align_parallel(ja_views(ja_lines), en_views([en_lines[k] for k in kept]), default_scorer(use_mt=False))
    one_to_one = [(b.ja[0], kept[b.en[0]]) for b in beads if len(b.ja) == len(b.en) == 1 and b.score >= 0.5]
    correct = sum(1 for i, k in one_to_one if i == k)
    assert len(one_to_one) >= 0.6 * len(kept)
    assert correct >= 0.9 * len(one_to_one)


def _with_gap(ja_line: str, en_line: str):
    return ja_views([JA[0], ja_line, JA[3]]), en_views([EN[0], en_line, EN[3]])


def test_short_gap_between_beads_is_aligned_by_the_second_pass() -> None:
    # a true pair with little lexical evidence: the first pass leaves it out
    ja, en = _with_gap("承知しました。", "Okay.")
    scorer = default_scorer(use_mt=False)
    content = scorer.score(ja[1], en[1])
    assert content < scorer.skip_score
    assert ((1,), (1,)) not in [(b.ja, b.en) for b in align_parallel(ja, en, scorer, fill_gaps=False)]
    beads = align_parallel(ja, en, replace(scorer, gap_skip_score=content / 2))
    assert [(b.ja, b.en) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    gap_bead = beads[1]
    assert gap_bead.features["context"] == 1.0
    assert gap_bead.features["content_score"] == round(content, 4)
    assert content < gap_bead.score < 1.0  # context raises the score, which stays a probability


def test_gap_pass_keeps_its_own_threshold() -> None:
    ja, en = _with_gap("彼は手紙を書く。", "The stock market closed higher on Friday.")
    scorer = default_scorer(use_mt=False)
    content = scorer.score(ja[1], en[1])
    gap_pass_only = replace(scorer, gap_skip_score=min(0.99, content * 1.5), lone_pair_margin=None)
    beads = align_parallel(ja, en, gap_pass_only)
    assert [(b.ja, b.en) for b in beads] == [((0,), (0,)), ((2,), (2,))]


def test_lone_gap_pair_that_leads_its_neighbours_is_paired() -> None:
    ja, en = ja_views([JA[0], "承知しました。", *JA[1:]]), en_views([EN[0], "Okay.", *EN[1:]])
    scorer = default_scorer(use_mt=False)
    assert ((1,), (1,)) not in [(b.ja, b.en) for b in align_parallel(ja, en, scorer, fill_gaps=False)]
    probe = align_parallel(ja, en, replace(scorer, lone_pair_margin=-10.0))
    lead = next(b.features["lead"] for b in probe if b.ja == (1,))
    beads = align_parallel(ja, en, replace(scorer, lone_pair_margin=lead - 1.0))
    assert [(b.ja, b.en) for b in beads] == [((k,), (k,)) for k in range(5)]
    lone = beads[1]
    assert lone.features["context"] == 1.0 and lone.features["content_score"] < scorer.skip_score
    assert 0.5 < lone.score < 1.0  # one log-odds unit above the threshold
    # a threshold above the pair's lead leaves the gap open
    strict = align_parallel(ja, en, replace(scorer, lone_pair_margin=lead + 0.01))
    assert ((1,), (1,)) not in [(b.ja, b.en) for b in strict]


def test_lone_gap_sentence_closer_to_a_neighbour_is_left_unpaired() -> None:
    # the gap's Japanese repeats the next sentence, whose English it matches far better than
    # "Okay." (a document this short has fewer rivals than LONE_PAIR_RIVAL: the best one counts)
    ja, en = ja_views([JA[0], JA[3], JA[3]]), en_views([EN[0], "Okay.", EN[3]])
    probe = align_parallel(ja, en, replace(default_scorer(use_mt=False), lone_pair_margin=-3.0))
    assert [(b.ja, b.en) for b in probe] == [((0,), (0,)), ((2,), (2,))]


def test_comparable_merge_needs_its_gain_in_log_odds() -> None:
    import math

    ja = ja_views(
        [
            "ロシアのプーチン大統領は19日、北朝鮮の金正恩朝鮮労働党総書記と会談した。",
            "両首脳は平壌で2時間会談した。",
            JA[2],
            JA[3],
        ]
    )
    en_line = (
        "Russian President Vladimir Putin met North Korean leader Kim Jong Un on the 19th, "
        "and the two leaders talked in Pyongyang for two hours."
    )
    en = en_views([en_line, EN[2], EN[3]])
    scorer = default_scorer(use_mt=False)
    merged = next(b for b in align_comparable(ja, en, scorer, merge_gain=0.0) if b.en == (0,))
    assert merged.ja == (0, 1)
    single = scorer.score(ja[0], en[0])
    gain = math.log(merged.score / (1 - merged.score)) - math.log(single / (1 - single))
    kept = align_comparable(ja, en, scorer, merge_gain=gain - 0.01)
    assert ((0, 1), (0,)) in [(b.ja, b.en) for b in kept]
    refused = align_comparable(ja, en, scorer, merge_gain=gain + 0.01)
    assert ((0,), (0,)) in [(b.ja, b.en) for b in refused]


def test_lone_gap_pass_leaves_wider_gaps_alone() -> None:
    ja = ja_views([JA[0], "承知しました。", "もちろんです。", *JA[1:]])
    en = en_views([EN[0], "Okay.", *EN[1:]])
    beads = align_parallel(ja, en, replace(default_scorer(use_mt=False), lone_pair_margin=-10.0))
    assert [(b.ja, b.en) for b in beads] == [((0,), (0,)), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]


def test_document_selection_drops_a_merely_related_partner() -> None:
    from jaen_align.align.documents import select_document_pairs
    from jaen_align.types import DocumentPair

    pairs = [
        DocumentPair("ja-a", "en-a", 0.40),  # a translation
        DocumentPair("ja-a", "en-b", 0.36),  # the same event from another outlet
        DocumentPair("ja-b", "en-a", 0.15),  # same people and places, another event
        DocumentPair("ja-b", "en-c", 0.05),
    ]
    chosen = [(p.ja_doc, p.en_doc) for p in select_document_pairs(pairs, threshold=0.1)]
    assert chosen == [("ja-a", "en-a"), ("ja-a", "en-b")]


def test_comparable_mining_extends_a_bead_to_its_weak_neighbours() -> None:
    ja = ja_views([JA[0], "承知しました。", JA[3], JA[1]])
    en = en_views([EN[1], EN[0], "Okay.", EN[3]])  # paragraphs moved, "Okay." still follows
    scorer = default_scorer(use_mt=False)
    plain = replace(scorer, neighbour_score=None)
    assert ((1,), (2,)) not in [(b.ja, b.en) for b in align_comparable(ja, en, plain, min_score=0.5)]
    content = scorer.score(ja[1], en[2])
    beads = align_comparable(ja, en, replace(scorer, neighbour_score=content / 2), min_score=0.5)
    found = {(b.ja, b.en): b for b in beads}
    assert ((1,), (2,)) in found and ((0,), (1,)) in found
    assert found[((1,), (2,))].features["context"] == 1.0
    assert found[((1,), (2,))].score >= 0.5  # context lifts it to the mining threshold


def _sparse_translation() -> tuple[list[str], list[str]]:
    """Forty Coursera sentences whose English keeps every other translation in order and
    replaces the rest with everyday Tatoeba sentences: low coverage, in order."""
    ja = (SHARED / "coursera" / "test.ja").read_text(encoding="utf-8").splitlines()[200:240]
    en_all = (SHARED / "coursera" / "test.en").read_text(encoding="utf-8").splitlines()[200:240]
    tatoeba = (SHARED / "tatoeba" / "jpn-eng.tsv").read_text(encoding="utf-8").splitlines()
    en = [en_all[k] if k % 2 == 0 else tatoeba[5000 + 50 * k].partition("\t")[0] for k in range(40)]
    return ja, en


def test_auto_takes_many_ordered_pairs_for_a_translation_despite_low_coverage(monkeypatch) -> None:
    from jaen_align.align import sentences

    ja, en = _sparse_translation()
    scorer = default_scorer(use_mt=False)
    mined = align_comparable(ja_views(ja), en_views(en), scorer)
    assert is_mostly_monotonic(mined) and len(mined) >= sentences.AUTO_MIN_ORDERED_BEADS
    assert len(mined) / len(ja) < scorer.auto_min_coverage
    mode, beads = align_auto(ja_views(ja), en_views(en), scorer)
    assert mode == "parallel"
    assert sum(1 for b in beads if b.ja == b.en and b.ja[0] % 2 == 0) >= 0.9 * len(mined)
    monkeypatch.setattr(sentences, "AUTO_MIN_ORDERED_BEADS", 10**6)
    assert align_auto(ja_views(ja), en_views(en), scorer)[0] == "comparable"


def test_auto_keeps_shuffled_texts_comparable() -> None:
    import random

    ja, en = _sparse_translation()
    random.Random(5).shuffle(en)
    assert align_auto(ja_views(ja), en_views(en), default_scorer(use_mt=False))[0] == "comparable"


def test_spelled_out_small_numbers_meet_the_translator_digits() -> None:
    from jaen_align.align.anchors import numbers_as_digits
    from jaen_align.align.features import features, view_en, view_ja

    assert numbers_as_digits("One, two, three. Someone has one.") == "1, 2, 3. Someone has 1."
    ja = view_ja(Sentence("ja", 0, "1、2、3、4。", "ja", tokenize("1、2、3、4。"), "1, 2, 3, 4."), Lexicon.default())
    en = view_en(Sentence("en", 0, "One, two, three, four.", "en"), Lexicon.default())
    assert features(ja, en)["mt_chrf"] > 0.9


def test_part_support_tells_a_merged_answer_from_an_unrelated_neighbour() -> None:
    from jaen_align.align.features import part_support

    ja = ja_views(["ロシアのプーチン大統領は19日、北朝鮮の金正恩朝鮮労働党総書記と会談した。"])
    en = en_views([EN[0], "The talks lasted about two hours.", "The weather in Tokyo was sunny and warm all week."])
    assert part_support(ja[0], en[0]) == (0.0, 0.0)  # 1-1 beads have no parts
    with_own_part = part_support(ja[0], en[0].merge(en_views(["Putin met Kim."])[0]))
    with_stranger = part_support(ja[0], en[0].merge(en[2]))
    assert with_own_part[1] > with_stranger[1]
    assert with_stranger[1] == 0.0


def test_order_test_tolerates_one_stray_bead_in_five_not_two() -> None:
    # auto mode's order test: 4 of 5 mined beads in English order still read as a translation
    # whose mining paired one short turn wrongly; 3 of 5 do not
    one_stray = [Bead((k,), (e,), 0.9) for k, e in enumerate([0, 1, 9, 3, 4])]
    two_stray = [Bead((k,), (e,), 0.9) for k, e in enumerate([0, 8, 9, 3, 4])]
    assert is_mostly_monotonic(one_stray)
    assert not is_mostly_monotonic(two_stray)


def test_auto_aligns_repeated_lines_that_mining_cannot_tell_apart() -> None:
    ja = ja_views(["ご覧いただきありがとうございます。"] * 40)
    en = en_views(["Thank you for watching."] * 40)
    scorer = default_scorer(use_mt=False)
    assert len(align_comparable(ja, en, scorer)) < 3  # no margin between identical candidates
    mode, beads = align_auto(ja, en, scorer)
    assert mode == "parallel" and [(b.ja, b.en) for b in beads] == [((k,), (k,)) for k in range(40)]


def test_auto_does_not_force_unrelated_texts_into_parallel() -> None:
    ja = ja_views(["今日は雨が降っています。", "猫が庭で寝ている。", "駅まで歩いて十分です。"])
    en = en_views(["The committee approved the budget.", "Stocks fell sharply on Monday.", "He plays the violin."])
    mode, _ = align_auto(ja, en, default_scorer(use_mt=False))
    assert mode == "comparable"


def test_a_neighbour_taken_on_context_grows_like_a_mined_bead() -> None:
    ja = ja_views([JA[3], JA[1], "両首脳は夕食を共にした。"])
    en = en_views([EN[3], "The talks lasted about two hours and ended with a dinner."])
    scorer = default_scorer(use_mt=False)
    anchor, halves = scorer.score(ja[0], en[0]), (scorer.score(ja[1], en[1]), scorer.score(ja[2], en[1]))
    strict = (anchor + max(halves)) / 2  # JA 0 is mined; neither half of the merged answer is
    context = replace(scorer, neighbour_score=min(halves) / 2)
    without_context = align_comparable(ja, en, replace(scorer, neighbour_score=None), min_score=strict)
    assert [(b.ja, b.en) for b in without_context] == [((0,), (0,))]
    beads = {(b.ja, b.en): b for b in align_comparable(ja, en, context, min_score=strict, merge_gain=0.0)}
    assert set(beads) == {((0,), (0,)), ((1, 2), (1,))}  # taken on context, then grown
    assert beads[((1, 2), (1,))].features["context"] == 1.0
