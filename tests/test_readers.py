"""Readers and normalization on real files built here: PDF (fpdf2), DOCX (python-docx), HTML,
Markdown and text in several encodings."""
from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from pipeline.model import Block
from pipeline.normalize import build_document
from pipeline.readers.html import read_html
from pipeline.readers import UnreadableDocument, detect_format
from tests.fixtures.rendering import render_docx, render_pdf
from pipeline.load import load_document

LONG = ("Ủy ban nhân dân huyện Thạch An xây dựng kế hoạch thực hiện Chương trình mục tiêu quốc gia "
        "xây dựng nông thôn mới năm 2025 trên địa bàn huyện, phấn đấu có thêm 03 xã đạt chuẩn nông thôn "
        "mới và duy trì, nâng cao chất lượng các tiêu chí đã đạt ở các xã Lê Lai, Đức Long, Thụy Hùng.")
WORDS = LONG.rstrip(".").split()
# Each paragraph shuffles the words, so no line repeats across pages as a running header would.
PARAGRAPHS = [f"{i}. " + " ".join(random.Random(i).sample(WORDS, len(WORDS))) + "." for i in range(1, 40)]


def paragraph_of(doc, prefix: str):
    return next(p for p in doc.paragraphs if p.text.startswith(prefix))


def test_pdf_joins_lines_drops_headers_and_maps_pages(tmp_path: Path):
    pdf = render_pdf(PARAGRAPHS, tmp_path / "plan.pdf", running_header="KẾ HOẠCH SỐ 12/KH-UBND")
    doc = load_document(pdf)
    assert doc.format == "pdf" and doc.page_count >= 4
    for i in (1, 17, 39):  # each wrapped paragraph comes back whole, as one line of text
        assert paragraph_of(doc, f"{i}. ").text == PARAGRAPHS[i - 1]
    assert "KẾ HOẠCH SỐ 12" not in doc.text and "Trang" not in doc.text
    assert doc.text == unicodedata.normalize("NFC", doc.text)
    pages = [doc.page_at(paragraph_of(doc, f"{i}. ").start) for i in range(1, 40)]
    assert pages[0] == 1 and pages[-1] == doc.page_count
    assert pages == sorted(pages) and len(set(pages)) == doc.page_count


def test_pdf_line_that_stops_short_of_the_margin_ends_its_paragraph(tmp_path: Path):
    """A heading two thirds as wide as the page, then a paragraph opening with a capital: the heading's
    line ends where the next word would still have fitted, so it is a paragraph of its own."""
    heading = "3. Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh"
    body = ("Phối hợp với các đơn vị liên quan triển khai có hiệu quả công tác tuyên truyền và thực hiện hiệu "
            "quả các phong trào, cuộc vận động gắn với xây dựng nông thôn mới trên địa bàn tỉnh.")
    doc = load_document(render_pdf([heading, body, "4. Sở Tài chính", body], tmp_path / "heading.pdf"))
    assert [p.text for p in doc.paragraphs] == [heading, body, "4. Sở Tài chính", body]


def test_pdf_centred_title_lines_are_joined_by_their_length(tmp_path: Path):
    """A centred line never reaches the margin: a title broken over two centred lines stays one paragraph."""
    from fpdf import FPDF
    from tests.fixtures.rendering import unicode_font
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới\n"
                         "Trên địa bàn tỉnh Thái Nguyên năm 2025", align="C", new_x="LMARGIN", new_y="NEXT")
    body = ("Phối hợp với các đơn vị liên quan triển khai có hiệu quả công tác tuyên truyền và thực hiện hiệu "
            "quả các phong trào, cuộc vận động gắn với xây dựng nông thôn mới trên địa bàn tỉnh.")
    for _ in range(3):
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "title.pdf"))
    paragraphs = [p.text for p in load_document(tmp_path / "title.pdf").paragraphs]
    assert paragraphs[0] == ("Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
                             "Trên địa bàn tỉnh Thái Nguyên năm 2025")
    assert paragraphs[1:] == [body] * 3


