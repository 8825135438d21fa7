"""Translation section of scripts/bench.py: the same weights through several engines.

Variants (each measured in its own process, so its peak RSS is its own):

- ``ct2-int8-b4``: the path the CLI uses, ``Translator(...).translate(lines)`` on the
  embedded int8 model, beam 4, the default batch size (8 at beam 4) (the reference);
- ``ct2-int8-b4-bs4`` / ``-bs16`` / ``-bs32``: the same in batches of 4, 16 and 32 sentences (32
  was the default until 2026-12-04); ``ct2-int8-b1-bs64``: greedy in batches of 64;
- ``ct2-int8-b4-bs1`` / ``ct2-int8-b1-bs1``: one sentence per ``translate`` call, beam 4 / greedy;
- ``ct2-int8-b4-1t``: the reference on one thread, so that ``batched_vs_single`` splits into
  what batching gains on one thread and what the second thread adds;
- ``ct2-int8-b4-bs1-inside``: one sentence per call with both threads inside it, as
  CTranslate2's own default threading (``inter_threads=1``) runs it;
- ``ct2-int8-b4-avx512`` / ``ct2-int8-b4-bs1-avx512``: batched and one at a time with
  ``CT2_FORCE_CPU_ISA=AVX512`` (CTranslate2 selects its AVX2 kernels on AVX-512 CPUs);
- ``ct2-int8-b1``: greedy, the default batch size (32 at beam 1);
- ``ct2-fp32-b4`` / ``ct2-fp32-b1``: a float32 CTranslate2 model converted from the
  training checkpoint (models/ja-en-small-train) with export_model.py's TrainedMarianLoader;
- ``torch-fp32-b1-bs32`` / ``torch-fp32-b4-bs32``: Hugging Face ``MarianMTModel.generate`` on
  the training checkpoint in float32, with the Translator's input pieces and decoding options.

Every variant normalizes, de-duplicates and length-sorts its input exactly as the Translator
does, counts target tokens with the model's SentencePiece, and warms up on a few sentences
before the timed run; the Translator's cache is cleared before every timed run.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bench_common import REPO, best, fmt, log, median, ratio, run_child, table

from jaen_align.translate.translator import BATCH_ROWS

EMBEDDED = REPO / "models" / "ja-en-small"
TRAIN_CHECKPOINT = REPO / "models" / "ja-en-small-train"
REFERENCE = "ct2-int8-b4"  # the CLI's path: beam 4, the Translator's default batch size
GREEDY = "ct2-int8-b1"
BEAM2 = "ct2-int8-b2"  # a user's faster choice (--beam 2): how the ratio moves with the beam
WARMUP_SENTENCES = 4
MAX_LENGTH = 200
# CTranslate2 options of Translator.translate, repeated for Hugging Face generate


@dataclass(frozen=True)
class Variant:
    name: str
    engine: str  # "ct2" or "torch"
    precision: str  # "int8" or "float32"
    beam: int
    batch: int  # sentences per batch; 0: the Translator's default (BATCH_ROWS // beam)
    inside: bool = False  # every thread inside one batch (CTranslate2's own default threading)
    isa: str | None = None  # CT2_FORCE_CPU_ISA for the child (CTranslate2 picks AVX2 on AVX-512 CPUs)
    threads: int | None = None  # None: the run's --threads

    @property
    def label(self) -> str:
        kind = "CTranslate2" if self.engine == "ct2" else "PyTorch HF generate"
        batch = self.batch or f"{BATCH_ROWS // self.beam} (default)"
        threads = ", threads inside the batch" if self.inside else ""
        isa = f", {self.isa} kernels" if self.isa else ""
        one = f", {self.threads} thread" + ("s" if self.threads > 1 else "") if self.threads else ""
        return f"{kind} {self.precision}, beam {self.beam}, batch {batch}{threads}{isa}{one}"


VARIANTS = {
    v.name: v
    for v in (
        Variant(REFERENCE, "ct2", "int8", 4, 0),
        Variant("ct2-int8-b4-bs4", "ct2", "int8", 4, 4),
        Variant("ct2-int8-b4-bs16", "ct2", "int8", 4, 16),
        Variant("ct2-int8-b4-bs32", "ct2", "int8", 4, 32),
        Variant("ct2-int8-b4-bs1", "ct2", "int8", 4, 1),
        Variant("ct2-int8-b4-1t", "ct2", "int8", 4, 0, threads=1),
        Variant("ct2-int8-b4-bs1-inside", "ct2", "int8", 4, 1, inside=True),
        Variant("ct2-int8-b4-avx512", "ct2", "int8", 4, 0, isa="AVX512"),
        Variant("ct2-int8-b4-bs1-avx512", "ct2", "int8", 4, 1, isa="AVX512"),
        Variant(BEAM2, "ct2", "int8", 2, 0),
        Variant("ct2-int8-b2-bs1", "ct2", "int8", 2, 1),
        Variant(GREEDY, "ct2", "int8", 1, 0),
        Variant("ct2-int8-b1-bs64", "ct2", "int8", 1, 64),
        Variant("ct2-int8-b1-bs1", "ct2", "int8", 1, 1),
        Variant("ct2-fp32-b4", "ct2", "float32", 4, 0),
        Variant("ct2-fp32-b1", "ct2", "float32", 1, 0),
        Variant("torch-fp32-b1-bs32", "torch", "float32", 1, 32),
        Variant("torch-fp32-b4-bs32", "torch", "float32", 4, 32),
    )
}


def agreement_reference(variant: Variant) -> str | None:
    """Whose outputs a variant is compared with, changing one thing at a time: another batch size
    against the default (should be identical), float32 against int8 (quantization), PyTorch against
    CTranslate2 float32 (same weights and options: greedy should be identical), greedy against
    beam 4."""
    if variant.engine == "torch":
        return f"ct2-fp32-b{variant.beam}"
    if variant.precision == "float32":
        return f"ct2-int8-b{variant.beam}"
    if variant.name in (REFERENCE, GREEDY, BEAM2):
        return None if variant.name == REFERENCE else REFERENCE
    return {4: REFERENCE, 2: BEAM2}.get(variant.beam, GREEDY)


# ------------------------------------------------------------------ inputs


def seed_japanese_sentences(seeds: Path) -> list[str]:
    """The Japanese sentences the main job translates: read, clean, segment as the pipeline does."""
    from jaen_align.corpus.readers import read_documents
    from jaen_align.pipeline import document_sentences
    from jaen_align.text.clean import clean_documents

    docs = clean_documents(read_documents([str(seeds)]))
    return [s.text for doc in docs if doc.lang == "ja" for s in document_sentences(doc)]


def build_inputs(shared: Path, seeds: Path, n: int) -> dict[str, list[str]]:
    coursera = (shared / "coursera" / "test.ja").read_text(encoding="utf-8").splitlines()[:n]
    return {"coursera-test": coursera, "seeds": seed_japanese_sentences(seeds)}


# ------------------------------------------------------------------ engines (child side)


class Ct2Engine:
    def __init__(self, model: Path, variant: Variant, threads: int) -> None:
        from jaen_align.translate.translator import Translator

        self.translator = Translator(
            model,
            beam_size=variant.beam,
            batch_size=variant.batch or None,
            threads=threads,
            inter_threads=1 if variant.inside else None,
        )

    def clear(self) -> None:
        clear = getattr(self.translator, "clear_cache", None)
        if callable(clear):
            clear()
        else:
            self.translator._cache.clear()

    def translate(self, lines: Sequence[str]) -> list[str]:
        if self.translator.batch_size == 1:  # one call per sentence, as a caller without batching would
            return [self.translator.translate([line])[0] for line in lines]
        return self.translator.translate(lines)


def _codec(model: Path) -> Any:
    """Something ``Translator.encode`` / ``decode`` accept, without loading a CTranslate2 model
    (which would add to the PyTorch variant's RSS); a full Translator if they need more."""
    import sentencepiece as spm

    from jaen_align.translate.models import resolve_model
    from jaen_align.translate.translator import Translator

    info = resolve_model(model)
    sp = spm.SentencePieceProcessor(model_file=str(info.source_spm))
    shim = SimpleNamespace(model=info, _src_sp=sp, _tgt_sp=sp, max_input_length=MAX_LENGTH)
    try:
        Translator.encode(shim, "テスト。")
        Translator.decode(shim, ["▁test"])
    except AttributeError:
        log("  (Translator.encode needs a loaded Translator: the PyTorch RSS includes the int8 model)")
        real = Translator(model, threads=1)
        return SimpleNamespace(encode=real.encode, decode=real.decode)
    return SimpleNamespace(encode=lambda t: Translator.encode(shim, t), decode=lambda p: Translator.decode(shim, p))


class TorchEngine:
    def __init__(self, checkpoint: Path, model: Path, variant: Variant, threads: int) -> None:
        import torch
        from transformers import MarianMTModel

        torch.set_num_threads(threads)
        self.torch = torch
        self.variant = variant
        self.model = MarianMTModel.from_pretrained(str(checkpoint), dtype=torch.float32).eval()
        vocab: dict[str, int] = json.loads((checkpoint / "vocab.json").read_text(encoding="utf-8"))
        self.ids = vocab
        self.pieces = {i: p for p, i in vocab.items()}
        config = self.model.config
        self.pad = int(config.pad_token_id)
        self.eos = int(config.eos_token_id)
        self.unk = vocab["<unk>"]
        self.codec = _codec(model)
        from jaen_align.translate.models import resolve_model
        from jaen_align.translate.translator import DEFAULT_DECODING

        # the search options and placeholders the CTranslate2 path uses for this model
        info = resolve_model(model)
        self.decoding = {**DEFAULT_DECODING, **info.decoding}
        from jaen_align.translate.models import load_table

        self.names = load_table(info.name_table) if info.name_table else None

    def clear(self) -> None:
        pass

    def _batch(self, texts: Sequence[str]) -> list[str]:
        from jaen_align.translate.placeholders import Protected, protect, restore

        torch = self.torch
        guarded = [protect(t, self.names) if self.names is not None else Protected(t, ()) for t in texts]
        rows = [[self.ids.get(p, self.unk) for p in self.codec.encode(g.text)] for g in guarded]
        width = max(len(r) for r in rows)
        input_ids = torch.tensor([r + [self.pad] * (width - len(r)) for r in rows])
        mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
        with torch.inference_mode():
            generated = self.model.generate(
                input_ids=input_ids,
                attention_mask=mask,
                num_beams=self.variant.beam,
                do_sample=False,
                max_length=MAX_LENGTH,
                decoder_start_token_id=self.pad,
                repetition_penalty=self.decoding["repetition_penalty"],
                no_repeat_ngram_size=int(self.decoding["no_repeat_ngram_size"]),
                length_penalty=self.decoding["length_penalty"],
            )
        out = []
        for row, guard in zip(generated.tolist(), guarded, strict=True):
            ids = row[1:]  # the decoder start token
            if self.eos in ids:
                ids = ids[: ids.index(self.eos)]
            out.append(restore(self.codec.decode([self.pieces[i] for i in ids if i != self.pad]), guard.values))
        return out

    def translate(self, lines: Sequence[str]) -> list[str]:
        from jaen_align.text.normalize import normalize_text

        normalized = [normalize_text(t).replace("\n", " ") for t in lines]
        todo = sorted({t for t in normalized if t}, key=len)
        done: dict[str, str] = {}
        for start in range(0, len(todo), self.variant.batch):
            batch = todo[start : start + self.variant.batch]
            done.update(zip(batch, self._batch(batch), strict=True))
        return [done.get(t, "") if t else "" for t in normalized]


def run_variant(name: str, inputs_file: Path, fp32_model: Path | None, threads: int) -> dict[str, Any]:
    """Child: load one variant, warm it up, translate every input set once, timed."""
    import sentencepiece as spm

    from jaen_align.text.normalize import normalize_text

    variant = VARIANTS[name]
    inputs: dict[str, list[str]] = json.loads(inputs_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    if variant.engine == "torch":
        engine: Ct2Engine | TorchEngine = TorchEngine(TRAIN_CHECKPOINT, EMBEDDED, variant, threads)
    else:
        if variant.precision == "float32" and fp32_model is None:
            raise SystemExit("float32 CTranslate2 variant needs --fp32-model")
        engine = Ct2Engine(fp32_model if variant.precision == "float32" else EMBEDDED, variant, threads)
    load_seconds = time.perf_counter() - start
    sp = spm.SentencePieceProcessor(model_file=str(EMBEDDED / "spm.model"))
    first = next(iter(inputs.values()))
    engine.translate(first[:WARMUP_SENTENCES])
    results = {}
    for dataset, lines in inputs.items():
        engine.clear()
        t0, cpu0 = time.perf_counter(), time.process_time()
        outputs = engine.translate(lines)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        results[dataset] = {
            "sentences": len(lines),
            "distinct": len({normalize_text(t).replace("\n", " ") for t in lines if t.strip()}),
            "seconds": round(seconds, 4),
            "cpu_seconds": round(cpu, 4),  # all threads; spin-waiting OpenMP threads count too
            "target_tokens": sum(len(sp.encode(o)) for o in outputs),
            "outputs": outputs,
        }
    return {"variant": name, "load_seconds": round(load_seconds, 3), "datasets": results}


def convert_fp32(out_dir: Path) -> dict[str, Any]:
    """Child: convert the training checkpoint to a float32 CTranslate2 model with the loader
    the embedded model was exported with, and add the embedded model's spm and metadata."""
    from ctranslate2.converters import TransformersConverter
    from ctranslate2.converters import transformers as ct2_transformers
    from export_model import TrainedMarianLoader

    start = time.perf_counter()
    ct2_transformers._MODEL_LOADERS["MarianConfig"] = TrainedMarianLoader()
    TransformersConverter(str(TRAIN_CHECKPOINT)).convert(str(out_dir), quantization="float32", force=True)
    for name in ("spm.model", "jaen-align.json", "names.tsv", "truecase.tsv"):
        if (EMBEDDED / name).is_file():
            shutil.copy(EMBEDDED / name, out_dir / name)
    size_mb = (out_dir / "model.bin").stat().st_size / 1e6
    return {"seconds": round(time.perf_counter() - start, 2), "model_mb": round(size_mb, 1)}


# ------------------------------------------------------------------ orchestration (parent side)


def _summarize(name: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in runs if r["status"] == "ok"]
    summary: dict[str, Any] = {
        "label": VARIANTS[name].label,
        "engine": VARIANTS[name].engine,
        "precision": VARIANTS[name].precision,
        "beam": VARIANTS[name].beam,
        "batch": VARIANTS[name].batch,
        "runs": len(ok),
        "errors": [r.get("error") or r["status"] for r in runs if r["status"] != "ok"],
    }
    if not ok:
        return summary
    summary["load_seconds"] = best([r["load_seconds"] for r in ok])
    summary["load_seconds_all"] = [r["load_seconds"] for r in ok]
    summary["peak_rss_mb"] = max(r["peak_rss_mb"] for r in ok)
    summary["process_cpu_seconds_all"] = [r["cpu_seconds"] for r in ok]
    summary["process_wall_seconds_all"] = [r["wall_seconds"] for r in ok]
    summary["datasets"] = {}
    for dataset in ok[0]["datasets"]:
        secs = [r["datasets"][dataset]["seconds"] for r in ok]
        d0 = ok[0]["datasets"][dataset]
        fastest = min(secs)
        summary["datasets"][dataset] = {
            "sentences": d0["sentences"],
            "distinct": d0.get("distinct"),
            "target_tokens": d0["target_tokens"],
            "seconds_all": secs,
            "cpu_seconds_all": [r["datasets"][dataset]["cpu_seconds"] for r in ok],
            "seconds_best": fastest,
            "seconds_median": median(secs),
            "sentences_per_s": round(d0["sentences"] / fastest, 2),
            "target_tokens_per_s": round(d0["target_tokens"] / fastest, 1),
            "sentences_per_s_median": round(d0["sentences"] / median(secs), 2),
        }
    return summary


def _agreement(summaries: dict[str, dict[str, Any]], outputs: dict[str, dict[str, list[str]]]) -> None:
    for name, summary in summaries.items():
        ref = agreement_reference(VARIANTS[name])
        if ref is None or ref not in outputs or name not in outputs:
            continue
        for dataset, mine in outputs[name].items():
            theirs = outputs[ref].get(dataset)
            if theirs and "datasets" in summary:
                same = sum(a == b for a, b in zip(mine, theirs, strict=True))
                summary["datasets"][dataset]["identical_to"] = ref
                summary["datasets"][dataset]["identical_share"] = round(same / max(1, len(mine)), 3)


def _sps(summaries: dict[str, dict[str, Any]], name: str, dataset: str) -> float | None:
    return summaries.get(name, {}).get("datasets", {}).get(dataset, {}).get("sentences_per_s")


def ratios(summaries: dict[str, dict[str, Any]], dataset: str) -> dict[str, float | None]:
    """Sentences/s ratios, named as "<faster candidate>_vs_<alternative>"."""

    def r(a: str, b: str) -> float | None:
        return ratio(_sps(summaries, a, dataset), _sps(summaries, b, dataset))

    return {
        # issue 6: "throughput of a over b, greedy": the batched int8 path against PyTorch, both greedy
        "ct2_vs_torch": r(GREEDY, "torch-fp32-b1-bs32"),
        "ct2_vs_torch_beam4": r(REFERENCE, "torch-fp32-b4-bs32"),
        "ct2_beam4_vs_torch_greedy": r(REFERENCE, "torch-fp32-b1-bs32"),
        "ct2_fp32_vs_torch_fp32_beam4": r("ct2-fp32-b4", "torch-fp32-b4-bs32"),
        # issue 6: a over c, the CLI's search (beam 4) on both sides
        "batched_vs_single": r(REFERENCE, "ct2-int8-b4-bs1"),
        # batched_vs_single = (batching on one thread) x (the second thread on batches)
        "batched_vs_single_one_thread": r("ct2-int8-b4-1t", "ct2-int8-b4-bs1"),
        "two_threads_vs_one_batched": r(REFERENCE, "ct2-int8-b4-1t"),
        "batched_vs_single_greedy": r(GREEDY, "ct2-int8-b1-bs1"),
        "batched_vs_single_beam2": r(BEAM2, "ct2-int8-b2-bs1"),
        "default_batch_vs_bs32_beam4": r(REFERENCE, "ct2-int8-b4-bs32"),
        "batched_vs_single_threads_inside": r(REFERENCE, "ct2-int8-b4-bs1-inside"),
        "batched_vs_single_avx512": r("ct2-int8-b4-avx512", "ct2-int8-b4-bs1-avx512"),
        "avx512_vs_avx2_beam4": r("ct2-int8-b4-avx512", REFERENCE),
        "int8_vs_fp32": r(REFERENCE, "ct2-fp32-b4"),
        "int8_vs_fp32_greedy": r(GREEDY, "ct2-fp32-b1"),
        "beam1_vs_beam4": r(GREEDY, REFERENCE),
        "beam2_vs_beam4": r(BEAM2, REFERENCE),
    }


def bench_translate(
    *, shared: Path, seeds: Path, n: int, threads: int, repeat: int, variants: Sequence[str], timeout: float | None
) -> dict[str, Any]:
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise SystemExit(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    inputs = build_inputs(shared, seeds, n)
    tmp = Path(tempfile.mkdtemp(prefix="jaen-bench-"))
    try:
        inputs_file = tmp / "inputs.json"
        inputs_file.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        extra: list[str] = []
        conversion = None
        if any(VARIANTS[v].engine == "ct2" and VARIANTS[v].precision == "float32" for v in variants):
            log("translate: converting models/ja-en-small-train to float32 CTranslate2")
            conversion = run_child(["_convert", "--out", str(tmp / "fp32")], timeout=timeout)
            if conversion["status"] == "ok":
                extra = ["--fp32-model", str(tmp / "fp32")]
            else:
                log(f"  conversion failed: {conversion.get('error')}")
        runs: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
        for rep in range(repeat):
            order = list(variants) if rep % 2 == 0 else list(reversed(variants))  # interleaved, alternating
            for name in order:
                log(f"translate: round {rep + 1}/{repeat} {name}")
                child_threads = VARIANTS[name].threads or threads
                args = ["_variant", name, "--inputs", str(inputs_file), "--threads", str(child_threads), *extra]
                isa = VARIANTS[name].isa
                runs[name].append(run_child(args, timeout=timeout, env={"CT2_FORCE_CPU_ISA": isa} if isa else None))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summaries = {name: _summarize(name, rs) for name, rs in runs.items()}
    outputs = {
        name: {d: v["outputs"] for d, v in next(r for r in rs if r["status"] == "ok")["datasets"].items()}
        for name, rs in runs.items()
        if any(r["status"] == "ok" for r in rs)
    }
    _agreement(summaries, outputs)
    return {
        "settings": {
            "n": n,
            "threads": threads,
            "repeat": repeat,
            "statistic": "best of repeats (fastest run); medians alongside",
            "inputs": {d: len(lines) for d, lines in inputs.items()},
            "float32_ct2": "converted from models/ja-en-small-train (float16 checkpoint) with "
            "export_model.TrainedMarianLoader, quantization float32",
            "torch": f"MarianMTModel float32, generate(max_length={MAX_LENGTH}, decoder_start=pad, "
            "and the model's search options as the CTranslate2 path uses them)",
        },
        "conversion": conversion,
        "variants": summaries,
        "ratios": {dataset: ratios(summaries, dataset) for dataset in inputs},
    }


def render(section: dict[str, Any]) -> str:
    settings = section["settings"]
    lines = [
        f"## translate: {', '.join(f'{d} ({k} sentences)' for d, k in settings['inputs'].items())}; "
        f"{settings['threads']} threads; best of {settings['repeat']}",
    ]
    datasets = list(settings["inputs"])
    for dataset in datasets:
        rows = []
        for name, s in section["variants"].items():
            d = s.get("datasets", {}).get(dataset)
            if d is None:
                rows.append([name, s["label"], "-", "-", "-", "-", "-", "; ".join(map(str, s["errors"]))[:60]])
                continue
            agree = f"{d['identical_share']:.0%} vs {d['identical_to']}" if "identical_share" in d else ""
            rows.append(
                [
                    name,
                    s["label"],
                    d["sentences_per_s"],
                    round(d["target_tokens_per_s"]),
                    d["seconds_best"],
                    s["load_seconds"],
                    round(s["peak_rss_mb"]),
                    agree,
                ]
            )
        lines.append(f"\n{dataset}:")
        lines.append(table(["variant", "", "sent/s", "tok/s", "seconds", "load s", "RSS MB", "identical"], rows))
    lines.append("\nratios (sentences/s):")
    rows = [[key, *(fmt(section["ratios"][d][key], 2) for d in datasets)] for key in section["ratios"][datasets[0]]]
    lines.append(table(["", *datasets], rows))
    conv = section.get("conversion")
    if conv and conv.get("status") == "ok":
        lines.append(f"\nfloat32 model: {settings['float32_ct2']} ({conv['seconds']} s, {conv['model_mb']} MB)")
    lines.append(f"PyTorch: {settings['torch']}")
    return "\n".join(lines)
