"""Same input, same tables: the rows and their order do not depend on the hash seed, the number of workers,
the batch size, or a kill -9 followed by a rerun; one run at a time per OUT. Real files of the archive
(with byte-identical copies among them), real `khplan run` processes."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.output.store import committed_tables
from schemas.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "corpus" / "archive" / "md"
KHPLAN = [sys.executable, "-m", "pipeline.apps.cli", "run"]
# Plans rich in agencies and funding rows (the tables whose rows once followed the hash seed), and a pair
# of byte-identical files of the archive (6ed794c8… copies 46510a73…).
CHOSEN = ["70180aecf521049d", "646f0a00d4174382", "6bac4a0d92da936d", "58d57e072e2abf64", "98a671ff7989e1aa",
          "46510a733ec32ba9", "6ed794c8dcd75a6b"]



def khplan(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPLAN, *map(str, args), "--no-progress"], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=ROOT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """27 real plans (every 50th of the archive and the chosen ones, the archive's copied pair among them),
    and two more copies made here: one whose name sorts before its original (the copy is the one kept) and one
    after."""
    if not ARCHIVE.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{ARCHIVE} is missing: CI must have ../shared beside the repository")
        pytest.skip("../shared/corpus/archive is not beside this checkout")
    folder = tmp_path_factory.mktemp("corpus")
    files = sorted(ARCHIVE.glob("*.md"))
    for f in files[::50] + [ARCHIVE / f"{name}.md" for name in CHOSEN]:
        shutil.copy(f, folder / f.name)
    shutil.copy(ARCHIVE / "70180aecf521049d.md", folder / "0-copy-of-70180aecf521049d.md")
    shutil.copy(ARCHIVE / "58d57e072e2abf64.md", folder / "z-copy-of-58d57e072e2abf64.md")
    return folder


def written(out: Path) -> dict[str, list[tuple]]:
    """Every table's rows in the order they were written (committed batches in order, as pyarrow, pandas
    and DuckDB read them)."""
    files = committed_tables(out)
    return {name: [tuple(row.values()) for row in
                   pa.concat_tables([pq.read_table(f) for f in files.get(name, [])]
                                    or [TABLES[name].empty_table()]).to_pylist()]
            for name in TABLES}


def accounted(out: Path) -> list[str]:
    """The file names of every document and error row."""
    rows = written(out)
    names = TABLES["documents"].names.index("source_path"), TABLES["errors"].names.index("source_path")
    return sorted(Path(r[names[0]]).name for r in rows["documents"]) + \
        sorted(Path(r[names[1]]).name for r in rows["errors"])


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> dict[str, list[tuple]]:
    out = tmp_path_factory.mktemp("reference") / "out"
    run = khplan(corpus, "-o", out, "--workers", "1", "--batch-size", "500", env={"PYTHONHASHSEED": "1"})
    assert run.returncode == 0, run.stderr
    assert "3 duplicates" in run.stderr
    return written(out)


def test_the_reference_run_accounts_for_every_file_and_keeps_the_first_of_each_content(corpus, reference):
    files = sorted(f.name for f in corpus.iterdir())
    documents, errors = reference["documents"], reference["errors"]
    assert len(documents) + len(errors) == len(files) == 29
    source = TABLES["errors"].names.index("source_path")
    reason = TABLES["errors"].names.index("reason")
    copies = {Path(row[source]).name: row[reason] for row in errors}
    assert set(copies) == {"6ed794c8dcd75a6b.md", "70180aecf521049d.md", "z-copy-of-58d57e072e2abf64.md"}
    assert "0-copy-of-70180aecf521049d.md" in copies["70180aecf521049d.md"]  # the first in sorted order is kept
    assert "46510a733ec32ba9.md" in copies["6ed794c8dcd75a6b.md"]
    assert all(reason.startswith("same content as") for reason in copies.values())
    # rows of every kind whose order could vary: many agencies and communes, some funding (fines and legal
    # thresholds of these pages are no resources)
    assert len(reference["agencies"]) > 20 and len(reference["communes"]) > 20 and len(reference["funding"]) > 0


def test_hash_seed_workers_and_batch_size_change_no_row_nor_its_place(corpus, reference, tmp_path):
    out = tmp_path / "out"
    run = khplan(corpus, "-o", out, "--workers", "2", "--batch-size", "3", env={"PYTHONHASHSEED": "2"})
    assert run.returncode == 0, run.stderr
    assert len(list((out / "_batches").glob("*.json"))) > 3
    again = written(out)
    for name in TABLES:
        assert sorted(map(repr, again[name])) == sorted(map(repr, reference[name])), name  # the same rows
        assert again[name] == reference[name], name  # in the same order


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.integers(min_value=0, max_value=4), delay=st.floats(min_value=0, max_value=0.3))
def test_kill_9_at_any_point_then_rerun_gives_the_uninterrupted_tables(corpus, reference, tmp_path, batches, delay):
    """The run is killed (with its workers) once `batches` batches are committed (small text files go eight
    to a task, so a batch of 2 files holds a task's 8), and `delay` seconds more (in the middle of writing
    the next, or not): the rerun ends as the uninterrupted run, with every file accounted for."""
    out = tmp_path / f"out-{batches}-{delay}"
    proc = subprocess.Popen([*KHPLAN, str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2",
                             "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONHASHSEED": "3"}, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and \
            len(list((out / "_batches").glob("*.json"))) < batches:
        time.sleep(0.01)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = khplan(corpus, "-o", out, "--workers", "2", "--batch-size", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert written(out) == reference
    assert sorted(accounted(out)) == sorted(f.name for f in corpus.iterdir())


def test_a_second_run_into_the_same_out_refuses_or_waits(corpus, reference, tmp_path):
    """The first run hangs on a file (tests/faults) while it holds OUT; a second refuses, a third waits and
    starts once the first is killed with SIGKILL, whose lock the kernel released."""
    folder = tmp_path / "src"
    shutil.copytree(corpus, folder)
    (folder / "zz-hangs.md").write_text("KẾ HOẠCH HANG-HERE", encoding="utf-8")
    out = tmp_path / "out"
    faults = {"KHPLAN_FAULTS": "1", "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "faults"), str(ROOT)])}
    first = subprocess.Popen([*KHPLAN, str(folder), "-o", str(out), "--workers", "1", "--document-timeout", "600",
                              "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, **faults}, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out / ".lock").is_file():
            time.sleep(0.05)
        while time.monotonic() < deadline and (out / ".lock").read_text() != f"pid {first.pid}":
            time.sleep(0.05)
        second = khplan(folder, "-o", out, "--workers", "1")
        assert second.returncode == 3
        assert "being written by another khplan run" in second.stderr and f"pid {first.pid}" in second.stderr
        third = subprocess.Popen([*KHPLAN, str(folder), "-o", str(out), "--workers", "1", "--wait",
                                  "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=ROOT)
        time.sleep(2)
        assert third.poll() is None, "the third run was to wait"
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    _, stderr = third.communicate(timeout=120)
    assert third.returncode == 0, stderr
    assert sorted(accounted(out)) == sorted(f.name for f in folder.iterdir())


def test_reruns_over_changed_copies_leave_one_row_a_file_and_no_dangling_copy(tmp_path):
    """A copy whose content changes becomes a document; when the file kept for a content changes, the copy
    of that content that comes after it in this run becomes the file that holds it."""
    if not ARCHIVE.is_dir():
        pytest.skip("../shared/corpus/archive is not beside this checkout")
    from pipeline.run.runner import run

    plans = [(ARCHIVE / f"{name}.md").read_bytes() for name in CHOSEN[:3]]
    folder, out = tmp_path / "src", tmp_path / "out"
    folder.mkdir()

    def rerun(a: bytes, b: bytes, c: bytes) -> dict[str, tuple[str, str]]:
        """Run over a.md, b.md, c.md with these contents: each file's one row (document, or the error
        reason), checked to name no file without the content it copies."""
        for name, data in zip("abc", (a, b, c)):
            (folder / f"{name}.md").write_bytes(data)
        run([folder], out, workers=1)
        rows = written(out)
        documents = [(Path(r[1]).name, r[3]) for r in rows["documents"]]
        names = TABLES["errors"].names
        errors = [(Path(r[names.index("source_path")]).name, r[names.index("reason")], r[names.index("sha256")])
                  for r in rows["errors"]]
        assert sorted([name for name, _ in documents] + [name for name, *_ in errors]) == ["a.md", "b.md", "c.md"]
        for _, reason, sha in errors:
            kept = Path(reason.removeprefix("same content as ").removesuffix(": not added twice")).name
            assert (kept, sha) in documents, reason
        return {name: ("document", sha) for name, sha in documents} | {name: ("copy", r) for name, r, _ in errors}

    first = rerun(plans[0], plans[0], plans[1])
    assert first["b.md"][0] == "copy" and first["a.md"][0] == "document"
    assert rerun(plans[0], plans[2], plans[1])["b.md"][0] == "document"  # the copy changed: its row went
    assert rerun(plans[0], plans[0], plans[1])["b.md"][0] == "copy"
    last = rerun(plans[2], plans[0], plans[1])  # the file kept changed: its copy holds the content now
    assert last["a.md"][0] == last["b.md"][0] == "document" and last["a.md"] != first["a.md"]
    assert last["b.md"] == first["a.md"]


def test_a_copy_left_naming_a_file_that_changed_in_a_run_without_it_is_looked_at_again(tmp_path):
    """b.md copies a.md; a run over a.md alone, changed, leaves b.md's row naming a file without that
    content; the next run over both removes that row and makes b.md the document of the content."""
    if not ARCHIVE.is_dir():
        pytest.skip("../shared/corpus/archive is not beside this checkout")
    from pipeline.run.runner import run

    plan, other = ((ARCHIVE / f"{name}.md").read_bytes() for name in CHOSEN[:2])
    folder, out = tmp_path / "src", tmp_path / "out"
    folder.mkdir()
    (folder / "a.md").write_bytes(plan)
    (folder / "b.md").write_bytes(plan)
    run([folder], out, workers=1)
    (folder / "a.md").write_bytes(other)
    run([folder / "a.md"], out, workers=1)
    errors = pq.read_table(out / "errors").to_pylist()
    assert [Path(e["source_path"]).name for e in errors] == ["b.md"]  # a.md holds other content now
    summary = run([folder], out, workers=1)
    assert summary.documents == 1 and summary.skipped == 1
    documents = pq.read_table(out / "documents").to_pylist()
    assert sorted(Path(d["source_path"]).name for d in documents) == ["a.md", "b.md"]
    assert pq.read_table(out / "errors").num_rows == 0


def test_tasks_keep_file_order_across_kinds(tmp_path):
    """Text files travel several to a task and .doc files several to a LibreOffice call, but never past a
    file of another kind: the tasks, joined, are the files in their order (results are written so)."""
    from pipeline.run.executors import tasks

    names = ["a.md", "b.md", "c.doc", "d.doc", "e.json", "f.md", "g.pdf", "h.md"] + [f"i{n}.md" for n in range(9)]
    files = []
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        files.append((tmp_path / name, name))
    grouped = list(tasks(files))
    assert [sha for task in grouped for _, sha in task] == names
    assert [len(task) for task in grouped] == [2, 2, 1, 1, 1, 8, 2]
