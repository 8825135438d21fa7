"""A tiny random-weight CTranslate2 Transformer with a real SentencePiece model, for wiring tests.

It translates nonsense, by design: tests that use it check plumbing (batching, caching,
line counts, metadata), never translation quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.specs import attention_spec, common_spec, transformer_spec

D_MODEL = 16
FFN = 32


def _fill(layer: object, rng: np.random.Generator, vocab: int) -> None:
    """Give every required weight of a spec random values of the right shape."""
    if isinstance(layer, common_spec.LayerNormSpec):
        layer.gamma = np.ones(D_MODEL, dtype=np.float32)
        layer.beta = np.zeros(D_MODEL, dtype=np.float32)
        return
    if isinstance(layer, common_spec.EmbeddingsSpec):
        layer.weight = rng.normal(0, 0.5, (vocab, D_MODEL)).astype(np.float32)
        return
    if isinstance(layer, attention_spec.MultiHeadAttentionSpec):
        shapes = [(3 * D_MODEL, D_MODEL), (D_MODEL, D_MODEL)]
        if len(layer.linear) == 3:  # encoder-decoder attention: query, fused key/value, output
            shapes = [(D_MODEL, D_MODEL), (2 * D_MODEL, D_MODEL), (D_MODEL, D_MODEL)]
        for linear, shape in zip(layer.linear, shapes, strict=True):
            linear.weight = rng.normal(0, 0.3, shape).astype(np.float32)
            linear.bias = np.zeros(shape[0], dtype=np.float32)
        _fill(layer.layer_norm, rng, vocab)
        return
    if isinstance(layer, transformer_spec.FeedForwardSpec):
        layer.linear_0.weight = rng.normal(0, 0.3, (FFN, D_MODEL)).astype(np.float32)
        layer.linear_0.bias = np.zeros(FFN, dtype=np.float32)
        layer.linear_1.weight = rng.normal(0, 0.3, (D_MODEL, FFN)).astype(np.float32)
        layer.linear_1.bias = np.zeros(D_MODEL, dtype=np.float32)
        _fill(layer.layer_norm, rng, vocab)
        return
    if isinstance(layer, common_spec.LinearSpec):  # output projection
        layer.weight = rng.normal(0, 0.5, (vocab, D_MODEL)).astype(np.float32)
        layer.bias = np.zeros(vocab, dtype=np.float32)
        return
    for value in vars(layer).values():
        if isinstance(value, list):
            for item in value:
                _fill(item, rng, vocab)
        elif hasattr(value, "__dict__") and not isinstance(value, np.generic | type):
            _fill(value, rng, vocab)


def build_tiny_model(out_dir: Path, training_text: list[str], seed: int = 0) -> Path:
    """Train a small SentencePiece model on ``training_text`` and save a random 1+1 layer
    Transformer over its vocabulary, with the jaen-align metadata beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / "corpus.txt"
    corpus.write_text("\n".join(training_text) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(out_dir / "spm"),
        vocab_size=1000,
        model_type="unigram",
        character_coverage=0.98,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
        hard_vocab_limit=False,
    )
    corpus.unlink()
    sp = spm.SentencePieceProcessor(model_file=str(out_dir / "spm.model"))
    vocab = ["<blank>", "<s>"] + [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    spec = transformer_spec.TransformerSpec.from_config((1, 1), 2)
    _fill(spec, np.random.default_rng(seed), len(vocab))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.add_source_bos = False
    spec.config.add_source_eos = False
    model_dir = out_dir / "model"
    spec.validate()
    spec.optimize(quantization="int8")
    model_dir.mkdir(exist_ok=True)
    spec.save(str(model_dir))
    (out_dir / "spm.model").replace(model_dir / "spm.model")
    (out_dir / "spm.vocab").unlink()
    meta = {"source_spm": "spm.model", "target_spm": "spm.model", "architecture": "tiny-random-transformer"}
    (model_dir / "jaen-align.json").write_text(json.dumps(meta), encoding="utf-8")
    ctranslate2.Translator(str(model_dir))  # fails here, not in the test, if the spec is incomplete
    return model_dir
