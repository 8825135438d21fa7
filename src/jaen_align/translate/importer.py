"""Bring your own model: turn a local model into an entry of the user model directory.

Accepted sources (``detect_source_kind`` names them):

- ``marian``: a Hugging Face MarianMTModel directory (OPUS-MT layout: config.json, weights,
  source.spm, target.spm, vocab.json), converted with CTranslate2's TransformersConverter;
- ``m2m100`` / ``nllb``: a Hugging Face M2M-100 or NLLB-200 directory (config.json, weights,
  sentencepiece.bpe.model and the tokenizer files); the language tokens become prefix tokens;
- ``ctranslate2``: a CTranslate2 directory (model.bin) with its SentencePiece model(s), e.g. the
  Sugoi v4 conversion (spm/spm.ja.nopretok.model, spm/spm.en.nopretok.model); one that already
  has a ``jaen-align.json`` (the embedded model, another import) keeps it and the files it names;
- ``argos``: an Argos Translate ``.argosmodel`` package (or its unpacked folder) for ja->en;
- ``fairseq``: a fairseq checkpoint with dictionaries (JParaCrawl/Sugoi releases) is recognised
  but refused: fairseq cannot be installed on supported Pythons (see ``FAIRSEQ_PROBLEM``).

Every import writes ``jaen-align.json`` beside the CTranslate2 files so that ``Translator(name)``
needs no options. torch and transformers are imported only for the Hugging Face kinds, and
``--quantization`` applies to them only: the other kinds are already converted, and asking for
other weights than the default for them is an error rather than a silent copy as stored.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from jaen_align.errors import InputError
from jaen_align.translate.models import (
    DEFAULT_MODEL,
    METADATA_FILE,
    METADATA_FILES,
    ModelInfo,
    read_metadata,
    user_models_dir,
    write_metadata,
)

KINDS = ("marian", "m2m100", "nllb", "ctranslate2", "fairseq", "argos")
CONVERTED_KINDS = ("ctranslate2", "argos")  # copied as stored: --quantization cannot apply
QUANTIZATIONS = ("int8", "int8_float32", "float32")
DEFAULT_QUANTIZATION = "int8"
ACCEPTED_LAYOUTS = (
    "a Hugging Face MarianMTModel directory (config.json, weights, source.spm, target.spm, vocab.json); "
    "a Hugging Face M2M-100 or NLLB-200 directory (config.json, weights, sentencepiece.bpe.model); "
    "a CTranslate2 directory (model.bin) with its SentencePiece model(s); "
    "an Argos Translate .argosmodel package"
)
CONVERT_HINT = "pip install 'jaen-align[convert]'"
FAIRSEQ_PROBLEM = (
    "fairseq checkpoints cannot be converted here: fairseq 0.12.2, its last PyPI release, fails to import "
    'on Python 3.11+ ("mutable default ... for field common is not allowed"); convert it elsewhere with '
    "`ct2-fairseq-converter --model_path MODEL.pt --data_dir DICT_DIR --source_lang ja --target_lang en "
    "--output_dir OUT`, copy the SentencePiece models into OUT, then `jaen-align model import OUT`"
)
HF_WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")
SPM_SUFFIXES = (".model", ".spm")
CT2_FILES = ("model.bin", "config.json", "*vocabulary.json", "*vocabulary.txt", "vmap.txt", "README*", "LICENSE*")
JAPANESE_CODES = {"ja", "jp", "jpn", "jpn_jpan", "japanese"}
ENGLISH_CODES = {"en", "eng", "eng_latn", "english"}
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass
class Recipe:
    """What translating with an imported model needs; it becomes ``jaen-align.json``."""

    architecture: str
    source_spm: str
    target_spm: str
    source_prefix: list[str] = field(default_factory=list)
    source_suffix: list[str] = field(default_factory=lambda: ["</s>"])
    target_prefix: list[str] = field(default_factory=list)
    languages: tuple[str, str] = ("ja", "en")
    facts: dict[str, str] = field(default_factory=dict)
    # the source's own jaen-align.json: written back with only the provenance updated
    kept: dict[str, Any] | None = None

    def metadata(self, kind: str, source: Path, quantization: str) -> dict[str, Any]:
        if self.kept is not None:
            facts = {str(k): str(v) for k, v in (self.kept.get("facts") or {}).items()}
            previous = str(self.kept.get("imported_from") or "")
            if previous and previous != str(source):
                facts.setdefault("origin", previous)
            facts["import kind"] = f"{kind} with its {METADATA_FILE}"
            return {**self.kept, "imported_from": str(source), "facts": facts}
        facts = {"import kind": kind, "languages": f"{self.languages[0]} -> {self.languages[1]}", **self.facts}
        facts.setdefault("weights", quantization)
        return {
            "source_spm": self.source_spm,
            "target_spm": self.target_spm,
            "source_prefix": self.source_prefix,
            "source_suffix": self.source_suffix,
            "target_prefix": self.target_prefix,
            "ja_pretokenize": False,
            "imported_from": str(source),
            "architecture": self.architecture,
            "languages": {"source": self.languages[0], "target": self.languages[1]},
            "facts": facts,
        }


# ---------------------------------------------------------------- public API
def import_model(
    source: Path, *, name: str | None = None, quantization: str | None = None, force: bool = False
) -> ModelInfo:
    """Convert or copy the model at ``source`` into ``user_models_dir()/NAME`` and return it.
    ``quantization`` (default int8) is for the Hugging Face kinds; the others are copied as stored."""
    source = Path(source).expanduser().resolve()
    if quantization is not None and quantization not in QUANTIZATIONS:
        raise InputError("--quantization", f"{quantization!r} is not one of {', '.join(QUANTIZATIONS)}")
    kind = detect_source_kind(source)
    if kind == "fairseq":
        raise InputError(str(source), FAIRSEQ_PROBLEM)
    if kind in CONVERTED_KINDS and quantization is not None:
        raise InputError(
            "--quantization",
            f"{quantization}: {source} is an already converted {kind} model whose weights are copied as stored; "
            "--quantization applies to Hugging Face conversions only (omit it, or convert the original "
            f"weights with CTranslate2's converter and --quantization {quantization})",
        )
    # a name taken from the source folder must not shadow the embedded model either
    name = _check_name(name) if name else _check_name(default_name(source), option=f"{source} (give --name)")
    root = user_models_dir()
    _check_models_dir(root)
    target = root / name
    if target.exists() and not force:
        raise _already_exists(target)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(root), f"cannot create the user model directory: {exc.strerror or exc}") from None
    # Built beside its final place so that the last step is a rename on the same file system;
    # the leading dot keeps half-built models out of `model list`.
    quantization = quantization or DEFAULT_QUANTIZATION
    work = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".importing", dir=root))
    try:
        recipe = _BUILDERS[kind](source, work, quantization)
        _check_recipe(work, recipe, source)
        _check_loads(work, source)
        write_metadata(work, recipe.metadata(kind, source, quantization))
        _check_tokenizers(read_metadata(work, name, "user"))
        _install(work, target, force=force)
    except InputError as exc:
        # the half-built copy is about to be deleted: name what the user gave instead
        if exc.source.startswith(str(work)):
            raise InputError(str(source) + exc.source[len(str(work)) :], exc.problem) from None
        raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return read_metadata(target, name, "user")


def detect_source_kind(path: Path) -> str:
    """One of ``KINDS`` for a local model file or directory; InputError when none fits."""
    path = Path(path)
    if path.is_file():
        if zipfile.is_zipfile(path) and (path.suffix == ".argosmodel" or _zip_package_root(path) is not None):
            return "argos"
        if path.suffix == ".pt" and _fairseq_dictionaries(path.parent):
            return "fairseq"
        raise InputError(str(path), f"not a model jaen-align can import; accepted: {ACCEPTED_LAYOUTS}")
    if not path.is_dir():
        raise InputError(str(path), "no such file or directory")
    if (path / "metadata.json").is_file() and (path / "model" / "model.bin").is_file():
        return "argos"
    if (path / "model.bin").is_file():
        return "ctranslate2"
    hf_kind = _hf_kind(path)
    if hf_kind:
        return hf_kind
    if _find_fairseq_checkpoint(path) is not None:
        return "fairseq"
    raise InputError(str(path), f"not a model layout jaen-align can import; accepted: {ACCEPTED_LAYOUTS}")


def default_name(source: Path) -> str:
    stem = source.name[: -len(".argosmodel")] if source.name.endswith(".argosmodel") else source.name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")
    return cleaned[:100] or "imported-model"


# ---------------------------------------------------------------- detection helpers
def _read_optional_json(path: Path) -> dict[str, Any] | None:
    return _read_json(path) if path.is_file() else None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"unreadable JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a JSON object")
    return data


def _hf_kind(path: Path) -> str | None:
    config_file = path / "config.json"
    if not config_file.is_file():
        return None
    model_type = _read_json(config_file).get("model_type")
    if model_type not in ("marian", "m2m_100"):
        if any((path / w).is_file() for w in HF_WEIGHTS):
            raise InputError(
                str(path), f"Hugging Face model type {model_type!r} is not supported (marian, m2m_100 and NLLB are)"
            )
        return None
    if not any((path / w).is_file() for w in HF_WEIGHTS):
        weights = " or ".join(HF_WEIGHTS[:2])
        raise InputError(str(path), f"Hugging Face {model_type} directory without weights ({weights})")
    if model_type == "marian":
        return "marian"
    return "nllb" if _is_nllb(path) else "m2m100"


def _is_nllb(path: Path) -> bool:
    tokenizer_config = path / "tokenizer_config.json"
    if tokenizer_config.is_file():
        tokenizer_class = str(_read_json(tokenizer_config).get("tokenizer_class") or "")
        if tokenizer_class:
            return tokenizer_class.startswith("Nllb")
    return not (path / "vocab.json").is_file()  # M2M100Tokenizer needs vocab.json, NLLB's does not


def _fairseq_dictionaries(folder: Path) -> bool:
    return any(folder.glob("dict.*.txt"))


def _find_fairseq_checkpoint(path: Path, depth: int = 3) -> Path | None:
    """JParaCrawl: base/base.pretrain.pt + dict.{ja,en}.txt; Sugoi: fairseq/japaneseModel/big.pretrain.pt."""
    for checkpoint in sorted(path.glob("*.pt")):
        if _fairseq_dictionaries(checkpoint.parent):
            return checkpoint
    if depth > 0:
        for child in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
            found = _find_fairseq_checkpoint(child, depth - 1)
            if found is not None:
                return found
    return None


def _check_name(name: str, option: str = "--name") -> str:
    if not NAME_RE.fullmatch(name):
        raise InputError(option, f"{name!r}: use letters, digits, '.', '_' and '-' (starting with a letter or digit)")
    if name == DEFAULT_MODEL:
        raise InputError(option, f"{name!r} is the embedded model's name; choose another")
    return name


# ---------------------------------------------------------------- installing
def _check_models_dir(root: Path) -> None:
    """The user model directory, or the first of its parents that exists, must be a directory."""
    where = "$JAEN_ALIGN_MODELS" if os.environ.get("JAEN_ALIGN_MODELS") else "the user model directory"
    for folder in (root, *root.parents):
        if folder.is_dir():
            return
        if folder.exists() or folder.is_symlink():
            what = "is not a directory" if folder == root else f"is not a directory, so {root} cannot be created"
            raise InputError(str(folder), f"{what} ({where} must name a directory for the models)")


def _already_exists(target: Path) -> InputError:
    return InputError(target.name, f"a model of that name already exists in {target.parent}, use --force to replace it")


def _install(work: Path, target: Path, *, force: bool) -> None:
    if not target.exists():
        work.rename(target)
        return
    if not force:
        raise _already_exists(target)
    old = target.with_name(f".{target.name}.replaced-{uuid.uuid4().hex[:8]}")
    target.rename(old)
    try:
        work.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _check_recipe(model_dir: Path, recipe: Recipe, source: Path) -> None:
    """Special tokens the recipe adds must exist in the model's vocabularies."""
    for side, tokens in (("source", recipe.source_prefix + recipe.source_suffix), ("target", recipe.target_prefix)):
        vocabulary = set(ct2_vocabulary(model_dir, side))
        missing = [t for t in tokens if t not in vocabulary]
        if missing:
            raise InputError(str(source), f"the model's {side} vocabulary lacks {', '.join(missing)}")


