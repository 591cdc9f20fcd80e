"""Run the pipeline over files and folders: every input ends as a document row or an error row.

`run` takes OUT's lock, finds the files (in sorted order), skips those OUT already holds, hands the rest to
an executor (local worker processes or Ray, `pipeline.run.executors`), which runs
`pipeline.run.worker.process_files` on them and gives their results back in file order, and writes the
results batch by batch through the output store.

The same files give the same rows in the same order, whatever the number of workers, the batch size, the
executor or an interruption: results are written in file order; of files with identical content, the
first in sorted order is kept (or the one OUT already holds) and each other one becomes an error row
naming it, written in its own place. A run killed at any moment has committed a prefix of the rows of an
uninterrupted run, and the rerun writes the rest.
"""
from __future__ import annotations

import bisect
import hashlib
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.output.store import OutputLock, OutputStore
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
        batch_size: int = 500, progress=None, wait: bool = False) -> RunSummary:
    """Process every new input under `sources` into OUT's tables; see the module docstring. One run at a
    time per OUT: OutputBusy when another holds it, unless `wait`."""
    with OutputLock(out_dir, wait):
        return _run(sources, out_dir, workers, force, document_timeout, executor, address, batch_size, progress)


def _run(sources: list[Path], out_dir: Path, workers: int | None, force: bool, document_timeout: float,
         executor: str, address: str | None, batch_size: int, progress) -> RunSummary:
    started = time.monotonic()
    store = OutputStore(out_dir)
    store.prepare(force)
    held, recorded_copies = store.done()
    earlier = {path: sha for sha, path in held.items()}  # the version of each path OUT holds
    # content hash → the file kept for it: OUT's (an archive's member never stands for a file), else the first
    # of this run's files
    kept = {sha: p for sha, p in held.items() if SEPARATOR not in p}
    summary = RunSummary()
    # Error rows of files whose content another file has, each with the number of files handed to the
    # executor before it: written in their place among the results, which come in file order.
    copies: deque[tuple[int, str, str, TaskResult]] = deque()
    handed = 0
    paths = sorted(set(discover(sources, out_dir)))
    if progress:
        progress.start(len(paths))

    def new_files() -> Iterator[tuple[Path, str | None]]:
        """The files to process, hashed as the executor asks for them, so that the workers start on the
        first while the parent reads the rest; those OUT holds, and copies, leave the progress total."""
        nonlocal handed
        for index, (path, sha) in enumerate(file_hashes(paths)):
            summary.files += 1
            name = str(path)
            if sha is not None and (held.get(sha) == name or recorded_copies.get(name) == sha):
                summary.skipped += 1
                if progress:
                    progress.skip()
                continue
            if name in recorded_copies:  # a copy before, other content now: its row goes
                store.drop_copies([name])
                del recorded_copies[name]
            if (old := earlier.get(name)) not in (None, sha) and held.get(old) == name:
                release(old, index)
            if sha is not None and sha in kept:
                summary.duplicates += 1
                copies.append((handed, name, sha, TaskResult([error_result(
                    path, "read", f"same content as {kept[sha]}: not added twice", sha)])))
            else:
                if sha is not None:
                    kept[sha] = name
                handed += 1
                yield path, sha
                continue
            if progress:
                progress.skip()

    def release(old: str, index: int) -> None:
        """The file at `index` held content `old` and now has other content (its old rows go once its new
        ones are committed): the copies of `old` still to come in this run are looked at again, and the
        first becomes the file that holds it. (A copy already passed, or not among this run's files, keeps
        its row until the next run finds it names a file without that content.)"""
        del held[old]
        if kept.get(old) == str(paths[index]):
            del kept[old]
        to_come = [p for p, sha in recorded_copies.items() if sha == old and _after(paths, index, Path(p))]
        store.drop_copies(to_come)
        for p in to_come:
            del recorded_copies[p]

    workers = workers or os.cpu_count() or 1
    pool = RayExecutor(address, document_timeout, workers) if executor == "ray" else \
        LocalExecutor(workers, document_timeout)
    batch: list[TaskResult] = []
    batch_copies: dict[str, str] = {}
    files_in_batch = written = 0

    def add(task: TaskResult) -> None:
        nonlocal files_in_batch
        batch.append(task)
        files_in_batch += len(task.results)
        if files_in_batch >= batch_size:
            _flush(store, batch, batch_copies, summary, earlier)
            files_in_batch = 0

    for task in pool.results(new_files()):  # in file order
        while copies and copies[0][0] <= written:
            _, name, sha, row = copies.popleft()
            batch_copies[name] = sha
            add(row)
        written += sum(SEPARATOR not in r.source_path for r in task.results)  # files, not members
        if progress:
            for result in task.results:
                if SEPARATOR not in result.source_path:  # an archive's members count as the archive
                    progress.advance(result)
        add(task)
    for _, name, sha, row in copies:
        batch_copies[name] = sha
        add(row)
    _flush(store, batch, batch_copies, summary, earlier)
    store.apply_replacements()
    summary.seconds = time.monotonic() - started
    return summary


def _after(paths: list[Path], index: int, path: Path) -> bool:
    """Whether `path` is among the sorted `paths` after the one at `index`."""
    at = bisect.bisect_left(paths, path)
    return index < at < len(paths) and paths[at] == path


def _flush(store, batch: list[TaskResult], copies: dict[str, str], summary: RunSummary,
           earlier: dict[str, str]) -> None:
    """Write a batch (documents, error rows, and the error rows of `copies`, path → hash) and count it; a
    file read before with other content replaces that version."""
    if not batch:
        return
    tables = {name: described(name, [task.tables[name] for task in batch if name in task.tables])
              for name in TABLES}
    files: dict[str, str] = {}
    replaces = []
    for result in (result for task in batch for result in task.results):
        if result.sha256:
            if copies.get(result.source_path) != result.sha256:
                files[result.sha256] = result.source_path
            old = earlier.get(result.source_path)
            # an archive's member replaces its earlier version even when unchanged: the archive, changed, is
            # read again whole
            if old and (old != result.sha256 or SEPARATOR in result.source_path):
                replaces.append((old, result.source_path))
        summary.add(result)
    store.write_batch(tables, files, dict(copies), replaces)
    batch.clear()
    copies.clear()
