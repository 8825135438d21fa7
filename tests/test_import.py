"""`jaen-align model import`: every accepted layout, built offline as a tiny random-weight model.

For the Hugging Face kinds the proof that prefix/suffix tokens are wired right is that
jaen-align's Translator encodes exactly as the model's own tokenizer does, and that
CTranslate2's greedy output equals the transformers model's greedy `generate`, token id for
token id (with matching log-probabilities, since a random model's output may ignore its input).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import ctranslate2
import pytest
import sentencepiece as spm
from click.testing import CliRunner
from conftest import seed_lines

from jaen_align.cli import main
from jaen_align.errors import InputError
from jaen_align.translate.importer import ct2_vocabulary, detect_source_kind, import_model
from jaen_align.translate.models import METADATA_FILE, embedded_models_dir, resolve_model
from jaen_align.translate.translator import Translator

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MAX_NEW = 12


def split_seeds() -> tuple[list[str], list[str]]:
    ja = [line.strip() for line in seed_lines() if JAPANESE.search(line)]
    en = [line.strip() for line in seed_lines() if line.strip() and not JAPANESE.search(line)]
    return ja, en


JA, EN = split_seeds()
SENTENCES = [s for s in dict.fromkeys(JA) if 12 <= len(s) <= 60][:4]


def train_spm(lines: list[str], prefix: Path, model_type: str, **ids: int) -> spm.SentencePieceProcessor:
    corpus = prefix.parent / "corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=800,
        model_type=model_type,
        character_coverage=0.98,
        # HF's NLLB tokenizer has no NFKC step unless built with protobuf; keep both sides identical
        normalization_rule_name="identity",
        hard_vocab_limit=False,
        minloglevel=2,
        **ids,
    )
    corpus.unlink()
    Path(f"{prefix}.vocab").unlink()
    return spm.SentencePieceProcessor(model_file=f"{prefix}.model")


# ---------------------------------------------------------------- Hugging Face fixtures
@pytest.fixture(scope="module")
def marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OPUS-MT layout: source.spm, target.spm, one joint vocab.json, <pad> last."""
    pytest.importorskip("transformers")
    import torch
    from transformers import MarianConfig, MarianMTModel

    d = tmp_path_factory.mktemp("opus-mt-ja-en")
    ids = {"eos_id": 0, "unk_id": 1, "bos_id": -1, "pad_id": -1}
    source = train_spm(JA, d / "src", "unigram", **ids)
    target = train_spm(EN, d / "tgt", "unigram", **ids)
    (d / "src.model").rename(d / "source.spm")
    (d / "tgt.model").rename(d / "target.spm")
    vocab: dict[str, int] = {}
    for sp in (source, target):
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    pad = vocab["<pad>"] = len(vocab)
    (d / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer_config = {"tokenizer_class": "MarianTokenizer", "source_lang": "ja", "target_lang": "en"}
    (d / "tokenizer_config.json").write_text(json.dumps(tokenizer_config), encoding="utf-8")
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=None,
        bad_words_ids=[[pad]],
        **tiny_dims(),
    )
    torch.manual_seed(0)
    MarianMTModel(config).save_pretrained(d)
    return d


def tiny_dims() -> dict[str, Any]:
    return {
        "d_model": 16,
        "encoder_layers": 1,
        "decoder_layers": 1,
        "encoder_attention_heads": 2,
        "decoder_attention_heads": 2,
        "encoder_ffn_dim": 32,
        "decoder_ffn_dim": 32,
        "max_position_embeddings": 256,
        "init_std": 0.5,  # large random weights: decisive argmaxes, no near-ties between runtimes
        "scale_embedding": True,
    }


def save_m2m100(d: Path, tokenizer: Any) -> None:
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    vocab_size = len(tokenizer.get_vocab())
    if hasattr(tokenizer, "lang_token_to_id"):  # M2M-100: vocab.json + language tokens + made-up words
        vocab_size = tokenizer.vocab_size + len(tokenizer.lang_token_to_id) + tokenizer.num_madeup_words
    config = M2M100Config(
        vocab_size=vocab_size,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_eos_token_id=None,
        **tiny_dims(),
    )
    torch.manual_seed(1)
    M2M100ForConditionalGeneration(config).save_pretrained(d)