def _check_loads(model_dir: Path, source: Path) -> None:
    """CTranslate2 loads the model: a damaged or foreign model.bin is refused at import, not
    at the first translation."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(model_dir), device="cpu", compute_type="default", inter_threads=1, intra_threads=1)
    except (RuntimeError, ValueError, OSError) as exc:
        message = str(exc).replace(str(model_dir), str(source))
        raise InputError(str(source), f"CTranslate2 cannot load this model: {message}") from None


def _check_tokenizers(model: ModelInfo) -> None:
    """The SentencePiece models load: a damaged one is refused at import (InputError naming
    it), not at the first translation."""
    import sentencepiece as spm

    for path in dict.fromkeys((model.source_spm, model.target_spm)):
        try:
            spm.SentencePieceProcessor(model_file=str(path))
        except (RuntimeError, OSError) as exc:
            reason = str(exc).splitlines()[0].replace(f" from {path}", "")
            raise InputError(str(path), f"not a SentencePiece model ({reason})") from None


def ct2_vocabulary(model_dir: Path, side: str) -> list[str]:
    """The tokens of a CTranslate2 model's ``side`` ("source" or "target") vocabulary."""
    for stem in ("shared_vocabulary", f"{side}_vocabulary"):
        json_file, text_file = model_dir / f"{stem}.json", model_dir / f"{stem}.txt"
        try:
            if json_file.is_file():
                tokens = json.loads(json_file.read_text(encoding="utf-8"))
                if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
                    raise InputError(str(json_file), "a CTranslate2 vocabulary must be a JSON array of tokens")
                return tokens
            if text_file.is_file():
                # one token per line; not splitlines(), which would also split tokens at U+2028 and the like
                return text_file.read_text(encoding="utf-8").removesuffix("\n").split("\n")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            file = json_file if json_file.is_file() else text_file
            raise InputError(str(file), f"unreadable CTranslate2 vocabulary: {exc}") from None
    raise InputError(str(model_dir), f"CTranslate2 model without a {side} vocabulary file")


