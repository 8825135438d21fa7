from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
SEEDS = ROOT / "seeds"
EMBEDDED = ROOT / "models" / "ja-en-small"


def _shared_data() -> Path:
    """../shared/data beside the checkout; $JAEN_ALIGN_SHARED_DATA or /work/shared/data when
    the checkout lives elsewhere (CI clones)."""
    candidates = [os.environ.get("JAEN_ALIGN_SHARED_DATA"), ROOT.parent / "shared" / "data", "/work/shared/data"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise RuntimeError("../shared/data not found: set JAEN_ALIGN_SHARED_DATA")


SHARED = _shared_data()
sys.path.insert(0, str(TESTS))


def seed_lines() -> list[str]:
    return [line for f in sorted(SEEDS.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny"), seed_lines())


@pytest.fixture()
def user_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "user-models"
    monkeypatch.setenv("JAEN_ALIGN_MODELS", str(root))
    return root