def test_pdf_full_stop_after_a_raised_note_mark_stays_in_its_sentence(tmp_path: Path):
    """pdfium puts the text after a superscript on a line of its own: a lone "." rejoins its sentence."""
    from fpdf import FPDF
    from tests.fixtures.rendering import unicode_font
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.write(6, "+ Vốn đầu tư phát triển: 184.255 triệu đồng")
    pdf.char_vpos = "SUP"
    pdf.write(6, "(1)")
    pdf.char_vpos = "LINE"
    pdf.write(6, ".")
    pdf.ln(8)
    pdf.write(6, "+ Vốn sự nghiệp: 47.791 triệu đồng.")
    pdf.output(str(tmp_path / "note.pdf"))
    paragraphs = [p.text for p in load_document(tmp_path / "note.pdf").paragraphs]
    assert paragraphs == ["+ Vốn đầu tư phát triển: 184.255 triệu đồng(1).", "+ Vốn sự nghiệp: 47.791 triệu đồng."]


def test_pdf_footnotes_at_the_foot_of_the_page_split_the_amounts_they_mark(tmp_path: Path):
    """Raised marks (1), (2) after amounts and smaller type at the foot of the page, above the page
    number: the footnotes and their anchors are read as in DOCX and HTML, so the split amounts are
    funding items under the amount they mark, and their sums are checked."""
    from fpdf import FPDF
    from pipeline.run.worker import TABLE_EXTRACTORS
    from tests.fixtures.rendering import unicode_font
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, "KẾ HOẠCH", new_x="LMARGIN", new_y="NEXT")  # a plan: its amounts are resources
    pdf.multi_cell(0, 6, "IV. KINH PHÍ THỰC HIỆN", new_x="LMARGIN", new_y="NEXT")
    for _ in range(3):
        pdf.multi_cell(0, 6, "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước và các nguồn "
                             "vốn hợp pháp khác theo quy định của pháp luật hiện hành.", new_x="LMARGIN", new_y="NEXT")
    for text, mark in (("+ Vốn ngân sách tỉnh: 150.144 triệu đồng", "(1)"),
                       ("+ Vốn ngân sách huyện: 230.000 triệu đồng", "(2)")):
        pdf.write(6, text)
        pdf.char_vpos = "SUP"
        pdf.write(6, mark)
        pdf.char_vpos = "LINE"
        pdf.write(6, ".")
        pdf.ln(8)
    pdf.set_y(-50)
    pdf.set_font("body", size=9)
    pdf.multi_cell(0, 5, "1 Vốn đầu tư phát triển: 90.144 triệu đồng (Quyết định số 3358/QĐ-UBND ngày 27/12/2024 "
                         "của UBND tỉnh); vốn sự nghiệp (xi măng): 60.000 triệu đồng.", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, "2 Vốn đầu tư phát triển: 200.000 triệu đồng; vốn sự nghiệp: 30.000 triệu đồng.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-15)
    pdf.cell(0, 8, "Trang 1", align="C")
    pdf.output(str(tmp_path / "notes.pdf"))
    doc = load_document(tmp_path / "notes.pdf")
    assert [f.label for f in doc.footnotes] == ["1", "2"]
    assert doc.text[doc.footnotes[0].start:doc.footnotes[0].end].endswith("vốn sự nghiệp (xi măng): 60.000 triệu đồng.")
    assert [doc.text[a - 18:a] for f in doc.footnotes for a in f.anchors] == ["150.144 triệu đồng", "230.000 triệu đồng"]
    assert "Trang 1" not in doc.text and "Vốn ngân sách tỉnh: 150.144 triệu đồng." in doc.text
    funding = {r["amount_vnd"]: r for r in TABLE_EXTRACTORS["funding"](doc)}
    for part, whole in ((90_144, 150_144), (60_000, 150_144), (200_000, 230_000), (30_000, 230_000)):
        assert funding[part * 10**6]["parent_id"] == funding[whole * 10**6]["item_id"]
    sums = [c for c in TABLE_EXTRACTORS["checks"](doc) if c["rule"] == "sum"]
    assert [c["status"] for c in sums] == ["pass", "pass"]


def test_pdf_small_numbered_lines_without_raised_marks_are_body_text(tmp_path: Path):
    from fpdf import FPDF
    from tests.fixtures.rendering import unicode_font
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    for _ in range(3):
        pdf.multi_cell(0, 6, "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước và các nguồn "
                             "vốn hợp pháp khác theo quy định của pháp luật hiện hành.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-40)
    pdf.set_font("body", size=9)
    for line in ("1 Xã Linh Thông: 02 tiêu chí.", "2 Xã Phúc Chu: 03 tiêu chí."):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "list.pdf"))
    doc = load_document(tmp_path / "list.pdf")
    assert doc.footnotes == [] and "1 Xã Linh Thông: 02 tiêu chí." in doc.text


