"""Japanese->English translation with CTranslate2 and SentencePiece."""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import ctranslate2
import sentencepiece as spm

from jaen_align.errors import InputError, check_whole_numbers
from jaen_align.progress import progress_bar
from jaen_align.text.normalize import normalize_text
from jaen_align.translate.literal import literal_english
from jaen_align.translate.long_input import fit_to_length
from jaen_align.translate.models import ModelInfo, load_table, resolve_model
from jaen_align.translate.placeholders import Protected, protect, restore
from jaen_align.translate.postprocess import capitalize_first, join_contractions, truecase
from jaen_align.translate.set_phrases import SetPhrases

_SPECIAL_PIECES = frozenset({"<unk>", "<s>", "</s>", "<pad>", "<blank>"})
_MARKUP_PIECES = _SPECIAL_PIECES - {"<unk>"}
# SentencePiece decodes <unk> as " ⁇ "
_UNKNOWN_BEFORE_DIGIT = re.compile(r"\s*\u2047\s*(?=\d)")
_UNKNOWN = re.compile(r"\s*\u2047\s*")


def _placeholders_from_unknown(decoded: str) -> str:
    """The embedded model's vocabulary has no "#": it reads a placeholder "#3" as <unk> 3 and
    writes it so. Dropping the <unk> left a bare "3", which a second "3" or a made-up "4th"
    could not be told from: written back as "#3", the placeholder is restored, and one the
    source did not have is dropped. Any other <unk> is dropped."""
    marked = _UNKNOWN_BEFORE_DIGIT.sub(" #", decoded)
    return re.sub(r" {2,}", " ", _UNKNOWN.sub(" ", marked)).strip()


# Lines per chunk of a stream: enough for length-sorted batches with little padding, few
# enough that memory and the wait for the first output stay small.
STREAM_CHUNK_SIZE = 2048
# Hypotheses decoded together (batch size x beam size) when the caller sets no batch size. Past
# about 32 the per-step logits (rows x vocabulary) leave the CPU cache and every row gets slower:
# beam 4 runs 20 % faster in batches of 8 than of 32 (BENCHMARKS.md).
BATCH_ROWS = 32
# CTranslate2 search options unless the model's metadata or the caller says otherwise
DEFAULT_DECODING: dict[str, float] = {"repetition_penalty": 1.1, "no_repeat_ngram_size": 4, "length_penalty": 1.0}


