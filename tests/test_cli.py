"""The command-line contract: outputs, exit codes, one-line errors, no partial files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS, SHARED
from lxml import etree

from jaen_align.cli import main

JA_LINES = ["ロシアのプーチン大統領は19日、北朝鮮の金正恩朝鮮労働党総書記と会談した。", "会談は約2時間に及んだ。"]


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def assert_input_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    message = result.stderr if hasattr(result, "stderr") else result.output
    assert "Traceback" not in message
    assert message.startswith("jaen-align: error:") or "Error:" in message
    for needle in needles:
        assert needle in message


@pytest.fixture()
def ja_file(tmp_path: Path) -> Path:
    path = tmp_path / "ja.txt"
    path.write_text("\n".join(JA_LINES) + "\n", encoding="utf-8")
    return path


def test_translate_keeps_line_count_and_order(tiny_model: Path, ja_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = run("translate", str(ja_file), "-o", str(out), "--model", str(tiny_model), "--beam", "1")
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(JA_LINES)


def test_translate_stdin_to_stdout_jsonl(tiny_model: Path) -> None:
    data = ("\n".join(JA_LINES) + "\n").encode()
    result = run("translate", "--model", str(tiny_model), "--format", "jsonl", "--beam", "1", input=data)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ja"] for r in rows] == JA_LINES
    assert all(isinstance(r["en"], str) for r in rows)


def test_translate_gives_as_many_lines_as_wc_counts(tiny_model: Path, tmp_path: Path) -> None:
    source = tmp_path / "ja.txt"
    # a lone CR (old Mac line end, or a stray one) is not a line break for wc -l or sacrebleu
    source.write_bytes("ロシアの大統領です。\r会談した。\n猫です。\r\n\n犬です。".encode())
    out = tmp_path / "en.txt"
    result = run("translate", str(source), "--model", str(tiny_model), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().count(b"\n") == source.read_bytes().count(b"\n") + 1  # the last line gets its newline


def _jaen_align_command() -> list[str]:
    import sys

    return [sys.executable, "-c", "from jaen_align.cli import main; main()"]


def test_translate_stops_quietly_when_its_reader_goes_away(tmp_path: Path) -> None:
    import subprocess

    source = tmp_path / "ja.txt"
    source.write_text("猫です。\n" * 20_000, encoding="utf-8")  # more than a pipe's buffer holds
    with subprocess.Popen(
        [*_jaen_align_command(), "translate", str(source), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        errors = process.stderr.read()
    assert first.strip() and process.returncode == 141  # 128 + SIGPIPE, as the shell's tools
    assert errors == b""


def test_translate_names_stdout_when_it_cannot_write_there(tmp_path: Path) -> None:
    import subprocess

    source = tmp_path / "ja.txt"
    source.write_text("猫です。\n", encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*_jaen_align_command(), "translate", str(source), "-q"], stdout=full, stderr=subprocess.PIPE
        )
    assert done.returncode == 2
    assert done.stderr.decode().strip() == "jaen-align: error: <stdout>: cannot write: No space left on device"


def test_translate_jsonl_shows_each_line_as_written(tiny_model: Path) -> None:
    written = ["ＡＢＣは１２３です。", "  字下げした行。", "カ\u3099ラス"]  # full-width, indented, decomposed
    written[2] = "カ\u3099ラス".encode().decode("unicode_escape")
    data = ("\n".join(written) + "\n").encode()
    jsonl = run("translate", "--model", str(tiny_model), "--format", "jsonl", "--beam", "1", input=data)
    txt = run("translate", "--model", str(tiny_model), "--beam", "1", input=data)
    assert jsonl.exit_code == txt.exit_code == 0, jsonl.output
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["ja"] for r in rows] == written
    assert [r["en"] for r in rows] == txt.stdout.splitlines()  # translated from the normalized text


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xe3\x83\xad\xff\xfe", "not valid UTF-8 at byte 3"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"", "empty file"),
    ],
)
def test_align_bad_input_exits_2_without_output(tmp_path: Path, content: bytes, needle: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "corpus.tmx"
    result = run("align", str(bad), "--en", str(SEEDS / "004_f09298817ccba4f1.txt"), "-o", str(out), "--no-mt")
    assert_input_error(result, str(bad), needle)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_align_empty_directory_and_missing_path(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "c.jsonl"
    assert_input_error(run("align", str(empty), "-o", str(out), "--no-mt"), str(empty), "no files")
    missing = tmp_path / "nope.txt"
    assert_input_error(run("align", str(missing), "-o", str(out), "--no-mt"), str(missing), "no such file")
    assert not out.exists()


def test_align_unknown_output_extension(tmp_path: Path) -> None:
    result = run("align", str(SEEDS), "-o", str(tmp_path / "c.xlsx"), "--no-mt")
    assert_input_error(result, "c.xlsx")


def test_failed_run_keeps_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "corpus.tsv"
    out.write_text("previous corpus\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    assert_input_error(run("align", str(bad), "-o", str(out), "--no-mt"), str(bad))
    assert out.read_text(encoding="utf-8") == "previous corpus\n"


def test_score_mismatched_line_counts(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("a\nb\n", encoding="utf-8")
    ref.write_text("a\n", encoding="utf-8")
    assert_input_error(run("score", "--hyp", str(hyp), "--ref", str(ref)), str(hyp), "2 lines", "1")


def test_score_gate(tmp_path: Path) -> None:
    ref_lines = ["Putin met Kim in Pyongyang on Wednesday.", "The talks lasted about two hours."]
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    ref.write_text("\n".join(ref_lines) + "\n", encoding="utf-8")
    hyp.write_text("Putin met Kim on Wednesday.\nThe meeting lasted two hours.\n", encoding="utf-8")
    passed = run("score", "--hyp", str(hyp), "--ref", str(ref), "--json", "--min-bleu", "1")
    assert passed.exit_code == 0, passed.output
    payload = json.loads(passed.stdout)
    assert "nrefs:1" in payload["scores"]["bleu"]["signature"]
    failed = run("score", "--hyp", str(hyp), "--ref", str(ref), "--min-bleu", "99", "--min-chrf", "99")
    assert failed.exit_code == 1
    assert "BLEU" in failed.stdout and "chrF2" in failed.stdout
    assert "quality gate failed" in failed.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("score", "--min-chrf", "nan"),
        ("score", "--max-ter", "NaN"),
        ("eval-align", "--min-f1", "nan"),
        ("align", "--min-score", "nan"),
    ],
)
def test_a_nan_threshold_is_a_usage_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    # NaN compares false with everything: as a gate it would pass any score
    text = tmp_path / "t.txt"
    text.write_text("a\n", encoding="utf-8")
    command, *option = args
    inputs = {
        "score": ["--hyp", str(text), "--ref", str(text)],
        "eval-align": ["--pred", str(text), "--gold", str(text)],
        "align": [str(SEEDS), "-o", str(tmp_path / "c.tmx"), "--no-mt"],
    }[command]
    assert_input_error(run(command, *inputs, *option), option[0], "not a number")


def test_score_takes_a_hypothesis_of_blank_lines_as_a_score_of_zero(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n\n", encoding="utf-8")  # a system that wrote nothing
    ref.write_text("a cat\na dog\n", encoding="utf-8")
    result = run("score", "--hyp", str(hyp), "--ref", str(ref), "--min-bleu", "1")
    assert result.exit_code == 1, result.output  # the gate fails; the input is fine
    assert "BLEU = 0.00" in result.output
    hyp.write_bytes(b"")
    assert_input_error(run("score", "--hyp", str(hyp), "--ref", str(ref)), str(hyp), "empty file")


def test_a_gate_on_a_metric_left_out_is_a_usage_error(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("a cat\n", encoding="utf-8")
    result = run("score", "--hyp", str(hyp), "--ref", str(hyp), "--metrics", "chrf", "--min-bleu", "10")
    assert_input_error(result, "--min-bleu", "bleu")


def test_a_gate_message_shows_the_decimals_that_fail_it() -> None:
    from jaen_align.evaluate.mt import MetricResult, check_thresholds

    result = MetricResult(name="bleu", score=65.2199, signature="", text="")
    assert check_thresholds([result], 65.22, None) == ["BLEU 65.2199 is below the minimum 65.22"]


def test_score_with_several_references_and_a_baseline_gate(tmp_path: Path) -> None:
    refs = (SHARED / "coursera" / "dev.en").read_text(encoding="utf-8").splitlines()[:120]
    ref, ref2, hyp, base = (tmp_path / name for name in ("ref.txt", "ref2.txt", "hyp.txt", "base.txt"))
    ref.write_text("\n".join(refs) + "\n", encoding="utf-8")
    ref2.write_text("\n".join(line.lower() for line in refs) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(line.rsplit(" ", 1)[0] for line in refs) + "\n", encoding="utf-8")
    base.write_text("\n".join(refs) + "\n", encoding="utf-8")
    args = ["score", "--hyp", str(hyp), "--ref", str(ref), "--ref", str(ref2), "--metrics", "bleu,chrf"]
    plain = run(*args, "--baseline", str(base), "--json")
    assert plain.exit_code == 0, plain.output
    payload = json.loads(plain.stdout)
    assert payload["refs"] == [str(ref), str(ref2)] and "nrefs:2" in payload["scores"]["bleu"]["signature"]
    assert payload["comparison"]["bleu"]["significant"] and not payload["comparison"]["bleu"]["improved"]
    gated = run(*args, "--baseline", str(base), "--fail-if-worse")
    assert gated.exit_code == 1
    assert "BLEU" in gated.stdout and "significantly worse" in gated.stdout
    assert "quality gate failed: BLEU" in gated.stderr
    assert_input_error(run(*args, "--fail-if-worse"), "--fail-if-worse", "--baseline")
    base.write_text("one line\n", encoding="utf-8")
    assert_input_error(run(*args, "--baseline", str(base)), str(base), "1 lines", "120 lines")


def test_align_presegmented_ids_are_line_numbers(tmp_path: Path) -> None:
    ja = tmp_path / "ja.txt"
    en = tmp_path / "en.txt"
    ja.write_text(
        "北朝鮮のミサイル発射について。\n\n一方、韓国と米国は1万人以上の兵士を派遣したと非難している。\n",
        encoding="utf-8",
    )
    en.write_text(
        "Unrelated: the weather in Tokyo was fine.\n"
        "The United States and South Korea have accused the North of sending more than 10,000 soldiers.\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.jsonl"
    result = run("align", "--ja", str(ja), "--en", str(en), "--presegmented", "--no-mt", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"ja", "en", "score", "ja_doc", "en_doc", "ja_ids", "en_ids"} == set(rows[0])
    assert any(r["ja_ids"] == [2] and r["en_ids"] == [1] for r in rows)


def test_every_output_format_holds_the_same_text_when_the_input_has_noncharacters(tmp_path: Path) -> None:
    ja = tmp_path / "ja.txt"
    en = tmp_path / "en.txt"
    ja.write_text("一方、韓国と米国は1万人以上の\ufffe兵士を派遣したと非難している。\n", encoding="utf-8")
    en.write_text(
        "The United States and South Korea accused the North of sending 10,000 \uffffsoldiers.\n", encoding="utf-8"
    )
    texts = {}
    for ext in ("tsv", "jsonl", "tmx"):
        out = tmp_path / f"pairs.{ext}"
        result = run("align", "--ja", str(ja), "--en", str(en), "--presegmented", "--no-mt", "-o", str(out), "-q")
        assert result.exit_code == 0, result.output
        if ext == "tsv":
            texts[ext] = tuple(out.read_text(encoding="utf-8").splitlines()[1].split("\t")[:2])
        elif ext == "jsonl":
            row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
            texts[ext] = (row["ja"], row["en"])
        else:
            segs = etree.parse(str(out)).findall(".//seg")
            texts[ext] = (segs[0].text, segs[1].text)
    # XML cannot carry U+FFFE/U+FFFF: TMX used to drop them while TSV and JSONL kept them
    assert texts["tsv"] == texts["jsonl"] == texts["tmx"]
    assert "\ufffe" not in texts["tsv"][0] and "\uffff" not in texts["tsv"][1] and "兵士" in texts["tsv"][0]


def test_source_date_epoch_makes_two_tmx_runs_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "1.tmx", tmp_path / "2.tmx"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718755200")
    for out in (first, second):
        assert run("align", str(SEEDS / "003_63aeed18b7f8a488.txt"), "--no-mt", "-o", str(out), "-q").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert etree.parse(str(first)).find("header").get("creationdate") == "20240619T000000Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run("align", str(SEEDS / "003_63aeed18b7f8a488.txt"), "--no-mt", "-o", str(first), "-q")
    assert_input_error(result, "SOURCE_DATE_EPOCH", "yesterday")
    assert etree.parse(str(first)).find("header").get("creationdate") == "20240619T000000Z"


def test_align_warns_when_a_forced_language_does_not_match_the_text(tmp_path: Path) -> None:
    english = tmp_path / "article.txt"
    english.write_text("Putin met Kim in Pyongyang on Wednesday.\nThe talks lasted two hours.\n", encoding="utf-8")
    also_english = tmp_path / "copy.txt"
    also_english.write_bytes(english.read_bytes())
    out = tmp_path / "pairs.jsonl"
    result = run("align", "--ja", str(english), "--en", str(also_english), "--no-mt", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"jaen-align: warning: {english}: read as Japanese, but only 0 of its 2 lines" in result.stderr
    assert "read as English" not in result.stderr
    quiet = run("align", "--ja", str(english), "--en", str(also_english), "--no-mt", "-o", str(out), "-q")
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_align_seeds_writes_valid_tmx_without_translation(tmp_path: Path) -> None:
    out = tmp_path / "corpus.tmx"
    result = run("align", str(SEEDS), "-o", str(out), "--no-mt")
    assert result.exit_code == 0, result.output
    root = etree.fromstring(out.read_bytes())
    assert root.find("header").get("srclang") == "ja"
    tus = root.findall("body/tu")
    assert tus, "no pairs found on the seeds"
    for tu in tus:
        score = float(tu.find("prop[@type='x-score']").text)
        assert 0.0 <= score <= 1.0
    assert "paired" in result.stderr


def test_model_list_and_info_show_the_embedded_model() -> None:
    listed = run("model", "list")
    assert listed.exit_code == 0
    assert "ja-en-small" in listed.stdout
    info = run("model", "info")
    assert info.exit_code == 0, info.output
    assert "ja-en-small" in info.stdout and "size:" in info.stdout
    assert "placeholders: numbers, the names in names.tsv, titled kanji names, Latin-script words" in info.stdout
    assert "Tatoeba held-out: BLEU" in info.stdout  # the card's key facts


def test_unknown_model_is_an_input_error(ja_file: Path, user_models: Path) -> None:
    assert_input_error(run("translate", str(ja_file), "--model", "no-such-model"), "no-such-model")


def test_eval_align_scores_the_align_output_and_gates_on_f1(tmp_path: Path) -> None:
    sample = SHARED / "align-gold" / "tatoeba-sample"
    pred = tmp_path / "pred.jsonl"
    aligned = run(
        "align",
        "--ja",
        str(sample / "ja.txt"),
        "--en",
        str(sample / "en.txt"),
        "--presegmented",
        "--no-mt",
        "--mode",
        "comparable",
        "-o",
        str(pred),
        "-q",
    )
    assert aligned.exit_code == 0, aligned.output
    gold = str(sample / "gold.pairs")
    report = run("eval-align", "--pred", str(pred), "--gold", gold, "--json")
    assert report.exit_code == 0, report.output
    scores = json.loads(report.stdout)
    assert scores["gold_format"] == "tatoeba" and scores["passed"] and scores["failures"] == []
    strict = scores["strict"]
    assert 0.0 < strict["f1"] < 1.0 and strict["f1"] <= scores["lax"]["f1"]
    # a gate the alignment passes, and one it cannot (F1 is below 1 here)
    assert run("eval-align", "--pred", str(pred), "--gold", gold, "--min-f1", repr(strict["f1"])).exit_code == 0
    failed = run("eval-align", "--pred", str(pred), "--gold", gold, "--min-f1", "1", "--min-precision", "0")
    assert failed.exit_code == 1
    assert f"quality gate failed: strict F1 {strict['f1']:.3f} is below the minimum 1.0" in failed.stderr
    assert "precision" not in failed.stderr


def test_eval_align_scores_one_document_pair_of_a_collection(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    rows = [("a.ja", "a.en", [0], [0]), ("a.ja", "a.en", [1], [1]), ("b.ja", "b.en", [0], [1])]
    pred.write_text(
        "".join(json.dumps({"ja_doc": j, "en_doc": e, "ja_ids": ji, "en_ids": ei}) + "\n" for j, e, ji, ei in rows),
        encoding="utf-8",
    )
    gold = tmp_path / "gold.tsv"
    gold.write_text("0\t0\n1\t1\n", encoding="utf-8")
    # b's ids would be pooled with a's: refused, naming the way out
    assert_input_error(
        run("eval-align", "--pred", str(pred), "--gold", str(gold)), str(pred), "2 document pairs", "--doc-pair"
    )
    result = run("eval-align", "--pred", str(pred), "--gold", str(gold), "--doc-pair", "a.ja", "a.en", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["strict"]["f1"] == 1.0 and report["predicted_beads"] == 2 and report["gold_beads"] == 2


def test_eval_align_bad_gold_is_an_input_error(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"ja_ids": [0], "en_ids": [0]}\n', encoding="utf-8")
    gold = tmp_path / "gold.txt"
    gold.write_text("this is not a gold file\n", encoding="utf-8")
    assert_input_error(run("eval-align", "--pred", str(pred), "--gold", str(gold)), str(gold))


def test_files_of_the_same_name_in_both_languages_are_both_aligned(tmp_path: Path) -> None:
    ja, en = tmp_path / "ja" / "article.txt", tmp_path / "en" / "article.txt"
    ja.parent.mkdir()
    en.parent.mkdir()
    ja.write_text("ロシアのプーチン大統領は19日、北朝鮮を訪問した。\n", encoding="utf-8")
    en.write_text("Russian President Putin visited North Korea on the 19th.\n", encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    result = run("align", "--ja", str(ja), "--en", str(en), "--no-mt", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["ja_doc"], r["en_doc"]) for r in rows] == [("article.ja", "article.en")]


def test_a_text_that_cleaning_empties_is_an_input_error_naming_the_way_out(tmp_path: Path) -> None:
    ja, en = tmp_path / "ja.txt", tmp_path / "en.txt"
    ja.write_text("おはよう。\n元気ですか。\n今日は暑い。\n", encoding="utf-8")
    en.write_text("Good morning.\nHow are you?\nIt is hot today.\n", encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    result = run("align", str(ja), str(en), "--no-mt", "-o", str(out))
    assert_input_error(result, str(ja), "no Japanese text left after boilerplate removal", "--presegmented")
    assert not out.exists()
    kept = run("align", str(ja), str(en), "--no-mt", "--presegmented", "-o", str(out), "-q")
    assert kept.exit_code == 0 and out.read_text(encoding="utf-8")


def test_the_report_names_documents_cleaning_removed(tmp_path: Path) -> None:
    out = tmp_path / "corpus.tmx"
    result = run("align", str(SEEDS), "--no-mt", "-o", str(out))
    assert result.exit_code == 0, result.output
    # seed 000 is an English article whose page also holds Japanese navigation lines only
    assert "removed as boilerplate, every line: 000_fb87fffd9cab5b6b.ja" in result.stderr


def test_the_report_counts_the_lines_cleaning_removed_from_each_document(tmp_path: Path) -> None:
    ja = tmp_path / "ja.txt"
    en = tmp_path / "en.txt"
    ja_lines = [*JA_LINES, "ログインとパスワードが必要になりますよね？", "関連記事"]
    ja.write_text("\n".join(ja_lines) + "\n", encoding="utf-8")
    en.write_text(
        "Russian President Putin met North Korean leader Kim Jong Un on the 19th.\n"
        "The talks lasted about two hours.\nYou need a login and a password, right?\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.tsv"
    result = run("align", "--ja", str(ja), "--en", str(en), "--no-mt", "-o", str(out))
    assert result.exit_code == 0, result.output
    # the short sentence holding ログイン goes with the site phrase: the report says so
    assert f"lines removed as boilerplate (ja: 2 of {len(ja_lines)};" in result.stderr
    assert "--presegmented keeps every line" in result.stderr
    kept = run("align", "--ja", str(ja), "--en", str(en), "--no-mt", "--presegmented", "-o", str(out))
    assert kept.exit_code == 0 and "lines removed" not in kept.stderr


def test_the_report_says_how_much_of_each_pair_the_sentence_pairs_hold(tmp_path: Path) -> None:
    import re

    found = {}
    for name, args in {
        "translation": [str(SEEDS / "003_63aeed18b7f8a488.txt")],
        "unrelated": ["--ja", str(SEEDS / "001_928b56e06e5931a4.txt"), "--en", str(SEEDS / "000_fb87fffd9cab5b6b.txt")],
    }.items():
        out = tmp_path / f"{name}.jsonl"
        result = run("align", *args, "--mode", "parallel", "--no-mt", "-o", str(out))
        assert result.exit_code == 0, result.output
        line = re.search(
            r"parallel mode, (\d+) sentence pairs holding (\d+)% of the shorter document, mean score (\S+)",
            result.stderr,
        )
        assert line, result.stderr
        rows = [json.loads(r) for r in out.read_text(encoding="utf-8").splitlines()]
        assert int(line[1]) == len(rows)
        assert float(line[3]) == pytest.approx(sum(r["score"] for r in rows) / len(rows), abs=0.005)
        found[name] = (int(line[2]), float(line[3]))
    # forced parallel on texts that are not translations: the pairs score low
    assert found["unrelated"][1] < 0.6 < found["translation"][1]
    assert 0 < found["unrelated"][0] <= 100 and 0 < found["translation"][0] <= 100


def test_a_min_score_no_pair_reaches_is_named_as_the_reason(tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    result = run("align", str(SEEDS), "--no-mt", "--min-score", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    # the seed's translation is still paired; the report blames the threshold, not the texts
    assert "003_63aeed18b7f8a488.en: parallel mode, 0 sentence pairs (none scores --min-score 1)" in result.stderr
    assert "unmatched Japanese document: 003_63aeed18b7f8a488.ja" not in result.stderr
    assert out.read_text(encoding="utf-8") == ""


def test_a_missing_output_directory_is_reported_before_the_inputs_are_read(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")  # an input error, found only when the inputs are read
    out = tmp_path / "no-such-dir" / "pairs.jsonl"
    result = run("align", str(binary), str(SEEDS), "--no-mt", "-o", str(out))
    assert_input_error(result, str(out), "does not exist")


def test_an_output_that_is_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "corpora" / "pairs.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    result = run("align", str(SEEDS / "003_63aeed18b7f8a488.txt"), "--no-mt", "-o", str(link), "-q")
    assert result.exit_code == 0, result.output
    # as the shell's > does: the link stays, the file it points to is replaced
    assert link.is_symlink() and link.resolve() == target.resolve()
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert rows and all("ja" in r for r in rows)


def test_align_reads_a_pipe_as_process_substitution_gives_it(tmp_path: Path) -> None:
    import os
    import threading

    seed = SEEDS / "003_63aeed18b7f8a488.txt"
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_bytes(seed.read_bytes()))
    writer.start()
    piped = run("align", str(pipe), "--no-mt", "-o", str(tmp_path / "piped.jsonl"), "-q")
    if writer.is_alive():  # the run did not read the pipe: read it here, so the writer ends
        pipe.read_bytes()
    writer.join()
    assert piped.exit_code == 0, piped.output
    direct = run("align", str(seed), "--no-mt", "-o", str(tmp_path / "direct.jsonl"), "-q")
    assert direct.exit_code == 0, direct.output
    texts = [
        [(r["ja"], r["en"]) for r in map(json.loads, (tmp_path / f"{name}.jsonl").read_text().splitlines())]
        for name in ("piped", "direct")
    ]
    assert texts[0] == texts[1] and texts[0]


def test_an_output_that_is_a_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "pairs.jsonl"
    os.mkfifo(pipe)
    # a reader that is there before the run, so that opening the pipe to write does not block;
    # the pipe's buffer holds the few kilobytes of this corpus
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run("align", str(SEEDS / "003_63aeed18b7f8a488.txt"), "--no-mt", "-o", str(pipe), "-q")
        assert result.exit_code == 0, result.output
        received = b""
        while chunk := os.read(reader, 1 << 16):
            received += chunk
    finally:
        os.close(reader)
    # a rename over the pipe would have left the reader with nothing and a regular file behind
    assert pipe.is_fifo()
    rows = [json.loads(line) for line in received.decode("utf-8").splitlines()]
    assert rows and all({"ja", "en", "score"} <= set(r) for r in rows)


def test_align_writes_stdout_in_the_format_asked_for(tmp_path: Path) -> None:
    seed = str(SEEDS / "003_63aeed18b7f8a488.txt")
    to_file = tmp_path / "pairs.jsonl"
    assert run("align", seed, "--no-mt", "-o", str(to_file), "-q").exit_code == 0
    result = run("align", seed, "--no-mt", "-o", "-", "-q")  # JSONL unless --format says otherwise
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == to_file.read_bytes()
    tsv = run("align", seed, "--no-mt", "-o", "-", "--format", "tsv", "-q")
    assert tsv.stdout.splitlines()[0] == "ja\ten\tscore\tja_doc\ten_doc"
    # --format also names the format of a file whose extension does not
    other = tmp_path / "pairs.txt"
    assert run("align", seed, "--no-mt", "-o", str(other), "--format", "tsv", "-q").exit_code == 0
    assert other.read_text(encoding="utf-8") == tsv.stdout


def test_a_file_name_that_is_not_utf8_gets_a_usable_document_id(tmp_path: Path) -> None:
    import os

    ja = os.path.join(os.fsencode(tmp_path), b"ja\xff.txt")
    with open(ja, "wb") as f:
        f.write("ロシアのプーチン大統領は19日、北朝鮮を訪問した。\n".encode())
    en = tmp_path / "en.txt"
    en.write_text("Russian President Putin visited North Korea on the 19th.\n", encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    result = run("align", os.fsdecode(ja), str(en), "--no-mt", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["ja_doc"] == "ja\ufffd"


def test_a_file_name_with_control_characters_gives_the_same_id_in_every_format(tmp_path: Path) -> None:
    ja = tmp_path / "ja\x01\tnews\ufffe.txt"
    ja.write_text("ロシアのプーチン大統領は19日、北朝鮮を訪問した。\n", encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text("Russian President Putin visited North Korea on the 19th.\n", encoding="utf-8")
    ids = {}
    for ext in ("jsonl", "tsv", "tmx"):
        out = tmp_path / f"pairs.{ext}"
        assert run("align", str(ja), str(en), "--no-mt", "-o", str(out), "-q").exit_code == 0
        if ext == "jsonl":
            ids[ext] = json.loads(out.read_text(encoding="utf-8"))["ja_doc"]
        elif ext == "tsv":
            ids[ext] = out.read_text(encoding="utf-8").splitlines()[1].split("\t")[3]
        else:
            ids[ext] = etree.parse(str(out)).find(".//tu/prop[@type='x-ja-doc']").text
    assert ids == dict.fromkeys(("jsonl", "tsv", "tmx"), "ja__news_")


def test_score_takes_the_text_as_written(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("The ﬁrst ﬁnal is on ２０２４ in Ｔｏｋｙｏ.\n", encoding="utf-8")
    ref.write_text("The first final is on 2024 in Tokyo.\n", encoding="utf-8")
    result = run("score", "--hyp", str(hyp), "--ref", str(ref), "--metrics", "bleu", "--json")
    assert result.exit_code == 0, result.output
    (cli_bleu,) = (v["score"] for v in json.loads(result.stdout)["scores"].values())
    import jaen_align

    lines = [path.read_text(encoding="utf-8").splitlines() for path in (hyp, ref)]
    (api,) = jaen_align.score(*lines, ["bleu"])
    assert cli_bleu == pytest.approx(api.score, abs=1e-4) and cli_bleu < 100
    assert_input_error(run("score", "--hyp", str(hyp), "--ref", str(ref), "--metrics", ","), "--metrics")


def test_eval_align_reads_tsv_gold_raw_and_scores_an_empty_prediction(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text("0\t0\n1\t1,2\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"ja": "＂引用＂", "ja_ids": [0], "en_ids": [0]}\n', encoding="utf-8")  # full-width quotes
    report = run("eval-align", "--pred", str(pred), "--gold", str(gold), "--json")
    assert report.exit_code == 0, report.output
    scores = json.loads(report.stdout)
    assert scores["gold_format"] == "tsv" and scores["strict"]["precision"] == 1.0 and scores["strict"]["recall"] == 0.5
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    gated = run("eval-align", "--pred", str(empty), "--gold", str(gold), "--min-f1", "0.5")
    assert gated.exit_code == 1 and "strict F1 0.000 is below the minimum 0.5" in gated.stderr
    not_objects = tmp_path / "list.jsonl"
    not_objects.write_text("[1, 2]\n", encoding="utf-8")
    assert_input_error(run("eval-align", "--pred", str(not_objects), "--gold", str(gold)), "expected a JSON object")


def test_sigterm_mid_run_leaves_no_output_and_no_temporary_file(
    tiny_model: Path, ja_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    from jaen_align.translate.translator import Translator

    chunks = Translator.translate_chunks

    def terminated_after_the_first_chunk(self, *args, **kwargs):
        for chunk in chunks(self, *args, **kwargs):
            yield chunk
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Translator, "translate_chunks", terminated_after_the_first_chunk)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        result = run("translate", "-q", "--model", str(tiny_model), str(ja_file), "-o", str(out_dir / "en.txt"))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.exit_code == 128 + signal.SIGTERM, result.output
    assert "terminated; no output file was written" in result.stderr
    assert list(out_dir.iterdir()) == []


def test_translate_output_dash_is_stdout(tiny_model: Path, ja_file: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("translate", "-q", "--model", str(tiny_model), str(ja_file), "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == len(JA_LINES)
    assert not (tmp_path / "-").exists()


def test_align_refuses_an_output_that_is_one_of_its_inputs(tmp_path: Path) -> None:
    ja = tmp_path / "ja.jsonl"
    ja.write_text("会談は約2時間に及んだ。\n", encoding="utf-8")
    before = ja.read_bytes()
    result = run("align", "--no-mt", str(ja), str(SEEDS / "004_f09298817ccba4f1.txt"), "-o", str(ja))
    assert_input_error(result, str(ja), "is also an input")
    assert ja.read_bytes() == before


@pytest.mark.parametrize(
    "layout",
    [
        ("{ja}", "{ja}", "{en}"),  # the same file twice
        ("--ja", "{ja}", "{ja}", "{en}"),  # once by language, once detected
        ("{dir}", "{ja}"),  # a file and the directory holding it
    ],
)
def test_align_refuses_a_file_given_twice(tmp_path: Path, layout: tuple[str, ...]) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    ja, en = folder / "ja.txt", folder / "en.txt"
    ja.write_text("会談は約2時間に及んだ。\n", encoding="utf-8")
    en.write_text("The talks lasted about two hours.\n", encoding="utf-8")
    args = [a.format(ja=ja, en=en, dir=folder) for a in layout]
    result = run("align", "--no-mt", *args, "-o", str(tmp_path / "c.tsv"))
    assert_input_error(result, str(ja), "given twice")
    assert not (tmp_path / "c.tsv").exists()


def test_align_refuses_an_empty_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEEDS)  # "" must not mean the working directory
    assert_input_error(run("align", "--no-mt", "", "-o", str(tmp_path / "c.tsv")), "empty path")


def test_align_reports_a_directory_it_cannot_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    folder = tmp_path / "texts"
    (folder / "locked").mkdir(parents=True)
    (folder / "ja.txt").write_text("会談は約2時間に及んだ。\n", encoding="utf-8")
    (folder / "locked" / "en.txt").write_text("The talks lasted about two hours.\n", encoding="utf-8")
    scandir = os.scandir

    def locked_out(path="."):  # what a directory of mode 000 does to a user other than root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked_out)
    result = run("align", "--no-mt", str(folder), "-o", str(tmp_path / "c.tsv"))
    assert_input_error(result, str(folder / "locked"), "permission denied")


def test_eval_align_counts_a_repeated_predicted_bead_once(tmp_path: Path) -> None:
    pred, gold = tmp_path / "pred.jsonl", tmp_path / "gold.tsv"
    record = json.dumps({"ja_ids": [0], "en_ids": [0]})
    pred.write_text(f"{record}\n{record}\n{record}\n", encoding="utf-8")
    gold.write_text("0\t0\n1\t1\n", encoding="utf-8")
    result = run("eval-align", "--pred", str(pred), "--gold", str(gold), "--gold-format", "tsv")
    assert result.exit_code == 0, result.output
    assert "predicted beads 1, gold beads 2" in result.stdout
    assert "strict  P 1.000  R 0.500" in result.stdout