# ---------------------------------------------------------------- Hugging Face kinds
def _require_convert_extra(source: Path) -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        problem = f"converting a Hugging Face model needs torch and transformers ({exc.name} is missing)"
        raise InputError(str(source), f"{problem}: {CONVERT_HINT}") from None


class _LanguageTokensVocab:
    """A tokenizer whose ``get_vocab`` includes M2M-100's language tokens.

    transformers 5 no longer registers ``__ja__`` and the other language tokens as added tokens,
    so CTranslate2's M2M100 loader builds a vocabulary 100 entries short and the conversion fails.
    """

    def __init__(self, tokenizer: Any) -> None:
        self._tokenizer = tokenizer

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._tokenizer, attribute)

    def get_vocab(self) -> dict[str, int]:
        vocab = dict(self._tokenizer.get_vocab())
        for token, index in getattr(self._tokenizer, "lang_token_to_id", {}).items():
            vocab.setdefault(token, index)
        return vocab


def _convert_hf(source: Path, out: Path, quantization: str) -> Any:
    """Convert with CTranslate2's TransformersConverter into ``out``; return the tokenizer it used."""
    _require_convert_extra(source)
    from ctranslate2.converters import TransformersConverter

    class _Converter(TransformersConverter):
        tokenizer: Any = None

        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            self.tokenizer = super().load_tokenizer(tokenizer_class, model_name_or_path, **kwargs)
            return _LanguageTokensVocab(self.tokenizer)

    converter = _Converter(str(source))
    try:
        converter.convert(str(out), quantization=quantization, force=True)
    except (ValueError, KeyError, OSError, RuntimeError, NotImplementedError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(str(source), f"CTranslate2 conversion failed: {message}") from None
    return converter.tokenizer


def _require_files(source: Path, names: tuple[str, ...], what: str) -> None:
    missing = [n for n in names if not (source / n).is_file()]
    if missing:
        raise InputError(str(source), f"{what} directory without {', '.join(missing)}")


def _check_languages(source: Path, declared: tuple[str | None, str | None]) -> None:
    src, tgt = (str(code).lower() if code else None for code in declared)
    if (src and src not in JAPANESE_CODES | {"mul"}) or (tgt and tgt not in ENGLISH_CODES | {"mul"}):
        raise InputError(str(source), f"translates {src or '?'} -> {tgt or '?'}; jaen-align needs ja -> en")


def _marian_language_token(source: Path, vocab: dict[str, int]) -> list[str]:
    """Multi-target OPUS-MT models choose the output language with a >>eng<< source token."""
    tags = [t for t in vocab if t.startswith(">>") and t.endswith("<<")]
    if not tags:
        return []
    for tag in (">>eng<<", ">>en<<"):
        if tag in vocab:
            return [tag]
    raise InputError(str(source), f"multi-target Marian model without an English token (has {', '.join(tags[:5])})")


def _import_marian(source: Path, out: Path, quantization: str) -> Recipe:
    tokenizer_config = _read_optional_json(source / "tokenizer_config.json") or {}
    _check_languages(source, (tokenizer_config.get("source_lang"), tokenizer_config.get("target_lang")))
    if tokenizer_config.get("separate_vocabs"):
        raise InputError(str(source), "Marian models with separate source/target vocabularies are not supported")
    _require_files(source, ("source.spm", "target.spm", "vocab.json"), "Marian")
    source_prefix = _marian_language_token(source, _read_json(source / "vocab.json"))
    _convert_hf(source, out, quantization)
    for spm_file in ("source.spm", "target.spm"):
        shutil.copy2(source / spm_file, out / spm_file)
    return Recipe(
        architecture="marian",
        source_spm="source.spm",
        target_spm="target.spm",
        source_prefix=source_prefix,
        source_suffix=["</s>"],
        languages=(tokenizer_config.get("source_lang") or "ja", tokenizer_config.get("target_lang") or "en"),
    )


def _tokens(tokenizer: Any, ids: list[int]) -> list[str]:
    return [str(t) for t in tokenizer.convert_ids_to_tokens(list(ids))]


def _import_multilingual(source: Path, out: Path, quantization: str, *, nllb: bool) -> Recipe:
    """M2M-100 and NLLB-200: the tokenizer's own source template, target language as prefix."""
    what = "NLLB" if nllb else "M2M-100"
    _require_files(source, ("sentencepiece.bpe.model",), what)
    tokenizer = _convert_hf(source, out, quantization)
    src_lang, tgt_lang = ("jpn_Jpan", "eng_Latn") if nllb else ("ja", "en")
    try:
        tokenizer.src_lang = src_lang  # sets the prefix/suffix tokens the model was trained with
        target_token = tgt_lang if nllb else tokenizer.get_lang_token(tgt_lang)
    except (KeyError, ValueError) as exc:
        raise InputError(str(source), f"{what} tokenizer without the {src_lang} language: {exc}") from None
    for token in (src_lang if nllb else tokenizer.get_lang_token(src_lang), target_token):
        if tokenizer.convert_tokens_to_ids(token) in (None, tokenizer.unk_token_id):
            raise InputError(str(source), f"{what} tokenizer without the language token {token}")
    shutil.copy2(source / "sentencepiece.bpe.model", out / "sentencepiece.bpe.model")
    return Recipe(
        architecture="nllb" if nllb else "m2m100",
        source_spm="sentencepiece.bpe.model",
        target_spm="sentencepiece.bpe.model",
        source_prefix=_tokens(tokenizer, tokenizer.prefix_tokens),
        source_suffix=_tokens(tokenizer, tokenizer.suffix_tokens),
        target_prefix=[target_token],
        languages=(src_lang, tgt_lang),
    )


def _import_m2m100(source: Path, out: Path, quantization: str) -> Recipe:
    return _import_multilingual(source, out, quantization, nllb=False)


def _import_nllb(source: Path, out: Path, quantization: str) -> Recipe:
    return _import_multilingual(source, out, quantization, nllb=True)


# ---------------------------------------------------------------- CTranslate2 and Argos kinds
def _spm_files(folder: Path, depth: int = 2) -> list[Path]:
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SPM_SUFFIXES)
    if depth > 0:
        for child in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            found.extend(_spm_files(child, depth - 1))
    return [p for p in found if _is_sentencepiece(p)]


