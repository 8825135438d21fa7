from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import SHARED

from jaen_align.evaluate.alignment import detect_gold_format, parse_gold

ROOT = Path(__file__).resolve().parents[1]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_align_bench", ROOT / "scripts" / "make_align_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building the class
    spec.loader.exec_module(module)
    return module


bench = load_script()


@pytest.fixture(scope="module")
def docs() -> list:
    ja = (SHARED / "coursera" / "dev.ja").read_text(encoding="utf-8").splitlines()[:90]
    en = (SHARED / "coursera" / "dev.en").read_text(encoding="utf-8").splitlines()[:90]
    return bench.cut_documents("coursera-dev", bench.pairs_from(ja, en), random.Random(0), lengths=(20, 30))


@pytest.fixture(scope="module")
def tasks(docs: list) -> list:
    return [task for doc in docs for task in bench.make_tasks(doc, [d for d in docs if d is not doc], seed=7)]


def doc_of(task, docs: list):
    return next(doc for doc in docs if task.name.startswith(doc.name + "-"))


def test_cut_documents(docs: list) -> None:
    assert len(docs) >= 3
    assert all(20 <= len(doc.ja) <= 30 and len(doc.ja) == len(doc.en) for doc in docs)
    assert [doc.name for doc in docs[:2]] == ["coursera-dev-000", "coursera-dev-001"]
    assert docs[1].ja[0] == bench.clean_line(
        (SHARED / "coursera" / "dev.ja").read_text(encoding="utf-8").splitlines()[len(docs[0].ja)]
    )


def test_every_gold_bead_is_the_merged_original_pair(tasks: list, docs: list) -> None:
    for task in tasks:
        doc = doc_of(task, docs)
        assert len(task.gold) == len(task.gold_src) > 0
        for (ja_ids, en_ids), src in zip(task.gold, task.gold_src, strict=True):
            assert ja_ids and en_ids and len(ja_ids) + len(en_ids) <= 3
            assert list(src) == list(range(src[0], src[0] + len(src)))  # neighbours only
            assert "".join(task.ja[i] for i in ja_ids) == "".join(doc.ja[k] for k in src)
            assert " ".join(task.en[i] for i in en_ids) == " ".join(doc.en[k] for k in src)


def test_gold_ids_are_valid_and_unique(tasks: list) -> None:
    for task in tasks:
        ja_used = [i for ja_ids, _ in task.gold for i in ja_ids]
        en_used = [i for _, en_ids in task.gold for i in en_ids]
        assert len(set(ja_used)) == len(ja_used) and len(set(en_used)) == len(en_used)
        assert all(0 <= i < len(task.ja) for i in ja_used)
        assert all(0 <= i < len(task.en) for i in en_used)
        for ids in [ja_ids for ja_ids, _ in task.gold] + [en_ids for _, en_ids in task.gold]:
            assert list(ids) == list(range(ids[0], ids[0] + len(ids)))


def test_parallel_gold_is_monotonic_and_comparable_shares_the_japanese(tasks: list) -> None:
    by_name = {task.name: task for task in tasks}
    for name, task in by_name.items():
        if not name.endswith("-parallel"):
            continue
        en_starts = [en_ids[0] for _, en_ids in task.gold]
        assert en_starts == sorted(en_starts)
        comparable = by_name[name.replace("-parallel", "-comparable")]
        assert comparable.ja == task.ja
        assert len(comparable.en) <= len(task.en)
        assert set(comparable.gold_src) <= set(task.gold_src)


def test_corruption_happened(tasks: list, docs: list) -> None:
    for task in tasks:
        doc = doc_of(task, docs)
        aligned = {k for src in task.gold_src for k in src}
        assert len(aligned) < len(doc.ja)  # some pairs lost a side
        others_ja = {s for d in docs if d is not doc for s in d.ja}
        aligned_ja = {i for ja_ids, _ in task.gold for i in ja_ids}
        unaligned = [task.ja[i] for i in range(len(task.ja)) if i not in aligned_ja]
        # Every unaligned Japanese line is a deleted pair's leftover or a distractor from elsewhere.
        assert all(line in doc.ja or line in others_ja for line in unaligned)
    assert any(len(ja) + len(en) == 3 for task in tasks for ja, en in task.gold)
    assert any(task.ja != doc_of(task, docs).ja for task in tasks)


def test_merge_neighbours_makes_one_to_two_and_two_to_one() -> None:
    doc = bench.SourceDoc("d", ("あ。", "い。", "う。", "え。"), ("A.", "B.", "C.", "D."))
    merged = bench.merge_neighbours(bench.initial_units(doc), random.Random(3), rate=1.0)
    assert [unit.src for unit in merged] == [(0, 1), (2, 3)]
    for unit in merged:
        assert sorted((len(unit.ja), len(unit.en))) == [1, 2]
        assert "".join(unit.ja) == "".join(doc.ja[k] for k in unit.src)
        assert " ".join(unit.en) == " ".join(doc.en[k] for k in unit.src)


def test_deterministic_per_seed(docs: list) -> None:
    doc, others = docs[0], docs[1:]
    assert bench.make_tasks(doc, others, seed=7) == bench.make_tasks(doc, others, seed=7)
    assert bench.make_tasks(doc, others, seed=7) != bench.make_tasks(doc, others, seed=8)


def test_write_task(tasks: list, tmp_path: Path) -> None:
    task = tasks[1]
    directory = bench.write_task(task, tmp_path)
    assert sorted(p.name for p in directory.iterdir()) == ["en.txt", "gold.tsv", "ja.txt"]
    assert tuple((directory / "ja.txt").read_text(encoding="utf-8").splitlines()) == task.ja
    assert tuple((directory / "en.txt").read_text(encoding="utf-8").splitlines()) == task.en
    gold_text = (directory / "gold.tsv").read_text(encoding="utf-8")
    assert detect_gold_format(gold_text) == "tsv"
    assert tuple(parse_gold(gold_text, "tsv")) == task.gold


def test_bsd_dialogues_are_documents() -> None:
    docs = bench.read_bsd(SHARED / "bsd" / "dev.json")
    assert len(docs) == 69
    assert docs[0].name == "bsd-dev-190315_E001_17"
    assert docs[0].en[0] == "I will be teaching you how to conduct research today."
    assert all(len(doc.ja) == len(doc.en) > 0 for doc in docs)