def _sentencepiece(path: Path) -> spm.SentencePieceProcessor:
    try:
        return spm.SentencePieceProcessor(model_file=str(path))
    except (RuntimeError, OSError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(str(path), f"unusable SentencePiece model: {first_line}") from None


class Translator:
    """One loaded model; ``translate`` takes a batch of Japanese segments and returns English.

    Inputs are normalized exactly as the training data was, duplicates are translated once
    (the last ``cache_size`` distinct translations are remembered for the life of the object),
    and batches are sorted by length so that padding stays small. ``translate_stream`` does the
    same for inputs of any length, a chunk at a time.
    """

    def __init__(
        self,
        model: ModelInfo | str | Path | None = None,
        *,
        compute_type: str = "default",  # the type the model was converted to (int8 for ja-en-small)
        threads: int = 2,
        beam_size: int = 4,
        batch_size: int | None = None,  # sentences per batch; None: BATCH_ROWS // beam_size
        max_input_length: int = 200,
        max_decoding_length: int = 200,
        clause_pieces: int | None = None,  # None: as the model's metadata says
        cache_size: int = 100_000,
        decoding: Mapping[str, float] | None = None,
        inter_threads: int | None = None,
        sentence_split: bool = True,
        set_phrases: bool | None = None,
    ) -> None:
        check_whole_numbers(threads=threads, beam_size=beam_size, max_input_length=max_input_length)
        check_whole_numbers(max_decoding_length=max_decoding_length, batch_size=batch_size, inter_threads=inter_threads)
        check_whole_numbers(clause_pieces=clause_pieces)
        check_whole_numbers(0, cache_size=cache_size)
        for name, flag in (("sentence_split", sentence_split), ("set_phrases", set_phrases)):
            if not isinstance(flag, bool) and not (name == "set_phrases" and flag is None):
                raise TypeError(f"{name} must be True or False, not {flag!r}")
        self.model = model if isinstance(model, ModelInfo) else resolve_model(model)
        unknown = set(decoding or {}) - set(DEFAULT_DECODING)
        if unknown:
            raise ValueError(f"unknown decoding options: {', '.join(sorted(unknown))}")
        self.decoding = {**DEFAULT_DECODING, **self.model.decoding, **(decoding or {})}
        self.beam_size = beam_size
        self.batch_size = batch_size if batch_size is not None else max(1, BATCH_ROWS // beam_size)
        self.max_input_length = max_input_length
        # sentences longer than this are cut after clauses; past max_input_length, pieces are lost
        self.clause_pieces = min(max_input_length, clause_pieces or self.model.clause_pieces or max_input_length)
        self.max_decoding_length = max_decoding_length
        self.sentence_split = sentence_split
        # None: as the model's metadata says (on for the embedded model, off for imported ones)
        use_phrases = self.model.set_phrases if set_phrases is None else set_phrases
        self._phrases = SetPhrases.default() if use_phrases else None
        # A small model's matrices are too small to keep several threads busy inside one batch:
        # running whole batches in parallel (one thread each) is 2-7x faster here (BENCHMARKS.md).
        # inter_threads=1 puts every thread inside one batch instead, for large models.
        inter = threads if inter_threads is None else inter_threads
        self._parallel_batches = inter
        try:
            self._ct2 = ctranslate2.Translator(
                str(self.model.path),
                device="cpu",
                compute_type=compute_type,
                inter_threads=inter,
                intra_threads=max(1, threads // inter),
            )
        except (RuntimeError, ValueError) as exc:  # ValueError: UnicodeDecodeError of a JSON file
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(str(self.model.path), f"unusable CTranslate2 model: {first_line}") from None
        self._src_sp = _sentencepiece(self.model.source_spm)
        self._tgt_sp = (
            self._src_sp if self.model.target_spm == self.model.source_spm else _sentencepiece(self.model.target_spm)
        )
        self._names = load_table(self.model.name_table) if self.model.name_table else None
        self._truecase = load_table(self.model.truecase_table) if self.model.truecase_table else {}
        self.cache_size = cache_size
        self._cache: OrderedDict[str, str] = OrderedDict()  # least recently used first
        self.translated_count = 0  # sentences the model translated (cache misses)

    def encode(self, text: str) -> list[str]:
        pieces = self._pieces(text)[: self.max_input_length]
        return [*self.model.source_prefix, *pieces, *self.model.source_suffix]

    def _pieces(self, text: str) -> list[str]:
        if self.model.ja_pretokenize:
            from jaen_align.text.tokenize import pretokenize_for_mt

            text = pretokenize_for_mt(text)
        return self._src_sp.encode(text, out_type=str)

    def input_length(self, text: str) -> int:
        """The pieces the model reads for ``text`` (after placeholders), uncut."""
        return len(self._pieces(self.protect(text).text))

    def decode(self, pieces: Sequence[str]) -> str:
        prefix = len(self.model.target_prefix)
        pieces = pieces[prefix:]
        if self._names is not None and "<unk>" in pieces:
            return _placeholders_from_unknown(self._tgt_sp.decode([p for p in pieces if p not in _MARKUP_PIECES]))
        # special tokens would surface as " ⁇ " or literal markup in the English
        return self._tgt_sp.decode([p for p in pieces if p not in _SPECIAL_PIECES]).strip()

    def polish(self, english: str) -> str:
        """Contractions joined, the model's lower-cased names and first words capitalized
        (``postprocess``)."""
        return capitalize_first(truecase(join_contractions(english), self._truecase))

    def protect(self, text: str) -> Protected:
        """Numbers and known names as placeholders, for a model trained that way."""
        return protect(text, self._names) if self._names is not None else Protected(text, ())

    def translate(self, texts: Sequence[str], *, progress: bool = False) -> list[str]:
        if isinstance(texts, str):  # a str is a sequence of one-character segments
            raise TypeError("texts must be a list of segments, not a str: wrap one segment in a list")
        normalized = [normalize_text(t).replace("\n", " ") for t in texts]
        known: dict[str, str] = {}
        pending = []
        for text in dict.fromkeys(t for t in normalized if t):
            if (found := self._without_model(text)) is not None:
                known[text] = found
            else:
                pending.append(text)
        # a segment of several sentences is translated a sentence at a time: a model trained on
        # sentences drops the second of two it gets as one input (BENCHMARKS.md); and so is
        # one longer than the model's input, so that nothing past max_input_length is cut off;
        # a sentence longer than that is cut after its clauses (long_input)
        parts_of = {t: self._parts(t) for t in pending}
        # sentences are remembered too: one that recurs inside different lines is translated once
        translated: dict[str, str] = {}
        todo = []
        for part in dict.fromkeys(part for parts in parts_of.values() for part in parts):
            if (found := self._without_model(part)) is not None:
                translated[part] = found
            else:
                todo.append(part)
        todo.sort(key=len)
        bar = progress_bar(len(todo), desc="translating", unit="seg", enabled=progress)
        protected = [self.protect(t) for t in todo]
        # a short input is split so that every thread gets a batch
        batch_size = max(1, min(self.batch_size, -(-len(todo) // self._parallel_batches)))
        results = self._ct2.translate_iterable(
            (self.encode(p.text) for p in protected),
            target_prefix=(list(self.model.target_prefix) for _ in todo) if self.model.target_prefix else None,
            max_batch_size=batch_size,
            beam_size=self.beam_size,
            max_input_length=0,
            max_decoding_length=self.max_decoding_length,
            repetition_penalty=self.decoding["repetition_penalty"],
            no_repeat_ngram_size=int(self.decoding["no_repeat_ngram_size"]),
            length_penalty=self.decoding["length_penalty"],
        )
        for text, guarded, result in zip(todo, protected, results, strict=True):
            translated[text] = self._remember(
                text, self.polish(restore(self.decode(result.hypotheses[0]), guarded.values))
            )
            self.translated_count += 1
            bar.update(1)
        bar.close()
        for text, parts in parts_of.items():
            known[text] = self._remember(text, " ".join(translated[part] for part in parts if translated[part]))
        return [known.get(t, "") for t in normalized]

    def _without_model(self, text: str) -> str | None:
        """The remembered translation of ``text``, ``text`` carried over when it has no
        Japanese to translate, or the gloss of a set phrase; None when the model must translate it."""
        if text in self._cache:
            self._cache.move_to_end(text)
            return self._cache[text]
        literal = literal_english(text)
        if literal is None and self._phrases is not None:
            return self._phrases.english(text)
        return literal

    def _parts(self, text: str) -> list[str]:
        """The sentences of ``text`` (with ``sentence_split`` off, ``text`` alone unless it is
        longer than ``clause_pieces``), each cut after clauses if it is longer than that."""
        if not self.sentence_split and self.input_length(text) <= self.clause_pieces:
            return [text]
        from jaen_align.text.segment import split_sentences

        return [
            part
            for sentence in split_sentences(text, "ja") or [text]
            for part in fit_to_length(sentence, self.input_length, self.clause_pieces)
        ]

    def translate_stream(
        self, texts: Iterable[str], *, chunk_size: int = STREAM_CHUNK_SIZE, progress: bool = False
    ) -> Iterator[str]:
        """The translation of each of ``texts``, in order, reading only ``chunk_size`` ahead."""
        for _, outputs in self.translate_chunks(texts, chunk_size=chunk_size, progress=progress):
            yield from outputs

    def translate_chunks(
        self, texts: Iterable[str], *, chunk_size: int = STREAM_CHUNK_SIZE, progress: bool = False
    ) -> Iterator[tuple[list[str], list[str]]]:
        """(inputs, translations) for consecutive chunks of ``texts`` of ``chunk_size`` lines."""
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
        bar = progress_bar(None, desc="translating", unit="line", enabled=progress)
        iterator = iter(texts)
        try:
            while chunk := list(itertools.islice(iterator, chunk_size)):
                outputs = self.translate(chunk)
                bar.update(len(chunk))
                yield chunk, outputs
        finally:
            bar.close()

    def _remember(self, text: str, translation: str) -> str:
        self._cache[text] = translation
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return translation
