"""Run the pipeline over files and folders: every input ends as a document row or an error row.

`process_files` turns files into Arrow record batches (run in worker processes): `extract_rows` gives one
file's rows, `file_results` their record batches; `run` finds the files, skips those whose content OUT
already holds, hands the rest to an executor (local worker processes or Ray), and writes the results batch
by batch through the output store.
"""
from __future__ import annotations

import gc
import hashlib
import itertools
import os
import re
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa

from extractors import EXTRACTORS
from pipeline.model import Document
from pipeline.normalize import build_document
from pipeline.readers import UnreadableDocument, detect_format, read_blocks
from pipeline.readers.detect import SUPPORTED_EXTENSIONS, brief
from pipeline.gazetteer import load_maps
from pipeline.vietnamese import character_table, count_of, spelling_rules
from pipeline.writer import SchemaViolation, bare_schema, convert_without_pandas, described, to_arrow
from schemas.tables import TABLES


def discover(sources: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and files with a supported extension under folders, in sorted order."""
    for src in sources:
        if src.is_dir():
            yield from sorted(p for p in src.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS)
        else:
            yield src


MAX_FILE_BYTES = 200 << 20       # no plan, scanned or not, comes near this
MAX_TEXT_CHARS = 3_000_000        # ten times the longest plans (a 300-page PDF holds about 900,000)


def load_document(path: Path, data: bytes | None = None, sha: str | None = None) -> Document:
    """Read one file into the normalized model; raises UnreadableDocument with a plain reason."""
    data = path.read_bytes() if data is None else data
    sha = sha or hashlib.sha256(data).hexdigest()
    fmt = detect_format(data, path.suffix)
    if fmt in ("txt", "md", "html") and len(data) > 4 * MAX_TEXT_CHARS:
        raise UnreadableDocument(f"a text of {len(data) / 2**20:,.0f} MB, far longer than any plan "
                                 f"(limit {MAX_TEXT_CHARS:,} characters): split it into its documents")
    reading = read_blocks(data, fmt)
    doc = build_document(reading.blocks, doc_id=sha[:16], source_path=str(path), fmt=fmt, sha256=sha,
                         page_count=reading.page_count)
    if len(doc.text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(f"a text of {len(doc.text):,} characters, far longer than any plan "
                                 f"(limit {MAX_TEXT_CHARS:,}): split it into its documents")
    if not doc.text.strip():
        raise UnreadableDocument("no text could be read (a scan without a text layer, or an empty document)")
    if (share := readable_share(doc.text)) < 0.6:
        raise UnreadableDocument(f"the text is not readable: {1 - share:.0%} of its characters are control "
                                 "codes or undecodable (garbage bytes, or an unknown encoding)")
    if (variety := character_variety(doc.text)) > 0.5:
        raise UnreadableDocument(f"the text is not readable: {variety:.0%} of its characters are all different "
                                 "(random bytes decoded as text)")
    doc.warnings += reading.warnings
    doc.ocr_pages, doc.encoding = reading.ocr_pages, reading.encoding
    if doc.encoding == "utf-8 (damaged)":
        doc.warnings.append(f"{doc.text.count(chr(0xFFFD))} invalid UTF-8 sequences replaced by \ufffd")
    if not reads_as_vietnamese(doc.text):
        doc.warnings.append("the text does not read as Vietnamese: little will be extracted from it")
    return doc


# control characters, private-use code points, U+FFFD and lone surrogates: never text, whatever the language
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ud800-\udfff]")


def readable_share(text: str) -> float:
    """Share of the non-space characters that are letters, digits, punctuation or symbols."""
    sample = text[:10_000]
    visible = len(sample) - sample.count(" ") - sample.count("\n") - sample.count("\t")
    if "\ufffd" not in sample and sample.replace("\n", "").replace("\t", "").isprintable():
        return 1.0  # no control, private-use or surrogate code point: a quick test for what most texts are
    return 1 - len(_UNREADABLE.findall(sample)) / max(visible, 1)


def character_variety(text: str) -> float:
    """Distinct characters per character: real text in any language repeats its characters."""
    sample = text[:5_000]
    return len(set(sample)) / len(sample) if len(sample) >= 256 else 0.0


def reads_as_vietnamese(text: str) -> bool:
    """About 28% of the letters of Vietnamese prose carry a diacritic; of other languages, almost none."""
    sample = text[:10_000]
    letters = count_of("letter", sample)
    if letters < 200:
        return True  # too little to judge
    return count_of("vietnamese", sample) >= 0.08 * letters


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
    for kind in ("letter", "lower", "decimal", "vietnamese"):
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
    """All tables of several files (one task of a worker), each table's record batch built once for all."""
    return TaskResult(file_results([extract_rows(path, data)
                                    for path, data in zip(paths, datas or [None] * len(paths))]))


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
    except UnreadableDocument as exc:
        return error_rows(path, "read", str(exc), sha, type(exc).__name__)
    except Exception as exc:  # a reader bug or a file no reader foresaw: keep the batch going
        return error_rows(path, "read", f"the file could not be read: {brief(exc)}", sha, type(exc).__name__)
    result = FileRows(str(path), sha, doc.doc_id, pages=doc.page_count or 0)
    for table, extract in EXTRACTORS.items():
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
    for table in EXTRACTORS:
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


@dataclass
class RunSummary:
    files: int = 0
    skipped: int = 0            # content already in OUT
    duplicates: int = 0         # same content as another file of this run
    documents: int = 0
    errors: int = 0
    pages: int = 0
    failed_checks: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, result: FileResult) -> None:
        self.documents += result.is_document
        self.errors += result.errors
        self.pages += result.pages
        self.failed_checks += result.failed_checks
        for table, batch in result.tables.items():
            self.rows[table] = self.rows.get(table, 0) + batch.num_rows


