"""Set phrases: a segment that is one common JMdict expression or interjection, and nothing
else ("どういたしまして。", "もしもし。", "おはようございます。"), is given the dictionary's first
English gloss instead of the model's translation.

The embedded model is small and sees few such turns: it turned どういたしまして。 into "What's
the matter?" and おはようございます。 into "I'm sorry." (BENCHMARKS.md). Only entries that JMdict
marks as common are used, and only when the headword names one entry, so that a word with
homographs is left to the model.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from jaen_align.text.scripts import ALL_KATAKANA

MAX_PHRASE_CHARS = 12

# Common (priority-marked) entries whose kanji or kana form is the headword, with the first
# sense's parts of speech and first English gloss.
_SQL = """
WITH entries(idseq) AS (
    SELECT k.idseq FROM Kanji k WHERE k.text = :w AND EXISTS (SELECT 1 FROM KJP p WHERE p.kid = k.ID)
    UNION
    SELECT r.idseq FROM Kana r WHERE r.text = :w AND EXISTS (SELECT 1 FROM KNP p WHERE p.kid = r.ID)
), first_sense(idseq, sid) AS (
    SELECT e.idseq, (SELECT MIN(s.ID) FROM Sense s WHERE s.idseq = e.idseq) FROM entries e
)
SELECT f.idseq,
    (SELECT group_concat(p.text, '|') FROM pos p WHERE p.sid = f.sid),
    (SELECT g.text FROM SenseGloss g WHERE g.sid = f.sid AND g.lang = 'eng' ORDER BY g.rowid LIMIT 1)
FROM first_sense f
"""
_PHRASE_POS = ("expressions", "interjection")
_CORE = re.compile(r"([\u3041-\u309f\u30a1-\u30ff\u4e00-\u9fff々]+)([。．.！!？?…〜~ー\s]*)")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_FUNCTION_POS = frozenset({"助動詞", "助詞"})


class SetPhrases:
    """JMdict's expressions and interjections, opened read-only from jamdict-data's database."""

    def __init__(self, path: str | Path | None = None) -> None:
        from jaen_align.align.lexicon import open_jmdict

        self.path, self._con = open_jmdict(path)
        self._lock = threading.Lock()
        self.english = lru_cache(maxsize=4096)(self._english)

    @classmethod
    def default(cls) -> SetPhrases:
        return _default_set_phrases()

    def _english(self, text: str) -> str | None:
        """The English of ``text`` if it is one set phrase with end punctuation at most, else None."""
        match = _CORE.fullmatch(text.strip())
        if match is None or len(match.group(1)) > MAX_PHRASE_CHARS:
            return None
        headword = match.group(1)
        if ALL_KATAKANA.match(headword):  # a loanword (オーケー): the model knows its usual spelling
            return None
        if _starts_with_function_word(headword):  # です。 is "It is." in context, not JMdict's "be"
            return None
        with self._lock:
            rows = self._con.execute(_SQL, {"w": headword}).fetchall()
        if len(rows) != 1:  # unknown, or homographs: the model decides
            return None
        _, pos, gloss = rows[0]
        if not gloss or not any(kind in (pos or "") for kind in _PHRASE_POS):
            return None
        gloss = _PARENTHESES.sub("", gloss).strip()
        if not gloss or "..." in gloss or "…" in gloss:  # "well then ...": a phrase's beginning
            return None
        return english_sentence(gloss, match.group(2))


def _starts_with_function_word(text: str) -> bool:
    from jaen_align.text.tokenize import tokenize

    tokens = tokenize(text)
    return not tokens or tokens[0].pos in _FUNCTION_POS


def english_sentence(gloss: str, ending: str) -> str:
    """A gloss as a sentence: first letter capitalized, the source's question or exclamation
    mark kept (a gloss's own "!" too), a full stop otherwise."""
    if "?" in ending or "？" in ending:
        mark = "?"
    elif "!" in ending or "！" in ending or gloss.endswith("!"):
        mark = "!"
    else:
        mark = "."
    body = gloss.rstrip("!?. ")
    return body[:1].upper() + body[1:] + mark


@lru_cache(maxsize=1)
def _default_set_phrases() -> SetPhrases:
    return SetPhrases()
