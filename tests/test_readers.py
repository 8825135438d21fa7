from __future__ import annotations

from pathlib import Path

import pytest

from jaen_align.corpus.readers import attach_other, forced_language_warning, read_documents
from jaen_align.errors import InputError

SEEDS = Path(__file__).parent.parent / "seeds"
JA = "ロシアのプーチン大統領は19日、北朝鮮を訪問した。"
EN = "Russian President Vladimir Putin visited North Korea on Wednesday."


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def problem(paths: list[str], **kwargs: object) -> str:
    with pytest.raises(InputError) as info:
        read_documents(paths, **kwargs)  # type: ignore[arg-type]
    return info.value.problem


def test_single_language_file(tmp_path: Path) -> None:
    path = write(tmp_path / "article.txt", f"{EN}\n\n  It was his first visit in 24 years.  \n")
    [doc] = read_documents([path])
    assert (doc.id, doc.lang, doc.source) == ("article", "en", path)
    assert doc.paragraphs == (EN, "It was his first visit in 24 years.")
    assert doc.line_numbers == (0, 2)


def test_normalizes_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "ＡＢＣ　ニュース！\u3000「引用」です。\r\n")
    [doc] = read_documents([path])
    assert doc.paragraphs == ("ABC ニュース! 「引用」です。",)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + JA.encode("utf-8"))
    [doc] = read_documents([path])
    assert doc.paragraphs == (JA,)


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"abc\n\xffdef")
    with pytest.raises(InputError) as info:
        read_documents([path])
    assert info.value.source == path
    assert info.value.problem == "not valid UTF-8 at byte 4"


def test_invalid_utf8_offset_counts_the_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"\xef\xbb\xbf" + "日本".encode() + b"\xe3\x81")
    assert problem([path]) == "not valid UTF-8 at byte 9"


def test_latin1_file_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.txt", "Café au lait.".encode("latin-1"))
    assert problem([path]) == "not valid UTF-8 at byte 3"


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problem([path]) == "binary file"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\xe3\x80\x80\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "empty.txt", content)
    assert problem([path]) == "empty file"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_documents([str(tmp_path / "nope.txt")])
    assert info.value.source == str(tmp_path / "nope.txt")
    assert info.value.problem == "no such file or directory"


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / ".hidden.txt", EN)
    assert problem([str(tmp_path)]) == "directory contains no files"


def test_directory_is_read_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", EN)
    write(tmp_path / "a" / "z.txt", EN)
    write(tmp_path / "a" / "c.txt", JA)
    write(tmp_path / ".git" / "config.txt", EN)
    write(tmp_path / ".notes.txt", EN)
    docs = read_documents([str(tmp_path)])
    assert [(d.id, d.lang) for d in docs] == [("c", "ja"), ("z", "en"), ("b", "en")]
    assert docs[0].source == str(tmp_path / "a" / "c.txt")


def test_stdin(tmp_path: Path) -> None:
    docs = read_documents(["-"], stdin_text=f"{JA}\n".encode())
    assert [(d.id, d.lang, d.source, d.paragraphs) for d in docs] == [("stdin", "ja", "<stdin>", (JA,))]


def test_stdin_errors_name_stdin() -> None:
    with pytest.raises(InputError) as info:
        read_documents(["-"], stdin_text=b"\xff")
    assert (info.value.source, info.value.problem) == ("<stdin>", "not valid UTF-8 at byte 0")


def test_mixed_language_seed_becomes_two_documents() -> None:
    docs = read_documents([str(SEEDS / "003_63aeed18b7f8a488.txt")])
    assert [(d.id, d.lang) for d in docs] == [("003_63aeed18b7f8a488.ja", "ja"), ("003_63aeed18b7f8a488.en", "en")]
    ja, en = docs
    assert ja.paragraphs[0] == "ロシア代表団が平壌訪問 金氏、資源相と会談"
    assert ja.line_numbers[:6] == (0, 1, 2, 3, 4, 5)  # the AFP credit line stays with the Japanese
    assert en.paragraphs[0] == "Russian delegations visit Pyongyang as Ukraine war deepens ties"
    assert en.line_numbers == tuple(range(6, 27))
    assert ja.line_numbers[6:] == tuple(range(27, 55))  # the Japanese news list after the English text
    assert all(len(d.paragraphs) == len(d.line_numbers) for d in docs)


