"""Scanned pages read by Tesseract (Debian's tesseract-ocr-vie), scored against the text layer on the
dev gold; a machine without Tesseract; syllables a text layer split at their diacritics."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest

from pipeline.readers import ocr
from tests.fixtures.rendering import document_items, render_pdf, unicode_font
from pipeline.load import load_document
from pipeline.run.runner import run
from tests.conftest import ROOT

needs_tesseract = pytest.mark.skipif(not ocr.available() and not os.environ.get("CI"),
                                     reason="Tesseract is installed by `make setup-ocr`")


def scan(pdf: Path, target: Path, dpi: int = 200) -> Path:
    """An image-only PDF of `pdf`'s pages, as a scanner makes (no text layer)."""
    document = pdfium.PdfDocument(str(pdf))
    pages = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target


def scores(out: Path, gold: Path, stem: str, tmp: Path) -> dict:
    report = tmp / f"{out.name}.json"
    subprocess.run([sys.executable, str(gold.parent.parent / "eval" / "score.py"), "--out", str(out),
                    "--gold", str(gold), "--doc", stem, "--json", str(report)], check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))


@needs_tesseract
def test_scanned_plan_scores_as_its_text_layer(dev_corpus: Path, tmp_path: Path):
    stem = "linh-thong-kh-2024"
    (tmp_path / "text").mkdir()
    (tmp_path / "scan").mkdir()
    text_pdf = render_pdf(document_items(load_document(dev_corpus / f"{stem}.txt")), tmp_path / "text" / f"{stem}.pdf")
    scan(text_pdf, tmp_path / "scan" / f"{stem}.pdf")
    for kind in ("text", "scan"):
        run([tmp_path / kind], tmp_path / f"out-{kind}", workers=1)
    documents = pd.read_parquet(tmp_path / "out-scan" / "documents")
    assert list(documents.ocr_pages[0]) == [1, 2, 3, 4]
    assert any("read by OCR" in w for w in documents.warnings[0])
    layer, scanned = (scores(tmp_path / f"out-{k}", dev_corpus, stem, tmp_path) for k in ("text", "scan"))
    for table in ("funding", "targets", "communes", "agencies", "references", "sections"):
        assert scanned[table]["f1"] >= layer[table]["f1"] - 0.05, (table, scanned[table], layer[table])
    sections = pd.read_parquet(tmp_path / "out-scan" / "sections")
    assert set(sections.page) == {1, 2, 3, 4}  # provenance: the page each OCR'd section came from


@needs_tesseract
def test_a_scanned_page_among_text_pages(tmp_path: Path):
    text_pdf = render_pdf(["KẾ HOẠCH", "Phát triển nông thôn mới xã Linh Thông năm 2024."] * 3, tmp_path / "a.pdf")
    image_pdf = scan(render_pdf(["II. MỤC TIÊU", "Phấn đấu xã đạt thêm 02 tiêu chí nông thôn mới nâng cao."],
                                tmp_path / "b.pdf"), tmp_path / "b-scan.pdf")
    merged = pdfium.PdfDocument.new()
    for part in (text_pdf, image_pdf):
        merged.import_pages(pdfium.PdfDocument(str(part)))
    merged.save(tmp_path / "mixed.pdf")
    doc = load_document(tmp_path / "mixed.pdf")
    assert doc.ocr_pages == [2]
    at = doc.text.index("MỤC TIÊU")
    assert doc.page_at(at) == 2 and "02 tiêu chí nông thôn mới" in doc.text


@needs_tesseract
def test_scanned_header_in_two_columns_is_read_column_by_column(tmp_path: Path):
    from fpdf import FPDF
    from extractors.documents import extract
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    for left, right in (("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                        ("TỈNH THÁI NGUYÊN", "Độc lập - Tự do - Hạnh phúc"),
                        ("Số: 56/KH-UBND", "Thái Nguyên, ngày 10 tháng 3 năm 2025")):
        pdf.cell(70, 7, left, align="C")
        pdf.cell(0, 7, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for text in ("KẾ HOẠCH", "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2025"):
        pdf.multi_cell(0, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "header.pdf"))
    doc = load_document(scan(tmp_path / "header.pdf", tmp_path / "header-scan.pdf", dpi=300))
    assert doc.ocr_pages == [1]
    row = next(iter(extract(doc)))
    assert (row["doc_number"], row["issuer"], row["place"], str(row["issued_date"])) == \
        ("56/KH-UBND", "UBND tỉnh Thái Nguyên", "Thái Nguyên", "2025-03-10")


def test_without_tesseract_a_scan_is_an_error_row_that_says_so(tmp_path: Path):
    page = pdfium.PdfDocument.new()
    page.new_page(595, 842)
    page.save(tmp_path / "blank.pdf")
    scanned = scan(tmp_path / "blank.pdf", tmp_path / "scan.pdf")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no /usr/bin: no tesseract
    script = ("import sys; from pathlib import Path; from pipeline.run.worker import process_file; "
              "r = process_file(Path(sys.argv[1])); print(r.tables['errors'].column('reason')[0])")
    reason = subprocess.run([sys.executable, "-c", script, str(scanned)], env=env, capture_output=True,
                            text=True, check=True).stdout
    assert "scanned PDF with no text layer" in reason and "Tesseract OCR is not installed" in reason


def test_syllables_split_at_their_diacritics_are_rejoined(tmp_path: Path):
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    for line in ("ĐIỀ U 1. KHO ẢN CHUNG", "Thượ ng Quan và Nặm Cắt thực hiện kế hoạ ch số 12/KH-UBND."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "split.pdf"))
    text = load_document(tmp_path / "split.pdf").text
    assert "ĐIỀU 1. KHOẢN CHUNG" in text
    assert "Thượng Quan và Nặm Cắt thực hiện kế hoạch số 12/KH-UBND." in text


