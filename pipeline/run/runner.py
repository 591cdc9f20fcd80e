"""Run the pipeline over files and folders: every input ends as a document row or an error row.

`run` finds the files, skips those whose content OUT already holds, hands the rest to an executor (local
worker processes or Ray, `pipeline.run.executors`), which runs `pipeline.run.worker.process_files` on
them, and writes the results batch by batch through the output store.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.output.store import OutputStore
from pipeline.output.writer import described
from pipeline.readers.archive import SEPARATOR
from pipeline.run.executors import LocalExecutor, RayExecutor
from pipeline.run.worker import FileResult, TaskResult, error_result
from schemas.tables import TABLES


def discover(sources: Iterable[Path], out_dir: Path | None = None) -> Iterator[Path]:
    """Files named directly, and every file under folders (but OUT's own, when OUT lies inside one), in
    sorted order: a file of no document format becomes an error row of stage `skip`, so every file is
    accounted for."""
    out = out_dir.resolve() if out_dir is not None else None
    for src in sources:
        if src.is_dir():
            inside = out is not None and out.is_relative_to(src.resolve())
            yield from sorted(p for p in src.rglob("*")
                              if p.is_file() and not (inside and p.resolve().is_relative_to(out)))
        else:
            yield src


@dataclass
class RunSummary:
    files: int = 0
    skipped: int = 0            # content already in OUT
    duplicates: int = 0         # same content as another file of this run
    documents: int = 0
    errors: int = 0             # error rows, those of stage skip left out
    other_formats: list[str] = field(default_factory=list)  # files of no document format (error rows of stage skip)
    pages: int = 0
    failed_checks: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, result: FileResult) -> None:
        self.documents += result.is_document
        if result.errors and "skip" in (stages := result.tables["errors"].column("stage").to_pylist()):
            self.other_formats.append(result.source_path)  # not a document: no error of the file's
            self.errors += result.errors - stages.count("skip")
        else:
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
    started = time.monotonic()
    store = OutputStore(out_dir)
    store.prepare(force)
    done = store.done()
    earlier = {path: sha for sha, path in done.items()}  # the version of each path OUT holds
    summary = RunSummary()
    first_of: dict[str, str] = {}
    copies: list[TaskResult] = []  # error rows for files whose content another file of this run has
    paths = list(discover(sources, out_dir))
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
                if SEPARATOR not in result.source_path:  # an archive's members count as the archive
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
            # an archive's member replaces its earlier version even when unchanged: the archive, changed, is
            # read again whole
            if old and (old != result.sha256 or SEPARATOR in result.source_path):
                replaces.append(old)
        summary.add(result)
    store.write_batch(tables, files, replaces)
    batch.clear()
