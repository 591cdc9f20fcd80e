"""khplan as a user installs it: a wheel built from the repository's tracked files (what a clean clone holds),
installed with its dependencies into a fresh virtual environment, runs the whole job on a sample plan."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import ROOT


def test_wheel_installs_and_runs_in_a_fresh_venv(tmp_path):
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    clone = tmp_path / "clone"
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():  # a file deleted in the work tree and not yet from the index is gone
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(clone)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("khplan-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    packages = {str(p.parent.relative_to(clone)) for top in ("pipeline", "extractors", "schemas")
                for p in (clone / top).rglob("__init__.py")}
    assert {f"{package}/__init__.py" for package in packages} <= shipped  # every package ships
    assert not any(name.startswith(("tests/", "bench/", "data/")) for name in shipped)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    sample = ROOT / "data" / "samples" / "thach-an-kh-2025.txt"
    out = tmp_path / "out"
    run = subprocess.run([venv / "bin" / "khplan", "run", str(sample), "-o", str(out), "--workers", "1",
                          "--no-progress", "--strict"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    documents = pq.read_table(out / "documents").to_pylist()
    assert [d["source_path"] for d in documents] == [str(sample)]
    assert (documents[0]["issuer"], documents[0]["province"], documents[0]["signer_name"]) == (
        "UBND huyện Thạch An", "Cao Bằng", "Nông Thế Phúc")
    for table in ("sections", "targets", "communes", "agencies", "funding", "checks"):
        assert pq.read_table(out / table).num_rows > 0, table
