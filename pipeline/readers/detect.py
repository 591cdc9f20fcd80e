"""Tell a document's real format from its bytes (the extension is only a tie-breaker)."""
from __future__ import annotations

import io
import zipfile

SUPPORTED_EXTENSIONS = {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".markdown"}


class UnreadableDocument(Exception):
    """A file that cannot be read; the message says why in plain words."""


def brief(exc: BaseException, limit: int = 120) -> str:
    """A library's error in a few words, for a reason: its type and the start of its first line
    (a damaged ZIP's message can quote 100 kB of its bytes)."""
    text = str(exc).strip().split("\n", 1)[0]
    text = text if len(text) <= limit else text[:limit] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
            raise UnreadableDocument(f"a damaged or truncated ZIP/DOCX file ({brief(exc)})") from None
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


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the bytes read as UTF-16 text with no BOM: mostly-Latin
    text then has a zero byte in nearly every other position."""
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    for order, zeros in (("utf-16-le", head[1::2].count(0)), ("utf-16-be", head[0::2].count(0))):
        if zeros > 0.4 * pairs:
            try:
                data[: pairs * 2].decode(order)
            except UnicodeDecodeError:
                return None
            return order
    return None


def _looks_binary(head: bytes) -> bool:
    """Binary data rather than text: many control bytes (a few stray ones do not make text binary)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return False
    controls = len(head.translate(None, _TEXT_BYTES))
    return controls > len(head) * 0.05


_TEXT_BYTES = bytes([9, 10, 11, 12, 13, *range(32, 256)])  # deleted from a head, the control bytes remain
