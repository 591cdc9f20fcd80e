"""Hostile input at scale: the generated corpus of malformed files (tests/fixtures/hostile_corpus.py) through
`khplan run` with two workers.

    python bench/hostile.py [--seed 7]

Prints the wall time, files/s, what became documents and error rows (by reason, numbers blanked),
the slowest files, and the peak RSS of each worker, so that bounded time and memory on bad input
are measured rather than assumed.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd
from timing import PeakRss

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: tests.fixtures builds the corpus
from tests.fixtures.hostile_corpus import build  # noqa: E402

from pipeline.run.runner import run  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        counts = build(corpus, a.seed)
        files = sum(counts.values())
        with PeakRss() as rss:
            started = time.perf_counter()
            summary = run([corpus], out, workers=a.workers, document_timeout=120)
            seconds = time.perf_counter() - started
        errors = pd.read_parquet(out / "errors")
        print(f"{files} files, {a.workers} workers: {seconds:.1f} s ({files / seconds:.0f} files/s); "
              f"{summary.documents} documents, {summary.errors} error rows")
        reasons = Counter(re.sub(r"\d[\d,.]*", "N", r)[:100] for r in errors.reason)
        for reason, n in reasons.most_common():
            print(f"  {n:5d}  {reason}")
        print("peak RSS per worker (MB): " + ", ".join(f"{v / 2**20:.0f}" for v in sorted(rss.peaks.values())))


if __name__ == "__main__":
    main()
