"""PDF text layer: pypdfium2 reads the text (about 1 ms a page); pdfplumber, far slower, reads
tables, and only on pages that draw enough path objects to hold a ruled table. On such a page the
text above, between and below the tables is read band by band with pypdfium2."""
from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.model import Block
from pipeline.readers.detect import UnreadableDocument

MIN_PATHS_FOR_TABLE = 6  # a ruled table draws at least a frame and a few rules


def read_pdf(data: bytes) -> tuple[list[Block], int]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise UnreadableDocument("the PDF is encrypted with a password") from None
        raise UnreadableDocument(f"the PDF is damaged or truncated ({reason})") from None
    plumber = None
    blocks: list[Block] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            number = index + 1
            tables = []
            if _may_hold_table(page):
                plumber = plumber or pdfplumber.open(io.BytesIO(data))
                tables = plumber.pages[index].find_tables()
            if not tables:
                blocks.extend(_lines(textpage.get_text_range(), number))
                continue
            width, height = page.get_size()
            top = 0.0  # pdfplumber measures from the top, pdfium from the bottom
            for table in sorted(tables, key=lambda t: t.bbox[1]):
                _, t_top, _, t_bottom = table.bbox
                blocks.extend(_lines(textpage.get_text_bounded(0, height - t_top, width, height - top), number))
                rows = [[cell or "" for cell in row] for row in table.extract()]
                blocks.append(Block("table", rows=rows, page=number))
                top = t_bottom
            blocks.extend(_lines(textpage.get_text_bounded(0, 0, width, height - top), number))
        return blocks, len(pdf)
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()


def _may_hold_table(page) -> bool:
    paths = 0
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        paths += 1
        if paths >= MIN_PATHS_FOR_TABLE:
            return True
    return False


def _lines(text: str, page: int) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Block("line", line, page=page) for line in text.split("\n")]