def test_pdf_page_without_text_is_a_warning(tmp_path: Path):
    from fpdf import FPDF
    from tests.fixtures.rendering import unicode_font
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, "KẾ HOẠCH thực hiện Chương trình nông thôn mới năm 2025.")
    pdf.add_page()
    pdf.rect(20, 20, 100, 150)  # a page with drawing only, like a scanned image page
    pdf.output(str(tmp_path / "half-scanned.pdf"))
    doc = load_document(tmp_path / "half-scanned.pdf")
    assert doc.warnings == ["pages without a text layer (scanned?): 2"]


def test_pdf_from_nfd_text_reads_back_nfc(tmp_path: Path):
    nfd = unicodedata.normalize("NFD", "Định Hóa, Thủy lợi, Nặm")
    assert nfd != unicodedata.normalize("NFC", nfd)
    doc = load_document(render_pdf([nfd], tmp_path / "nfd.pdf"))
    assert doc.paragraphs[0].text == "Định Hóa, Thủy lợi, Nặm"


def test_pdf_code_broken_at_its_hyphen_is_rejoined(tmp_path: Path):
    text = "Căn cứ Quyết định số 749/QĐ-\nTTg ngày 03/6/2020 của Thủ tướng Chính phủ;"
    doc = load_document(render_pdf([text], tmp_path / "hyphen.pdf"))
    assert "749/QĐ-TTg ngày 03/6/2020" in doc.text


def test_pdf_table_cells_keep_their_spans(tmp_path: Path):
    rows = [["TT", "Huyện", "Số xã đạt chuẩn"], ["1", "Thạch An", "13"], ["2", "Hòa An", "15"]]
    pdf = render_pdf(["PHỤ BIỂU", rows, "Ghi chú: số liệu năm 2025."], tmp_path / "table.pdf")
    doc = load_document(pdf)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [[c.text for c in r] for r in table.rows] == rows
    for row in table.rows:
        for cell in row:
            assert doc.text[cell.start:cell.end] == cell.text
    assert doc.text.index("PHỤ BIỂU") < table.start < doc.text.index("Ghi chú")
    assert table.page == 1


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path):
    rows = [["Nguồn vốn", "Triệu đồng"], ["Ngân sách Trung ương", "232.046"]]
    path = render_docx(["KẾ HOẠCH", "I. MỤC TIÊU", rows, "II. NHIỆM VỤ, GIẢI PHÁP"], tmp_path / "p.docx")
    doc = load_document(path)
    assert doc.format == "docx" and doc.page_count is None
    assert doc.text.startswith("KẾ HOẠCH\nI. MỤC TIÊU\nNguồn vốn\tTriệu đồng\n")
    cell = doc.tables[0].rows[1][1]
    assert (cell.text, doc.text[cell.start:cell.end]) == ("232.046", "232.046")
    assert doc.text.index("232.046") < doc.text.index("II. NHIỆM VỤ")