def file_hashes(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file with the SHA-256 of its bytes (None when it cannot be read)."""
    for path in paths:
        try:
            with open(path, "rb") as f:
                yield path, hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            yield path, None


def run(sources: list[Path], out_dir: Path, *, workers: int | None = None, force: bool = False,
        document_timeout: float = 300.0, executor: str = "local", address: str | None = None,
        batch_size: int = 500, progress=None) -> RunSummary:
    """Process every new input under `sources` into OUT's tables; see the module docstring."""
    from pipeline.executors import LocalExecutor, RayExecutor
    from pipeline.store import OutputStore

    started = time.monotonic()
    store = OutputStore(out_dir)
    store.prepare(force)
    done = store.done()
    earlier = {path: sha for sha, path in done.items()}  # the version of each path OUT holds
    summary = RunSummary()
    first_of: dict[str, str] = {}
    copies: list[TaskResult] = []  # error rows for files whose content another file of this run has
    paths = list(discover(sources))
    if progress:
        progress.start(len(paths))

    def new_files() -> Iterator[tuple[Path, str | None]]:
        """The files to process, hashed as the executor asks for them, so that the workers start on the
        first while the parent reads the rest; those OUT holds, and copies, leave the progress total."""
        for path, sha in file_hashes(paths):
            summary.files += 1
            if sha in done:
                summary.skipped += 1
            elif sha is not None and sha in first_of:
                summary.duplicates += 1
                copies.append(TaskResult([error_result(path, "read", f"same content as {first_of[sha]}: "
                                                       "not added twice", sha)]))
            else:
                if sha is not None:
                    first_of[sha] = str(path)
                yield path, sha
                continue
            if progress:
                progress.skip()

    workers = workers or os.cpu_count() or 1
    pool = RayExecutor(address, document_timeout, workers) if executor == "ray" else \
        LocalExecutor(workers, document_timeout)
    batch: list[TaskResult] = []
    files_in_batch = 0
    for task in pool.results(new_files()):
        batch += copies + [task]
        files_in_batch += len(copies) + len(task.results)
        copies.clear()
        if progress:
            for result in task.results:
                progress.advance(result)
        if files_in_batch >= batch_size:
            _flush(store, batch, summary, earlier)
            files_in_batch = 0
    batch += copies
    _flush(store, batch, summary, earlier)
    store.apply_replacements()
    summary.seconds = time.monotonic() - started
    return summary


def _flush(store, batch: list[TaskResult], summary: RunSummary, earlier: dict[str, str]) -> None:
    """Write a batch (documents and error rows) and count it; a file read before with other content
    replaces that version."""
    if not batch:
        return
    tables = {name: described(name, [task.tables[name] for task in batch if name in task.tables])
              for name in TABLES}
    files: dict[str, str] = {}
    replaces = []
    for result in (result for task in batch for result in task.results):
        if result.sha256:
            files.setdefault(result.sha256, result.source_path)  # a duplicate's path is not the content's
            old = earlier.get(result.source_path)
            if old and old != result.sha256:
                replaces.append(old)
        summary.add(result)
    store.write_batch(tables, files, replaces)
    batch.clear()
