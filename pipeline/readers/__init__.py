"""Readers: bytes of one format in, a `pipeline.model.Reading` (blocks, pages, warnings) out.

`read_blocks` dispatches on the format `detect_format` told from the bytes (.doc, .rtf, .odt, .xls and .ods
converted by LibreOffice to DOCX or XLSX first, `pipeline.readers.office`), then converts text
typed in a legacy Vietnamese font encoding (TCVN3, VNI) that no reader could tell by itself; each
reader raises `UnreadableDocument` with a plain-words reason when a file cannot be read.
"""
from __future__ import annotations

from pipeline.model import Reading
from pipeline.readers import legacy
from pipeline.readers.detect import CONVERTED_FORMATS, NotADocument, UnreadableDocument, detect_format

__all__ = ["NotADocument", "UnreadableDocument", "detect_format", "read_blocks"]


def read_blocks(data: bytes, fmt: str) -> Reading:
    """What the reader for `fmt` makes of `data`, its text in Unicode."""
    if fmt in CONVERTED_FORMATS:
        from pipeline.readers import office
        data, fmt = office.converted(data, fmt), CONVERTED_FORMATS[fmt]
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf as reader
    elif fmt == "docx":
        from pipeline.readers.docx import read_docx as reader
    elif fmt == "html":
        from pipeline.readers.html import read_html as reader
    elif fmt == "md":
        from pipeline.readers.markdown import read_markdown as reader
    elif fmt == "txt":
        from pipeline.readers.text import read_text as reader
    elif fmt == "xlsx":
        from pipeline.readers.xlsx import read_xlsx as reader
    elif fmt == "image":
        from pipeline.readers.image import read_image as reader
    elif fmt == "zip":
        raise UnreadableDocument("a ZIP archive, not one document: `khplan run` reads its members one by one")
    else:
        raise UnreadableDocument(f"no reader for format {fmt!r}")
    reading = reader(data)
    if set((reading.encoding or "").split("+")) & set(legacy.LEGACY_ENCODINGS):
        return reading  # the reader knew from the fonts
    return legacy.convert_reading(reading)
