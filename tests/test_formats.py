"""Formats beyond PDF, DOCX and text, on real files: legacy Word (.doc, a real one of corpus/archive and
TCVN3 ones LibreOffice builds from the DOCX fixtures), RTF and OpenDocument, spreadsheets (the archive's
real .xlsx, and .xls/.ods LibreOffice builds), images read by OCR, ZIP archives of documents, and files
of no document format, each accounted for."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageOps

from pipeline.load import load_document
from pipeline.readers import NotADocument, UnreadableDocument, detect_format, ocr, office
from pipeline.readers.xlsx import vietnamese_number
from pipeline.run.runner import run
from tests.conftest import SHARED
from tests.fixtures.rendering import document_items, render_docx, render_pdf

ORIGINALS = SHARED / "corpus" / "archive" / "originals"
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"

needs_libreoffice = pytest.mark.skipif(office.soffice() is None and not os.environ.get("CI"),
                                       reason="LibreOffice is installed by `make setup-office`")
needs_tesseract = pytest.mark.skipif(not ocr.available() and not os.environ.get("CI"),
                                     reason="Tesseract is installed by `make setup-ocr`")


def original(name: str) -> Path:
    path = ORIGINALS / name
    if not path.is_file():
        pytest.skip(f"{path} is not beside this checkout")
    return path


def libreoffice_convert(sources: list[Path], target: str, folder: Path) -> list[Path]:
    """The sources saved by LibreOffice as `target` (doc, rtf, odt, xls, ods), as a user's office suite does."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([office.soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(folder), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    return [folder / f"{source.stem}.{target}" for source in sources]


@needs_libreoffice
def test_a_real_legacy_word_file_reads_as_vietnamese_with_its_layout_table():
    path = original("CV-tu-choi-TKCS-da-hoa-MongSonV-nhomII.doc")
    assert detect_format(path.read_bytes(), ".doc") == "doc"
    doc = load_document(path)
    assert doc.format == "doc"
    assert "từ chối thẩm định thiết kế cơ sở" in doc.text
    assert "Mông Sơn V, xã Bảo Ái, tỉnh Lào Cai" in doc.text
    assert "SỞ CÔNG THƯƠNG" in doc.text
    assert not any("does not read as Vietnamese" in w for w in doc.warnings)


@pytest.fixture(scope="module")
def built_by_libreoffice(tmp_path_factory) -> dict[str, tuple[Path, list]]:
    """A sample plan typed in TCVN3 and VNI fonts saved as .doc, and in Unicode as .rtf and .odt, by LibreOffice;
    each with the items (paragraphs and tables) of the plan."""
    if office.soffice() is None:
        pytest.skip("LibreOffice is installed by `make setup-office`")
    tmp = tmp_path_factory.mktemp("libreoffice")
    sample = next(p for p in sorted(SAMPLES.glob("*.txt")) if p.stem.startswith("linh-thong"))
    items = document_items(load_document(sample)) + [
        "PHỤ LỤC: KINH PHÍ THỰC HIỆN",
        [["STT", "Nội dung", "Kinh phí (triệu đồng)"], ["1", "Đường giao thông nội đồng", "1.250"],
         ["2", "Nhà văn hóa thôn Đồng Tâm", "3.000"], ["", "Tổng cộng", "4.250"]],
        "Nơi nhận: UBND huyện Phú Bình."]  # Word ends a document with a paragraph, never a table
    sources = {"tcvn3": render_docx(items, tmp / "tcvn3.docx", encoding="tcvn3"),
               "vni": render_docx(items, tmp / "vni.docx", encoding="vni"),
               "unicode": render_docx(items, tmp / "unicode.docx")}
    docs = libreoffice_convert([sources["tcvn3"], sources["vni"]], "doc", tmp / "doc")
    rtf, odt = (libreoffice_convert([sources["unicode"]], target, tmp / target)[0] for target in ("rtf", "odt"))
    return {"tcvn3": (docs[0], items), "vni": (docs[1], items), "rtf": (rtf, items), "odt": (odt, items)}


@pytest.mark.parametrize("kind", ["tcvn3", "vni", "rtf", "odt"])
def test_doc_rtf_odt_read_through_libreoffice_as_their_docx(built_by_libreoffice, kind: str):
    path, items = built_by_libreoffice[kind]
    data = path.read_bytes()
    assert detect_format(data, path.suffix) == path.suffix[1:]
    if kind in ("tcvn3", "vni"):
        assert "Kế hoạch".encode("utf-16-le") not in data  # typed in the legacy font
    doc = load_document(path)
    assert doc.format == path.suffix[1:]
    if kind in ("tcvn3", "vni"):
        assert doc.encoding == kind  # told by each run's font, as in a DOCX
    assert document_items(doc) == items  # every paragraph and table cell, tone marks and capitals right


