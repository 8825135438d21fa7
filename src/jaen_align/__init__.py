"""jaen-align: Japanese->English translation and parallel-corpus alignment.

The public API::

    import jaen_align
    jaen_align.translate(["ロシアのプーチン大統領は19日、会談した。"])  # -> list of English strings
    result = jaen_align.align(["seeds/"])                           # -> AlignmentResult
    jaen_align.score(hyps, refs, metrics=("bleu", "chrf"))           # -> list of MetricResult
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from jaen_align.errors import check_whole_numbers

__version__ = "0.1.0"

if TYPE_CHECKING:
    from jaen_align.evaluate.mt import MetricResult
    from jaen_align.pipeline import AlignmentResult

__all__ = ["translate", "align", "score", "__version__"]


def translate(
    texts: Sequence[str],
    *,
    model: str | None = None,
    beam_size: int = 4,
    threads: int = 2,
    sentence_split: bool = True,
) -> list[str]:
    """Translate Japanese segments into English with a CTranslate2 model (default: the embedded
    one); a segment of several sentences is translated a sentence at a time unless
    ``sentence_split`` is False."""
    from jaen_align.translate.translator import Translator

    _strings("texts", texts)
    check_whole_numbers(beam_size=beam_size, threads=threads)
    translator = Translator(model, beam_size=beam_size, threads=threads, sentence_split=sentence_split)
    return translator.translate(list(texts))


def align(
    paths: Sequence[str] = (),
    *,
    ja: Sequence[str] = (),
    en: Sequence[str] = (),
    mode: str = "auto",
    min_score: float | None = None,
    presegmented: bool = False,
    model: str | None = None,
    use_mt: bool = True,
    beam_size: int = 4,
    threads: int = 2,
    embeddings: bool = False,
    **options: Any,
) -> AlignmentResult:
    """Read, clean, segment, translate and align files or directories of Japanese and English text.
    ``embeddings`` adds sentence-embedding similarity (needs the [embed] extra); ``options``:
    ``doc_threshold``, ``doc_min_coverage`` (as the CLI's --doc-threshold, --doc-min-coverage)."""
    import warnings

    from jaen_align.align.embeddings import SentenceEmbedder
    from jaen_align.corpus.readers import forced_language_warning, read_inputs
    from jaen_align.pipeline import align_documents
    from jaen_align.translate.translator import Translator

    for name, value in (("paths", paths), ("ja", ja), ("en", en)):
        _strings(name, value)
    check_whole_numbers(beam_size=beam_size, threads=threads)
    shares = {"min_score": min_score, **{k: options[k] for k in ("doc_threshold", "doc_min_coverage") if k in options}}
    for name, value in shares.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)  # True is no threshold
        if value is not None and not (number and 0.0 <= value <= 1.0):
            raise ValueError(f"{name} must be a number from 0 to 1, not {value!r}")
    docs, forced = read_inputs(list(paths), list(ja), list(en), presegmented=presegmented)
    for warning in filter(None, map(forced_language_warning, forced)):
        warnings.warn(warning, stacklevel=2)
    docs += forced
    translator = Translator(model, beam_size=beam_size, threads=threads) if use_mt else None
    embedder = SentenceEmbedder(threads=threads) if embeddings else None
    return align_documents(
        docs, translator, mode=mode, min_score=min_score, presegmented=presegmented, embedder=embedder, **options
    )


def score(
    hyps: Sequence[str],
    refs: Sequence[str] | Sequence[Sequence[str]],
    metrics: Sequence[str] = ("bleu", "chrf", "ter"),
) -> list[MetricResult]:
    """sacrebleu BLEU / chrF / TER of hypotheses against one reference each (a list of strings)
    or several (a list of reference lists, one string per hypothesis in each).
    ``jaen_align.evaluate.mt.compare_systems`` compares two systems by a paired test."""
    from jaen_align.evaluate.mt import score_corpus

    _strings("hyps", hyps)
    _not_a_string("refs", refs)
    for k, ref in enumerate(refs):
        if not isinstance(ref, str):
            _strings(f"refs[{k}]", ref)
    _strings("metrics", metrics)
    if not metrics:
        raise ValueError("metrics must name at least one of bleu, chrf, ter")
    return score_corpus(list(hyps), refs, metrics)


def _not_a_string(name: str, value: object) -> None:
    # a str is a Sequence[str] too: its characters would be taken one by one
    if isinstance(value, str):
        raise TypeError(f"{name} must be a list of strings, not a str: use [{value[:20]!r}]")


def _strings(name: str, values: object) -> None:
    _not_a_string(name, values)
    if not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of strings, not {type(values).__name__}")
    for k, value in enumerate(values):
        if not isinstance(value, str):
            raise TypeError(f"{name}[{k}] must be a str, not {type(value).__name__}")


class _EntryPoint:
    """An API function that shares its name with a subpackage (``align``, ``translate``).
    Called, it is the function; its other attributes are the subpackage's, so that
    ``import jaen_align.align.sentences as s`` and ``jaen_align.align.sentences`` still work
    (Python resolves both through the attribute of the package, which is this object)."""

    def __init__(self, function: Any) -> None:
        functools.update_wrapper(self, function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        import importlib

        subpackage = importlib.import_module(f"{__name__}.{self.__wrapped__.__name__}")
        return getattr(subpackage, name)

    def __repr__(self) -> str:
        return f"<jaen_align API function {self.__wrapped__.__name__}>"

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # never called (the object lives in a module, not a class), but it makes inspect and
        # pydoc take the object for a routine: help() then shows the function's signature
        return self


translate = _EntryPoint(translate)  # type: ignore[assignment]
align = _EntryPoint(align)  # type: ignore[assignment]


class _Package(ModuleType):
    """This package. Importing a submodule sets it as an attribute of its parent; without this
    guard the first ``from jaen_align.align.x import y`` anywhere would replace the function
    ``align`` with the subpackage of the same name."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in __all__ and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
