"""Boilerplate removal: keep the article body of scraped news pages, drop the rest.

Every rule is a small pure function, listed in ``CLEAN_RULES``:

- line rules (``str -> bool``, True = boilerplate) look at one paragraph alone;
- ``credit_tag`` rewrites a paragraph (a credit tag after a real sentence is cut off);
- ``repeated_line`` looks at the whole collection;
- the document rules look at the sequence of paragraphs of one document: where the article
  ends (``trailer``), runs of short lines (``short_run``), short lines outside the body
  (``stray_short_line``) and the headline, which is kept if one stands right above the body.

A paragraph is a *sentence* when it is long enough and ends like a sentence (。 . ! ? or a
closing quote); anything else is *short*. Short paragraphs survive only between sentences
(subheadings) or as the headline.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from jaen_align.types import Document

# Widths count a full-width (Japanese) character as 2 and a Latin one as 1, so one threshold
# fits both languages: 60 is about 30 Japanese characters or 10 English words.
SHORT_WIDTH = 60
LIST_ITEM_WIDTH = 100
MIN_SENTENCE_WIDTH = 16
MIN_HEADLINE_WIDTH = 20
MAX_HEADLINE_WIDTH = 160
HEADLINE_WINDOW = 4  # how many paragraphs above the first sentence a headline may stand
MIN_SHORT_RUN = 3

_SENTENCE_END = re.compile(r"(?:[。.!?！？][」』)）\]\"'”’]*|[」』”\"])$")
_TRUNCATED = re.compile(r"(?:\.\.|…)$")  # "...の新ショット公開…" is a cut-off teaser, not a sentence


@lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    # memoized: the cleaning rules ask for the width of the same line many times
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def looks_like_sentence(line: str) -> bool:
    """Long enough and ending like a sentence: 。 . ! ? (closing brackets may follow) or a
    closing quote; a line ending in an ellipsis is a truncated teaser, not a sentence."""
    return (
        display_width(line) >= MIN_SENTENCE_WIDTH and bool(_SENTENCE_END.search(line)) and not _TRUNCATED.search(line)
    )


def _is_short(line: str, width: int = SHORT_WIDTH) -> bool:
    return display_width(line) <= width


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    # \b only around Latin phrases: Japanese has no word boundaries.
    parts = [rf"\b{re.escape(p)}\b" if p.isascii() else re.escape(p) for p in phrases]
    return re.compile("|".join(parts), re.IGNORECASE)


# --- line rules ---------------------------------------------------------------------------

# Whole-line navigation and button labels (compared after dropping digits and symbols).
SITE_LABELS = frozenset(
    {
        "home", "menu", "search", "share", "tweet", "print", "email", "e mail", "comments", "comment",
        "reply", "report", "like", "likes", "related", "advertisement", "advertising", "sponsored", "ad",
        "pr", "close", "accept", "reject", "accept all", "reject all", "ok", "next", "previous", "back",
        "top", "login", "log in", "sign in", "sign up", "subscribe", "register", "more",
        "広告", "シェア", "ツイート", "印刷", "一覧", "ホーム", "トップ", "いいね", "コメント", "返信", "通報",
        "拒否", "同意", "同意する", "閉じる", "次へ", "前へ", "戻る", "検索", "メニュー", "ログイン", "会員登録",
        "もっと見る", "続きを読む",
    }
)  # fmt: skip
# Site phrases that make a short line boilerplate wherever they occur in it.
SITE_PHRASES = (
    "related articles", "related stories", "related news", "related posts", "related content", "related coverage",
    "related topics", "read more", "read next", "see also", "more from", "more stories", "you may also like",
    "you might also like", "recommended for you", "most read", "most popular", "most viewed", "trending now",
    "latest news", "latest stories", "top stories", "sign up", "subscribe to", "newsletter", "skip to content",
    "skip to main content", "back to top", "follow us", "share this", "share on", "click here", "download the app",
    "関連記事", "関連ニュース", "関連リンク", "関連情報", "あわせて読みたい", "合わせて読みたい",
    "こちらもおすすめ", "おすすめ記事", "最新ニュース", "最新記事", "新着記事", "ランキング", "人気記事",
    "写真特集", "続きを読む", "もっと見る", "メールマガジン", "メルマガ", "会員登録", "ログイン",
    "ページの先頭", "ページトップ", "記事一覧", "この記事をシェア",
    # paywalls and standards boxes
    "有料会員", "会員限定", "続きをお読み", "subscribe now", "unlimited access", "subscribers only",
    "our standards", "trust principles", "scroll to continue",
)  # fmt: skip
_SITE_PHRASE = _phrase_pattern(SITE_PHRASES)
_LABEL_NOISE = re.compile(r"[\W\d_]+")


def is_site_phrase(line: str) -> bool:
    """A navigation or button label ("Share", "シェア 12", "Home") or a short line holding a
    site phrase ("Related articles", "人気ランキング", "Sign up for our newsletter")."""
    if _LABEL_NOISE.sub(" ", line.lower()).strip() in SITE_LABELS:
        return True
    return _is_short(line) and bool(_SITE_PHRASE.search(line))


_COOKIE = re.compile(r"cookie|クッキー", re.IGNORECASE)
_POLICY = re.compile(r"privacy policy|プライバシーポリシー|利用規約|terms of (?:use|service)", re.IGNORECASE)
# the site speaking to its reader: a news sentence about cookies or a privacy policy ("the
# ministry will seek users' consent", "Fortune cookies were first sold...") does not
_CONSENT = re.compile(
    r"\b(?:we use|we and our|this (?:web)?site|you (?:agree|accept|consent)|by (?:continuing|using|clicking|browsing)"
    r"|(?:cookie|privacy) (?:settings|preferences)|manage (?:cookies|preferences|settings)|accept all"
    r"|our (?:cookie|privacy) (?:policy|notice)|read our)\b"
    r"|サイト|当社|弊社|ブラウザ|お読み|ご確認|使用します|利用します|使用しています|同意します|同意いただ|同意したもの|Cookie設定|クッキー設定",
    re.IGNORECASE,
)


def is_cookie_banner(line: str) -> bool:
    """Cookie and privacy consent text, of any length: cookies or a privacy policy together
    with the site addressing its reader ("This website uses cookies", "By using this site you
    agree...", "...Cookieを使用します")."""
    return bool((_COOKIE.search(line) or _POLICY.search(line)) and _CONSENT.search(line))


_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|all rights reserved|無断(?:転載|転用|複製|使用)|著作権", re.IGNORECASE
)


