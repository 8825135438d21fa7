"""Build synthetic sentence-alignment tasks with known gold from parallel corpora.

Each source document is a run of consecutive parallel lines (Coursera test/dev cut into
pseudo-documents of 40-80 lines, a shorter tail dropped; each BSD dev dialogue). Two tasks
are made from it:

- ``parallel``: ~10% of neighbouring pairs merged on one side (1-2 and 2-1 beads), 10-30% of
  the pairs lose one side (their other side is left unaligned), and 5-15% extra sentences
  from other documents are inserted on each side. Gold stays monotonic.
- ``comparable``: the same corrupted document, then its English side is cut into paragraphs
  of 3-6 beads, the paragraphs are shuffled and ~15% of them dropped.

Per task, ``OUT/<task>/`` gets ``ja.txt``, ``en.txt`` (one sentence per line) and ``gold.tsv``
(``ja_ids<TAB>en_ids``, 0-based; unaligned sentences are simply absent). Tasks depend only on
the data, ``--seed`` and the document's name.

    python scripts/make_align_bench.py --shared ../shared/data --out ../work-data/align-bench
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from jaen_align.corpus.writers import write_text_atomic

Bead = tuple[tuple[int, ...], tuple[int, ...]]

MERGE_RATE = 0.10
DELETE_RATE = (0.10, 0.30)
INSERT_RATE = (0.05, 0.15)
DOC_LINES = (40, 80)
PARAGRAPH = (3, 6)
DROP_PARAGRAPH_RATE = 0.15
_LINE_BREAKS = re.compile(r"\s+")


@dataclass(frozen=True)
class SourceDoc:
    """Parallel lines in document order: ``ja[i]`` translates ``en[i]``."""

    name: str
    ja: tuple[str, ...]
    en: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """A bead under construction. ``src`` are the indices of the SourceDoc pairs it holds
    (several when merged, none for an inserted distractor); one side may be empty."""

    ja: tuple[str, ...]
    en: tuple[str, ...]
    src: tuple[int, ...]


@dataclass(frozen=True)
class Task:
    """A finished task. ``gold_src[k]`` are the SourceDoc pairs behind ``gold[k]``."""

    name: str
    ja: tuple[str, ...]
    en: tuple[str, ...]
    gold: tuple[Bead, ...]
    gold_src: tuple[tuple[int, ...], ...]


# --- reading -------------------------------------------------------------------------------


def clean_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def pairs_from(ja: Sequence[str], en: Sequence[str]) -> list[tuple[str, str]]:
    """Cleaned parallel pairs, dropping those with an empty side."""
    if len(ja) != len(en):
        raise ValueError(f"{len(ja)} Japanese lines but {len(en)} English lines")
    pairs = [(clean_line(j), clean_line(e)) for j, e in zip(ja, en, strict=True)]
    return [(j, e) for j, e in pairs if j and e]


def cut_documents(
    name: str, pairs: Sequence[tuple[str, str]], rng: random.Random, lengths: tuple[int, int] = DOC_LINES
) -> list[SourceDoc]:
    """Consecutive pseudo-documents of ``lengths`` lines; a tail shorter than the minimum is dropped."""
    docs: list[SourceDoc] = []
    start = 0
    while len(pairs) - start >= lengths[0]:
        chunk = pairs[start : start + rng.randint(*lengths)]
        docs.append(SourceDoc(f"{name}-{len(docs):03d}", tuple(j for j, _ in chunk), tuple(e for _, e in chunk)))
        start += len(chunk)
    return docs


def read_coursera(directory: Path, split: str, rng: random.Random) -> list[SourceDoc]:
    ja = (directory / f"{split}.ja").read_text(encoding="utf-8").splitlines()
    en = (directory / f"{split}.en").read_text(encoding="utf-8").splitlines()
    return cut_documents(f"coursera-{split}", pairs_from(ja, en), rng)


def read_bsd(path: Path) -> list[SourceDoc]:
    docs = []
    for dialogue in json.loads(path.read_text(encoding="utf-8")):
        turns = dialogue["conversation"]
        pairs = pairs_from([t["ja_sentence"] for t in turns], [t["en_sentence"] for t in turns])
        if pairs:
            name = f"bsd-dev-{clean_line(str(dialogue.get('id', len(docs))))}"
            docs.append(SourceDoc(name, tuple(j for j, _ in pairs), tuple(e for _, e in pairs)))
    return docs


# --- corrupting ----------------------------------------------------------------------------


def initial_units(doc: SourceDoc) -> list[Unit]:
    return [Unit((j,), (e,), (i,)) for i, (j, e) in enumerate(zip(doc.ja, doc.en, strict=True))]


def merge_neighbours(units: Sequence[Unit], rng: random.Random, rate: float = MERGE_RATE) -> list[Unit]:
    """Join a unit with the next one on one side only, making 1-2 or 2-1 beads."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        if i + 1 < len(units) and rng.random() < rate:
            a, b = units[i], units[i + 1]
            if rng.random() < 0.5:  # one Japanese sentence for two English ones
                out.append(Unit((a.ja[0] + b.ja[0],), a.en + b.en, a.src + b.src))
            else:
                out.append(Unit(a.ja + b.ja, (a.en[0] + " " + b.en[0],), a.src + b.src))
            i += 2
        else:
            out.append(units[i])
            i += 1
    return out


