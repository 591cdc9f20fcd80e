"""Structure on the layouts real documents come in: hard-wrapped Markdown exports (with their header laid out
as a table a "|" to a line, bold markers and dates cut by the wrapping), pages exported without blank lines,
plain text wrapped by pdftotext, a decision with its articles and the plan it issues, HTML paragraphs with
line breaks in their source, a DOCX whose headings are styles, and the outline grammar they all share."""
from __future__ import annotations

import datetime as dt

import pytest

from extractors import agencies, documents, sections, targets
from pipeline.lexicon.outline import LETTERS, label, ordinal, parse_marker, row_label, successor
from pipeline.load import load_document
from pipeline.readers.html import read_html
from pipeline.readers.markdown import _rows, read_markdown
from pipeline.normalize import build_document


def md_document(source: str, tmp_path, name: str = "plan.md"):
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return load_document(path)


def top_sections(doc) -> list[tuple[str, str]]:
    return [(r["number"], r["heading"]) for r in sections.extract(doc) if r["level"] == 1]


def test_the_issues_three_wrapped_lines(tmp_path):
    """A heading, an agency and a target, each cut by the export's wrapping."""
    doc = md_document("## I. MỤC ĐÍCH,\nYÊU CẦU\n\nNâng cao hiệu quả.\n\n## II. MỤC TIÊU\n\n"
                      "Phấn đấu đến năm 2030 có\n100% xã đạt chuẩn nông thôn mới.\n\n## III. TỔ CHỨC THỰC HIỆN\n\n"
                      "1. Sở Nông nghiệp và\nMôi trường: chủ trì, phối hợp.\n", tmp_path)
    assert top_sections(doc) == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "MỤC TIÊU"), ("III", "TỔ CHỨC THỰC HIỆN")]
    assert "Sở Nông nghiệp và Môi trường" in [a.name for a in agencies.agencies(doc)]
    assert [(t.value, t.unit) for t in targets.targets(doc)] == [(100.0, "%")]



