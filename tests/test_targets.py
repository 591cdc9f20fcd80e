"""Targets across the genre, on plans and reports written here in the layouts of real ones (Markdown
exports of provincial plans, a DOCX report with a table of solutions): shares, rates and measures, their
comparators, subjects and years; what is no target (past results, time limits, tariffs, encyclopedia
facts); the category of a new-countryside goal."""
from __future__ import annotations

from pathlib import Path

from extractors import targets
from pipeline.load import load_document
from tests.fixtures.rendering import render_docx

PROVINCE_PLAN = ["**ỦY BAN NHÂN DÂN**", "**TỈNH ĐỒNG THÁP**", "Số: 617/KH-UBND", "",
                 "*Đồng Tháp, ngày 01 tháng 12 năm 2025*", "", "**KẾ HOẠCH**",
                 "**Chuyển đổi số doanh nghiệp nhỏ và vừa trên địa bàn Tỉnh**", ""]
SIGNATURE = ["", "**Nơi nhận:**", "- Lưu: VT.", "", "**KT. CHỦ TỊCH**", "**PHÓ CHỦ TỊCH**", "", "Nguyễn Văn A"]


def markdown_plan(tmp_path: Path, body: list[str], head: list[str] = PROVINCE_PLAN) -> list[dict]:
    path = tmp_path / "plan.md"
    path.write_text("\n\n".join(head + body + SIGNATURE), encoding="utf-8")
    return targets.extract(load_document(path))


def test_goals_part_shares_rates_symbols_and_deadlines(tmp_path: Path):
    """A goals part whose items open with their figure ("1. 100% đội ngũ …"), comparator symbols
    ("Có ≥ 30%"), deadlines ("Đến hết năm 2030:") and rates per woman or per 100 girls."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC ĐÍCH, YÊU CẦU**", "Nâng cao nhận thức của doanh nghiệp.",
        "**II. MỤC TIÊU**",
        "**1. **100% đội ngũ cán bộ, công\nchức xây dựng chính sách, pháp luật có trình độ đại học Luật.",
        "a) Đến hết năm 2025: Có ≥ 30% DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số.",
        "b) Đến hết năm 2030: 100% DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số.",
        "c) Phấn đấu tổng tỷ suất sinh đạt 2,1 con/phụ nữ; tỷ số giới tính khi sinh dưới 109 bé trai/100 "
        "bé gái sinh ra sống; tỷ lệ trẻ em dưới 15 tuổi đạt khoảng 22%.",
        "**III. TỔ CHỨC THỰC HIỆN**", "Sở Tài chính chủ trì."])
    got = [(r["value"], r["unit"], r["comparator"], r["year"]) for r in rows]
    assert got == [(100, "%", "eq", 2025), (30, "%", "gte", 2025), (100, "%", "eq", 2030),
                   (2.1, "con/phụ nữ", "eq", 2025), (109, "bé trai/100 bé gái", "lte", 2025),
                   (22, "%", "eq", 2025)]
    subjects = [r["subject"] for r in rows]
    # the subject is the whole thing counted, joined across the wrapped line
    assert subjects[0] == "đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật có trình độ đại học Luật"
    assert subjects[1] == "DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số"
    assert subjects[3:] == ["tổng tỷ suất sinh", "tỷ số giới tính khi sinh sinh ra sống", "tỷ lệ trẻ em dưới 15 tuổi"]


def test_goals_in_the_tasks_and_what_is_none(tmp_path: Path):
    """In the tasks part a figure is a goal by a goal word, a comparator or a time ahead; "tăng cường"
    strengthens, "từ 02 chương trình" says where from, a time limit and a fee's share are rules."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**", "Phát triển kinh tế biển bền vững.",
        "**II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU**",
        "+ Phát triển ngành thủy sản toàn diện. Có ít nhất 02 vùng dự án nuôi thủy sản công nghệ cao.",
        "- Phục hồi và phát triển rừng ngập mặn, diện tích rừng ngập mặn đến năm 2030 đạt 1.700 ha.",
        "- Đến năm 2030, 100% các khu vực bảo vệ nguồn lợi thủy sản được xác định và quản lý hiệu quả.",
        "- Tăng cường kiểm tra tại 03 xã ven biển; lồng ghép nguồn lực từ 02 Chương trình MTQG còn lại.",
        "- Giải quyết hồ sơ trong thời hạn không quá 03 ngày làm việc; giảm 50% mức phí, lệ phí khi nộp trực tuyến.",
        "**III. TỔ CHỨC THỰC HIỆN**", "Sở Nông nghiệp và Môi trường chủ trì."])
    got = [(r["value"], r["unit"], r["comparator"], r["subject"]) for r in rows]
    assert got == [(2, "vùng", "gte", "vùng dự án nuôi thủy sản công nghệ cao"),
                   (1700, "ha", "eq", "diện tích rừng ngập mặn"),
                   (100, "%", "eq", "các khu vực bảo vệ nguồn lợi thủy sản được xác định và quản lý hiệu quả")]
    assert [r["year"] for r in rows] == [2025, 2030, 2030]