def is_copyright(line: str) -> bool:
    """A copyright notice: "© KYODO", "Copyright (C) 2024 ...", "All rights reserved", "無断転載を禁じます"."""
    return _is_short(line, 2 * LIST_ITEM_WIDTH) and bool(_COPYRIGHT.search(line))


_DATE_PARTS = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|\d{1,2}\s*時|\d{1,2}\s*分|\d{1,2}\s*秒|[月火水木金土日]曜日?|午前|午後"
    r"|[(（]\s*[月火水木金土日祝]\s*[)）]|号|更新|配信|公開|掲載|発売"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
    # "a.m." ends in a dot, after which \b never matches before a space or the end of the line
    r"|\b[ap]\.m\.|\b(?:am|pm|gmt|utc|jst|kst|est|edt|et|pt|bst|cet|updated|published|posted|last|on|at)\b",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*時|\d{1,2}:\d{2}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
    r"|\b\d{1,2}/\d{1,2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)


def is_date_line(line: str) -> bool:
    """A line that is only a date and/or time: "2024年6月19日(水)20時38分", "(2024/11/19-19:05)",
    "Updated Nov. 19, 2024 10:05 JST"."""
    if not _is_short(line) or not _DATE_TOKEN.search(line):
        return False
    rest = _DATE_PARTS.sub("", line)
    return sum(ch.isalpha() for ch in rest) == 0


def is_separator_line(line: str) -> bool:
    """No letters at all: bullets, dashes, list numbers, vote counts ("•", "-", "3", "-3 ( +1 / -4 )")."""
    return not any(ch.isalpha() for ch in line)


