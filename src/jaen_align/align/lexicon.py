"""Translation-independent bilingual evidence from JMdict and JMnedict (jamdict-data's SQLite file).

A Japanese sentence becomes a list of key sets, one per content word (multi-token names and
compounds such as 金正恩 or 核兵器 matched longest-first); an English sentence becomes one set
of keys: its normalized words and word n-grams. A Japanese word is found in an English
sentence when the two share a key. Keys are lowercased, lightly stemmed content words joined
by single spaces ("north korea", "kim jong un", "soldier"); acronyms also get an upper-case
key ("KCNA", "US") so that "us" the pronoun and "US" the country stay apart.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from jaen_align.signature import short_hash
from jaen_align.text.scripts import ALL_KATAKANA, HAS_KANJI_OR_MARK
from jaen_align.types import Token

MAX_KEY_WORDS = 4  # longest gloss kept as a key; English word n-grams go up to this length
MAX_SPAN_TOKENS = 5  # longest run of MeCab tokens tried as one dictionary headword
MAX_ENTRIES = 3  # JMdict entries per headword (priority-tagged entries first)
MAX_SENSES = 3  # senses per JMdict entry
MAX_NAME_ROWS = 200  # JMnedict glosses per headword (single kanji can have hundreds)

# ---------------------------------------------------------------------------------------------
# English side: one normalization for dictionary glosses and for English sentences alike.

STOPWORDS = frozenset(
    """a an the of to in on at for by with from into onto upon about above below over under and or nor but
    if then than so as is are was were be been being am do does did done doing have has had having will would
    shall should can could may might must it its itself this that these those there here he him his she her hers
    they them their theirs we us our ours you your yours i me my mine who whom whose which what when where why
    how not no yes all any some such each every both either neither other another one ones oneself someone
    somebody something somewhere anyone anything thing things etc esp usu eg ie very too also
    only out up down off again further once more most much many few less least own same just via per
    between through during before after against among while whether because though although until till""".split()
)

# Demonyms and spellings that should meet their country / US spelling before stemming.
_WORD_ALIASES = {
    "chinese": "china",
    "japanese": "japan",
    "ukrainian": "ukraine",
    "european": "europe",
    "british": "britain",
    "vietnamese": "vietnam",
    "taiwanese": "taiwan",
    "french": "france",
    "german": "germany",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "theatre": "theater",
}

# English multi-word names whose JMdict glosses use another form ("(United States of) America");
# normalized like any English text on first use.
_PHRASE_ALIASES_RAW = {
    "United States": ("US", "America"),
    "United Kingdom": ("UK", "Britain"),
    "United Nations": ("UN",),
    "Soviet Union": ("USSR",),
}

_FOLD_MARKS = re.compile(r"[\u0300-\u036f]")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_EN_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z]+(?:['’][A-Za-z]+)*|[,;:!?()\[\]\"“”]|\.(?=\s|$)")
_BOUNDARY = frozenset(',;:!?()[]"“”.')
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")


def fold(text: str) -> str:
    """NFKC, then strip accents (JMnedict writes "Ryōgoku"; English news "Ryogoku")."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return unicodedata.normalize("NFC", _FOLD_MARKS.sub("", decomposed))


def stem(word: str) -> str:
    """A tiny, deliberately crude suffix stripper: the same on both sides is all that matters
    (accused/accuse/accusing -> accus; soldiers -> soldier; countries -> country)."""
    word = _WORD_ALIASES.get(word, word)
    if len(word) >= 6:
        word = _ISE.sub(r"iz\1", word)
        if word.endswith("our"):
            word = word[:-3] + "or"  # favour, labour
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    if (word.endswith(("ian", "ean")) and len(word) > 5) or (word.endswith("e") and len(word) > 3):
        word = word[:-1]  # korean -> korea, russian -> russia; make -> mak
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # running -> runn -> run
    return word


def normalize_word(raw: str) -> tuple[str | None, str | None]:
    """(n-gram form, or None for a stopword; acronym key such as "KCNA"/"US", or None)."""
    if "." in raw:  # U.S., U.N.
        return None, raw.replace(".", "").upper()
    word = raw.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    acronym = word if 2 <= len(word) <= 6 and word.isupper() and word.isalpha() else None
    lower = word.lower().replace("'", "")
    if lower in STOPWORDS or len(lower) < 2:
        return None, acronym
    return stem(lower), acronym


