"""`khplan query`: SQL with a real DuckDB over the Parquet tables a real run wrote."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.run.runner import run
from schemas.tables import SCHEMA_VERSION

KHPLAN = [sys.executable, "-m", "pipeline.apps.cli"]


def khplan(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPLAN, *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def out(samples: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "run-2025"
    run(sorted(samples.glob("*.txt")) + sorted(samples.glob("*.md")), out)
    return out


def test_lists_views_and_columns(out: Path):
    listing = khplan("query", out)
    assert listing.returncode == 0
    for view in ("documents", "sections", "targets", "communes", "commune_lists", "agencies",
                 "agency_assignments", "funding", "references", "checks", "errors"):
        assert f"{view}:" in listing.stdout
    assert "amount_vnd BIGINT" in " ".join(listing.stdout.split())


def test_sql_as_csv_json_and_parquet(out: Path, tmp_path: Path):
    sql = ("SELECT regexp_extract(d.source_path, '[^/]+$') AS file, sum(f.amount_vnd) AS total "
           "FROM funding f JOIN documents d USING (doc_id) "
           "WHERE f.parent_id IS NULL AND f.source = 'total' GROUP BY 1 ORDER BY 1")
    as_csv = khplan("query", out, sql, "--csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["file"]: int(r["total"]) for r in rows} == {
        "thai-nguyen-56-kh-ubnd-2025.md": 1_112_190_000_000, "thach-an-kh-2025.txt": 80_178_119_000}
    as_json = json.loads(khplan("query", out, "SELECT name FROM communes WHERE district = 'Thạch An' "
                                               "ORDER BY name LIMIT 2", "--json").stdout)
    assert as_json == [{"name": "Canh Tân"}, {"name": "Kim Đồng"}]
    target = tmp_path / "fails.parquet"
    assert khplan("query", out, "SELECT rule, message FROM checks WHERE status = 'fail'",
                  "--parquet", target).returncode == 0
    assert set(pd.read_parquet(target).rule) == {"date_range", "numbering_sequence", "duplicate_member", "gazetteer"}
    terminal = khplan("query", out, "SELECT count(*) AS n FROM targets")
    assert terminal.returncode == 0 and "56" in terminal.stdout


def test_bad_sql_is_an_error_not_a_crash(out: Path):
    bad = khplan("query", out, "SELECT nope FROM documents")
    assert bad.returncode == 1 and "query failed" in bad.stderr


def test_outputs_of_two_schema_versions_read_together(out: Path):
    older = out.parent / "run-2024"
    older.mkdir()
    # an older run: fewer columns, another schema version
    pq.write_table(pa.table({"doc_id": ["old1"], "source_path": ["old.txt"], "doc_number": ["1/KH-UBND"],
                             "schema_version": ["0.9"]}), older / "documents.parquet")
    result = khplan("query", out.parent, "SELECT schema_version, count(*) AS n, count(issuer) AS with_issuer "
                                         "FROM documents GROUP BY 1 ORDER BY 1", "--json")
    assert json.loads(result.stdout) == [{"schema_version": "0.9", "n": 1, "with_issuer": 0},
                                         {"schema_version": SCHEMA_VERSION, "n": 5, "with_issuer": 5}]


def test_the_same_document_in_two_files_is_a_copy(samples: Path, tmp_path: Path):
    """A plan held as Markdown and as a DOCX export (files of different bytes, the same number, date, type and
    issuer): `document_copies` names the later path a copy of the first; other documents are not copies."""
    from pipeline.load import load_document
    from tests.fixtures.rendering import document_items, render_docx
    source = sorted(samples.glob("*.md"))[0]
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.md").write_bytes(source.read_bytes())
    render_docx(document_items(load_document(source)), tmp_path / "src" / "b.docx")
    (tmp_path / "src" / "c.txt").write_bytes(sorted(samples.glob("*.txt"))[0].read_bytes())
    run([tmp_path / "src"], tmp_path / "out")
    got = khplan("query", tmp_path / "out", "SELECT c.source_path, d.source_path FROM document_copies c "
                 "JOIN documents d ON d.doc_id = c.same_document_as", "--csv")
    rows = list(csv.reader(io.StringIO(got.stdout)))[1:]
    assert [(Path(a).name, Path(b).name) for a, b in rows] == [("b.docx", "a.md")]
