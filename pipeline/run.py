"""Run the pipeline over files and folders: every input ends as a document row or an error row."""
from __future__ import annotations

import hashlib
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractors import EXTRACTORS
from pipeline.model import Document
from pipeline.normalize import build_document
from pipeline.readers import UnreadableDocument, detect_format, read_blocks
from pipeline.readers.detect import SUPPORTED_EXTENSIONS
from pipeline.writer import SchemaViolation, conform, write_table
from schemas.tables import TABLES


def discover(sources: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and files with a supported extension under folders, in sorted order."""
    for src in sources:
        if src.is_dir():
            yield from sorted(p for p in src.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS)
        else:
            yield src


def load_document(path: Path, data: bytes | None = None) -> Document:
    """Read one file into the normalized model; raises UnreadableDocument with a plain reason."""
    data = path.read_bytes() if data is None else data
    sha = hashlib.sha256(data).hexdigest()
    fmt = detect_format(data, path.suffix)
    blocks, page_count = read_blocks(data, fmt)
    doc = build_document(blocks, doc_id=sha[:16], source_path=str(path), fmt=fmt, sha256=sha,
                         page_count=page_count)
    if not doc.text.strip():
        raise UnreadableDocument("no text could be read (a scan without a text layer, or an empty document)")
    if page_count:
        with_text = {b.page for b in blocks if b.text.strip() or b.rows}
        blank = [n for n in range(1, page_count + 1) if n not in with_text]
        if blank:
            doc.warnings.append(f"pages without a text layer (scanned?): {', '.join(map(str, blank))}")
    return doc


@dataclass
class FileResult:
    """Rows one input file produced, table by table."""
    rows: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, record: dict) -> None:
        self.rows.setdefault(table, []).append(conform(table, record))


def error_row(path: Path, stage: str, reason: str, exc: BaseException | None = None,
              doc_id: str | None = None) -> dict:
    return {"source_path": str(path), "doc_id": doc_id, "stage": stage, "reason": reason,
            "error_type": type(exc).__name__ if exc else None}


def process_file(path: Path) -> FileResult:
    """All rows of one file; failures become error rows, never exceptions."""
    result = FileResult()
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.add("errors", error_row(path, "read", f"the file cannot be opened ({exc.strerror})", exc))
        return result
    try:
        doc = load_document(path, data)
    except UnreadableDocument as exc:
        result.add("errors", error_row(path, "read", str(exc), exc))
        return result
    except Exception as exc:  # a reader bug or a file no reader foresaw: keep the batch going
        result.add("errors", error_row(path, "read", f"the file could not be read: {exc}", exc))
        return result
    for table, extract in EXTRACTORS.items():
        try:
            rows = extract(doc)
            staged = FileResult()
            for row in rows:
                staged.add(table, row)
        except SchemaViolation as exc:
            result.add("errors", error_row(path, "write", str(exc), exc, doc.doc_id))
            continue
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            result.add("errors", error_row(
                path, "extract", f"the {table} extractor failed: {exc!r} at {where.filename}:{where.lineno}",
                exc, doc.doc_id))
            continue
        for t, rs in staged.rows.items():
            result.rows.setdefault(t, []).extend(rs)
    if not result.rows.get("documents"):  # rows of a document without its document row would dangle
        result.rows = {t: rs for t, rs in result.rows.items() if t not in EXTRACTORS}
    return result


@dataclass
class RunSummary:
    files: int = 0
    duplicates: int = 0
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return self.rows.get("documents", 0)

    @property
    def errors(self) -> int:
        return self.rows.get("errors", 0)


def run(sources: list[Path], out_dir: Path) -> RunSummary:
    """Process every input and write one Parquet file per table under `out_dir`."""
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    seen: dict[str, str] = {}
    summary = RunSummary()
    for path in discover(sources):
        summary.files += 1
        result = process_file(path)
        docs = result.rows.get("documents", [])
        if docs and docs[0]["doc_id"] in seen:
            summary.duplicates += 1
            tables["errors"].append(conform("errors", error_row(
                path, "read", f"same content as {seen[docs[0]['doc_id']]}: not added twice",
                doc_id=docs[0]["doc_id"])))
            continue
        if docs:
            seen[docs[0]["doc_id"]] = str(path)
        for table, rows in result.rows.items():
            tables[table].extend(rows)
    for table, rows in tables.items():
        write_table(out_dir, table, rows)
        summary.rows[table] = len(rows)
    return summary
