"""HTML pages as input: paragraphs from the markup, the page furniture left out."""

from __future__ import annotations

import html as html_escape
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from jaen_align.cli import main
from jaen_align.corpus.html import html_paragraphs, looks_like_html
from jaen_align.corpus.readers import read_documents
from jaen_align.errors import InputError

SEED = SEEDS / "003_63aeed18b7f8a488.txt"


def as_page(text: str) -> str:
    """A news page around the seed's lines: each line a <p>, with a menu, a script, a style,
    a sidebar and a footer whose words must not become paragraphs."""
    body = "\n".join(f"  <p>{html_escape.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>ロシア代表団 | ニュースサイト</title>
<style>p {{ margin: 0 }}</style><script>var menu = "メニューを開く";</script></head>
<body><nav><ul><li><a href="/">トップ</a></li><li><a href="/world">国際</a></li></ul></nav>
<article>
{body}
</article>
<aside><h2>アクセスランキング</h2><ol><li>別の記事の見出し</li></ol></aside>
<footer>Copyright © 2024 Example News. All rights reserved.</footer>
</body></html>
"""


def unclosed_fonts(count: int) -> str:
    """A page of ``count`` lines, each opening a <font> it never closes, as old pages do."""
    lines = "".join(f'<font size="2">これは{n}番目の文です。<br>\n' for n in range(count))
    return f"<html><body>\n{lines}</body></html>"


def test_paragraphs_follow_the_blocks_and_skip_the_furniture() -> None:
    page = """<html><body><nav>ホーム ニュース</nav><h1>見出し</h1>
    <p>一文目。<b>太字</b>の続き。<br>改行の後。</p><!-- 注釈 --><script>var s = "スクリプト";</script>
    <div>前<p>中の段落</p>後</div><table><tr><td>表の中</td></tr></table><footer>フッター</footer></body></html>"""
    assert html_paragraphs(page) == ["見出し", "一文目。太字の続き。", "改行の後。", "前", "中の段落", "後", "表の中"]


def test_html_is_recognized_by_name_or_by_its_opening() -> None:
    assert looks_like_html("page.HTML", "no tags at all")
    assert looks_like_html("page.txt", '<?xml version="1.0"?>\n<!-- saved -->\n<!DOCTYPE html>\n<html>')
    assert looks_like_html("-", "<html lang='ja'><body>本文</body></html>")
    assert not looks_like_html("notes.txt", "<b> is a tag, and this line is text about HTML.")


def test_an_html_page_reads_as_the_text_it_holds(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    page = tmp_path / SEED.with_suffix(".html").name
    page.write_text(as_page(text), encoding="utf-8")
    from_text = read_documents([str(SEED)])
    from_page = read_documents([str(page)])
    assert [(d.id, d.lang, d.paragraphs) for d in from_page] == [(d.id, d.lang, d.paragraphs) for d in from_text]


def test_the_main_job_on_an_html_page_finds_the_pairs_of_its_text(tmp_path: Path) -> None:
    text_dir, page_dir = tmp_path / "text", tmp_path / "page"
    text_dir.mkdir()
    page_dir.mkdir()
    (text_dir / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (page_dir / SEED.with_suffix(".html").name).write_text(as_page(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    pairs = []
    for folder in (text_dir, page_dir):
        out = tmp_path / f"{folder.name}.jsonl"
        result = CliRunner().invoke(main, ["align", str(folder), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        pairs.append([(r["ja"], r["en"], r["score"]) for r in map(json.loads, out.read_text().splitlines())])
    assert pairs[0] and pairs[1] == pairs[0]


def test_an_html_page_without_text_is_an_input_error(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><script>var x = 1;</script></head><body><nav>menu</nav></body></html>")
    result = CliRunner().invoke(main, ["align", str(page), "-o", str(tmp_path / "out.tsv")])
    assert result.exit_code == 2
    assert f"{page}: HTML page without text" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.tsv").exists()


def test_deeply_nested_unclosed_elements_keep_every_sentence(tmp_path: Path) -> None:
    # libxml2 stops at 256 nested elements unless told otherwise, silently
    page = tmp_path / "unclosed.html"
    page.write_text(unclosed_fonts(400), encoding="utf-8")
    [doc] = read_documents([str(page)])
    assert list(doc.paragraphs) == [f"これは{n}番目の文です。" for n in range(400)]


def test_a_text_node_over_10_mb_is_read_whole() -> None:
    # libxml2 stops at a text node of 10,000,000 bytes unless told otherwise, silently
    long = "これは長い段落です。" * 340_000  # 10.2 MB in UTF-8
    assert html_paragraphs(f"<html><body><p>前</p><p>{long}</p><p>後</p></body></html>") == ["前", long, "後"]


def test_nesting_past_the_parsers_last_limit_is_an_input_error(tmp_path: Path) -> None:
    # 2048 nested elements stay a limit: the page fails rather than loses its end
    with pytest.raises(InputError, match=r"^deep\.html: line \d+: .*depth.*: the text after it would be lost$"):
        html_paragraphs(unclosed_fonts(2100), "deep.html")
    page = tmp_path / "deep.html"
    page.write_text(unclosed_fonts(2100), encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(page), "-o", str(tmp_path / "out.tsv")])
    assert result.exit_code == 2
    assert "the text after it would be lost" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.tsv").exists()


def test_text_after_a_comment_or_processing_instruction_inside_a_paragraph_is_kept() -> None:
    # the text after a CMS marker was dropped, and with it the rest of the sentence
    page = (
        "<html><body><p>前半<!-- ad-slot -->後半の文です。<?php echo 1; ?>最後の文。</p>"
        "<!-- x --><p>次の段落。</p></body></html>"
    )
    assert html_paragraphs(page) == ["前半後半の文です。最後の文。", "次の段落。"]


def test_ruby_readings_are_left_out_of_the_text() -> None:
    page = "<p><ruby>漢字<rt>かんじ</rt></ruby>を<ruby><rb>読</rb><rp>（</rp><rt>よ</rt><rp>）</rp></ruby>む。</p>"
    assert html_paragraphs(f"<html><body>{page}</body></html>") == ["漢字を読む。"]
