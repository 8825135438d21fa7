"""The Japanese sentences of the seeds with a model's translations, as Markdown tables for a
model card: produced by the pipeline (read, clean, segment, translate), never edited.

Usage:
    python scripts/seed_translations.py [--model NAME|PATH] [--seeds seeds] [--docs 001,002,003]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jaen_align.corpus.readers import read_documents
from jaen_align.pipeline import prepare_sentences
from jaen_align.text.clean import clean_documents
from jaen_align.translate.translator import Translator


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=None)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--docs", default="001,002,003", help="seed number prefixes")
    args = parser.parse_args()
    translator = Translator(args.model)
    wanted = tuple(args.docs.split(","))
    docs = [d for d in read_documents([str(args.seeds)]) if d.lang == "ja" and d.id.startswith(wanted)]
    sentences = prepare_sentences(clean_documents(docs), translator)
    for doc in docs:
        print(f"### {doc.id}\n")
        print(f"| # | Japanese | {translator.model.name} |")
        print("|---|---|---|")
        for s in sentences.get(doc.id, []):  # a document cleaning emptied has none
            print(f"| {s.idx} | {cell(s.text)} | {cell(s.mt or '')} |")
        print()


if __name__ == "__main__":
    main()
