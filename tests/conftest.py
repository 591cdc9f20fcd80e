from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a landing never fails on a newly drawn one); local runs draw
# new examples each time, which is how the fuzz tests found the faults they now guard against.
settings.register_profile("ci", derandomize=True)
settings.register_profile("fuzz", max_examples=5_000)  # a long run: pytest tests/test_fuzz.py --hypothesis-profile=fuzz
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    corpus = SHARED / "corpus" / "dev"
    if not corpus.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{corpus} is missing: CI must have ../shared beside the repository")
        pytest.skip("../shared/corpus/dev is not beside this checkout")
    return corpus


@pytest.fixture(scope="session")
def samples() -> Path:
    return ROOT / "data" / "samples"