def _spm_named(folder: Path, depth: int = 2) -> list[Path]:
    """Files whose name says they are SentencePiece models (``spm``, ``sentencepiece``)."""
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in SPM_SUFFIXES and re.search(r"spm|sentencepiece", p.name, re.IGNORECASE)
    ]
    if depth > 0:
        for child in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            found.extend(_spm_named(child, depth - 1))
    return found


def _is_sentencepiece(path: Path) -> bool:
    import sentencepiece as spm

    try:
        spm.SentencePieceProcessor(model_file=str(path))
    except (OSError, RuntimeError):
        return False
    return True


def _side_of(path: Path, root: Path) -> str | None:
    words = set(re.split(r"[^a-z]+", str(path.relative_to(root)).lower()))
    is_source = bool(words & ({"source", "src"} | JAPANESE_CODES))
    is_target = bool(words & ({"target", "tgt"} | ENGLISH_CODES))
    if is_source == is_target:
        return None
    return "source" if is_source else "target"


def _pick_spm_pair(root: Path) -> tuple[Path, Path]:
    """The SentencePiece model of each side: one shared file, or files named for their side
    (source.spm/target.spm, spm.ja.*.model/spm.en.*.model, ...)."""
    files = _spm_files(root)
    for named in _spm_named(root):
        # a damaged tokenizer must not be passed over for the other side's
        if named not in files:
            raise InputError(str(named), "not a SentencePiece model (it does not load)")
    if len(files) == 1:
        return files[0], files[0]
    sides: dict[str, list[Path]] = {"source": [], "target": []}
    for f in files:
        side = _side_of(f, root)
        if side:
            sides[side].append(f)
    if len(sides["source"]) == 1 and len(sides["target"]) == 1:
        return sides["source"][0], sides["target"][0]
    listed = ", ".join(str(f.relative_to(root)) for f in files) or "none"
    raise InputError(
        str(root),
        "cannot tell which SentencePiece model belongs to which side (found: "
        f"{listed}); keep one shared model, or name them source/target or ja/en",
    )