def test_past_results_and_items_a_line_announces_as_targets(tmp_path: Path):
    """A part of past results is no goal, even with "đạt"; the items after "… các chỉ tiêu cụ thể như
    sau:" are goals wherever they stand, with no goal word of their own."""
    rows = markdown_plan(tmp_path, [
        "**I. KẾT QUẢ THỰC HIỆN NĂM 2024**", "- Tỷ lệ người hưởng trợ cấp nhận tiền qua tài khoản đạt 65%.",
        "**II. NỘI DUNG THI ĐUA**",
        "Nâng cao nhận thức của người hưởng trợ cấp, được cụ thể hóa bằng các chỉ tiêu cụ thể như sau:",
        "(1) 100% số người hưởng trợ cấp xã hội chưa có tài khoản được tuyên truyền, vận động mở tài khoản;",
        "(2) Ít nhất 85% người hưởng trợ cấp xã hội mở mới tài khoản ngân hàng, ví điện tử;",
        "**III. TỔ CHỨC THỰC HIỆN**", "- Ủy ban nhân dân các xã, phường tổ chức thực hiện; báo cáo 02 lần."])
    assert [(r["value"], r["comparator"], r["subject"]) for r in rows] == [
        (100, "eq", "người hưởng trợ cấp xã hội chưa có tài khoản được tuyên truyền, vận động mở tài khoản"),
        (85, "gte", "người hưởng trợ cấp xã hội mở mới tài khoản ngân hàng, ví điện tử")]


