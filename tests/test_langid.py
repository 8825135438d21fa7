from __future__ import annotations

from pathlib import Path

import pytest

from jaen_align.text.langid import count_scripts, detect_language

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と会談した。", "ja"),
        ("またKCNAは、ロシア軍事アカデミーの代表団も平壌に到着したと伝えた。", "ja"),
        ("AIによるレポート", "ja"),
        ("このウェブサイトはCookieを使用します", "ja"),
        ("カタカナだけ", "ja"),
        ("North Korean leader Kim Jong Un met with Russia's natural resources minister.", "en"),
        ("Tokyo", "en"),
        ("The word kawaii (かわいい) is used all over the world these days.", "en"),
        ("Le président russe est arrivé à Pyongyang.", "en"),  # Latin letters: the English side
        ("関連記事", "ja"),  # kanji without kana: a Japanese label or headline, not "other"
        ("石破首相、衆院解散表明 来月総選挙", "ja"),  # went with an English menu line above it
        ("北京是中国的首都，也是政治文化中心。", "other"),  # a sentence of kanji alone: Chinese
        ("CEOのSam AltmanはAGI(Artificial General Intelligence)の開発について語った。", "ja"),
        ("詳しくはhttps://www.example.com/news/article-123をご覧ください。", "ja"),
        ("iPhone 16 Pro MaxをApp Storeで発表", "ja"),  # particles between Latin words
        ('He said "arigato" (ありがとう) twice.', "en"),
        ("2024/11/19-19:05", "other"),
        ("15.9 C", "other"),
        ("〔AFP=時事〕", "other"),
        ("북한은 러시아와 조약을 맺었다.", "other"),
        ("Россия и КНДР подписали договор.", "other"),
        ("", "other"),
        ("  -  ", "other"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_count_scripts_ignores_digits_and_punctuation() -> None:
    counts = count_scripts("金正恩氏は2024年、Putinと会談。")
    assert (counts.kana, counts.kanji, counts.latin, counts.other) == (2, 7, 5, 0)


def test_seed_003_switches_from_japanese_to_english() -> None:
    lines = (SEEDS / "003_63aeed18b7f8a488.txt").read_text(encoding="utf-8").splitlines()
    assert [detect_language(line) for line in lines[:5]] == ["ja"] * 5
    assert {detect_language(line) for line in lines[6:27]} == {"en"}
