"""Timing and memory helpers shared by the benchmarks (imported from the scripts' own folder)."""
from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import psutil


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
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


class PeakRss:
    """Peak resident memory of each worker process while a run goes on (the child processes but
    multiprocessing's resource tracker, a 13 MB helper that does no work; with `recursive`, the processes
    the workers start too: LibreOffice, Tesseract)."""

    def __init__(self, recursive: bool = True):
        self.recursive = recursive
        self.peaks: dict[int, int] = {}
        self._helpers: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self):
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=self.recursive):
                if child.pid in self._helpers:
                    continue
                try:
                    if child.pid not in self.peaks and "resource_tracker" in " ".join(child.cmdline()):
                        self._helpers.add(child.pid)
                        continue
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