def test_markdown_headings_cut_after_a_bare_marker_or_in_capitals(tmp_path):
    """Headings of exported decisions on procedures (archive/md), cut by the wrapping: after a bare part word
    or number, or in capitals; the type line keeps apart from the title under it."""
    doc = md_document("# QUYẾT ĐỊNH\nCÔNG BỐ THỦ TỤC HÀNH CHÍNH\n\n## I. DANH\nMỤC THỦ TỤC HÀNH CHÍNH BAN HÀNH MỚI\n\n"
                      "Nội dung.\n\n# PHẦN\nII. NỘI DUNG THỦ TỤC HÀNH CHÍNH\n\n# 3.\nThành phần, số lượng hồ sơ:\n\n"
                      "# CHỦ TỊCH ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\n", tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["QUYẾT ĐỊNH", "CÔNG BỐ THỦ TỤC HÀNH CHÍNH"]
    for whole in ("I. DANH MỤC THỦ TỤC HÀNH CHÍNH BAN HÀNH MỚI", "PHẦN II. NỘI DUNG THỦ TỤC HÀNH CHÍNH",
                  "3. Thành phần, số lượng hồ sơ:", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"):
        assert whole in texts

WRAPPED_EXPORT = """|
**ỦY BAN NHÂN
DÂN **
TỈNH HÀ GIANG
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 212/KH-UBND
|
*Hà Giang, ngày 14
tháng 10 năm 2025*
|

** **

**KẾ HOẠCH**

TRIỂN KHAI CÔNG TÁC
PHÒNG, CHỐNG THIÊN TAI TRÊN ĐỊA BÀN TỈNH NĂM 2026

Thực hiện Nghị quyết số 14/NQ-CP
ngày 02 tháng 3 năm 2025 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai
như sau:

**I. MỤC ĐÍCH,
YÊU CẦU**

**1**. **Mục đích**

- Nâng cao năng lực của các cấp chính quyền trong công tác phòng chống thiên tai, phát triển kinh tế
- xã hội bền vững; bảo đảm an toàn cho người dân.

- Huy động nguồn lực với tổng kinh phí dự kiến là
12.345 triệu đồng từ ngân sách tỉnh.

**II. TỔ CHỨC THỰC HIỆN**

**1. Sở Nông nghiệp và Môi
trường**: chủ trì, phối hợp với các sở, ngành triển khai Kế hoạch.


|
*Nơi nhận:*
- Như trên;
- Lưu: VT.
|
**KT. CHỦ TỊCH**
PHÓ CHỦ TỊCH
**Trần Văn Minh**
|
"""


def test_hard_wrapped_markdown_export(tmp_path):
    doc = md_document(WRAPPED_EXPORT, tmp_path)
    paragraphs = [p.text for p in doc.paragraphs]
    # the wrapped title, citation and items are whole paragraphs; "- xã hội" and the figure-led line run on
    assert "TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI TRÊN ĐỊA BÀN TỈNH NĂM 2026" in paragraphs
    assert ("- Nâng cao năng lực của các cấp chính quyền trong công tác phòng chống thiên tai, phát triển kinh "
            "tế - xã hội bền vững; bảo đảm an toàn cho người dân.") in paragraphs
    assert "- Huy động nguồn lực với tổng kinh phí dự kiến là 12.345 triệu đồng từ ngân sách tỉnh." in paragraphs
    assert not any("**" in p for p in paragraphs)
    assert top_sections(doc) == [("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "TỔ CHỨC THỰC HIỆN")]
    (row,) = documents.extract(doc)
    assert (row["doc_number"], row["doc_type"], row["issued_date"]) == ("212/KH-UBND", "ke_hoach", dt.date(2025, 10, 14))
    assert (row["issuer"], row["admin_level"], row["province"]) == ("UBND tỉnh Hà Giang", "tinh", "Hà Giang")
    assert row["title"] == "TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI TRÊN ĐỊA BÀN TỈNH NĂM 2026"
    assert row["plan_year"] == 2026
    assert (row["signer_name"], row["signer_title"], row["signing_authority"]) == ("Trần Văn Minh", "Phó Chủ tịch", "KT")
    assert row["recipients"] == ["Như trên", "Lưu: VT"]
    assert "Sở Nông nghiệp và Môi trường" in [a.name for a in agencies.agencies(doc)]


NO_BLANK_LINES = """**QUYẾT ĐỊNH**
VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH
**CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG**
*Căn
cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;*
*Căn
cứ Quyết định số 3740/QĐ-BTC ngày 05/11/2025 của Bộ trưởng Bộ Tài chính;*
**QUYẾT ĐỊNH:**
**Điều
1**. Công bố kèm theo Quyết định này danh
mục 02 thủ tục hành chính.
**Điều
2. **Giao các cơ quan, đơn vị:
1. Sở
Tài chính chủ trì rà soát quy trình nội bộ trong giải quyết thủ tục hành chính theo nội dung công bố tại
Quyết định này.
2.
Các đơn vị sự nghiệp công lập niêm yết công khai thủ tục hành chính tại đơn vị.
**Điều
3. **Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_page_exported_without_blank_lines(tmp_path):
    """Each paragraph of such an export opens with a short line (the page's indent) and no line is blank:
    the markers, the frame lines and the bold lines tell where paragraphs begin."""
    doc = md_document(NO_BLANK_LINES, tmp_path)
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[:5] == ["QUYẾT ĐỊNH", "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH",
                              "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG",
                              "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
                              "Căn cứ Quyết định số 3740/QĐ-BTC ngày 05/11/2025 của Bộ trưởng Bộ Tài chính;"]
    assert "Điều 1. Công bố kèm theo Quyết định này danh mục 02 thủ tục hành chính." in paragraphs
    assert "2. Các đơn vị sự nghiệp công lập niêm yết công khai thủ tục hành chính tại đơn vị." in paragraphs
    rows = sections.extract(doc)
    assert [(r["number"], r["level"]) for r in rows] == [("Điều 1", 1), ("Điều 2", 1), ("1", 2), ("2", 2),
                                                         ("Điều 3", 1)]
    assert rows[0]["heading"] == "Công bố kèm theo Quyết định này danh mục 02 thủ tục hành chính"


DECISION_WITH_PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG

Số: 2020/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Độc lập - Tự do - Hạnh phúc

Hà Giang, ngày 19 tháng 11 năm 2025

QUYẾT ĐỊNH

Ban hành Kế hoạch chuyển đổi số năm 2026

Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:

- Như Điều 3;

- Lưu: VT.

KT. CHỦ TỊCH

PHÓ CHỦ TỊCH

Trần Văn Minh

KẾ HOẠCH

Chuyển đổi số năm 2026

(Kèm theo Quyết định số 2020/QĐ-UBND ngày 19 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh)

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

- Đẩy mạnh chuyển đổi số.

II. TỔ CHỨC THỰC HIỆN

1. Sở Khoa học và Công nghệ chủ trì triển khai.

PHỤ LỤC

I. NHIỆM VỤ TRỌNG TÂM
"""


def test_decision_with_articles_and_the_plan_it_issues(tmp_path):
    path = tmp_path / "decision.txt"
    path.write_text(DECISION_WITH_PLAN, encoding="utf-8")
    doc = load_document(path)
    rows = [r for r in sections.extract(doc) if r["level"] == 1]
    assert [(r["number"], r["kind"]) for r in rows] == [
        ("Điều 1", "other"), ("Điều 2", "other"), ("Điều 3", "organization"), ("I", "purpose"), ("II", "organization")]
    assert rows[2]["heading"] == ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở chịu trách nhiệm thi hành "
                                  "Quyết định này")
    (row,) = documents.extract(doc)
    assert (row["doc_type"], row["doc_number"], row["issuer"]) == ("quyet_dinh", "2020/QĐ-UBND", "UBND tỉnh Hà Giang")
    assert row["title"] == "Ban hành Kế hoạch chuyển đổi số năm 2026" and row["plan_year"] == 2026


def test_text_wrapped_by_pdftotext_and_double_spaced(tmp_path):
    """A text that breaks every line, and one that also sets a blank line after every line (a word processor's
    double spacing saved as text): the same paragraphs."""
    lines = ["KẾ HOẠCH", "Thực hiện Chương trình nông thôn mới năm 2025", "I. MỤC TIÊU",
             "1. Phấn đấu đến hết năm 2025 toàn tỉnh có thêm 03 xã đạt chuẩn nông thôn mới,",
             "nâng tổng số xã đạt chuẩn lên 102 xã; tổng kinh phí thực hiện là",
             "1.112.190 triệu đồng.", "2. Duy trì 100% xã đạt chuẩn, huy động các nguồn lực của",
             "cả hệ thống chính trị và người dân tham gia xây dựng nông thôn mới bền vững gắn",
             "với phát triển sản xuất, nâng cao thu nhập của người dân trên địa bàn toàn tỉnh,",
             "bảo vệ môi trường sinh thái và giữ gìn bản sắc văn hóa các dân tộc trong tỉnh."]
    expected = ["KẾ HOẠCH", "Thực hiện Chương trình nông thôn mới năm 2025", "I. MỤC TIÊU",
                " ".join(lines[3:6]), " ".join(lines[6:])]
    for name, separator in (("wrapped.txt", "\n"), ("double.txt", "\n\n")):
        (tmp_path / name).write_text(separator.join(lines) + "\n", encoding="utf-8")
        assert [p.text for p in load_document(tmp_path / name).paragraphs] == expected, name


def test_html_source_line_breaks_are_spaces_and_br_ends_a_line():
    html = ("<html><body><p>Phấn đấu có\nthêm 02 xã đạt chuẩn.</p><p><b>I. MỤC<br>ĐÍCH, YÊU CẦU</b></p>"
            "<p><b>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b></p><h2>Phụ\nlục</h2></body></html>")
    doc = build_document(read_html(html).blocks, doc_id="d", source_path="x.html", fmt="html", sha256="",
                         page_count=None)
    assert [p.text for p in doc.paragraphs] == ["Phấn đấu có thêm 02 xã đạt chuẩn.", "I. MỤC ĐÍCH, YÊU CẦU",
                                                "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phụ lục"]
    assert list(doc.heading_levels.values()) == [2]


def test_docx_headings_from_styles_and_a_department_draft(tmp_path):
    import docx
    document = docx.Document()
    for line in ("UBND TỈNH HÀ GIANG", "SỞ CÔNG THƯƠNG", "Số: /KH-SCT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Hà Giang, ngày    tháng 4 năm 2026", "KẾ HOẠCH",
                 "Kiểm tra an toàn hóa chất năm 2026"):
        document.add_paragraph(line)
    document.add_heading("Mục tiêu", level=1)
    document.add_paragraph("Kiểm tra 20 cơ sở kinh doanh hóa chất.")
    document.add_heading("Tổ chức thực hiện", level=1)
    document.add_heading("Phân công", level=2)
    document.add_paragraph("Phòng Kỹ thuật an toàn chủ trì.")
    document.save(tmp_path / "draft.docx")
    doc = load_document(tmp_path / "draft.docx")
    assert sorted(doc.heading_levels.values()) == [1, 1, 2]
    (row,) = documents.extract(doc)
    assert (row["issuer"], row["admin_level"], row["province"]) == ("Sở Công Thương tỉnh Hà Giang", "tinh", "Hà Giang")
    assert row["doc_number"] is None and row["issued_date"] is None and row["plan_year"] == 2026
    rows = sections.extract(doc)
    assert [(r["marker"], r["heading"], r["level"]) for r in rows] == [
        ("heading", "Mục tiêu", 1), ("heading", "Tổ chức thực hiện", 1), ("heading", "Phân công", 2)]
    assert [r["kind"] for r in rows] == ["targets", "organization", "organization"]


def test_broken_table_rows_with_merged_and_empty_cells():
    cells = lambda *xs: [[x] if x else [] for x in xs]  # noqa: E731 (a segment per cell, [] between rows)
    # header of four; a group row of two (merged cells); a row ending in an empty cell; a row with an empty cell inside
    segments = cells("TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "", "I", "Thể chế", "", "1", "Rà soát", "Sở Tư pháp", "",
                     "", "2", "", "Sở Nội vụ", "Các sở")
    assert _rows(segments) == [cells("TT", "Nhiệm vụ", "Chủ trì", "Phối hợp"), cells("I", "Thể chế"),
                               cells("1", "Rà soát", "Sở Tư pháp", ""), cells("2", "", "Sở Nội vụ", "Các sở")]


def test_markdown_table_a_pipe_to_a_line_reads_as_a_table(tmp_path):
    source = "|\n**STT**\n|\n**Nội dung**\n|\n**Kinh phí**\n|\n|\n1\n|\nXây dựng\nđường\n|\n1.200\n|\n|\n2\n|\nTrường học\n|\n800\n|\n"
    blocks = read_markdown(source.encode()).blocks
    (table,) = [b for b in blocks if b.kind == "table"]
    assert [[c.replace("\u2028", " ") for c in row] for row in table.rows] == [
        ["STT", "Nội dung", "Kinh phí"], ["1", "Xây dựng đường", "1.200"], ["2", "Trường học", "800"]]


@pytest.mark.parametrize("text, kind, number, rest", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", "MỤC ĐÍCH, YÊU CẦU"), ("IV.", "roman", "IV", ""),
    ("1.2. Mục tiêu cụ thể", "num2", "1.2", "Mục tiêu cụ thể"), ("3) Sở Tư pháp", "num1", "3", "Sở Tư pháp"),
    ("đ) Xã Lê Lai", "letter", "đ", "Xã Lê Lai"), ("a. Nhiệm vụ", "letter", "a", "Nhiệm vụ"),
    ("(2) Tuyên truyền", "paren", "2", "Tuyên truyền"), ("+ Xã Lê Lợi", "plus", "+", "Xã Lê Lợi"),
    ("Điều 3. Hiệu lực", "article", "3", "Hiệu lực"), ("Chương II", "chapter", "II", ""),
    ("PHẦN THỨ HAI", "part", "2", ""), ("Mục 2. Quy định chung", "division", "2", "Quy định chung"),
    ("A. THỦ TỤC CẤP TỈNH", "alpha", "A", "THỦ TỤC CẤP TỈNH"),
])
def test_outline_markers(text, kind, number, rest):
    m = parse_marker(text)
    assert (m.kind, m.number, m.rest) == (kind, number, rest)


@pytest.mark.parametrize("text", ["12.345 triệu đồng từ ngân sách", "2025. Năm bản lề", "3 xã đạt chuẩn",
                                  "Điều 5 của Luật Đất đai", "Phần lớn các xã", "Chương trình mục tiêu",
                                  "Mục tiêu cụ thể", "c.ty cổ phần", "A. Một câu thường"])
def test_not_outline_markers(text):
    assert parse_marker(text) is None


def test_the_vietnamese_alphabet_counts_lettered_items():
    assert LETTERS.startswith("abcdđegh") and not set("fjwz") & set(LETTERS)
    assert [successor("letter", x) for x in "dđe"] == ["đ", "e", "g"]
    assert ordinal("letter", "g") == 7 and label("letter", 7) == "g"
    assert successor("roman", "IV") == "V" and successor("num2", "2.9") == "2.10"
    assert [row_label(x).kind for x in ("II", "2.", "1.1", "a)", "-")] == ["roman", "num1", "num2", "letter", "dash"]


def test_bold_runs_closed_and_opened_at_once_leave_no_asterisks(tmp_path):
    """"**Điều 3.****" / "**Chánh Văn phòng …": an export closes one bold run and opens the next at once (849
    times in 194 of the archive's pages); the article keeps its number and its text its agencies."""
    doc = md_document("\n".join([
        "**ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ**", "", "Số: 12/QĐ-UBND", "", "**QUYẾT ĐỊNH**", "",
        "**Điều 1.****", "**Công bố kèm theo Quyết định này 02 thủ tục hành chính nội bộ.", "",
        "**Điều 2.****", "**Quyết định này có hiệu lực thi hành kể từ ngày ký.", "",
        "**Điều 3.****", "**Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tư pháp, Thủ",
        "trưởng các sở, ban, ngành cấp tỉnh chịu trách nhiệm thi hành Quyết định này./.",
        "", "của ****Tỉnh Lào Cai**** năm 2025", "", "nợ xấu được thu giữ.****Điều kiện tài sản bảo đảm"]), tmp_path)
    assert "*" not in doc.text and "của Tỉnh Lào Cai năm 2025" in doc.text
    assert "thu giữ. Điều kiện" in doc.text  # between two sentences: their space
    assert [s.number for s in sections.section_tree(doc) if s.parent is None] == ["Điều 1", "Điều 2", "Điều 3"]
    names = {r["name"] for r in agencies.extract(doc)}
    assert {"Văn phòng UBND tỉnh", "Sở Tư pháp", "các sở, ban, ngành cấp tỉnh"} <= names
