"""Convert the averaged training run to the embedded CTranslate2 model (int8).

Usage:
    python scripts/export_model.py --run RUN --out models/ja-en-small [--quantization int8]

Reads RUN/hf (written by `train_model.py average`), converts it with CTranslate2's
TransformersConverter, copies the SentencePiece model and writes jaen-align.json; a previous
export in OUT keeps its facts, search options, set phrases, clause cut (clause_pieces),
truecasing table and card. With
``--keep-weights DIR`` the averaged PyTorch weights also go to DIR in float16 with their
tokenizer files (models/ja-en-small-train: what the next run continues from with
``--init-from``, and what bench.py runs as the PyTorch reference). Needs the [train] extra.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from ctranslate2.converters import TransformersConverter
from ctranslate2.converters import transformers as ct2_transformers


class TrainedMarianLoader(ct2_transformers.BartLoader):
    """CTranslate2's Marian loader assumes the decoder starts from a zero embedding (true of
    models trained by Marian). Ours were trained in PyTorch with tied embeddings, where the
    output projection also trains the <pad> row, so the decoder starts from <pad>'s learned
    embedding: keep that token and start from it."""

    @property
    def architecture_name(self) -> str:
        return "MarianMTModel"

    def get_model_spec(self, model):
        model.config.normalize_before = False
        model.config.normalize_embedding = False
        return super().get_model_spec(model)

    def set_config(self, config, model, tokenizer) -> None:
        config.eos_token = tokenizer.eos_token
        config.unk_token = tokenizer.unk_token
        config.decoder_start_token = tokenizer.pad_token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quantization", default="int8")
    parser.add_argument("--keep-weights", type=Path, help="also save the float16 PyTorch weights here")
    args = parser.parse_args()
    hf = args.run / "hf"
    preprocess = json.loads((hf / "preprocess.json").read_text())
    tmp = Path(tempfile.mkdtemp(dir=args.out.parent, prefix=".export-"))
    try:
        ct2_transformers._MODEL_LOADERS["MarianConfig"] = TrainedMarianLoader()
        TransformersConverter(str(hf)).convert(str(tmp / "model"), quantization=args.quantization, force=True)
        staged = tmp / "model"
        shutil.copy(hf / "source.spm", staged / "spm.model")
        names = args.run / "names.tsv"  # present when the run trained on placeholder_data.py output
        if names.is_file():
            shutil.copy(names, staged / "names.tsv")
        meta = {
            "source_spm": "spm.model",
            "target_spm": "spm.model",
            "source_prefix": [],
            "source_suffix": ["</s>"],
            "target_prefix": [],
            "ja_pretokenize": bool(preprocess.get("ja_pretokenize", False)),
            **({"placeholders": "names.tsv"} if names.is_file() else {}),
            "architecture": "marian-transformer",
            "languages": ["ja", "en"],
            "imported_from": "trained by scripts/train_model.py",
            "facts": {},
        }
        old = args.out / "jaen-align.json"
        if old.is_file():  # keep the measured facts and the card across re-exports
            previous = json.loads(old.read_text(encoding="utf-8"))
            meta["facts"] = previous.get("facts", {})
            # translation settings chosen for this model: search options, set phrases, clause cut
            for key in ("decoding", "set_phrases", "clause_pieces"):
                if key in previous:
                    meta[key] = previous[key]
            truecase = previous.get("truecase")
            if truecase and (args.out / truecase).is_file():  # built from data, not from the weights
                shutil.copy(args.out / truecase, staged / truecase)
                meta["truecase"] = truecase
        (staged / "jaen-align.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        card = args.out / "README.md"
        if card.is_file():
            shutil.copy(card, staged / "README.md")
        if args.out.exists():
            shutil.rmtree(args.out)
        staged.rename(args.out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"exported {args.out}: {sum(p.stat().st_size for p in args.out.iterdir()) / 1e6:.1f} MB")
    if args.keep_weights:
        keep_weights(args.run, args.keep_weights)


def keep_weights(run: Path, out: Path) -> None:
    """The averaged weights in float16 with the tokenizer files, replacing ``out``'s model
    files (its README is kept). The name table is not copied: it lives in the exported model
    and in the placeholder data that a continued run trains on."""
    import torch
    from transformers import MarianMTModel

    hf = run / "hf"
    model = MarianMTModel.from_pretrained(hf, dtype=torch.float32).half()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "preprocess.json"):
        shutil.copy(hf / name, out / name)
    print(f"kept float16 weights in {out}: {(out / 'model.safetensors').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
