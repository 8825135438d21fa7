"""The CTranslate2 wrapper, wired to a tiny random-weight model (quality is not tested here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jaen_align.errors import InputError
from jaen_align.translate.models import resolve_model
from jaen_align.translate.translator import Translator

JA = [
    "ロシアのプーチン大統領は19日、北朝鮮の金正恩朝鮮労働党総書記と会談した。",
    "会談は約2時間に及んだ。",
    "",
    "プーチン氏の訪朝は24年ぶり。",
]


def test_one_output_per_input_in_order(tiny_model: Path) -> None:
    t = Translator(tiny_model, beam_size=1, max_decoding_length=8)
    out = t.translate(JA)
    assert len(out) == len(JA)
    assert out[2] == ""
    assert all(isinstance(s, str) and s for i, s in enumerate(out) if i != 2)


def test_duplicates_are_translated_once(tiny_model: Path) -> None:
    t = Translator(tiny_model, beam_size=1, max_decoding_length=8)
    out = t.translate([JA[0], JA[1], JA[0], JA[0]])
    assert out[0] == out[2] == out[3]
    assert len(t._cache) == 2


def test_batching_does_not_change_results(tiny_model: Path) -> None:
    one = Translator(tiny_model, beam_size=2, batch_size=1, max_decoding_length=8).translate(JA)
    many = Translator(tiny_model, beam_size=2, batch_size=64, max_decoding_length=8).translate(JA)
    assert one == many


def test_default_batch_holds_a_fixed_number_of_hypotheses(tiny_model: Path) -> None:
    assert Translator(tiny_model, beam_size=4).batch_size == 8
    assert Translator(tiny_model, beam_size=1).batch_size == 32
    assert Translator(tiny_model, beam_size=64).batch_size == 1
    assert Translator(tiny_model, beam_size=4, batch_size=3).batch_size == 3


def test_default_batches_give_the_results_of_single_sentences(tiny_model: Path) -> None:
    texts = [f"会談は約{k}時間に及んだ。" for k in range(1, 40)]
    batched = Translator(tiny_model, beam_size=4, max_decoding_length=8).translate(texts)
    single = Translator(tiny_model, beam_size=4, batch_size=1, max_decoding_length=8)
    assert batched == [single.translate([t])[0] for t in texts]


def test_full_width_input_is_normalized_like_training_data(tiny_model: Path) -> None:
    t = Translator(tiny_model, beam_size=1, max_decoding_length=8)
    assert t.translate(["２０２４年"]) == t.translate(["2024年"])


def test_encode_appends_end_of_sentence(tiny_model: Path) -> None:
    t = Translator(tiny_model)
    pieces = t.encode("会談は約2時間に及んだ。")
    assert pieces[-1] == "</s>" and len(pieces) > 2


def test_model_by_path_and_missing_model(tiny_model: Path, user_models: Path) -> None:
    assert resolve_model(str(tiny_model)).path == tiny_model
    with pytest.raises(InputError, match="no such model"):
        resolve_model("does-not-exist")


def test_a_placeholder_model_protects_numbers_and_names(tiny_model: Path, tmp_path: Path) -> None:
    import json
    import shutil

    model = tmp_path / "with-names"
    shutil.copytree(tiny_model, model)
    (model / "names.tsv").write_text("プーチン\tPutin\n", encoding="utf-8")
    meta = json.loads((model / "jaen-align.json").read_text(encoding="utf-8"))
    (model / "jaen-align.json").write_text(json.dumps({**meta, "placeholders": "names.tsv"}), encoding="utf-8")
    t = Translator(model, beam_size=1, max_decoding_length=8)
    guarded = t.protect(JA[0])
    assert guarded.values == ("Putin", "19")
    assert "プーチン" not in guarded.text and "#1" in guarded.text
    # random weights may emit any placeholder number: none survives restoration
    assert all("#" not in out for out in t.translate(JA))
    assert Translator(tiny_model, beam_size=1).protect(JA[0]).values == ()


def test_decoding_options_come_from_the_model_metadata_and_the_caller(tiny_model: Path, tmp_path: Path) -> None:
    import json
    import shutil

    from jaen_align.translate.translator import DEFAULT_DECODING

    model_dir = tmp_path / "m"
    shutil.copytree(tiny_model, model_dir)
    meta = json.loads((model_dir / "jaen-align.json").read_text(encoding="utf-8"))
    meta["decoding"] = {"length_penalty": 1.4}
    (model_dir / "jaen-align.json").write_text(json.dumps(meta), encoding="utf-8")
    from_model = Translator(str(model_dir))
    assert from_model.decoding == {**DEFAULT_DECODING, "length_penalty": 1.4}
    override = Translator(str(model_dir), decoding={"repetition_penalty": 1.0})
    assert override.decoding["repetition_penalty"] == 1.0 and override.decoding["length_penalty"] == 1.4
    assert override.translate(JA[:1])[0]
    with pytest.raises(ValueError, match="unknown decoding options: beam"):
        Translator(str(model_dir), decoding={"beam": 2.0})


def test_segments_without_japanese_are_carried_over_not_translated(tiny_model: Path) -> None:
    t = Translator(tiny_model, beam_size=1, max_decoding_length=8)
    out = t.translate(["1、2、3、4。", "Node-RED", "会談は約2時間に及んだ。"])
    assert out[:2] == ["1, 2, 3, 4.", "Node-RED"]
    assert t.translated_count == 1  # only the Japanese sentence went through the model


def test_a_line_is_translated_sentence_by_sentence_and_sentences_are_remembered(tiny_model: Path) -> None:
    t = Translator(tiny_model, beam_size=1, max_decoding_length=8)
    a, b, c = JA[1], JA[3], "会談は終わった。"
    first, second = t.translate([a + b, a + c])
    assert t.translated_count == 3  # a once, though it opens both lines
    assert first == " ".join(t.translate([a, b])) and second == " ".join(t.translate([a, c]))
    t.translate([c + b])
    assert t.translated_count == 3  # both sentences were met in earlier lines
    t.translate([b + "1、2、3。"])
    assert t.translated_count == 3  # the number list is carried over, b remembered


def test_sentence_split_off_translates_the_line_whole(tiny_model: Path) -> None:
    t = Translator(tiny_model, beam_size=1, max_decoding_length=8, sentence_split=False)
    t.translate([JA[1] + JA[3]])
    assert t.translated_count == 1


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"beam_size": 0}, ValueError, "beam_size must be a whole number of at least 1"),
        ({"threads": 0}, ValueError, "threads must be"),
        ({"batch_size": 0}, ValueError, "batch_size must be"),
        ({"inter_threads": 0}, ValueError, "inter_threads must be"),
        ({"beam_size": 2.5}, ValueError, "beam_size must be"),
        ({"cache_size": -1}, ValueError, "cache_size must be"),
        ({"sentence_split": "no"}, TypeError, "sentence_split must be True or False"),
    ],
)
def test_the_translator_names_the_argument_that_is_wrong(options: dict, error: type, message: str) -> None:
    # these reached CTranslate2 or a division and failed there (ZeroDivisionError)
    with pytest.raises(error, match=message):
        Translator(**options)


def test_the_translator_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError, match="not a str"):
        Translator().translate("猫です。")  # would be translated a character at a time
