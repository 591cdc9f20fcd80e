"""Funding and communes of reports: resources named in prose outside a funding part, a progress table's
column of resources, a total row whose label cell is merged across columns (real DOCX files built with
python-docx), a draft dated by its month, names of clusters that hold a unit word."""
from __future__ import annotations

from pathlib import Path

import docx

from extractors import checks, communes, funding
from extractors.numbers import find_money
from pipeline.load import load_document

# A provincial office's report, in the layout of Lào Cai's reports on industrial clusters (2026): blank
# number and day, Roman parts without a funding part, appendices as tables.
HEAD = ["UBND TỈNH LÀO CAI", "VĂN PHÒNG", "Số: /BC-VP", "Lào Cai, ngày    tháng 6 năm 2026", "BÁO CÁO",
        "Tình hình triển khai các cụm công nghiệp trên địa bàn tỉnh"]
PROGRESS_HEADER = ["TT", "Cụm công nghiệp (vị trí, diện tích, chủ đầu tư)", "Tiến độ hiện tại",
                   "Cơ quan phụ trách", "Nguồn lực thực hiện"]


def report(tmp_path: Path, items: list, merged_total: list[str] | None = None) -> Path:
    """A DOCX of paragraphs and tables; `merged_total` appends to the last table a total row whose first
    cell spans the first three columns."""
    document = docx.Document()
    table = None
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item), cols=len(item[0]))
        for row, cells in zip(table.rows, item):
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0].add_run(text)
    if merged_total:
        row = table.add_row()
        row.cells[0].merge(row.cells[2]).paragraphs[0].add_run(merged_total[0])
        for j, text in enumerate(merged_total[1:], 3):
            row.cells[j].paragraphs[0].add_run(text)
    document.add_paragraph("Văn phòng UBND tỉnh trân trọng báo cáo./.")
    path = tmp_path / "report.docx"
    document.save(path)
    return path


def tree(doc) -> list[tuple]:
    rows = {r["item_id"]: r for r in funding.extract(doc)}
    return [(r["amount_text"], rows[r["parent_id"]]["amount_text"] if r["parent_id"] else None, r["source"])
            for r in rows.values()]


def test_report_prose_and_a_column_of_resources(tmp_path: Path):
    doc = load_document(report(tmp_path, HEAD + [
        "I. HIỆN TRẠNG CHUNG",
        "Các cụm hiện có 234 dự án. Tổng kinh phí ngân sách nhà nước đã đầu tư hạ tầng kỹ thuật tại các cụm "
        "công nghiệp là 332,01 tỷ đồng. Doanh thu năm 2025 đạt 1.200 tỷ đồng, nộp ngân sách 52 tỷ đồng.",
        "II. KIẾN NGHỊ", "1. Ưu tiên bố trí ngân sách hằng năm cho các xã, phường.",
        "Phụ lục", [
            PROGRESS_HEADER,
            ["1", "CCN Phú Thịnh 1 Vị trí: phường Văn Phú. Chủ đầu tư: Công ty CP Đông Đô (vốn điều lệ 60 tỷ đồng).",
             "Chi trả bồi thường cho 18/76 hộ với tổng số tiền 10.006.866.385 đồng.",
             "Chủ trì: Ban QLDA ĐTXD số 1 tỉnh Lào Cai.",
             "Vốn ngoài ngân sách: 817,3 tỷ đồng (chủ đầu tư), đã chi 10,007 tỷ đồng bồi thường, tái định cư."],
            ["2", "CCN Thịnh Hưng Vị trí: xã Yên Bình.",
             "Tỷ lệ lấp đầy 87,75%; tổng vốn đăng ký 863,464 tỷ đồng.", "Chủ trì: UBND xã Yên Bình.",
             "Hạ tầng đã đầu tư 15,25 tỷ đồng (NSNN 7,3 tỷ; doanh nghiệp 7,95 tỷ); vốn doanh nghiệp thứ cấp "
             "(863,464 tỷ đồng đăng ký)."],
        ]]))
    assert tree(doc) == [
        # prose: the amount the report names as a resource, not the turnover nor the taxes paid; a total of the state
        # budget, its level unsaid
        ("332,01 tỷ đồng", None, "other"),
        # the resource column first; "đã chi" spends part of the amount before it
        ("817,3 tỷ đồng", None, "community"),
        ("10,007 tỷ đồng", "817,3 tỷ đồng", "community"),
        # another column's figure that rounds to a resource figure is a part of it; charter capital and
        # "số 1 tỉnh" are no resources
        ("10.006.866.385 đồng", "10,007 tỷ đồng", "community"),
        # parentheses with two amounts break the amount down; the registered capital restated in the
        # progress column is one figure
        ("15,25 tỷ đồng", None, "total"),
        ("7,3 tỷ", "15,25 tỷ đồng", "other"),
        ("7,95 tỷ", "15,25 tỷ đồng", "community"),
        ("863,464 tỷ đồng", None, "community"),
    ]
    rows = funding.extract(doc)
    assert all(doc.text[r["start_char"]:r["end_char"]] == r["amount_text"] for r in rows)
    assert {r["origin"] for r in rows} == {"text", "cell"}
    sums = {c["expected"]: c["status"] for c in checks.extract(doc) if c["rule"] == "sum"}
    # the breakdown adds up; what was spent so far is one part only, never a shortfall; the exact payment
    # is the rounded one
    assert sums == {15.25e9: "pass", 817.3e9: "skip", 10.007e9: "pass"}


