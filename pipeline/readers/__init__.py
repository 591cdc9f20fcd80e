"""Readers: bytes of one format in, a list of `pipeline.model.Block`s out.

`read_blocks` detects the real format from the bytes and dispatches; each reader raises
`UnreadableDocument` with a plain-words reason when a file cannot be read.
"""
from __future__ import annotations

from pipeline.model import Block
from pipeline.readers.detect import UnreadableDocument, detect_format

__all__ = ["UnreadableDocument", "detect_format", "read_blocks"]


def read_blocks(data: bytes, fmt: str) -> tuple[list[Block], int | None]:
    """Blocks of a document already identified as `fmt`, and its page count (None if unpaged)."""
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf
        return read_pdf(data)
    if fmt == "docx":
        from pipeline.readers.docx import read_docx
        return read_docx(data), None
    if fmt == "html":
        from pipeline.readers.html import read_html
        return read_html(data), None
    if fmt == "md":
        from pipeline.readers.markdown import read_markdown
        return read_markdown(data), None
    if fmt == "txt":
        from pipeline.readers.text import read_text
        return read_text(data)
    raise UnreadableDocument(f"no reader for format {fmt!r}")