def test_a_reports_table_of_solutions(tmp_path: Path):
    """A report's table (a DOCX table, as a province's office writes it): the column of progress so far
    holds facts, the column of solutions goals; each goal takes the name of its row, and the
    description's planned extension ("mở rộng thêm 25 ha") is one, stated again in the solutions or not."""
    path = render_docx([
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "VĂN PHÒNG", "Số: 12/BC-VPUBND", "Lào Cai, ngày 20 tháng 6 năm 2026",
        "BÁO CÁO", "Tình hình thực hiện các cụm công nghiệp trên địa bàn tỉnh",
        "I. HIỆN TRẠNG CHUNG", "Trên địa bàn tỉnh hiện có 23 cụm công nghiệp đạt tỷ lệ lấp đầy trên 30%.",
        "II. KIẾN NGHỊ", "1. Giao Sở Công Thương hướng dẫn các xã hoàn thiện hồ sơ.",
        "PHỤ LỤC", "TIẾN ĐỘ CÁC CỤM CÔNG NGHIỆP",
        [["TT", "Cụm công nghiệp", "Tiến độ hiện tại", "Giải pháp, kiến nghị"],
         ["1", "CCN Phú Thịnh 2 Vị trí: phường Văn Phú. Diện tích 75 ha.", "Đã hoàn thành GPMB 24 ha.",
          "Phấn đấu hoàn thành GPMB toàn bộ 75 ha trong Quý III/2027."],
         ["2", "CCN Âu Lâu Vị trí: phường Âu Lâu. Diện tích 50 ha, mở rộng thêm 25 ha theo QĐ số 525/QĐ-UBND.",
          "Tỷ lệ lấp đầy đạt trên 95%.", "Hoàn thành giải phóng mặt bằng 25 ha mở rộng trong năm 2026."]],
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn B"], tmp_path / "report.docx")
    rows = targets.extract(load_document(path))
    assert [(r["value"], r["unit"], r["comparator"], r["subject"], r["year"]) for r in rows] == [
        (75, "ha", "eq", "hoàn thành giải phóng mặt bằng toàn bộ trong Quý III/2027 cụm công nghiệp Phú Thịnh 2", 2027),
        (25, "ha", "increase", "mở rộng thêm cụm công nghiệp Âu Lâu", None)]


def test_outside_plans_only_a_goals_part_sets_goals(tmp_path: Path):
    """An encyclopedia article states maxima and increments that are facts, not goals."""
    path = tmp_path / "article.md"
    path.write_text("# Hải quân\n\n## Trang bị\n\n- Tàu hộ vệ: giãn nước tối đa 1.291 tấn.\n\n"
                    "- Những cải tiến này sẽ tăng thêm cho thành phố 363,5 km đường bộ.\n", encoding="utf-8")
    assert targets.extract(load_document(path)) == []


def test_category_takes_units_as_words_of_their_own(tmp_path: Path):
    """"xã đạt chuẩn nông thôn mới" counts communes: the "thôn" of "nông thôn" names no village."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**",
        "1. Số xã đạt chuẩn nông thôn mới: 02 xã.",
        "2. Tỷ lệ số xã đạt chuẩn nông thôn mới nâng cao đạt 40%.",
        "3. Phấn đấu có thêm 12 thôn đạt chuẩn nông thôn mới.",
        "4. Tỷ lệ xã đạt chuẩn nông thôn mới đạt 60%.",
        "5. 100% hồ sơ được số hóa.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Nông nghiệp và Môi trường chủ trì."])
    assert [(r["value"], r["category"]) for r in rows] == [
        (2, "xa_ntm"), (40, "ntm_nang_cao"), (12, "thon"), (60, "xa_ntm"), (100, "other")]


def test_a_table_of_goals_by_year(tmp_path: Path):
    """"Chỉ tiêu | ĐVT | Thực hiện 2025 | 2026 | 2027": a goal per indicator and year from the plan's year
    on, in the row's unit (its unit column, or the unit its label ends with); a row without a unit is none."""
    path = render_docx([
        "ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 56/KH-UBND", "Thái Nguyên, ngày 10 tháng 1 năm 2026",
        "KẾ HOẠCH", "Giảm nghèo bền vững giai đoạn 2026 - 2027",
        "I. MỤC TIÊU", "Các chỉ tiêu chủ yếu theo từng năm như sau:",
        [["TT", "Chỉ tiêu", "ĐVT", "2025", "2026", "2027"],
         ["1", "Tỷ lệ hộ nghèo", "%", "4,2", "3,5", "≤ 3,0"],
         ["2", "Số xã đạt chuẩn nông thôn mới", "xã", "20", "24", "28"],
         ["3", "Tỷ lệ lao động qua đào tạo (%)", "", "70", "72", "75"],
         ["4", "Chỉ số cải cách hành chính", "", "", "85", "90"]],
        "II. TỔ CHỨC THỰC HIỆN", "Sở Nông nghiệp và Môi trường chủ trì.",
        "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn C"], tmp_path / "plan.docx")
    rows = targets.extract(load_document(path))
    assert [(r["subject"], r["value"], r["unit"], r["comparator"], r["year"]) for r in rows] == [
        ("Tỷ lệ hộ nghèo", 3.5, "%", "eq", 2026), ("Tỷ lệ hộ nghèo", 3.0, "%", "lte", 2027),
        ("Số xã đạt chuẩn nông thôn mới", 24, "xã", "eq", 2026),
        ("Số xã đạt chuẩn nông thôn mới", 28, "xã", "eq", 2027),
        ("Tỷ lệ lao động qua đào tạo", 72, "%", "eq", 2026), ("Tỷ lệ lao động qua đào tạo", 75, "%", "eq", 2027)]


def test_increments_and_shares_that_open_a_task(tmp_path: Path):
    """"xây dựng 37 xã" adds communes, and the parts it lists are additions too; in the tasks a share that
    opens its sentence ("Có 30% diện tích …") is a goal."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**",
        "1. Xã nông thôn mới: Phấn đấu xây dựng 37 xã nông thôn mới năm 2025 (bao gồm 14 xã trong lộ trình "
        "đạt chuẩn năm 2025 và 23 xã chưa đạt chuẩn).",
        "**II. NHIỆM VỤ, GIẢI PHÁP**",
        "- Phát triển nuôi trồng thủy sản. Có 30% diện tích nuôi thủy sản chủ lực áp dụng quy trình sản xuất "
        "tiên tiến.",
        "**III. TỔ CHỨC THỰC HIỆN**", "Sở Nông nghiệp và Môi trường chủ trì."])
    assert [(r["value"], r["unit"], r["comparator"]) for r in rows] == [
        (37, "xã", "increase"), (14, "xã", "increase"), (23, "xã", "increase"), (30, "%", "eq")]
    assert rows[-1]["subject"] == "diện tích nuôi thủy sản chủ lực áp dụng quy trình sản xuất tiên tiến"


DECISION_HEAD = ["**ỦY BAN NHÂN DÂN**", "**TỈNH CAO BẰNG**", "Số: 12/2025/QĐ-UBND", "",
                 "*Cao Bằng, ngày 05 tháng 11 năm 2025*", "", "**QUYẾT ĐỊNH**",
                 "**Ban hành tiêu chí xác định thôn, xã vùng đồng bào dân tộc thiểu số giai đoạn 2026 - 2030**", ""]


def test_a_decision_on_criteria_sets_no_goals(tmp_path: Path):
    """A decision that defines criteria (no part of goals) states thresholds to qualify, not goals: "có ít
    nhất 02 trong 03 tiêu chí sau đây:", "Có dưới 60% đường thôn …", "từ 15% trở lên"."""
    rows = markdown_plan(tmp_path, [
        "**Điều 1. Tiêu chí xác định thôn đặc biệt khó khăn**",
        "Thôn đặc biệt khó khăn là thôn vùng đồng bào dân tộc thiểu số và miền núi, có ít nhất 02 trong 03 "
        "tiêu chí sau đây:",
        "- Có dưới 60% đường thôn và đường liên thôn được cứng hóa;",
        "- Có ít nhất 2/3 diện tích tự nhiên có độ dốc địa hình từ 15% trở lên.",
        "**Điều 2. Hiệu lực thi hành**", "Quyết định này có hiệu lực từ ngày 15 tháng 11 năm 2025."],
        head=DECISION_HEAD)
    assert rows == []


def test_two_shares_in_one_clause(tmp_path: Path):
    """Two shares in one clause each keep their own subject, and a subject ending "trở lên" keeps it."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**",
        "- Phấn đấu giảm 50% số cặp tảo hôn, giảm 60% số cặp hôn nhân cận huyết thống; tỷ lệ người từ "
        "65 tuổi trở lên đạt khoảng 12%.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Y tế chủ trì."])
    assert [(r["value"], r["subject"]) for r in rows] == [
        (50, "cặp tảo hôn"), (60, "cặp hôn nhân cận huyết thống"), (12, "tỷ lệ người từ 65 tuổi trở lên")]


def test_a_map_scale_is_no_fraction_of_goals(tmp_path: Path):
    """"quy hoạch 1/500 khu công nghiệp" names a map's scale; "10/13 xã" is a count of communes."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**", "- Hoàn thành lập quy hoạch 1/500 khu công nghiệp Hòa Hội.",
        "- Tiếp tục duy trì 10/13 xã đạt tiêu chí điện.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Xây dựng chủ trì."])
    assert [(r["value"], r["denominator"], r["unit"]) for r in rows] == [(10, 13, "xã")]


