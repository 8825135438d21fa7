"""The corpus-building flow: documents -> sentences -> translations -> aligned pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jaen_align.align.defaults import COMPARABLE_MIN_SCORE, DOC_MIN_COVERAGE, DOC_THRESHOLD
from jaen_align.align.documents import document_terms, score_documents, select_document_pairs
from jaen_align.align.embeddings import SentenceEmbedder
from jaen_align.align.features import SegmentView, default_scorer, scorer_variant, views, with_embeddings
from jaen_align.align.lexicon import Lexicon, alignment_lexicon
from jaen_align.align.sentences import (
    Bead,
    FeatureCache,
    align_auto,
    align_comparable,
    align_parallel,
    coverage_of_shorter,
)
from jaen_align.corpus.readers import unique_document_ids
from jaen_align.errors import InputError
from jaen_align.progress import progress_bar
from jaen_align.signature import AlignmentSignature
from jaen_align.text.clean import clean_documents
from jaen_align.text.segment import split_sentences
from jaen_align.text.tokenize import tokenize
from jaen_align.timing import StageTimer, stage
from jaen_align.translate.translator import Translator
from jaen_align.types import AlignedPair, Document, DocumentPair, Sentence

MODES = ("auto", "parallel", "comparable")
# The thresholds used when the caller sets none. Parallel mode keeps every bead its dynamic
# program takes: the program already weighed each against the scorer's fitted skip score.
DEFAULT_MIN_SCORE: dict[str, float | None] = {"parallel": None, "comparable": COMPARABLE_MIN_SCORE}


@dataclass(frozen=True)
class UnconfirmedPair:
    """A document pair chosen by its score whose sentence alignment says it is not a translation."""

    pair: DocumentPair
    mode: str
    sentence_pairs: int
    coverage: float  # share of the shorter document held by its sentence pairs


def confirms_document_pair(mode: str, sentence_pairs: int, coverage: float, min_coverage: float) -> bool:
    """Whether a document pair's sentence alignment bears out its document score: some
    sentence pair at all, and in comparable mode a ``coverage`` of the shorter document
    (``coverage_of_shorter``) of at least ``min_coverage``."""
    return sentence_pairs > 0 and (mode != "comparable" or coverage >= min_coverage)


@dataclass(frozen=True)
class AlignmentResult:
    pairs: tuple[AlignedPair, ...]
    document_scores: tuple[DocumentPair, ...]  # every Japanese x English pair
    # the pairs aligned as translations, decided at the default thresholds (a strict min_score
    # may leave one of them without sentence pairs)
    document_pairs: tuple[DocumentPair, ...]
    modes: tuple[tuple[str, str, str], ...]  # (ja_doc, en_doc, mode used)
    unmatched_ja: tuple[str, ...]
    unmatched_en: tuple[str, ...]
    sentence_counts: tuple[tuple[str, int], ...]  # (doc id, sentences)
    # documents whose every line cleaning removed as boilerplate (a page's navigation in the other
    # language, or a text of short lines only, which --presegmented keeps)
    emptied: tuple[str, ...] = ()
    # (doc id, lines cleaning removed, lines read) for every document that lost a line: a short
    # sentence holding a site phrase ("ログイン") can go with the boilerplate
    removed_lines: tuple[tuple[str, int, int], ...] = ()
    # pairs chosen by their document score whose sentence alignment found nothing, or too little
    # to be a translation (confirms_document_pair): not reported as paired
    unconfirmed: tuple[UnconfirmedPair, ...] = ()
    # what produced the scores (signature.py): mode, scorer, model, options, version
    signature: str = ""


def document_sentences(doc: Document, *, presegmented: bool = False) -> list[Sentence]:
    """Sentences of a cleaned document; with ``presegmented`` each line is one sentence whose
    id is its 0-based input line number."""
    if presegmented:
        numbers = doc.line_numbers or tuple(range(len(doc.paragraphs)))
        return [Sentence(doc.id, n, text, doc.lang) for n, text in zip(numbers, doc.paragraphs, strict=True)]
    out: list[Sentence] = []
    for paragraph in doc.paragraphs:
        for text in split_sentences(paragraph, doc.lang):
            out.append(Sentence(doc.id, len(out), text, doc.lang))
    return out


def prepare_sentences(
    docs: Sequence[Document],
    translator: Translator | None,
    *,
    presegmented: bool = False,
    progress: bool = False,
    timer: StageTimer | None = None,
) -> dict[str, list[Sentence]]:
    """Segment, tokenize (Japanese) and translate (Japanese, when a translator is given) cleaned
    documents (``clean_documents``). ``timer`` receives the stages segment, translate (with a
    translator) and tokenize."""
    with stage(timer, "segment"):
        by_doc = {doc.id: document_sentences(doc, presegmented=presegmented) for doc in docs}
    japanese = [s for sents in by_doc.values() for s in sents if s.lang == "ja"]
    if translator is not None:
        with stage(timer, "translate"):
            mts: list[str | None] = list(translator.translate([s.text for s in japanese], progress=progress))
    else:
        mts = [None] * len(japanese)
    translated = {(s.doc_id, s.idx): mt for s, mt in zip(japanese, mts, strict=True)}
    with stage(timer, "tokenize"):
        tokens = {(s.doc_id, s.idx): tokenize(s.text) for s in japanese}
    for doc_id, sents in by_doc.items():
        by_doc[doc_id] = [
            Sentence(s.doc_id, s.idx, s.text, s.lang, tokens[(s.doc_id, s.idx)], translated[(s.doc_id, s.idx)])
            if s.lang == "ja"
            else s
            for s in sents
        ]
    return by_doc


def _to_pair(bead: Bead, ja: Sequence[Sentence], en: Sequence[Sentence]) -> AlignedPair:
    ja_s = [ja[k] for k in bead.ja]
    en_s = [en[k] for k in bead.en]
    feats = dict(bead.features)
    if bead.margin:
        feats["margin"] = round(bead.margin, 4)
    return AlignedPair(
        ja_ids=tuple(s.idx for s in ja_s),
        en_ids=tuple(s.idx for s in en_s),
        ja="".join(s.text for s in ja_s),
        en=" ".join(s.text for s in en_s),
        score=written_score(bead.score),
        ja_doc=ja_s[0].doc_id,
        en_doc=en_s[0].doc_id,
        features={k: round(v, 4) for k, v in feats.items()},
    )


@dataclass(frozen=True)
class SentenceAlignment:
    """One document pair's sentence alignment: the mode used, the beads that score
    ``min_score``, and the beads that decide whether the documents are a translation: those
    of the default thresholds, or of ``min_score`` when it is lower (so a stricter threshold
    only filters the corpus, and a looser one can also pair more documents)."""

    mode: str
    beads: tuple[Bead, ...]
    deciding_beads: tuple[Bead, ...]


def align_sentences(
    ja: Sequence[SegmentView],
    en: Sequence[SegmentView],
    *,
    mode: str,
    min_score: float | None,
    use_mt: bool,
    use_embeddings: bool = False,
) -> SentenceAlignment:
    scorer = default_scorer(use_mt, use_embeddings)
    # min_score filters, and a pair's score does not depend on it: the mode is chosen and
    # comparable pairs are mined at the default threshold; a lower min_score then mines the
    # sentences left free at that threshold (raising it only removes pairs, lowering it only adds).
    cache: FeatureCache = {}
    if mode == "parallel":
        beads = align_parallel(ja, en, scorer)
    elif mode == "comparable":
        beads = align_comparable(ja, en, scorer, min_score=COMPARABLE_MIN_SCORE, cache=cache)
    else:
        mode, beads = align_auto(ja, en, scorer, min_score=COMPARABLE_MIN_SCORE, cache=cache)
    default_beads = _scoring(beads, _threshold(mode, None))
    if mode == "comparable" and min_score is not None and min_score < COMPARABLE_MIN_SCORE:
        beads = align_comparable(ja, en, scorer, min_score=min_score, cache=cache, keep=beads)
        kept = _scoring(beads, min_score)
        return SentenceAlignment(mode, kept, kept)
    return SentenceAlignment(mode, _scoring(beads, _threshold(mode, min_score)), default_beads)


def _scoring(beads: Sequence[Bead], threshold: float | None) -> tuple[Bead, ...]:
    return tuple(b for b in beads if threshold is None or written_score(b.score) >= threshold)


def written_score(score: float) -> float:
    """A bead's score as the outputs give it: in [0, 1], four decimals."""
    return round(min(1.0, max(0.0, score)), 4)


