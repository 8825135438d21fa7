"""The fitted feature weights shipped with the package (``data/scorer.json``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from jaen_align.align.features import SCORER_PARAMETERS


@cache
def load_weights(variant: str) -> tuple[dict[str, float], float, dict[str, float]] | None:
    try:
        text = resources.files("jaen_align").joinpath("data/scorer.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    entry = json.loads(text).get(variant)
    if entry is None:
        return None
    params = {k: float(entry[k]) for k in SCORER_PARAMETERS if k in entry}
    return {k: float(v) for k, v in entry["weights"].items()}, float(entry["bias"]), params
