"""Corpus output: TMX, TSV or JSONL, chosen by extension and written atomically."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from jaen_align.corpus.tmx import tmx_bytes
from jaen_align.errors import InputError
from jaen_align.types import AlignedPair

TSV_COLUMNS = ("ja", "en", "score", "ja_doc", "en_doc")
# Everything str.splitlines() breaks on, plus tab: any of them would shift a TSV row or column.
_TSV_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Line breaks for str.splitlines() that json.dumps(ensure_ascii=False) leaves raw; they only
# occur inside JSON strings, where the escape means the same.
_JSON_RAW_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def tsv_text(pairs: Sequence[AlignedPair]) -> str:
    """Header line, then one ``ja, en, score, ja_doc, en_doc`` row per pair."""
    lines = ["\t".join(TSV_COLUMNS)]
    for pair in pairs:
        fields = (pair.ja, pair.en, f"{pair.score:.4f}", pair.ja_doc, pair.en_doc)
        lines.append("\t".join(_TSV_BREAKS.sub(" ", field) for field in fields))
    return "\n".join(lines) + "\n"


def jsonl_text(pairs: Sequence[AlignedPair]) -> str:
    """One JSON object per line; text stays unescaped UTF-8."""
    lines = []
    for pair in pairs:
        record = {
            "ja": pair.ja,
            "en": pair.en,
            "score": round(pair.score, 4),
            "ja_doc": pair.ja_doc,
            "en_doc": pair.en_doc,
            "ja_ids": [int(i) for i in pair.ja_ids],
            "en_ids": [int(i) for i in pair.en_ids],
        }
        # allow_nan=False: a NaN score is a bug upstream, and NaN is not JSON.
        lines.append(json.dumps(record, ensure_ascii=False, allow_nan=False).translate(_JSON_RAW_BREAKS) + "\n")
    return "".join(lines)


def _tmx(pairs: Sequence[AlignedPair], signature: str = "") -> bytes:
    properties = {SIGNATURE_PROP: signature} if signature else None
    return tmx_bytes(pairs, tool_version=_tool_version(), created=creation_time(), properties=properties)


def creation_time() -> datetime | None:
    """The time a TMX header gives as its creationdate: ``$SOURCE_DATE_EPOCH`` (seconds since
    1970, the reproducible-builds convention) when set, so two runs can be byte-identical;
    None (now) otherwise."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    shown = raw if len(raw) <= 40 else raw[:40] + "..."
    if not raw.isascii() or not raw.isdigit():
        raise InputError("SOURCE_DATE_EPOCH", f"not a whole number of seconds since 1970: {shown!r}")
    try:
        return datetime.fromtimestamp(int(raw), timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise InputError("SOURCE_DATE_EPOCH", f"out of range: {shown}") from None


def _tool_version() -> str:
    try:
        return version("jaen-align")
    except PackageNotFoundError:
        return "unknown"


FORMATS: dict[str, Callable[[Sequence[AlignedPair]], str | bytes]] = {
    "tmx": _tmx,
    "tsv": tsv_text,
    "jsonl": jsonl_text,
}


def output_format(path: Path, fmt: str | None = None) -> str:
    """The format name for ``path``: ``fmt`` if given (``"tsv"`` or ``".tsv"``), else its extension."""
    name = (fmt if fmt is not None else path.suffix).lower().lstrip(".")
    if name in FORMATS:
        return name
    if fmt is None and not path.suffix:
        raise InputError(str(path), "no file extension to tell the output format: use .tmx, .tsv or .jsonl")
    shown = fmt if fmt is not None else path.suffix
    raise InputError(str(path), f"unknown output format '{shown}': use .tmx, .tsv or .jsonl")


SIGNATURE_PROP = "x-jaen-align-signature"


def write_pairs(path: Path, pairs: Sequence[AlignedPair], *, fmt: str | None = None, signature: str = "") -> None:
    """Write ``pairs`` to ``path`` as TMX, TSV or JSONL (by extension unless ``fmt`` says);
    a TMX header carries the run's ``signature`` as a ``<prop>``."""
    path = Path(path)
    write_text_atomic(path, corpus_data(pairs, output_format(path, fmt), signature=signature))


def corpus_data(pairs: Sequence[AlignedPair], fmt: str, *, signature: str = "") -> str | bytes:
    """``pairs`` in format ``fmt`` ("tmx", "tsv" or "jsonl"): TMX as bytes, the others as text."""
    return _tmx(pairs, signature) if fmt == "tmx" else FORMATS[fmt](pairs)


def write_text_atomic(path: Path, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (str is written as UTF-8) so that readers see either the
    old file or the complete new one."""
    with atomic_writer(path, binary=isinstance(data, bytes)) as out:
        out.write(data)


def writable_output(path: Path) -> Path:
    """The file to replace for output ``path``: ``path`` itself, or the file a symbolic link
    there points to (as the shell's ``>`` writes through it). Raises InputError when its
    directory is missing or not writable, or it is a directory, so that a run can check
    before its work rather than after."""
    path = Path(path)
    if is_special_file(path):
        return path
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if not path.parent.is_dir():
        raise InputError(str(path), f"directory '{path.parent}' does not exist")
    if path.is_dir():
        raise InputError(str(path), "is a directory")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputError(str(path), f"cannot write in directory '{path.parent}'")
    return path


def is_special_file(path: Path) -> bool:
    """A device, pipe or socket (``/dev/null``, ``/dev/stdout``, a FIFO): written into, never
    replaced."""
    return path.exists() and not path.is_file() and not path.is_dir()


@contextlib.contextmanager
def atomic_writer(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write ``path`` through (text: UTF-8, newlines as written): a temporary file
    beside it that replaces ``path`` (fsync, rename) only when the block ends without an
    exception; otherwise it is deleted and ``path`` stays as it was. A device or pipe
    (``is_special_file``) is written into directly, as the shell's ``>`` does."""
    path = writable_output(path)
    if is_special_file(path):
        with _special_writer(path, binary) as out:
            yield out
        return
    try:
        # Not a with-block around everything: the file must be closed before the rename.
        tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115
            mode="wb" if binary else "w",
            encoding=None if binary else "utf-8",
            newline=None if binary else "",
            delete=False,
            dir=path.parent,
            # shortened: a name the file system takes must not fail for want of room for ours
            prefix="." + path.name[:TEMP_NAME_CHARS] + ".",
            suffix=".tmp",
        )
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with tmp:
            try:
                yield tmp
            except OSError as exc:
                if exc.errno in _FULL:
                    raise InputError(str(path), f"cannot write: {exc.strerror}") from None
                raise
            try:
                tmp.flush()
                os.fsync(tmp.fileno())
            except OSError as exc:
                raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
        # NamedTemporaryFile creates mode 0600; give the result the mode a plain open() would.
        os.chmod(tmp.name, _target_mode(path))
        os.replace(tmp.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp.name)
        raise
    _fsync_dir(path.parent)


@contextlib.contextmanager
def _special_writer(path: Path, binary: bool) -> Iterator[IO[Any]]:
    try:
        out = open(path, "wb" if binary else "w", encoding=None if binary else "utf-8", newline=None if binary else "")  # noqa: SIM115
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    with out:
        try:
            yield out
            out.flush()
        except OSError as exc:
            if exc.errno in _FULL:
                raise InputError(str(path), f"cannot write: {exc.strerror}") from None
            raise


TEMP_NAME_CHARS = 64
# errors of writing that are the output's (its disk or quota), not whatever else the block did
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; best effort (not possible on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
