"""What a worker process does with files: each file's rows (`extract_rows`; a ZIP archive's members each
as a file of its own, `archive_rows`), turned into one Arrow record batch per table for a task of several
files (`process_files`, which has LibreOffice convert a task's .doc/.xls… files in one call); failures become
error rows, never exceptions, and a file of no document format an error row of stage `skip`.
`TABLE_EXTRACTORS` names the extractor of each output table.
"""
from __future__ import annotations

import gc
import hashlib
import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from extractors import agencies, checks, communes, documents, funding, references, sections, targets
from pipeline.lexicon.gazetteer import load_maps
from pipeline.lexicon.vietnamese import character_table, spelling_rules
from pipeline.load import load_document
from pipeline.model import Document
from pipeline.output.writer import SchemaViolation, bare_schema, convert_without_pandas, to_arrow
from pipeline.readers import NotADocument, UnreadableDocument, archive, office
from pipeline.readers.detect import CONVERTED_FORMATS, brief, detect_format
from schemas.tables import TABLES

TABLE_EXTRACTORS: dict[str, Callable[[Document], list[dict]]] = {
    "documents": documents.extract,
    "sections": sections.extract,
    "references": references.extract,
    "targets": targets.extract,
    "communes": communes.extract,
    "commune_lists": communes.extract_lists,
    "agencies": agencies.extract,
    "agency_assignments": agencies.extract_assignments,
    "funding": funding.extract,
    "checks": checks.extract,
}

MAX_FILE_BYTES = 200 << 20       # no plan, scanned or not, comes near this


@dataclass
class FileResult:
    """What one input file produced: a record batch per table (`writer.to_arrow`), or error rows only."""
    source_path: str
    sha256: str | None
    tables: dict[str, pa.RecordBatch] = field(default_factory=dict)
    pages: int = 0
    failed_checks: int = 0

    @property
    def is_document(self) -> bool:
        return "documents" in self.tables

    @property
    def errors(self) -> int:
        return self.tables["errors"].num_rows if "errors" in self.tables else 0


class TaskResult:
    """The results of the files of one task, in their order, and their rows as one record batch per table
    (`tables`; each file's own are slices of it). Sent between processes as those batches, with each file's
    row counts, and without the schemas (both sides know them); the parent writes them as they come: per
    file, the batches' fixed costs, and Parquet's for a table of many small chunks, would fall to the
    parent, whose time all the workers share."""

    def __init__(self, results: list[FileResult]):
        self.results = results
        self._tables: dict[str, pa.RecordBatch] | None = None

    @property
    def tables(self) -> dict[str, pa.RecordBatch]:
        if self._tables is None:
            parts: dict[str, list[pa.RecordBatch]] = {}
            for result in self.results:
                for name, batch in result.tables.items():
                    parts.setdefault(name, []).append(batch)
            self._tables = {name: batches[0] if len(batches) == 1 else pa.concat_batches(batches)
                            for name, batches in parts.items()}
        return self._tables

    def __getstate__(self) -> dict:
        return {"files": [(r.source_path, r.sha256, r.pages, r.failed_checks,
                           {name: batch.num_rows for name, batch in r.tables.items()}) for r in self.results],
                "tables": {name: batch.serialize() for name, batch in self.tables.items()}}

    def __setstate__(self, state: dict) -> None:
        self._tables = {name: pa.ipc.read_record_batch(buffer, bare_schema(name))
                        for name, buffer in state["tables"].items()}
        offsets = dict.fromkeys(self._tables, 0)
        self.results = []
        for path, sha, pages, failed_checks, counts in state["files"]:
            tables = {}
            for name, rows in counts.items():
                tables[name] = self._tables[name].slice(offsets[name], rows)
                offsets[name] += rows
            self.results.append(FileResult(path, sha, tables, pages, failed_checks))


