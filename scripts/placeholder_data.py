"""Protect numbers and names in prepared training data with placeholders, and write the name table.

Usage:
    python scripts/placeholder_data.py --prepared PREPARED --out PREPARED_PH

Reads the output of prepare_data.py; writes the same files to --out with train and dev pairs
passed through ``jaen_align.translate.placeholders.protect_pair`` (held-out test files are
copied unchanged: evaluation protects and restores through the Translator), plus
``names.tsv``: JMnedict people, organizations and companies, and katakana places, surnames
and given names, each with the English form found most often in the training English
(JMnedict's first gloss when none is found). train_model.py and export_model.py take
names.tsv into the run and the model directory.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prepare_data import KATAKANA_RE, find_jamdict_db  # noqa: E402

from jaen_align.translate.placeholders import PLACEHOLDER, protect_pair  # noqa: E402

NAME_KINDS = {"person", "organization", "company"}
KATAKANA_KINDS = {"place", "surname", "given", "masc", "fem"}
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z.'\- ]{1,40}$")


def jmnedict_glosses(db: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            """
            SELECT k.text, t.text, ty.text FROM (
                SELECT idseq, text FROM NEKanji UNION ALL SELECT idseq, text FROM NEKana
            ) k
            JOIN NETranslation tr ON tr.idseq = k.idseq
            JOIN NETransGloss t ON t.tid = tr.ID
            JOIN NETransType ty ON ty.tid = tr.ID
            ORDER BY tr.ID, t.rowid
            """
        )
        glosses: dict[str, list[str]] = defaultdict(list)
        for ja, gloss, kind in rows:
            if kind in NAME_KINDS or (kind in KATAKANA_KINDS and KATAKANA_RE.match(ja)):
                gloss = re.sub(r"\s*\([^)]*\)", "", gloss).strip()
                if _LATIN_NAME.match(gloss) and gloss not in glosses[ja]:
                    glosses[ja].append(gloss)
    finally:
        con.close()
    return {ja: forms for ja, forms in glosses.items() if forms and len(ja) >= 2}


def capitalized_phrases(lines: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        words = re.findall(r"[A-Za-z][A-Za-z.'\-]*", line)
        for n in (1, 2, 3):
            for k in range(len(words) - n + 1):
                if words[k][0].isupper():
                    counts[" ".join(words[k : k + n])] += 1
    return counts


def name_table(glosses: dict[str, list[str]], english: list[str]) -> dict[str, str]:
    counts = capitalized_phrases(english)
    return {ja: max(forms, key=lambda f: (counts[f], -forms.index(f))) for ja, forms in sorted(glosses.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prepared", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--keep-bare", type=int, default=10, help="keep one in N pairs that become a bare '#1' (JMnedict names)"
    )
    parser.add_argument(
        "--latin",
        action="store_true",
        help="protect Latin-script words too, as the translator has since 2026-12-05 (run 5 was trained without)",
    )
    args = parser.parse_args()
    db = find_jamdict_db()
    if db is None:
        raise SystemExit("jamdict-data is not installed: pip install jamdict-data")
    args.out.mkdir(parents=True, exist_ok=True)
    train_en = (args.prepared / "train.en").read_text(encoding="utf-8").splitlines()
    table = name_table(jmnedict_glosses(db), train_en)
    (args.out / "names.tsv").write_text("".join(f"{ja}\t{en}\n" for ja, en in table.items()), encoding="utf-8")
    stats: Counter[str] = Counter({"names in table": len(table)})
    for split in ("train", "dev"):
        ja_lines = (args.prepared / f"{split}.ja").read_text(encoding="utf-8").splitlines()
        en_lines = (args.prepared / f"{split}.en").read_text(encoding="utf-8").splitlines()
        out_ja, out_en = [], []
        bare = 0
        for ja, en in zip(ja_lines, en_lines, strict=True):
            pja, pen = protect_pair(ja, en, table, latin=args.latin)
            if pja == "#1":  # a dictionary name pair, now teaching only to copy one placeholder
                bare += 1
                if bare % args.keep_bare:
                    stats[f"{split}: bare name pairs dropped"] += 1
                    continue
            placeholders = len(PLACEHOLDER.findall(pja))
            stats[f"{split}: pairs with placeholders"] += placeholders > 0
            stats[f"{split}: placeholders"] += placeholders
            out_ja.append(pja)
            out_en.append(pen)
        (args.out / f"{split}.ja").write_text("".join(x + "\n" for x in out_ja), encoding="utf-8")
        (args.out / f"{split}.en").write_text("".join(x + "\n" for x in out_en), encoding="utf-8")
    for path in args.prepared.iterdir():
        if path.is_file() and not (args.out / path.name).exists():
            shutil.copy2(path, args.out / path.name)
    (args.out / "placeholders.json").write_text(json.dumps(dict(stats), indent=2) + "\n")
    print(json.dumps(dict(stats), indent=2))


if __name__ == "__main__":
    main()
