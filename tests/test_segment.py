from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jaen_align.text.segment import bracket_depths, split_sentences


def assert_only_whitespace_lost(text: str, sentences: list[str]) -> None:
    """Every sentence is a stripped, non-empty slice of ``text``, in order, with only
    whitespace between them and around them."""
    pos = 0
    for sentence in sentences:
        assert sentence
        assert sentence == sentence.strip()
        found = text.index(sentence, pos)
        assert text[pos:found].strip() == ""
        pos = found + len(sentence)
    assert text[pos:].strip() == ""


# --- Japanese -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "会談は約2時間に及んだ。プーチン氏は冒頭に発言した。",
            ["会談は約2時間に及んだ。", "プーチン氏は冒頭に発言した。"],
        ),
        ("本当か!?そうだ!", ["本当か!?", "そうだ!"]),
        ("本当か！？そうだ！", ["本当か！？", "そうだ！"]),
        ("彼は「行こう。すぐに。」と言った。次だ。", ["彼は「行こう。すぐに。」と言った。", "次だ。"]),
        ("『一。二。』の話。(注。補足)です。", ["『一。二。』の話。", "(注。補足)です。"]),
        ("「外。「内。」外。」終わり。", ["「外。「内。」外。」終わり。"]),
        ("「行こう。」「うん。」", ["「行こう。」", "「うん。」"]),
        ("続きだ。」と述べた。", ["続きだ。」", "と述べた。"]),  # the quote opened on an earlier line
        ("一行目\n二行目。三文目。", ["一行目", "二行目。", "三文目。"]),
        ("「閉じない。次の文。", ["「閉じない。", "次の文。"]),  # an unclosed bracket hides nothing
        ("Yahoo!ニュースによると晴れ。", ["Yahoo!ニュースによると晴れ。"]),
        ("  前の空白。  後の空白。  ", ["前の空白。", "後の空白。"]),
        ("", []),
        # a ? or ! that the quotative particle carries on
        ("なぜ今なのか？と疑問の声も上がる。", ["なぜ今なのか？と疑問の声も上がる。"]),
        ("まさか！という結果になった。", ["まさか！という結果になった。"]),
        ("え？って感じだった。", ["え？って感じだった。"]),
        ("どうする？とりあえず行こう。", ["どうする？", "とりあえず行こう。"]),  # a word, not a particle
        # the full-width period of official text, which NFKC makes "."; never a decimal point
        ("政府は対策を決定した．財源は国債で賄う．", ["政府は対策を決定した．", "財源は国債で賄う．"]),
        ("政府は対策を決定した.財源は国債で賄う.", ["政府は対策を決定した.", "財源は国債で賄う."]),
        ("株価は3.5%上昇した。U.S.の話だ。", ["株価は3.5%上昇した。", "U.S.の話だ。"]),
        ("条約に署名...「新たな時期だ」", ["条約に署名...「新たな時期だ」"]),  # an ellipsis (… after NFKC)
    ],
)
def test_japanese_examples(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "ja") == expected


def test_unbalanced_bracket_resets_at_line_end() -> None:
    text = "「長い引用が続く。まだ続く\n次の段落。二文目。"
    assert split_sentences(text, "ja") == ["「長い引用が続く。", "まだ続く", "次の段落。", "二文目。"]


def test_bracket_depths() -> None:
    assert bracket_depths("a「b『c』」d") == [0, 0, 1, 1, 2, 1, 0, 0]
    assert bracket_depths("「a") == [0, 0]  # unmatched: ignored
    assert bracket_depths("a」「b」") == [0, 0, 0, 1, 0]


