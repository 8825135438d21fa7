"""Language-independent anchors: numbers, dates and Latin-script names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jaen_align.align.anchors import AnchorMatch, anchor_similarity, anchors_en, anchors_ja, parse_ja_number

FULL_DATE = {"date:2024-06-19", "md:06-19", "year:2024", "month:6", "day:19"}


@pytest.mark.parametrize(
    ("ja", "en", "key"),
    [
        ("1万人以上の兵士", "more than 10,000 soldiers", "num:10000"),
        ("１万人", "10,000 people", "num:10000"),
        ("1.5億ドル", "$150 million", "num:150000000"),
        ("1億5000万円", "150 million yen", "num:150000000"),
        ("3千人", "3,000 troops", "num:3000"),
        ("2万5000人", "25,000 people", "num:25000"),
        ("三千万人", "30 million people", "num:30000000"),
        ("1万人", "ten thousand people", "num:10000"),
        ("19日に会談", "met on Wednesday the 19th.", "day:19"),
        ("19日に会談", "met on June 19", "day:19"),
        ("24年ぶりの訪朝", "the first visit in 24 years", "num:24"),
        ("二十四年ぶり", "twenty-four years", "num:24"),
        ("6月に", "in June", "month:6"),
        ("2024年に", "in 2024", "year:2024"),
        ("令和6年", "2024", "year:2024"),
        ("35%", "35 percent", "pct:35"),
        ("5割", "50%", "pct:50"),
        ("2000人", "2,000 people", "num:2000"),
        ("またKCNAは", "KCNA said", "lat:kcna"),
        ("ICBMを発射", "a new solid-fuel ICBM", "lat:icbm"),
        ("〔AFP=時事〕", "(AFP)", "lat:afp"),
        ("NATO加盟国", "NATO members", "lat:nato"),
        ("F-16戦闘機", "F-16 jets", "lat:f16"),
    ],
)
def test_equal_facts_meet(ja: str, en: str, key: str) -> None:
    assert key in anchors_ja(ja)
    assert key in anchors_en(en)


@pytest.mark.parametrize("en", ["June 19, 2024", "on 19 June 2024", "the 19th of June, 2024", "2024-06-19"])
def test_full_dates(en: str) -> None:
    assert anchors_ja("2024年6月19日に署名した。") == FULL_DATE
    assert anchors_en(en) == FULL_DATE


def test_other_date_forms() -> None:
    assert anchors_ja("(2024/6/19-19:05)") == FULL_DATE  # the time of day is dropped
    assert anchors_ja("令和6年6月19日") == FULL_DATE
    assert anchors_ja("2024年 6月 19日 (水曜日)") == FULL_DATE
    assert anchors_ja("六月十九日") == {"md:06-19", "month:6", "day:19"}
    assert anchors_en("Nov. 19") == {"md:11-19", "month:11", "day:19"}
    assert anchors_en("in June 2024") == {"year:2024", "month:6"}
    assert anchors_en("at 7 p.m. on Dec 3") == {"md:12-03", "month:12", "day:3"}


def test_weak_and_false_anchors_are_skipped() -> None:
    assert anchors_ja("3人が5カ国を訪れ、3日間滞在した") == frozenset()  # bare 0..12 are too common
    assert anchors_en("two of the three envoys met 5 officials") == frozenset()
    assert anchors_ja("一方、統一を一日も早く") == frozenset()
    assert anchors_en("in the 19th century") == frozenset()
    assert anchors_en("talks may resume") == frozenset()
    assert anchors_en("since May") == {"month:5"}
    assert anchors_en("at 19:05 GMT") == frozenset()
    assert anchors_ja("13月") == frozenset()
    assert anchors_en("Moscow-Pyongyang ties, the U.S. and the UN") == frozenset()
    assert anchors_en("SEOUL, Dec. 19 (Yonhap) --") == {"md:12-19", "month:12", "day:19"}
    assert anchors_en("NORTH KOREA FIRES MISSILES") == frozenset()
    assert anchors_en("see https://example.com/article-13548683") == frozenset()
    assert "lat:ai" in anchors_ja("AIによるレポート")


def test_years_versus_quantities() -> None:
    assert anchors_en("in 2024") == {"year:2024"}
    assert anchors_en("2,024 people") == {"num:2024"}
    assert anchors_en("mid-2024") == {"year:2024"}
    assert anchors_ja("2000人") == {"num:2000"}  # Japanese years carry 年


@pytest.mark.parametrize(
    ("text", "value"),
    [("1万", 10000), ("1億5000万", 150000000), ("1.5億", 150000000), ("二十四", 24), ("三千万", 30000000), ("十", 10)],
)
def test_parse_ja_number(text: str, value: int) -> None:
    assert parse_ja_number(text) == Decimal(value)


def test_anchor_similarity() -> None:
    ja = anchors_ja("2024年6月19日、1万人以上が参加した。KCNAが伝えた。")
    en = anchors_en("More than 10,000 took part on June 19, 2024, KCNA said.")
    assert anchor_similarity(ja, en) == AnchorMatch(1.0, 7, 14)

    partial = anchor_similarity(anchors_ja("19日に1万人"), anchors_en("on June 19, 20,000 marched"))
    assert 0.0 < partial.similarity < 1.0

    mismatch = anchor_similarity(anchors_ja("1万人"), anchors_en("20,000 people"))
    assert mismatch.similarity == 0.0 and mismatch.has_evidence

    nothing = anchor_similarity(frozenset(), frozenset())
    assert nothing == (0.0, 0, 0) and not nothing.has_evidence


def test_seed_003_anchors_meet() -> None:
    ja = "一方、韓国と米国は、北朝鮮がウクライナ紛争でロシア軍を支援するために1万人以上の兵士を派遣したと非難している。"
    en = "The United States and South Korea have accused the nuclear-armed North of sending more than 10,000 soldiers"
    assert anchors_ja(ja) == anchors_en(en) == {"num:10000"}
