"""The model's English made presentable: contractions and truecasing."""

from __future__ import annotations

from jaen_align.translate.postprocess import capitalize_first, join_contractions, truecase


def test_split_contractions_are_joined() -> None:
    assert join_contractions("I can 't speak, I 'm sorry, it 's his.") == "I can't speak, I'm sorry, it's his."
    assert join_contractions("at six o 'clock") == "at six o'clock"
    assert join_contractions("He said 'tea' and 'milk'.") == "He said 'tea' and 'milk'."


def test_truecase_capitalizes_only_listed_lower_case_words() -> None:
    table = {"tokyo": "Tokyo", "japanese": "Japanese"}
    assert truecase("I live in tokyo and speak japanese.", table) == "I live in Tokyo and speak Japanese."
    assert truecase("TOKYO tokyoite tokyo's", table) == "TOKYO tokyoite Tokyo's"
    assert truecase("may I go?", {}) == "may I go?"


def test_the_embedded_model_capitalizes_what_its_cased_training_english_does() -> None:
    from jaen_align.translate.translator import Translator

    polish = Translator().polish
    assert polish("I can 't speak japanese in tokyo on monday.") == "I can't speak Japanese in Tokyo on Monday."
    # ordinary words stay as they are, whatever names they appear in
    assert polish("We may will the united hub.") == "We may will the united hub."


def test_a_segment_starts_with_a_capital_unless_its_first_word_is_cased_inside() -> None:
    assert capitalize_first("food is necessary to live.") == "Food is necessary to live."
    assert capitalize_first("iPhone sales rose.") == "iPhone sales rose."
    assert capitalize_first("") == ""
