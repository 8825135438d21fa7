"""The signature of an alignment run: what produced a corpus's scores, in the report and in the
TMX header, changing when (and only when) what it names changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from conftest import SEEDS
from lxml import etree

import jaen_align
from jaen_align.align.features import default_scorer
from jaen_align.align.lexicon import LearnedTable
from jaen_align.cli import main
from jaen_align.corpus.writers import SIGNATURE_PROP
from jaen_align.translate.models import resolve_model

SEED_003 = str(SEEDS / "003_63aeed18b7f8a488.txt")


def fields(signature: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in signature.split("|"))


def test_a_run_is_signed_with_its_scorer_model_and_options() -> None:
    signed = fields(jaen_align.align([SEED_003]).signature)
    assert list(signed) == [
        "mode", "scorer", "model", "beam", "split", "embed", "lexicon", "doc", "cover", "min", "seg", "version"
    ]  # fmt: skip
    assert signed["mode"] == "auto" and signed["min"] == "default" and signed["version"] == jaen_align.__version__
    assert signed["scorer"] == f"mt@{default_scorer().fingerprint()}"
    assert signed["model"] == f"ja-en-small@{resolve_model(None).fingerprint()}"
    assert signed["lexicon"].startswith("jamdict-data-") and "+learned@" not in signed["lexicon"]
    unsigned_mt = fields(jaen_align.align([SEED_003], use_mt=False, mode="comparable", min_score=0.8).signature)
    assert unsigned_mt["model"] == "none" and unsigned_mt["scorer"].startswith("no-mt@")
    # without MT the learned table joins JMdict, and the signature names its version
    assert unsigned_mt["lexicon"] == f"{signed['lexicon']}+learned@{LearnedTable.default().fingerprint}"
    assert (unsigned_mt["mode"], unsigned_mt["min"]) == ("comparable", "0.8")


def test_the_signature_is_stable_and_follows_the_model(tiny_model: Path) -> None:
    first = jaen_align.align([SEED_003], use_mt=False).signature
    assert jaen_align.align([SEED_003], use_mt=False).signature == first
    embedded = resolve_model(None).fingerprint()
    assert resolve_model(str(tiny_model)).fingerprint() != embedded
    assert resolve_model(None).fingerprint() == embedded


def test_a_scorer_fingerprint_changes_with_any_weight_or_threshold() -> None:
    scorer = default_scorer()
    assert default_scorer().fingerprint() == scorer.fingerprint()
    nudged = replace(scorer, weights={**scorer.weights, "length": scorer.weights["length"] + 0.01})
    assert nudged.fingerprint() != scorer.fingerprint()
    assert replace(scorer, skip_score=scorer.skip_score + 0.05).fingerprint() != scorer.fingerprint()


def test_the_tmx_header_and_the_report_carry_the_signature(tmp_path: Path) -> None:
    out = tmp_path / "corpus.tmx"
    result = CliRunner().invoke(main, ["align", SEED_003, "-o", str(out), "--no-mt"])
    assert result.exit_code == 0, result.output
    [prop] = etree.fromstring(out.read_bytes()).find("header").findall("prop")
    assert prop.get("type") == SIGNATURE_PROP
    assert fields(prop.text)["model"] == "none"
    assert f"signature: {prop.text}" in result.stderr
