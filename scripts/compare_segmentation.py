"""Plain SentencePiece on NFKC text against MeCab (fugashi) words first, then SentencePiece.

Usage:
    python scripts/compare_segmentation.py --data PREPARED --work DIR [--vocab 12000]

Trains one joint unigram model per variant on the prepared training data (as
``train_model.py spm`` does, with and without ``--pretok``) and measures both on the held-out
Japanese (Tatoeba test and Coursera test): pieces per sentence (sequence length is what the
Transformer pays for), pieces that cut across a MeCab word boundary (a piece holding the end
of one word and the start of the next), the share of the vocabulary spent on Japanese, and
English pieces per sentence (the joint vocabulary is shared). It is a proxy: the decisive
number is BLEU after training one model per variant, which costs two training runs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import sentencepiece as spm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_model import pretokenize, train_spm  # noqa: E402

from jaen_align.text.tokenize import mecab_words  # noqa: E402

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def word_boundaries(text: str) -> set[int]:
    """Character offsets in ``text`` (spaces removed) where a MeCab word ends."""
    ends, pos = set(), 0
    for word in mecab_words(text):
        pos += len(word.surface)
        ends.add(pos)
    return ends


def crossing_pieces(sp: spm.SentencePieceProcessor, text: str, pretok: bool) -> tuple[int, int]:
    """(pieces, pieces spanning a MeCab word boundary) of one Japanese sentence."""
    source = pretokenize([text])[0] if pretok else text
    pieces = [p.replace("\u2581", "").replace(" ", "") for p in sp.encode(source, out_type=str)]
    squashed = text.replace(" ", "")
    boundaries = word_boundaries(squashed)
    crossing, pos = 0, 0
    for piece in pieces:
        start, end = pos, pos + len(piece)
        if any(start < b < end for b in boundaries):
            crossing += 1
        pos = end
    return len(pieces), crossing


def measure(sp: spm.SentencePieceProcessor, ja: list[str], en: list[str], pretok: bool) -> dict[str, float]:
    pieces = crossing = 0
    for line in ja:
        p, c = crossing_pieces(sp, line, pretok)
        pieces += p
        crossing += c
    en_pieces = sum(len(ids) for ids in sp.encode(en))
    japanese_vocab = sum(1 for i in range(sp.get_piece_size()) if _JAPANESE.search(sp.id_to_piece(i)))
    return {
        "ja_pieces_per_sentence": round(pieces / len(ja), 2),
        "ja_pieces_crossing_word_boundaries_pct": round(100 * crossing / max(1, pieces), 2),
        "en_pieces_per_sentence": round(en_pieces / len(en), 2),
        "japanese_share_of_vocabulary_pct": round(100 * japanese_vocab / sp.get_piece_size(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="prepare_data.py output")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--vocab", type=int, default=12000)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    def read(name: str) -> list[str]:
        return (args.data / name).read_text(encoding="utf-8").splitlines()

    train_ja, train_en = read("train.ja"), read("train.en")
    held_ja = read("test-tatoeba.ja") + read("test-coursera.ja")
    held_en = read("test-tatoeba.en") + read("test-coursera.en")
    report = {}
    for name, pretok in (("plain", False), ("mecab", True)):
        ja = pretokenize(train_ja) if pretok else train_ja
        sp = train_spm(ja + train_en, args.work / f"spm-{name}", args.vocab)
        report[name] = measure(sp, held_ja, held_en, pretok)
        print(name, json.dumps(report[name]), flush=True)
    (args.work / "segmentation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