@pytest.fixture(scope="module")
def m2m100_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    d = tmp_path_factory.mktemp("m2m100_tiny")
    sp = train_spm(JA + EN, d / "sentencepiece.bpe", "bpe")
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}  # fairseq order, then the pieces
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (d / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer_config = {"tokenizer_class": "M2M100Tokenizer", "src_lang": "ja", "tgt_lang": "en"}
    (d / "tokenizer_config.json").write_text(json.dumps(tokenizer_config), encoding="utf-8")
    save_m2m100(d, AutoTokenizer.from_pretrained(str(d)))
    return d


@pytest.fixture(scope="module")
def nllb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """NLLB layout: sentencepiece.bpe.model + tokenizer.json, built the way transformers converts
    the SentencePiece model (without needing protobuf)."""
    pytest.importorskip("transformers")
    from transformers import NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    d = tmp_path_factory.mktemp("nllb_tiny")
    sp = train_spm(JA + EN, d / "sentencepiece.bpe", "bpe")
    pieces = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    tokenizer = NllbTokenizer(vocab=vocab, merges=generate_merges(pieces), src_lang="jpn_Jpan", tgt_lang="eng_Latn")
    tokenizer.save_pretrained(str(d))
    save_m2m100(d, tokenizer)
    return d


# ---------------------------------------------------------------- CTranslate2 / Argos fixtures
@pytest.fixture()
def sugoi_dir(tiny_model: Path, tmp_path: Path) -> Path:
    """The published Sugoi v4 CTranslate2 layout: SentencePiece models under spm/, a fairseq-style config."""
    d = tmp_path / "sugoi-v4-ja-en-ctranslate2"
    shutil.copytree(tiny_model, d)
    (d / METADATA_FILE).unlink()
    (d / "spm").mkdir()
    (d / "spm.model").rename(d / "spm" / "spm.ja.nopretok.model")
    shutil.copy(d / "spm" / "spm.ja.nopretok.model", d / "spm" / "spm.en.nopretok.model")
    edit_ct2_config(d, add_source_eos=True, decoder_start_token="</s>")
    return d


def edit_ct2_config(d: Path, **changes: Any) -> None:
    config = json.loads((d / "config.json").read_text(encoding="utf-8"))
    config.update(changes)
    (d / "config.json").write_text(json.dumps(config), encoding="utf-8")


def make_argos_package(tiny_model: Path, out: Path, from_code: str = "ja", to_code: str = "en") -> Path:
    package = out / f"translate-{from_code}_{to_code}-1_0.argosmodel"
    top = f"translate-{from_code}_{to_code}-1_0"
    metadata = {"package_version": "1.0", "argos_version": "1.0", "from_code": from_code, "to_code": to_code}
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata))
        archive.writestr(f"{top}/README.md", "# tiny test package\n")
        archive.write(tiny_model / "spm.model", f"{top}/sentencepiece.model")
        for f in ("model.bin", "config.json", "shared_vocabulary.json"):
            archive.write(tiny_model / f, f"{top}/model/{f}")
    return package


# ---------------------------------------------------------------- helpers
def meta_of(info_path: Path) -> dict[str, Any]:
    return json.loads((info_path / METADATA_FILE).read_text(encoding="utf-8"))


def assert_translates(name: str) -> None:
    out = Translator(name, beam_size=1, max_decoding_length=8).translate(SENTENCES)
    assert len(out) == len(SENTENCES)
    assert all(isinstance(s, str) for s in out)


