"""TMX 1.4b output of aligned pairs (and a small reader for round trips).

Every ``<tu>`` carries its score and provenance as ``<prop>`` elements with ``x-`` types,
which TMX 1.4b reserves for tool-defined properties, so other CAT tools keep them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

from lxml import etree

from jaen_align.errors import InputError
from jaen_align.types import AlignedPair

TOOL_NAME = "jaen-align"
DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Not allowed in XML 1.0: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
# DEL and C1 controls are allowed but discouraged (XML 1.0 section 2.2); they never belong in
# a sentence, and text/normalize.py drops them too.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML 1.0 document cannot (or should not) contain."""
    return _NOT_XML.sub("", text)


def tmx_date(moment: datetime) -> str:
    """TMX's date format: UTC, ``YYYYMMDDThhmmssZ``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def tmx_bytes(
    pairs: Sequence[AlignedPair],
    *,
    tool_version: str,
    created: datetime | None = None,
    properties: Mapping[str, str] | None = None,
) -> bytes:
    """A UTF-8 TMX 1.4b document with one ``<tu>`` per pair, Japanese as the source language.

    ``created`` (default: now) fixes the header's creationdate, for reproducible output;
    ``properties`` become ``<prop type="...">`` elements of the header (the run's signature).
    """
    root = etree.Element("tmx", version="1.4")
    header = {
        "creationtool": TOOL_NAME,
        "creationtoolversion": xml_safe(tool_version),
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "ja",
        "o-tmf": TOOL_NAME,
        "creationdate": tmx_date(created or datetime.now(timezone.utc)),
    }
    header_element = etree.SubElement(root, "header", header)
    for kind, value in (properties or {}).items():
        etree.SubElement(header_element, "prop", type=kind).text = xml_safe(value)
    body = etree.SubElement(root, "body")
    for pair in pairs:
        body.append(_tu(pair))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=DOCTYPE)


def _tu(pair: AlignedPair) -> etree._Element:
    tu = etree.Element("tu")
    props = [
        ("x-score", f"{pair.score:.4f}"),
        ("x-ja-doc", pair.ja_doc),
        ("x-en-doc", pair.en_doc),
        ("x-ja-ids", ",".join(str(i) for i in pair.ja_ids)),
        ("x-en-ids", ",".join(str(i) for i in pair.en_ids)),
    ]
    props += [(f"x-feature-{name}", f"{value:.4f}") for name, value in sorted(pair.features.items())]
    # TMX wants every <prop> before the first <tuv>.
    for prop_type, value in props:
        etree.SubElement(tu, "prop", type=xml_safe(prop_type)).text = xml_safe(value)
    for lang, text in (("ja", pair.ja), ("en", pair.en)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = xml_safe(text)
    return tu


def read_tmx(data: bytes, *, source: str = "<tmx>") -> list[tuple[str, str, float]]:
    """(ja, en, score) for every ``<tu>`` holding both a Japanese and an English ``<tuv>``.

    Language tags match by primary subtag (``ja-JP`` is Japanese); inline markup inside
    ``<seg>`` is flattened to its text; a ``<tu>`` without an ``x-score`` prop gets NaN.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(source, f"not well-formed XML: {exc}") from None
    if root.tag != "tmx":
        raise InputError(source, f"not a TMX document: the root element is <{root.tag}>")
    rows = []
    for tu in root.iter("tu"):
        segs = _segments(tu)
        if "ja" in segs and "en" in segs:
            rows.append((segs["ja"], segs["en"], _score(tu)))
    return rows


def _segments(tu: etree._Element) -> dict[str, str]:
    segs: dict[str, str] = {}
    for tuv in tu.findall("tuv"):
        # TMX 1.1 used a plain ``lang`` attribute.
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].split("_")[0].lower()
        seg = tuv.find("seg")
        if seg is not None and lang and lang not in segs:
            segs[lang] = "".join(seg.itertext())
    return segs


def _score(tu: etree._Element) -> float:
    for prop in tu.findall("prop"):
        if prop.get("type") == "x-score":
            try:
                return float(prop.text or "")
            except ValueError:
                return math.nan
    return math.nan
