"""PDF text layer: pypdfium2 reads the text (about 1 ms a page) and, on pages that draw enough path
objects to hold a ruled table, the tables (`pipeline.readers.pdf_tables`: pdfium's rules and characters,
pdfplumber's geometry). On such a page the text above, between and below the tables is read band by band.

A page without tables is read line by line with its geometry (`pipeline.readers.pdf_layout`: line
edges, footnotes, two-column header and signature blocks). A page with no usable text layer that shows
an image (a scan) is read by OCR (`pipeline.readers.ocr`), and so is a page whose text layer does not
read as Vietnamese (judged page by page on its share of Vietnamese syllables): fonts whose Unicode map is
wrong ("6Ӣ C‘NG 7+ѬѪ1*"), or a scanner's own OCR layer without tone marks ("CQNG HOA XA HQI"); its OCR is
kept when it reads as more Vietnamese than the layer. A page pdfium cannot load, or whose tables
cannot be parsed, costs that page (or its tables) and a warning, not the document."""
from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.lexicon.vietnamese import syllable_share
from pipeline.model import Block, Reading
from pipeline.readers import legacy, ocr
from pipeline.readers.detect import UnreadableDocument, brief
from pipeline.readers.pdf_layout import page_lines, plain_lines
from pipeline.readers.pdf_tables import find_tables

MIN_PATHS_FOR_TABLE = 6  # a ruled table draws at least a frame and a few rules
MIN_USABLE_CHARS = 20    # fewer readable characters than this on an image page: read it by OCR
# A text layer reads as Vietnamese when at least this share of its words are Vietnamese syllables: prose
# scores 0.85-1.00 (0.78 on a title page with its English title), the archive's misread layers 0.15-0.46.
MIN_SYLLABLE_SHARE = 0.6
MIN_WORDS_TO_JUDGE = 10  # fewer words than this (a page of figures, a signature): the layer is kept
MAX_FRUITLESS_OCR = 2    # after this many pages whose OCR read no better, the text layer is trusted (English)


def read_pdf(data: bytes) -> Reading:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument("the PDF is encrypted with a password") from None
        raise UnreadableDocument(f"the PDF is damaged or truncated ({brief(exc)})") from None
    reading = Reading([], page_count=len(pdf))
    broken, no_tables, scans, garbled, misread, fruitless = [], [], [], [], [], 0
    try:
        for index in range(len(pdf)):
            number = index + 1
            try:
                page = pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
            except pdfium.PdfiumError:
                broken.append(number)
                continue
            if not _usable(text) and _shows_image(page):
                scans.append(number)
                if ocr.available():
                    reading.blocks.extend(ocr.read_page(page, number))
                    reading.ocr_pages.append(number)
                continue
            if text.strip() and not (_usable(text) and _reads_as_vietnamese(text)):
                if ocr.available() and fruitless < MAX_FRUITLESS_OCR:
                    blocks = ocr.read_page(page, number)
                    if syllable_share(" ".join(b.text for b in blocks))[1] > syllable_share(text)[1]:
                        reading.blocks.extend(blocks)
                        reading.ocr_pages.append(number)
                        misread.append(number)
                        continue
                    fruitless += 1
                garbled.append(number)
            try:
                tables = find_tables(page, textpage) if _may_hold_table(page) else []
            except Exception:  # a damaged page: keep its text, lose its tables
                no_tables.append(number)
                tables = []
            reading.blocks.extend(_page_blocks(page, textpage, text, tables, number))
    finally:
        pdf.close()
    with_text = {b.page for b in reading.blocks if b.text.strip() or b.rows}
    blank = [n for n in range(1, reading.page_count + 1) if n not in with_text and n not in scans and n not in broken]
    if blank:
        reading.warnings.append(f"pages without a text layer (scanned?): {_pages(blank)}")
    if broken:
        reading.warnings.append(f"pages that could not be loaded (damaged): {_pages(broken)}")
    if misread:
        reading.warnings.append(f"pages whose text layer does not read as Vietnamese (fonts without a right Unicode "
                                f"map, or a scanner's OCR), read by OCR instead: {_pages(misread)}")
    if garbled:
        reading.warnings.append(f"pages whose text layer does not read as Vietnamese (fonts without a right Unicode "
                                f"map?), kept as they are: {_pages(garbled)}")
    if no_tables:
        reading.warnings.append(f"tables that could not be read (damaged page): pages {_pages(no_tables)}")
    if reading.ocr_pages:
        reading.warnings.append(f"pages read by OCR (Tesseract, {ocr.LANGUAGE}): {_pages(reading.ocr_pages)}")
    elif scans:
        if len(scans) == reading.page_count:
            raise UnreadableDocument(f"a scanned PDF with no text layer, and {ocr.missing_reason()}")
        reading.warnings.append(f"scanned pages not read ({ocr.missing_reason()}): {_pages(scans)}")
    return reading


def _page_blocks(page, textpage, text: str, tables, number: int) -> list[Block]:
    if not tables:
        return page_lines(textpage, text, number, page.get_size()[0])
    blocks = []
    width, height = page.get_size()
    top = 0.0  # tables are measured from the top of the page, pdfium's text from the bottom
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        _, t_top, _, t_bottom = table.bbox
        blocks.extend(plain_lines(textpage.get_text_bounded(0, height - t_top, width, height - top), number))
        rows = [[cell or "" for cell in row] for row in table.extract()]
        blocks.append(Block("table", rows=rows, page=number))
        top = t_bottom
    blocks.extend(plain_lines(textpage.get_text_bounded(0, 0, width, height - top), number))
    return blocks


def _usable(text: str) -> bool:
    """Whether a text layer holds readable text: enough letters and digits, not glyph codes."""
    readable = sum(ch.isalnum() for ch in text)
    return readable >= MIN_USABLE_CHARS and readable >= 0.5 * sum(not ch.isspace() for ch in text)


def _reads_as_vietnamese(text: str) -> bool:
    """Whether a page's text layer reads as Vietnamese (see MIN_SYLLABLE_SHARE); too few words to judge do,
    and so does text in a legacy font encoding (TCVN3, VNI: "§Þnh Hãa"), which `read_blocks` converts."""
    words, share = syllable_share(text)
    return words < MIN_WORDS_TO_JUDGE or share >= MIN_SYLLABLE_SHARE or legacy.detect(text) is not None


def _shows_image(page) -> bool:
    return next(iter(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3)), None) is not None


def _may_hold_table(page) -> bool:
    paths = 0
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        paths += 1
        if paths >= MIN_PATHS_FOR_TABLE:
            return True
    return False


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))
