"""PDF tables found from pdfium's page objects and characters, against pdfplumber's `extract_tables` (the
reference the reader's table finder replaced), on renderings and on real PDFs of corpus/archive."""
from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from pipeline.readers.pdf_tables import find_tables
from tests.conftest import SHARED
from tests.fixtures.rendering import render_pdf

# Real text-layer PDFs of corpus/archive with ruled tables: a technical standard whose drawing of a tank
# (slanting lines, curves) makes empty "tables" too, a certificate, a blasting plan set with spaces
# narrower than its letters, a circular whose lines end in hyphens.
REAL_PDFS = ["DLVN-05-2017-kiem-dinh-xi-tec.pdf", "GCN-DKDT-KCN-Ban-Qua-30-6-2026.pdf",
             "PANM-cua-DN-Duy-Hieu-mo-da-Xuan-Hoa.pdf", "TT-37-BGTVT.pdf"]


def pdfium_tables(path: Path) -> list[list]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [[t.extract() for t in sorted(find_tables(page, page.get_textpage()), key=lambda t: t.bbox[1])]
                for page in pdf]
    finally:
        pdf.close()


def plumber_tables(path: Path) -> list[list]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_tables() for page in pdf.pages]


@pytest.mark.parametrize("name", REAL_PDFS)
def test_real_pdf_tables_equal_pdfplumbers(name: str):
    path = SHARED / "corpus" / "archive" / "originals" / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared beside the repository")
        pytest.skip("../shared/corpus/archive is not beside this checkout")
    reference = plumber_tables(path)
    assert sum(map(len, reference)) >= 5
    assert pdfium_tables(path) == reference


def test_rendered_tables_equal_pdfplumbers(tmp_path: Path):
    wide = "Số xã đạt chuẩn nông thôn mới đến hết năm 2025 theo kế hoạch"  # wraps in its column
    districts = [["TT", "Huyện", wide], ["1", "Thạch An", "13"], ["2", "Hòa An", "15"]]
    funds = [["Nguồn vốn", "Triệu đồng"], ["Ngân sách Trung ương", "232.046"],
             ["Ngân sách tỉnh", "1.112.190"]]
    path = render_pdf(["PHỤ BIỂU 01", districts, "Ghi chú: số liệu năm 2025.", "PHỤ BIỂU 02", funds],
                      tmp_path / "tables.pdf")
    reference = plumber_tables(path)
    assert sum(map(len, reference)) == 2 and "\n" in reference[0][0][0][2]
    assert pdfium_tables(path) == reference
