"""Archive-scale figures: throughput, cost over the text layer, memory per worker, speed-up.

    python bench/archive.py [--documents 1000] [--pdfs 60] [--docx 60] [--runs 3]

Builds a synthetic archive in a temporary folder from the sample plans (text and Markdown) and their
PDF and DOCX renderings, each copy with its figures varied so every file's content (and hash) differs,
then measures, in this one run:
- documents/s (and pages/s for PDF) of `khplan run` with one worker, for text and for PDF inputs;
- ms/page of khplan's PDF loading (reader + normalization) above pypdfium2's bare text layer;
- khplan's full processing (reading, extraction, checks, Arrow tables) of ten of the PDFs against a
  pdfplumber-only extraction (extract_text and extract_tables on every page) of the same files;
- peak RSS of each worker process at 100 and at the full number of documents (2 workers, then 1, whose
  worker reads them all; text, PDF and DOCX files interleaved, so both counts hold the same mix), and of
  one worker-like process reading the archive three times over;
- the speed-up from 1 to 2 workers on the same text documents, and on the whole archive.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import psutil
from timing import PeakRss, bare_text, median_ms

from pipeline.load import load_document
from pipeline.run.runner import run
from pipeline.run.worker import process_file

# The worker processes import this script again (multiprocessing's spawn does so with the main module): the
# PDF libraries and the renderers are imported where they are used, so that the workers' start-up, which
# the figures include, is khplan's own and not this script's.

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the repository, for tests.fixtures (the renderings)
SAMPLES = ROOT / "data" / "samples"
AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+")


def vary(text: str, i: int) -> str:
    """The text with its grouped figures shifted by i and a numbered last line, so every copy's figures
    and hash differ."""
    shifted = AMOUNT.sub(lambda m: f"{int(m.group(0).replace('.', '')) + i:,}".replace(",", "."), text)
    return shifted.rstrip("\n") + f"\n\nBản lưu số {i}.\n"


def build_archive(folder: Path, documents: int, pdfs: int, docx: int) -> dict[str, list[Path]]:
    from tests.fixtures.rendering import document_items, render_docx, render_pdf

    sources = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.md"))
    texts = [(s, s.read_text(encoding="utf-8")) for s in sources]
    out: dict[str, list[Path]] = {"text": [], "pdf": [], "docx": []}
    for kind, count in (("pdf", pdfs), ("docx", docx)):
        for i in range(count):
            source, text = texts[i % len(texts)]
            varied = folder / "tmp" / f"{source.stem}-{kind}-{i}{source.suffix}"
            varied.parent.mkdir(exist_ok=True)
            varied.write_text(vary(text, i + 1), encoding="utf-8")
            items = document_items(load_document(varied))
            target = folder / kind / f"{source.stem}-{i:04d}.{kind}"
            target.parent.mkdir(exist_ok=True)
            (render_pdf if kind == "pdf" else render_docx)(items, target)
            out[kind].append(target)
    for i in range(documents - pdfs - docx):
        source, text = texts[i % len(texts)]
        target = folder / "text" / f"{source.stem}-{i:04d}{source.suffix}"
        target.parent.mkdir(exist_ok=True)
        target.write_text(vary(text, 10_000 + i), encoding="utf-8")
        out["text"].append(target)
    return out


def interleaved(*groups: list[Path]) -> list[Path]:
    """The files of every group spread evenly through one list, so that its first 100 hold the same mix of
    formats as the whole (the memory figures at 100 and at 1,000 documents then compare like with like)."""
    return [path for _, path in sorted(((i + 0.5) / len(g), path) for g in groups for i, path in enumerate(g))]


class ResultTimes:
    """The times at which a run's results arrive (a `progress` for `pipeline.run.run`)."""

    def __init__(self):
        self.times: list[float] = []

    def start(self, total: int) -> None:
        pass

    def skip(self) -> None:
        pass

    def advance(self, result) -> None:
        self.times.append(time.perf_counter())

    def steady_rate(self) -> float:
        """Documents/s from the first result to the last: the rate once the workers have started."""
        return (len(self.times) - 1) / (self.times[-1] - self.times[0])


def timed_run(files: list[Path], workers: int) -> tuple[float, int, int, float]:
    """Seconds, documents and pages of one `khplan run` over `files` into a fresh folder, and the
    documents/s once the workers have started."""
    with tempfile.TemporaryDirectory() as out:
        times = ResultTimes()
        t = time.perf_counter()
        summary = run(files, Path(out), workers=workers, progress=times)
        return time.perf_counter() - t, summary.documents, summary.pages, times.steady_rate()


def memory_along(files: list[Path], marks: list[int]) -> list[tuple[int, float]]:
    """Peak RSS (MB, read after every task) of one worker-like process after each of `marks` documents:
    prepared as a worker, it reads `files` over and over in the executor's tasks (the same files again,
    which `run` would skip)."""
    from pipeline.run.executors import tasks
    from pipeline.run.worker import prepare_worker, process_files

    me = psutil.Process()
    prepare_worker()
    out, done, peak = [], 0, 0
    while len(out) < len(marks):
        for task in tasks((path, "") for path in files):
            process_files([path for path, _ in task]).__getstate__()  # as sent to the parent
            done += len(task)
            peak = max(peak, me.memory_info().rss)
            while len(out) < len(marks) and done >= marks[len(out)]:
                out.append((done, peak / 2**20))
    return out


