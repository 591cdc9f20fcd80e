"""Same input, same tables: `khplan run` over an archive under several hash seeds, worker counts, batch
sizes, and killed with SIGKILL at three moments then run again, each compared with a reference run.

    python bench/determinism.py [--corpus ../shared/corpus/archive/md] [--work /tmp/determinism]

Every table is compared row by row, every column, twice: as written (the rows in the order pyarrow, pandas
and DuckDB read them) and as sorted multisets. For the killed runs it also checks that every file is
accounted for (one document or error row a file, each "same content as X" naming a document's file).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.output.store import committed_tables  # noqa: E402
from schemas.tables import TABLES  # noqa: E402

KHPLAN = [sys.executable, "-m", "pipeline.apps.cli", "run"]


def khplan_args(corpus: Path, out: Path, seed: int, workers: int, batch: int) -> tuple[list[str], dict]:
    return ([*KHPLAN, str(corpus), "-o", str(out), "--workers", str(workers), "--batch-size", str(batch),
             "--no-progress"], {**os.environ, "PYTHONHASHSEED": str(seed)})


def run(corpus: Path, out: Path, seed: int = 1, workers: int = 1, batch: int = 500) -> float:
    args, env = khplan_args(corpus, out, seed, workers, batch)
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr)
    return time.monotonic() - started


def killed_then_rerun(corpus: Path, out: Path, batches: int, seed: int, workers: int, batch: int) -> int:
    """A run killed (with its workers) once `batches` batches are committed, then the same command again;
    the number of batches committed at the kill."""
    args, env = khplan_args(corpus, out, seed, workers, batch)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
                            start_new_session=True)
    while proc.poll() is None and len(list((out / "_batches").glob("*.json"))) < batches:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    committed = len(list((out / "_batches").glob("*.json")))
    run(corpus, out, seed, workers, batch)
    return committed


def written(out: Path) -> dict[str, list[tuple]]:
    """Every table's rows in the order they were written."""
    files = committed_tables(out)
    return {name: [tuple(row.values()) for row in
                   pa.concat_tables([pq.read_table(f) for f in files.get(name, [])]
                                    or [TABLES[name].empty_table()]).to_pylist()]
            for name in TABLES}


def compare(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> tuple[int, int, int]:
    """Rows compared, rows that differ as written (position by position), rows that differ as multisets."""
    rows = in_place = as_sets = 0
    for name in TABLES:
        rows += max(len(a[name]), len(b[name]))
        in_place += sum(x != y for x, y in zip(a[name], b[name])) + abs(len(a[name]) - len(b[name]))
        left, right = Counter(map(repr, a[name])), Counter(map(repr, b[name]))
        as_sets += sum(((left - right) + (right - left)).values())
    return rows, in_place, as_sets


def accounted(tables: dict[str, list[tuple]], files: set[str]) -> tuple[int, int, int]:
    """Files found, files with exactly one document or error row, "same content as" rows naming a file
    that has no document row."""
    doc_path = TABLES["documents"].names.index("source_path")
    err_path, reason = TABLES["errors"].names.index("source_path"), TABLES["errors"].names.index("reason")
    documents = [row[doc_path] for row in tables["documents"]]
    rows = Counter(documents + list({row[err_path] for row in tables["errors"]}))
    once = sum(rows[f] == 1 for f in files)
    named = [m.group(1) for row in tables["errors"] if (m := re.match(r"same content as (.+): not added twice",
                                                                      row[reason]))]
    return len(files), once, sum(name not in set(documents) for name in named)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "archive" / "md")
    parser.add_argument("--work", type=Path, default=Path("/tmp/khplan-determinism"))
    opts = parser.parse_args()
    corpus = Path(os.path.relpath(opts.corpus.resolve(), ROOT))  # as a user types it, from the repository
    # every file under the corpus is a row (a file of no document format one of stage skip), as source_path
    # names it
    files = {str(corpus / p.relative_to(opts.corpus)) for p in opts.corpus.rglob("*") if p.is_file()}
    shutil.rmtree(opts.work, ignore_errors=True)
    print(f"corpus {opts.corpus}, Python {sys.version.split()[0]}, {os.cpu_count()} cores")

    reference_seconds = run(corpus, opts.work / "reference", seed=1, workers=1, batch=500)
    reference = written(opts.work / "reference")
    total = sum(map(len, reference.values()))
    print(f"reference: PYTHONHASHSEED=1, 1 worker, batches of 500: {total:,} rows in {len(TABLES)} tables "
          f"({', '.join(f'{n} {len(r):,}' for n, r in reference.items())}); {reference_seconds:.1f} s")
    found, once, dangling = accounted(reference, files)
    print(f"  files accounted for: {once:,} of {found:,}; dangling 'same content as': {dangling}")

    print("\nrun                                            rows    differ as written  differ as sets")
    variants = [("PYTHONHASHSEED=2, 1 worker, batches of 500", dict(seed=2, workers=1, batch=500)),
                ("PYTHONHASHSEED=3, 1 worker, batches of 500", dict(seed=3, workers=1, batch=500)),
                ("PYTHONHASHSEED=1, 2 workers, batches of 500", dict(seed=1, workers=2, batch=500)),
                ("PYTHONHASHSEED=2, 2 workers, batches of 100", dict(seed=2, workers=2, batch=100)),
                ("PYTHONHASHSEED=3, 1 worker, batches of 100", dict(seed=3, workers=1, batch=100))]
    for i, (label, kw) in enumerate(variants):
        out = opts.work / f"variant-{i}"
        run(corpus, out, **kw)
        rows, in_place, as_sets = compare(reference, written(out))
        print(f"{label:44} {rows:8,} {in_place:12,} {as_sets:16,}")

    print("\nkilled (SIGKILL to the run and its workers)   rows    differ as written  differ as sets"
          "  accounted  dangling")
    for batches in (1, 4, 8):
        out = opts.work / f"killed-{batches}"
        committed = killed_then_rerun(corpus, out, batches, seed=2, workers=2, batch=100)
        tables = written(out)
        rows, in_place, as_sets = compare(reference, tables)
        found, once, dangling = accounted(tables, files)
        label = f"after {committed} of ~10 batches, then rerun"
        print(f"{label:44} {rows:8,} {in_place:12,} {as_sets:16,}  {once:,}/{found:,} {dangling:6}")


if __name__ == "__main__":
    main()
