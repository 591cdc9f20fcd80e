"""The dev-set scores the spine must reach (issue 2), measured with ../shared/eval/score.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.run import run


def test_dev_set_sections_references_and_document_fields(dev_corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = run([dev_corpus], out)
    assert summary.documents == 5 and summary.errors == 0
    scores = tmp_path / "scores.json"
    subprocess.run([sys.executable, str(dev_corpus.parent.parent / "eval" / "score.py"), "--out", str(out),
                    "--gold", str(dev_corpus), "--json", str(scores)], check=True, capture_output=True)
    result = json.loads(scores.read_text(encoding="utf-8"))
    assert result["sections"]["f1"] >= 0.95
    assert result["references"]["f1"] >= 0.95
    fields = result["documents"]
    assert sum(fields.values()) / len(fields) >= 0.90, fields
