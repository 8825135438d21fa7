from __future__ import annotations

from pathlib import Path

import pytest

from jaen_align.corpus.readers import read_documents
from jaen_align.text.clean import (
    CLEAN_RULES,
    Kind,
    clean_documents,
    find_headline,
    is_byline,
    is_cookie_banner,
    is_copyright,
    is_date_line,
    is_link_list,
    is_photo_caption,
    is_reader_feedback,
    is_separator_line,
    is_site_phrase,
    is_trailer_heading,
    looks_like_sentence,
    mark_short_runs,
    mark_stray_short_lines,
    repeated_lines,
    strip_credit_tags,
    trailer_start,
)
from jaen_align.types import Document

SEEDS = Path(__file__).parent.parent / "seeds"
B, S, H = Kind.BOILER, Kind.SENTENCE, Kind.SHORT

JA_BODY = [
    "ロシアのプーチン大統領は19日、北朝鮮の金正恩総書記と会談した。",
    "会談は約2時間に及んだ。",
    "両首脳は「包括的戦略パートナーシップ条約」に署名した。",
]
EN_BODY = [
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un on Wednesday.",
    "The talks lasted about two hours.",
    '"This document will be the basis of our relations," Putin said.',
]


def doc(paragraphs: list[str], lang: str = "ja", doc_id: str = "d", source: str = "d.txt") -> Document:
    return Document(doc_id, lang, tuple(paragraphs), source, tuple(range(len(paragraphs))))


# --- the registry ---------------------------------------------------------------------------


def test_registry_names_every_rule_once() -> None:
    names = [rule.name for rule in CLEAN_RULES]
    assert len(names) == len(set(names))
    assert {"site_phrase", "cookie_banner", "date_line", "link_list", "repeated_line", "short_run"} <= set(names)
    assert all(callable(rule.function) for rule in CLEAN_RULES)


@pytest.mark.parametrize("line", JA_BODY + EN_BODY)
def test_no_line_rule_drops_a_real_sentence(line: str) -> None:
    assert looks_like_sentence(line)
    assert not [rule.name for rule in CLEAN_RULES if rule.scope == "line" and rule.function(line)]


# --- line rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "関連記事",
        "人気ランキング",
        "アクセスランキング",
        "最新ニュース",
        "写真特集",
        "あわせて読みたい",
        "メールマガジンのご登録はこちらから。",
        "Related articles",
        "Read more »",
        "Advertisement",
        "Sign up for our newsletter",
        "Share",
        "シェア 12",
        "Home",
        "拒否",
    ],
)
def test_site_phrase(line: str) -> None:
    assert is_site_phrase(line)


@pytest.mark.parametrize(
    "line", ["Shares of Toyota rose 3% on Tuesday after the results.", "関連企業の株価が上昇した。", "Home Secretary"]
)
def test_site_phrase_spares_ordinary_text(line: str) -> None:
    assert not is_site_phrase(line)


@pytest.mark.parametrize(
    "line",
    [
        "このウェブサイトはCookieを使用します",
        "サイトを改善するための分析にCookieを使用します。詳細については、プライバシーポリシーをお読みください。",
        "We use cookies to improve your experience. By continuing you accept our cookie policy.",
        "By using this site you agree to our Privacy Policy and Terms of Use.",
    ],
)
def test_cookie_banner(line: str) -> None:
    assert is_cookie_banner(line)


@pytest.mark.parametrize(
    "line",
    [
        "The bakery sold 2,000 cookies on the first day.",
        # news about privacy policies and cookies
        "The government will review its privacy policy and seek consent from users, the ministry said.",
        "Fortune cookies were first sold in Japan, according to researchers who read old records.",
        "政府は個人情報保護の利用規約を見直し、利用者の同意を得る方針だ。",
    ],
)
def test_cookie_banner_spares_article_text(line: str) -> None:
    assert not is_cookie_banner(line)


@pytest.mark.parametrize(
    "line",
    [
        "© KYODO",
        "©2024 GPlusMedia Inc.",
        "Copyright (C) 2024 Example Media. All rights reserved.",
        "記事の無断転載を禁じます",
    ],
)
def test_copyright(line: str) -> None:
    assert is_copyright(line)


@pytest.mark.parametrize(
    "line",
    [
        "2024年6月19日(水)20時38分",
        "2025年 11月 16日 (日曜日)",
        "(2024/11/19-19:05)",
        "Updated Nov. 19, 2024 10:05 JST",
        "2026年3月17日号(3/10発売)",
    ],
)
def test_date_line(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line", ["2024年6月19日、プーチン大統領が平壌に到着した。", "• 1", "Kim met Putin on June 19."]
)
def test_date_line_needs_a_date_and_nothing_else(line: str) -> None:
    assert not is_date_line(line)