def _copy_spm_pair(root: Path, out: Path) -> tuple[str, str]:
    source_spm, target_spm = _pick_spm_pair(root)
    if source_spm == target_spm:
        shutil.copy2(source_spm, out / source_spm.name)
        return source_spm.name, source_spm.name
    names = (source_spm.name, target_spm.name)
    if names[0] == names[1]:
        names = (f"source-{names[0]}", f"target-{names[1]}")
    shutil.copy2(source_spm, out / names[0])
    shutil.copy2(target_spm, out / names[1])
    return names


def _copy_ct2_files(model_dir: Path, out: Path) -> None:
    """The CTranslate2 files (and a model card), not whatever else shares the folder."""
    for f in model_dir.iterdir():
        if f.is_file() and any(fnmatch.fnmatch(f.name, pattern) for pattern in CT2_FILES):
            shutil.copy2(f, out / f.name)


class _Conventions(NamedTuple):
    source_prefix: list[str]
    source_suffix: list[str]
    target_prefix: list[str]
    languages: tuple[str, str]


def _ct2_conventions(model_dir: Path, default_suffix: list[str]) -> _Conventions:
    """How to feed an already converted model, from its config.json and vocabularies
    (CTranslate2 model directories do not record prefix or suffix tokens)."""
    source_vocab = set(ct2_vocabulary(model_dir, "source"))
    target_vocab = set(ct2_vocabulary(model_dir, "target"))
    # NLLB and M2M-100 conversions: CTranslate2 documents their input as "LANG pieces </s>".
    for src_token, tgt_token in (("jpn_Jpan", "eng_Latn"), ("__ja__", "__en__")):
        if src_token in source_vocab and tgt_token in target_vocab:
            return _Conventions([src_token], ["</s>"], [tgt_token], (src_token.strip("_"), tgt_token.strip("_")))
    prefix = [">>eng<<"] if ">>eng<<" in source_vocab else []
    config = _read_optional_json(model_dir / "config.json")
    if config is None:  # CTranslate2 < 3 wrote no config.json
        suffix = default_suffix
    elif config.get("add_source_eos"):  # fairseq conversions (Sugoi v4): CTranslate2 appends </s> itself
        suffix = []
    elif config.get("decoder_start_token") == "</s>" and "</s>" in source_vocab:
        # Models that start decoding from </s> (Marian, Hugging Face, fairseq) were trained with
        # </s> closing the source; OpenNMT models (decoder start <s>, e.g. Argos) were not.
        suffix = ["</s>"]
    else:
        suffix = []
    return _Conventions(prefix, suffix, [], ("ja", "en"))


