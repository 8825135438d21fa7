"""Build the training, dev and test splits of the embedded model from ../shared/data.

Usage:
    python scripts/prepare_data.py --data ../shared/data --out ../work-data/prepared

Sources: Tatoeba (split by English sentence), Coursera train/dev/test, Tanaka-small train
(detokenized, sentence-cased; pairs that also occur in the Tatoeba held-out splits are
removed, since Tanaka is drawn from Tatoeba), JMdict glosses and JMnedict names from the
jamdict-data SQLite files. BSD is never read here: it is for evaluation only.
Writes {train,dev,test-tatoeba,test-coursera,dev-coursera}.{ja,en} and counts.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sqlite3
from collections import Counter
from pathlib import Path

from jaen_align.text.normalize import join_japanese_words, normalize_text

JA_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LATIN_RE = re.compile(r"[A-Za-z]")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def tatoeba_bucket(english: str) -> str:
    """Deterministic split by English sentence so Japanese variants never straddle splits."""
    h = int(hashlib.sha1(english.strip().lower().encode()).hexdigest()[:8], 16) % 1000
    if h < 50:
        return "test"
    if h < 65:
        return "dev"
    return "train"


_DETOK = [
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
    (re.compile(r" ([.,!?;:%)])"), r"\1"),
    (re.compile(r"([($]) "), r"\1"),
    (re.compile(r"\bi\b"), "I"),
    (re.compile(r'" (.*?) "'), r'"\1"'),
]


def detokenize_tanaka_english(text: str) -> str:
    out = text.strip()
    for pattern, repl in _DETOK:
        out = pattern.sub(repl, out)
    return out[:1].upper() + out[1:]


def key(text: str) -> str:
    return re.sub(r"[^\w]", "", text.lower())


def good_pair(ja: str, en: str, max_len: int = 300) -> bool:
    if not ja or not en or len(ja) > max_len or len(en) > max_len * 2:
        return False
    if not JA_RE.search(ja) or not LATIN_RE.search(en) or JA_RE.search(en):
        return False
    ratio = len(en) / max(len(ja), 1)
    return 0.3 <= ratio <= 8.0 or len(ja) < 6


KATAKANA_RE = re.compile(r"^[\u30a0-\u30ff]+$")


def jmdict_pairs(db: Path, limit_names: int, seed: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(word, first gloss) for JMdict entries with a frequency mark, and (name, English name)
    pairs from JMnedict: people and organizations, plus katakana places and surnames, whose
    glosses are English names (kanji place names only carry romanizations)."""
    con = sqlite3.connect(db)
    try:
        words: dict[str, str] = {}
        for table, prio in (("Kanji", "KJP"), ("Kana", "KNP")):
            rows = con.execute(
                f"""
                SELECT k.text, g.text FROM {table} k
                JOIN {prio} p ON p.kid = k.ID
                JOIN Sense s ON s.idseq = k.idseq
                JOIN SenseGloss g ON g.sid = s.ID
                WHERE p.text IN ('news1', 'ichi1', 'spec1', 'gai1', 'news2', 'ichi2', 'spec2')
                  AND (g.lang IS NULL OR g.lang = 'eng')
                ORDER BY k.ID, s.ID, g.rowid
                """
            )
            for ja, gloss in rows:
                words.setdefault(ja, gloss)
        names: dict[str, str] = {}
        rows = con.execute(
            """
            SELECT k.text, t.text, ty.text FROM (
                SELECT idseq, text FROM NEKanji UNION ALL SELECT idseq, text FROM NEKana WHERE nokanji = 1
                  OR idseq NOT IN (SELECT idseq FROM NEKanji)
            ) k
            JOIN NETranslation tr ON tr.idseq = k.idseq
            JOIN NETransGloss t ON t.tid = tr.ID
            JOIN NETransType ty ON ty.tid = tr.ID
            ORDER BY tr.ID DESC, t.rowid
            """
        )
        for ja, gloss, kind in rows:
            katakana = bool(KATAKANA_RE.match(ja))
            if kind in ("person", "organization", "company") or (katakana and kind in ("place", "surname")):
                names[ja] = gloss
    finally:
        con.close()
    name_pairs = sorted(names.items())
    random.Random(seed).shuffle(name_pairs)
    return sorted(words.items()), name_pairs[:limit_names]