@pytest.mark.parametrize("line", ["-", "•", "  • 10", "3", "-3 ( +1 / -4 )", "***", "(2024/11/19-19:05)"])
def test_separator_line(line: str) -> None:
    assert is_separator_line(line)


def test_separator_line_spares_text() -> None:
    assert not is_separator_line("15.9 C")


@pytest.mark.parametrize(
    "line",
    [
        "【野球】慶応大の4番打者・清原正吾",
        "閉会式〔パリ五輪〕",
        "医療保険担当に元司会者=トランプ氏、続くタレント人事―次期米政権",
        "〔AFP=時事〕(2024/11/19-19:05)",
        "World | Asia | Business",
        "https://www.example.com/news/article-123.html",
    ],
)
def test_link_list(line: str) -> None:
    assert is_link_list(line)


def test_link_list_spares_a_sentence_with_a_dash() -> None:
    assert not is_link_list("首相は「検討する」と述べた――と関係者は明かした。")


@pytest.mark.parametrize(
    "line",
    [
        "123 people found this helpful",
        "5 Comments",
        "コメント(12)",
        "いいね",
        "いいね!34",
        "@tooheysnewT",
        "1 ( +1 / -0 )",
        "Log in to comment",
        "25人が参考になったと回答",
    ],
)
def test_reader_feedback(line: str) -> None:
    assert is_reader_feedback(line)


@pytest.mark.parametrize(
    "line",
    [
        "ロシアのプーチン大統領(左)は19日、歓迎式典に出席した。/AFP通信",
        "会談に臨む金正恩総書記。写真は6月19日、中央朝鮮通信が公開(2024年 KCNA via REUTERS)",
        "首脳会談に臨む両首脳(写真:ロイター/アフロ)",
        "Putin, left, and Kim attend a reception in Pyongyang. Image: Vladimir Smirnov, Sputnik, Kremlin Pool via AP",
        "Kim Jong Un waves at the airport. REUTERS/Kim Hong-Ji",
        "Photo: Taro Yamada",
        "Prime Minister Shigeru Ishiba speaks in Tokyo, Japan March 14, 2025. REUTERS/Issei Kato/Pool",
        "Ishiba speaks to reporters in Tokyo. (AP Photo/Eugene Hoshiko)",
    ],
)
def test_photo_caption(line: str) -> None:
    assert is_photo_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "Exports rose 5% year-on-year, the cheap/expensive split said.",
        # an agency, a slash and a short ending: poll sentences, not credits
        "A Reuters/Ipsos poll found approval at 40%.",
        "Support for the cabinet fell, according to a Reuters/Ipsos poll.",
        "The ministry declined to comment, Kyodo/AFP reported.",
        "ロイター/イプソスの世論調査では支持率が40%だった。",
    ],
)
def test_photo_caption_spares_a_sentence_with_a_slash(line: str) -> None:
    assert not is_photo_caption(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Kim Tong-Hyung, Associated Press",
        "(Reporting by John Smith; Editing by Jane Doe)",
        "(文:山田太郎)",
        "山田太郎 記者",
    ],
)
def test_byline(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize(
    "line",
    ["By sending soldiers, North Korea is positioning itself in the war economy.", "By Monday, talks had ended."],
)
def test_byline_spares_sentences_starting_with_by(line: str) -> None:
    assert not is_byline(line)


# --- rewrite --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "ロシアが技術支援を提供しているのではないかと懸念している。【翻訳編集AFPBBNews】",
            "ロシアが技術支援を提供しているのではないかと懸念している。",
        ),
        (
            "プーチン氏は代替メカニズムを開発すると述べていた。[nL6N3IF0M2]",
            "プーチン氏は代替メカニズムを開発すると述べていた。",
        ),
        ("政府は対応を検討している。(共同)", "政府は対応を検討している。"),
        ("The talks lasted two hours, officials said. (Reuters)", "The talks lasted two hours, officials said."),
        ("〔AFP=時事〕(2024/11/19-19:05)", "〔AFP=時事〕(2024/11/19-19:05)"),  # no sentence before the tags
        ("閉会式〔パリ五輪〕", "閉会式〔パリ五輪〕"),
        ("The treaty was signed. (It takes effect in July.)", "The treaty was signed. (It takes effect in July.)"),
    ],
)
def test_strip_credit_tags(line: str, expected: str) -> None:
    assert strip_credit_tags(line) == expected


# --- collection and document rules ---------------------------------------------------------


def test_repeated_lines_across_documents() -> None:
    docs = [
        doc(["関連記事", "ワールド", JA_BODY[0]], doc_id="a"),
        doc(["関連記事", "ビジネス", JA_BODY[0]], doc_id="b"),
    ]
    assert repeated_lines(docs) == frozenset({"関連記事"})  # the repeated sentence (a wire story) stays