def test_rates_per_person_and_year(tmp_path: Path):
    """An income per person and year is a goal in its rate unit ("triệu đồng/người/năm"), and a rate
    counted once a year keeps its base ("01 lần/năm" → "lần/năm"); an amount alone is the plan's funding."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**",
        "- Thu nhập bình quân đầu người khu vực nông thôn đạt 48 triệu đồng/người/năm.",
        "- Tổ chức diễn tập phương án ứng phó sự cố tối thiểu 01 lần/năm.",
        "- Phấn đấu huy động 120 triệu đồng cho quỹ.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Tài chính chủ trì."])
    assert [(r["value"], r["unit"], r["comparator"], r["subject"]) for r in rows] == [
        (48, "triệu đồng/người/năm", "eq", "Thu nhập bình quân đầu người khu vực nông thôn"),
        (1, "lần/năm", "gte", "Tổ chức diễn tập phương án ứng phó sự cố")]


def test_a_figure_the_goals_part_only_mentions(tmp_path: Path):
    """In the goals part every figure is a goal but the size of a set of rules it refers to ("19 tiêu chí
    của Bộ tiêu chí quốc gia")."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**", "- Triển khai đồng bộ 19 tiêu chí của Bộ tiêu chí quốc gia về xã nông thôn mới.",
        "- 03 xã đạt chuẩn nông thôn mới.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Nông nghiệp và Môi trường chủ trì."])
    assert [(r["value"], r["unit"]) for r in rows] == [(3, "xã")]