@needs_libreoffice
def test_a_batch_is_converted_in_one_call_and_a_damaged_file_fails_alone(built_by_libreoffice):
    good = [built_by_libreoffice[kind][0].read_bytes() for kind in ("tcvn3", "vni")]
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(3000)
    office.convert_ahead([(good[0], "doc"), (damaged, "doc"), (good[1], "doc")])
    assert len(office._converted) == 2  # the two good files, from one call; the damaged one is left to fail alone
    assert all(office.converted(data, "doc")[:2] == b"PK" for data in good)
    with pytest.raises(UnreadableDocument, match="could not load the file as a Word 97-2003 document: it is damaged"):
        load_document(Path("damaged.doc"), damaged)  # not read as plain text by LibreOffice's fallback filter


def test_without_libreoffice_a_doc_is_an_error_row_that_says_how_to_install_it(tmp_path: Path):
    doc = original("CV-tu-choi-TKCS-da-hoa-MongSonV-nhomII.doc")
    script = ("import sys; from pathlib import Path; from pipeline.run.worker import process_file; "
              "r = process_file(Path(sys.argv[1])); print(r.tables['errors'].column('reason')[0])")
    shown = subprocess.run([sys.executable, "-c", script, str(doc)], capture_output=True, text=True, check=True,
                           env={**os.environ, "PATH": str(tmp_path)}, cwd=Path(__file__).resolve().parent.parent)
    assert "LibreOffice is not installed" in shown.stdout and "libreoffice-writer-nogui" in shown.stdout


def test_the_archive_spreadsheet_reads_as_tables_with_cached_formula_values():
    path = original("PL1-danh-muc-HHNH-mausac.xlsx")
    formulas = openpyxl.load_workbook(path, read_only=True)  # the lookup sheet computes its names
    assert str(formulas["tra cuu"]["D5"].value).startswith("=VLOOKUP")
    formulas.close()
    doc = load_document(path)
    assert doc.format == "xlsx"
    texts = [[cell.text for cell in row] for table in doc.tables for row in table.rows]
    assert texts[0][:4] == ["", "Số hiệu UN", "Tên tiếng Việt", "Tên tiếng Anh"]  # over the rows' numbers
    assert texts[1][:3] == ["1", "0004", "AMONI PICRAT khô hoặc ướt, chứa dưới 10% nước theo khối lượng"]
    assert len(doc.tables) == 3 and max(len(t.rows) for t in doc.tables) == 3000  # the sheets with any value
    lookup = next([c.text for c in r] for r in doc.tables[1].rows if r[1].text == "1805")  # "tra cuu": B5, then
    # D5, E5, F5, the values its VLOOKUPs last computed
    assert lookup[3:6] == ["AXIT PHOSPHORIC, DUNG DỊCH", "8", "80"]
    assert not any(cell.startswith("#N/A") for row in texts for cell in row)  # Excel's errors read as empty


def test_figures_print_as_their_cell_format_shows_them():
    assert vietnamese_number(1112190, "#,##0") == "1.112.190"
    assert vietnamese_number(74062.765, "#,##0.00") == "74.062,77"
    assert vietnamese_number(0.253, "0.0%") == "25,3%"
    assert vietnamese_number(1805, "General") == "1805"  # an identifier, not a grouped amount
    assert vietnamese_number(2.5, "General") == "2,5"


@needs_libreoffice
@pytest.mark.parametrize("target", ["xls", "ods"])
def test_xls_and_ods_read_as_xlsx_with_the_values_their_formulas_computed(tmp_path: Path, target: str):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PHỤ BIỂU 01"
    sheet.append(["Nguồn vốn", "Kinh phí (triệu đồng)"])
    sheet.append(["Ngân sách tỉnh", 1250.5])
    sheet.append(["Ngân sách huyện", 3000])
    sheet.append(["Tổng cộng", "=SUM(B2:B3)"])  # openpyxl stores no value: LibreOffice computes and saves it
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].number_format = "#,##0.0"
    book.save(tmp_path / "phu-bieu.xlsx")
    saved = libreoffice_convert([tmp_path / "phu-bieu.xlsx"], target, tmp_path / target)[0]
    assert detect_format(saved.read_bytes(), saved.suffix) == target
    doc = load_document(saved)
    assert doc.format == target
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [
        ["Nguồn vốn", "Kinh phí (triệu đồng)"], ["Ngân sách tỉnh", "1.250,5"], ["Ngân sách huyện", "3.000,0"],
        ["Tổng cộng", "4.250,5"]]
    assert "PHỤ BIỂU 01" in doc.text