@pytest.fixture(scope="session")
def misread_pdf() -> Path:
    """dev2's inspection plan, a signed PDF whose fonts map their glyphs to the wrong characters on every
    page ("6Ӣ C‘NG 7+ѬѪ1*" for "SỞ CÔNG THƯƠNG")."""
    path = ROOT.parent / "shared" / "corpus" / "dev2" / "laocai-sct-1105-kh-kiem-tra-vlncn.pdf"
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared beside the repository")
        pytest.skip("../shared/corpus/dev2 is not beside this checkout")
    return path


@needs_tesseract
def test_a_text_layer_that_does_not_read_as_vietnamese_is_read_by_ocr(misread_pdf: Path):
    from extractors.documents import extract
    from extractors.sections import section_tree
    doc = load_document(misread_pdf)
    assert doc.ocr_pages == [1, 2, 3, 4, 5, 6]
    assert any("does not read as Vietnamese" in w and "read by OCR instead: 1, 2, 3, 4, 5, 6" in w for w in doc.warnings)
    row = extract(doc)[0]
    assert (row["doc_number"], row["doc_type"], str(row["issued_date"]), row["plan_year"]) == \
        ("1105/KH-ĐKT", "ke_hoach", "2026-03-10", 2026)
    assert row["issuer"].lower() == "đoàn kiểm tra theo quyết định số 1050/qđ-sct"  # ĐOÀN KIỂM TRA, its hook restored
    assert (row["admin_level"], row["province"]) == ("tinh", "Lào Cai")  # a Sở's team, dated in Lào Cai
    top = [s for s in section_tree(doc) if s.parent is None and s.number]
    assert [s.number for s in top][:6] == ["1", "2", "3", "4", "5", "6"]
    assert doc.page_at(doc.text.index("Phân công nhiệm vụ")) == 2
    # "1050/QĐÐ-SCTT" as OCR reads 3.1: the decision the header and the preamble cite as 1050/QĐ-SCT
    from extractors.references import extract as references
    assert {r["ref_number"] for r in references(doc)} == {"1050/QĐ-SCT", "217/2025/NĐ-CP"}
    # the signature block beside "Nơi nhận", its title read through the seal ("'TRU ỞNG ĐOÀN")
    assert (row["signer_name"], row["signer_title"]) == ("Hoàng Văn Thuân", "Trưởng đoàn")
    # Phụ lục I: a table ruled on the page, its cells filled with the words OCR read inside them
    schedule = next(t for t in doc.tables if any("Thời gian công bố" in c.text for c in t.rows[0]))
    assert [r[3].text for r in schedule.rows if "ngày" in r[4].text] == ["23/3/2026", "25/3/2025", "27/3/2025"]
    assert schedule.rows[1][1].text == "Công ty cổ phần xây dựng giao thông Yên Bái"
    # what OCR reads is no certainty: its "C." for "c." leaves a lettered list b, d, a doubt and no failure;
    # the schedule dated a year before the plan and the decision cited on 06/3/2025 and 06/3/2026: doubts
    from extractors.checks import document_checks
    checks = document_checks(doc)
    assert not [c for c in checks if c.status == "fail"]
    assert any(c.rule == "numbering_sequence" and c.status == "warn" and "read by OCR" in c.message for c in checks)
    dates = [c.message for c in checks if c.rule == "date_range" and c.status == "warn"]
    assert any(m.startswith("25/03/2025 in the schedule") for m in dates)
    assert any("dated 06/03/2025, elsewhere 06/03/2026" in m for m in dates)
    assert not any(c.rule == "table_total" for c in checks)  # "Tổng công ty xây dựng Trường Sơn" is no total


