"""The `khplan run` command end to end: real files in, Parquet out, bad files as error rows."""
from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.fixtures.rendering import render_docx, render_pdf
from pipeline.run.worker import FileRows, error_rows, file_results, process_file, process_files
from pipeline.output.writer import SchemaViolation, bare_schema, to_arrow
from schemas.tables import SCHEMA_VERSION, TABLES

KHPLAN = [sys.executable, "-m", "pipeline.apps.cli"]
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
    (src / "notes.json").write_text("{}")  # not a document format: listed as an error row of stage skip
    return src


def test_run_writes_every_table_and_accounts_for_every_file(mixed_folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = khplan("run", mixed_folder, "-o", out)
    assert result.returncode == 0, result.stderr
    docs = pd.read_parquet(out / "documents")
    errors = pd.read_parquet(out / "errors")
    named = {Path(p).name for p in docs.source_path} | {Path(p).name for p in errors.source_path}
    assert named == {"plan.txt", "plan-scan.pdf", "draft.docx", "copy-of-plan.txt", "truncated.pdf",
                     "empty.txt", "garbage.docx", "notes.json"}
    assert list(errors.stage[errors.source_path.str.endswith("notes.json")]) == ["skip"]
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


class RecordedProgress:
    """What `run` tells a progress bar."""

    def __init__(self):
        self.total, self.skipped, self.advanced = None, 0, 0

    def start(self, total: int) -> None:
        self.total = total

    def skip(self) -> None:
        self.skipped += 1

    def advance(self, result) -> None:
        self.advanced += 1


def test_progress_reaches_its_total_on_first_runs_and_reruns(mixed_folder: Path, tmp_path: Path):
    """Every file found either leaves the total (OUT holds it, or it copies another file) or advances the
    bar once: the bar ends full, whatever was skipped."""
    from pipeline.run.runner import run

    found = len([p for p in mixed_folder.rglob("*") if p.is_file()])  # notes.json too: a row of stage skip
    first = RecordedProgress()
    summary = run([mixed_folder], tmp_path / "out", workers=2, progress=first)
    assert first.total == found and (first.skipped, first.advanced) == (1, found - 1)  # the copy of plan.txt
    assert summary.files == found and summary.duplicates == 1
    more = tmp_path / "more"
    more.mkdir()
    (more / "new.txt").write_text("KẾ HOẠCH khác", encoding="utf-8")
    again = RecordedProgress()
    summary = run([mixed_folder, more], tmp_path / "out", workers=2, progress=again)
    assert again.total == found + 1 and (again.skipped, again.advanced) == (found, 1)
    assert summary.skipped == found and summary.documents + summary.errors == 1


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
    batch = to_arrow("references", [good, {**good, "ref_id": "r2", "relation": "kem_theo"}])
    assert batch.schema == bare_schema("references")
    assert batch.column("schema_version").to_pylist() == [SCHEMA_VERSION] * 2
    assert batch.column("relation").to_pylist() == ["can_cu", "kem_theo"]
    assert batch.column("ref_type").to_pylist() == [None, None]  # columns a record leaves out are null
    for bad, message in [({**good, "colour": "red"}, r"not in the schema: \['colour'\]"),
                         ({**good, "ref_number": None}, r"required columns missing or null: \['ref_number'\]"),
                         ({k: v for k, v in good.items() if k != "doc_id"}, r"required.*\['doc_id'\]"),
                         ({**good, "relation": "inspired_by"}, "'inspired_by' is not in its vocabulary"),
                         ({**good, "relation": ["can_cu"]}, "references.relation: unhashable"),
                         ({**good, "start_char": "zero"}, "references: ")]:
        with pytest.raises(SchemaViolation, match=message):  # the bad record among good ones
            to_arrow("references", [good, bad, good])


def test_rows_that_do_not_fit_their_types_cost_that_table_only():
    """A table whose rows do not fit its types is left out of that file's result with a 'write' error row;
    its other tables stay, unless it is the document row, without which nothing of the document is kept.
    Files built together (one worker task) keep their own rows, and a fault in one costs no other."""
    plan = Path(__file__).resolve().parent.parent / "data" / "samples" / "linh-thong-kh-2024.txt"
    whole = process_file(plan)
    rows = {name: batch.to_pylist() for name, batch in whole.tables.items()}
    doc_id = rows["documents"][0]["doc_id"]
    assert rows["sections"] and rows["references"] and "errors" not in rows

    def rows_of(tables: dict) -> FileRows:
        return FileRows(str(plan), whole.sha256, doc_id, tables)

    mistyped = {**rows, "sections": [{**rows["sections"][0], "level": "one"}] + rows["sections"][1:]}
    doomed = {**rows, "documents": [{**rows["documents"][0], "char_count": "many"}]}
    unreadable = error_rows(plan, "read", "no text could be read", "0" * 64)
    good, bad, dead, none = file_results([rows_of(rows), rows_of(mistyped), rows_of(doomed), unreadable])

    assert {name: batch.to_pylist() for name, batch in good.tables.items()} == rows
    assert "sections" not in bad.tables and bad.is_document
    assert bad.tables["references"].to_pylist() == rows["references"]
    errors = bad.tables["errors"].to_pylist()
    assert [(e["stage"], e["doc_id"]) for e in errors] == [("write", doc_id)] and "sections" in errors[0]["reason"]
    assert set(dead.tables) == {"errors"} and "documents" in dead.tables["errors"].column("reason")[0].as_py()
    assert set(none.tables) == {"errors"} and none.tables["errors"].column("sha256").to_pylist() == ["0" * 64]
    with pytest.raises(SchemaViolation, match="errors.stage"):  # an error row of the code's own that does
        file_results([error_rows(plan, "parse", "no such stage", None)])  # not fit is a bug, not a row


def test_a_task_result_crosses_processes_file_by_file():
    """The results of one task travel as one record batch per table and come back as each file's own."""
    samples = Path(__file__).resolve().parent.parent / "data" / "samples"
    files = [samples / "linh-thong-kh-2024.txt", samples / "missing.txt", samples / "thach-an-kh-2025.txt"]
    sent = process_files(files)
    received = pickle.loads(pickle.dumps(sent))
    assert [r.source_path for r in received.results] == [str(f) for f in files]
    assert [r.is_document for r in received.results] == [True, False, True]
    for before, after in zip(sent.results, received.results):
        assert (after.sha256, after.pages, after.failed_checks) == (before.sha256, before.pages, before.failed_checks)
        assert {n: b.to_pylist() for n, b in after.tables.items()} == {n: b.to_pylist() for n, b in before.tables.items()}
    for name, batch in received.tables.items():  # what the parent writes: the task's rows of each table
        assert batch.to_pylist() == [row for r in sent.results if name in r.tables for row in r.tables[name].to_pylist()]
    alone = process_file(files[2])
    assert {n: b.to_pylist() for n, b in alone.tables.items()} == \
        {n: b.to_pylist() for n, b in received.results[2].tables.items()}


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "khplan"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "run" in result.stdout


LEAN_PROCESS = """
import sys
from pathlib import Path
from pipeline.run.runner import run
from pipeline.run.worker import prepare_worker, process_file
loaded = lambda: sorted(m for m in ("pandas", "underthesea", "joblib", "viparse") if m in sys.modules)
run([Path(sys.argv[1])], Path(sys.argv[2]), workers=1)
print(loaded())
prepare_worker()
result = process_file(Path(sys.argv[1]))
print(result.tables["agencies"].column("canonical_name").to_pylist())
print(loaded())
import pyarrow as pa
print(pa.table({"x": [1.0, None]}).to_pandas()["x"].isna().tolist())
"""


def test_workers_and_the_parent_go_without_pandas_and_underthesea(tmp_path: Path):
    """A worker converts its records without pandas and moves tone marks by underthesea's rules without
    importing underthesea (each of them a quarter of a second of a worker's start), and the parent writes
    without pandas; pandas still works in that process when asked for."""
    plan = tmp_path / "plan.txt"
    plan.write_text("\n".join(["ỦY BAN NHÂN DÂN", "HUYỆN THẠCH AN", "Số: 12/KH-UBND",
                               "Thạch An, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH", "Xây dựng nông thôn mới năm 2025",
                               "I. MỤC TIÊU", "- Phấn đấu 02 xã đạt chuẩn nông thôn mới.", "II. TỔ CHỨC THỰC HIỆN",
                               "1. Uỷ ban nhân dân các xã", "- Tổ chức thực hiện."]), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", LEAN_PROCESS, str(plan), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:4] == ["[]", "['Ủy ban nhân dân các xã']", "[]", "[False, True]"]