REPORT_HEAD = ["**ỦY BAN NHÂN DÂN**", "**TỈNH LAI CHÂU**", "Số: 88/BC-UBND", "",
               "*Lai Châu, ngày 15 tháng 12 năm 2025*", "", "**BÁO CÁO**",
               "**Kết quả thực hiện nhiệm vụ năm 2025, phương hướng nhiệm vụ năm 2026**", ""]


def test_a_reports_results_against_its_course_for_next_year(tmp_path: Path):
    """A report's results, even of its targets ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"), are facts; the course it
    sets for next year holds the goals."""
    rows = markdown_plan(tmp_path, [
        "**I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2025**",
        "- Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%; có thêm 05 xã đạt chuẩn nông thôn mới.",
        "**II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026**",
        "- Phấn đấu 100% hồ sơ được giải quyết đúng hạn; có thêm 04 xã đạt chuẩn nông thôn mới.",
        "**III. KIẾN NGHỊ**", "Đề nghị Sở Tài chính bố trí kinh phí."], head=REPORT_HEAD)
    assert [(r["value"], r["unit"], r["comparator"], r["year"]) for r in rows] == [
        (100, "%", "eq", 2026), (4, "xã", "increase", 2026)]


def test_a_grid_of_scores_sets_no_goals(tmp_path: Path):
    """An emulation plan's appendix scores its units ("Tiêu chí thi đua | Điểm chuẩn"): "từ 88% trở lên"
    there is a condition to score, not a goal."""
    path = render_docx([
        "ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ", "Số: 157/KH-UBND", "Cần Thơ, ngày 18 tháng 11 năm 2025",
        "KẾ HOẠCH", "Thi đua thực hiện chi trả trợ cấp không dùng tiền mặt",
        "I. MỤC TIÊU", "1. Phấn đấu có ít nhất 70% người hưởng trợ cấp nhận tiền qua tài khoản.",
        "II. TỔ CHỨC THỰC HIỆN", "Sở Y tế chủ trì.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị D",
        "PHỤ LỤC", "THANG ĐIỂM THI ĐUA",
        [["STT", "TIÊU CHÍ THI ĐUA", "ĐIỂM CHUẨN", "HƯỚNG DẪN CHẤM ĐIỂM"],
         ["1", "Đơn vị có tỷ lệ người hưởng trợ cấp nhận tiền qua tài khoản từ 88% trở lên.", "10",
          "Đạt tỷ lệ 100% cộng 05 điểm"]]], tmp_path / "plan.docx")
    rows = targets.extract(load_document(path))
    assert [(r["value"], r["unit"], r["comparator"]) for r in rows] == [(70, "%", "gte")]