@needs_tesseract
def test_a_misread_page_is_told_from_a_good_page_of_the_same_file(misread_pdf: Path, tmp_path: Path):
    good = render_pdf(["KẾ HOẠCH", "Phát triển nông thôn mới xã Linh Thông năm 2024, đạt thêm 02 tiêu chí."] * 3,
                      tmp_path / "good.pdf")
    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument(str(good)))
    merged.import_pages(pdfium.PdfDocument(str(misread_pdf)), [1])  # its page 2: "4. Phân công nhiệm vụ"
    merged.save(tmp_path / "mixed.pdf")
    doc = load_document(tmp_path / "mixed.pdf")
    assert doc.ocr_pages == [2]  # page 1 keeps its text layer
    assert "02 tiêu chí" in doc.text and doc.page_at(doc.text.index("Linh Thông")) == 1
    assert doc.page_at(doc.text.index("Phân công nhiệm vụ")) == 2
    assert "7+ѬѪ1*" not in doc.text and "Ӣ" not in doc.text


def test_vietnamese_syllable_share_tells_misread_text_layers():
    from pipeline.lexicon.vietnamese import syllable_share
    words, share = syllable_share("Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở Công Thương")
    assert words == 12 and share > 0.9  # figures and codes are no words
    assert syllable_share("6Ӣ C‘NG 7+ѬѪ1* &Ӝ1* H“A XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 NAM L‡o Cai, ng‡y th·ng")[1] < 0.5
    assert syllable_share("CQNG HOA XA HQI CHU NGHIA VIET NAM DQc l$p - Tg do - H4nh phric")[1] < 0.6


@needs_tesseract
def test_a_ruled_table_on_a_scanned_page_is_read_cell_by_cell(tmp_path: Path):
    # a row's number, a code, a figure alone in their cells: what a page read as one column of text drops
    rows = [["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian", "Số hiệu", "Nhóm"],
            ["1", "Rà soát hồ sơ các xã", "Sở Nội vụ", "Quý II/2025", "1942", "5.1"],
            ["2", "Kiểm tra tiến độ xây dựng nông thôn mới", "Sở Tài chính", "27/3/2025", "2031", "8"]]
    pdf = render_pdf(["KẾ HOẠCH", "Phân công thực hiện như sau:", rows, "Các sở báo cáo kết quả."], tmp_path / "t.pdf")
    doc = load_document(scan(pdf, tmp_path / "t-scan.pdf", dpi=300))
    assert doc.ocr_pages == [1] and len(doc.tables) == 1
    read = [[c.text for c in r] for r in doc.tables[0].rows]
    assert read == rows
    assert doc.text.index("Phân công thực hiện") < doc.tables[0].start < doc.text.index("Các sở báo cáo")


@needs_tesseract
def test_a_commune_ocr_misread_by_a_tone_mark_keeps_its_list(tmp_path: Path):
    """"Thượng Ấn" for Bắc Kạn's xã Thượng Ân: on a page read by OCR, a name known but for its tone marks
    is the commune, and the names after it stay in the list; a text layer's misspelling is not mended."""
    from extractors.communes import extract
    lines = ["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "Số: 224/KH-UBND", "Bắc Kạn, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH",
             "Ghi chú: 05 xã đặc biệt khó khăn, bao gồm: xã Thanh Mai, Thượng Ấn, Cao Tân, Nam Mẫu, Hoàng Trĩ."]
    text_pdf = render_pdf(lines, tmp_path / "list.pdf")
    scanned = [(r["name"], r["printed"]) for r in extract(load_document(scan(text_pdf, tmp_path / "scan.pdf", dpi=300)))]
    assert scanned == [("Thanh Mai", "Thanh Mai"), ("Thượng Ân", "Thượng Ấn"), ("Cao Tân", "Cao Tân"),
                       ("Nam Mẫu", "Nam Mẫu"), ("Hoàng Trĩ", "Hoàng Trĩ")]
    assert [r["name"] for r in extract(load_document(text_pdf))] == ["Thanh Mai"]


def test_ocr_splits_the_u_of_uo_and_drops_its_horn():
    from pipeline.lexicon.vietnamese import mend_split_syllables
    assert mend_split_syllables("'TRU ỞNG ĐOÀN") == "'TRƯỞNG ĐOÀN"
    assert mend_split_syllables("thuở nhỏ, ngu ngơ") == "thuở nhỏ, ngu ngơ"  # words as read stay


def test_tone_marks_ocr_lost_are_restored_only_where_one_word_fits():
    from pipeline.lexicon.vietnamese import mend_tone_marks
    assert mend_tone_marks("T/M. ĐOÀN KIÊM TRA") == "T/M. ĐOÀN KIỂM TRA"  # not "ĐOẢN KIẾM" (a sword)
    assert mend_tone_marks("Kiêm tra việc chầp hành của Giám đôc Sở") == "Kiểm tra việc chấp hành của Giám đốc Sở"
    for right in ("Quy định tại khoản 1 Điều 2", "Gói thầu số 13", "kiêm nhiệm chức vụ", "tiến hành kiểm tra",
                  "Kinh phí: 1.250 triệu đồng."):
        assert mend_tone_marks(right) == right
