"""The learned word-translation table: IBM Model 1 in scripts/learn_lexicon.py, the shipped
table, and its use by the lexicon when alignment runs without MT."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from conftest import ROOT

from jaen_align.align.lexicon import (
    LearnedTable,
    Lexicon,
    alignment_lexicon,
    english_keys,
    english_words,
    learned_unit,
    overlap,
)
from jaen_align.text.tokenize import tokenize


def load_learn_lexicon() -> ModuleType:
    spec = importlib.util.spec_from_file_location("learn_lexicon", ROOT / "scripts" / "learn_lexicon.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_model1_finds_the_word_each_translation_shares() -> None:
    # every pair is ambiguous on its own; only the counts over sentences tell 犬 from 走る
    source = [["犬", "走る"], ["犬", "寝る"], ["猫", "走る"], ["猫", "寝る"], ["犬", "食べる"]]
    target = [["dog", "run"], ["dog", "sleep"], ["cat", "run"], ["cat", "sleep"], ["dog", "eat"]]
    probs, counts = load_learn_lexicon().model1(source, target, iterations=10)
    for ja, en in (("犬", "dog"), ("猫", "cat"), ("走る", "run"), ("寝る", "sleep")):
        best = max((p, e) for (j, e), p in probs.items() if j == ja)[1]
        assert best == en, (ja, best)
    assert counts[("犬", "dog")] == 3 and counts[("犬", "run")] == 1


def test_the_table_keeps_likely_pairs_seen_often_enough() -> None:
    table = load_learn_lexicon().table
    probs = {("犬", "dog"): 0.8, ("犬", "run"): 0.05, ("猫", "cat"): 0.9, ("<NULL>", "the"): 0.5}
    counts = {("犬", "dog"): 5, ("犬", "run"): 5, ("猫", "cat"): 1, ("<NULL>", "the"): 9}
    assert table(probs, counts, min_prob=0.1, min_count=3) == {"犬": ["dog"]}


def test_units_on_both_sides() -> None:
    units = [learned_unit(t) for t in tokenize("確かに大丈夫だと思います。")]
    assert "確か" in units and "大丈夫" in units
    assert "思う" not in units  # a light verb: the same stop list as JMdict lookups
    assert english_words("I'm sure it's fine, don't worry.") == ["sur", "fin", "worry"]


def test_the_shipped_table_is_documented_and_in_the_lexicon_s_own_forms() -> None:
    text = (ROOT / "src" / "jaen_align" / "data" / "learned_lexicon.tsv").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("command: python scripts/learn_lexicon.py" in line for line in header)
    assert any("CC-BY" in line for line in header)
    table = LearnedTable.default()
    assert len(table.keys) > 1000
    for lemma, words in table.keys.items():
        assert lemma and words, lemma
        for word in words:  # normalized forms: a contraction or capital could never match an English key
            assert word.isalnum() and word.islower(), (lemma, word)
    assert "meet" in table.keys["会議"]


@pytest.mark.parametrize(
    ("ja", "en"),
    [
        ("大丈夫です。", "It's fine."),
        ("助かります。", "I appreciate it."),
    ],
)
def test_without_mt_the_learned_words_meet_what_jmdict_misses(ja: str, en: str) -> None:
    tokens = tokenize(ja)
    assert overlap(Lexicon.default().english_keys_for_ja(tokens), english_keys(en)) == 0.0
    assert overlap(Lexicon.default(learned=True).english_keys_for_ja(tokens), english_keys(en)) == 1.0


def test_the_two_default_lexicons_are_shared_and_named_apart() -> None:
    plain, learned = Lexicon.default(), Lexicon.default(learned=True)
    assert Lexicon.default() is plain and Lexicon.default(learned=True) is learned and plain is not learned
    assert plain.learned is None and learned.learned is LearnedTable.default()
    assert learned.name == f"{plain.name}+learned@{LearnedTable.default().fingerprint}"
    assert alignment_lexicon(use_mt=True) is plain and alignment_lexicon(use_mt=False) is learned
