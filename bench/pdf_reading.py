"""PDF reading cost per page on a 20+ page document, against the bare text layer and pdfplumber.

    python bench/pdf_reading.py [--runs 5]

Builds the PDF from a sample document (with a ruled appendix table every few pages) and prints the
median of several runs for: pypdfium2's bare text layer; khplan's PDF reader (text plus pdfplumber
tables on pages that draw rules); the whole load (reader plus normalization); pdfplumber's
extract_text alone.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from timing import bare_text, median_ms

from pipeline.load import load_document
from pipeline.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the repository, for tests.fixtures (the renderings)
from tests.fixtures.rendering import document_items, render_pdf  # noqa: E402


def plumber_text(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def measure(items: list, runs: int, tmp: Path, name: str) -> tuple[int, int, dict[str, float]]:
    path = render_pdf(items, tmp / f"{name}.pdf", running_header="Kế hoạch thực hiện Chương trình NTM",
                      font_size=14)
    data = path.read_bytes()
    pages = len(pdfium.PdfDocument(path))
    rows = {
        "pypdfium2 bare text layer": median_ms(lambda: bare_text(path), runs),
        "khplan PDF reader (text + tables)": median_ms(lambda: read_pdf(data), runs),
        "khplan load_document (reader + normalize)": median_ms(lambda: load_document(path), runs),
        "pdfplumber extract_text only": median_ms(lambda: plumber_text(path), runs),
    }
    return pages, len(load_document(path).tables), rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    prose = document_items(load_document(ROOT / "data" / "samples" / "thach-an-kh-2025.txt"))
    table = [["TT", "Xã", "Số tiêu chí đạt", "Kế hoạch 2025"]] + [[str(i), f"Xã {i}", "15", "19"] for i in range(1, 9)]
    with_tables = list(prose)
    for i in range(40, len(with_tables), 60):
        with_tables.insert(i, table)
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in (("text pages only", prose), ("with ruled tables", with_tables)):
            pages, tables, rows = measure(items, a.runs, Path(tmp), name.replace(" ", "-"))
            print(f"{name}: {pages} pages, {tables} tables; median of {a.runs} runs")
            bare = rows["pypdfium2 bare text layer"]
            for label, ms in rows.items():
                extra = f"  (+{(ms - bare) / pages:.2f} ms/page over bare)" if label.startswith("khplan") else ""
                print(f"  {label:<44} {ms:8.1f} ms  {ms / pages:6.2f} ms/page{extra}")


if __name__ == "__main__":
    main()
