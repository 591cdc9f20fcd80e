"""Tell a document's real format from its bytes (the extension is only a tie-breaker)."""
from __future__ import annotations

import io
import zipfile

SUPPORTED_EXTENSIONS = {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".markdown"}


class UnreadableDocument(Exception):
    """A file that cannot be read; the message says why in plain words."""


def detect_format(data: bytes, suffix: str = "") -> str:
    """One of pdf, docx, html, md, txt; raises UnreadableDocument for anything else."""
    suffix = suffix.lower()
    if not data:
        raise UnreadableDocument("the file is empty (0 bytes)")
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise UnreadableDocument("a damaged or truncated ZIP/DOCX file") from None
        if "word/document.xml" in names:
            return "docx"
        raise UnreadableDocument("a ZIP archive that is not a Word (.docx) document")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument("a legacy binary Office file (.doc/.xls): save it as .docx or PDF")
    if head.startswith(b"{\\rtf"):
        raise UnreadableDocument("an RTF file: save it as .docx or PDF")
    if _looks_binary(head):
        raise UnreadableDocument("binary data of no supported document type")
    lowered = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".html", ".htm") or lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    return "txt"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text
        return False
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return b"\x00" in head or controls > len(head) * 0.05
