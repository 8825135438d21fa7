"""A damaged model directory is an InputError naming the file (exit code 2), never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jaen_align.cli import main
from jaen_align.errors import InputError
from jaen_align.translate.models import METADATA_FILE, load_table, read_metadata, resolve_model
from jaen_align.translate.translator import Translator


@pytest.fixture()
def model_dir(tiny_model: Path, tmp_path: Path) -> Path:
    d = tmp_path / "model"
    shutil.copytree(tiny_model, d)
    return d


def set_meta(d: Path, **changes: object) -> None:
    meta = json.loads((d / METADATA_FILE).read_text(encoding="utf-8"))
    meta.update(changes)
    (d / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize("key", ["placeholders", "truecase"])
def test_a_table_that_is_not_utf8_is_named(model_dir: Path, key: str) -> None:
    table = model_dir / "table.tsv"
    table.write_bytes("東京\tTokyo\n".encode() + b"caf\xff\tCafe\n")
    set_meta(model_dir, **{key: "table.tsv"})
    with pytest.raises(InputError, match=r"line 2: not UTF-8 \(byte 0xff\)") as caught:
        load_table(table)
    assert caught.value.source == str(table)
    with pytest.raises(InputError) as caught:
        Translator(model_dir, beam_size=1)
    assert caught.value.source == str(table)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[1, 2]", "must be a JSON object, not an array"),
        ('"spm.model"', "must be a JSON object, not a string"),
        ('{"source_spm": "spm', "unreadable model metadata"),
        ('{"source_spm": 5}', '"source_spm" must be the name of a file'),
        ('{"source_spm": "missing.model"}', '"source_spm" names missing.model, which is not a file'),
        ('{"source_spm": "spm.model", "source_suffix": "</s>"}', '"source_suffix" must be a list of token strings'),
        ('{"source_spm": "spm.model", "set_phrases": "false"}', '"set_phrases" must be true or false'),
        ('{"source_spm": "spm.model", "decoding": [1]}', '"decoding" must be a JSON object'),
        ('{"source_spm": "spm.model", "decoding": {"length_penalty": "x"}}', '"decoding" must be an object of numbers'),
        ('{"source_spm": "spm.model", "facts": "none"}', '"facts" must be a JSON object'),
        ('{"source_spm": "spm.model", "clause_pieces": "many"}', '"clause_pieces" must be a positive whole number'),
        ('{"source_spm": "spm.model", "truecase": "truecase.tsv"}', '"truecase" names truecase.tsv'),
    ],
)
def test_bad_metadata_is_an_input_error_naming_jaen_align_json(model_dir: Path, content: str, problem: str) -> None:
    (model_dir / METADATA_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_metadata(model_dir, "m", "path")
    assert caught.value.source == str(model_dir / METADATA_FILE)
    assert problem in caught.value.problem
    result = CliRunner().invoke(main, ["model", "info", str(model_dir)])
    assert result.exit_code == 2 and str(model_dir / METADATA_FILE) in result.output
    assert "Traceback" not in result.output


def test_metadata_that_is_not_utf8_is_named(model_dir: Path) -> None:
    (model_dir / METADATA_FILE).write_bytes(b'{"source_spm": "spm\xff.model"}')
    with pytest.raises(InputError, match="unreadable model metadata") as caught:
        resolve_model(str(model_dir))
    assert caught.value.source == str(model_dir / METADATA_FILE)


@pytest.mark.parametrize("content", ['{"add_source_bos": fal', "[1, 2]", "\udcff"])
def test_a_damaged_ctranslate2_config_is_named(model_dir: Path, content: str) -> None:
    (model_dir / "config.json").write_bytes(content.encode("utf-8", "surrogateescape"))
    result = CliRunner().invoke(main, ["model", "info", str(model_dir)])
    assert result.exit_code == 2
    assert f"{model_dir / 'config.json'}: " in result.output and "Traceback" not in result.output
    with pytest.raises(InputError, match="CTranslate2 model configuration"):
        Translator(model_dir)


def test_good_metadata_still_reads(model_dir: Path) -> None:
    (model_dir / "names.tsv").write_text("東京\tTokyo\n", encoding="utf-8")
    set_meta(
        model_dir,
        placeholders="names.tsv",
        decoding={"length_penalty": 1.5, "no_repeat_ngram_size": 4},
        set_phrases=True,
        clause_pieces=40,
        facts={"speed": 1},
    )
    info = read_metadata(model_dir, "m", "path")
    assert info.name_table == model_dir / "names.tsv" and load_table(info.name_table) == {"東京": "Tokyo"}
    assert info.decoding == {"length_penalty": 1.5, "no_repeat_ngram_size": 4.0}
    assert info.set_phrases and info.clause_pieces == 40 and info.facts == {"speed": "1"}
    assert info.source_suffix == ("</s>",) and info.target_spm == info.source_spm == model_dir / "spm.model"


def test_damaged_weights_or_sentencepiece_model_are_named(model_dir: Path) -> None:
    weights = (model_dir / "model.bin").read_bytes()
    (model_dir / "model.bin").write_bytes(weights[: len(weights) // 2])
    with pytest.raises(InputError, match="unusable CTranslate2 model") as caught:
        Translator(model_dir, beam_size=1)
    assert caught.value.source == str(model_dir)
    (model_dir / "model.bin").write_bytes(weights)
    spm_file = Path(read_metadata(model_dir, "m", "path").source_spm)
    spm_file.write_bytes(b"not a sentencepiece model")
    with pytest.raises(InputError, match="unusable SentencePiece model") as caught:
        Translator(model_dir, beam_size=1)
    assert caught.value.source == str(spm_file)


def test_an_empty_model_name_is_named_as_such() -> None:
    with pytest.raises(InputError, match="empty model name"):
        resolve_model("")  # was looked up as the models directory itself


def test_a_models_directory_that_is_a_file_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_directory = tmp_path / "models"
    not_a_directory.write_text("", encoding="utf-8")
    monkeypatch.setenv("JAEN_ALIGN_MODELS", str(not_a_directory))
    result = CliRunner().invoke(main, ["model", "list"])
    assert result.exit_code == 2
    assert f"{not_a_directory}: not a directory" in result.output and "JAEN_ALIGN_MODELS" in result.output
