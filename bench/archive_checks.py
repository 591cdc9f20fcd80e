"""Every failed check on the archive, with its verdict: how precise a `fail` is on real documents.

    .venv/bin/python bench/archive_checks.py [--corpus ../shared/corpus/archive] [--out DIR] [--reuse]

Runs `khplan run` on the archive's two folders (md/, originals/) into DIR/md and DIR/originals (or reads
them there with --reuse), and writes bench/archive_checks.md: the failed and doubtful checks by rule and
folder, then every failed check with the sentence it stands in and its verdict from
bench/archive_verdicts.json — `error` (the text is wrong: a reader would correct it) or `doubt` (the text
may be right: why the check could not know) — matched by file name, rule and the figure as printed.
A failure nobody has reviewed yet is listed as such: the review grows with the checks.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb

from pipeline.apps.draft import sentence_around
from pipeline.apps.query import connect
from pipeline.load import load_document

HERE = Path(__file__).resolve().parent
FOLDERS = ("md", "originals")


def run_folder(corpus: Path, out: Path) -> None:
    khplan = Path(sys.executable).parent / "khplan"
    subprocess.run([str(khplan), "run", str(corpus), "-o", str(out), "--no-progress", "--force"], check=True,
                   stdout=subprocess.DEVNULL)


def read_checks(out: Path) -> list[dict]:
    """Every check with its file, and the file it is a copy of (`document_copies`: the same document in
    another file of the archive), if any."""
    con = connect(out)
    rows = con.execute("""
        SELECT d.source_path, c.rule, c.status, c.message, c.start_char, c.end_char, o.source_path
        FROM checks c JOIN documents d USING (doc_id)
        LEFT JOIN document_copies k USING (doc_id) LEFT JOIN documents o ON o.doc_id = k.same_document_as
        ORDER BY d.source_path, c.start_char""").fetchall()
    return [dict(zip(("path", "rule", "status", "message", "start", "end", "copy_of"), r)) for r in rows]


def count_documents(out: Path) -> int:
    return duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}/documents/*.parquet')").fetchone()[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent / ".." / "shared" / "corpus" / "archive")
    ap.add_argument("--out", type=Path, default=Path("/tmp/khplan-archive-checks"))
    ap.add_argument("--reuse", action="store_true", help="read the tables already in --out")
    a = ap.parse_args()
    verdicts = {(v["file"], v["rule"], v["figure"]): v
                for v in json.loads((HERE / "archive_verdicts.json").read_text(encoding="utf-8"))}
    tally: Counter = Counter()
    verified: dict[str, Counter] = {}  # per folder: documents → relations verified (checks that pass)
    documents_in: Counter = Counter()
    failures = []
    for folder in FOLDERS:
        out = a.out / folder
        if not a.reuse:
            run_folder(a.corpus / folder, out)
        documents = {}
        documents_in[folder] = count_documents(out)
        verified[folder] = Counter()
        for c in read_checks(out):
            tally[(c["rule"], folder, c["status"])] += 1
            if c["status"] == "pass":
                verified[folder][c["path"]] += 1
            if c["status"] != "fail":
                continue
            path = Path(c["path"])
            if path not in documents:
                documents[path] = load_document(path)
            before, figure, after = sentence_around(documents[path], c["start"], c["end"], 160)
            v = verdicts.get((path.name, c["rule"], figure), {"verdict": "not reviewed", "why": ""})
            failures.append({**c, "folder": folder, "file": path.name, "figure": figure,
                             "context": f"{before}[[{figure}]]{after}".replace("\n", " ⏎ "), **v})
    (HERE / "archive_checks.md").write_text(render(tally, failures, verified, documents_in), encoding="utf-8")
    print(f"{len(failures)} failed checks; " + ", ".join(f"{k}: {n}" for k, n in
                                                        Counter(f["verdict"] for f in failures).items()))


def render(tally: Counter, failures: list[dict], verified: dict[str, Counter], documents_in: Counter) -> str:
    rules = sorted({r for r, _, _ in tally})
    statuses = ("pass", "fail", "warn", "skip")
    lines = ["# Failed checks on corpus/archive, each with its verdict", "",
             "Written by `bench/archive_checks.py` (verdicts in `bench/archive_verdicts.json`). `error`: the text is",
             "wrong and a reader would correct it; `doubt`: the text may be right.", "",
             "| rule | " + " | ".join(f"{f} {s}" for f in FOLDERS for s in statuses) + " |",
             "|---|" + "---|" * (len(FOLDERS) * len(statuses))]
    for r in rules:
        lines.append(f"| {r} | " + " | ".join(str(tally[(r, f, s)]) for f in FOLDERS for s in statuses) + " |")
    lines.append("")
    for f in FOLDERS:  # a check that passes is evidence too: how much of each folder was verified
        per_doc = verified[f]
        lines.append(f"- {f}: {sum(per_doc.values())} relations verified (checks that pass) in {len(per_doc)} of "
                     f"{documents_in[f]} documents" + (f", at most {max(per_doc.values())} in one" if per_doc else ""))
    verdicts = Counter(f["verdict"] for f in failures)
    copies = [f for f in failures if f["copy_of"]]
    lines += ["", f"**{len(failures)} failed checks**: " + ", ".join(f"{n} {k}" for k, n in verdicts.most_common())
              + (f"; precision {verdicts['error'] / len(failures):.2f}" if failures else "")
              + (f"; {len(copies)} of them in files that hold the same document as another file of the archive "
                 f"(`document_copies`): {len(failures) - len(copies)} in distinct documents" if copies else ""), ""]
    for n, f in enumerate(failures, 1):
        copy = f" — a copy of {Path(f['copy_of']).name}" if f["copy_of"] else ""
        lines += [f"## {n}. {f['rule']} — {f['folder']}/{f['file']} (chars {f['start']}–{f['end']}){copy}", "",
                  f"- check: {f['message']}", f"- text: …{f['context']}…",
                  f"- verdict: **{f['verdict']}**" + (f" — {f['why']}" if f["why"] else ""), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
