"""The `khplan run` command end to end: real files in, Parquet out, bad files as error rows."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.rendering import render_docx, render_pdf
from pipeline.run import process_file, tables_of
from pipeline.writer import SchemaViolation, conform, to_arrow
from schemas.tables import SCHEMA_VERSION, TABLES

KHPLAN = [sys.executable, "-m", "pipeline.cli"]
GOLD_COLUMNS = {
    "documents": ["doc_id", "source_path", "doc_number", "doc_type", "issuer", "admin_level", "province",
                  "district", "commune", "issued_date", "plan_year", "signer_name", "signer_title"],
    "sections": ["doc_id", "section_id", "parent_id", "level", "number", "heading", "kind"],
    "references": ["doc_id", "ref_number"],
    "funding": ["doc_id", "item_id", "parent_id", "amount_vnd", "source", "capital_type"],
    "checks": ["doc_id", "rule", "status", "expected", "actual", "message", "start_char", "end_char"],
}


def khplan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPLAN, *map(str, args)], capture_output=True, text=True)


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "nested").mkdir(parents=True)
    plan = ["ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN", "Số: 224/KH-UBND", "Bắc Kạn, ngày 01 tháng 4 năm 2025",
            "KẾ HOẠCH", "Triển khai chương trình nông thôn mới tỉnh Bắc Kạn năm 2025",
            "Căn cứ Nghị quyết số 75/NQ-HĐND ngày 09/12/2024 của Hội đồng nhân dân tỉnh Bắc Kạn;",
            "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "II. TỔ CHỨC THỰC HIỆN", "Nơi nhận:", "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nông Quang Nhất"]
    (src / "plan.txt").write_text("\n".join(plan), encoding="utf-8")
    render_pdf(plan, src / "nested" / "plan-scan.pdf")
    render_docx(plan[:9], src / "nested" / "draft.docx")
    (src / "copy-of-plan.txt").write_text("\n".join(plan), encoding="utf-8")
    pdf = (src / "nested" / "plan-scan.pdf").read_bytes()
    (src / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (src / "empty.txt").write_bytes(b"")
    (src / "garbage.docx").write_bytes(bytes(range(256)) * 8)
    (src / "notes.json").write_text("{}")  # not a supported extension: not picked up from a folder
    return src


def test_run_writes_every_table_and_accounts_for_every_file(mixed_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = khplan("run", mixed_folder, "-o", out)
    assert result.returncode == 0, result.stderr
    docs = pd.read_parquet(out / "documents")
    errors = pd.read_parquet(out / "errors")
    named = {Path(p).name for p in docs.source_path} | {Path(p).name for p in errors.source_path}
    assert named == {"plan.txt", "plan-scan.pdf", "draft.docx", "copy-of-plan.txt", "truncated.pdf",
                     "empty.txt", "garbage.docx"}
    kept = {Path(p).name for p in docs.source_path}
    assert kept == {"copy-of-plan.txt", "plan-scan.pdf", "draft.docx"}  # files are read in sorted order
    reasons = dict(zip(errors.source_path.map(lambda p: Path(p).name), errors.reason))
    assert "empty" in reasons["empty.txt"]
    assert "damaged or truncated" in reasons["truncated.pdf"]
    assert "binary data" in reasons["garbage.docx"]
    assert reasons["plan.txt"].startswith("same content as") and "copy-of-plan.txt" in reasons["plan.txt"]
    pdf_row = docs[docs.format == "pdf"].iloc[0]
    assert (pdf_row.doc_number, pdf_row.issuer, pdf_row.signer_name, pdf_row.page_count) == \
        ("224/KH-UBND", "UBND tỉnh Bắc Kạn", "Nông Quang Nhất", 1)
    for table, columns in GOLD_COLUMNS.items():
        frame = pd.read_parquet(out / table)
        assert set(columns) <= set(frame.columns)
        assert set(frame.schema_version) <= {SCHEMA_VERSION}
        for part in (out / table).glob("*.parquet"):
            assert pq.read_schema(part).names == TABLES[table].names
    refs = pd.read_parquet(out / "references")
    assert set(refs.ref_number) == {"75/NQ-HĐND"} and len(refs) == 3  # once in each of the three documents


def test_strict_exits_non_zero_on_error_rows(mixed_folder: Path, tmp_path: Path):
    assert khplan("run", mixed_folder, "-o", tmp_path / "a", "--strict").returncode == 1
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(mixed_folder / "plan.txt", good)
    assert khplan("run", good, "-o", tmp_path / "b", "--strict").returncode == 0


def test_missing_source_is_a_usage_error(tmp_path: Path):
    result = khplan("run", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_writer_refuses_records_that_do_not_fit():
    good = {"doc_id": "d", "ref_id": "r", "ref_number": "1/KH-UBND", "relation": "can_cu",
            "in_footnote": False, "start_char": 0, "end_char": 9}
    assert conform("references", good)["schema_version"] == SCHEMA_VERSION
    for bad, message in [({**good, "colour": "red"}, "not in the schema"),
                         ({**good, "ref_number": None}, "required"),
                         ({**good, "relation": "inspired_by"}, "vocabulary")]:
        with pytest.raises(SchemaViolation, match=message):
            conform("references", bad)
    with pytest.raises(SchemaViolation, match="references"):  # types are checked when rows become Arrow
        to_arrow("references", [conform("references", {**good, "start_char": "zero"})])


def test_a_batch_with_a_mistyped_row_costs_that_file_that_table_only():
    """Rows become Arrow tables a batch at a time; a file whose rows do not fit loses them, with an error row."""
    samples = Path(__file__).resolve().parent.parent / "data" / "samples"
    plans = [samples / "bac-kan-224-kh-ubnd-2025.txt", samples / "linh-thong-kh-2024.txt",
             samples / "thai-nguyen-56-kh-ubnd-2025.md"]
    good, bad, doomed = results = [process_file(p) for p in plans]
    assert all(r.is_document and r.rows["sections"] and r.rows["references"] for r in results)
    references = bad.rows["references"]
    bad.rows["sections"][0] = {**bad.rows["sections"][0], "level": "one"}
    doomed.rows["documents"][0] = {**doomed.rows["documents"][0], "char_count": "many"}
    tables = tables_of(results)
    assert tables["documents"].column("source_path").to_pylist() == [str(plans[0]), str(plans[1])]
    assert tables["sections"].num_rows == len(good.rows["sections"])  # the doomed file keeps no rows at all
    assert tables["references"].num_rows == len(good.rows["references"]) + len(references)
    errors = tables["errors"].to_pylist()
    assert [(e["source_path"], e["stage"]) for e in errors] == [(str(plans[1]), "write"), (str(plans[2]), "write")]
    assert "sections" in errors[0]["reason"] and "documents" in errors[1]["reason"]


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "khplan"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "run" in result.stdout