def assert_same_as_transformers(info_path: Path, hf_dir: Path, model_class: str, forced_bos: str | None) -> None:
    """jaen-align's encoding equals the HF tokenizer's; CTranslate2's greedy output equals HF's
    greedy ``generate`` token id for token id; and the log-probabilities agree, which also
    catches a wrong source side when a random model's greedy output ignores its input."""
    import torch
    import transformers
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(hf_dir))
    model = getattr(transformers, model_class).from_pretrained(str(hf_dir)).eval()
    translator = Translator(info_path)
    ct2 = ctranslate2.Translator(str(info_path), compute_type="float32")
    vocabulary = ct2_vocabulary(info_path, "target")
    index = {token: i for i, token in enumerate(vocabulary)}
    prefix = list(translator.model.target_prefix)
    kwargs = {"forced_bos_token_id": tokenizer.convert_tokens_to_ids(forced_bos)} if forced_bos else {}
    for text in SENTENCES:
        pieces = translator.encode(text)
        ids = tokenizer(text)["input_ids"]
        assert tokenizer.convert_tokens_to_ids(pieces) == ids
        hypothesis = ct2.translate_batch(
            [pieces], target_prefix=[prefix] if prefix else None, beam_size=1, max_decoding_length=MAX_NEW
        )[0].hypotheses[0]
        with torch.no_grad():
            generated = model.generate(
                torch.tensor([ids]), num_beams=1, do_sample=False, max_new_tokens=MAX_NEW, **kwargs
            )[0].tolist()
        start, generated = generated[0], generated[1:]
        if generated and generated[-1] == tokenizer.eos_token_id:
            generated = generated[:-1]  # CTranslate2 does not return the end token
        assert [index[t] for t in hypothesis] == generated

        target = [index[t] for t in hypothesis] + [tokenizer.eos_token_id]
        ct2_log_probs = ct2.score_batch([pieces], [hypothesis])[0].log_probs
        with torch.no_grad():
            logits = model(
                input_ids=torch.tensor([ids]), decoder_input_ids=torch.tensor([[start, *target[:-1]]])
            ).logits
        # Marian's <pad> is not in the converted vocabulary: CTranslate2 never scores it
        hf_log_probs = torch.log_softmax(logits[0, :, : len(vocabulary)], dim=-1)[range(len(target)), target]
        assert ct2_log_probs == pytest.approx(hf_log_probs.tolist(), abs=2e-3)


# ---------------------------------------------------------------- Hugging Face kinds
def test_marian_import_matches_transformers(marian_dir: Path, user_models: Path) -> None:
    assert detect_source_kind(marian_dir) == "marian"
    info = import_model(marian_dir, name="opus", quantization="float32")
    assert info.path == user_models / "opus"
    meta = meta_of(info.path)
    assert (meta["source_spm"], meta["target_spm"]) == ("source.spm", "target.spm")
    assert meta["source_prefix"] == [] and meta["source_suffix"] == ["</s>"] and meta["target_prefix"] == []
    assert meta["imported_from"] == str(marian_dir.resolve())
    assert meta["architecture"] == "marian" and meta["ja_pretokenize"] is False
    assert_same_as_transformers(info.path, marian_dir, "MarianMTModel", None)
    assert_translates("opus")


def test_m2m100_import_matches_transformers(m2m100_dir: Path, user_models: Path) -> None:
    assert detect_source_kind(m2m100_dir) == "m2m100"
    info = import_model(m2m100_dir, quantization="float32")
    assert info.name == m2m100_dir.name
    meta = meta_of(info.path)
    assert meta["source_prefix"] == ["__ja__"] and meta["source_suffix"] == ["</s>"]
    assert meta["target_prefix"] == ["__en__"]
    assert meta["languages"] == {"source": "ja", "target": "en"}
    assert_same_as_transformers(info.path, m2m100_dir, "M2M100ForConditionalGeneration", "__en__")
    assert_translates(info.name)


def test_nllb_import_matches_transformers(nllb_dir: Path, user_models: Path) -> None:
    assert detect_source_kind(nllb_dir) == "nllb"
    info = import_model(nllb_dir, name="nllb", quantization="float32")
    meta = meta_of(info.path)
    assert meta["source_prefix"] == ["jpn_Jpan"] and meta["source_suffix"] == ["</s>"]
    assert meta["target_prefix"] == ["eng_Latn"]
    assert meta["architecture"] == "nllb"
    assert_same_as_transformers(info.path, nllb_dir, "M2M100ForConditionalGeneration", "eng_Latn")
    assert_translates("nllb")