def _import_ctranslate2(source: Path, out: Path, quantization: str) -> Recipe:
    if (source / METADATA_FILE).is_file():
        return _keep_metadata(source, out)
    source_spm, target_spm = _copy_spm_pair(source, out)
    _copy_ct2_files(source, out)
    conventions = _ct2_conventions(out, ["</s>"])
    config = _read_optional_json(out / "config.json") or {}
    return Recipe(
        architecture=str(config.get("model_type") or "ctranslate2"),
        source_spm=source_spm,
        target_spm=target_spm,
        source_prefix=conventions.source_prefix,
        source_suffix=conventions.source_suffix,
        target_prefix=conventions.target_prefix,
        languages=conventions.languages,
        facts={"weights": "as stored (--quantization applies to conversions only)"},
    )


def _keep_metadata(source: Path, out: Path) -> Recipe:
    """A directory that already is a jaen-align model (the embedded one, an import, an export of
    scripts/export_model.py): its jaen-align.json says how to translate with it (suffix, name and
    truecase tables, search options, set phrases...), so it is kept with every file it names."""
    meta_file = source / METADATA_FILE
    info = read_metadata(source, source.name, "path")  # InputError naming the file if unusable
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    _copy_ct2_files(source, out)
    for key in METADATA_FILES:
        if not meta.get(key):
            continue
        file = Path(os.path.normpath(source / meta[key]))
        if not file.is_relative_to(source):
            raise InputError(
                str(meta_file), f'"{key}" names {meta[key]}, outside {source}: a model must hold its own files'
            )
        copy = out / file.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, copy)
    return Recipe(
        architecture=info.architecture or "ctranslate2",
        source_spm=info.source_spm.name,
        target_spm=info.target_spm.name,
        source_prefix=list(info.source_prefix),
        source_suffix=list(info.source_suffix),
        target_prefix=list(info.target_prefix),
        kept=meta,
    )


