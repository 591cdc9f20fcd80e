"""Archive runs: worker processes, reruns that skip what OUT holds, kill -9 in the middle, documents that
hang or kill their worker, and the Ray executor — all with real processes and a real local Ray."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
KHPLAN = [sys.executable, "-m", "pipeline.apps.cli", "run"]
TABLES_COMPARED = ["documents", "sections", "targets", "communes", "agencies", "funding", "checks", "errors"]
# tests/faults/sitecustomize.py in every process: a file holding HANG-HERE hangs, one holding CRASH-HERE kills
FAULTS = {"KHPLAN_FAULTS": "1", "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "faults"), str(ROOT)])}


def khplan(*args, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*KHPLAN, *map(str, args), "--no-progress"], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kw)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, samples: Path) -> Path:
    """40 plans: the Thạch An sample with its total varied, so every file's content differs."""
    folder = tmp_path_factory.mktemp("archive")
    text = (samples / "thach-an-kh-2025.txt").read_text(encoding="utf-8")
    for i in range(40):
        (folder / f"plan-{i:03d}.txt").write_text(text.replace("80.178,119", f"80.{178 + i},119"), encoding="utf-8")
    return folder


def snapshot(out: Path) -> dict[str, list[tuple]]:
    """Every compared table as a list of rows in the order they were written."""
    return {table: [tuple(map(str, row)) for row in pd.read_parquet(out / table).itertuples(index=False)]
            for table in TABLES_COMPARED}