def test_repeated_line_is_dropped_by_clean_documents() -> None:
    docs = [
        doc([*JA_BODY[:2], "注目トピックス", JA_BODY[2]], doc_id="a"),
        doc([*JA_BODY[:2], "注目トピックス", JA_BODY[2]], doc_id="b", source="b.txt"),
    ]
    assert [d.paragraphs for d in clean_documents(docs)] == [tuple(JA_BODY)] * 2
    assert clean_documents(docs[:1])[0].paragraphs == (*JA_BODY[:2], "注目トピックス", JA_BODY[2])


@pytest.mark.parametrize(
    "line", ["関連記事", "アクセスランキング", "Most read", "5 Comments", "コメント(12)", "©2024 GPlusMedia Inc."]
)
def test_trailer_heading(line: str) -> None:
    assert is_trailer_heading(line)


@pytest.mark.parametrize("line", ["© KYODO", "Kim's comments", "Trending topics in Seoul", "北朝鮮のコメント"])
def test_trailer_heading_spares_subheadings_and_short_credits(line: str) -> None:
    assert not is_trailer_heading(line)


def test_trailer_start_ignores_headings_above_the_body() -> None:
    kinds = [B, H, S, S, B, S, H]
    assert trailer_start(kinds, range(7), markers=[0, 4]) == 4
    assert trailer_start(kinds, range(7), markers=[0]) == 7
    assert trailer_start([H, H], range(2), markers=[1]) == 2


def test_trailer_cuts_related_stories() -> None:
    related = "North Korea fired a missile on Monday, the military said in a statement."
    cleaned = clean_documents([doc(["Kim and Putin sign defence pact", *EN_BODY, "Related articles", related], "en")])
    assert cleaned[0].paragraphs == ("Kim and Putin sign defence pact", *EN_BODY)


def test_trailer_heading_in_the_other_language_ends_the_article() -> None:
    # Seed 000: an English article, then "関連記事" (Japanese site chrome) and English teasers.
    en = Document(
        "p.en", "en", (*EN_BODY, "Kim sends condolences to Putin over the death of an envoy."), "p.txt", (0, 1, 2, 4)
    )
    ja = Document("p.ja", "ja", ("関連記事", "AIによるレポート"), "p.txt", (3, 5))
    assert clean_documents([en, ja]) == [Document("p.en", "en", tuple(EN_BODY), "p.txt", (0, 1, 2))]


def test_mark_short_runs() -> None:
    assert mark_short_runs([S, H, H, S, H, B, H, H, S]) == [S, H, H, S, B, B, B, B, S]
    assert mark_short_runs([H, H, H]) == [B, B, B]


def test_short_run_drops_a_headline_list() -> None:
    menu = ["ワールド", "ビジネス", "北朝鮮が短距離弾道ミサイルを発射", "円相場は小幅に続落"]
    cleaned = clean_documents([doc([*JA_BODY[:2], *menu, JA_BODY[2]])])
    assert cleaned[0].paragraphs == tuple(JA_BODY)


def test_mark_stray_short_lines() -> None:
    assert mark_stray_short_lines([H, S, H, S, H, B, H, S]) == [B, S, H, S, B, B, B, S]


def test_subheading_between_sentences_survives() -> None:
    paragraphs = [*EN_BODY[:2], "- Foreign policy realignment? -", EN_BODY[2]]
    assert clean_documents([doc(paragraphs, "en")])[0].paragraphs == tuple(paragraphs)


def test_find_headline() -> None:
    paragraphs = [
        "politics",
        "Japan says it is seriously concerned over military cooperation",
        "5 Comments",
        "TOKYO",
        "x",
    ]
    assert find_headline(paragraphs, [H, H, B, H, S]) == 1
    assert find_headline(paragraphs, [H, H, B, H, H]) is None


def test_headline_is_kept_above_the_body_and_page_chrome_is_not() -> None:
    paragraphs = [
        "date 2024-06-20 Japan Today",
        "politics",
        "Japan says it is seriously concerned over Russia-N Korea military cooperation",
        "5 Comments",
        "TOKYO",
        *EN_BODY,
        "© KYODO",
    ]
    cleaned = clean_documents([doc(paragraphs, "en")])[0]
    assert cleaned.paragraphs == (paragraphs[2], *EN_BODY)
    assert cleaned.line_numbers == (2, 5, 6, 7)


def test_documents_left_empty_are_dropped_and_line_numbers_follow() -> None:
    chrome = Document("c", "ja", ("関連記事", "いいね", "コメント(3)"), "c.txt", (3, 7, 9))
    body = Document("b", "ja", ("関連記事", *JA_BODY), "b.txt", (1, 4, 5, 8))
    assert clean_documents([chrome, body]) == [Document("b", "ja", tuple(JA_BODY), "b.txt", (4, 5, 8))]


