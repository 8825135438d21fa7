"""Where models live and what translating with each one needs.

Every model directory holds CTranslate2 files (``model.bin``, ``config.json``, vocabularies),
its SentencePiece model(s) and ``jaen-align.json``, the metadata that makes it usable
without options: SentencePiece files per side, prefix/suffix tokens, pre-tokenization, and
the name table of a model trained with number and name placeholders.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jaen_align.errors import InputError

METADATA_FILE = "jaen-align.json"
DEFAULT_MODEL = "ja-en-small"
# the keys of jaen-align.json that name a file of the model directory
METADATA_FILES = ("source_spm", "target_spm", "placeholders", "truecase")


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    origin: str  # "embedded", "user" or "path"
    source_spm: Path
    target_spm: Path
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ("</s>",)
    target_prefix: tuple[str, ...] = ()
    ja_pretokenize: bool = False
    name_table: Path | None = None  # names.tsv: the model was trained with #1, #2 placeholders
    truecase_table: Path | None = None  # truecase.tsv: words the model writes in lower case wrongly
    set_phrases: bool = False  # a segment that is one JMdict set phrase takes its gloss (set_phrases.py)
    # a sentence of more pieces than this is translated a few clauses at a time (long_input.py);
    # None: only one longer than the translator's max_input_length
    clause_pieces: int | None = None
    imported_from: str = ""
    architecture: str = ""
    facts: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # CTranslate2 search options measured best for this model (jaen-align.json "decoding")
    decoding: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    @property
    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def fingerprint(self) -> str:
        """A short hash of the model's files (weights, vocabularies, tables, metadata; not its
        Markdown model card): equal for models that translate alike."""
        return _fingerprint(self.path)


@functools.lru_cache(maxsize=8)
def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix != ".md"):
        digest.update(file.relative_to(directory).as_posix().encode() + b"\0")
        with file.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    return digest.hexdigest()[:8]


def embedded_models_dir() -> Path:
    """The repository's ``models/`` directory (editable installs), or $JAEN_ALIGN_EMBEDDED_MODELS."""
    env = os.environ.get("JAEN_ALIGN_EMBEDDED_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models"


def user_models_dir() -> Path:
    env = os.environ.get("JAEN_ALIGN_MODELS")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("jaen-align")) / "models"


def read_metadata(path: Path, name: str, origin: str) -> ModelInfo:
    """The model in ``path`` as its ``jaen-align.json`` describes it; InputError naming the file
    when the metadata, a file it names or the CTranslate2 ``config.json`` is unusable."""
    meta_file = path / METADATA_FILE
    if not (path / "model.bin").is_file():
        raise InputError(str(path), "not a CTranslate2 model directory (no model.bin)")
    if not meta_file.is_file():
        raise InputError(str(path), f"no {METADATA_FILE}: import the model with `jaen-align model import`")
    meta = _read_json_object(meta_file, "model metadata")
    _check_ct2_config(path)
    try:
        source_spm = _model_file(meta, "source_spm", path, meta_file)
        clause_pieces = meta.get("clause_pieces")
        if clause_pieces and (not _is_int(clause_pieces) or clause_pieces < 1):
            raise _bad_value(meta_file, "clause_pieces", "a positive whole number")
        return ModelInfo(
            name=name,
            path=path,
            origin=origin,
            source_spm=source_spm,
            target_spm=_model_file(meta, "target_spm", path, meta_file) if "target_spm" in meta else source_spm,
            source_prefix=_tokens(meta, "source_prefix", (), meta_file),
            source_suffix=_tokens(meta, "source_suffix", ("</s>",), meta_file),
            target_prefix=_tokens(meta, "target_prefix", (), meta_file),
            ja_pretokenize=_flag(meta, "ja_pretokenize", meta_file),
            name_table=_model_file(meta, "placeholders", path, meta_file) if meta.get("placeholders") else None,
            truecase_table=_model_file(meta, "truecase", path, meta_file) if meta.get("truecase") else None,
            set_phrases=_flag(meta, "set_phrases", meta_file),
            clause_pieces=int(meta["clause_pieces"]) if meta.get("clause_pieces") else None,
            decoding={k: float(v) for k, v in _mapping(meta, "decoding", meta_file, numbers=True).items()},
            imported_from=str(meta.get("imported_from", "")),
            architecture=str(meta.get("architecture", "")),
            facts={str(k): str(v) for k, v in _mapping(meta, "facts", meta_file).items()},
        )
    except KeyError as exc:
        raise InputError(str(meta_file), f"missing key {exc} in model metadata") from None


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "a number")


def _read_json_object(file: Path, what: str) -> dict:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(file), f"unreadable {what}: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(str(file), f"{what} must be a JSON object, not {_json_type(data)}")
    return data