def test_merged_total_row_and_the_prose_total_it_restates(tmp_path: Path):
    doc = load_document(report(tmp_path, HEAD + [
        "I. DANH MỤC CỤM CÔNG NGHIỆP MỜI GỌI ĐẦU TƯ",
        "Còn 3 cụm công nghiệp, tổng diện tích khoảng 150 ha, tổng mức đầu tư dự kiến khoảng 1.800 tỷ đồng "
        "(chi tiết tại Phụ lục 2 kèm theo).",
        "Phụ lục 2", "DANH MỤC CỤM CÔNG NGHIỆP THU HÚT MỜI GỌI NHÀ ĐẦU TƯ HẠ TẦNG", [
            ["TT", "Tên cụm công nghiệp", "Vị trí (xã/phường)", "Diện tích (ha)", "TMĐT dự kiến (tỷ đồng)"],
            ["1", "CCN Bản Phiệt 1", "phường Lào Cai", "75", "900"],
            ["2", "CCN Hợp Minh", "phường Âu Lâu", "37,5", "450"],
            ["3", "CCN Cam Đường 1", "phường Cam Đường", "37,5", "450"],
        ]], merged_total=["Tổng cộng", "150", "1.800"]))
    assert doc.tables[0].rows[-1][3].text == "150"   # the merged label leaves its other columns empty
    # the prose total is the table's; the caption names the investors' money
    assert tree(doc) == [("900", "1.800", "community"), ("450", "1.800", "community"),
                         ("450", "1.800", "community"), ("1.800", None, "total")]
    assert sorted(c["expected"] for c in checks.extract(doc) if c["rule"] == "table_total"
                  and c["status"] == "pass") == [150, 1800e9]


def test_money_needs_a_money_word():
    assert find_money("Ban QLDA ĐTXD số 1 tỉnh Lào Cai; 2 tỉ đồng") == find_money("Ban QLDA ĐTXD số 1 tỉnh Lào Cai; 2 tỉ đồng")[-1:]


def test_a_draft_dated_by_its_month_and_names_that_hold_a_unit_word(tmp_path: Path):
    doc = load_document(report(tmp_path, HEAD + [
        "I. HIỆN TRẠNG",
        "Sở Công Thương phối hợp với UBND phường Âu Lâu và UBND xã Mậu A; hợp tác với doanh nghiệp Nhật Bản.",
        [["TT", "Tên cụm công nghiệp", "Vị trí (xã/phường)"],
         ["1", "CCN Bản Phiệt 1", "phường Lào Cai"],
         ["2", "CCN Bản Phiệt 2", "Liền kề Bản Phiệt 1, khu vực phường Cam Đường"]],
        "Thôn Khe Ván được hỗ trợ làm đường."]))
    assert {(r["name"], r["unit_type"]) for r in communes.extract(doc)} == {
        # after the reform (June 2026, day left blank): Âu Lâu and Cam Đường are phường of the 2025 map
        ("Âu Lâu", "phường"), ("Mậu A", "xã"), ("Lào Cai", "phường"), ("Cam Đường", "phường"),
        ("Khe Ván", "thôn")}


