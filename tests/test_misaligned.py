"""The hand-checked list of misaligned Coursera lines, the script that flags candidates for it,
and the don't-care scoring of eval_align_bench.py that reads it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import numpy as np
from conftest import ROOT, SHARED

LISTING = ROOT / "scripts" / "data" / "coursera-misaligned.tsv"


def load_script(name: str) -> ModuleType:
    if str(ROOT / "scripts") not in sys.path:  # eval_align_bench.py imports its neighbours
        sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def rows() -> list[list[str]]:
    text = LISTING.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_every_listed_line_is_a_line_of_the_shared_corpus() -> None:
    assert rows()
    for corpus, line, note in rows():
        assert corpus in {"coursera-dev", "coursera-test"} and note
        split = corpus.removeprefix("coursera-")
        for side in ("ja", "en"):
            lines = (SHARED / "coursera" / f"{split}.{side}").read_text(encoding="utf-8").splitlines()
            assert 1 <= int(line) <= len(lines) and lines[int(line) - 1].strip()


def test_a_pairing_shifted_by_one_is_flagged_and_right_pairs_are_not() -> None:
    finder = load_script("find_misaligned")
    similarity = np.full((6, 6), 0.7)
    np.fill_diagonal(similarity, 0.9)
    similarity[3, 3], similarity[3, 2] = 0.75, 0.92  # Japanese 3 translates English 2
    assert finder.neighbour_closer(similarity, slack=0.01) == [3]
    assert finder.neighbour_closer(similarity, slack=0.2) == []


def test_known_misaligned_sentences_are_left_out_of_both_sides() -> None:
    evaluate = load_script("eval_align_bench")
    bad_ja, bad_en = evaluate.read_misaligned(LISTING, SHARED)
    dev_ja = (SHARED / "coursera" / "dev.ja").read_text(encoding="utf-8").splitlines()
    assert evaluate.clean_line(dev_ja[250]) in bad_ja  # line 251
    assert evaluate.clean_line(dev_ja[251]) not in bad_ja  # line 252 is a right pair
    beads = [((0,), (0,)), ((1,), (2,)), ((2, 3), (3,)), ((4,), (4,))]
    assert evaluate.without(beads, {1}, {3}) == [((0,), (0,)), ((4,), (4,))]


def test_repeated_sentences_scored_as_one_make_either_copy_right() -> None:
    bench = load_script("eval_align_bench")
    from jaen_align.evaluate.alignment import score_alignment

    # coursera-dev-000 says this twice; which copy a shuffled task pairs is a coin toss
    repeated = "But basically make you sure check the box to allow the installer to edit your path."
    en = ["So basically go with the default selection.", repeated, "Type it in the console.", repeated]
    ja = ["基本的にデフォルトの設定で進めてください。", "インストーラーがパスを編集できるようにしてください。"]
    en_first = bench.first_of_identical(en)
    ja_first = bench.first_of_identical(ja)
    assert en_first == [0, 1, 2, 1] and ja_first == [0, 1]
    gold = [((0,), (0,)), ((1,), (3,))]
    pred = [((0,), (0,)), ((1,), (1,))]
    assert score_alignment(pred, gold).strict_precision == 0.5
    merged = score_alignment(bench.as_one(pred, ja_first, en_first), bench.as_one(gold, ja_first, en_first))
    assert merged.strict_precision == merged.strict_recall == 1.0
    # a different sentence is still wrong
    wrong = [((0,), (0,)), ((1,), (2,))]
    wrong_merged = score_alignment(bench.as_one(wrong, ja_first, en_first), bench.as_one(gold, ja_first, en_first))
    assert wrong_merged.strict_precision == 0.5
