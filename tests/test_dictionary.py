"""docs/tables.md must describe exactly the columns the schemas define."""
from __future__ import annotations

import pyarrow as pa

from pipeline.apps.dictionary import DICTIONARY, parse, schema_rows
from schemas.tables import TABLES


def committed() -> list[tuple]:
    return parse(DICTIONARY.read_text(encoding="utf-8"))


def test_dictionary_is_in_sync_with_the_schemas():
    assert committed() == schema_rows(), "run `python -m pipeline.apps.dictionary` and commit docs/tables.md"


def test_an_undocumented_schema_change_is_noticed():
    changed = dict(TABLES)
    changed["funding"] = TABLES["funding"].append(pa.field("currency", pa.string(), metadata={"description": "x"}))
    assert committed() != schema_rows(changed)
    retyped = dict(TABLES)
    i = TABLES["targets"].get_field_index("value")
    retyped["targets"] = TABLES["targets"].set(i, TABLES["targets"].field("value").with_type(pa.int64()))
    assert committed() != schema_rows(retyped)


def test_every_column_is_described():
    assert all(description for *_, description in schema_rows())