def _word_runs(text: str) -> tuple[list[list[str]], set[str]]:
    """Runs of n-gram forms between punctuation, and the acronyms seen."""
    runs: list[list[str]] = [[]]
    acronyms: set[str] = set()
    for raw in _EN_TOKEN.findall(fold(text)):
        if raw in _BOUNDARY:
            if runs[-1]:
                runs.append([])
            continue
        form, acronym = normalize_word(raw)
        if acronym:
            acronyms.add(acronym)
        if form:
            runs[-1].append(form)
    return [run for run in runs if run], acronyms


def english_words(text: str) -> list[str]:
    """The n-gram forms of an English sentence's words in order, contractions (I'm, don't,
    we'll) left out: the units of the learned table."""
    words = []
    for raw in _EN_TOKEN.findall(fold(text)):
        if not raw[0].isalpha() or (("'" in raw or "’" in raw) and not raw.endswith(("'s", "’s"))):
            continue
        form, _ = normalize_word(raw)
        if form:
            words.append(form)
    return words


def english_keys(text: str) -> frozenset[str]:
    """Keys of an English sentence: content-word n-grams (n <= MAX_KEY_WORDS) within
    punctuation-free runs, acronyms, and aliases of a few multi-word names."""
    keys = set(_word_ngrams(text))
    for phrase, extra in _phrase_aliases().items():
        if phrase in keys:
            keys |= extra
    return frozenset(keys)


@lru_cache(maxsize=1)
def _phrase_aliases() -> dict[str, frozenset[str]]:
    aliases: dict[str, frozenset[str]] = {}
    for phrase, names in _PHRASE_ALIASES_RAW.items():
        runs, _ = _word_runs(phrase)
        key = " ".join(word for run in runs for word in run)
        aliases[key] = frozenset().union(*(_word_ngrams(name) for name in names))
    return aliases