# --- English --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim met Putin. They signed a treaty.", ["Kim met Putin.", "They signed a treaty."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ('Kim said, "I will go." He left.', ['Kim said, "I will go."', "He left."]),
        ("He said: 'Go.' 'Now?' she asked.", ["He said: 'Go.'", "'Now?' she asked."]),
        ("The U.S. President arrived. He spoke.", ["The U.S. President arrived.", "He spoke."]),
        ("The U.K. and U.N. agreed. Talks go on.", ["The U.K. and U.N. agreed.", "Talks go on."]),
        ("SEOUL, Dec. 19 (Yonhap) -- Talks began.", ["SEOUL, Dec. 19 (Yonhap) -- Talks began."]),
        ("Mr. Kim and Mrs. Lee met Dr. Park at St. Mary's.", ["Mr. Kim and Mrs. Lee met Dr. Park at St. Mary's."]),
        ("Sen. Smith, Gov. Lee and Lt. Col. Doe of Acme Inc. and Foo Corp. came.", None),
        ("Fruit, e.g. Apples, i.e. Fuji, vs. Pears.", ["Fruit, e.g. Apples, i.e. Fuji, vs. Pears."]),
        ("It was written by J. Smith Jr. in 2020.", ["It was written by J. Smith Jr. in 2020."]),
        ("Growth was 3.5 percent. It rose.", ["Growth was 3.5 percent.", "It rose."]),
        ("He was No. 1 in Jan. 2024.", ["He was No. 1 in Jan. 2024."]),
        ("He said no. Then he left.", ["He said no.", "Then he left."]),
        ("The vote was 5-4 (see p. 12).", ["The vote was 5-4 (see p. 12)."]),
        ("It is in Vol. 3 of the report. Art. 9 bans war.", ["It is in Vol. 3 of the report.", "Art. 9 bans war."]),
        ("Troops left in 2022. 10,000 stayed.", ["Troops left in 2022.", "10,000 stayed."]),
        ("It ended at 3 p.m. on Monday. Then rain.", ["It ended at 3 p.m. on Monday.", "Then rain."]),
        ("Prices fell. then rose.", ["Prices fell. then rose."]),  # no capital: no split
        ('"Why?" he asked.', ['"Why?" he asked.']),
        ("He paused... Then he spoke.", ["He paused...", "Then he spoke."]),
        ("First paragraph\n\nSecond paragraph.", ["First paragraph", "Second paragraph."]),
        ("A wrapped\nline. Next one.", ["A wrapped\nline.", "Next one."]),
    ],
)
def test_english_examples(text: str, expected: list[str] | None) -> None:
    assert split_sentences(text, "en") == (expected if expected is not None else [text])


# --- properties -----------------------------------------------------------------------------

JA_ALPHABET = "あいう漢字カナabAB12 。、!?！？「」『』（）()\n\u3000"
EN_ALPHABET = "abcXYZ019 .,!?\"'()”’\n"
text_ja = st.text(alphabet=JA_ALPHABET, max_size=60)
text_en = st.text(alphabet=EN_ALPHABET, max_size=60)
words_en = st.lists(
    st.sampled_from(["U.S.", "Dec.", "Mr.", "J.", "3.5", "No.", "said.", '"Go."', "Kim", "the", "It", "10"]),
    max_size=15,
).map(" ".join)


@given(text_ja)
def test_japanese_loses_no_text(text: str) -> None:
    assert_only_whitespace_lost(text, split_sentences(text, "ja"))


@given(st.one_of(text_en, words_en))
def test_english_loses_no_text(text: str) -> None:
    assert_only_whitespace_lost(text, split_sentences(text, "en"))


PLAIN_JA = st.text(alphabet="あい漢カ。!?、 ", max_size=8)
BRACKETED = st.builds(
    lambda pair, inner: pair[0] + inner + pair[1],
    st.sampled_from(["「」", "『』", "（）", "()"]),
    st.text(alphabet="あい漢。!?、", min_size=1, max_size=8),
)


@given(st.lists(st.one_of(PLAIN_JA, BRACKETED), max_size=8))
def test_japanese_never_splits_inside_brackets(chunks: list[str]) -> None:
    text = "".join(chunks)
    sentences = split_sentences(text, "ja")
    assert_only_whitespace_lost(text, sentences)
    for chunk in chunks:
        if chunk and chunk[0] in "「『（(":
            assert any(chunk in sentence for sentence in sentences), (chunk, sentences)
