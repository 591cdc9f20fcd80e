"""The dev-set scores the issues require, measured with ../shared/eval/score.py and mutate.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.run.runner import run



@pytest.fixture(scope="module")
def dev_scores(dev_corpus: Path, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("dev")
    out = tmp / "out"
    summary = run([dev_corpus], out)
    assert summary.documents == 5 and summary.errors == 0
    scores = tmp / "scores.json"
    subprocess.run([sys.executable, str(dev_corpus.parent.parent / "eval" / "score.py"), "--out", str(out),
                    "--gold", str(dev_corpus), "--json", str(scores)], check=True, capture_output=True)
    return json.loads(scores.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pdf_scores(dev_corpus: Path, tmp_path_factory) -> dict:
    """The dev plans rendered as PDFs (footnotes at the foot of their pages, raised marks), scored."""
    from tests.fixtures.rendering import document_items_with_notes, render_pdf
    from pipeline.load import load_document
    tmp = tmp_path_factory.mktemp("dev-pdf")
    (tmp / "pdf").mkdir()
    for src in sorted(dev_corpus.glob("*.txt")) + sorted(dev_corpus.glob("*.md")):
        items, notes = document_items_with_notes(load_document(src))
        render_pdf(items, tmp / "pdf" / f"{src.stem}.pdf", notes=notes)
    summary = run([tmp / "pdf"], tmp / "out")
    assert summary.documents == 5 and summary.errors == 0
    scores = tmp / "scores.json"
    subprocess.run([sys.executable, str(dev_corpus.parent.parent / "eval" / "score.py"), "--out", str(tmp / "out"),
                    "--gold", str(dev_corpus), "--json", str(scores)], check=True, capture_output=True)
    return json.loads(scores.read_text(encoding="utf-8"))


def test_pdf_renderings_score_as_the_originals(pdf_scores: dict, dev_scores: dict):
    """Paragraphs rejoined by line geometry, footnotes found at the foot of the page: the PDF versions
    of the plans lose nothing against their text versions."""
    for table in ("funding", "targets", "communes", "agencies", "references", "sections"):
        assert pdf_scores[table]["f1"] >= dev_scores[table]["f1"] - 0.01, (table, pdf_scores[table])
    assert pdf_scores["secondary"]["funding.parent"] >= 0.95
    assert pdf_scores["checks"]["false_alarms"] == 0
    assert pdf_scores["checks"]["inconsistencies_found"] == pdf_scores["checks"]["inconsistencies_total"]


def test_sections_references_and_document_fields(dev_scores: dict):
    assert dev_scores["sections"]["f1"] >= 0.95
    assert dev_scores["references"]["f1"] >= 0.95
    fields = dev_scores["documents"]
    assert sum(fields.values()) / len(fields) >= 0.90, fields


def test_funding_and_no_false_alarms(dev_scores: dict):
    assert dev_scores["funding"]["f1"] >= 0.98
    assert dev_scores["secondary"]["funding.parent"] >= 0.95
    assert dev_scores["secondary"]["funding.source"] >= 0.90
    assert dev_scores["checks"]["false_alarms"] == 0


def test_targets_communes_agencies_and_checks(dev_scores: dict):
    assert dev_scores["targets"]["f1"] >= 0.90
    assert dev_scores["communes"]["f1"] >= 0.97
    assert dev_scores["secondary"]["communes.district"] >= 0.95
    assert dev_scores["agencies"]["f1"] >= 0.93
    found = dev_scores["checks"]
    assert found["inconsistencies_found"] == found["inconsistencies_total"]
    assert found["coverage"] >= 0.90


def test_every_planted_error_is_caught(dev_corpus: Path, tmp_path: Path):
    report = tmp_path / "mutations.json"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run([sys.executable, str(dev_corpus.parent.parent / "eval" / "mutate.py"),
                    "--mutations", str(dev_corpus / "mutations.json"), "--corpus", str(dev_corpus),
                    "--cmd", f"{sys.executable} -m pipeline.apps.cli run {{src}} -o {{out}}", "--json", str(report)],
                   check=True, capture_output=True, env=env)
    rows = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 22
    assert all(r["caught"] for r in rows), [r["find"] for r in rows if not r["caught"]]