@needs_tesseract
def test_images_are_read_by_ocr_page_by_page(tmp_path: Path):
    texts = ["Phát triển nông thôn mới xã Linh Thông năm 2024.", "Kinh phí thực hiện: 1.250 triệu đồng."]
    pages = []
    for i, text in enumerate(texts):
        pdf = pdfium.PdfDocument(str(render_pdf(["KẾ HOẠCH", text], tmp_path / f"page{i}.pdf")))
        pages.append(pdf[0].render(scale=200 / 72, grayscale=True).to_pil())
    pages[0].save(tmp_path / "scan.png", dpi=(200, 200))
    pages[0].save(tmp_path / "scan.tif", save_all=True, append_images=pages[1:], dpi=(200, 200))
    png, tif = load_document(tmp_path / "scan.png"), load_document(tmp_path / "scan.tif")
    assert png.format == tif.format == "image" and png.ocr_pages == [1] and tif.ocr_pages == [1, 2]
    assert texts[0] in png.text and texts[0] in tif.text and texts[1] in tif.text, tif.text
    assert any("read by OCR" in w for w in tif.warnings)
    assert tif.page_at(tif.text.index(texts[1])) == 2
    ink = Image.new("RGBA", pages[1].size, (0, 0, 0, 0))  # black text on a transparent background
    ink.putalpha(ImageOps.invert(pages[1]))
    ink.save(tmp_path / "transparent.png")
    assert texts[1] in load_document(tmp_path / "transparent.png").text  # laid on white paper, not on black


def test_a_damaged_image_is_an_error_with_a_reason():
    if not ocr.available():
        pytest.skip("Tesseract is installed by `make setup-ocr`")
    with pytest.raises(UnreadableDocument, match="the image is damaged"):
        load_document(Path("scan.jpg"), b"\xff\xd8\xff\xe0" + bytes(500))


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_zip_members_are_read_each_with_its_provenance_and_unsafe_ones_refused(tmp_path: Path):
    plan = render_docx(["KẾ HOẠCH", "Phát triển nông thôn mới xã Linh Thông năm 2024."], tmp_path / "plan.docx")
    text = (SAMPLES / "linh-thong-kh-2024.txt").read_bytes() if (SAMPLES / "linh-thong-kh-2024.txt").exists() \
        else next(SAMPLES.glob("*.txt")).read_bytes()
    src = tmp_path / "src"
    src.mkdir()
    archive = src / "ho-so.zip"
    archive.write_bytes(_zip({"2024/plan.docx": plan.read_bytes(), "2024/ke-hoach.txt": text,
                              "../../etc/evil.txt": b"Ke hoach", "inner.zip": _zip({"a.txt": b"x"}),
                              "setup.exe": b"MZ\x90\x00" + bytes(range(256)) * 2}))
    out = tmp_path / "out"
    summary = run([src], out, workers=1)
    documents, errors = pd.read_parquet(out / "documents"), pd.read_parquet(out / "errors")
    assert sorted(documents.source_path) == [f"{archive}!/2024/ke-hoach.txt", f"{archive}!/2024/plan.docx"]
    reasons = dict(zip(errors.source_path, zip(errors.stage, errors.reason)))
    assert set(reasons) == {f"{archive}!/../../etc/evil.txt", f"{archive}!/inner.zip", f"{archive}!/setup.exe"}
    assert reasons[f"{archive}!/../../etc/evil.txt"][1].startswith("a member whose path leads out")
    assert "inside the ZIP archive" in reasons[f"{archive}!/inner.zip"][1]
    assert reasons[f"{archive}!/setup.exe"][0] == "skip"
    assert summary.documents == 2 and summary.errors == 2 and summary.other_formats == [f"{archive}!/setup.exe"]
    assert run([src], out, workers=1).skipped == 1  # the archive, unchanged, is not read again
    archive.write_bytes(_zip({"2024/plan.docx": plan.read_bytes(), "2024/ke-hoach-2.txt": text + b"\nThem."}))
    run([src], out, workers=1)
    documents = pd.read_parquet(out / "documents")  # the unchanged member replaced, not doubled
    assert sorted(documents.source_path) == [f"{archive}!/2024/ke-hoach-2.txt", f"{archive}!/2024/ke-hoach.txt",
                                             f"{archive}!/2024/plan.docx"]


