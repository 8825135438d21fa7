"""Unicode normalization suited to Japanese and English text.

The same function prepares the model's training data (``scripts/prepare_data.py``)
and the text the package translates at run time, so both sides see identical input.
"""

from __future__ import annotations

import re
import unicodedata

from jaen_align.text.scripts import KANA, KANJI, MARKS

# Characters NFKC would rewrite but that carry meaning in Japanese typography.
_PROTECTED = {"「": "「", "」": "」", "『": "『", "』": "』", "〜": "〜", "・": "・"}
# U+FF5E FULLWIDTH TILDE in Japanese text is the wave dash 〜 as Windows writes it: Shift_JIS
# 0x8160 decodes to it (EUC-JP's and ISO-2022-JP's same bytes to 〜 itself), and Japanese
# keyboards type it; in English text it is a tilde.
_PROTECTED_IN_JAPANESE = {**_PROTECTED, "\uff5e": "〜"}
_JAPANESE = re.compile(f"[{KANA}{KANJI}]")
# The other JIS X 0208 characters that Windows' Shift_JIS decodes apart from EUC-JP and
# ISO-2022-JP: the minus sign (cp932's full-width hyphen-minus, which NFKC makes "-") and the
# double vertical line (cp932's PARALLEL TO), so that every encoding of a text reads the same.
_JIS_VARIANTS = {"\u2212": "-", "\u2225": "\u2016"}
_SPACE_RUN = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
# control characters, lone surrogates and the noncharacters (U+FDD0-U+FDEF, U+FFFE/U+FFFF of
# every plane): none is text, and XML cannot carry the last two, so TMX could not keep them
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)
_JA_CHAR = f"{KANA}{KANJI}{MARKS}、。「」『』（）・！？"
_SPACE_BETWEEN_JA = re.compile(rf"(?<=[{_JA_CHAR}]) +(?=[{_JA_CHAR}])")
_SPACE_BEFORE_JA_PUNCT = re.compile(r" +(?=[、。」』）!?])")
_SPACE_AFTER_JA_OPEN = re.compile(r"(?<=[「『（]) +")


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and Latin to half-width, half-width kana to full-width),
    keeping 「」『』, dropping control characters and noncharacters and collapsing whitespace within a line."""
    protected = _PROTECTED_IN_JAPANESE if _JAPANESE.search(text) else _PROTECTED
    out = []
    for ch in text:
        out.append(protected.get(ch) or _JIS_VARIANTS.get(ch) or unicodedata.normalize("NFKC", ch))
    # NFKC one character at a time leaves combining marks apart (decomposed input, half-width
    # ｶﾞ): composing afterwards gives the text whole-string NFKC would, 「」『』 still kept
    normalized = unicodedata.normalize("NFC", "".join(out))
    normalized = NOT_TEXT.sub("", normalized)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in normalized.splitlines()]
    return "\n".join(lines)


def join_japanese_words(text: str) -> str:
    """Remove the spaces a word segmenter put between Japanese characters
    ("トロント 大学 へ" -> "トロント大学へ"); spaces between Latin words stay."""
    text = _SPACE_BETWEEN_JA.sub("", text)
    text = _SPACE_BEFORE_JA_PUNCT.sub("", text)
    return _SPACE_AFTER_JA_OPEN.sub("", text)
