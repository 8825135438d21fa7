from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from jaen_align.corpus import writers
from jaen_align.corpus.tmx import read_tmx
from jaen_align.corpus.writers import output_format, write_pairs, write_text_atomic
from jaen_align.errors import InputError
from jaen_align.types import AlignedPair

PAIRS = [
    AlignedPair((0,), (0,), "猫が好きです。", "I like cats.", 0.91234, "nhk-1", "bbc-1", {"chrf": 0.5}),
    AlignedPair((1, 2), (1,), "一行目\t二行目\n三行目", "tab\there\r\nand\u2028there", 0.5, "nhk 1", "bbc-1"),
]


class Exploding(Sequence[AlignedPair]):
    """Yields one pair, then fails: a pipeline that dies while the corpus is being written."""

    def __len__(self) -> int:
        return 3

    def __getitem__(self, index):  # type: ignore[override]
        if index == 0:
            return PAIRS[0]
        raise RuntimeError("pipeline failed")


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_tsv(tmp_path: Path) -> None:
    out = tmp_path / "corpus.tsv"
    write_pairs(out, PAIRS)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines == [
        "ja\ten\tscore\tja_doc\ten_doc",
        "猫が好きです。\tI like cats.\t0.9123\tnhk-1\tbbc-1",
        "一行目 二行目 三行目\ttab here  and there\t0.5000\tnhk 1\tbbc-1",
        "",
    ]


def test_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    write_pairs(out, PAIRS)
    raw = out.read_bytes()
    assert "猫が好きです。".encode() in raw  # ensure_ascii=False
    records = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert [list(r) for r in records] == [["ja", "en", "score", "ja_doc", "en_doc", "ja_ids", "en_ids"]] * 2
    assert records[0] == {
        "ja": "猫が好きです。",
        "en": "I like cats.",
        "score": 0.9123,
        "ja_doc": "nhk-1",
        "en_doc": "bbc-1",
        "ja_ids": [0],
        "en_ids": [0],
    }
    assert records[1]["ja"] == PAIRS[1].ja  # JSON keeps tabs and newlines
    assert records[1]["ja_ids"] == [1, 2]


def test_tmx(tmp_path: Path) -> None:
    out = tmp_path / "corpus.TMX"
    write_pairs(out, PAIRS)
    assert read_tmx(out.read_bytes()) == [
        ("猫が好きです。", "I like cats.", 0.9123),
        (PAIRS[1].ja, "tab\there\r\nand\u2028there", 0.5),
    ]


def test_fmt_overrides_extension(tmp_path: Path) -> None:
    out = tmp_path / "corpus.txt"
    write_pairs(out, PAIRS, fmt="jsonl")
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["ja"] == "猫が好きです。"
    assert output_format(out, ".TSV") == "tsv"


def test_empty_corpus(tmp_path: Path) -> None:
    write_pairs(tmp_path / "a.tsv", [])
    write_pairs(tmp_path / "a.jsonl", [])
    assert (tmp_path / "a.tsv").read_text(encoding="utf-8") == "ja\ten\tscore\tja_doc\ten_doc\n"
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == ""


def test_unknown_extension(tmp_path: Path) -> None:
    out = tmp_path / "corpus.xyz"
    with pytest.raises(InputError) as info:
        write_pairs(out, PAIRS)
    assert info.value.source == str(out)
    assert info.value.problem == "unknown output format '.xyz': use .tmx, .tsv or .jsonl"
    assert not out.exists()
    with pytest.raises(InputError, match="no file extension"):
        write_pairs(tmp_path / "corpus", PAIRS)
    with pytest.raises(InputError, match="unknown output format 'csv'"):
        write_pairs(tmp_path / "corpus.tsv", PAIRS, fmt="csv")


def test_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "corpus.tsv"
    with pytest.raises(InputError) as info:
        write_pairs(out, PAIRS)
    assert info.value.source == str(out)
    assert "does not exist" in info.value.problem


def test_atomic_write_str_and_bytes(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    write_text_atomic(out, "日本語\n")
    assert out.read_bytes() == "日本語\n".encode()
    write_text_atomic(out, b"\x00\x01")
    assert out.read_bytes() == b"\x00\x01"
    assert listing(tmp_path) == ["x.txt"]


def test_failing_pairs_keep_old_file(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="pipeline failed"):
        write_pairs(out, Exploding())
    assert out.read_text(encoding="utf-8") == "old\n"
    assert listing(tmp_path) == ["corpus.jsonl"]


def test_failing_rename_removes_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "corpus.tsv"
    out.write_text("old\n", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        assert Path(src).parent == tmp_path and Path(src).name.startswith(".corpus.tsv.")
        assert Path(src).read_bytes().startswith(b"ja\ten")  # complete before the rename
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.os, "replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        write_pairs(out, PAIRS)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert listing(tmp_path) == ["corpus.tsv"]


def test_interrupt_midway_removes_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "corpus.tmx"
    out.write_bytes(b"old")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writers.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_pairs(out, PAIRS)
    assert out.read_bytes() == b"old"
    assert listing(tmp_path) == ["corpus.tmx"]


def test_permissions_like_a_plain_open(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.tsv"
        write_pairs(fresh, PAIRS)
        assert fresh.stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.tsv"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        write_pairs(kept, PAIRS)
        assert kept.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_a_full_disk_is_an_input_error_naming_the_output_and_keeps_the_old_file(tmp_path: Path) -> None:
    import errno

    out = tmp_path / "corpus.tsv"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(InputError, match="corpus.tsv: cannot write: No space"), writers.atomic_writer(out) as stream:
        stream.write("new\n")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [out]


def test_an_output_name_as_long_as_the_file_system_takes_is_written(tmp_path: Path) -> None:
    out = tmp_path / ("a" * 251 + ".tsv")  # 255 bytes: the limit of ext4 and most others
    write_text_atomic(out, "ja\ten\n")
    assert out.read_text(encoding="utf-8") == "ja\ten\n"