def test_goals_inside_a_decisions_article(tmp_path: Path):
    """A decision approving a programme sets its goals inside an article: "Điều 1" › "2. Mục tiêu cụ thể" ›
    "a) …"; its other articles set none."""
    head = ["**ỦY BAN NHÂN DÂN**", "**TỈNH NGHỆ AN**", "Số: 1234/QĐ-UBND", "",
            "*Nghệ An, ngày 20 tháng 11 năm 2025*", "", "**QUYẾT ĐỊNH**",
            "**Phê duyệt Chương trình phát triển du lịch giai đoạn 2026 - 2030**", ""]
    rows = markdown_plan(tmp_path, [
        "**Điều 1.** Phê duyệt Chương trình phát triển du lịch giai đoạn 2026 - 2030 với các nội dung sau:",
        "**1. Mục tiêu chung**", "Phát triển du lịch thành ngành kinh tế mũi nhọn.",
        "**2. Mục tiêu cụ thể**",
        "a) Tỷ lệ cơ sở lưu trú áp dụng công nghệ số 90%;",
        "b) Thu hút 12.000 lao động làm việc trong ngành du lịch.",
        "**Điều 2.** Giao Sở Văn hóa, Thể thao và Du lịch tổ chức thực hiện; báo cáo trước ngày 15/12 hằng năm.",
        "**Điều 3.** Quyết định này có hiệu lực kể từ ngày ký."], head=head)
    assert [(r["value"], r["unit"], r["year"]) for r in rows] == [(90, "%", 2030), (12000, "lao động", 2030)]


def test_a_task_tables_goals_are_named_by_the_task_not_the_agency(tmp_path: Path):
    """A decision's task table (Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | Chỉ tiêu đạt được):
    its column of goals sets goals, named by the task, not by the agency that leads it."""
    path = render_docx([
        "THỦ TƯỚNG CHÍNH PHỦ", "Số: 2530/QĐ-TTg", "Hà Nội, ngày 20 tháng 11 năm 2025", "QUYẾT ĐỊNH",
        "Ban hành Kế hoạch hành động khắc phục ô nhiễm không khí",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.", "Điều 2. Quyết định này có hiệu lực.",
        "KẾ HOẠCH", "I. MỤC TIÊU", "Đến năm 2030, giảm nồng độ bụi PM2.5 trung bình năm tối thiểu 10%.",
        "II. NHIỆM VỤ", "Các nhiệm vụ tại Phụ lục kèm theo.",
        "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Trần Hồng Hà", "PHỤ LỤC",
        [["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Nội dung nhiệm vụ", "Chỉ tiêu đạt được"],
         ["1", "Bộ Xây dựng", "UBND các tỉnh", "Phát triển công trình xanh",
          "Đạt 1.200 công trình xanh được chứng nhận vào năm 2030"]]], tmp_path / "decision.docx")
    rows = targets.extract(load_document(path))
    assert [(r["value"], r["unit"], r["subject"]) for r in rows] == [
        (10, "%", "giảm nồng độ bụi PM2.5 trung bình năm"),
        (1200, "công trình", "công trình xanh được chứng nhận vào năm 2030 Phát triển công trình xanh")]


def test_a_decision_issuing_a_plan_and_a_rate_in_words(tmp_path: Path):
    """A decision that issues a plan (its title says so; the plan has no part of goals) sets goals in the
    plan's tasks; a rate counted in words ("tối thiểu một lần/năm") is one."""
    head = ["**ỦY BAN NHÂN DÂN**", "**THÀNH PHỐ HỒ CHÍ MINH**", "Số: 2820/QĐ-UBND", "",
            "*Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025*", "", "**QUYẾT ĐỊNH**",
            "**Ban hành Kế hoạch triển khai Đề án phát triển dữ liệu**", ""]
    rows = markdown_plan(tmp_path, [
        "**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch triển khai Đề án phát triển dữ liệu.",
        "**Điều 2.** Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "**KẾ HOẠCH**", "**I. NHIỆM VỤ**",
        "- Sở Khoa học và Công nghệ tổ chức diễn tập phương án ứng phó sự cố tối thiểu một lần/năm.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Các sở, ngành tổ chức thực hiện."], head=head)
    assert [(r["value"], r["unit"], r["comparator"]) for r in rows] == [(1, "lần/năm", "gte")]


