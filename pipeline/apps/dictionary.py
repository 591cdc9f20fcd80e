"""The data dictionary, docs/tables.md, generated from the schemas.

`python -m pipeline.apps.dictionary` runs khplan on the sample plans in data/samples, takes one example value
per column from that output, and writes every table, column, type, vocabulary and description.
`schema_rows` is what tests/test_dictionary.py compares with the committed file.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import pyarrow as pa

from schemas.tables import SCHEMA_VERSION, TABLES

ROOT = Path(__file__).resolve().parents[2]
DICTIONARY = ROOT / "docs" / "tables.md"
SAMPLE_SOURCES = ["*.txt", "*.md"]  # the sample plans themselves, not their renderings

ABOUT = {
    "documents": "one row per document read",
    "sections": "one row per numbered heading or bullet of the section tree",
    "references": "one row per citation of another document",
    "targets": "one row per quantified goal",
    "communes": "one row per named commune or village, once per document",
    "commune_lists": "one row per list of communes announced by a count",
    "agencies": "one row per body given a responsibility",
    "agency_assignments": "one row per task given to an agency",
    "funding": "one row per money amount of the plan's resources",
    "checks": "one row per checked relation between figures, lists, numbering, dates or places",
    "errors": "one row per input file that could not be read (or a duplicate)",
}


def type_name(t: pa.DataType) -> str:
    return str(t).replace("large_", "")


def schema_rows(tables: dict[str, pa.Schema] = TABLES) -> list[tuple[str, str, str, str, str, str]]:
    """(table, column, type, required, vocabulary, description) for every column of every table."""
    rows = []
    for table, schema in tables.items():
        for f in schema:
            meta = {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
            rows.append((table, f.name, type_name(f.type), "no" if f.nullable else "yes",
                         meta.get("vocabulary", "").replace(",", ", "), meta.get("description", "")))
    return rows


def render(examples: dict[str, dict[str, str]]) -> str:
    lines = [
        "# khplan data dictionary",
        "",
        f"Generated from `schemas/tables.py` (schema version {SCHEMA_VERSION}) by `python -m pipeline.apps.dictionary`;",
        "`tests/test_dictionary.py` fails when a schema changes and this file does not. Examples are taken",
        "from khplan's output for the sample plans in `data/samples`. Spans (`start_char`, `end_char`) are",
        "character offsets into the document's normalized text; `page` is set for PDF input.",
        "",
        "| table | one row per |",
        "|---|---|",
        *[f"| [{t}](#{t}) | {ABOUT.get(t, '')} |" for t in TABLES],
    ]
    current = None
    for table, column, type_, required, vocabulary, description in schema_rows():
        if table != current:
            current = table
            lines += ["", f"## {table}", "", ABOUT.get(table, "").capitalize() + ".", "",
                      "| column | type | required | vocabulary | description | example |",
                      "|---|---|---|---|---|---|"]
        example = examples.get(table, {}).get(column, "")
        lines.append(f"| {column} | {type_} | {required} | {_cell(vocabulary)} | {_cell(description)} | {_cell(example)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def parse(markdown: str) -> list[tuple[str, str, str, str, str, str]]:
    """The schema columns of a rendered dictionary (the examples left out)."""
    rows, table = [], None
    for line in markdown.splitlines():
        if line.startswith("## "):
            table = line[3:].strip()
        elif table and line.startswith("| ") and not line.startswith(("| column", "|---")):
            cells = [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]
            rows.append((table, *cells[:5]))
    return rows


def sample_examples(samples: Path) -> dict[str, dict[str, str]]:
    """The first non-empty value of every column in khplan's output for the sample plans."""
    import pandas as pd

    from pipeline.run.runner import run

    sources = sorted(p for pattern in SAMPLE_SOURCES for p in samples.glob(pattern))
    with tempfile.TemporaryDirectory() as tmp:
        run(sources, Path(tmp))
        out = {}
        for table in TABLES:
            frame = pd.read_parquet(Path(tmp) / table)
            out[table] = {c: _example(frame[c]) for c in frame.columns}
    return out


def _example(series) -> str:
    for value in series:
        if value is None or (isinstance(value, float) and value != value):
            continue
        if hasattr(value, "__len__") and not isinstance(value, str):
            if len(value) == 0:
                continue
            value = list(value)[:3]
        text = str(value)
        return text if len(text) <= 60 else text[:57] + "…"
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description="Write docs/tables.md from the schemas.")
    ap.add_argument("--out", type=Path, default=DICTIONARY)
    ap.add_argument("--samples", type=Path, default=Path("data") / "samples")
    args = ap.parse_args()
    os.chdir(ROOT)  # sample paths in the examples are relative to the repository
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(sample_examples(args.samples)), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
