"""Flag lines of a parallel corpus in document order that look paired with the wrong neighbour.

Usage:
    python scripts/find_misaligned.py --shared ../shared/data [--splits dev,test] [--slack 0.01]

For every line i of Coursera ``<split>.ja`` / ``<split>.en``, the multilingual-e5-small cosine
(the ``[embed]`` extra; a model independent of the aligner's translation model) of the Japanese
with its own English and with the English of lines i-1 and i+1; a line whose Japanese is closer
to a neighbour's English than to its own (by more than ``--slack``) is printed for a person to
check. A shift of the pairing by one line, the usual error of subtitle alignment, shows up this
way; a single wrong pair between right ones does not, nor does a wrong pair whose neighbours
are unrelated. What a person confirmed goes into ``scripts/data/coursera-misaligned.tsv``, which
``eval_align_bench.py --known-misaligned`` reads.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from jaen_align.align.embeddings import SentenceEmbedder
from jaen_align.text.normalize import normalize_text


def neighbour_closer(similarity: np.ndarray, slack: float) -> list[int]:
    """0-based rows i where the Japanese of line i is closer to the English of line i-1 or i+1
    than to its own by more than ``slack``."""
    n = similarity.shape[0]
    flagged = []
    for i in range(n):
        neighbours = [similarity[i, j] for j in (i - 1, i + 1) if 0 <= j < n]
        if neighbours and max(neighbours) > similarity[i, i] + slack:
            flagged.append(i)
    return flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--splits", default="dev,test")
    parser.add_argument("--slack", type=float, default=0.01)
    args = parser.parse_args()
    embedder = SentenceEmbedder()
    for split in args.splits.split(","):
        directory = args.shared / "coursera"
        ja = [normalize_text(t) for t in (directory / f"{split}.ja").read_text(encoding="utf-8").splitlines()]
        en = [normalize_text(t) for t in (directory / f"{split}.en").read_text(encoding="utf-8").splitlines()]
        similarity = embedder.embed(ja) @ embedder.embed(en).T
        flagged = neighbour_closer(similarity, args.slack)
        print(f"# coursera-{split}: {len(ja)} lines, {len(flagged)} flagged")
        for i in flagged:
            row = "  ".join(
                f"{label} {similarity[i, j]:.3f}"
                for label, j in (("prev", i - 1), ("own", i), ("next", i + 1))
                if 0 <= j < len(en)
            )
            print(f"coursera-{split}\t{i + 1}\t{row}\n  JA {ja[i]}\n  EN {en[i]}")


if __name__ == "__main__":
    main()
