"""The records that flow through the pipeline: Document -> Sentence -> AlignedPair."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Token:
    """One MeCab token: surface form, dictionary lemma, coarse part of speech (unidic pos1)."""

    surface: str
    lemma: str
    pos: str


@dataclass(frozen=True)
class Document:
    """One document in one language. ``paragraphs`` are normalized, non-empty lines of text;
    ``line_numbers[i]`` is the 0-based line of the source file that paragraph i came from."""

    id: str
    lang: str  # "ja" or "en"
    paragraphs: tuple[str, ...]
    source: str  # the file path, or "<stdin>"
    line_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document. ``idx`` is its id in outputs: the running sentence number
    in the document, or the 0-based input line number with --presegmented."""

    doc_id: str
    idx: int
    text: str
    lang: str
    tokens: tuple[Token, ...] = ()
    mt: str | None = None  # English machine translation of a Japanese sentence


@dataclass(frozen=True)
class DocumentPair:
    ja_doc: str
    en_doc: str
    score: float


@dataclass(frozen=True)
class AlignedPair:
    """A bead of the parallel corpus: one or more Japanese sentences and their English
    counterpart(s), with a score in [0, 1] and the features it was computed from."""

    ja_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    ja: str
    en: str
    score: float
    ja_doc: str
    en_doc: str
    features: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