@dataclass
class FileRows:
    """One file's rows before they become record batches: a row list per table when it is a document, and
    error rows."""
    source_path: str
    sha256: str | None
    doc_id: str | None = None
    tables: dict[str, list[dict]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    pages: int = 0


def error_row(path: Path, stage: str, reason: str, exc: BaseException | str | None = None,
              doc_id: str | None = None, sha256: str | None = None) -> dict:
    kind = exc if isinstance(exc, str) or exc is None else type(exc).__name__
    return {"source_path": str(path), "doc_id": doc_id, "sha256": sha256, "stage": stage, "reason": reason,
            "error_type": kind}


def error_result(path: Path, stage: str, reason: str, sha256: str | None, kind: str | None = None,
                 doc_id: str | None = None) -> FileResult:
    return file_results([error_rows(path, stage, reason, sha256, kind, doc_id)])[0]


def error_rows(path: Path, stage: str, reason: str, sha256: str | None, kind: str | None = None,
               doc_id: str | None = None) -> FileRows:
    return FileRows(str(path), sha256, errors=[error_row(path, stage, reason, kind, doc_id, sha256)])


@cache
def prepare_worker() -> None:
    """Load what documents need (the gazetteers, the character tables, underthesea's spelling rules, which
    most plans' agency names call for, pyarrow's conversions, made without pandas) in a worker before
    its first document, then freeze the heap as it stands: the collector's full passes
    leave those long-lived objects alone (they otherwise cost about 1.5 ms a document, two passes of
    ~75 ms per hundred documents). Young collections are made rarer too: most of a document's objects are
    freed by reference counting before a collection of 10,000 allocations would look at them (0.9 → 0.1 ms
    a document)."""
    load_maps()
    for kind in ("letter", "cased", "lower", "decimal", "vietnamese"):
        character_table(kind)
    spelling_rules()
    convert_without_pandas()
    for table in TABLES:
        to_arrow(table, [])
    gc.freeze()
    gc.set_threshold(10_000, 20, 10)


def process_file(path: Path, data: bytes | None = None) -> FileResult:
    """All tables of one file; failures become error rows, never exceptions."""
    return file_results([extract_rows(path, data)])[0]


def process_files(paths: list[Path], datas: list[bytes] | None = None) -> TaskResult:
    """All tables of several files (one task of a worker), each table's record batch built once for all; a
    ZIP archive gives a result for itself (no rows: it records the archive as read) and one for each member."""
    inputs = [read_input(path) if data is None else data for path, data in zip(paths, datas or [None] * len(paths))]
    _convert_ahead(list(zip(paths, inputs)))
    rows: list[FileRows] = []
    for path, data in zip(paths, inputs):
        if isinstance(data, FileRows):  # unreadable, or too large to be a plan
            rows.append(data)
        elif _format(path, data) == "zip":
            rows.extend(archive_rows(path, data))
        else:
            rows.append(extract_rows(path, data))
    return TaskResult(file_results(rows))


def archive_rows(path: Path, data: bytes) -> list[FileRows]:
    """A ZIP archive's members, each read as a file whose source_path is `archive.zip!/member`; members
    refused (unsafe names, bombs) and archives inside the archive (not opened) as error rows."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        members = archive.members(data)
    except UnreadableDocument as exc:
        return [error_rows(path, "read", str(exc), sha, type(exc).__name__)]
    rows = [FileRows(str(path), sha)]
    paths = [Path(f"{path}{archive.SEPARATOR}{member.name}") for member in members]
    _convert_ahead([(p, m.data) for p, m in zip(paths, members) if m.data is not None])
    for member_path, member in zip(paths, members):
        if member.data is None:
            rows.append(error_rows(member_path, "read", member.refusal, None, "RefusedMember"))
        elif _format(member_path, member.data) == "zip":
            rows.append(error_rows(member_path, "read", "a ZIP archive inside the ZIP archive: not opened "
                                   "(unpack it to read its members)", hashlib.sha256(member.data).hexdigest(),
                                   "NestedArchive"))
        else:
            rows.append(extract_rows(member_path, member.data))
    return rows


def _format(path: Path, data: bytes) -> str | None:
    try:
        return detect_format(data, path.suffix)
    except UnreadableDocument:
        return None  # reported by `extract_rows`


def _convert_ahead(files: list[tuple[Path, bytes | FileRows]]) -> None:
    """Have LibreOffice convert the files that need it (.doc, .rtf, .odt, .xls, .ods) in one call."""
    convertible = [(data, fmt) for path, data in files
                   if isinstance(data, bytes) and (fmt := _format(path, data)) in CONVERTED_FORMATS]
    if len(convertible) > 1:
        office.convert_ahead(convertible)


def read_input(path: Path) -> bytes | FileRows:
    """The file's bytes, or its error row when it cannot be read or is too large to be a plan."""
    try:
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            return error_rows(path, "read", f"the file is {size / 2**20:,.0f} MB, larger than any plan "
                              f"(limit {MAX_FILE_BYTES >> 20} MB)", None, "FileTooLarge")
        return path.read_bytes()
    except OSError as exc:
        return error_rows(path, "read", f"the file cannot be opened ({exc.strerror})", None, type(exc).__name__)


def extract_rows(path: Path, data: bytes | None = None) -> FileRows:
    """Every row of one file: its tables' rows when it reads as a document, and error rows."""
    if data is None:
        data = read_input(path)
        if isinstance(data, FileRows):  # unreadable, or too large to be a plan
            return data
    sha = hashlib.sha256(data).hexdigest()
    try:
        doc = load_document(path, data, sha)
    except NotADocument as exc:
        return error_rows(path, "skip", str(exc), sha, type(exc).__name__)
    except UnreadableDocument as exc:
        return error_rows(path, "read", str(exc), sha, type(exc).__name__)
    except Exception as exc:  # a reader bug or a file no reader foresaw: keep the batch going
        return error_rows(path, "read", f"the file could not be read: {brief(exc)}", sha, type(exc).__name__)
    result = FileRows(str(path), sha, doc.doc_id, pages=doc.page_count or 0)
    for table, extract in TABLE_EXTRACTORS.items():
        try:
            result.tables[table] = list(extract(doc))
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            result.errors.append(error_row(path, "extract", f"the {table} extractor failed: {exc!r} at "
                                           f"{where.filename}:{where.lineno}", exc, doc.doc_id, sha))
    return result


def file_results(files: list[FileRows]) -> list[FileResult]:
    """The record batches of each file's rows. A table whose rows do not fit its schema is left out of that
    file's result with an error row (stage "write"); without its document row, none of a file's rows are
    kept."""
    errors = [list(f.errors) for f in files]
    tables: list[dict[str, pa.RecordBatch]] = [{} for _ in files]
    for table in TABLE_EXTRACTORS:
        members = [i for i, f in enumerate(files) if table in f.tables]
        for i, batch in zip(members, _batches(table, [files[i].tables[table] for i in members])):
            if isinstance(batch, SchemaViolation):
                errors[i].append(error_row(Path(files[i].source_path), "write", str(batch), batch,
                                           files[i].doc_id, files[i].sha256))
            else:
                tables[i][table] = batch
    results = []
    for f, file_tables in zip(files, tables):
        result = FileResult(f.source_path, f.sha256, pages=f.pages)
        if "documents" in file_tables:  # rows of a document without its document row would dangle
            result.tables = file_tables
            if "checks" in file_tables:
                result.failed_checks = file_tables["checks"].column("status").to_pylist().count("fail")
        results.append(result)
    with_errors = [i for i, rows in enumerate(errors) if rows]
    for i, batch in zip(with_errors, _batches("errors", [errors[i] for i in with_errors])):
        if isinstance(batch, SchemaViolation):  # error rows are the code's own: one that does not fit is a bug
            raise batch
        results[i].tables["errors"] = batch
    return results


def _batches(table: str, record_lists: list[list[dict]]) -> list[pa.RecordBatch | SchemaViolation]:
    """A record batch of each list of records, built as one and sliced apart (a batch's fixed cost is most
    of the cost for the few rows a document has); when the records do not fit the table's schema, list by
    list, so that only the lists at fault fail."""
    try:
        whole = to_arrow(table, [record for records in record_lists for record in records])
    except SchemaViolation:
        batches: list[pa.RecordBatch | SchemaViolation] = []
        for records in record_lists:
            try:
                batches.append(to_arrow(table, records))
            except SchemaViolation as exc:
                batches.append(exc)
        return batches
    starts = [0, *itertools.accumulate(len(records) for records in record_lists)]
    return [whole.slice(start, end - start) for start, end in zip(starts, starts[1:])]
