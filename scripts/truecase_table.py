"""Build a model's truecasing table: words its cased training English writes capitalized.

Usage:
    python scripts/truecase_table.py --shared ../shared/data [--min-count 5] [--min-share 0.9] \
        [--out models/ja-en-small/truecase.tsv]

The embedded model writes some names and places in lower case ("Tanaka lives in tokyo."): the
Tanaka part of its training English was lower-cased at the source and only sentence-cased by
prepare_data.py ("He left tokyo for osaka."). Counting the cased part of its training English
(Tatoeba's training bucket and Coursera train), a word whose occurrences away from the start of
a sentence are capitalized at least ``--min-share`` of the time (and at least ``--min-count``
times) is listed with that form; ``Translator`` restores it in the model's output. Words that
are ordinary in lower case ("may", "will", "us") never pass, nor do words that JMdict's English
glosses use in lower case unless JMnedict also has them as a name of one word: in this small
cased sample "united" or "hub" occur mostly inside names (United States), in a translation
mostly as ordinary words, while "japan" and "china" are lacquer and porcelain in JMdict but
Japan and China in JMnedict.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prepare_data import find_jamdict_db, tatoeba_bucket  # noqa: E402

_WORD = re.compile(r"[A-Za-z][a-z]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(]\s*)$")


def casing_counts(lines: list[str]) -> dict[str, Counter[str]]:
    """Lower-cased word -> Counter of its written forms, outside sentence-initial position."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        for match in _WORD.finditer(line):
            if _SENTENCE_START.search(line[: match.start()]):
                continue
            word = match[0]
            forms[word.lower()][word] += 1
    return forms


def table(lines: list[str], *, min_count: int, min_share: float, common: frozenset[str]) -> dict[str, str]:
    out = {}
    for lower, counts in casing_counts(lines).items():
        form, count = counts.most_common(1)[0]
        total = sum(counts.values())
        frequent = count >= min_count and count / total >= min_share
        if form != lower and form[0].isupper() and frequent and lower not in common:
            out[lower] = form
    return out


def ordinary_words(db: Path) -> frozenset[str]:
    """Words JMdict's English glosses write in lower case, less the one-word names of JMnedict."""
    con = sqlite3.connect(db)
    try:
        words: set[str] = set()
        for (gloss,) in con.execute("SELECT text FROM SenseGloss"):
            words.update(re.findall(r"(?<![A-Za-z])[a-z]+", gloss))
        for (gloss,) in con.execute("SELECT text FROM NETransGloss"):
            name = re.sub(r"\s*\([^)]*\)", "", gloss).strip()
            if re.fullmatch(r"[A-Z][a-z]+", name):
                words.discard(name.lower())
    finally:
        con.close()
    return frozenset(words)


def cased_training_english(shared: Path) -> list[str]:
    tatoeba = (shared / "tatoeba" / "jpn-eng.tsv").read_text(encoding="utf-8").splitlines()
    english = [en for en in dict.fromkeys(row.partition("\t")[0] for row in tatoeba) if tatoeba_bucket(en) == "train"]
    return english + (shared / "coursera" / "train.en").read_text(encoding="utf-8").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--min-share", type=float, default=0.9)
    parser.add_argument("--out", type=Path, default=Path("models/ja-en-small/truecase.tsv"))
    args = parser.parse_args()
    db = find_jamdict_db()
    if db is None:
        raise SystemExit("jamdict-data is not installed: pip install jamdict-data")
    common = ordinary_words(db)
    lines = cased_training_english(args.shared)
    words = table(lines, min_count=args.min_count, min_share=args.min_share, common=common)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text("".join(f"{lower}\t{form}\n" for lower, form in sorted(words.items())), encoding="utf-8")
    tmp.replace(args.out)
    print(f"{args.out}: {len(words)} words")


if __name__ == "__main__":
    main()
