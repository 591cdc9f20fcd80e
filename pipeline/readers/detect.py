"""Tell a document's real format from its bytes (the extension is only a tie-breaker)."""
from __future__ import annotations

import io
import zipfile

# the extensions of the formats khplan reads; a file of another extension is read only when its bytes
# are one of those formats (a .dat that is a PDF), else reported as not a document (`NotADocument`)
SUPPORTED_EXTENSIONS = {".pdf", ".docx", ".html", ".htm", ".txt", ".md", ".markdown", ".doc", ".rtf", ".odt",
                        ".xlsx", ".xls", ".ods", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".zip"}
# text files that hold data or code, not documents (a CSV of figures is no plan)
DATA_TEXT_EXTENSIONS = {".csv", ".tsv", ".json", ".geojson", ".xml", ".yaml", ".yml", ".toml", ".ini", ".cfg",
                        ".log", ".sql", ".py", ".js", ".css", ".sh", ".bat", ".ps1", ".svg", ".ipynb"}
# formats LibreOffice converts (`pipeline.readers.office`): to DOCX the texts, to XLSX the spreadsheets
CONVERTED_FORMATS = {"doc": "docx", "rtf": "docx", "odt": "docx", "xls": "xlsx", "ods": "xlsx"}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnreadableDocument(Exception):
    """A file that cannot be read; the message says why in plain words."""


class NotADocument(UnreadableDocument):
    """A file of a format khplan does not read (a program, a video, a CSV): reported with stage `skip`."""


def brief(exc: BaseException, limit: int = 120) -> str:
    """A library's error in a few words, for a reason: its type and the start of its first line
    (a damaged ZIP's message can quote 100 kB of its bytes)."""
    text = str(exc).strip().split("\n", 1)[0]
    text = text if len(text) <= limit else text[:limit] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def detect_format(data: bytes, suffix: str = "") -> str:
    """One of pdf, docx, html, md, txt, doc, rtf, odt, xlsx, xls, ods, image, zip (a ZIP archive of
    documents); raises UnreadableDocument for a damaged file, and NotADocument for a file of another kind.
    Text bytes are read as text, unless the extension says data or code (.csv, .json …)."""
    suffix = suffix.lower()
    if not data:
        raise UnreadableDocument("the file is empty (0 bytes)")
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, suffix)
    if head.startswith(OLE2_MAGIC):
        return _ole2_format(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")):
        return "image"
    known = suffix in SUPPORTED_EXTENSIONS or not suffix
    if _looks_binary(head):
        if known:
            raise UnreadableDocument("binary data of no supported document type")
        raise NotADocument(f"a {suffix} file of no document format khplan reads (binary data)")
    lowered = head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix in (".html", ".htm") or lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix in DATA_TEXT_EXTENSIONS:  # a CSV, a JSON file, source code: text, but no document
        raise NotADocument(f"a {suffix} file (data or code), not a document format khplan reads")
    return "txt"


def _zip_format(data: bytes, suffix: str) -> str:
    """docx, xlsx, odt, ods by the package's parts, else zip (an archive whose members are read one by one);
    an Office package without its main part is a damaged one, not an archive."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
        mimetype = package.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError, RuntimeError) as exc:
        raise UnreadableDocument(f"a damaged or truncated ZIP/DOCX file ({brief(exc)})") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype == b"application/vnd.oasis.opendocument.text":
        return "odt"
    if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
        return "ods"
    if suffix in (".docx", ".xlsx") or any(name.startswith(("word/", "xl/")) for name in names):
        raise UnreadableDocument(f"a damaged {'spreadsheet' if suffix == '.xlsx' else 'Word file'}: its "
                                 "package has no main part (word/document.xml, xl/workbook.xml)")
    if "[Content_Types].xml" in names or "_rels/.rels" in names or mimetype:
        raise NotADocument("an office package that is neither a text document nor a spreadsheet "
                           "(a presentation or a drawing)")
    return "zip"


def _ole2_format(data: bytes) -> str:
    """doc or xls: the stream a compound file's directory names (UTF-16 names, in its first sectors)."""
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return "xls"
    raise UnreadableDocument("a legacy Office (OLE2) file holding neither a Word document nor a spreadsheet "
                             "(a presentation, an e-mail, or a damaged file)")


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
