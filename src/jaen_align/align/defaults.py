"""The alignment thresholds used when the caller sets none, in one import-free module so that
the CLI can show them in its help without loading the pipeline."""

# Documents: TF-IDF cosine a Japanese x English pair needs to be aligned at all.
DOC_THRESHOLD = 0.1
# A document pair aligned in comparable mode must hold at least this share of the shorter
# document in its sentence pairs, or it is a related text, not a translation. Chosen on
# collections of Coursera *train* documents (scripts/eval_doc_align.py --split train) as the
# lowest tenth that rejects every wrong pair there with and without MT, leaving room for
# abridged translations: 0.4 on 2026-12-04 (wrong pairs held up to 0.375 without MT); 0.5
# since 2026-12-06, when a wrong pair held 0.417 without MT under the refitted scorer (the
# true comparable-mode pairs hold 0.643 and more; the evaluation collections score the same).
DOC_MIN_COVERAGE = 0.5
# Mining weighs every pair against all others, so it needs more evidence than a bead on the
# parallel path, which keeps every bead its dynamic program takes.
COMPARABLE_MIN_SCORE = 0.7
