from __future__ import annotations

import threading

from conftest import SHARED

from jaen_align.text.tokenize import tagger, tokenize


def _tatoeba_japanese(count: int) -> list[str]:
    rows = (SHARED / "tatoeba" / "jpn-eng.tsv").read_text(encoding="utf-8").splitlines()
    return [row.split("\t")[1] for row in rows[1000 : 1000 + count]]


def test_tokenize_gives_lemmas_and_parts_of_speech() -> None:
    tokens = tokenize("トムが笑ってる。")
    laugh = next(t for t in tokens if t.surface == "笑っ")
    assert (laugh.lemma, laugh.pos) == ("笑う", "動詞")


def test_each_thread_has_its_own_tagger() -> None:
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.extend([tagger(), tagger()]))
    thread.start()
    thread.join()
    assert seen[0] is seen[1]
    assert seen[0] is not tagger()


def test_threads_tokenizing_at_once_get_what_one_thread_gets() -> None:
    # one MeCab tagger shared by threads gave words the features of another thread's words
    lines = _tatoeba_japanese(1500)
    expected = [tokenize(line) for line in lines]
    results: dict[int, list[tuple]] = {}

    def work(slot: int) -> None:
        results[slot] = [tokenize(line) for line in lines]

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[slot] == expected for slot in range(3))


def test_long_text_is_parsed_in_stretches_with_the_words_of_a_whole_parse(monkeypatch) -> None:
    import jaen_align.text.tokenize as tokenize_module

    text = "".join(_tatoeba_japanese(300))
    whole = tokenize(text)
    monkeypatch.setattr(tokenize_module, "MAX_PARSE_CHARS", 200)
    # each stretch ends after punctuation, so no word is cut; and the features of one stretch's
    # words must survive the parse of the next (MeCab reuses its buffer)
    assert tokenize(text) == whole
    assert "".join(t.surface for t in tokenize("あ" * 1000)) == "あ" * 1000  # no break: cut at the limit


def test_a_million_characters_without_a_break_do_not_crash_mecab() -> None:
    # one stretch of this crashed the process with SIGSEGV inside MeCab
    tokens = tokenize("あ" * 1_000_000)
    assert sum(len(t.surface) for t in tokens) == 1_000_000
