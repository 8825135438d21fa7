"""The paragraphs of an HTML page: the text of its block elements in document order, without
scripts, styles, navigation, sidebars, footers and forms. What remains still goes through the
boilerplate cleaner like any text; this step only turns markup into paragraphs."""

from __future__ import annotations

import re
from pathlib import PurePath

from lxml import etree, html

from jaen_align.errors import InputError

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(
    r"\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# elements whose content is never article text
SKIPPED = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
    | {"nav", "aside", "footer", "form", "button", "select", "textarea"}
    | {"rt", "rp"}  # ruby readings (漢字<rt>かんじ</rt>): the text is the base, without them
)
# elements that start and end a paragraph
BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
    | {"table", "thead", "tbody", "tr", "td", "th", "caption", "figure", "figcaption", "section", "article"}
    | {"header", "main", "address", "details", "summary", "hr", "br", "body"}
)
_SPACE = re.compile(r"\s+")
_HUGE_HINT = re.compile(r",\s*(use|try) XML_PARSE_HUGE.*", re.DOTALL)


def looks_like_html(name: str, text: str) -> bool:
    """An .html / .htm / .xhtml file, or text that opens with a doctype or <html> tag."""
    return PurePath(name).suffix.lower() in HTML_SUFFIXES or _HTML_START.match(text[:4096]) is not None


def html_paragraphs(text: str, source: str = "HTML page") -> list[str]:
    """The page's paragraphs, whitespace collapsed, empty ones left out. Raises InputError
    naming ``source`` for a page the parser cannot read to its end."""
    text = _XML_DECLARATION.sub("", text)  # lxml refuses a str that declares its encoding
    if not text.strip():
        return []
    root = _parse(text, source)
    if root is None:
        return []
    # a comment or processing instruction is no element: walking would lose the text after it
    # ("前半<!-- ad -->後半"), so it goes and its tail stays
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    paragraphs: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        paragraph = _SPACE.sub(" ", "".join(pending)).strip()
        if paragraph:
            paragraphs.append(paragraph)
        pending.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: comment, PI
        if event == "start":
            if tag is None or tag in SKIPPED:
                walker.skip_subtree()
                continue
            if tag in BLOCKS:
                flush()
            if element.text:
                pending.append(element.text)
        else:
            if tag in BLOCKS:
                flush()
            if element.tail and element is not root:
                pending.append(element.tail)
    flush()
    return paragraphs


def _parse(text: str, source: str) -> html.HtmlElement | None:
    """The page's root element, None for a page without elements."""
    # huge_tree lifts libxml2's limits of 256 nested elements (unclosed <font> tags, one a
    # line, on old pages) and 10 MB per text node: past a limit the parser stops without an
    # exception, and the rest of the page would be lost
    parser = html.HTMLParser(huge_tree=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except etree.ParserError:
        root = None
    stop = _stop_reason(parser)
    if stop is not None:
        raise InputError(source, f"{stop}: the text after it would be lost")
    return root


def _stop_reason(parser: html.HTMLParser) -> str | None:
    """Where and why the parser stopped before the end of the page, as at a limit that
    huge_tree still sets (2048 nested elements); None when it read the whole page."""
    for error in parser.error_log:
        if error.level == etree.ErrorLevels.FATAL:
            reason = _HUGE_HINT.sub("", error.message).strip()
            return f"line {error.line}: HTML parser stopped ({reason[:1].lower()}{reason[1:]})"
    return None