def test_other_lines_follow_the_surrounding_language(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", f"2024年6月19日\n{JA}\n-\n{EN}\n(2024/11/19)\n")
    ja, en = read_documents([path])
    assert (ja.id, ja.line_numbers, en.id, en.line_numbers) == ("mixed.ja", (0, 1, 2), "mixed.en", (3, 4))


def test_attach_other() -> None:
    assert attach_other(["other", "en", "other", "ja", "other"]) == ["en", "en", "en", "ja", "ja"]
    assert attach_other(["other"]) == ["other"]


def test_force_lang_keeps_one_document(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", f"{JA}\n{EN}\n")
    [doc] = read_documents([path], force_lang="en")
    assert (doc.id, doc.lang, doc.paragraphs, doc.line_numbers) == ("mixed", "en", (JA, EN), (0, 1))


def test_force_lang_must_be_known(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", EN)
    with pytest.raises(InputError):
        read_documents([path], force_lang="fr")


def test_presegmented_keeps_every_line_with_its_number(tmp_path: Path) -> None:
    path = write(tmp_path / "pre.txt", f"{JA}\n\n12345\n関連記事\n{EN}\n{JA}\n")
    [doc] = read_documents([path], presegmented=True)
    assert (doc.id, doc.lang) == ("pre", "ja")  # two Japanese lines against one English
    assert doc.paragraphs == (JA, "12345", "関連記事", EN, JA)
    assert doc.line_numbers == (0, 2, 3, 4, 5)


def test_a_presegmented_file_in_both_languages_is_split_by_language(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", f"{JA}\n{EN}\n\n{JA}\n{EN}\n{JA}\n")
    ja, en = read_documents([path], presegmented=True)
    assert (ja.id, ja.lang, ja.line_numbers) == ("mixed.ja", "ja", (0, 3, 5))
    assert (en.id, en.lang, en.line_numbers) == ("mixed.en", "en", (1, 4))
    assert ja.paragraphs == (JA, JA, JA)  # lines kept whole: presegmented


def test_presegmented_with_force_lang(tmp_path: Path) -> None:
    path = write(tmp_path / "pre.txt", f"{JA}\n{JA}\n{EN}\n")
    [doc] = read_documents([path], presegmented=True, force_lang="en")
    assert (doc.lang, doc.line_numbers) == ("en", (0, 1, 2))


def test_line_numbers_count_file_lines_only(tmp_path: Path) -> None:
    # U+2028 and a lone CR inside a line are not line breaks of the file: lines end at LF (or
    # CRLF), as wc -l and sacrebleu count them
    path = write(tmp_path / "sep.txt", "first\u2028part\r\n\nthird line\rstill third\nfourth line\n")
    [doc] = read_documents([path], presegmented=True)
    assert doc.paragraphs == ("first part", "third line still third", "fourth line")
    assert doc.line_numbers == (0, 2, 3)


def test_file_without_language_needs_force_lang(tmp_path: Path) -> None:
    path = write(tmp_path / "numbers.txt", "123\n456\n")
    assert "set the language" in problem([path])
    [doc] = read_documents([path], force_lang="ja")
    assert doc.paragraphs == ("123", "456")


def test_all_seeds_read() -> None:
    docs = read_documents([str(SEEDS)])
    ids = [d.id for d in docs]
    assert "004_f09298817ccba4f1" in ids
    assert "003_63aeed18b7f8a488.ja" in ids and "003_63aeed18b7f8a488.en" in ids
    for doc in docs:
        assert doc.lang in ("ja", "en")
        assert len(doc.paragraphs) == len(doc.line_numbers) > 0
        assert all(p and p == p.strip() for p in doc.paragraphs)


def test_a_forced_language_that_most_lines_contradict_gets_a_warning(tmp_path: Path) -> None:
    english = write(tmp_path / "en.txt", f"{EN}\n{EN} Again.\n2024\n")
    (as_japanese,) = read_documents([english], force_lang="ja")
    (as_english,) = read_documents([english], force_lang="en")
    assert (
        forced_language_warning(as_japanese)
        == f"{english}: read as Japanese, but only 0 of its 2 lines of text are Japanese"
    )
    assert forced_language_warning(as_english) is None
    mixed = write(tmp_path / "mixed.txt", f"{JA}\n{EN}\n")  # half and half: no warning either way
    assert forced_language_warning(read_documents([mixed], force_lang="ja")[0]) is None


def test_the_api_warns_like_the_cli(tmp_path: Path) -> None:
    import jaen_align

    english = write(tmp_path / "en.txt", f"{EN}\n")
    japanese = write(tmp_path / "ja.txt", f"{JA}\n")
    with pytest.warns(UserWarning) as caught:
        jaen_align.align(ja=[english], en=[japanese], use_mt=False)
    messages = sorted(str(w.message) for w in caught)
    assert messages == [
        f"{english}: read as Japanese, but only 0 of its 1 lines of text are Japanese",
        f"{japanese}: read as English, but only 0 of its 1 lines of text are English",
    ]


def test_a_directory_s_symbolic_links_to_directories_are_followed_once(tmp_path: Path) -> None:
    from jaen_align.corpus.readers import expand_path

    top, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    top.mkdir()
    elsewhere.mkdir()
    (top / "a.txt").write_text("一つ目の記事です。\n", encoding="utf-8")
    (elsewhere / "b.txt").write_text("二つ目の記事です。\n", encoding="utf-8")
    (top / "linked").symlink_to(elsewhere)
    (elsewhere / "back").symlink_to(top)  # a cycle: read once, not for ever
    files = expand_path(str(top))
    assert [f.relative_to(top).as_posix() for f in files] == ["a.txt", "linked/b.txt"]