_LINK_SEPARATORS = re.compile(r"【[^】]*】|〔[^〕]*〕|[|｜=＝―─»›]|\s>\s")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


def is_link_list(line: str) -> bool:
    """The shape of a headline link or menu item: a bare URL, or a short non-sentence line cut
    up by 【】〔〕 | = ― separators ("【野球】慶応大の4番打者", "閉会式〔パリ五輪〕",
    "医療保険担当に元司会者=トランプ氏―次期米政権", "〔AFP=時事〕(2024/11/19-19:05)")."""
    if _URL_LINE.match(line):
        return True
    return _is_short(line, LIST_ITEM_WIDTH) and not looks_like_sentence(line) and bool(_LINK_SEPARATORS.search(line))


_FEEDBACK = re.compile(
    r"found this (?:helpful|useful)|was this (?:article )?helpful"
    r"|(?:log ?in|sign ?in|register) to (?:comment|reply|vote)"
    r"|leave a (?:comment|reply)|^\d[\d,.]*\s*(?:comments?|likes?|votes?|replies|shares|reactions|points)$"
    r"|^(?:comments?|likes?|votes?|replies)\s*[(:]?\s*\d+\s*\)?$"
    r"|^(?:コメント|いいね|返信|リツイート|シェア|ブックマーク|参考になった|役に立った)[!！]?\s*[(（:：]?\s*\d*\s*[)）]?(?:件|人)?$"
    r"|^\d[\d,]*\s*(?:件の)?コメント$|^\d[\d,]*\s*(?:人|件)が(?:参考になった|役に立った|いいね)"
    r"|コメントを(?:書く|投稿|見る)|^@\w+$|^[+-]?\d+\s*\(\s*\+\d+\s*/\s*-\d+\s*\)$",
    re.IGNORECASE,
)


def is_reader_feedback(line: str) -> bool:
    """Reader comment and vote furniture: "123 people found this helpful", "5 Comments",
    "コメント(12)", "いいね", "@username", "-3 ( +1 / -4 )"."""
    return _is_short(line, LIST_ITEM_WIDTH) and bool(_FEEDBACK.search(line))


_AGENCIES = (
    r"REUTERS|Reuters|AFP|AP|EPA|Getty Images|Bloomberg|Yonhap|KCNA|Kyodo"
    r"|ロイター|共同|時事|聯合|新華社|朝鮮中央通信"
)
# a photographer's or agency's name: capitalized words ("Issei Kato", "Pool", "File Photo"), or a
# short Japanese name without a full stop ("アフロ")
_CREDIT_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|di|bin))*|[^\s/。.,、()（）]{1,12}"
_PHOTO_CREDIT = re.compile(
    r"[(（]\s*(?:写真|撮影|画像|提供|資料写真)[^()（）]*[)）]$"
    r"|(?:写真|撮影|画像)\s*[:：][^。]{1,40}$"
    r"|^(?:写真|画像|photo|image|picture)\s*[:：]"
    r"|\b(?:photo|photograph|image|picture|credit|photo credit)s?\s*(?:by)?\s*:\s*.{1,100}$"
    r"|\bphoto(?:graph)?\s+by\s+[A-Z][^.]{1,60}$"
    rf"|\bvia\s+(?-i:{_AGENCIES})\)?$"
    # "REUTERS/Issei Kato/Pool", "(AP Photo/Eugene Hoshiko)", "ロイター/アフロ": a credit names a
    # photographer or an agency and ends the line without a sentence's full stop ("a Reuters/Ipsos
    # poll found approval at 40%." is article text)
    rf"|(?<![A-Za-z])(?-i:{_AGENCIES})(?:\s+Photo)?\s*/\s*(?-i:{_CREDIT_NAME})(?:\s*/\s*(?-i:{_CREDIT_NAME})){{0,2}}\s*\)?$"
    rf"|/\s*(?-i:{_AGENCIES})(?:通信|ニュース)?\s*\)?$",
    re.IGNORECASE,
)