def test_nllb_legacy_tokenizer_convention_is_followed(nllb_dir: Path, tmp_path: Path, user_models: Path) -> None:
    """With ``legacy_behaviour`` the NLLB tokenizer puts the language token last: "pieces </s> jpn_Jpan"."""
    legacy = tmp_path / "nllb-legacy"
    shutil.copytree(nllb_dir, legacy)
    config = json.loads((legacy / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["legacy_behaviour"] = True
    (legacy / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    info = import_model(legacy, quantization="float32")
    meta = meta_of(info.path)
    assert meta["source_prefix"] == [] and meta["source_suffix"] == ["</s>", "jpn_Jpan"]
    assert meta["target_prefix"] == ["eng_Latn"]
    assert_same_as_transformers(info.path, legacy, "M2M100ForConditionalGeneration", "eng_Latn")


def test_int8_import_translates(m2m100_dir: Path, user_models: Path) -> None:
    info = import_model(m2m100_dir, name="m2m-int8")
    assert meta_of(info.path)["facts"]["weights"] == "int8"
    assert_translates("m2m-int8")


def test_missing_convert_extra_is_an_input_error(tmp_path: Path, user_models: Path, monkeypatch) -> None:
    d = tmp_path / "opus-mt"
    d.mkdir()
    (d / "config.json").write_text(json.dumps({"model_type": "marian"}), encoding="utf-8")
    for empty in ("model.safetensors", "source.spm", "target.spm"):
        (d / empty).write_bytes(b"")
    (d / "vocab.json").write_text("{}", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(InputError, match=r"jaen-align\[convert\]"):
        import_model(d)
    assert not user_models.exists() or not any(user_models.iterdir())


# ---------------------------------------------------------------- CTranslate2 and Argos kinds
def test_sugoi_layout_import(sugoi_dir: Path, user_models: Path) -> None:
    assert detect_source_kind(sugoi_dir) == "ctranslate2"
    info = import_model(sugoi_dir, name="sugoi")
    meta = meta_of(info.path)
    assert (meta["source_spm"], meta["target_spm"]) == ("spm.ja.nopretok.model", "spm.en.nopretok.model")
    assert meta["source_suffix"] == []  # add_source_eos: CTranslate2 appends </s> itself
    assert meta["source_prefix"] == [] and meta["target_prefix"] == []
    assert (info.path / "spm.ja.nopretok.model").is_file() and (info.path / "model.bin").is_file()
    assert_translates("sugoi")


@pytest.mark.parametrize(
    ("config", "suffix"),
    [
        ({"add_source_eos": False, "decoder_start_token": "</s>"}, ["</s>"]),  # Marian / HF conversions
        ({"add_source_eos": False, "decoder_start_token": "<s>"}, []),  # OpenNMT conversions
    ],
)
def test_ctranslate2_source_suffix_follows_config(
    sugoi_dir: Path, user_models: Path, config: dict, suffix: list[str]
) -> None:
    edit_ct2_config(sugoi_dir, **config)
    info = import_model(sugoi_dir, name="ct2")
    assert meta_of(info.path)["source_suffix"] == suffix
    assert_translates("ct2")


def test_ctranslate2_ambiguous_sentencepiece_files(sugoi_dir: Path, user_models: Path) -> None:
    shutil.copy(sugoi_dir / "spm" / "spm.ja.nopretok.model", sugoi_dir / "spm" / "spm.ja.pretok.model")
    with pytest.raises(InputError, match="which side"):
        import_model(sugoi_dir)


def test_argos_package_import(tiny_model: Path, tmp_path: Path, user_models: Path) -> None:
    package = make_argos_package(tiny_model, tmp_path)
    assert detect_source_kind(package) == "argos"
    info = import_model(package)
    assert info.name == "translate-ja_en-1_0"
    meta = meta_of(info.path)
    assert meta["source_spm"] == meta["target_spm"] == "sentencepiece.model"
    assert meta["source_suffix"] == [] and meta["target_prefix"] == []
    assert meta["architecture"] == "argos"
    assert (info.path / "README.md").is_file()
    assert not any(p.name.startswith(".") for p in info.path.iterdir())
    assert_translates(info.name)

    with zipfile.ZipFile(package) as archive:  # the unpacked folder imports the same way
        archive.extractall(tmp_path / "unpacked")
    unpacked = tmp_path / "unpacked" / "translate-ja_en-1_0"
    assert detect_source_kind(unpacked) == "argos"
    assert meta_of(import_model(unpacked, name="argos-dir").path)["source_suffix"] == []


def test_argos_package_for_another_pair_is_refused(tiny_model: Path, tmp_path: Path, user_models: Path) -> None:
    package = make_argos_package(tiny_model, tmp_path, "en", "de")
    result = CliRunner().invoke(main, ["model", "import", str(package)])
    assert result.exit_code == 2
    assert "en -> de" in result.output


# ---------------------------------------------------------------- command line
def test_cli_import_list_remove(sugoi_dir: Path, user_models: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["model", "import", str(sugoi_dir), "--name", "mine"])
    assert result.exit_code == 0, result.output
    assert "imported" in result.output and "'mine'" in result.output

    listing = runner.invoke(main, ["model", "list"])
    assert listing.exit_code == 0
    line = next(line for line in listing.output.splitlines() if line.startswith("mine"))
    assert "user" in line and "MB" in line and str(sugoi_dir) in line

    again = runner.invoke(main, ["model", "import", str(sugoi_dir), "--name", "mine"])
    assert again.exit_code == 2
    assert "already exists" in again.output and "--force" in again.output
    forced = runner.invoke(main, ["model", "import", str(sugoi_dir), "--name", "mine", "--force"])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in user_models.iterdir()) == ["mine"]

    removed = runner.invoke(main, ["model", "remove", "mine"])
    assert removed.exit_code == 0
    assert not (user_models / "mine").exists()
    assert "mine" not in runner.invoke(main, ["model", "list"]).output.split()


def test_cli_unknown_directory(tmp_path: Path, user_models: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a model", encoding="utf-8")
    result = CliRunner().invoke(main, ["model", "import", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a model layout" in result.output and "Argos" in result.output
    assert "Traceback" not in result.output


def test_cli_fairseq_checkpoint_is_refused_clearly(tmp_path: Path, user_models: Path) -> None:
    base = tmp_path / "jparacrawl" / "base"
    base.mkdir(parents=True)
    (base / "base.pretrain.pt").write_bytes(b"")
    for lang in ("ja", "en"):
        (base / f"dict.{lang}.txt").write_text("a 1\n", encoding="utf-8")
    assert detect_source_kind(tmp_path / "jparacrawl") == "fairseq"
    result = CliRunner().invoke(main, ["model", "import", str(tmp_path / "jparacrawl")])
    assert result.exit_code == 2
    assert "fairseq" in result.output and "ct2-fairseq-converter" in result.output


def test_cli_rejects_bad_name(sugoi_dir: Path, user_models: Path) -> None:
    result = CliRunner().invoke(main, ["model", "import", str(sugoi_dir), "--name", "../escape"])
    assert result.exit_code == 2
    assert "--name" in result.output


def test_importing_a_ctranslate2_model_needs_no_torch(sugoi_dir: Path, user_models: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from jaen_align.translate.importer import import_model; "
        f"import_model(Path({str(sugoi_dir)!r}), name='x'); "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_remove_takes_a_model_name_never_a_path(tmp_path: Path, user_models: Path) -> None:
    outside = tmp_path / "elsewhere" / "copy"
    shutil.copytree(embedded_models_dir() / "ja-en-small", outside)
    runner = CliRunner()
    for target in (str(outside), "../elsewhere/copy", ".."):
        result = runner.invoke(main, ["model", "remove", target])
        assert result.exit_code == 2 and "not a model name" in result.output, (target, result.output)
    assert (outside / "jaen-align.json").is_file()


def test_an_import_named_after_its_folder_cannot_take_the_embedded_model_s_name(
    tmp_path: Path, user_models: Path
) -> None:
    source = tmp_path / "ja-en-small"
    shutil.copytree(embedded_models_dir() / "ja-en-small", source)
    result = CliRunner().invoke(main, ["model", "import", str(source)])
    assert result.exit_code == 2 and "embedded model's name" in result.output and "--name" in result.output
    assert not user_models.exists() or not any(user_models.iterdir())


def test_an_installed_name_wins_over_a_folder_of_that_name_here(
    sugoi_dir: Path, user_models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(main, ["model", "import", str(sugoi_dir), "--name", "mine"]).exit_code == 0
    (tmp_path / "mine").mkdir()  # a stray folder of the same name in the working directory
    monkeypatch.chdir(tmp_path)
    assert resolve_model("mine").origin == "user"
    with pytest.raises(InputError):  # spelled as a path, it is the folder, which holds no model
        resolve_model("./mine")


def test_a_damaged_model_bin_is_refused_at_import_naming_the_source(sugoi_dir: Path, user_models: Path) -> None:
    (sugoi_dir / "model.bin").write_bytes(b"not a CTranslate2 model" * 100)
    result = CliRunner().invoke(main, ["model", "import", str(sugoi_dir)])
    assert result.exit_code == 2
    assert str(sugoi_dir) in result.output and "cannot load" in result.output
    assert ".importing" not in result.output and "Traceback" not in result.output
    assert not any(user_models.iterdir())  # nothing half-built left behind


@pytest.mark.parametrize("layout", ["sugoi", "jaen-align"])
def test_a_damaged_sentencepiece_model_is_refused_at_import_naming_it(
    layout: str, sugoi_dir: Path, tiny_model: Path, tmp_path: Path, user_models: Path
) -> None:
    if layout == "sugoi":
        source, damaged = sugoi_dir, sugoi_dir / "spm" / "spm.en.nopretok.model"
    else:  # a copy of a jaen-align model directory, its metadata included
        source = tmp_path / "copy"
        shutil.copytree(tiny_model, source)
        damaged = source / "spm.model"
    damaged.write_bytes(b"garbage\n")
    result = CliRunner().invoke(main, ["model", "import", str(source)])
    assert result.exit_code == 2, result.output
    # refused at import, not at the first translation; a Sugoi layout's damaged English model
    # was passed over and the Japanese one used for both sides
    assert f"{damaged}: not a SentencePiece model" in result.output
    assert ".importing" not in result.output and "Traceback" not in result.output
    assert not any(user_models.iterdir())


def test_import_errors_about_the_copy_name_the_source(sugoi_dir: Path, user_models: Path) -> None:
    (sugoi_dir / "shared_vocabulary.json").unlink()
    for stale in sugoi_dir.glob("*vocabulary*"):
        stale.unlink()
    with pytest.raises(InputError) as caught:
        import_model(sugoi_dir)
    assert caught.value.source.startswith(str(sugoi_dir)) and ".importing" not in str(caught.value)


# ---------------------------------------------------------------- a directory that already is a jaen-align model
@pytest.fixture()
def jaen_align_dir(tiny_model: Path, tmp_path: Path) -> Path:
    """A CTranslate2 directory with its own jaen-align.json, like the embedded model's: tables,
    search options and a source suffix that config.json alone would not suggest."""
    d = tmp_path / "trained-model"
    shutil.copytree(tiny_model, d)
    (d / "tables").mkdir()
    (d / "tables" / "names.tsv").write_text("ウェブサイト\tWebsite\n", encoding="utf-8")
    (d / "truecase.tsv").write_text("ai\tAI\n", encoding="utf-8")
    (d / "README.md").write_text("# model card\n", encoding="utf-8")
    edit_ct2_config(d, decoder_start_token="<pad>")  # as ja-en-small's: no </s> suffix would be guessed
    meta = {
        **meta_of(d),
        "source_suffix": ["</s>"],
        "placeholders": "tables/names.tsv",
        "truecase": "truecase.tsv",
        "decoding": {"length_penalty": 1.5, "no_repeat_ngram_size": 4},
        "set_phrases": True,
        "clause_pieces": 40,
        "imported_from": "trained by scripts/train_model.py",
        "facts": {"Tatoeba held-out": "BLEU 33.85"},
    }
    (d / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return d


def test_a_jaen_align_model_directory_keeps_its_metadata_and_files(jaen_align_dir: Path, user_models: Path) -> None:
    before = meta_of(jaen_align_dir)
    result = CliRunner().invoke(main, ["model", "import", str(jaen_align_dir), "--name", "copy"])
    assert result.exit_code == 0, result.output
    info = resolve_model("copy")
    meta = meta_of(info.path)
    assert meta["imported_from"] == str(jaen_align_dir)  # only the provenance changes
    assert meta["facts"]["origin"] == "trained by scripts/train_model.py"
    assert meta["facts"]["Tatoeba held-out"] == "BLEU 33.85"
    unchanged = ("imported_from", "facts")
    assert {k: v for k, v in meta.items() if k not in unchanged} == {
        k: v for k, v in before.items() if k not in unchanged
    }
    for f in ("tables/names.tsv", "truecase.tsv", "spm.model", "model.bin", "README.md"):
        assert (info.path / f).read_bytes() == (jaen_align_dir / f).read_bytes(), f
    original = resolve_model(str(jaen_align_dir))
    fields = ("source_suffix", "source_prefix", "target_prefix", "set_phrases", "clause_pieces", "decoding")
    assert [getattr(info, f) for f in fields] == [getattr(original, f) for f in fields]
    assert info.name_table == info.path / "tables" / "names.tsv"
    assert info.truecase_table == info.path / "truecase.tsv"
    imported = Translator("copy", beam_size=1, max_decoding_length=8)
    assert imported.translate(SENTENCES) == Translator(jaen_align_dir, beam_size=1, max_decoding_length=8).translate(
        SENTENCES
    )


def test_a_kept_jaen_align_json_may_not_name_files_outside_the_model(
    jaen_align_dir: Path, tmp_path: Path, user_models: Path
) -> None:
    (tmp_path / "elsewhere.tsv").write_text("ai\tAI\n", encoding="utf-8")
    meta = {**meta_of(jaen_align_dir), "truecase": "../elsewhere.tsv"}
    (jaen_align_dir / METADATA_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(InputError, match="outside") as caught:
        import_model(jaen_align_dir, name="copy")
    assert caught.value.source == str(jaen_align_dir / METADATA_FILE)


@pytest.mark.parametrize("quantization", ["float32", "int8_float32"])
@pytest.mark.parametrize("kind", ["ctranslate2", "argos"])
def test_quantization_of_an_already_converted_model_is_refused_not_ignored(
    sugoi_dir: Path, tiny_model: Path, tmp_path: Path, user_models: Path, kind: str, quantization: str
) -> None:
    source = sugoi_dir if kind == "ctranslate2" else make_argos_package(tiny_model, tmp_path)
    result = CliRunner().invoke(main, ["model", "import", str(source), "--name", "q", "--quantization", quantization])
    assert result.exit_code == 2, result.output
    assert "--quantization" in result.output and "as stored" in result.output and str(source) in result.output
    assert not user_models.exists() or not any(user_models.iterdir())


def test_a_user_model_directory_that_is_a_file_is_named(
    sugoi_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_dir = tmp_path / "models-file"
    not_a_dir.write_text("", encoding="utf-8")
    for root in (not_a_dir, not_a_dir / "sub"):
        monkeypatch.setenv("JAEN_ALIGN_MODELS", str(root))
        result = CliRunner().invoke(main, ["model", "import", str(sugoi_dir), "--name", "x"])
        assert result.exit_code == 2
        assert f"{not_a_dir}: is not a directory" in result.output and "JAEN_ALIGN_MODELS" in result.output
        assert "File exists" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content", [b'["<s>", "a"', b"\xff\xfe", b'{"a": 1}'])
def test_a_damaged_vocabulary_is_an_input_error_naming_it(sugoi_dir: Path, user_models: Path, content: bytes) -> None:
    (sugoi_dir / "shared_vocabulary.json").write_bytes(content)
    result = CliRunner().invoke(main, ["model", "import", str(sugoi_dir)])
    assert result.exit_code == 2, result.output
    assert str(sugoi_dir / "shared_vocabulary.json") in result.output and "Traceback" not in result.output