def test_a_zip_bomb_archive_is_refused_unread(tmp_path: Path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("big.txt", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(bytes(1 << 20))
    (tmp_path / "bomb.zip").write_bytes(out.getvalue())
    run([tmp_path / "bomb.zip"], tmp_path / "out", workers=1)
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    assert list(errors.source_path) == [str(tmp_path / "bomb.zip")] and "ZIP bomb" in errors.reason[0]


def test_files_of_no_document_format_are_counted_and_listed(tmp_path: Path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    shutil.copy(next(SAMPLES.glob("*.txt")), src / "plan.txt")
    (src / "sub" / "tool.exe").write_bytes(b"MZ\x90\x00" + bytes(range(256)) * 8)
    (src / "figures.csv").write_text("xã,số thôn\nLinh Thông,12\n", encoding="utf-8")
    (src / "deck.pptx").write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}))
    summary = run([src], tmp_path / "out", workers=1)
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    assert summary.files == 4 and summary.documents == 1 and summary.errors == 0, summary
    assert sorted(summary.other_formats) == sorted(str(src / n) for n in ("deck.pptx", "figures.csv", "sub/tool.exe"))
    assert set(errors.stage) == {"skip"} and all("khplan reads" in r or "presentation" in r for r in errors.reason)
    shown = subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "run", str(src), "-o", str(tmp_path / "o2"),
                            "--workers", "1", "--no-progress"], capture_output=True, text=True,
                           cwd=Path(__file__).resolve().parent.parent)
    printed = " ".join((shown.stdout + shown.stderr).split())
    assert "0 error rows, 3 files of no document format" in printed and "tool.exe" in printed
    assert shown.returncode == 0 and khplan_strict(src, tmp_path / "o3") == 0  # not an error of the run
    inside = run([src], src / "out", workers=1)  # an OUT inside SRC: its Parquet files are not inputs
    assert (inside.files, len(inside.other_formats)) == (4, 3)
    assert run([src], src / "out", workers=1).files == 4


def khplan_strict(src: Path, out: Path) -> int:
    return subprocess.run([sys.executable, "-m", "pipeline.apps.cli", "run", str(src), "-o", str(out), "--strict",
                           "--workers", "1", "--no-progress"], capture_output=True,
                          cwd=Path(__file__).resolve().parent.parent).returncode


@pytest.mark.parametrize("head, fmt", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "WordDocument".encode("utf-16-le"), "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "Workbook".encode("utf-16-le"), "xls"),
    (b"{\\rtf1\\ansi Ke hoach}", "rtf"),
    (b"\x89PNG\r\n\x1a\n" + bytes(20), "image"),
    (b"II*\x00" + bytes(20), "image"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"}), "odt"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"}), "ods"),
    (_zip({"xl/workbook.xml": b"<a/>"}), "xlsx"),
    (_zip({"plans/a.pdf": b"%PDF-1.7"}), "zip"),
])
def test_the_format_is_told_from_the_bytes_whatever_the_name(head: bytes, fmt: str):
    assert detect_format(head, ".txt") == fmt


def test_other_files_are_not_documents_and_damaged_documents_are_errors():
    with pytest.raises(NotADocument):
        detect_format(b"MZ\x90\x00" + bytes(range(256)) * 4, ".exe")
    with pytest.raises(NotADocument):
        detect_format("a,b\n1,2\n".encode(), ".csv")
    with pytest.raises(UnreadableDocument) as raised:
        detect_format(bytes(range(1, 32)) * 20, ".docx")
    assert not isinstance(raised.value, NotADocument)
    assert detect_format("Kế hoạch".encode(), "") == "txt"  # a text file without an extension
    with pytest.raises(UnreadableDocument, match="a damaged Word file") as raised:  # not an archive of its parts
        detect_format(_zip({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<a/>"}), ".docx")
    assert not isinstance(raised.value, NotADocument)


def test_soft_and_non_breaking_hyphens_of_a_docx(tmp_path: Path):
    """A soft hyphen is invisible in a Unicode font and is TCVN3's ư in a TCVN3 one (LibreOffice writes the
    0xAD of a .doc as w:softHyphen); a non-breaking hyphen is a hyphen."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    for font, before, after in (("Times New Roman", "Thái Nguy", "ên"), (".VnTime", "Ch", "¬ng tr×nh"),
                                ("Times New Roman", "KH", "UBND")):
        run = document.add_paragraph().add_run(before)
        run.font.name = font
        run._r.append(OxmlElement("w:noBreakHyphen" if after == "UBND" else "w:softHyphen"))
        run._r.append(OxmlElement("w:t"))
        run._r[-1].text = after
    document.save(tmp_path / "hyphens.docx")
    assert load_document(tmp_path / "hyphens.docx").text.split("\n") == ["Thái Nguyên", "Chương trình", "KH-UBND"]
