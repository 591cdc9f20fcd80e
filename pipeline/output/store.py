"""The output folder: one Parquet dataset directory per table, written batch by batch.

    OUT/<table>/b-<batch>.parquet   the rows of one batch (every table gets a file, maybe empty)
    OUT/_batches/<batch>.json       the batch's commit record: the content hashes it holds, and the
                                    earlier versions of its files (same path, other content) it replaces

A batch's table files are each written to a hidden temporary name and renamed into place; its commit
record is written last, the same way. A run killed at any moment leaves whole files only, and the next
run removes the files of batches that have no commit record before it starts, so their documents are
processed again and no row is written twice. Readers (pandas, DuckDB, `khplan query`) see hidden files
and `_batches` as not part of the tables. A file whose content changed replaces its earlier version:
that version's rows are removed once the new ones are committed.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import TABLES

COMMITS = "_batches"


class OutputStore:
    def __init__(self, out: Path):
        self.out = out

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
        return removed

    def committed_batches(self) -> set[str]:
        return {p.stem for p in (self.out / COMMITS).glob("*.json")}

    def done(self) -> dict[str, str]:
        """Content hash → source path of every file a committed batch holds (documents and error rows)."""
        seen: dict[str, str] = {}
        for record in sorted((self.out / COMMITS).glob("*.json")):
            for sha, path in json.loads(record.read_text(encoding="utf-8"))["files"].items():
                seen.setdefault(sha, path)
        return seen

    def write_batch(self, tables: dict[str, pa.Table], files: dict[str, str],
                    replaces: list[str] = ()) -> str:
        """Write one batch: every table's rows (`tables` holds each table, empty where the batch has no
        rows), then the commit record naming the files it holds and the earlier versions of them it
        replaces (removed by `apply_replacements`)."""
        batch = uuid.uuid4().hex[:16]
        for name in TABLES:
            _atomic(self.out / name / f"b-{batch}.parquet", lambda tmp: pq.write_table(tables[name], tmp))
        self._write_record(batch, {"batch": batch, "files": files, "replaces": list(replaces)})
        return batch

    def apply_replacements(self) -> None:
        """Remove the rows of file versions that later batches replaced. Idempotent, so an interrupted
        removal is finished by the next run; a record's replacements are marked done once applied."""
        records = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (self.out / COMMITS).glob("*.json")}
        for batch, record in records.items():
            if not record.get("replaces"):
                continue
            for old in record["replaces"]:
                for holder, held in records.items():
                    if holder != batch and old in held["files"]:
                        self._drop_rows(holder, old)
                        del held["files"][old]
                        self._write_record(holder, held)
            record["replaces"] = []
            self._write_record(batch, record)

    def _drop_rows(self, batch: str, sha: str) -> None:
        import pyarrow.compute as pc

        for name in TABLES:
            path = self.out / name / f"b-{batch}.parquet"
            if not path.exists():
                continue
            table = pq.read_table(path)
            key, value = ("sha256", sha) if name == "errors" else ("doc_id", sha[:16])
            keep = pc.invert(pc.fill_null(pc.equal(table.column(key), value), False))
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