def _word_ngrams(text: str) -> frozenset[str]:
    runs, keys = _word_runs(text)
    for run in runs:
        for n in range(1, MAX_KEY_WORDS + 1):
            keys.update(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
    return frozenset(keys)


def _gloss_variants(gloss: str) -> Iterable[str]:
    yield _PARENS.sub(" ", gloss)
    if gloss.lstrip().startswith("("):
        # a leading parenthesis is part of the name ("(United States of) America", "(Western)
        # playing cards"); a trailing one explains ("conference (usu. between important people)")
        yield gloss.replace("(", " ").replace(")", " ")


def gloss_keys(gloss: str, *, person: bool = False) -> frozenset[str]:
    """Keys of one dictionary gloss: the whole gloss if it has at most MAX_KEY_WORDS content
    words (a longer gloss is an explanation, not a translation), plus its acronym form if it is
    one word. Person names also yield their reversed form and their outer words
    ("Ishiba Shigeru" -> "shigeru ishiba", "ishiba", "shigeru"; "Kim Jong Un" -> "kim")."""
    keys: set[str] = set()
    for variant in _gloss_variants(gloss):
        runs, acronyms = _word_runs(variant.replace("-", " "))
        words = [w for run in runs for w in run]
        if 1 <= len(words) <= MAX_KEY_WORDS:
            keys.add(" ".join(words))
            if person and len(words) >= 2:
                keys.update(w for w in (words[0], words[-1]) if len(w) >= 3)
                if len(words) == 2:
                    keys.add(f"{words[1]} {words[0]}")
        if len(acronyms) == 1 and len(words) <= 1:
            keys |= acronyms
    return frozenset(keys)


# ---------------------------------------------------------------------------------------------
# Japanese side.

# Interjections carry dialogue turns (もしもし -> hello, ありがとう -> thank): adverbs were tried
# too and cost comparable-mode precision (BENCHMARKS.md).
_CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞", "感動詞"})
# The learned table also covers adverbs, conjunctions and adnominals, whose JMdict glosses
# match too loosely: it keeps only the English words their translations use (確か -> sure).
LEARNED_POS = _CONTENT_POS | {"副詞", "接続詞", "連体詞"}
_COMPOUND_POS = frozenset({"名詞", "接頭辞", "接尾辞", "形状詞"})
# Light verbs, formal nouns and auxiliary-like words: glossed as "to do", "thing", "to be".
_STOP_LEMMAS = frozenset(
    """為る する 居る いる 有る 在る ある 成る なる 出来る できる 為 ため 事 こと 物 もの
    様 よう 所 ところ 訳 わけ 筈 はず 時 とき 方 ほう 達 たち 等 など 中 内 上 下 前 後
    其の 此の 彼の 其れ 此れ 彼 何 無い ない 良い いい 貰う 呉れる くれる 上げる 置く 仕舞う
    行く いく 来る くる 見る みる 思う 言う いう 云う 的 さん 氏 以上 以下 以外 一方 今回 御座る ござる""".split()
)
_NUMERIC = re.compile(r"^[\d.,〇一二三四五六七八九十百千万億兆]+$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9&.'-]*$")
_KANA = re.compile(r"^[\u3041-\u309f\u30a1-\u30faー・]+$")
# JMnedict translation types that mark a real named entity rather than a bare name reading.
_ENTITY_TYPES = frozenset({"person", "place", "organization", "company", "product", "work", "group", "event"})


def learned_unit(token: Token) -> str | None:
    """The lemma by which the learned table knows ``token``, or None for a token it leaves
    out (particles, auxiliaries, symbols, numbers, Latin script and light verbs)."""
    if token.pos not in LEARNED_POS or _NUMERIC.match(token.surface) or _LATIN.match(token.surface):
        return None
    if token.lemma in _STOP_LEMMAS or token.surface in _STOP_LEMMAS:
        return None
    return token.lemma


LEARNED_TABLE = "data/learned_lexicon.tsv"


@dataclass(frozen=True, eq=False)  # compared by identity: a table is loaded once
class LearnedTable:
    """Japanese lemma -> the English words (``english_words`` forms) its translations use,
    learned from parallel sentences by scripts/learn_lexicon.py (IBM Model 1)."""

    keys: Mapping[str, frozenset[str]]
    fingerprint: str

    @classmethod
    def parse(cls, text: str) -> LearnedTable:
        """Lines of ``lemma<TAB>word word ...``; lines starting with # are comments."""
        keys = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                lemma, _, words = line.partition("\t")
                keys[lemma] = frozenset(words.split())
        return cls(keys, short_hash(text.encode("utf-8")))

    @classmethod
    @cache
    def default(cls) -> LearnedTable:
        """The table shipped with the package."""
        return cls.parse(resources.files("jaen_align").joinpath(LEARNED_TABLE).read_text(encoding="utf-8"))


# kana_form: the entry is written in kana (no kanji form, or "usually written using kana
# alone"), so a kana headword is its own spelling rather than the reading of a kanji word
_JMDICT_SQL = """
WITH hits(idseq, pri, kana_form) AS (
    SELECT k.idseq, EXISTS (SELECT 1 FROM KJP p WHERE p.kid = k.ID), 0 FROM Kanji k WHERE k.text = :w
    UNION ALL
    SELECT r.idseq, EXISTS (SELECT 1 FROM KNP p WHERE p.kid = r.ID),
        NOT EXISTS (SELECT 1 FROM Kanji j WHERE j.idseq = r.idseq) OR EXISTS (
            SELECT 1 FROM Sense s JOIN misc m ON m.sid = s.ID
            WHERE s.idseq = r.idseq  -- by sense: the index on misc.text would read 10,060 rows
            AND +m.text = 'word usually written using kana alone'
        )
    FROM Kana r WHERE r.text = :w
), entries(idseq, pri, kana_form) AS (
    SELECT idseq, MAX(pri), MAX(kana_form) FROM hits GROUP BY idseq
    ORDER BY MAX(kana_form) DESC, MAX(pri) DESC, idseq LIMIT :n
)
SELECT e.pri, e.idseq, s.ID, g.text, e.kana_form FROM entries e
CROSS JOIN Sense s ON s.idseq = e.idseq
CROSS JOIN SenseGloss g ON g.sid = s.ID
WHERE +g.lang = 'eng'  -- unary plus: the index on lang would scan every English gloss
ORDER BY e.pri DESC, e.idseq, s.ID, g.rowid
"""

_JMNEDICT_SQL = """
WITH entries(idseq) AS (
    SELECT idseq FROM NEKanji WHERE text = :w UNION SELECT idseq FROM NEKana WHERE text = :w
)
SELECT g.text, (SELECT group_concat(y.text, ',') FROM NETransType y WHERE y.tid = t.ID)
FROM entries e
JOIN NETranslation t ON t.idseq = e.idseq
JOIN NETransGloss g ON g.tid = t.ID
ORDER BY t.idseq, t.ID
LIMIT :n
"""

# Half-open range scans on the existing text indexes: is `w` the start of any headword?
_PREFIX_SQL = """
SELECT EXISTS (SELECT 1 FROM Kanji WHERE text >= :lo AND text < :hi)
    OR EXISTS (SELECT 1 FROM Kana WHERE text >= :lo AND text < :hi)
    OR EXISTS (SELECT 1 FROM NEKanji WHERE text >= :lo AND text < :hi)
    OR EXISTS (SELECT 1 FROM NEKana WHERE text >= :lo AND text < :hi)
"""


@dataclass(frozen=True)
class Entry:
    """What the dictionaries say about one headword, as English keys."""

    common: frozenset[str]  # JMdict: first MAX_SENSES senses of the first MAX_ENTRIES entries
    names: frozenset[str]  # JMnedict, all translation types (romanized readings included)
    entities: frozenset[str]  # JMnedict, only person/place/organization/... translations


_EMPTY = Entry(frozenset(), frozenset(), frozenset())


def default_db_path() -> Path:
    import jamdict_data

    return Path(jamdict_data.__file__).parent / "jamdict.db"


def open_jmdict(path: str | Path | None = None) -> tuple[Path, sqlite3.Connection]:
    """jamdict-data's SQLite file (or ``path``) and a read-only connection to it that any thread
    may use (callers serialize their queries)."""
    db = Path(path) if path is not None else default_db_path()
    if not db.is_file():
        raise FileNotFoundError(f"JMdict database not found: {db}")
    # immutable=1: the packaged file never changes, so SQLite may skip locking entirely
    return db, sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _is_name_like(token: Token) -> bool:
    # unidic gives proper nouns their katakana reading as lemma (平壌 -> ピョンヤン, 金 -> キン)
    return bool(HAS_KANJI_OR_MARK.search(token.surface)) and bool(ALL_KATAKANA.match(token.lemma))


class Lexicon:
    """JMdict + JMnedict opened read-only; every lookup is cached, so a corpus pays for each
    distinct word once (~0.1-1 ms) and repeated words cost a dict hit."""

    def __init__(
        self, path: str | Path | None = None, *, learned: LearnedTable | None = None, cache_size: int = 262_144
    ) -> None:
        self.path, self._con = open_jmdict(path)
        self.learned = learned
        self._lock = threading.Lock()
        self.entry = lru_cache(maxsize=cache_size)(self._entry)
        self.has_prefix = lru_cache(maxsize=cache_size)(self._has_prefix)
        self.token_keys = lru_cache(maxsize=cache_size)(self._token_keys)

    @classmethod
    def default(cls, *, learned: bool = False) -> Lexicon:
        """The shared lexicon on jamdict-data's database (opened once per process); with
        ``learned``, the shipped learned table adds its words (alignment without MT)."""
        return _default_lexicon(learned)

    @property
    def name(self) -> str:
        """What the signature records: the dictionary data's version and the learned table's hash."""
        try:
            name = f"jamdict-data-{version('jamdict-data')}"
        except PackageNotFoundError:
            name = "unknown"
        return name + (f"+learned@{self.learned.fingerprint}" if self.learned is not None else "")

    def close(self) -> None:
        self._con.close()

    # -- dictionary access -------------------------------------------------------------------

    def _query(self, sql: str, params: dict[str, object]) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def _entry(self, headword: str) -> Entry:
        if not headword:
            return _EMPTY
        common: set[str] = set()
        senses: dict[int, set[int]] = {}
        rows = self._query(_JMDICT_SQL, {"w": headword, "n": MAX_ENTRIES})
        if any(row[4] for row in rows):  # はい: the interjection, not 肺 (lung) or 灰 (ash) read はい
            rows = [row for row in rows if row[4]]
        top_priority = max((row[0] for row in rows), default=0)
        for priority, idseq, sense_id, gloss, _ in rows:
            if priority < top_priority:  # 韓国 (South Korea, news1) outranks archaic 韓国 (China; Korea)
                continue
            seen = senses.setdefault(idseq, set())
            if sense_id not in seen and len(seen) >= MAX_SENSES:
                continue
            seen.add(sense_id)
            common |= gloss_keys(gloss)
        names: set[str] = set()
        entities: set[str] = set()
        for gloss, types in self._query(_JMNEDICT_SQL, {"w": headword, "n": MAX_NAME_ROWS}):
            kinds = set((types or "").split(","))
            keys = gloss_keys(gloss, person="person" in kinds)
            names |= keys
            if kinds & _ENTITY_TYPES:
                entities |= keys
        if not (common or names):
            return _EMPTY
        return Entry(frozenset(common), frozenset(names), frozenset(entities))

    def _has_prefix(self, text: str) -> bool:
        return bool(self._query(_PREFIX_SQL, {"lo": text, "hi": text + "\U0010ffff"})[0][0])

    # -- Japanese tokens -> keys --------------------------------------------------------------

    def _token_keys(self, token: Token) -> frozenset[str]:
        """Keys of one token from the dictionaries and the learned table; empty for non-content
        and unknown tokens."""
        keys = self._dictionary_keys(token)
        if self.learned is not None and (unit := learned_unit(token)) is not None:
            keys |= self.learned.keys.get(unit, frozenset())
        return keys

    def _dictionary_keys(self, token: Token) -> frozenset[str]:
        if token.pos not in _CONTENT_POS or _NUMERIC.match(token.surface):
            return frozenset()
        if token.lemma in _STOP_LEMMAS or token.surface in _STOP_LEMMAS:
            return frozenset()
        if _LATIN.match(token.surface):  # KCNA, AFP, iPhone inside Japanese text
            return english_keys(token.surface)
        entries = [self.entry(token.lemma)]
        # a kana surface of a known lemma (すみ of 済む) only adds its homophones (墨, 隅, 炭)
        if token.surface != token.lemma and not (entries[0].common and _KANA.match(token.surface)):
            entries.append(self.entry(token.surface))
        common = frozenset().union(*(e.common for e in entries))
        if not common or _is_name_like(token):
            return common.union(*(e.names for e in entries))
        if ALL_KATAKANA.match(token.surface):  # トランプ: playing cards, and Trump
            return common.union(*(e.entities for e in entries))
        return common

    def _span_keys(self, tokens: Sequence[Token], start: int) -> tuple[frozenset[str], int]:
        """Keys of the longest multi-token headword starting at ``start`` and its length in
        tokens, or (empty, 0). Only noun-like runs are tried (金正+恩, 朝鮮+労働+党, 核+兵器)."""
        first = tokens[start]
        if first.pos not in _COMPOUND_POS or first.pos == "接尾辞" or _NUMERIC.match(first.surface):
            return frozenset(), 0
        text = first.surface
        candidates: list[tuple[str, int]] = []
        for end in range(start + 1, min(len(tokens), start + MAX_SPAN_TOKENS)):
            token = tokens[end]
            if token.pos not in _COMPOUND_POS or _NUMERIC.match(token.surface) or _LATIN.match(token.surface):
                break
            text += token.surface
            if not self.has_prefix(text):
                break
            if token.pos != "接頭辞":
                candidates.append((text, end - start + 1))
        for headword, length in reversed(candidates):
            entry = self.entry(headword)
            # a span that JMnedict only knows as a surname reading (金氏 -> Kaneuji) is no match
            keys = entry.common or entry.entities
            if keys:
                return keys, length
        return frozenset(), 0

    def english_keys_for_ja(self, tokens: Sequence[Token]) -> list[frozenset[str]]:
        """One key set per Japanese content unit (a token or a longest-matched multi-token
        headword), in sentence order. Units the dictionaries do not know, particles,
        auxiliaries, symbols, numbers and light verbs are left out: they carry no evidence."""
        out: list[frozenset[str]] = []
        i = 0
        while i < len(tokens):
            keys, length = self._span_keys(tokens, i)
            if length:
                out.append(keys)
                i += length
                continue
            keys = self.token_keys(tokens[i])
            if keys:
                out.append(keys)
            i += 1
        return out

    @staticmethod
    def english_keys(text: str) -> frozenset[str]:
        return english_keys(text)


@lru_cache(maxsize=2)
def _default_lexicon(learned: bool) -> Lexicon:
    return Lexicon(learned=LearnedTable.default() if learned else None)


def alignment_lexicon(*, use_mt: bool) -> Lexicon:
    """The lexicon alignment uses: JMdict alone with MT; without MT, JMdict and the learned
    table, which stands in for what the translations would know (with MT it only adds noise:
    BENCHMARKS.md). The fitted weight sets are fitted on views built with it."""
    return Lexicon.default(learned=not use_mt)


# ---------------------------------------------------------------------------------------------
# Scoring.


def overlap(ja_keys: Sequence[frozenset[str]], en_keys: frozenset[str]) -> float:
    """Share of the Japanese content units with at least one key in the English sentence."""
    if not ja_keys:
        return 0.0
    return sum(1 for keys in ja_keys if not keys.isdisjoint(en_keys)) / len(ja_keys)


@lru_cache(maxsize=65_536)
def _english_words(en_keys: frozenset[str]) -> frozenset[str]:
    # cached: the aligners ask this of the same English sentence for every bead they score
    return frozenset(k for k in en_keys if " " not in k and k.islower())


def english_coverage(ja_keys: Sequence[frozenset[str]], en_keys: frozenset[str]) -> float:
    """Share of the English content words that some key of the Japanese explains; 0.5 (no
    evidence either way) when the English has no content words."""
    words = _english_words(en_keys)
    if not words:
        return 0.5
    explained: set[str] = set()
    for keys in ja_keys:
        for key in keys & en_keys:
            explained.update(key.lower().split())
    return len(explained & words) / len(words)


def symmetric_overlap(ja_keys: Sequence[frozenset[str]], en_keys: frozenset[str]) -> float:
    """Harmonic mean of ``overlap`` and ``english_coverage``, so padding either side with
    unrelated text lowers the score."""
    return coverage(ja_keys, en_keys)[1]


def coverage(ja_keys: Sequence[frozenset[str]], en_keys: frozenset[str]) -> tuple[float, float]:
    """(``overlap``, ``symmetric_overlap``), computing the overlap once."""
    ja_share = overlap(ja_keys, en_keys)
    if ja_share == 0.0 or not _english_words(en_keys):
        return ja_share, 0.0
    en_share = english_coverage(ja_keys, en_keys)
    return ja_share, (0.0 if en_share == 0.0 else 2 * ja_share * en_share / (ja_share + en_share))


def overlap_matrix(
    ja_sentences: Sequence[Sequence[frozenset[str]]], en_sentences: Sequence[frozenset[str]]
) -> np.ndarray:
    """``overlap`` of every Japanese sentence (rows) with every English one (columns), as float32.

    The English side is indexed once as key -> column numbers, so the work is proportional to
    the number of shared keys, not to rows x columns."""
    postings: dict[str, list[int]] = {}
    for col, keys in enumerate(en_sentences):
        for key in keys:
            postings.setdefault(key, []).append(col)
    index = {key: np.asarray(cols, dtype=np.intp) for key, cols in postings.items()}
    result = np.zeros((len(ja_sentences), len(en_sentences)), dtype=np.float32)
    for row, units in enumerate(ja_sentences):
        if not units:
            continue
        counts = result[row]
        for keys in units:
            hits = [index[key] for key in keys if key in index]
            if hits:
                counts[np.unique(np.concatenate(hits)) if len(hits) > 1 else hits[0]] += 1.0
        counts /= len(units)
    return result
