"""PDF reading cost and table cells on the real text-layer PDFs of corpus/archive, in one run.

    python bench/pdf_tables.py [--corpus ../shared/corpus/archive/originals] [--runs 3]

Keeps the PDFs whose every page khplan reads from its text layer: a PDF with a page it would read by
OCR (no usable text layer on an image page, or a layer that does not read as Vietnamese: the reader's
own tests, `pipeline.readers.pdf`) is left out, and so is its count in the figures. Then prints the
median of several runs, in ms/page over the kept pages, for: khplan's PDF reader (`read_pdf`, as
`load_document` calls it); pypdfium2's bare text layer; a pdfplumber-only extraction (extract_text and
extract_tables on every page); and the speed ratio of pdfplumber-only to khplan. Last, the share of
table cells khplan reads as pdfplumber's `extract_tables` does: tables matched page by page in reading
order, cells by (row, column), text compared with its whitespace collapsed; a cell either side has that
the other lacks (an extra row, column or table) counts as unequal.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from timing import bare_text, median_ms

from pipeline.readers import ocr
from pipeline.readers.pdf import _reads_as_vietnamese, _shows_image, _usable, read_pdf

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "archive" / "originals"


def text_layer_only(path: Path) -> bool:
    """Whether khplan reads every page of the PDF from its text layer (no page goes to OCR)."""
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            text = page.get_textpage().get_text_range()
            if not _usable(text) and _shows_image(page):
                return False
            if text.strip() and not (_usable(text) and _reads_as_vietnamese(text)):
                return False
        return True
    finally:
        pdf.close()


def plumber_only(path: Path) -> list[list]:
    """pdfplumber's text and tables of every page; the tables, page by page."""
    tables = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            tables.append(page.extract_tables())
    return tables


def khplan_tables(data: bytes, pages: int) -> list[list]:
    """The tables khplan's reader finds, page by page, in reading order."""
    tables = [[] for _ in range(pages)]
    for block in read_pdf(data).blocks:
        if block.kind == "table":
            tables[block.page - 1].append(block.rows)
    return tables


def _cell(text) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def cell_agreement(ours: list[list], reference: list[list]) -> tuple[int, int]:
    """(equal cells, cells in all) over the pages' tables (see the module's docstring)."""
    equal = total = 0
    for page_ours, page_ref in zip(ours, reference):
        for k in range(max(len(page_ours), len(page_ref))):
            a = page_ours[k] if k < len(page_ours) else []
            b = page_ref[k] if k < len(page_ref) else []
            for i in range(max(len(a), len(b))):
                row_a = a[i] if i < len(a) else []
                row_b = b[i] if i < len(b) else []
                for j in range(max(len(row_a), len(row_b))):
                    total += 1
                    if j < len(row_a) and j < len(row_b) and _cell(row_a[j]) == _cell(row_b[j]):
                        equal += 1
    return equal, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    paths = sorted(a.corpus.glob("*.pdf"))
    kept = [p for p in paths if text_layer_only(p)]
    datas = {p: p.read_bytes() for p in kept}
    pages = {p: len(pdfium.PdfDocument(p)) for p in kept}
    n = sum(pages.values())
    print(f"{len(kept)} of {len(paths)} PDFs read from their text layer ({n} pages); left out (OCR): "
          f"{len(paths) - len(kept)}; Tesseract {'present' if ocr.available() else 'missing'}")
    rows = {
        "khplan PDF reader (read_pdf)": median_ms(lambda: [read_pdf(datas[p]) for p in kept], a.runs),
        "pypdfium2 bare text layer": median_ms(lambda: [bare_text(p) for p in kept], a.runs),
        "pdfplumber-only (extract_text + extract_tables)": median_ms(lambda: [plumber_only(p) for p in kept],
                                                                      a.runs),
    }
    print(f"median of {a.runs} runs over the {n} pages")
    for label, ms in rows.items():
        print(f"  {label:<48} {ms:9.1f} ms  {ms / n:7.2f} ms/page")
    ratio = rows["pdfplumber-only (extract_text + extract_tables)"] / rows["khplan PDF reader (read_pdf)"]
    print(f"  khplan is {ratio:.1f}x faster than pdfplumber-only")
    equal = total = tables = 0
    for p in kept:
        reference = plumber_only(p)
        tables += sum(map(len, reference))
        e, t = cell_agreement(khplan_tables(datas[p], pages[p]), reference)
        if e != t:
            print(f"    {p.name}: {e} of {t} cells equal")
        equal, total = equal + e, total + t
    print(f"table cells equal to pdfplumber's extract_tables: {equal} of {total} "
          f"({equal / max(total, 1):.1%}) in {tables} tables")


if __name__ == "__main__":
    main()
