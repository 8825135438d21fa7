"""Sentence-alignment quality against a gold standard: strict and lax precision, recall and F1
over beads, in the manner of vecalign's and Bertalign's scorers.

A bead is ``(ja_ids, en_ids)`` with 0-based sentence ids. Beads with an empty side (insertions,
deletions) link nothing and are ignored when scoring.

Gold formats:

- ``tatoeba``: ``[12]:[10,11,12]`` per line, 1-based, ENGLISH ids first.
- ``vecalign``: ``[0]:[0, 1]`` per line, 0-based, Japanese (source) ids first; a trailing
  ``:score`` field, as vecalign prints, is ignored.
- ``tsv``: ``ja_ids<TAB>en_ids``, comma-separated 0-based ids; either side may be empty.

Blank lines and lines starting with ``#`` are skipped in every format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from jaen_align.errors import InputError

Bead = tuple[tuple[int, ...], tuple[int, ...]]
Link = tuple[int, int]

GOLD_FORMATS = ("tatoeba", "vecalign", "tsv")
_BRACKETS = re.compile(r"^\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\](?:\s*:\s*\S+)?$")


def parse_gold(text: str, fmt: str, *, source: str = "<gold>") -> list[Bead]:
    """The gold beads of ``text``, 0-based and Japanese side first whatever the format."""
    if fmt not in GOLD_FORMATS:
        raise ValueError(f"unknown gold format {fmt!r}: choose from {', '.join(GOLD_FORMATS)}")
    beads = []
    for number, line in _content_lines(text):
        try:
            bead = _parse_tsv_line(line) if fmt == "tsv" else _parse_bracket_line(line, one_based=fmt == "tatoeba")
        except ValueError as exc:
            raise InputError(source, f"line {number}: {exc} (as {fmt} gold)") from None
        if fmt == "tatoeba":
            en_ids, ja_ids = bead
            bead = (ja_ids, en_ids)
        if bead[0] or bead[1]:
            beads.append(bead)
    return beads


def detect_gold_format(text: str, *, source: str = "<gold>") -> str:
    """Guess the gold format; passing it explicitly is better.

    A tab on any line means ``tsv``. Otherwise the lines must be ``[..]:[..]``; they are
    ``vecalign`` if any id is 0, else ``tatoeba``. The guess is sound for vecalign files that
    cover the whole text (every aligner output and vecalign's own gold do, so sentence 0 of
    one side appears), but a 0-based file that never mentions sentence 0 on either side is
    misread as 1-based and English-first. Raises InputError when neither shape fits.
    """
    numbered = list(_content_lines(text))
    if not numbered:
        raise InputError(source, "empty gold alignment: cannot tell its format")
    if any("\t" in line for _, line in numbered):
        return "tsv"
    ids: list[int] = []
    for number, line in numbered:
        match = _BRACKETS.match(line.strip())
        if match is None:
            raise InputError(
                source, f"line {number}: cannot tell the gold format from {line.strip()!r}: expected [..]:[..] or TSV"
            )
        ids += _ids(match.group(1)) + _ids(match.group(2))
    return "vecalign" if 0 in ids else "tatoeba"


def read_pred_jsonl(text: str, *, source: str = "<predictions>", doc_pair: tuple[str, str] | None = None) -> list[Bead]:
    """Beads from JSONL records carrying ``ja_ids`` and ``en_ids`` (as ``write_pairs`` writes).
    Gold aligns one document pair: records of several (``ja_doc``, ``en_doc``) pairs are an
    InputError unless ``doc_pair`` chooses one, since their ids would be pooled."""
    beads = []
    pairs: dict[tuple[object, object], None] = {}
    for number, line in _content_lines(text, comments=False):
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object with ja_ids and en_ids, got {type(record).__name__}")
            bead = (_id_tuple(record["ja_ids"]), _id_tuple(record["en_ids"]))
        except (ValueError, KeyError, TypeError) as exc:
            problem = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
            raise InputError(source, f"line {number}: {problem}") from None
        pair = (record.get("ja_doc"), record.get("en_doc"))
        if doc_pair is not None and pair != doc_pair:
            continue
        pairs[pair] = None
        beads.append(bead)
    if doc_pair is None and len(pairs) > 1:
        shown = ", ".join(f"{ja} <-> {en}" for ja, en in list(pairs)[:3]) + (", ..." if len(pairs) > 3 else "")
        raise InputError(
            source, f"holds {len(pairs)} document pairs ({shown}): choose the one the gold aligns with --doc-pair JA EN"
        )
    return beads


@dataclass(frozen=True)
class AlignmentScores:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float
    n_pred: int  # beads scored: distinct, both sides non-empty
    n_gold: int

    def format(self) -> str:
        return (
            f"{'':10} {'strict':>7} {'lax':>7}\n"
            f"{'precision':10} {self.strict_precision:7.3f} {self.lax_precision:7.3f}\n"
            f"{'recall':10} {self.strict_recall:7.3f} {self.lax_recall:7.3f}\n"
            f"{'F1':10} {self.strict_f1:7.3f} {self.lax_f1:7.3f}\n"
            f"({self.n_pred} predicted beads, {self.n_gold} gold beads)"
        )


def score_alignment(pred: list[Bead], gold: list[Bead]) -> AlignmentScores:
    """Strict: a bead is right if the other side holds exactly the same bead. Lax: a predicted
    bead is right if it shares a (ja, en) link with any gold bead, and a gold bead is recalled
    if it shares one with any predicted bead. Ratios with a zero denominator are 0."""
    pred_set = _linking_beads(pred)
    gold_set = _linking_beads(gold)
    pred_links = _links(pred_set)
    gold_links = _links(gold_set)

    strict_precision = _ratio(sum(bead in gold_set for bead in pred_set), len(pred_set))
    strict_recall = _ratio(sum(bead in pred_set for bead in gold_set), len(gold_set))
    lax_precision = _ratio(sum(not _links([bead]).isdisjoint(gold_links) for bead in pred_set), len(pred_set))
    lax_recall = _ratio(sum(not _links([bead]).isdisjoint(pred_links) for bead in gold_set), len(gold_set))
    return AlignmentScores(
        strict_precision=strict_precision,
        strict_recall=strict_recall,
        strict_f1=_f1(strict_precision, strict_recall),
        lax_precision=lax_precision,
        lax_recall=lax_recall,
        lax_f1=_f1(lax_precision, lax_recall),
        n_pred=len(pred_set),
        n_gold=len(gold_set),
    )


def _linking_beads(beads: Iterable[Bead]) -> set[Bead]:
    # Order within a side carries no meaning: (1, 0) and (0, 1) are the same sentences.
    return {(tuple(sorted(ja)), tuple(sorted(en))) for ja, en in beads if ja and en}


def _links(beads: Iterable[Bead]) -> set[Link]:
    return {(j, e) for ja, en in beads for j in ja for e in en}


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _content_lines(text: str, *, comments: bool = True) -> Iterator[tuple[int, str]]:
    # Only \n ends a line: JSON strings may hold U+2028 and friends that splitlines() breaks on.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or (comments and line.lstrip().startswith("#")):
            continue
        yield number, line


def _parse_bracket_line(line: str, *, one_based: bool) -> Bead:
    match = _BRACKETS.match(line.strip())
    if match is None:
        raise ValueError(f"expected [ids]:[ids], got {line.strip()!r}")
    first, second = _ids(match.group(1)), _ids(match.group(2))
    if one_based:
        if 0 in first or 0 in second:
            raise ValueError("id 0 in a 1-based file")
        return tuple(i - 1 for i in first), tuple(i - 1 for i in second)
    return tuple(first), tuple(second)


def _parse_tsv_line(line: str) -> Bead:
    fields = line.split("\t")
    if len(fields) != 2:
        raise ValueError(f"expected 2 tab-separated fields, got {len(fields)}")
    return tuple(_ids(fields[0])), tuple(_ids(fields[1]))


def _ids(field: str) -> list[int]:
    parts = [part.strip() for part in field.split(",")]
    if parts == [""]:
        return []
    if not all(part.isascii() and part.isdecimal() for part in parts):
        raise ValueError(f"bad sentence ids {field.strip()!r}")
    return [int(part) for part in parts]


def _id_tuple(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise ValueError(f"ids must be a list of integers, got {value!r}")
    if any(i < 0 for i in value):
        raise ValueError(f"negative sentence id in {value!r}")
    return tuple(value)
