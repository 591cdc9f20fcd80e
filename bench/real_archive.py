"""Throughput and memory of `khplan run` on the real files of corpus/archive, in one run.

    python bench/real_archive.py [--corpus ../shared/corpus/archive] [--runs 3]

- md/ (1,000 Markdown exports of legal-document web pages): documents/s with 1 and 2 workers, runs
  alternated, medians, the speed-up of each pair;
- originals/ (229 files: DOCX, PDF with text layers, scans and misread layers read by OCR, legacy .doc
  through LibreOffice, an .xlsx): documents/s and pages/s with 2 workers, then 1;
- the peak resident memory of each worker process in every run (not of the LibreOffice and Tesseract
  processes a worker starts).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import psutil
from timing import PeakRss

from pipeline.run.runner import run

HERE = Path(__file__).resolve().parent


def timed(folder: Path, workers: int) -> tuple[float, int, int, int, list[int]]:
    """Seconds, documents, pages, pages read by OCR, and the workers' peak RSS (MB) of one run into a new OUT."""
    with PeakRss(recursive=False) as rss, tempfile.TemporaryDirectory() as out:  # the workers, not soffice
        t = time.perf_counter()
        run([folder], Path(out), workers=workers)
        seconds = time.perf_counter() - t
        documents, pages, ocr = duckdb.sql(
            f"SELECT count(*), coalesce(sum(page_count), 0), coalesce(sum(len(ocr_pages)), 0) "
            f"FROM read_parquet('{out}/documents/*.parquet')").fetchall()[0]
    peaks = sorted((p // 2**20 for p in rss.peaks.values()), reverse=True)[:workers]
    return seconds, documents, pages, ocr, peaks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus" / "archive")
    ap.add_argument("--runs", type=int, default=3, help="alternated 1- and 2-worker runs of md/")
    a = ap.parse_args()
    print(f"{date.today()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB · Python {platform.python_version()} "
          f"({os.path.realpath(sys.executable)})")
    rates: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(a.runs):
        for workers in (1, 2):
            seconds, documents, _, _, peaks = timed(a.corpus / "md", workers)
            rates[workers].append(documents / seconds)
            print(f"md, {workers} worker{'s' * (workers > 1)}: {documents / seconds:6.1f} documents/s "
                  f"({documents} documents, {seconds:.1f} s); peak RSS per worker "
                  + ", ".join(f"{p} MB" for p in peaks))
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    print(f"md: medians of {a.runs} alternated runs: 1 worker {one:.1f}, 2 workers {two:.1f} documents/s → "
          f"speed-up {two / one:.2f}× (pairs " + ", ".join(f"{b / c:.2f}×" for c, b in zip(rates[1], rates[2])) + ")")
    for workers in (2, 1):
        seconds, documents, pages, ocr, peaks = timed(a.corpus / "originals", workers)
        print(f"originals, {workers} worker{'s' * (workers > 1)}: {documents} documents, {pages} pages ({ocr} by "
              f"OCR) in {seconds:.1f} s: {documents / seconds:.2f} documents/s, {pages / seconds:.1f} pages/s; "
              "peak RSS per worker " + ", ".join(f"{p} MB" for p in peaks))


if __name__ == "__main__":
    main()