def is_photo_caption(line: str) -> bool:
    """A photo caption: a paragraph that ends with (or starts with) an image credit —
    "(写真:ロイター/アフロ)", "... /AFP通信", "Photo: ...", "Image: ... via AP", "REUTERS/Kim Hong-Ji".
    The whole caption goes: it describes a picture, it is not article text."""
    return bool(_PHOTO_CREDIT.search(line.strip()))


_BYLINE = re.compile(
    r"^(?:By|Written by|Reported by|Story by|Text by|Words by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&|\|)\s*.{0,60})?$"
    r"|^[(（]?(?:文|取材・文|取材|構成|撮影|記者|筆者|執筆|編集)\s*[:：=＝／/]\s*\S.{0,30}$"
    r"|^\S{1,12}\s?(?:記者|特派員|編集委員|論説委員)$",
)
_AGENCY_NOTE = re.compile(r"^\(?(?:reporting|editing|writing|additional reporting) by\b.*", re.IGNORECASE)


def is_byline(line: str) -> bool:
    """An author line: "By Kim Tong-Hyung, Associated Press", "(Reporting by ...; Editing by ...)",
    "(文:山田太郎)", "山田太郎 記者"."""
    if not _is_short(line, LIST_ITEM_WIDTH):
        return False
    if line.endswith((".", "。", "!", "?")) and not line.startswith("("):
        return False  # "By Monday, the talks had ended." is a sentence
    return bool(_BYLINE.match(line) or _AGENCY_NOTE.match(line))


# --- paragraph rewrite --------------------------------------------------------------------

_TRAILING_TAGS = re.compile(
    r"(?<=[。.!?！？」』\"”])\s*(?:(?:【[^【】]{1,40}】|〔[^〔〕]{1,40}〕|\[[^\[\]]{1,40}\]|[(（][^()（）]{1,40}[)）])\s*)+$"
)
_TAG_ENDS_SENTENCE = re.compile(r"[。.!?！？][)）\]】〕]\s*$")


def strip_credit_tags(line: str) -> str:
    """Cut credit tags off the end of a real sentence: "...懸念している。【翻訳編集AFPBBNews】",
    "...と述べた。[nL6N3IF0M2]", "...した。(共同)", "...said. (Reuters)". A line that is
    not a sentence before its tags (a headline, a dateline) is left alone."""
    match = _TRAILING_TAGS.search(line)
    if not match or _TAG_ENDS_SENTENCE.search(line):
        return line
    head = line[: match.start()].rstrip()
    return head if looks_like_sentence(head) else line


# --- collection rule ----------------------------------------------------------------------


