"""Copy the dev documents into data/samples and make PDF and DOCX renderings of some of them.

    python data/render_samples.py [--corpus ../shared/corpus/dev]

Renderings are named X.rendered.pdf / X.rendered.docx; their text is the normalized text of the
original, so the pipeline's output on them can be compared with its output on the original. The PDFs
set footnotes at the foot of their pages with raised marks in the text; the DOCX files append them.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from pipeline.load import load_document

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository, for tests.fixtures (the renderers)
from tests.fixtures.rendering import document_items, document_items_with_notes, render_docx, render_pdf  # noqa: E402
SAMPLES = HERE / "samples"
RENDER = {"thach-an-kh-2025.txt": ("pdf", "docx"), "thai-nguyen-56-kh-ubnd-2025.md": ("pdf", "docx"),
          "bac-kan-224-kh-ubnd-2025.txt": ("pdf",)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus" / "dev")
    a = ap.parse_args()
    SAMPLES.mkdir(exist_ok=True)
    for src in sorted(a.corpus.iterdir()) if a.corpus.is_dir() else []:
        if src.suffix in (".txt", ".md"):
            shutil.copyfile(src, SAMPLES / src.name)
    for name, formats in RENDER.items():
        src = SAMPLES / name
        doc = load_document(src)
        items = document_items(doc)
        stem = src.name.rsplit(".", 1)[0]
        if "pdf" in formats:
            body, notes = document_items_with_notes(doc)
            render_pdf(body, SAMPLES / f"{stem}.rendered.pdf", running_header=f"Kế hoạch — {stem}", notes=notes)
        if "docx" in formats:
            render_docx(items, SAMPLES / f"{stem}.rendered.docx")
    print(f"samples in {SAMPLES}: {', '.join(sorted(p.name for p in SAMPLES.iterdir()))}")


if __name__ == "__main__":
    main()