def clean_gloss(gloss: str) -> str:
    gloss = re.sub(r"\s*\([^)]*\)", "", gloss).strip()
    return gloss


def find_jamdict_db() -> Path | None:
    try:
        import jamdict_data  # type: ignore[import-not-found]
    except ImportError:
        return None
    base = Path(jamdict_data.__file__).parent
    for candidate in sorted(base.glob("*.db")):
        return candidate
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--no-tanaka", action="store_true")
    parser.add_argument("--no-dict", action="store_true")
    parser.add_argument("--names", type=int, default=30000, help="JMnedict names to include")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    splits: dict[str, list[tuple[str, str, str]]] = {"train": [], "dev": [], "test-tatoeba": []}
    counts: Counter[str] = Counter()

    def add(split: str, source: str, ja: str, en: str, join: bool = False) -> None:
        ja = normalize_text(ja)
        en = normalize_text(en)
        if join:
            ja = join_japanese_words(ja)
        if split == "train" and not good_pair(ja, en):
            counts[f"{source}:filtered"] += 1
            return
        splits[split].append((ja, en, source))

    for line in read_lines(args.data / "tatoeba" / "jpn-eng.tsv"):
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        en, ja = parts[0], parts[1]
        bucket = tatoeba_bucket(en)
        add({"test": "test-tatoeba", "dev": "dev", "train": "train"}[bucket], "tatoeba", ja, en)

    held_out = {key(en) for split in ("dev", "test-tatoeba") for _, en, _ in splits[split]}
    held_out |= {key(ja) for split in ("dev", "test-tatoeba") for ja, _, _ in splits[split]}

    cdir = args.data / "coursera"
    for ja, en in zip(read_lines(cdir / "train.ja"), read_lines(cdir / "train.en"), strict=True):
        add("train", "coursera", ja, en, join=True)
    coursera_dev = list(zip(read_lines(cdir / "dev.ja"), read_lines(cdir / "dev.en"), strict=True))
    for ja, en in coursera_dev[:300]:
        add("dev", "coursera", ja, en)

    if not args.no_tanaka:
        tdir = args.data / "tanaka-small"
        for ja, en in zip(read_lines(tdir / "train.ja"), read_lines(tdir / "train.en"), strict=True):
            en_d = detokenize_tanaka_english(en)
            ja_j = join_japanese_words(normalize_text(ja))
            if key(en_d) in held_out or key(ja_j) in held_out:
                counts["tanaka:overlap-with-tatoeba-heldout"] += 1
                continue
            add("train", "tanaka", ja_j, en_d)

    if not args.no_dict:
        db = find_jamdict_db()
        if db is None:
            raise SystemExit("jamdict-data is not installed: pip install jamdict-data (or pass --no-dict)")
        words, names = jmdict_pairs(db, args.names, args.seed)
        for ja, gloss in words:
            gloss = clean_gloss(gloss)
            if gloss:
                add("train", "jmdict", ja, gloss)
        for ja, name in names:
            add("train", "jmnedict", ja, name)

    seen: set[tuple[str, str]] = set()
    for split, rows in splits.items():
        unique = []
        for ja, en, source in rows:
            if (ja, en) in seen:
                counts[f"{source}:duplicate"] += 1
                continue
            seen.add((ja, en))
            unique.append((ja, en, source))
            counts[f"{split}:{source}"] += 1
        if split == "train":
            random.Random(args.seed).shuffle(unique)
        (args.out / f"{split}.ja").write_text("".join(r[0] + "\n" for r in unique), encoding="utf-8")
        (args.out / f"{split}.en").write_text("".join(r[1] + "\n" for r in unique), encoding="utf-8")

    for name, (ja_file, en_file) in {
        "test-coursera": ("test.ja", "test.en"),
        "dev-coursera": ("dev.ja", "dev.en"),
    }.items():
        ja_lines = [normalize_text(x) for x in read_lines(cdir / ja_file)]
        (args.out / f"{name}.ja").write_text("".join(x + "\n" for x in ja_lines), encoding="utf-8")
        (args.out / f"{name}.en").write_text((cdir / en_file).read_text(encoding="utf-8"), encoding="utf-8")

    (args.out / "counts.json").write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n")
    print(json.dumps(dict(sorted(counts.items())), indent=2))


if __name__ == "__main__":
    main()
