"""Records checked against their table's schema, and turned into Arrow tables of it."""
from __future__ import annotations

import sys
from functools import lru_cache

import pyarrow as pa

from schemas.tables import SCHEMA_VERSION, TABLES


class SchemaViolation(ValueError):
    """A record that does not fit its table's schema."""


@lru_cache(maxsize=None)
def _rules(table: str) -> tuple[frozenset, tuple, dict]:
    """Column names, required columns (but schema_version, which `to_arrow` sets) and vocabularies of a
    table (read once from its schema)."""
    schema = TABLES[table]
    vocabularies = {f.name: frozenset(f.metadata[b"vocabulary"].decode().split(","))
                    for f in schema if f.metadata and b"vocabulary" in f.metadata}
    required = tuple(f.name for f in schema if not f.nullable and f.name != "schema_version")
    return frozenset(schema.names), required, vocabularies


@lru_cache(maxsize=None)
def bare_schema(table: str) -> pa.Schema:
    """The table's schema without the descriptions and vocabularies in its fields' metadata: building a
    record batch against it costs a quarter less, and the batches travel between processes without it."""
    return pa.schema([pa.field(f.name, f.type, f.nullable) for f in TABLES[table]])


@lru_cache(maxsize=None)
def _row_type(table: str) -> pa.StructType:
    """The type of a table's records: its columns but schema_version."""
    return pa.struct([f for f in bare_schema(table) if f.name != "schema_version"])


def to_arrow(table: str, records: list[dict]) -> pa.RecordBatch:
    """Records as a record batch of the table's columns and types (`bare_schema`), schema_version set.
    SchemaViolation when they do not fit: a column not in the schema, a required one missing or null, a
    value outside its column's vocabulary or of the wrong type.

    Built as one struct array (half the fixed cost of building it column by column, which is most of the
    cost for the few rows a document has) and checked a column at a time rather than record by record."""
    if not records:
        return _empty_batch(table)
    names, required, vocabularies = _rules(table)
    if not names.issuperset(columns := set().union(*records)):
        raise SchemaViolation(f"{table}: columns not in the schema: {sorted(columns - names)}")
    for name, vocabulary in vocabularies.items():
        try:
            outside = {record.get(name) for record in records} - vocabulary - {None}
        except TypeError as exc:  # a list or a mapping where a word of the vocabulary belongs
            raise SchemaViolation(f"{table}.{name}: {exc}") from None
        if outside:
            first = min(outside, key=repr)  # the same one named whatever the hash seed
            raise SchemaViolation(f"{table}.{name}: {first!r} is not in its vocabulary")
    try:
        rows = pa.array(records, type=_row_type(table))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
        raise SchemaViolation(f"{table}: {exc}") from None
    if missing := [name for name in required if rows.field(name).null_count]:
        raise SchemaViolation(f"{table}: required columns missing or null: {missing}")
    schema = bare_schema(table)
    version = pa.array([SCHEMA_VERSION] * len(records), pa.string())
    return pa.RecordBatch.from_arrays([version if f.name == "schema_version" else rows.field(f.name)
                                       for f in schema], schema=schema)


@lru_cache(maxsize=None)
def _empty_batch(table: str) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist([], schema=bare_schema(table))


class _PandasHidden:
    """An import finder under which pandas cannot be imported."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ImportError("pandas is not used by the record conversions of a worker")


def convert_without_pandas() -> None:
    """Let pyarrow's conversions of Python objects go without pandas in this process (a worker's, which
    converts lists of records only). On its first such conversion pyarrow imports pandas, only to ask
    whether the objects are pandas ones: a quarter of a second of each worker's start (apache/arrow#34994).
    It tries that import once a process; made to fail here, it notes pandas as absent for that question
    alone: a later `to_pandas()` imports pandas as usual."""
    if "pandas" in sys.modules:
        return
    hidden = _PandasHidden()
    sys.meta_path.insert(0, hidden)
    try:
        pa.array([])
    finally:
        sys.meta_path.remove(hidden)


def described(table: str, batches: list[pa.RecordBatch]) -> pa.Table:
    """Record batches of a table as one Arrow table of its full schema (with the fields' descriptions).
    (`Schema.empty_table()` would do for no batches, but it makes pyarrow import pandas: 0.2 s of the
    parent's CPU, taken from the workers in the middle of a run.)"""
    if not batches:
        return pa.Table.from_batches([], schema=TABLES[table])
    rows = pa.Table.from_batches(batches, schema=bare_schema(table))
    return pa.Table.from_arrays(rows.columns, schema=TABLES[table])
