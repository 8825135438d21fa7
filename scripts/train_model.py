"""Train the embedded Japanese->English model: a small Marian Transformer on 2 CPU cores.

Usage:
    python scripts/train_model.py spm   --data DIR --out RUN [--vocab 12000] [--pretok]
    python scripts/train_model.py train --data DIR --out RUN [--budget-minutes 100] [--resume]
    python scripts/train_model.py average --out RUN [--last 5]

`spm` trains one joint SentencePiece model on the training text (Japanese optionally
pre-segmented with fugashi, exactly as the package's translator would do at run time).
`train` builds a MarianMTModel from a config, trains with label smoothing, warm-up then
inverse-square-root decay, optional bf16 autocast, dev chrF every --eval-every steps,
checkpoints every --save-every steps (the last K kept), resumable with --resume, and stops
at the wall-clock budget. `average` averages the last K checkpoints and writes a Hugging
Face model directory (with the Marian tokenizer files) that scripts/export_model.py turns
into the CTranslate2 model. Logs go to RUN/train.log. Needs the [train] extra.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import shutil
import time
from pathlib import Path

import sacrebleu
import sentencepiece as spm
import torch
from transformers import MarianConfig, MarianMTModel

log = logging.getLogger("train")


def setup_logging(run: Path) -> None:
    run.mkdir(parents=True, exist_ok=True)
    handlers = [logging.FileHandler(run / "train.log"), logging.StreamHandler()]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", handlers=handlers)


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def pretokenize(lines: list[str]) -> list[str]:
    from jaen_align.text.tokenize import pretokenize_for_mt

    return [pretokenize_for_mt(line) for line in lines]


# ---------------------------------------------------------------- SentencePiece
def train_spm(lines: list[str], prefix: Path, vocab: int) -> spm.SentencePieceProcessor:
    """One joint unigram model over ``lines``: ``prefix``.model (eos 0, unk 1, no bos/pad)."""
    corpus = prefix.with_name(prefix.name + "-corpus.txt")
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab,
        model_type="unigram",
        character_coverage=0.9995,
        eos_id=0,
        unk_id=1,
        bos_id=-1,
        pad_id=-1,
        input_sentence_size=400000,
        shuffle_input_sentence=True,
        num_threads=2,
        byte_fallback=False,
    )
    corpus.unlink()
    return spm.SentencePieceProcessor(model_file=f"{prefix}.model")


def cmd_spm(args: argparse.Namespace) -> None:
    setup_logging(args.out)
    ja = read(args.data / "train.ja")
    en = read(args.data / "train.en")
    if args.pretok:
        ja = pretokenize(ja)
    train_spm(ja + en, args.out / "spm", args.vocab)
    (args.out / "preprocess.json").write_text(json.dumps({"ja_pretokenize": bool(args.pretok)}) + "\n")
    log.info("spm trained: %s", args.out / "spm.model")


# ---------------------------------------------------------------- data
class Encoder:
    def __init__(self, run: Path) -> None:
        self.sp = spm.SentencePieceProcessor(model_file=str(run / "spm.model"))
        self.pretok = json.loads((run / "preprocess.json").read_text())["ja_pretokenize"]
        self.eos = 0
        self.pad = self.sp.get_piece_size()  # Marian convention: <pad> is the last id

    def encode_ja(self, lines: list[str], max_len: int) -> list[list[int]]:
        if self.pretok:
            lines = pretokenize(lines)
        return [ids[: max_len - 1] + [self.eos] for ids in self.sp.encode(lines)]

    def encode_en(self, lines: list[str], max_len: int) -> list[list[int]]:
        return [ids[: max_len - 1] + [self.eos] for ids in self.sp.encode(lines)]

    def decode(self, ids: list[int]) -> str:
        return self.sp.decode([i for i in ids if i not in (self.eos, self.pad)])


def make_batches(src: list[list[int]], tgt: list[list[int]], max_tokens: int, rnd: random.Random) -> list[list[int]]:
    order = sorted(range(len(src)), key=lambda i: (len(src[i]), len(tgt[i]), rnd.random()))
    batches, batch, longest = [], [], 0
    for i in order:
        longest_new = max(longest, len(src[i]), len(tgt[i]))
        if batch and longest_new * (len(batch) + 1) > max_tokens:
            batches.append(batch)
            batch, longest_new = [], max(len(src[i]), len(tgt[i]))
        batch.append(i)
        longest = longest_new
    if batch:
        batches.append(batch)
    rnd.shuffle(batches)
    return batches


def pad_batch(seqs: list[list[int]], pad: int) -> torch.Tensor:
    width = max(len(s) for s in seqs)
    return torch.tensor([s + [pad] * (width - len(s)) for s in seqs], dtype=torch.long)


# ---------------------------------------------------------------- model
def build_config(enc: Encoder, args: argparse.Namespace) -> MarianConfig:
    vocab = enc.pad + 1
    return MarianConfig(
        vocab_size=vocab,
        decoder_vocab_size=vocab,
        d_model=args.d_model,
        encoder_layers=args.enc_layers,
        decoder_layers=args.dec_layers,
        encoder_attention_heads=args.heads,
        decoder_attention_heads=args.heads,
        encoder_ffn_dim=args.ffn,
        decoder_ffn_dim=args.ffn,
        dropout=args.dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="swish",
        max_position_embeddings=256,
        scale_embedding=True,
        pad_token_id=enc.pad,
        eos_token_id=enc.eos,
        decoder_start_token_id=enc.pad,
        forced_eos_token_id=enc.eos,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        num_beams=1,
        max_length=128,
        bad_words_ids=[[enc.pad]],
    )


def lr_at(step: int, args: argparse.Namespace) -> float:
    step = max(step, 1)
    return args.lr * min(step / args.warmup, math.sqrt(args.warmup / step))


def greedy_translate(model: MarianMTModel, enc: Encoder, lines: list[str], batch: int = 64) -> list[str]:
    model.eval()
    out: list[str] = []
    with torch.inference_mode():
        for i in range(0, len(lines), batch):
            ids = enc.encode_ja(lines[i : i + batch], 128)
            x = pad_batch(ids, enc.pad)
            gen = model.generate(input_ids=x, attention_mask=(x != enc.pad).long(), num_beams=1, max_new_tokens=96)
            out.extend(enc.decode(row.tolist()) for row in gen)
    model.train()
    return out


def save_checkpoint(run: Path, step: int, model, optimizer, keep: int) -> None:
    ckpt_dir = run / "checkpoints"
    ckpt_dir.mkdir(exist_ok=True)
    path = ckpt_dir / f"step-{step:07d}.pt"
    tmp = path.with_suffix(".tmp")
    torch.save({"step": step, "model": model.state_dict(), "optimizer": optimizer.state_dict()}, tmp)
    tmp.rename(path)
    for old in sorted(ckpt_dir.glob("step-*.pt"))[:-keep]:
        old.unlink()


def cmd_train(args: argparse.Namespace) -> None:
    setup_logging(args.out)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    enc = Encoder(args.out)
    src = enc.encode_ja(read(args.data / "train.ja"), args.max_len)
    tgt = enc.encode_en(read(args.data / "train.en"), args.max_len)
    log.info("training pairs: %d, src tokens %d, tgt tokens %d", len(src), sum(map(len, src)), sum(map(len, tgt)))
    dev_ja = read(args.data / "dev.ja")
    dev_en = read(args.data / "dev.en")
    pick = random.Random(0).sample(range(len(dev_ja)), min(args.dev_size, len(dev_ja)))
    dev_ja, dev_en = [dev_ja[i] for i in pick], [dev_en[i] for i in pick]

    config = build_config(enc, args)
    config_path = args.out / "config.json"
    if not config_path.exists():
        config.to_json_file(config_path)
    model = MarianMTModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=0.0)
    step = 0
    ckpts = sorted((args.out / "checkpoints").glob("step-*.pt")) if args.resume else []
    if args.init_from and not ckpts:
        # warm start from a saved model directory (e.g. the committed training weights);
        # the optimizer starts fresh, the learning-rate schedule continues from --start-step
        warm = MarianMTModel.from_pretrained(args.init_from)
        model.load_state_dict(warm.state_dict())
        step = args.start_step
        log.info("initialized from %s, schedule at step %d", args.init_from, step)
    if ckpts:
        state = torch.load(ckpts[-1], map_location="cpu")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step = state["step"]
        log.info("resumed from %s", ckpts[-1])
    n_params = sum(p.numel() for p in model.parameters())
    log.info("parameters: %d", n_params)
    model.train()
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=args.label_smoothing)
    start = time.time()
    deadline = start + args.budget_minutes * 60
    tokens_seen = 0
    epoch = 0
    done = False
    while not done:
        epoch += 1
        for batch in make_batches(src, tgt, args.max_tokens, random.Random(args.seed + epoch + step)):
            x = pad_batch([src[i] for i in batch], enc.pad)
            y = pad_batch([tgt[i] for i in batch], enc.pad)
            decoder_in = torch.cat([torch.full((y.shape[0], 1), enc.pad), y[:, :-1]], dim=1)
            labels = y.masked_fill(y == enc.pad, -100)
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step + 1, args)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(
                    input_ids=x,
                    attention_mask=(x != enc.pad).long(),
                    decoder_input_ids=decoder_in,
                    decoder_attention_mask=(decoder_in != enc.pad).long().index_fill(1, torch.tensor([0]), 1),
                ).logits
            loss = loss_fn(logits.float().view(-1, logits.shape[-1]), labels.view(-1))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1
            tokens_seen += int((labels != -100).sum())
            if step % args.log_every == 0:
                elapsed = time.time() - start
                log.info(
                    "epoch %d step %d loss %.3f lr %.2e tgt_tok/s %.0f elapsed %.1f min",
                    epoch,
                    step,
                    loss.item(),
                    lr_at(step, args),
                    tokens_seen / elapsed,
                    elapsed / 60,
                )
            if step % args.save_every == 0:
                save_checkpoint(args.out, step, model, optimizer, args.keep)
            if step % args.eval_every == 0:
                hyp = greedy_translate(model, enc, dev_ja)
                chrf = sacrebleu.corpus_chrf(hyp, [dev_en]).score
                bleu = sacrebleu.corpus_bleu(hyp, [dev_en]).score
                log.info("dev step %d chrF %.2f BLEU %.2f | %s", step, chrf, bleu, hyp[0])
            if time.time() > deadline or step >= args.max_steps:
                done = True
                break
    save_checkpoint(args.out, step, model, optimizer, args.keep)
    log.info("training stopped at step %d after %.1f min", step, (time.time() - start) / 60)


def cmd_average(args: argparse.Namespace) -> None:
    setup_logging(args.out)
    ckpts = sorted((args.out / "checkpoints").glob("step-*.pt"))[-args.last :]
    if not ckpts:
        raise SystemExit(f"no checkpoints in {args.out / 'checkpoints'}")
    avg: dict[str, torch.Tensor] = {}
    for path in ckpts:
        state = torch.load(path, map_location="cpu")["model"]
        for name, tensor in state.items():
            if tensor.is_floating_point():
                avg[name] = avg.get(name, torch.zeros_like(tensor)) + tensor / len(ckpts)
            else:
                avg[name] = tensor
    config = MarianConfig.from_json_file(args.out / "config.json")
    model = MarianMTModel(config)
    model.load_state_dict(avg)
    hf_dir = args.out / "hf"
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    model.save_pretrained(hf_dir, safe_serialization=True)
    write_marian_tokenizer(args.out, hf_dir)
    log.info("averaged %s into %s", [p.name for p in ckpts], hf_dir)


def write_marian_tokenizer(run: Path, hf_dir: Path) -> None:
    """The Marian tokenizer files CTranslate2's converter reads: one joint vocabulary."""
    sp = spm.SentencePieceProcessor(model_file=str(run / "spm.model"))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    vocab["<pad>"] = sp.get_piece_size()
    (hf_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(run / "spm.model", hf_dir / "source.spm")
    shutil.copy(run / "spm.model", hf_dir / "target.spm")
    (hf_dir / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "MarianTokenizer",
                "source_lang": "ja",
                "target_lang": "en",
                "eos_token": "</s>",
                "unk_token": "<unk>",
                "pad_token": "<pad>",
                "model_max_length": 256,
                "separate_vocabs": False,
            }
        )
    )
    shutil.copy(run / "preprocess.json", hf_dir / "preprocess.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("spm")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--vocab", type=int, default=12000)
    p.add_argument("--pretok", action="store_true", help="segment Japanese with fugashi before SentencePiece")
    p.set_defaults(func=cmd_spm)

    p = sub.add_parser("train")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--d-model", type=int, default=256)
    p.add_argument("--enc-layers", type=int, default=6)
    p.add_argument("--dec-layers", type=int, default=3)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ffn", type=int, default=1024)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=800)
    p.add_argument("--max-tokens", type=int, default=3000, help="padded tokens per batch side")
    p.add_argument("--max-len", type=int, default=96)
    p.add_argument("--max-steps", type=int, default=10**9)
    p.add_argument("--budget-minutes", type=float, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--bf16", action="store_true")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--save-every", type=int, default=250)
    p.add_argument("--eval-every", type=int, default=1000)
    p.add_argument("--dev-size", type=int, default=200)
    p.add_argument("--keep", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--init-from", type=Path, help="a Hugging Face model directory to start from")
    p.add_argument("--start-step", type=int, default=0, help="with --init-from: where the LR schedule resumes")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("average")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--last", type=int, default=5)
    p.set_defaults(func=cmd_average)

    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
