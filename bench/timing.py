"""Timing helpers shared by the benchmarks (imported from the scripts' own folder)."""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import pypdfium2 as pdfium


def median_ms(fn, runs: int) -> float:
    """Median wall time of `fn()` over `runs` runs, in milliseconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bare_text(path: Path) -> None:
    """pypdfium2's text layer of every page, and nothing else: the floor any PDF reader is measured against."""
    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()