def test_docx_paragraphs_inside_content_controls_are_read(tmp_path: Path):
    import docx
    from docx.oxml import parse_xml
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.element.body.insert(1, parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtContent>'
        '<w:p><w:r><w:t>Thực hiện Chương trình nông thôn mới năm 2025</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.add_paragraph("I. MỤC TIÊU")
    document.save(tmp_path / "sdt.docx")
    assert [p.text for p in load_document(tmp_path / "sdt.docx").paragraphs] == [
        "KẾ HOẠCH", "Thực hiện Chương trình nông thôn mới năm 2025", "I. MỤC TIÊU"]


def test_docx_text_box_is_read_once_as_its_own_paragraph(tmp_path: Path):
    """Word stores a shape twice (mc:Choice and an mc:Fallback copy); its text box is one paragraph."""
    import docx
    from docx.oxml import parse_xml
    document = docx.Document()
    paragraph = document.add_paragraph("Kế hoạch số 12/KH-UBND")
    box = '<w:txbxContent><w:p><w:r><w:t>DỰ THẢO</w:t></w:r></w:p></w:txbxContent>'
    paragraph._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r>'))
    document.add_paragraph("Thực hiện Chương trình nông thôn mới năm 2025.")
    document.save(tmp_path / "box.docx")
    doc = load_document(tmp_path / "box.docx")
    assert [p.text for p in doc.paragraphs] == ["Kế hoạch số 12/KH-UBND", "DỰ THẢO",
                                                "Thực hiện Chương trình nông thôn mới năm 2025."]


def test_html_blocks_lists_tables_and_footnotes():
    html = """<html><head><script>var x = "1. I. MỤC TIÊU";</script></head><body>
      <p>Vốn đầu tư: 184.255 triệu đồng<sup>(1)</sup>.</p>
      <ol><li>Số xã đạt chuẩn: 02 xã.</li><li>Số huyện: 01.</li></ol>
      <ul><li>UBND các huyện</li></ul>
      <table><tr><td>Huyện</td><td>Số xã</td></tr><tr><td>Thạch An</td><td>13</td></tr></table>
      <p><sup>1</sup> Quyết định số 3358/QĐ-UBND ngày 27/12/2024.</p></body></html>""".encode()
    doc = build_document(read_html(html).blocks, doc_id="d", source_path="x.html", fmt="html", sha256="", page_count=None)
    lines = doc.body.split("\n")
    assert lines[:4] == ["Vốn đầu tư: 184.255 triệu đồng.", "1. Số xã đạt chuẩn: 02 xã.", "2. Số huyện: 01.",
                         "- UBND các huyện"]
    assert "var x" not in doc.text
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["Huyện", "Số xã"], ["Thạch An", "13"]]
    (note,) = doc.footnotes
    assert doc.text[note.start:note.end] == "Quyết định số 3358/QĐ-UBND ngày 27/12/2024."
    assert doc.text[:note.anchors[0]].endswith("184.255 triệu đồng")
    assert note.start >= doc.body_end