def test_columns_by_year_and_by_source_take_the_unit_of_the_total_column(tmp_path: Path):
    doc = load_document(report(tmp_path, [
        "ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 12/KH-UBND", "Lào Cai, ngày 10 tháng 3 năm 2026", "KẾ HOẠCH",
        "Chuyển đổi số giai đoạn 2026-2027", "I. MỤC TIÊU", "Đến năm 2027 có 100% xã có điểm truy cập.",
        "IV. KINH PHÍ THỰC HIỆN", "Kinh phí thực hiện theo bảng sau:",
        [["TT", "Nội dung", "Tổng kinh phí (triệu đồng)", "Năm 2026", "Năm 2027", "Năm thực hiện"],
         ["1", "Tập huấn", "300", "100", "200", "2026"],
         ["", "Tổng cộng", "300", "100", "200", ""]],
        [["TT", "Nội dung", "Tổng (triệu đồng)", "Ngân sách tỉnh", "Xã hội hóa", "Đơn giá"],
         ["1", "Tuyên truyền", "500", "400", "100", "50"]],
        "V. TỔ CHỨC THỰC HIỆN", "Sở Khoa học và Công nghệ chủ trì."]))
    rows = {r["item_id"]: r for r in funding.extract(doc)}
    found = {(r["label"], r["amount_vnd"], rows[r["parent_id"]]["label"] if r["parent_id"] else None, r["source"],
              r["year"]) for r in rows.values()}
    assert ("Tập huấn — Năm 2027", 200_000_000, "Tập huấn — Tổng kinh phí (triệu đồng)", "other", 2027) in found
    assert ("Tuyên truyền — Xã hội hóa", 100_000_000, "Tuyên truyền — Tổng (triệu đồng)", "community", None) in found
    # a column of years and a unit price are no amounts of the budget
    assert not {label for label, *_ in found if "thực hiện" in label or "Đơn giá" in label}
    assert len(found) == 6 + 3