def delete_sides(units: Sequence[Unit], rng: random.Random, rate: float) -> list[Unit]:
    """With probability ``rate`` a unit loses one side; the other side becomes unaligned."""
    out = []
    for unit in units:
        if rng.random() < rate:
            unit = replace(unit, ja=()) if rng.random() < 0.5 else replace(unit, en=())
        out.append(unit)
    return out


def insert_distractors(
    units: Sequence[Unit], pool_ja: Sequence[str], pool_en: Sequence[str], rng: random.Random, rate: float
) -> list[Unit]:
    """Insert about ``rate`` * len(units) unrelated sentences on each side at random places."""
    out = list(units)
    for side, pool in (("ja", pool_ja), ("en", pool_en)):
        if not pool:
            continue
        for _ in range(round(rate * len(units))):
            text = rng.choice(pool)
            unit = Unit((text,), (), ()) if side == "ja" else Unit((), (text,), ())
            out.insert(rng.randint(0, len(out)), unit)
    return out


def paragraphs(n_units: int, rng: random.Random, sizes: tuple[int, int] = PARAGRAPH) -> list[list[int]]:
    """Unit indices cut into consecutive runs of ``sizes`` units."""
    chunks = []
    start = 0
    while start < n_units:
        end = min(n_units, start + rng.randint(*sizes))
        chunks.append(list(range(start, end)))
        start = end
    return chunks


def shuffle_english(n_units: int, rng: random.Random, drop_rate: float = DROP_PARAGRAPH_RATE) -> list[int]:
    """The English order of the units for the comparable variant: paragraphs shuffled, some dropped."""
    chunks = paragraphs(n_units, rng)
    rng.shuffle(chunks)
    kept = [chunk for chunk in chunks if rng.random() >= drop_rate] or chunks[:1]
    return [index for chunk in kept for index in chunk]


def lay_out(name: str, units: Sequence[Unit], en_order: Sequence[int]) -> Task:
    """Number the Japanese sentences in unit order and the English ones in ``en_order`` (unit
    indices, possibly a subset); each unit with both sides present becomes a gold bead."""
    ja_lines: list[str] = []
    ja_ids: list[tuple[int, ...]] = []
    for unit in units:
        ja_ids.append(tuple(range(len(ja_lines), len(ja_lines) + len(unit.ja))))
        ja_lines += unit.ja
    en_lines: list[str] = []
    beads = []
    for index in en_order:
        unit = units[index]
        en_ids = tuple(range(len(en_lines), len(en_lines) + len(unit.en)))
        en_lines += unit.en
        if ja_ids[index] and en_ids:
            beads.append(((ja_ids[index], en_ids), unit.src))
    beads.sort()
    return Task(name, tuple(ja_lines), tuple(en_lines), tuple(b for b, _ in beads), tuple(s for _, s in beads))


def make_tasks(doc: SourceDoc, others: Sequence[SourceDoc], seed: int) -> list[Task]:
    """The parallel and the comparable task for ``doc``; distractors come from ``others``."""
    own = set(doc.ja) | set(doc.en)
    pool_ja = sorted({s for other in others for s in other.ja} - own)
    pool_en = sorted({s for other in others for s in other.en} - own)
    rng = random.Random(f"{seed}:{doc.name}")
    units = merge_neighbours(initial_units(doc), rng)
    units = delete_sides(units, rng, rng.uniform(*DELETE_RATE))
    units = insert_distractors(units, pool_ja, pool_en, rng, rng.uniform(*INSERT_RATE))
    # Both variants share the corruption above, so they differ only by the reordering.
    return [
        lay_out(f"{doc.name}-parallel", units, range(len(units))),
        lay_out(f"{doc.name}-comparable", units, shuffle_english(len(units), rng)),
    ]


def pick(docs: Sequence[SourceDoc], n: int, rng: random.Random) -> list[SourceDoc]:
    """``n`` documents spread over the corpus, in corpus order."""
    return [docs[i] for i in sorted(rng.sample(range(len(docs)), min(n, len(docs))))]


# --- writing -------------------------------------------------------------------------------


def gold_tsv(gold: Sequence[Bead]) -> str:
    return "".join(",".join(map(str, ja)) + "\t" + ",".join(map(str, en)) + "\n" for ja, en in gold)


def write_task(task: Task, out: Path) -> Path:
    directory = out / task.name
    directory.mkdir(parents=True, exist_ok=True)
    write_text_atomic(directory / "ja.txt", "".join(line + "\n" for line in task.ja))
    write_text_atomic(directory / "en.txt", "".join(line + "\n" for line in task.en))
    write_text_atomic(directory / "gold.tsv", gold_tsv(task.gold))
    return directory


def build(shared: Path, out: Path, n_docs: int, seed: int) -> list[Task]:
    corpora = {
        "coursera-test": read_coursera(shared / "coursera", "test", random.Random(f"{seed}:cut:test")),
        "coursera-dev": read_coursera(shared / "coursera", "dev", random.Random(f"{seed}:cut:dev")),
        "bsd-dev": read_bsd(shared / "bsd" / "dev.json"),
    }
    tasks = []
    for corpus, docs in corpora.items():
        for doc in pick(docs, n_docs, random.Random(f"{seed}:pick:{corpus}")):
            others = [other for other in docs if other is not doc]
            for task in make_tasks(doc, others, seed):
                write_task(task, out)
                tasks.append(task)
    return tasks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=5, help="documents per corpus")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tasks = build(args.shared, args.out, args.docs, args.seed)
    for task in tasks:
        print(f"{task.name}\t{len(task.ja)} ja\t{len(task.en)} en\t{len(task.gold)} gold beads")


if __name__ == "__main__":
    main()
