"""A check fails only when the relation is certain: numbering read back into its lists, counts from one
list, dates of cited documents, names listed twice, figures stated in the text and in a table; doubt is
`warn` with its reason. On plans written here and on a real report of corpus/dev2."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.checks import document_checks
from pipeline.load import load_document

HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG", "Số: 12/KH-UBND", "Cao Bằng, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH",
        "Thực hiện Chương trình chuyển đổi số năm 2025"]
PAGE = ["Hỏi đáp pháp luật", "Câu hỏi: quy định về chuyển đổi số như thế nào?"]


def checks_of(tmp_path: Path, lines: list[str], head: list[str] = HEAD, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text("\n".join(head + lines), encoding="utf-8")
    return document_checks(load_document(path))


def flagged(checks, rule: str) -> list[tuple[str, str]]:
    return [(c.status, c.message) for c in checks if c.rule == rule and c.status in ("fail", "warn")]


def test_numbering_vietnamese_alphabet_nested_lists_and_mislabels(tmp_path: Path):
    lettered = ["I. NHIỆM VỤ", "1. Nhiệm vụ chung:", "a) Một.", "b) Hai.", "c) Ba.", "d) Bốn.", "đ) Năm.",
                "e) Sáu.", "g) Bảy.", "h) Tám.", "i) Chín.", "k) Mười.",
                "2. Nhiệm vụ cụ thể gồm các nội dung sau:", "1. Nội dung một.", "2. Nội dung hai.",
                "3. Nhiệm vụ khác.", "II. TỔ CHỨC THỰC HIỆN"]
    assert flagged(checks_of(tmp_path, lettered), "numbering_sequence") == []  # g after e, a list resumed
    mislabelled = checks_of(tmp_path, lettered[:3] + ["b) Hai.", "d) Ba.", "d) Bốn.", "đ) Năm."] + lettered[7:])
    assert [s for s, _ in flagged(mislabelled, "numbering_sequence")] == ["fail"]
    skipped_dd = checks_of(tmp_path, lettered[:6] + lettered[7:])
    assert flagged(skipped_dd, "numbering_sequence") == [
        ("warn", "item 'e' follows 'd': 'đ' is left out (Vietnamese lettering: a, b, c, d, đ, e, g …)")]
    excerpt = checks_of(tmp_path, ["1. Khoản một.", "3. Khoản ba trích dẫn.", "4. Khoản bốn."], head=PAGE,
                        name="page.txt")
    assert [s for s, _ in flagged(excerpt, "numbering_sequence")] == ["warn"]  # a page quoting excerpts


def test_dates_of_cited_documents(tmp_path: Path):
    checks = checks_of(tmp_path, [
        "I. CĂN CỨ",
        "Thực hiện Quyết định số 46/2002/QĐ-UBND ngày 12/09/2022 của UBND tỉnh;",
        "Thực hiện Kế hoạch số 20/KH-UBND ngày 05/02/2025 của UBND tỉnh;",
        "Theo Kế hoạch số 20/KH-UBND ngày 05/02/2025, Kế hoạch số 20/KH-UBND ngày 07/02/2025 của UBND tỉnh;",
        "Tiếp tục Kế hoạch số 20/KH-UBND ngày 07/02/2025 của UBND tỉnh;",  # the same slip again: no second failure
        "Theo Kế hoạch số 20/KH-UBND ngày 05/02/2025 của UBND tỉnh;",
        "Sau 10 năm triển khai thực hiện Nghị quyết số 21-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương;",
        "Đợt kiểm tra từ ngày 17 đến ngày 12 tháng 11 năm 2025.",
        "Các năm 1982-1928 không phải giai đoạn của kế hoạch.",
    ])
    messages = [m for s, m in flagged(checks, "date_range") if s == "fail"]
    assert messages == [
        "46/2002/QĐ-UBND: the number gives the year 2002, its date 12/09/2022",
        "20/KH-UBND is cited here dated 07/02/2025, elsewhere 05/02/2025",
        "10 years stated since 21-NQ/TW (25/10/2017); this document is dated 10/03/2025: 8 years",
        "the span from 17/11/2025 to 12/11/2025 ends before it starts",
    ]


def test_schedules_before_the_plan_and_slips_of_a_year(tmp_path: Path):
    checks = checks_of(tmp_path, [
        "I. CĂN CỨ",
        "Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2025 của Giám đốc Sở Công Thương;",
        "Căn cứ Nghị định số 11/2014/NĐ-CP ngày 18/2/2024 của Chính phủ;",
        "Căn cứ Nghị định số 11/2014/NĐ-CP ngày 18/2/2024 của Chính phủ (trích lại);",  # one slip, one failure
        "Căn cứ Nghị định số 214/2024/NĐ-CP ngày 09/6/20205 của Chính phủ;",  # a year of five digits: no date
        "II. ĐỐI TƯỢNG",
        "Quy định tại Quyết định số 1050/QĐ-SCT ngày 06/3/2024 của Giám đốc Sở Công Thương.",
        "PHỤ LỤC",
        "| TT | Đơn vị được kiểm tra | Thời gian công bố quyết định |",
        "|---|---|---|",
        "| 1 | Công ty cổ phần xây dựng Yên Bái | 23/3/2025 |",
        "| 2 | Tổng công ty xây dựng Trường Sơn | 25/3/2024 |",
        "| 3 | Công ty TNHH Hiệp Phú | 08/3/2025 |",  # two days before the plan: a late signature, no slip
        "| 4 | Sơ kết Kế hoạch số 10/KH-UBND ngày 05/01/2024 | Từ 01/01/2024 đến 31/12/2025 |",  # a citation; a range
    ], name="plan.md")
    assert flagged(checks, "date_range") == [
        ("fail", "11/2014/NĐ-CP: the number gives the year 2014, its date 18/02/2024"),
        ("warn", "1050/QĐ-SCT is cited here dated 06/03/2024, elsewhere 06/03/2025 (doubtful: the same day of "
                 "another year, a slip of the year or two documents)"),
        ("fail", "25/03/2024 in the schedule ('Thời gian công bố quyết định') is before the plan itself (10/03/2025)"),
    ]
    assert flagged(checks, "table_total") == []  # "Tổng công ty" names a corporation, no total


def test_totals_of_a_table_of_several_total_rows_and_rounded_measures(tmp_path: Path):
    volumes = ["Thể tích bãi thải khô số 1", "| Tầng | Thể tích (m3) |", "|---|---|", "| +230 | 64.985 |",
               "| +225 | 284.097 |", "| +215 | 283.675 |", "| Tổng | 632.757 |", "| Khối lượng vét hữu cơ | 102.415 |",
               "| Tổng khối lượng | 735.172 |"]
    assert flagged(checks_of(tmp_path, ["I. KHỐI LƯỢNG"] + volumes, name="a.md"), "table_total") == []
    # the volumes of a year each, rounded from figures with decimals: 1 m³ of drift in the total is rounding
    caption = "Kế hoạch đổ thải quặng đuôi, m3"
    drift = ["| Năm | Bãi chứa số 1 |", "|---|---|", "| Năm 3 | 77.255 |", "| Năm 4 | 92.262 |", "| Năm 5 | 110.365 |",
             "| Tổng | 279.883 |"]
    assert flagged(checks_of(tmp_path, ["I. KHỐI LƯỢNG", caption] + drift, name="b.md"), "table_total") == []
    households = [row.replace("Bãi chứa số 1", "Số hộ") for row in drift]  # whole counts are exact
    assert [s for s, _ in flagged(checks_of(tmp_path, ["I. SỐ HỘ", "Số hộ theo năm"] + households, name="c.md"),
                                  "table_total")] == ["fail"]


def test_counts_from_one_list_and_names_listed_twice(tmp_path: Path):
    checks = checks_of(tmp_path, [
        "I. TÌNH HÌNH",
        "Hiện có 234 dự án, cơ sở sản xuất thứ cấp, trong đó: 199 dự án đang hoạt động; 18 dự án đang triển khai.",
        "Thi công tối thiểu 01 công trình địa chất (vết lộ, hố, giếng hoặc khoan).",
        "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ, Sở Tư pháp, Sở Xây dựng và Sở Nội vụ.",
        "Sở Khoa học và Công nghệ, Bộ Khoa học và Công nghệ, Sở Tài chính phối hợp.",
        "Tuyển tinh III cho ra 2 sản phẩm: Sản phẩm bọt tuyển tinh III được chạy vào thùng khuấy dập bọt, quặng "
        "sau khi khuấy dập bọt bằng FeSO4 theo đường ống chảy ra bể cô đặc quặng tinh để làm đặc sau đó chuyển sang "
        "công đoạn lọc quặng tinh, sản phẩm ngăn tuyển tinh III xuống hố bơm trung gian.",
    ])
    # a breakdown into counts; alternatives; commas that part the clauses of a description are a doubt
    assert [s for s, _ in flagged(checks, "list_count")] == ["warn"]
    assert flagged(checks, "duplicate_member") == [("fail", "'Sở Nội vụ' is listed twice")]


def test_gazetteer_only_against_the_map_of_the_documents_date(tmp_path: Path):
    after_reform = [h.replace("ngày 10 tháng 3 năm 2025", "ngày 10 tháng 3 năm 2026") for h in HEAD]
    lines = ["I. ĐỊA BÀN", "Thực hiện tại xã Đức Xuân, huyện Hòa An và xã Lê Lợi, huyện Thạch An."]
    assert flagged(checks_of(tmp_path, lines), "gazetteer")            # the three-tier map of March 2025
    assert flagged(checks_of(tmp_path, lines, head=after_reform), "gazetteer") == []   # no districts in 2026


@pytest.fixture(scope="module")
def report_checks(dev_corpus: Path):
    """The checks of a real report of corpus/dev2 (beside corpus/dev, which the fixture finds)."""
    report = dev_corpus.parent / "dev2" / "laocai-vpubnd-bc-tinh-hinh-cum-cong-nghiep.docx"
    return document_checks(load_document(report))


def test_figures_in_the_text_against_the_appendix_table(report_checks):
    """The report states fill rates and areas of clusters its appendix tabulates: 86,83% for Âu Lâu against
    the table's 95 fails, the others agree."""
    cross = [(c.status, float(c.expected), float(c.actual)) for c in report_checks
             if c.rule == "cross_reference" and c.expected is not None]
    assert ("fail", 86.83, 95.0) in cross
    assert [s for s, _, _ in cross].count("pass") >= 5
    assert not [c for c in report_checks if c.status == "fail" and c.rule != "cross_reference"]


def test_a_deadline_restated_differently_is_a_doubt(report_checks):
    """Section II sets Quý III/2026 for deciding to establish cluster Tân Nguyên, the appendix Quý IV/2026."""
    deadlines = [c.message for c in report_checks if c.rule == "cross_reference" and c.status == "warn"]
    assert deadlines == ["'quyết định thành lập' is set for Quý IV/2026 here and for Quý III/2026 earlier "
                         "(the same item: tân nguyên); one may revise the other"]
