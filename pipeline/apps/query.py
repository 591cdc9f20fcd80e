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
    """An in-memory DuckDB with one view per table of `out`, and `document_copies`."""
    con = duckdb.connect()
    tables = table_files(out)
    for table, files in tables.items():
        listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM read_parquet([{listing}], union_by_name = true)')
    if "documents" in tables:
        con.execute(DOCUMENT_COPIES)
    return con


# The same document held in several files of an archive (a .doc and its .docx, two web copies of a decree;
# files of the same bytes are already one row): the same number, date, type and issuer. Each later file, in
# the order of their paths, names the first as `same_document_as`; drafts, without a number, are never copies.
DOCUMENT_COPIES = """CREATE VIEW document_copies AS
SELECT doc_id, source_path, same_document_as FROM (
    SELECT doc_id, source_path, first_value(doc_id) OVER (
        PARTITION BY upper(replace(doc_number, ' ', '')), issued_date, doc_type, coalesce(issuer, '')
        ORDER BY source_path) AS same_document_as
    FROM documents WHERE doc_number IS NOT NULL AND issued_date IS NOT NULL)
WHERE doc_id <> same_document_as"""


def describe(con: duckdb.DuckDBPyConnection) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each view with its columns and their types."""
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]
    ordered = [v for v in TABLES if v in views] + [v for v in views if v not in TABLES]
    return [(v, [(c, t) for c, t, *_ in con.execute(f'DESCRIBE "{v}"').fetchall()]) for v in ordered]