def _threshold(mode: str, min_score: float | None) -> float | None:
    return DEFAULT_MIN_SCORE[mode] if min_score is None else min_score


def align_documents(
    docs: Sequence[Document],
    translator: Translator | None,
    *,
    mode: str = "auto",
    min_score: float | None = None,
    doc_threshold: float = DOC_THRESHOLD,
    doc_min_coverage: float = DOC_MIN_COVERAGE,
    presegmented: bool = False,
    progress: bool = False,
    lexicon: Lexicon | None = None,
    timer: StageTimer | None = None,
    embedder: SentenceEmbedder | None = None,
) -> AlignmentResult:
    """Documents in, scored sentence pairs out. ``timer`` (optional, no effect on the result)
    receives load_lexicon (when no lexicon is given), clean (unless presegmented), the stages
    of ``prepare_sentences``, views, align_documents and align_sentences. With an ``embedder`` (the [embed] extra), the
    sentences' embedding similarity joins the evidence and its fitted weights are used."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if lexicon is None:
        with stage(timer, "load_lexicon"):
            lexicon = alignment_lexicon(use_mt=translator is not None)
    docs = unique_document_ids(docs)
    if presegmented:
        cleaned = list(docs)
    else:
        with stage(timer, "clean"):
            cleaned = clean_documents(docs)
    kept_lines = {doc.id: len(doc.paragraphs) for doc in cleaned}
    removed_lines = tuple(
        (doc.id, len(doc.paragraphs) - kept_lines.get(doc.id, 0), len(doc.paragraphs))
        for doc in docs
        if kept_lines.get(doc.id, 0) < len(doc.paragraphs)
    )
    sentences = prepare_sentences(cleaned, translator, presegmented=presegmented, progress=progress, timer=timer)
    emptied = tuple(doc.id for doc in docs if not sentences.get(doc.id))
    for lang, name in (("ja", "Japanese"), ("en", "English")):
        sources = sorted({doc.source for doc in docs if doc.lang == lang})
        if not sources:
            raise InputError("input", f"no {name} text found")
        if not any(doc.lang == lang and sentences.get(doc.id) for doc in docs):
            raise InputError(
                " ".join(sources),
                f"no {name} text left after boilerplate removal: every line looked like navigation, "
                "captions or headings (--presegmented keeps lines as they are)",
            )
    with stage(timer, "views"):
        doc_views = {doc_id: views(sents, lexicon) for doc_id, sents in sentences.items()}
    with stage(timer, "align_documents"):
        langs = {doc.id: doc.lang for doc in docs}
        ja_ids = [d for d in sentences if langs[d] == "ja" and sentences[d]]
        en_ids = [d for d in sentences if langs[d] == "en" and sentences[d]]
        all_scores = score_documents(
            {d: document_terms(doc_views[d]) for d in ja_ids}, {d: document_terms(doc_views[d]) for d in en_ids}
        )
        # One document per language is an explicit pairing by the user: align it whatever its score.
        single = len(ja_ids) == 1 and len(en_ids) == 1
        chosen = all_scores if single else select_document_pairs(all_scores, doc_threshold)
    pairs: list[AlignedPair] = []
    modes = []
    confirmed: list[DocumentPair] = []
    unconfirmed: list[UnconfirmedPair] = []
    if embedder is not None:
        # only the documents that will be aligned: embedding costs more than translating
        with stage(timer, "embed"):
            to_embed = list(dict.fromkeys(d for dp in chosen for d in (dp.ja_doc, dp.en_doc)))
            texts = [max(0, 2 * len(sentences[d]) - 1) for d in to_embed]  # sentences and joined neighbours
            bar = progress_bar(sum(texts), desc="embedding", unit="seg", enabled=progress)
            for doc_id, count in zip(to_embed, texts, strict=True):
                doc_views[doc_id] = with_embeddings(doc_views[doc_id], sentences[doc_id], embedder)
                bar.update(count)
            bar.close()
    for dp in chosen:
        with stage(timer, "align_sentences"):
            aligned = align_sentences(
                doc_views[dp.ja_doc],
                doc_views[dp.en_doc],
                mode=mode,
                min_score=min_score,
                use_mt=translator is not None,
                use_embeddings=embedder is not None,
            )
        found = aligned.deciding_beads
        held = coverage_of_shorter(found, len(doc_views[dp.ja_doc]), len(doc_views[dp.en_doc]))
        if not single and not confirms_document_pair(aligned.mode, len(found), held, doc_min_coverage):
            unconfirmed.append(UnconfirmedPair(dp, aligned.mode, len(found), held))
            continue
        confirmed.append(dp)
        modes.append((dp.ja_doc, dp.en_doc, aligned.mode))
        pairs.extend(_to_pair(b, sentences[dp.ja_doc], sentences[dp.en_doc]) for b in aligned.beads)
    paired_ja = {p.ja_doc for p in confirmed}
    paired_en = {p.en_doc for p in confirmed}
    signature = alignment_signature(
        translator,
        embedder,
        lexicon=lexicon,
        mode=mode,
        min_score=min_score,
        doc_threshold=doc_threshold,
        doc_min_coverage=doc_min_coverage,
        presegmented=presegmented,
    )
    return AlignmentResult(
        pairs=tuple(pairs),
        document_scores=tuple(all_scores),
        document_pairs=tuple(confirmed),
        modes=tuple(modes),
        unmatched_ja=tuple(d for d in ja_ids if d not in paired_ja),
        unmatched_en=tuple(d for d in en_ids if d not in paired_en),
        sentence_counts=tuple((d, len(s)) for d, s in sentences.items()),
        emptied=emptied,
        removed_lines=removed_lines,
        unconfirmed=tuple(unconfirmed),
        signature=str(signature),
    )


def alignment_signature(
    translator: Translator | None,
    embedder: SentenceEmbedder | None,
    *,
    lexicon: Lexicon,
    mode: str,
    min_score: float | None,
    doc_threshold: float,
    doc_min_coverage: float,
    presegmented: bool,
) -> AlignmentSignature:
    """The signature of a run of ``align_documents`` with these arguments."""
    from jaen_align import __version__

    use_mt, use_embeddings = translator is not None, embedder is not None
    scorer = default_scorer(use_mt, use_embeddings)
    return AlignmentSignature(
        mode=mode,
        scorer=f"{scorer_variant(use_mt, use_embeddings)}@{scorer.fingerprint()}",
        model=f"{translator.model.name}@{translator.model.fingerprint()}" if translator is not None else "none",
        beam=translator.beam_size if translator is not None else None,
        sentence_split=translator.sentence_split if translator is not None else False,
        embeddings=embedder.name if embedder is not None else "no",
        lexicon=lexicon.name,
        doc_threshold=doc_threshold,
        doc_min_coverage=doc_min_coverage,
        min_score=min_score,
        presegmented=presegmented,
        version=__version__,
    )
