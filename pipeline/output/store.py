"""The output folder: one Parquet dataset directory per table, written batch by batch.

    OUT/<table>/b-<batch>.parquet   the rows of one batch (every table gets a file, maybe empty)
    OUT/_batches/<batch>.json       the batch's commit record: the content hashes it holds (with the path
                                    of the file holding each), the files it records as copies of content
                                    held elsewhere, and the earlier versions of its files (same path,
                                    other content) it replaces
    OUT/.lock                       locked by the run writing to OUT (`OutputLock`)

Batches are numbered in the order they are written (00000000, 00000001 …), so that readers that list a
table's files by name (pyarrow, DuckDB, pandas) read its rows in the order they were written.

A batch's table files are each written to a hidden temporary name and renamed into place; its commit
record is written last, the same way. A run killed at any moment leaves whole files only, and the next
run removes the files of batches that have no commit record before it starts, so their documents are
processed again and no row is written twice. Readers (pandas, DuckDB, `khplan query`) see hidden files
and `_batches` as not part of the tables. A file whose content changed replaces its earlier version:
that version's rows are removed once the new ones are committed; a copy of that earlier content then
names a file that no longer holds it: the next run removes the copy's row and looks at the file again.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.readers.archive import SEPARATOR
from schemas.tables import TABLES

COMMITS = "_batches"
LOCK = ".lock"
BATCH_DIGITS = 8


class OutputBusy(RuntimeError):
    """Another run holds OUT's lock."""


class OutputLock:
    """One run at a time per OUT: an exclusive `flock` on OUT/.lock, held while the run writes and released
    by the kernel when the process ends, however it ends (SIGKILL included), so no stale lock is left.
    With `wait`, a second run waits for the first to end; without, it raises OutputBusy naming the holder."""

    def __init__(self, out: Path, wait: bool = False):
        self.path, self.wait = out / LOCK, wait
        self.file = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            self.file.seek(0)
            holder = self.file.read().strip() or "another process"
            self.file.close()
            raise OutputBusy(f"{self.path.parent} is being written by another khplan run ({holder}); "
                             "wait for it to end, or pass --wait to start when it does") from None
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"pid {os.getpid()}")
        self.file.flush()
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()  # closing the file releases the lock


