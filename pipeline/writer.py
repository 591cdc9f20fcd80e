"""Write table rows as Parquet, refusing any record that does not fit its schema."""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import SCHEMA_VERSION, TABLES


class SchemaViolation(ValueError):
    """A record that does not fit its table's schema."""


def conform(table: str, record: dict) -> dict:
    """The record with schema_version set, checked against the schema of `table`."""
    schema = TABLES[table]
    record = {**record, "schema_version": SCHEMA_VERSION}
    unknown = set(record) - set(schema.names)
    if unknown:
        raise SchemaViolation(f"{table}: columns not in the schema: {sorted(unknown)}")
    missing = [f.name for f in schema if not f.nullable and record.get(f.name) is None]
    if missing:
        raise SchemaViolation(f"{table}: required columns missing or null: {missing}")
    for f in schema:
        vocabulary = f.metadata and f.metadata.get(b"vocabulary")
        value = record.get(f.name)
        if vocabulary and value is not None and value not in vocabulary.decode().split(","):
            raise SchemaViolation(f"{table}.{f.name}: {value!r} is not in its vocabulary")
    try:  # types: let pyarrow convert the single row exactly as it will the batch
        pa.Table.from_pylist([record], schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
        raise SchemaViolation(f"{table}: {exc}") from None
    return record


def write_table(out_dir: Path, table: str, records: list[dict]) -> Path:
    """Write `OUT/<table>.parquet` atomically (a temporary file renamed into place)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{table}.parquet"
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(pa.Table.from_pylist(records, schema=TABLES[table]), tmp)
    os.replace(tmp, path)
    return path
