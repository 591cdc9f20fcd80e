"""SQL over khplan's output with DuckDB: every table is a view over its Parquet files.

OUT may hold one run (OUT/<table>/b-*.parquet, or OUT/<table>.parquet) or several runs in sub-folders
(OUT/2024/…, OUT/2025/…): each view reads every committed file of its table below OUT with `union_by_name`, so outputs written by different
schema versions read together (a column a version lacks is NULL; `schema_version` tells them apart).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.output.store import committed_tables
from schemas.tables import TABLES


def table_files(out: Path) -> dict[str, list[Path]]:
    """Parquet files of each table below `out` (committed batches only), known tables first."""
    found = committed_tables(out)
    order = [t for t in TABLES if t in found] + sorted(n for n in found if n not in TABLES)
    return {t: found[t] for t in order}


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table of `out`."""
    con = duckdb.connect()
    for table, files in table_files(out).items():
        listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet([{listing}], union_by_name = true)')
    return con


def describe(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each view with its columns and their types."""
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]
    ordered = [v for v in TABLES if v in views] + [v for v in views if v not in TABLES]
    return [(v, [(c, t) for c, t, *_ in con.execute(f'DESCRIBE "{v}"').fetchall()]) for v in ordered]