def repeated_lines(docs: Sequence[Document], min_docs: int = 2) -> frozenset[str]:
    """Non-sentence paragraphs found in at least ``min_docs`` documents: site furniture
    ("関連記事", menu items, section names). Repeated sentences stay: the same wire story
    may run on several sites."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({p for p in doc.paragraphs if not looks_like_sentence(p)})
    return frozenset(line for line, n in counts.items() if n >= min_docs)


# --- document rules -----------------------------------------------------------------------


class Kind(Enum):
    BOILER = "boiler"
    SENTENCE = "sentence"
    SHORT = "short"


# Headings that may carry a count ("5 Comments", "コメント(12)") but nothing else: "Kim's
# comments" as a subheading must not end the article.
_TRAILER_LABELS = frozenset({"comments", "comment", "related", "recommended", "trending", "コメント", "おすすめ"})
_TRAILER_PHRASES = (
    "related articles", "related stories", "related news", "related coverage", "read next", "more from",
    "more stories", "you may also like", "you might also like", "recommended for you", "most read", "most popular",
    "most viewed", "latest news", "latest stories", "top stories", "関連記事", "関連ニュース", "関連リンク",
    "あわせて読みたい", "合わせて読みたい", "こちらもおすすめ", "おすすめ記事", "最新ニュース", "最新記事",
    "新着記事", "ランキング", "人気記事", "写真特集",
)  # fmt: skip
_TRAILER = _phrase_pattern(_TRAILER_PHRASES)
_YEAR = re.compile(r"(?:19|20)\d\d")
_RIGHTS = re.compile(r"rights reserved|無断(?:転載|転用|複製|使用)", re.IGNORECASE)


def is_trailer_heading(line: str) -> bool:
    """A heading that follows the article on news pages: related articles, rankings, latest
    news, comments ("関連記事", "アクセスランキング", "Most read", "5 Comments"), or a full
    copyright notice with a year or a rights clause ("©2024 GPlusMedia Inc.")."""
    if is_copyright(line) and (_YEAR.search(line) or _RIGHTS.search(line)):
        return True
    if _LABEL_NOISE.sub(" ", line.lower()).strip() in _TRAILER_LABELS:
        return True
    return _is_short(line, 30) and bool(_TRAILER.search(line))


def trailer_start(kinds: Sequence[Kind], positions: Sequence[int], markers: Sequence[int]) -> int:
    """Index of the first paragraph after the article: the first trailer heading (``markers``,
    positions in the same coordinates as ``positions``) that comes after a sentence of the body.
    A heading above all of the body is page furniture, not the end. ``len(kinds)`` if none."""
    body = [pos for kind, pos in zip(kinds, positions, strict=True) if kind is Kind.SENTENCE]
    if not body:
        return len(kinds)
    ends = [m for m in markers if m > body[0]]
    if not ends:
        return len(kinds)
    end = min(ends)
    return next((i for i, pos in enumerate(positions) if pos >= end), len(kinds))


def mark_short_runs(kinds: Sequence[Kind], min_run: int = MIN_SHORT_RUN) -> list[Kind]:
    """Runs of ``min_run`` or more short paragraphs (boilerplate in between does not break a run)
    are menus, headline lists or rankings: all boilerplate."""
    out = list(kinds)
    run: list[int] = []
    for i, kind in enumerate([*kinds, Kind.SENTENCE]):
        if kind is Kind.SHORT:
            run.append(i)
        elif kind is Kind.SENTENCE:
            if len(run) >= min_run:
                for j in run:
                    out[j] = Kind.BOILER
            run = []
    return out


def mark_stray_short_lines(kinds: Sequence[Kind]) -> list[Kind]:
    """A short paragraph stays only between two sentences (a subheading); next to boilerplate
    or at either end of the document it is page furniture."""
    before = _nearest_non_short(kinds)
    after = _nearest_non_short(kinds[::-1])[::-1]
    return [
        Kind.BOILER if kind is Kind.SHORT and (b is not Kind.SENTENCE or a is not Kind.SENTENCE) else kind
        for kind, b, a in zip(kinds, before, after, strict=True)
    ]


def _nearest_non_short(kinds: Sequence[Kind]) -> list[Kind]:
    """For each position, the last non-short kind before it (BOILER at the start)."""
    out = []
    last = Kind.BOILER
    for kind in kinds:
        out.append(last)
        if kind is not Kind.SHORT:
            last = kind
    return out


def is_headline_like(line: str) -> bool:
    width = display_width(line)
    if not MIN_HEADLINE_WIDTH <= width <= MAX_HEADLINE_WIDTH or line.endswith((":", "：")):
        return False
    wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in line)
    return wide or len(line.split()) >= 3


def find_headline(paragraphs: Sequence[str], kinds: Sequence[Kind], window: int = HEADLINE_WINDOW) -> int | None:
    """Index of the headline: the nearest headline-like short paragraph at most ``window``
    paragraphs above the first sentence. ``kinds`` are those of the line rules, so a date,
    a link or a phrase is never taken for a headline."""
    first = next((i for i, kind in enumerate(kinds) if kind is Kind.SENTENCE), None)
    if first is None:
        return None
    for i in range(first - 1, max(first - window, 0) - 1, -1):
        if kinds[i] is Kind.SHORT and is_headline_like(paragraphs[i]):
            return i
    return None


# --- the registry and the pipeline -----------------------------------------------------------


@dataclass(frozen=True)
class CleanRule:
    name: str
    scope: str  # "line", "rewrite", "collection" or "document"
    function: Callable[..., object]

    @property
    def description(self) -> str:
        return " ".join((self.function.__doc__ or "").split())


LINE_RULES: dict[str, Callable[[str], bool]] = {
    "site_phrase": is_site_phrase,
    "cookie_banner": is_cookie_banner,
    "copyright": is_copyright,
    "date_line": is_date_line,
    "separator_line": is_separator_line,
    "link_list": is_link_list,
    "reader_feedback": is_reader_feedback,
    "photo_caption": is_photo_caption,
    "byline": is_byline,
}
CLEAN_RULES: tuple[CleanRule, ...] = (
    *(CleanRule(name, "line", rule) for name, rule in LINE_RULES.items()),
    CleanRule("credit_tag", "rewrite", strip_credit_tags),
    CleanRule("repeated_line", "collection", repeated_lines),
    CleanRule("trailer", "document", trailer_start),
    CleanRule("short_run", "document", mark_short_runs),
    CleanRule("stray_short_line", "document", mark_stray_short_lines),
    CleanRule("headline", "document", find_headline),
)


def is_boilerplate_line(line: str) -> bool:
    """True if any line rule matches."""
    return any(rule(line) for rule in LINE_RULES.values())


def classify(paragraphs: Sequence[str], boiler: Sequence[bool]) -> list[Kind]:
    return [
        Kind.BOILER if bad else Kind.SENTENCE if looks_like_sentence(p) else Kind.SHORT
        for p, bad in zip(paragraphs, boiler, strict=True)
    ]


def clean_documents(docs: Sequence[Document]) -> list[Document]:
    """The documents with boilerplate paragraphs removed (``line_numbers`` kept in step);
    documents left without paragraphs are dropped."""
    line_boiler = [[is_boilerplate_line(p) for p in doc.paragraphs] for doc in docs]
    texts = [
        [p if bad else strip_credit_tags(p) for p, bad in zip(doc.paragraphs, boiler, strict=True)]
        for doc, boiler in zip(docs, line_boiler, strict=True)
    ]
    rewritten = [replace(doc, paragraphs=tuple(t)) for doc, t in zip(docs, texts, strict=True)]
    repeated = repeated_lines(rewritten)
    markers = _trailer_markers(docs)
    cleaned = []
    for doc, paragraphs, boiler in zip(docs, texts, line_boiler, strict=True):
        kinds = classify(paragraphs, boiler)
        positions = list(doc.line_numbers) if doc.line_numbers else list(range(len(paragraphs)))
        key = (doc.source, True) if doc.line_numbers else (doc.id, False)
        end = trailer_start(kinds, positions, markers.get(key, []))
        keep = _keep_mask(paragraphs[:end], kinds[:end], repeated)
        kept = [i for i, ok in enumerate(keep) if ok]
        if not kept:
            continue
        cleaned.append(
            replace(
                doc,
                paragraphs=tuple(paragraphs[i] for i in kept),
                line_numbers=tuple(doc.line_numbers[i] for i in kept) if doc.line_numbers else (),
            )
        )
    return cleaned


def _trailer_markers(docs: Sequence[Document]) -> dict[tuple[str, bool], list[int]]:
    """Trailer headings by file: documents read from one file (the Japanese and English parts
    of a page) share them, by line number, since the heading may be in the other language
    ("関連記事" above English related stories). Documents without line numbers use their own."""
    markers: dict[tuple[str, bool], list[int]] = {}
    for doc in docs:
        key = (doc.source, True) if doc.line_numbers else (doc.id, False)
        positions = doc.line_numbers or range(len(doc.paragraphs))
        found = [pos for pos, p in zip(positions, doc.paragraphs, strict=True) if is_trailer_heading(p)]
        markers.setdefault(key, []).extend(found)
    return markers


def _keep_mask(paragraphs: Sequence[str], kinds: Sequence[Kind], repeated: frozenset[str]) -> list[bool]:
    kinds = [Kind.BOILER if p in repeated else k for p, k in zip(paragraphs, kinds, strict=True)]
    final = mark_stray_short_lines(mark_short_runs(kinds))
    headline = find_headline(paragraphs, kinds)
    return [kind is not Kind.BOILER or i == headline for i, kind in enumerate(final)]