def _check_ct2_config(path: Path) -> None:
    """CTranslate2 reports a damaged config.json without naming it ("[json.exception.parse_error.101] ...")."""
    if (path / "config.json").is_file():
        _read_json_object(path / "config.json", "CTranslate2 model configuration")


def _bad_value(meta_file: Path, key: str, expected: str) -> InputError:
    return InputError(str(meta_file), f'"{key}" must be {expected} in model metadata')


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _model_file(meta: dict, key: str, path: Path, meta_file: Path) -> Path:
    value = meta[key]
    if not isinstance(value, str) or not value:
        raise _bad_value(meta_file, key, "the name of a file in the model directory")
    if not (path / value).is_file():
        raise InputError(str(meta_file), f'"{key}" names {value}, which is not a file in {path}')
    return path / value


def _tokens(meta: dict, key: str, default: tuple[str, ...], meta_file: Path) -> tuple[str, ...]:
    value = meta.get(key, default)
    if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
        raise _bad_value(meta_file, key, "a list of token strings")
    return tuple(value)


def _flag(meta: dict, key: str, meta_file: Path) -> bool:
    value = meta.get(key, False)
    if not isinstance(value, bool):
        raise _bad_value(meta_file, key, "true or false")
    return value


def _mapping(meta: dict, key: str, meta_file: Path, *, numbers: bool = False) -> dict:
    value = meta.get(key) or {}
    if not isinstance(value, dict):
        raise _bad_value(meta_file, key, "a JSON object")
    if numbers and not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()):
        raise _bad_value(meta_file, key, "an object of numbers")
    return value


def load_table(path: Path) -> dict[str, str]:
    """A model's two-column table (``names.tsv``: Japanese surface -> English form;
    ``truecase.tsv``: lower-cased word -> written form): key, tab, value, one per line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object.count(b"\n", 0, exc.start) + 1
        bad = exc.object[exc.start : exc.start + 1].hex()
        raise InputError(str(path), f"line {line}: not UTF-8 (byte 0x{bad}); model tables are UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read the model's table: {exc.strerror or exc}") from None
    table = {}
    for line in text.splitlines():
        key, _, value = line.partition("\t")
        if key and value:
            table[key] = value
    return table


def write_metadata(path: Path, meta: dict) -> None:
    tmp = path / (METADATA_FILE + ".tmp")
    tmp.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path / METADATA_FILE)


def list_models() -> list[ModelInfo]:
    found: list[ModelInfo] = []
    for origin, root in (("embedded", embedded_models_dir()), ("user", user_models_dir())):
        if root.exists() and not root.is_dir():
            variable = "JAEN_ALIGN_EMBEDDED_MODELS" if origin == "embedded" else "JAEN_ALIGN_MODELS"
            raise InputError(str(root), f"not a directory (the {origin} model directory; see ${variable})")
        if not root.is_dir():
            continue
        for child in sorted(root.iterdir()):
            # dot-directories are imports in progress or replaced models being deleted
            if not child.name.startswith(".") and (child / METADATA_FILE).is_file():
                try:
                    found.append(read_metadata(child, child.name, origin))
                except InputError:
                    continue
    return found


def resolve_model(spec: str | os.PathLike[str] | None) -> ModelInfo:
    """A model by name (user directory first, then embedded) or by path; None is the default."""
    name = str(spec) if spec is not None else DEFAULT_MODEL
    if not name.strip():
        raise InputError("--model", "empty model name: give a name (see `jaen-align model list`) or a directory")
    is_path = os.sep in name or name.startswith(".")
    if not is_path:
        # an installed name wins over a folder of the same name in the current directory
        # (import ./opus-mt-ja-en, then --model opus-mt-ja-en from the same place)
        for origin, root in (("user", user_models_dir()), ("embedded", embedded_models_dir())):
            candidate = root / name
            if candidate.is_dir():
                return read_metadata(candidate, name, origin)
    if spec is not None and (is_path or Path(name).is_dir()):
        path = Path(name)
        if not path.is_dir():
            raise InputError(name, "model directory not found")
        return read_metadata(path, path.name, "path")
    if name == DEFAULT_MODEL:
        raise InputError(name, f"the embedded model is missing from {embedded_models_dir()}")
    raise InputError(name, "no such model (see `jaen-align model list`)")


def remove_model(name: str) -> Path:
    root = user_models_dir()
    path = root / name
    # a name, never a path: nothing outside the user model directory is ever deleted
    if os.sep in name or name in (".", "..") or path.resolve().parent != root.resolve():
        raise InputError(name, f"not a model name: give the name of a model in {root} (see `jaen-align model list`)")
    if not (path / METADATA_FILE).is_file():
        raise InputError(name, f"no such user model in {user_models_dir()}")
    shutil.rmtree(path)
    return path
