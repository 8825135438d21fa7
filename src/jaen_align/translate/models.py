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
    meta_file = path / METADATA_FILE
    if not (path / "model.bin").is_file():
        raise InputError(str(path), "not a CTranslate2 model directory (no model.bin)")
    if not meta_file.is_file():
        raise InputError(str(path), f"no {METADATA_FILE}: import the model with `jaen-align model import`")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(meta_file), f"unreadable model metadata: {exc}") from None
    try:
        return ModelInfo(
            name=name,
            path=path,
            origin=origin,
            source_spm=path / meta["source_spm"],
            target_spm=path / meta.get("target_spm", meta["source_spm"]),
            source_prefix=tuple(meta.get("source_prefix", ())),
            source_suffix=tuple(meta.get("source_suffix", ("</s>",))),
            target_prefix=tuple(meta.get("target_prefix", ())),
            ja_pretokenize=bool(meta.get("ja_pretokenize", False)),
            name_table=path / meta["placeholders"] if meta.get("placeholders") else None,
            truecase_table=path / meta["truecase"] if meta.get("truecase") else None,
            set_phrases=bool(meta.get("set_phrases", False)),
            decoding={k: float(v) for k, v in meta.get("decoding", {}).items()},
            imported_from=str(meta.get("imported_from", "")),
            architecture=str(meta.get("architecture", "")),
            facts={str(k): str(v) for k, v in meta.get("facts", {}).items()},
        )
    except KeyError as exc:
        raise InputError(str(meta_file), f"missing key {exc} in model metadata") from None


def load_table(path: Path) -> dict[str, str]:
    """A model's two-column table (``names.tsv``: Japanese surface -> English form;
    ``truecase.tsv``: lower-cased word -> written form): key, tab, value, one per line."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
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