class OutputStore:
    def __init__(self, out: Path):
        self.out = out
        self.next_batch = 0

    def prepare(self, force: bool = False) -> int:
        """Create the folders; with `force`, drop every table and commit record first. Removes the files of
        uncommitted batches (an interrupted run) and returns how many it removed."""
        if force:
            for name in list(TABLES) + [COMMITS]:
                shutil.rmtree(self.out / name, ignore_errors=True)
        for legacy in self.out.glob("*.parquet"):  # one-file tables of the layout before batches:
            legacy.unlink()                         # without commit records, their files are read again
        for name in list(TABLES) + [COMMITS]:
            (self.out / name).mkdir(parents=True, exist_ok=True)
        committed = self.committed_batches()
        removed = 0
        for name in TABLES:
            for f in (self.out / name).iterdir():
                batch = f.name[2:-len(".parquet")] if f.name.startswith("b-") and f.name.endswith(".parquet") else None
                if f.name.startswith(".") or (batch is not None and batch not in committed):
                    f.unlink()
                    removed += 1
        for f in (self.out / COMMITS).glob(".*"):
            f.unlink()
        self.apply_replacements()
        self._drop_dangling_copies()
        self.next_batch = 1 + max((int(b) for b in committed if len(b) == BATCH_DIGITS and b.isdigit()), default=-1)
        return removed

    def committed_batches(self) -> set[str]:
        return {p.stem for p in (self.out / COMMITS).glob("*.json")}

    def _records(self) -> dict[str, dict]:
        return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((self.out / COMMITS).glob("*.json"))}

    def done(self) -> tuple[dict[str, str], dict[str, str]]:
        """What committed batches hold: content hash → path of the file holding it (a document or an error
        row), and path → content hash of each file recorded as a copy of content held by another."""
        held: dict[str, str] = {}
        copies: dict[str, str] = {}
        for record in self._records().values():
            for sha, path in record["files"].items():
                if sha not in held or (SEPARATOR in held[sha] and SEPARATOR not in path):
                    held[sha] = path  # a file of its own before an archive's member
            copies.update(record.get("copies", {}))
        return held, copies

    def write_batch(self, tables: dict[str, pa.Table], files: dict[str, str], copies: dict[str, str] | None = None,
                    replaces: list[tuple[str, str]] = ()) -> str:
        """Write one batch, numbered after the last: every table's rows (`tables` holds each table, empty
        where the batch has no rows), then the commit record naming the content it holds (hash → path),
        the files it records as copies (path → hash), and the earlier versions of its files it replaces
        ((hash, path) each, removed by `apply_replacements`)."""
        batch = f"{self.next_batch:0{BATCH_DIGITS}d}"
        for name in TABLES:
            _atomic(self.out / name / f"b-{batch}.parquet", lambda tmp: pq.write_table(tables[name], tmp))
        self._write_record(batch, {"batch": batch, "files": files, "copies": copies or {},
                                   "replaces": list(replaces)})
        self.next_batch += 1
        return batch

    def apply_replacements(self) -> None:
        """Remove the rows of file versions that later batches replaced. Idempotent, so an interrupted
        removal is finished by the next run; a record's replacements are marked done once applied."""
        records = self._records()
        for batch, record in records.items():
            if not record.get("replaces"):
                continue
            for entry in record["replaces"]:  # [hash, path] (a hash alone: written by an earlier khplan)
                old, path = (entry, None) if isinstance(entry, str) else entry
                for holder, held in records.items():
                    if holder != batch and old in held["files"] and path in (None, held["files"][old]):
                        self._drop_rows(holder, old, [held["files"][old]])
                        del held["files"][old]
                        self._write_record(holder, held)
            record["replaces"] = []
            self._write_record(batch, record)

    def _drop_dangling_copies(self) -> None:
        """Remove the error rows of copies whose content no batch holds any more (the file kept for it has
        other content now): the run about to start looks at them again."""
        records = self._records()
        held = {sha for record in records.values() for sha in record["files"]}
        self.drop_copies([path for record in records.values() for path, sha in record.get("copies", {}).items()
                          if sha not in held])

    def drop_copies(self, paths: list[str]) -> None:
        """Remove the error rows that recorded these files as copies (their content has changed since): until
        their new content is committed, they have no row, and a rerun looks at them again."""
        if not paths:
            return
        for batch, record in self._records().items():
            if found := [path for path in paths if path in record.get("copies", {})]:
                self._drop_rows(batch, None, found)
                for path in found:
                    del record["copies"][path]
                self._write_record(batch, record)

    def _drop_rows(self, batch: str, sha: str | None, paths: list[str]) -> None:
        """Remove from a batch the rows of the content `sha` read from `paths` (the error rows of copies of
        it read from other files stay), or with `sha` None the error rows of the files `paths`."""
        import pyarrow.compute as pc

        for name in TABLES if sha else ["errors"]:
            path = self.out / name / f"b-{batch}.parquet"
            if not path.exists():
                continue
            table = pq.read_table(path)
            drop = pc.is_in(table.column("source_path"), pa.array(paths, pa.string())) \
                if "source_path" in table.column_names else None  # documents and errors
            if sha is not None:
                key, value = ("sha256", sha) if name == "errors" else ("doc_id", sha[:16])
                same = pc.equal(table.column(key), value)
                drop = same if drop is None else pc.and_(drop, same)
            keep = pc.invert(pc.fill_null(drop, False))
            if not pc.all(keep).as_py():
                kept = table.filter(keep)
                _atomic(path, lambda tmp: pq.write_table(kept, tmp))

    def _write_record(self, batch: str, record: dict) -> None:
        text = json.dumps(record, ensure_ascii=False)
        _atomic(self.out / COMMITS / f"{batch}.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def committed_tables(out: Path) -> dict[str, list[Path]]:
    """The Parquet files below `out` of each table, committed batches only (and one-file tables), found
    in one walk of the folder."""
    files: dict[str, list[Path]] = {}
    for path in sorted(out.rglob("*.parquet")):
        if path.name.startswith(".") or any(part.startswith((".", "_")) for part in path.relative_to(out).parts[:-1]):
            continue
        if path.name.startswith("b-"):
            batch = path.name[2:-len(".parquet")]
            if (path.parent.parent / COMMITS / f"{batch}.json").exists():
                files.setdefault(path.parent.name, []).append(path)
        else:
            files.setdefault(path.stem, []).append(path)  # OUT/<table>.parquet
    return files