def test_documents_without_line_numbers() -> None:
    plain = Document("p", "en", ("Share", *EN_BODY), "<stdin>")
    assert clean_documents([plain]) == [Document("p", "en", tuple(EN_BODY), "<stdin>")]


# --- the seeds ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned_seeds() -> dict[str, Document]:
    return {d.id: d for d in clean_documents(read_documents([str(SEEDS)]))}


BOILERPLATE = [
    "関連記事",
    "最新ニュース",
    "写真特集",
    "ランキング",
    "あわせて読みたい",
    "Cookie",
    "拒否",
    "AIによるレポート",
    "Comments",
    "©",
    "Copyright",
    "GPlusMedia",
    "( +1",
    "@tooheysnewT",
    "https://",
    "〔パリ五輪〕",
    "サッカーW杯予選",
    "翻訳編集",
    "AFPBBNews",
    "[nL6N3IF0M2]",
    "[ロイター]",
    "via AP",
    "/AFP通信",
    "KCNA via REUTERS",
    "LE SSERAFIM",
    "2024年6月19日(水)",
    "15.9 C",
    "露朝関係",
    "MAGAZINE",
    "ニューズウィーク",
    "What a weasel",
    "condolences",
]


def test_seeds_keep_no_boilerplate(cleaned_seeds: dict[str, Document]) -> None:
    for document in cleaned_seeds.values():
        for paragraph in document.paragraphs:
            for phrase in BOILERPLATE:
                assert phrase not in paragraph, (document.id, paragraph)
            assert paragraph not in ("-", "•", "politics", "TOKYO", "Tokyo")


def test_seeds_keep_the_article_bodies(cleaned_seeds: dict[str, Document]) -> None:
    assert set(cleaned_seeds) == {
        "000_fb87fffd9cab5b6b.en",
        "001_928b56e06e5931a4.ja",
        "002_744c50be785ef0ae.ja",
        "003_63aeed18b7f8a488.ja",
        "003_63aeed18b7f8a488.en",
        "004_f09298817ccba4f1",
    }
    ja = cleaned_seeds["003_63aeed18b7f8a488.ja"]
    en = cleaned_seeds["003_63aeed18b7f8a488.en"]
    assert ja.line_numbers == (0, 1, 2, 3, 4)
    assert ja.paragraphs[3].startswith("一方、韓国と米国は")
    assert ja.paragraphs[4].endswith("懸念している。")  # the AFPBB credit tag is cut off
    assert en.line_numbers == tuple(range(6, 27))
    assert en.paragraphs[4].startswith("The United States and South Korea have accused")
    assert en.paragraphs[-1].startswith("North Korea said last month that any troop deployment")
    assert [len(d.paragraphs) for d in cleaned_seeds.values()] == [5, 10, 6, 5, 21, 9]
    for document in cleaned_seeds.values():
        assert len(document.paragraphs) == len(document.line_numbers)


def test_seed_headlines_and_subheadings(cleaned_seeds: dict[str, Document]) -> None:
    heads = {doc_id: d.paragraphs[0] for doc_id, d in cleaned_seeds.items()}
    assert heads["000_fb87fffd9cab5b6b.en"] == "North Korea's Kim vows permanent support for Putin's policies"
    assert heads["002_744c50be785ef0ae.ja"] == "プーチンと金正恩の歴史的合意!ロシアと北朝鮮の相互支援協定が締結"
    assert (
        heads["004_f09298817ccba4f1"] == "Japan says it is seriously concerned over Russia-N Korea military cooperation"
    )
    assert "24年ぶりの訪朝" in cleaned_seeds["001_928b56e06e5931a4.ja"].paragraphs
    assert "- Foreign policy realignment? -" in cleaned_seeds["003_63aeed18b7f8a488.en"].paragraphs


@pytest.mark.parametrize(
    "line",
    ["Updated: March 14, 2025 at 6:30 p.m.", "March 14, 2025 6:30 pm ET", "Published 6:30 a.m. EDT"],
)
def test_an_ap_style_time_is_a_date_line(line: str) -> None:
    # "p.m." at the end of the line never matched, and the line was kept as a sentence
    assert is_date_line(line)
    assert not is_date_line("At 6:30 p.m. the meeting ended.")


@pytest.mark.parametrize(
    "line",
    [
        "この記事は有料会員限定です。",
        "有料会員になると続きをお読みいただけます。",
        "Subscribe now for unlimited access.",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Advertisement · Scroll to continue",
    ],
)
def test_paywall_and_standards_lines_are_site_phrases(line: str) -> None:
    assert is_site_phrase(line)
