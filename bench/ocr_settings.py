"""OCR settings by measured accuracy and time: render resolution, Tesseract's page segmentation mode and
its own threads.

    python bench/ocr_settings.py [--archive ../shared/corpus/archive/originals] [--pages 3]

Accuracy: pages of the archive's PDFs whose text layer reads as Vietnamese are rendered to images and read
by OCR (khplan's `pipeline.readers.ocr.read_page`, with the settings under test), then compared with their
text layer: the share of the layer's characters and of its words (tone marks included) the OCR gives back
(difflib's matching blocks over the texts with single spaces). Time: ms per page on those pages and on the
archive's scanned pages (no text layer). Medians; one page at a time, as one worker reads them.
OMP_THREAD_LIMIT=1 (khplan's setting, its workers already use every core) is compared with Tesseract's
own threads. Only the LSTM engine is measured (--oem 1): Debian's tesseract-ocr-vie is the "fast" model,
which holds no legacy engine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pipeline.lexicon.vietnamese import syllable_share  # noqa: E402
from pipeline.readers import ocr  # noqa: E402

SETTINGS = [  # (dpi, psm, one thread)
    (200, 4, True), (300, 4, True), (400, 4, True), (300, 6, True), (300, 3, True), (300, 4, False),
]


def pages(archive: Path, per_kind: int) -> tuple[list, list]:
    """(text pages that read as Vietnamese with their layer's text, scanned pages), up to `per_kind` each,
    from as many files as there are."""
    texts, scans = [], []
    for path in sorted(archive.glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        for index in range(min(len(pdf), 2)):
            page = pdf[index]
            text = page.get_textpage().get_text_range()
            words, share = syllable_share(text)
            if words >= 150 and share >= 0.9 and len(texts) < per_kind and not any(p[0] == path for p in texts):
                texts.append((path, index, " ".join(text.split())))
            elif not text.strip() and len(scans) < per_kind and not any(p[0] == path for p in scans):
                scans.append((path, index))
    return texts, scans


def read(path: Path, index: int, dpi: int, psm: int) -> tuple[str, float]:
    pdf = pdfium.PdfDocument(str(path))
    ocr.DPI, ocr.PSM = dpi, psm
    start = time.perf_counter()
    blocks = ocr.read_page(pdf[index], index + 1)
    return " ".join(b.text for b in blocks), (time.perf_counter() - start) * 1000


def agreement(layer: str, read_text: str) -> tuple[float, float]:
    """Shares of the layer's characters and words that the OCR text gives back in order."""
    chars = SequenceMatcher(None, layer, read_text, autojunk=False)
    words = SequenceMatcher(None, layer.split(), read_text.split(), autojunk=False)
    return (sum(b.size for b in chars.get_matching_blocks()) / max(len(layer), 1),
            sum(b.size for b in words.get_matching_blocks()) / max(len(layer.split()), 1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, default=ROOT.parent / "shared" / "corpus" / "archive" / "originals")
    ap.add_argument("--pages", type=int, default=3, help="pages of each kind (text layer, scan)")
    a = ap.parse_args()
    if not ocr.available():
        sys.exit(ocr.missing_reason())
    texts, scans = pages(a.archive, a.pages)
    print(f"{len(texts)} text-layer pages ({', '.join(p.name[:24] for p, _, _ in texts)}), "
          f"{len(scans)} scanned pages ({', '.join(p.name[:24] for p, _ in scans)})")
    print(f"{'dpi':>4} {'psm':>4} {'threads':>8} {'chars':>7} {'words':>7} {'ms/text page':>13} {'ms/scan page':>13}")
    for dpi, psm, single in SETTINGS:
        os.environ["OMP_THREAD_LIMIT"] = "1" if single else str(os.cpu_count())
        char_shares, word_shares, text_ms, scan_ms = [], [], [], []
        for path, index, layer in texts:
            read_text, ms = read(path, index, dpi, psm)
            c, w = agreement(layer, read_text)
            char_shares.append(c)
            word_shares.append(w)
            text_ms.append(ms)
        for path, index in scans:
            scan_ms.append(read(path, index, dpi, psm)[1])
        print(f"{dpi:>4} {psm:>4} {'1' if single else 'own':>8} {statistics.median(char_shares):>7.3f} "
              f"{statistics.median(word_shares):>7.3f} {statistics.median(text_ms):>13,.0f} "
              f"{statistics.median(scan_ms) if scan_ms else float('nan'):>13,.0f}")
    os.environ["OMP_THREAD_LIMIT"] = "1"


if __name__ == "__main__":
    main()
