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


def test_counts_from_one_list_and_names_listed_twice(tmp_path: Path):
    checks = checks_of(tmp_path, [
        "I. TÌNH HÌNH",
        "Hiện có 234 dự án, cơ sở sản xuất thứ cấp, trong đó: 199 dự án đang hoạt động; 18 dự án đang triển khai.",
        "Thi công tối thiểu 01 công trình địa chất (vết lộ, hố, giếng hoặc khoan).",
        "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ, Sở Tư pháp, Sở Xây dựng và Sở Nội vụ.",
        "Sở Khoa học và Công nghệ, Bộ Khoa học và Công nghệ, Sở Tài chính phối hợp.",
    ])
    assert flagged(checks, "list_count") == []  # a breakdown into counts; alternatives
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
