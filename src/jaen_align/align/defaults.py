"""The alignment thresholds used when the caller sets none, in one import-free module so that
the CLI can show them in its help without loading the pipeline."""

# Documents: TF-IDF cosine a Japanese x English pair needs to be aligned at all.
DOC_THRESHOLD = 0.1
# A document pair aligned in comparable mode must hold at least this share of the shorter
# document in its sentence pairs, or it is a related text, not a translation. Chosen on
# collections of Coursera *train* documents (scripts/eval_doc_align.py --split train): the
# wrong pairs there hold 0.145-0.292 with MT and up to 0.375 without, the true comparable-mode
# pairs 0.643 and more; 0.4 is the lowest tenth that rejects every wrong one in both, leaving
# room for abridged translations.
DOC_MIN_COVERAGE = 0.4
# Mining weighs every pair against all others, so it needs more evidence than a bead on the
# parallel path, which keeps every bead its dynamic program takes.
COMPARABLE_MIN_SCORE = 0.7
