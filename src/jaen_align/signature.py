"""The signature of an alignment run, as sacrebleu signs its scores: what produced the scores
of a corpus, so that two corpora can be told comparable or not at a glance.

    mode:auto|scorer:mt@4c1f09ab|model:ja-en-small@9e21d3c0|beam:4|split:yes|embed:no|
    lexicon:jamdict-data-1.5|doc:0.1|cover:0.5|min:default|seg:auto|version:0.1.0

``scorer`` names the fitted weight set and a hash of its weights and thresholds; ``model``
the translation model and a hash of its files (``none`` without translation); the rest are
the options that change which pairs are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def mapping_hash(values: Mapping[str, object]) -> str:
    """A hash of a JSON-able mapping that does not depend on key order."""
    return short_hash(json.dumps(values, sort_keys=True, separators=(",", ":")).encode())


@dataclass(frozen=True)
class AlignmentSignature:
    mode: str
    scorer: str  # variant@hash
    model: str  # name@hash, or "none"
    beam: int | None
    sentence_split: bool
    embeddings: str  # "no" or the embedding model's name
    lexicon: str
    doc_threshold: float
    doc_min_coverage: float
    min_score: float | None
    presegmented: bool
    version: str

    def __str__(self) -> str:
        fields = [
            ("mode", self.mode),
            ("scorer", self.scorer),
            ("model", self.model),
            ("beam", "none" if self.beam is None else str(self.beam)),
            ("split", "yes" if self.sentence_split else "no"),
            ("embed", self.embeddings),
            ("lexicon", self.lexicon),
            ("doc", f"{self.doc_threshold:g}"),
            ("cover", f"{self.doc_min_coverage:g}"),
            ("min", "default" if self.min_score is None else f"{self.min_score:g}"),
            ("seg", "lines" if self.presegmented else "auto"),
            ("version", self.version),
        ]
        return "|".join(f"{key}:{value}" for key, value in fields)
