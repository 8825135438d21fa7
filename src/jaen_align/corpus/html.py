"""The paragraphs of an HTML page: the text of its block elements in document order, without
scripts, styles, navigation, sidebars, footers and forms. What remains still goes through the
boilerplate cleaner like any text; this step only turns markup into paragraphs."""

from __future__ import annotations

import re
from pathlib import PurePath

from lxml import etree, html

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(
    r"\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# elements whose content is never article text
SKIPPED = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
    | {"nav", "aside", "footer", "form", "button", "select", "textarea"}
)
# elements that start and end a paragraph
BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre"}
    | {"table", "thead", "tbody", "tr", "td", "th", "caption", "figure", "figcaption", "section", "article"}
    | {"header", "main", "address", "details", "summary", "hr", "br", "body"}
)
_SPACE = re.compile(r"\s+")


def looks_like_html(name: str, text: str) -> bool:
    """An .html / .htm / .xhtml file, or text that opens with a doctype or <html> tag."""
    return PurePath(name).suffix.lower() in HTML_SUFFIXES or _HTML_START.match(text[:4096]) is not None


def html_paragraphs(text: str) -> list[str]:
    """The page's paragraphs, whitespace collapsed, empty ones left out."""
    text = _XML_DECLARATION.sub("", text)  # lxml refuses a str that declares its encoding
    if not text.strip():
        return []
    try:
        root = html.document_fromstring(text)
    except etree.ParserError:
        return []
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