@pytest.fixture(scope="module")
def uninterrupted(archive: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "out"
    run = khplan(archive, "-o", out, "--workers", "2", "--batch-size", "8")
    assert run.returncode == 0, run.stderr
    assert "40 documents" in run.stderr
    return out


def test_rerun_skips_unchanged_files_and_replaces_changed_ones(archive: Path, uninterrupted: Path, tmp_path: Path):
    out = tmp_path / "out"
    folder = tmp_path / "src"
    folder.mkdir()
    for f in sorted(archive.iterdir())[:6]:
        (folder / f.name).write_bytes(f.read_bytes())
    assert khplan(folder, "-o", out, "--workers", "2").returncode == 0
    again = khplan(folder, "-o", out, "--workers", "2")
    assert "0 documents" in again.stderr and "6 already in" in again.stderr
    changed = folder / "plan-001.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("80.179,119", "80.999,119"), encoding="utf-8")
    (folder / "plan-new.txt").write_bytes((archive / "plan-030.txt").read_bytes())
    third = khplan(folder, "-o", out, "--workers", "2")
    assert "2 documents" in third.stderr and "5 already in" in third.stderr
    docs = pd.read_parquet(out / "documents")
    assert len(docs) == 7 and docs.doc_id.is_unique and docs.source_path.is_unique  # the old version is gone
    funding = pd.read_parquet(out / "funding")
    assert set(funding.doc_id) == set(docs.doc_id)  # and so are its rows in the other tables
    assert 80_999_119_000 in set(funding.amount_vnd) and 80_179_119_000 not in set(funding.amount_vnd)
    forced = khplan(folder, "-o", out, "--workers", "2", "--force")
    assert "7 documents" in forced.stderr and len(pd.read_parquet(out / "documents")) == 7


def test_kill_9_mid_run_then_rerun_gives_the_uninterrupted_tables(archive: Path, uninterrupted: Path,
                                                                   tmp_path: Path):
    out = tmp_path / "out"
    proc = subprocess.Popen([*KHPLAN, str(archive), "-o", str(out), "--workers", "2", "--batch-size", "4",
                             "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "_batches").glob("*.json"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-write or not
    proc.wait()
    committed = len(list((out / "_batches").glob("*.json")))
    assert 2 <= committed < 10, "the run was to be killed in the middle"
    rerun = khplan(archive, "-o", out, "--workers", "2", "--batch-size", "4")
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(out) == snapshot(uninterrupted)


def faulty_folder(archive: Path, folder: Path) -> Path:
    """Ten plans, a file that kills its worker and one that hangs: small text files travel eight to a
    task, so the first task holds the crash and the second the hang."""
    folder.mkdir()
    for f in sorted(archive.iterdir())[:10]:
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "a-crashes.txt").write_text("KẾ HOẠCH CRASH-HERE", encoding="utf-8")
    (folder / "z-hangs.txt").write_text("KẾ HOẠCH HANG-HERE", encoding="utf-8")
    return folder


def assert_only_the_faulty_files_failed(out: Path) -> None:
    """Each task that failed was tried again file by file: only the faulty file is an error row, once, and
    every other file of its task a document."""
    docs = pd.read_parquet(out / "documents")
    errors = pd.read_parquet(out / "errors")
    assert len(docs) == 10 and docs.source_path.is_unique  # the others were not held up, nor lost
    assert sorted(errors.source_path.map(lambda p: Path(p).name)) == ["a-crashes.txt", "z-hangs.txt"]
    reasons = dict(zip(errors.source_path.map(lambda p: Path(p).name), errors.reason))
    assert "longer than 5 s" in reasons["z-hangs.txt"]
    assert "worker processing this file died" in reasons["a-crashes.txt"]
    assert set(errors.sha256.notna()) == {True}


def test_a_document_that_hangs_or_kills_its_worker_is_an_error_row(archive: Path, tmp_path: Path):
    folder = faulty_folder(archive, tmp_path / "src")
    started = time.monotonic()
    run = khplan(folder, "-o", tmp_path / "out", "--workers", "2", "--document-timeout", "5", env=FAULTS)
    assert run.returncode == 0, run.stderr
    assert time.monotonic() - started < 90
    assert_only_the_faulty_files_failed(tmp_path / "out")


def test_a_run_leaves_no_worker_behind(archive: Path, tmp_path: Path):
    """`run` returns while its pool lets the workers go (they exit as the last batch is written); once the
    pool is joined, no worker process is left."""
    import multiprocessing
    import threading

    from pipeline.run.runner import run

    summary = run(sorted(archive.iterdir())[:20], tmp_path / "out", workers=2)
    assert summary.documents == 20
    for thread in threading.enumerate():
        if thread.name == "khplan-pool-join":
            thread.join(timeout=30)
            assert not thread.is_alive()
    assert multiprocessing.active_children() == []


# The tests' own cluster on loopback runs without Ray's token authentication: a token that a local
# `--executor ray` run (ray.init() without an address) left in ~/.ray/auth_token would otherwise switch it on
# for the head and not alike for each client of it
RAY_ENV = {"RAY_AUTH_MODE": "disabled"}


@pytest.fixture(scope="module")
def ray_head(tmp_path_factory):
    ray = Path(sys.executable).parent / "ray"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    temp = tmp_path_factory.mktemp("ray")
    start = subprocess.run([str(ray), "start", "--head", f"--port={port}", "--num-cpus=2", "--disable-usage-stats",
                            "--include-dashboard=false", f"--temp-dir={temp}"], capture_output=True, text=True,
                           env={**os.environ, **FAULTS, **RAY_ENV})  # its workers hang or die on the faulty files only
    assert start.returncode == 0, start.stderr
    yield f"127.0.0.1:{port}"
    subprocess.run([str(ray), "stop", "--force"], capture_output=True, env={**os.environ, **RAY_ENV})


def test_ray_executor_gives_the_same_tables_as_local_workers(archive: Path, uninterrupted: Path, ray_head: str,
                                                             tmp_path: Path):
    out = tmp_path / "out"
    run = khplan(archive, "-o", out, "--executor", "ray", "--address", ray_head, "--batch-size", "8", env=RAY_ENV)
    assert run.returncode == 0, run.stderr
    assert "40 documents" in run.stderr
    assert snapshot(out) == snapshot(uninterrupted)


def test_ray_executor_refuses_what_it_cannot_send(archive: Path, ray_head: str, tmp_path: Path):
    """A file too large to be a plan is refused before its bytes would travel to the cluster (an error row
    that says so, as with local workers); the other files are processed."""
    folder = tmp_path / "src"
    folder.mkdir()
    for f in sorted(archive.iterdir())[:3]:
        (folder / f.name).write_bytes(f.read_bytes())
    with open(folder / "huge.txt", "wb") as f:  # sparse: 201 MB that take no room on disk
        f.truncate(201 << 20)
    run = khplan(folder, "-o", tmp_path / "out", "--executor", "ray", "--address", ray_head, env=RAY_ENV)
    assert run.returncode == 0, run.stderr
    docs = pd.read_parquet(tmp_path / "out" / "documents")
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    assert len(docs) == 3
    assert list(errors.source_path.map(lambda p: Path(p).name)) == ["huge.txt"]
    assert "larger than any plan" in errors.reason[0]


def test_ray_executor_turns_a_hang_or_a_dead_worker_into_one_error_row(archive: Path, ray_head: str,
                                                                       tmp_path: Path):
    folder = faulty_folder(archive, tmp_path / "src")
    run = khplan(folder, "-o", tmp_path / "out", "--executor", "ray", "--address", ray_head,
                 "--document-timeout", "5", env=RAY_ENV)
    assert run.returncode == 0, run.stderr
    assert_only_the_faulty_files_failed(tmp_path / "out")
