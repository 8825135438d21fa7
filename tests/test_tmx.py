from __future__ import annotations

import math
import re
from datetime import datetime, timezone

import pytest
from lxml import etree

from jaen_align.corpus.tmx import read_tmx, tmx_bytes, xml_safe
from jaen_align.errors import InputError
from jaen_align.types import AlignedPair

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTROLS = "".join(chr(c) for c in range(0x20)) + "\x7f\ufffe\uffff\ud800"
ESCAPED = "<b>&amp; \"quoted\" 'single' </seg>]]>"


def pair(ja: str = "猫が好きです。", en: str = "I like cats.", score: float = 0.87654, **kw) -> AlignedPair:
    fields = {"ja_ids": (0, 1), "en_ids": (3,), "ja_doc": "nhk-1", "en_doc": "bbc-1", "features": {}}
    fields.update(kw)
    return AlignedPair(ja=ja, en=en, score=score, **fields)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def test_header_attributes() -> None:
    created = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    root = parse(tmx_bytes([pair()], tool_version="1.2.3", created=created))
    assert root.tag == "tmx"
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert dict(header.attrib) == {
        "creationtool": "jaen-align",
        "creationtoolversion": "1.2.3",
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "ja",
        "o-tmf": "jaen-align",
        "creationdate": "20240102T030405Z",
    }
    assert root.find("body") is not None


def test_default_creationdate_is_utc_tmx_format() -> None:
    header = parse(tmx_bytes([], tool_version="0")).find("header")
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))


def test_declaration_and_doctype() -> None:
    data = tmx_bytes([pair()], tool_version="0")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert etree.fromstring(data).getroottree().docinfo.doctype == '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'


def test_one_tu_per_pair_with_props_before_tuvs() -> None:
    pairs = [pair(), pair(ja="犬", en="Dog", score=0.5, ja_ids=(7,), en_ids=(8, 9), features={"chrf": 0.25})]
    tus = parse(tmx_bytes(pairs, tool_version="0")).findall("body/tu")
    assert len(tus) == 2
    first, second = tus
    assert [child.tag for child in first] == ["prop"] * 5 + ["tuv", "tuv"]
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props == {
        "x-score": "0.8765",
        "x-ja-doc": "nhk-1",
        "x-en-doc": "bbc-1",
        "x-ja-ids": "0,1",
        "x-en-ids": "3",
    }
    second_props = {p.get("type"): p.text for p in second.findall("prop")}
    assert second_props["x-score"] == "0.5000"
    assert second_props["x-en-ids"] == "8,9"
    assert second_props["x-feature-chrf"] == "0.2500"
    tuvs = second.findall("tuv")
    assert [t.get(XML_LANG) for t in tuvs] == ["ja", "en"]
    assert [t.findtext("seg") for t in tuvs] == ["犬", "Dog"]


def test_special_characters_escaped_and_invalid_ones_removed() -> None:
    ja = f"前{CONTROLS}後{ESCAPED}"
    en = f"before{CONTROLS}after{ESCAPED}"
    data = tmx_bytes([pair(ja=ja, en=en, ja_doc=f"doc{CONTROLS}<&>")], tool_version="0")
    root = parse(data)  # well-formed despite the input
    segs = [seg.text for seg in root.iter("seg")]
    assert segs == [f"前\t\n\r後{ESCAPED}", f"before\t\n\rafter{ESCAPED}"]
    ja_doc = root.find("body/tu/prop[@type='x-ja-doc']").text
    assert ja_doc == "doc\t\n\r<&>"
    assert b"&lt;b&gt;&amp;amp;" in data


def test_xml_safe_keeps_tab_newline_cr_and_ordinary_text() -> None:
    assert xml_safe("a\tb\nc\rd 日本 \U0001f600") == "a\tb\nc\rd 日本 \U0001f600"
    assert xml_safe(CONTROLS) == "\t\n\r"


def test_read_tmx_round_trip() -> None:
    pairs = [pair(), pair(ja="A&B <c>", en="x'y\"z", score=0.1)]
    assert read_tmx(tmx_bytes(pairs, tool_version="0")) == [
        ("猫が好きです。", "I like cats.", 0.8765),
        ("A&B <c>", "x'y\"z", 0.1),
    ]


def test_read_tmx_foreign_file_without_scores() -> None:
    data = (
        b'<tmx version="1.4"><header srclang="en"/><body>'
        b'<tu><tuv xml:lang="EN-US"><seg>Hello <ph>x</ph>world</seg></tuv>'
        b'<tuv xml:lang="ja-JP"><seg>\xe3\x81\x93\xe3\x82\x93</seg></tuv></tu>'
        b'<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu>'
        b"</body></tmx>"
    )
    [(ja, en, score)] = read_tmx(data)
    assert (ja, en) == ("こん", "Hello xworld")
    assert math.isnan(score)


def test_read_tmx_rejects_malformed_and_non_tmx() -> None:
    with pytest.raises(InputError, match="corpus.tmx: not well-formed"):
        read_tmx(b"<tmx><body>", source="corpus.tmx")
    with pytest.raises(InputError, match="root element is <html>"):
        read_tmx(b"<html/>")


def test_empty_corpus_is_valid_tmx() -> None:
    root = parse(tmx_bytes([], tool_version="0"))
    assert root.findall("body/tu") == []
    assert read_tmx(tmx_bytes([], tool_version="0")) == []