def alternated(files: list[Path], runs: int) -> dict[int, list[tuple[float, float]]]:
    """Documents/s of `runs` runs each with 1 and 2 workers over `files`, worker start included and once
    started; alternated, so that both see the machine as it is at the time."""
    rates: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    for _ in range(runs):
        for workers in (1, 2):
            seconds, n, _, steady = timed_run(files, workers)
            rates[workers].append((n / seconds, steady))
    return rates


def pairs_of(rates: dict[int, list[tuple[float, float]]]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The alternated (1-worker, 2-worker) runs, by speed-up with worker start included."""
    return sorted(zip(rates[1], rates[2]), key=lambda pair: pair[1][0] / pair[0][0])


def per_page_ms(fn, pdfs: list[Path], pages: int, runs: int = 3) -> float:
    """Median ms per page of `fn` over every PDF."""
    return median_ms(lambda: [fn(p) for p in pdfs], runs) / pages


def pdfplumber_only(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--pdfs", type=int, default=60)
    ap.add_argument("--docx", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3, help="alternated 1- and 2-worker runs of the text documents")
    args = ap.parse_args()
    print(f"{date.today()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB · Python {platform.python_version()} "
          f"({os.path.realpath(sys.executable)})")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        archive = build_archive(Path(tmp), args.documents, args.pdfs, args.docx)
        every = interleaved(archive["text"], archive["pdf"], archive["docx"])
        print(f"archive: {len(every)} documents ({len(archive['text'])} text/Markdown, {len(archive['pdf'])} PDF, "
              f"{len(archive['docx'])} DOCX) built in {time.perf_counter() - t:.0f} s")

        text_sample = archive["text"]
        runs = alternated(text_sample, args.runs)
        (rate1, steady1), (rate2, steady2) = ((statistics.median(r[0] for r in runs[w]),
                                               statistics.median(r[1] for r in runs[w])) for w in (1, 2))
        print(f"text, 1 worker:  {rate1:6.1f} documents/s ({len(text_sample)} documents, worker start included); "
              f"{steady1:.1f} once started (medians of {args.runs} runs)")
        print(f"text, 2 workers: {rate2:6.1f} documents/s → speed-up {rate2 / rate1:.2f}×; "
              f"{steady2:.1f} once started → {steady2 / steady1:.2f}×")
        print("  speed-up of each alternated pair: " + ", ".join(
            f"{two[0] / one[0]:.2f}× ({two[1] / one[1]:.2f}× once started)" for one, two in pairs_of(runs)))
        whole = alternated(every, min(args.runs, 3))
        whole1, whole2 = (statistics.median(r[0] for r in whole[w]) for w in (1, 2))
        print(f"whole archive ({len(every)} documents: text, PDF, DOCX): 1 worker {whole1:.1f} documents/s, "
              f"2 workers {whole2:.1f} → speed-up {whole2 / whole1:.2f}× (worker start included; medians of "
              f"{len(whole[1])} alternated runs; pairs "
              + ", ".join(f"{two[0] / one[0]:.2f}×" for one, two in pairs_of(whole)) + ")")

        sp, npdf, pages, _ = timed_run(archive["pdf"], 1)
        print(f"PDF, 1 worker:   {npdf / sp:6.1f} documents/s, {pages / sp:.0f} pages/s ({pages} pages)")

        subset = archive["pdf"][:10]
        import pypdfium2 as pdfium

        subset_pages = sum(len(pdfium.PdfDocument(p)) for p in subset)
        bare = per_page_ms(bare_text, subset, subset_pages)
        loaded = per_page_ms(load_document, subset, subset_pages)
        print(f"PDF loading: {loaded:.2f} ms/page vs bare text layer {bare:.2f} ms/page "
              f"→ {loaded - bare:+.2f} ms/page above it")
        plumber = per_page_ms(pdfplumber_only, subset, subset_pages, runs=3)
        full = per_page_ms(process_file, subset, subset_pages)
        print(f"pdfplumber-only (extract_text + extract_tables): {plumber:.1f} ms/page; khplan full processing "
              f"{full:.1f} ms/page → {plumber / full:.1f}× faster")

        for workers in (2, 1):  # with one worker, that worker reads every document of the run
            for n in sorted({min(100, len(every)), len(every)}):
                with PeakRss() as rss, tempfile.TemporaryDirectory() as out:
                    t = time.perf_counter()
                    run(every[:n], Path(out), workers=workers)
                    seconds = time.perf_counter() - t
                peaks = sorted(rss.peaks.values(), reverse=True)[:workers]
                print(f"{n:5d} documents, {workers} worker{'s' * (workers > 1)}: {n / seconds:.1f} documents/s; "
                      "peak RSS per worker " + ", ".join(f"{w / 2**20:.0f} MB" for w in peaks))

        marks = [100, len(every), 3 * len(every)]
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as one:
            along = one.submit(memory_along, every, marks).result()
        print("one worker process reading the archive three times: peak RSS " +
              ", ".join(f"{peak:.0f} MB after {n:,}" for n, peak in along) + " documents")


if __name__ == "__main__":
    main()
