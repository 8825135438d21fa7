"""Streaming translation: the line reader, Translator.translate_stream, the bounded cache and
`jaen-align translate` writing as it goes, with the embedded model."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EMBEDDED, seed_lines

from jaen_align.cli import main
from jaen_align.corpus import readers
from jaen_align.corpus.readers import decode_lines, iter_lines
from jaen_align.corpus.writers import atomic_writer
from jaen_align.errors import InputError
from jaen_align.text.langid import detect_language
from jaen_align.translate.translator import STREAM_CHUNK_SIZE, Translator

# Short distinct Japanese lines of the seeds: real input that translates fast.
JA = list(dict.fromkeys(line for line in seed_lines() if detect_language(line) == "ja" and len(line) < 40))[:8]


@pytest.fixture(scope="module", autouse=True)
def embedded_model() -> None:
    if not (EMBEDDED / "model.bin").is_file():
        pytest.fail(f"the embedded model is missing from {EMBEDDED}")


def translator(**kwargs: int) -> Translator:
    return Translator(EMBEDDED, beam_size=1, **kwargs)


@pytest.fixture(scope="module")
def uncached() -> Translator:
    """Remembers nothing between calls, so every call really translates: one model load serves
    every test that only compares outputs."""
    return translator(cache_size=0)


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["translate", "--beam", "1", *args], input=input)


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# ---------------------------------------------------------------- reader
@pytest.mark.parametrize(
    "data",
    [
        b"a\nb\n",
        b"a\r\nb",
        b"\xef\xbb\xbfa\r\rb\r\n\r\n",
        b"\xef\xbb\xbfx",
        b"\n\n" + JA[0].encode() + b"\n\n",
        "\u3000全角ＡＢＣ\u2028x\r\ny\r".encode(),
    ],
)
@pytest.mark.parametrize("block_size", [1, 2, 5, 1 << 20])
def test_iter_lines_reads_like_decode_lines(tmp_path: Path, data: bytes, block_size: int) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    expected = decode_lines(data, "x")
    if expected[-1] == "":
        expected.pop()  # the newline ending the last line opens no new line
    assert list(iter_lines(path, block_size=block_size)) == expected


@pytest.mark.parametrize("block_size", [3, 1 << 20])
@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"ok\r\n\xef\xbc\xa1\nd\xffe\n", "line 3: not valid UTF-8 at byte 9"),
        (b"\xef\xbb\xbfab\ncd\xe3\x83", "line 2: not valid UTF-8 at byte 8"),  # the BOM counts as bytes
        (b"ok\n\nx\x00y\n", "line 3: binary file"),
    ],
)
def test_iter_lines_errors_name_file_and_line(tmp_path: Path, data: bytes, problem: str, block_size: int) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        list(iter_lines(path, block_size=block_size))
    assert (info.value.source, info.value.problem) == (str(path), problem)


def test_iter_lines_nul_in_first_block_makes_a_binary_file(tmp_path: Path) -> None:
    # As with decode_lines, a NUL wins over the invalid UTF-8 before it (within one block).
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="line 3: binary file"):
        list(iter_lines(path))


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf"])
def test_iter_lines_empty_file_yields_nothing(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    lines = iter_lines(path)
    with pytest.raises(InputError, match="empty file"):
        next(lines)


def test_iter_lines_of_a_file_of_blank_lines_yields_them_blank(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes("\n \n\u3000\n".encode())
    assert list(iter_lines(path)) == ["", "", ""]  # as many translations: blank lines stay blank


def test_iter_lines_reads_stdin_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    class EndlessStdin:
        """Lines forever: only a reader that reads as it goes ever returns."""

        def __init__(self) -> None:
            self.read_bytes = 0

        def read(self, size: int) -> bytes:
            self.read_bytes += size
            return (b"abc\n" * (size // 4 + 1))[:size]

    stdin = EndlessStdin()
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": stdin})())
    assert list(itertools.islice(iter_lines("-", block_size=64), 3)) == ["abc"] * 3
    assert stdin.read_bytes <= 64


def test_iter_lines_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        next(iter_lines(tmp_path / "nope.txt"))


# ---------------------------------------------------------------- translator
def test_stream_equals_translate_whatever_the_chunk_size(uncached: Translator) -> None:
    lines = [JA[0], "", JA[1], JA[2], JA[0], "", JA[3], JA[4]]
    expected = uncached.translate(lines)
    assert len(expected) == len(lines) and expected[1] == expected[5] == ""
    assert all(expected[i] for i in (0, 2, 3, 4, 6, 7))
    assert list(uncached.translate_stream(lines)) == expected
    assert list(uncached.translate_stream(iter(lines), chunk_size=3)) == expected
    assert list(uncached.translate_stream(lines, chunk_size=1)) == expected
    assert len(uncached._cache) == 0


def test_repeats_are_translated_once_within_and_across_chunks() -> None:
    t = translator()
    lines = [JA[0], JA[1], "", JA[0], JA[2], JA[1], JA[0], JA[2], ""] * 3
    out = list(t.translate_stream(lines, chunk_size=4))
    assert t.translated_count == 3
    assert len(out) == len(lines)
    assert {line: text for line, text in zip(lines, out, strict=True)} == dict(
        zip(["", *JA[:3]], ["", *t.translate(JA[:3])], strict=True)
    )
    assert t.translated_count == 3  # translate() shares the cache


def test_cache_is_bounded_and_results_do_not_depend_on_it(uncached: Translator) -> None:
    lines = JA[:6] * 2
    expected = uncached.translate(lines)
    small = translator(cache_size=2)
    assert list(small.translate_stream(lines, chunk_size=4)) == expected
    assert len(small._cache) <= 2
    assert 6 < small.translated_count <= 12  # evicted lines come back as new work
    assert small.translate(lines) == expected  # more distinct lines in one call than the cache holds
    assert len(small._cache) <= 2


def test_stream_reads_only_a_chunk_ahead(uncached: Translator) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for line in itertools.cycle(JA[:2]):
            pulled += 1
            yield line

    out = list(itertools.islice(uncached.translate_stream(endless(), chunk_size=5), 7))
    assert len(out) == 7 and pulled <= 10


def test_chunk_size_must_be_positive(uncached: Translator) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        next(uncached.translate_stream(JA, chunk_size=0))


# ---------------------------------------------------------------- writer
def test_atomic_writer_keeps_old_file_on_error(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(out) as f:
        f.write("new\n")
        raise RuntimeError("failed midway")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert listing(tmp_path) == ["out.txt"]
    with atomic_writer(out) as f:
        f.write("日本語\r\nnew\n")
    assert out.read_bytes() == "日本語\r\nnew\n".encode()
    assert listing(tmp_path) == ["out.txt"]


# ---------------------------------------------------------------- command line
def test_cli_keeps_line_count_over_several_inputs(tmp_path: Path, uncached: Translator) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(f"{JA[0]}\n\n{JA[1]}\n", encoding="utf-8")
    second.write_bytes(f"\ufeff{JA[2]}\r\n\r\n{JA[0]}".encode())
    out = tmp_path / "out.txt"
    result = run(str(first), "-", str(second), "-o", str(out), input=f"{JA[3]}\n".encode())
    assert result.exit_code == 0, result.output
    lines = [JA[0], "", JA[1], JA[3], JA[2], "", JA[0]]
    assert out.read_text(encoding="utf-8").split("\n") == [*uncached.translate(lines), ""]
    assert listing(tmp_path) == ["a.txt", "b.txt", "out.txt"]


def test_cli_jsonl_to_stdout(uncached: Translator) -> None:
    lines = [JA[4], "", "  " + JA[5]]
    result = run("--format", "jsonl", input="\n".join(lines).encode())
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ja"] for r in rows] == lines  # as written, indentation and all
    assert [r["en"] for r in rows] == uncached.translate(lines)


def big_input_with_bad_line(path: Path, bad_line: int) -> int:
    """Two lines repeated (so only two translations), one Latin-1 line at ``bad_line``; returns
    the file offset of its undecodable byte."""
    lines = [JA[i % 2].encode() for i in range(2 * STREAM_CHUNK_SIZE + 10)]
    lines[bad_line - 1] = b"caf\xe9"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return sum(len(line) + 1 for line in lines[: bad_line - 1]) + 3


def test_cli_bad_utf8_mid_stream_keeps_old_output(tmp_path: Path) -> None:
    bad = tmp_path / "big.txt"
    bad_line = STREAM_CHUNK_SIZE + 5  # after a first chunk was translated and written
    offset = big_input_with_bad_line(bad, bad_line)
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    result = run(str(bad), "-o", str(out))
    assert result.exit_code == 2
    message = f"jaen-align: error: {bad}: line {bad_line}: not valid UTF-8 at byte {offset}"
    assert result.stderr.splitlines() == [message]
    assert out.read_text(encoding="utf-8") == "old\n"
    assert listing(tmp_path) == ["big.txt", "out.txt"]


def test_cli_writes_stdout_as_it_goes(tmp_path: Path) -> None:
    bad = tmp_path / "big.txt"
    big_input_with_bad_line(bad, STREAM_CHUNK_SIZE + 5)
    result = run(str(bad))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == STREAM_CHUNK_SIZE  # the first chunk came out before the error


def test_cli_interrupt_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(path: str | Path, **options: object) -> Iterator[str]:
        yield from JA[:3]
        raise KeyboardInterrupt

    monkeypatch.setattr(readers, "iter_lines", interrupted)
    good = tmp_path / "in.txt"
    good.write_text(JA[0] + "\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = run(str(good), "-o", str(out))
    assert result.exit_code == 130
    assert listing(tmp_path) == ["in.txt"]


def test_cli_checks_every_input_before_loading_the_model(tmp_path: Path) -> None:
    good = tmp_path / "in.txt"
    good.write_text(JA[0] + "\n", encoding="utf-8")
    for args, needle in [
        ((str(good), str(tmp_path / "nope.txt")), "nope.txt: no such file or directory"),
        ((str(good), str(tmp_path)), "is a directory"),
        (("-", str(good), "-"), "stdin can be read only once"),
    ]:
        result = run(*args, "--model", "no-such-model", "-o", str(tmp_path / "out.txt"), input=b"x\n")
        assert result.exit_code == 2
        assert result.stderr.startswith("jaen-align: error:") and needle in result.stderr
    assert listing(tmp_path) == ["in.txt"]


def test_cli_output_directory_must_exist(tmp_path: Path) -> None:
    good = tmp_path / "in.txt"
    good.write_text(JA[0] + "\n", encoding="utf-8")
    result = run(str(good), "-o", str(tmp_path / "missing" / "out.txt"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
