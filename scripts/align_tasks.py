"""Shared by fit_scorer.py and eval_align_bench.py: turn a task (ja lines, en lines) into
segment views, with or without machine translation. Not imported by the package."""

from __future__ import annotations

from collections.abc import Sequence

from jaen_align.align.embeddings import SentenceEmbedder
from jaen_align.align.features import SegmentView, views
from jaen_align.align.lexicon import Lexicon
from jaen_align.text.normalize import normalize_text
from jaen_align.text.tokenize import tokenize
from jaen_align.translate.translator import Translator
from jaen_align.types import Sentence


def task_views(
    ja_lines: Sequence[str],
    en_lines: Sequence[str],
    translator: Translator | None,
    lexicon: Lexicon,
    embedder: SentenceEmbedder | None = None,
) -> tuple[list[SegmentView], list[SegmentView]]:
    ja_text = [normalize_text(t) for t in ja_lines]
    mts = translator.translate(ja_text) if translator else [None] * len(ja_text)
    ja = [Sentence("ja", i, t, "ja", tokenize(t), mt) for i, (t, mt) in enumerate(zip(ja_text, mts, strict=True))]
    en = [Sentence("en", i, normalize_text(t), "en") for i, t in enumerate(en_lines)]
    return views(ja, lexicon, embedder), views(en, lexicon, embedder)
