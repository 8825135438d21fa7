"""Set phrases: a segment that is one common JMdict expression or interjection takes its first
English gloss; everything else is left to the model. Real JMdict (jamdict-data), real models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EMBEDDED

from jaen_align.translate.models import resolve_model
from jaen_align.translate.set_phrases import SetPhrases, english_sentence
from jaen_align.translate.translator import Translator


def test_a_set_phrase_takes_its_first_jmdict_gloss_as_a_sentence() -> None:
    phrases = SetPhrases.default()
    assert phrases.english("どういたしまして。") == "You're welcome."
    assert phrases.english("もしもし") == "Hello."
    assert phrases.english("  おめでとう！ ") == "Congratulations!"
    assert phrases.english("そうか？").endswith("?")  # the source's question stays one


def test_anything_but_a_whole_set_phrase_is_left_to_the_model() -> None:
    phrases = SetPhrases.default()
    assert phrases.english("どういたしまして、また来てください。") is None  # more than the phrase
    assert phrases.english("会談は約2時間に及んだ。") is None
    assert phrases.english("平壌。") is None  # a noun, not an expression
    assert phrases.english("です。") is None  # an auxiliary, whatever JMdict glosses it as
    assert phrases.english("オーケー。") is None  # a loanword the model spells as people do
    assert phrases.english("Okay.") is None
    assert phrases.english("") is None


def test_english_sentence_ending() -> None:
    assert english_sentence("thank you", "。") == "Thank you."
    assert english_sentence("certainly!", "") == "Certainly!"
    assert english_sentence("is that so", "？") == "Is that so?"


def test_the_embedded_model_uses_set_phrases_and_an_imported_model_does_not(tmp_path: Path) -> None:
    assert resolve_model(str(EMBEDDED)).set_phrases
    plain = tmp_path / "plain"
    shutil.copytree(EMBEDDED, plain)
    meta = json.loads((plain / "jaen-align.json").read_text(encoding="utf-8"))
    del meta["set_phrases"]
    (plain / "jaen-align.json").write_text(json.dumps(meta), encoding="utf-8")
    assert not resolve_model(str(plain)).set_phrases


def test_translator_answers_set_phrases_without_the_model() -> None:
    lines = ["どういたしまして。", "もしもし。", "会談は約2時間に及んだ。"]
    with_phrases = Translator(EMBEDDED, beam_size=1)
    out = with_phrases.translate(lines)
    assert out[:2] == ["You're welcome.", "Hello."]
    assert with_phrases.translated_count == 1  # only the sentence that is no set phrase
    model_only = Translator(EMBEDDED, beam_size=1, set_phrases=False)
    model_only.translate(lines)
    assert model_only.translated_count == 3
    # a line that opens with a set phrase is split: the phrase keeps its gloss
    assert with_phrases.translate(["どういたしまして。会談は約2時間に及んだ。"]) == [f"You're welcome. {out[2]}"]


def test_translate_command_switches_set_phrases(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jaen_align.cli import main

    source = tmp_path / "turns.ja"
    source.write_text("もしもし。\nどういたしまして。\n", encoding="utf-8")
    runner = CliRunner()
    on = runner.invoke(main, ["translate", str(source), "--beam", "1", "-q"])
    assert on.exit_code == 0, on.output
    assert on.output.splitlines() == ["Hello.", "You're welcome."]
    off = runner.invoke(main, ["translate", str(source), "--beam", "1", "-q", "--no-set-phrases"])
    assert off.exit_code == 0, off.output
    model_only = Translator(EMBEDDED, beam_size=1, set_phrases=False)
    assert off.output.splitlines() == model_only.translate(["もしもし。", "どういたしまして。"])