def test_markdown_keeps_bullet_kinds_and_strips_emphasis(tmp_path: Path):
    md = ("Số: **56** /KH-UBND\n\n## **II. MỤC TIÊU**\n\n- Ngân sách: 232.046 triệu đồng, trong đó:\n\n"
          "+ Vốn đầu tư phát triển: 184.255 triệu đồng <sup>(1)</sup>.\n\n"
          "<sup>1</sup> Quyết định số 3358/QĐ-UBND.\n")
    path = tmp_path / "plan.md"
    path.write_text(md, encoding="utf-8")
    doc = load_document(path)
    assert doc.body.split("\n") == ["Số: 56 /KH-UBND", "II. MỤC TIÊU", "- Ngân sách: 232.046 triệu đồng, trong đó:",
                                    "+ Vốn đầu tư phát triển: 184.255 triệu đồng."]
    assert doc.footnotes[0].label == "1"
    assert doc.text[:doc.footnotes[0].anchors[0]].endswith("184.255 triệu đồng")


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: precomposed base letters, combining tones."""
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out.append((base + tone).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_text_encodings(tmp_path: Path, encoding: str):
    text = "KẾ HOẠCH\nTriển khai thực hiện Chương trình nông thôn mới xã Linh Thông năm 2024\n"
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(cp1258_bytes(text) if encoding == "cp1258" else text.encode(encoding))
    assert load_document(path).text.split("\n")[:2] == text.split("\n")[:2]


def test_wrapped_text_lines_are_joined_but_lists_are_not():
    lines = ["Căn cứ Quyết định số 867/QĐ-UBND, ngày 08/7/2022 của Ủy ban nhân",
             "", "dân tỉnh Cao Bằng về việc phê duyệt danh sách các đơn vị cấp huyện phấn đấu", "",
             "đạt chuẩn nông thôn mới;", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
             "- Kế hoạch thực hiện Chương trình năm 2025 là căn cứ để các Phòng, ban",
             "ngành, đoàn thể huyện xây dựng kế hoạch.", "- Tạo sự thống nhất."]
    doc = build_document([Block("line", t) for t in lines], doc_id="d", source_path="x.txt", fmt="txt",
                         sha256="", page_count=None)
    assert doc.body.split("\n") == [
        "Căn cứ Quyết định số 867/QĐ-UBND, ngày 08/7/2022 của Ủy ban nhân dân tỉnh Cao Bằng về việc phê "
        "duyệt danh sách các đơn vị cấp huyện phấn đấu đạt chuẩn nông thôn mới;",
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
        "- Kế hoạch thực hiện Chương trình năm 2025 là căn cứ để các Phòng, ban ngành, đoàn thể huyện xây dựng kế hoạch.",
        "- Tạo sự thống nhất."]


def test_pdfium_hyphen_marker_joins_codes():
    blocks = [Block("line", "Căn cứ Quyết định số 749/QĐ\ufffe", page=1), Block("line", "TTg ngày 03/6/2020;", page=1)]
    doc = build_document(blocks, doc_id="d", source_path="x.pdf", fmt="pdf", sha256="", page_count=1)
    assert doc.text == "Căn cứ Quyết định số 749/QĐ-TTg ngày 03/6/2020;"


@pytest.mark.parametrize("data, suffix, expected", [
    (b"%PDF-1.7\n...", ".txt", "pdf"), (b"<!DOCTYPE html><html><body>x</body></html>", ".txt", "html"),
    ("KẾ HOẠCH".encode(), ".md", "md"), ("KẾ HOẠCH".encode(), ".dat", "txt"),
])
def test_format_is_told_from_bytes(data: bytes, suffix: str, expected: str):
    assert detect_format(data, suffix) == expected


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"PK\x03\x04garbage", "damaged"), (bytes(range(256)) * 4, "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "legacy"),
])
def test_unreadable_bytes_say_why(data: bytes, reason: str):
    with pytest.raises(UnreadableDocument, match=reason):
        detect_format(data, ".docx")


HEADER = [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("TỈNH THÁI NGUYÊN", "Độc lập - Tự do - Hạnh phúc"),
          ("Số: 56/KH-UBND", "Thái Nguyên, ngày 10 tháng 3 năm 2025")]
BODY = ["KẾ HOẠCH", "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2025",
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
        "Phấn đấu có thêm 02 xã đạt chuẩn nông thôn mới trong năm 2025 theo kế hoạch đã đề ra của tỉnh Thái Nguyên."]
SIGNATURE = [("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"), ("- Như trên;", "KT. CHỦ TỊCH"), ("- Lưu: VT, CNN.", "PHÓ CHỦ TỊCH"),
             ("", "Nguyễn Thanh Bình")]
EXPECTED = {"doc_number": "56/KH-UBND", "issuer": "UBND tỉnh Thái Nguyên", "province": "Thái Nguyên",
            "place": "Thái Nguyên", "signer_name": "Nguyễn Thanh Bình", "signer_title": "Phó Chủ tịch",
            "signing_authority": "KT", "recipients": ["Như trên", "Lưu: VT, CNN"]}


def header_fields(doc) -> dict:
    from extractors.documents import extract
    row = next(iter(extract(doc)))
    return {k: row[k] for k in EXPECTED}


def test_docx_header_and_signature_laid_out_in_tables(tmp_path: Path):
    """Word users set the header (issuer | motto) and the signature (recipients | signer) in borderless
    tables: they are read column by column, not as data rows gluing the issuer to the motto."""
    import docx
    document = docx.Document()

    def layout(rows):
        table = document.add_table(rows=1, cols=2)
        for j in range(2):
            lines = [r[j] for r in rows if r[j]]
            table.cell(0, j).text = lines[0]
            for line in lines[1:]:
                table.cell(0, j).add_paragraph(line)

    layout(HEADER)
    for text in BODY:
        document.add_paragraph(text)
    layout(SIGNATURE)
    document.save(tmp_path / "layout.docx")
    assert header_fields(load_document(tmp_path / "layout.docx")) == EXPECTED


def test_html_header_and_signature_laid_out_in_tables():
    def layout(rows):
        return "<table><tr>" + "".join("<td>" + "<br>".join(r[j] for r in rows if r[j]) + "</td>"
                                       for j in range(2)) + "</tr></table>"
    html = ("<html><body>" + layout(HEADER) + "".join(f"<p>{t}</p>" for t in BODY) + layout(SIGNATURE)
            + "</body></html>")
    doc = build_document(read_html(html).blocks, doc_id="d", source_path="x.html", fmt="html", sha256="",
                         page_count=None)
    assert header_fields(doc) == EXPECTED


def test_pdf_header_and_signature_in_two_columns(tmp_path: Path):
    """Side by side on a PDF page, pdfium reads the two columns as one line each; they are split at the
    gap between them and read left column first."""
    from fpdf import FPDF
    from tests.fixtures.rendering import unicode_font
    pdf = FPDF()
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    for left, right in HEADER:
        pdf.cell(70, 6, left, align="C")
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for text in BODY:
        pdf.multi_cell(0, 6, text, align="C" if text.isupper() else "L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for left, right in SIGNATURE:
        pdf.cell(90, 6, left)
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "columns.pdf"))
    assert header_fields(load_document(tmp_path / "columns.pdf")) == EXPECTED


def test_docx_automatic_numbering_is_printed_and_makes_sections(tmp_path: Path):
    """A plan numbered by Word (I., 1., a) levels of one list; a bulleted style) has no numbers in its
    text: they are printed from the numbering part, counted, restarted under each new part."""
    import docx
    from docx.oxml import parse_xml
    from extractors.sections import section_tree
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                     for i, (fmt, text) in enumerate([("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]))
    numbering.insert(0, parse_xml(f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int):
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_paragraph("KẾ HOẠCH")
    numbered("MỤC ĐÍCH, YÊU CẦU", 0)
    numbered("Mục đích", 1)
    numbered("Yêu cầu", 1)
    numbered("bám sát mục tiêu", 2)
    numbered("bảo đảm tiến độ", 2)
    numbered("MỤC TIÊU", 0)
    numbered("Mục tiêu chung", 1)
    document.add_paragraph("Phấn đấu có thêm 02 xã đạt chuẩn", style="List Bullet")
    document.save(tmp_path / "numbered.docx")
    doc = load_document(tmp_path / "numbered.docx")
    assert [p.text for p in doc.paragraphs][1:] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "a) bám sát mục tiêu", "b) bảo đảm tiến độ",
        "II. MỤC TIÊU", "1. Mục tiêu chung", "- Phấn đấu có thêm 02 xã đạt chuẩn"]
    parts = [s for s in section_tree(doc) if s.parent is None]
    assert [(s.number, s.heading) for s in parts] == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "MỤC TIÊU")]


def test_text_laid_out_in_columns_reads_header_and_signature_column_by_column(tmp_path: Path):
    """Text converted with its layout kept (pdftotext -layout) sets the two columns side by side."""
    lines = [f"{left:<40}{right}" for left, right in HEADER] + [""] + ["    " + BODY[0]] + BODY[1:] + [""] + \
        [f" {left:<44}{right}" for left, right in SIGNATURE]
    (tmp_path / "layout.txt").write_text("\n".join(lines), encoding="utf-8")
    assert header_fields(load_document(tmp_path / "layout.txt")) == EXPECTED


def test_justified_text_with_wide_gaps_is_not_read_as_columns():
    from pipeline.readers.text import read_columns
    lines = ["Phấn đấu   đến   hết   năm   2025   có   thêm   02   xã   đạt   chuẩn   nông   thôn   mới,",
             "nâng cao chất lượng các tiêu chí đã đạt."]
    assert read_columns(lines) == lines