def _zip_package_root(path: Path) -> str | None:
    """The folder of an Argos package zip that holds metadata.json ("" for the zip's root)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return None
    roots = sorted(n[: -len("metadata.json")] for n in names if n == "metadata.json" or n.endswith("/metadata.json"))
    return min(roots, key=len) if roots else None


def _extract_package(path: Path, dest: Path) -> Path:
    root = _zip_package_root(path)
    if root is None:
        raise InputError(str(path), "not an Argos Translate package (no metadata.json in the zip)")
    dest_resolved = dest.resolve()
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not (dest / member).resolve().is_relative_to(dest_resolved):
                raise InputError(str(path), f"unsafe path in package: {member}")
        try:
            archive.extractall(dest)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(str(path), f"cannot unpack the package: {exc}") from None
    return dest / root


def _import_argos(source: Path, out: Path, quantization: str) -> Recipe:
    if source.is_dir():
        return _argos_from_folder(source, source, out)
    unpacked = out / ".package"
    unpacked.mkdir()
    try:
        return _argos_from_folder(_extract_package(source, unpacked), source, out)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _argos_from_folder(package: Path, source: Path, out: Path) -> Recipe:
    meta = _read_json(package / "metadata.json")
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if str(from_code).lower() not in JAPANESE_CODES or str(to_code).lower() not in ENGLISH_CODES:
        raise InputError(str(source), f"an Argos package for {from_code} -> {to_code}; jaen-align needs ja -> en")
    if not (package / "model" / "model.bin").is_file():
        raise InputError(str(source), "Argos package without model/model.bin")
    if not (package / "sentencepiece.model").is_file():
        raise InputError(str(source), "Argos package without sentencepiece.model (only SentencePiece is supported)")
    _copy_ct2_files(package / "model", out)
    shutil.copy2(package / "sentencepiece.model", out / "sentencepiece.model")
    if (package / "README.md").is_file():
        shutil.copy2(package / "README.md", out / "README.md")
    conventions = _ct2_conventions(out, [])
    target_prefix = [str(meta["target_prefix"])] if meta.get("target_prefix") else conventions.target_prefix
    facts = {"weights": "as stored (--quantization applies to conversions only)"}
    if meta.get("package_version"):
        facts["package version"] = str(meta["package_version"])
    return Recipe(
        architecture="argos",
        source_spm="sentencepiece.model",
        target_spm="sentencepiece.model",
        source_prefix=conventions.source_prefix,
        source_suffix=conventions.source_suffix,
        target_prefix=target_prefix,
        languages=(str(from_code), str(to_code)),
        facts=facts,
    )


_BUILDERS = {
    "marian": _import_marian,
    "m2m100": _import_m2m100,
    "nllb": _import_nllb,
    "ctranslate2": _import_ctranslate2,
    "argos": _import_argos,
}