def test_a_range_printed_with_a_dash(tmp_path: Path):
    """"Ít nhất 2 - 3 công trình", "khoảng 55 - 58%": a range, its lower end the goal, its upper end kept."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**", "- Ít nhất 2 - 3 công trình nghiên cứu hợp tác được công bố.",
        "- Kinh tế tư nhân đóng góp khoảng 55 - 58% GRDP.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Khoa học và Công nghệ chủ trì."])
    assert [(r["value"], r["upper"], r["unit"], r["comparator"]) for r in rows] == [
        (2, 3, "công trình", "gte"), (55, 58, "%", "eq")]


def test_a_national_target_programme_named_in_a_heading_makes_no_goals_part():
    """"Chương trình mục tiêu quốc gia" is a programme's name (decisions on its procedures, plans of other
    parts): the heading that names it is no goals part; "MỤC TIÊU" and "Các chỉ tiêu" are."""
    from pipeline.lexicon.words import section_kind
    assert section_kind("Ban hành quy trình thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới") != "targets"
    assert section_kind("MỤC TIÊU") == section_kind("Các chỉ tiêu cụ thể") == "targets"


def test_goals_set_out_year_by_year_take_the_year_of_their_block(tmp_path: Path):
    """"- Năm 2025:" / "+ 80% …" / "- Năm 2026" / "+ 100% …": each item is a goal of the year above it."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**", "Chỉ tiêu thực hiện phong trào năm 2025 và năm 2026 được quy định như sau:",
        "- Năm 2025:", "+ 80% cán bộ, công chức có kỹ năng số cơ bản.", "+ 100% học sinh được trang bị kỹ năng số.",
        "- Năm 2026", "+ 100% cán bộ, công chức có kỹ năng số cơ bản.",
        "+ 90% người dân trưởng thành có kỹ năng số.", "+ Đến năm 2030, 100% người dân có kỹ năng số.",
        "2. Mục tiêu đến năm 2030", "- 95% hộ gia đình sử dụng dịch vụ số.",  # a part of its own: the block ends
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Khoa học và Công nghệ chủ trì."])
    assert [(r["value"], r["year"]) for r in rows] == [(80, 2025), (100, 2025), (100, 2026), (90, 2026), (100, 2030),
                                                       (95, 2030)]


def test_a_goal_naming_no_year_takes_its_plans_year_unless_the_plan_implements_another(tmp_path: Path):
    """The plan's year ("… năm 2026" in its title, or the year of its own plan), the end of its title's
    period; none in a plan that implements another document: its goals keep the other's times."""
    def years(title: str) -> list:
        head = [h.replace("**Chuyển đổi số doanh nghiệp nhỏ và vừa trên địa bàn Tỉnh**", f"**{title}**")
                for h in PROVINCE_PLAN]
        body = ["**I. MỤC TIÊU**", "Phấn đấu 100% xã duy trì đạt chuẩn nông thôn mới.", "**II. TỔ CHỨC THỰC HIỆN**",
                "Sở Nông nghiệp và Môi trường chủ trì."]
        return [r["year"] for r in markdown_plan(tmp_path, body, head)]
    assert years("Thực hiện Chương trình xây dựng nông thôn mới năm 2026") == [2026]
    assert years("Xây dựng nông thôn mới giai đoạn 2026 - 2030") == [2030]
    assert years("Xây dựng nông thôn mới") == [2025]  # issued on 01/12/2025, setting its own goals
    assert years("Triển khai thực hiện Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ") == [None]


def test_goals_of_one_sentence_each_take_their_own_clause(tmp_path: Path):
    """"Hà Nội có tối thiểu 200 công trình, Thành phố Hồ Chí Minh có tối thiểu 500 công trình": the second
    goal's subject starts after the first goal, not with it."""
    rows = markdown_plan(tmp_path, [
        "**I. MỤC TIÊU**",
        "Đến năm 2030, Hà Nội có tối thiểu 200 công trình xanh, Thành phố Hồ Chí Minh có tối thiểu 500 công trình xanh.",
        "**II. TỔ CHỨC THỰC HIỆN**", "Sở Xây dựng chủ trì."])
    assert [(r["value"], r["comparator"], r["subject"]) for r in rows] == [
        (200, "gte", "Hà Nội có công trình xanh"), (500, "gte", "Thành phố Hồ Chí Minh có công trình xanh")]
    same = markdown_plan(tmp_path, ["**I. MỤC TIÊU**",
                                    "Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm, đến năm 2030 còn dưới 2%.",
                                    "**II. TỔ CHỨC THỰC HIỆN**", "Sở Nội vụ chủ trì."])
    last = [(r["value"], r["subject"]) for r in same][-1]  # the same subject's second goal is kept, its subject with it
    assert last[0] == 2 and last[1].startswith("Tỷ lệ hộ nghèo")