def test_fines_and_tables_that_only_look_like_money(tmp_path: Path):
    doc = load_document(report(tmp_path, [
        "ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 15/QĐ-UBND", "Lào Cai, ngày 10 tháng 3 năm 2026", "QUYẾT ĐỊNH",
        "Ban hành quy định quản lý đất đai", "Điều 1. Kinh phí, ngân sách và xử lý vi phạm",
        "1. Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng đối với hành vi sử dụng ngân sách sai mục đích.",
        "2. Kinh phí thực hiện 300 triệu đồng từ ngân sách tỉnh.",
        "Đơn vị chủ trì: Hội đồng chính sách và cộng đồng dân cư.",
        [["TT", "Bước thực hiện", "Hội đồng chính sách", "Thời gian"],
         ["B1", "Tiếp nhận hồ sơ", "12 ngày", "15"],
         ["B2", "Thẩm định", "02 ngày", "5"]],
        [["TT", "Đơn vị", "Vàng", "Bạc", "Đồng"], ["1", "Huyện Bảo Yên", "3", "2", "32"],
         ["2", "Huyện Văn Bàn", "1", "1", "29"]],
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký."]))
    assert tree(doc) == [("300 triệu đồng", None, "province_budget")]
    assert not [c for c in checks.extract(doc) if c["rule"] == "sum" and c["status"] == "fail"]


def test_table_rows_that_repeat_the_words_of_a_prose_total_itemize_it(tmp_path: Path):
    doc = load_document(report(tmp_path, HEAD + [
        "I. HIỆN TRẠNG CHUNG",
        "Tổng kinh phí ngân sách nhà nước đã đầu tư hạ tầng kỹ thuật tại các cụm công nghiệp là 200 tỷ đồng.",
        "Phụ lục", [
            PROGRESS_HEADER,
            ["1", "CCN Âu Lâu", "Lấp đầy 95%.", "UBND phường Âu Lâu.",
             "Ngân sách nhà nước: hạ tầng đã đầu tư 132,82 tỷ đồng; vốn doanh nghiệp thứ cấp (863,464 tỷ đồng)."],
            ["2", "CCN Báo Đáp", "Lấp đầy 23%.", "UBND xã Trấn Yên.",
             "Ngân sách nhà nước: hạ tầng đã đầu tư 46,2 tỷ đồng (cần bổ sung)."],
            ["3", "CCN Đông An", "Lấp đầy 48%.", "UBND xã Đông Cuông.",
             "Hạ tầng đã đầu tư 12,9 tỷ đồng do doanh nghiệp tự đầu tư."],
        ]]))
    assert tree(doc) == [("200 tỷ đồng", None, "other"), ("132,82 tỷ đồng", "200 tỷ đồng", "other"),
                         ("863,464 tỷ đồng", None, "community"), ("46,2 tỷ đồng", "200 tỷ đồng", "other"),
                         ("12,9 tỷ đồng", None, "community")]
    # the table itemizes part of the total only: a warning, never a failure
    assert [(c["status"], c["expected"]) for c in checks.extract(doc) if c["rule"] == "sum"] == [("warn", 200e9)]


def test_an_undated_page_names_units_of_either_map_and_a_town_or_a_publisher_is_no_unit(tmp_path: Path):
    path = tmp_path / "page.md"
    path.write_text("\n\n".join([
        "# Giáo phận Thành phố Hồ Chí Minh",
        "Theo Nghị định 293/2025/NĐ-CP, vùng I gồm các phường Sài Gòn, Tân Định, Bến Thành, Xóm Chiếu, "
        "Khánh Hội, Vĩnh Hội và các xã Vĩnh Lộc, Bình Lợi.",
        "Năm 1975, quân giải phóng đánh chiếm thị xã Trà Vinh; trường học ở xã Càng Long, tỉnh Vĩnh Long.",
        "Nguồn: Nhà xuất bản Tân Việt, Nhà Xuất bản Khoa học Xã hội, 1998; văn bản Hướng dẫn số 12.",
        "Thông tấn xã Việt Nam đưa tin Hợp tác xã Tân Phong nhận giải; ông quê ở xã Thạch Tân Huyện Thạch Hà.",
        "Năm 1962, sĩ quan Đức Quốc xã Thái Bình bị xử."]),
        encoding="utf-8")
    doc = load_document(path)
    assert {(r["name"], r["unit_type"]) for r in communes.extract(doc)} == {
        ("Sài Gòn", "phường"), ("Tân Định", "phường"), ("Bến Thành", "phường"), ("Xóm Chiếu", "phường"),
        ("Khánh Hội", "phường"), ("Vĩnh Hội", "phường"), ("Vĩnh Lộc", "xã"), ("Bình Lợi", "xã"),
        ("Càng Long", "xã"), ("Thạch Tân", "xã")}


def test_a_unit_after_its_peoples_committee_in_capitals_is_a_unit(tmp_path: Path):
    doc = load_document(report(tmp_path, HEAD + ["I. HIỆN TRẠNG", "UBND Xã Mậu A chủ trì; CCN Bản Phiệt 1 mở rộng."]))
    assert {(r["name"], r["unit_type"]) for r in communes.extract(doc)} == {("Mậu A", "xã")}


def test_part_of_a_unit_after_a_list_is_no_member(tmp_path: Path):
    doc = load_document(report(tmp_path, HEAD + [
        "I. HIỆN TRẠNG", "Quần thể danh thắng nằm chủ yếu ở 3 phường: Văn Phú, Âu Lâu, Cam Đường và một phần nhỏ "
                         "phường Lào Cai thuộc tỉnh Lào Cai."]))
    [row] = communes.extract_lists(doc)
    assert (row["stated_count"], row["members"]) == (3, ["Văn Phú", "Âu Lâu", "Cam Đường"])
    assert not [c for c in checks.extract(doc) if c["rule"] == "list_count" and c["status"] == "fail"]


def test_the_peoples_committee_in_a_caption_is_no_community_source(tmp_path: Path):
    """An appendix under "Kèm theo Kế hoạch số … của Ủy ban nhân dân tỉnh": its rows' money is not the people's
    ("nhân dân" of the committee's name is no source); the people's contribution still is."""
    doc = load_document(report(tmp_path, ["UBND TỈNH LÀO CAI", "Số: 12/KH-UBND", "Lào Cai, ngày 02 tháng 6 năm 2026",
                                          "KẾ HOẠCH", "Tuyên truyền pháp luật năm 2026", "I. KINH PHÍ",
                                          "Kinh phí thực hiện theo phụ lục kèm theo.",
                                          "PHỤ LỤC", "Kèm theo Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh", [
        ["TT", "Nội dung", "Kinh phí (triệu đồng)"],
        ["1", "Tuyên truyền", "150"],
        ["2", "Nhân dân đóng góp", "50"],
        ["", "Tổng cộng", "200"]]]))
    sources = {r["amount_text"]: r["source"] for r in funding.extract(doc)}
    assert sources["150"] != "community" and sources["50"] == "community"


def test_a_page_that_is_no_administrative_document_has_no_funding(tmp_path: Path):
    """A legal Q&A page (archive/md holds hundreds) quotes fines and thresholds: nobody's resources. The same
    sentence in a plan's funding part is one."""
    sentence = "Tổng kinh phí thực hiện là 500 triệu đồng từ ngân sách tỉnh."
    page = tmp_path / "page.md"
    page.write_text("# Kinh phí tuyên truyền pháp luật lấy từ đâu?\n\n## I. KINH PHÍ\n\n" + sentence + "\n",
                    encoding="utf-8")
    assert funding.extract(load_document(page)) == []
    plan = tmp_path / "plan.md"
    plan.write_text("Số: 12/KH-UBND\n\n**KẾ HOẠCH**\n\nTuyên truyền pháp luật\n\n## I. KINH PHÍ\n\n" + sentence + "\n",
                    encoding="utf-8")
    assert [r["amount_vnd"] for r in funding.extract(load_document(plan))] == [500_000_000]
