"""Targets, communes, commune lists, agencies and the counting and structure checks, on plans
written here as text, Markdown and DOCX files."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from extractors import agencies, checks, communes, targets
from tests.fixtures.rendering import render_docx
from pipeline.load import load_document

DISTRICT_HEAD = ["ỦY BAN NHÂN DÂN", "HUYỆN THẠCH AN", "Số: 12/KH-UBND", "Thạch An, ngày 10 tháng 3 năm 2025",
                 "KẾ HOẠCH", "Thực hiện Chương trình xây dựng nông thôn mới năm 2025"]
PROVINCE_HEAD = ["ỦY BAN NHÂN DÂN", "TỈNH BẮC KẠN", "Số: 224/KH-UBND", "Bắc Kạn, ngày 01 tháng 4 năm 2025",
                 "KẾ HOẠCH", "Triển khai Chương trình xây dựng nông thôn mới tỉnh Bắc Kạn năm 2025"]
CLOSING = ["Trên đây là Kế hoạch.", "Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nông Thế Phúc"]


# Plans are long: their wrapped lines set the line width the reader joins lines by.
PREAMBLE = ("Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục "
            "tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025 và các văn bản hướng dẫn có liên quan;")


def plan(tmp_path: Path, body: list[str], head: list[str] = DISTRICT_HEAD, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text("\n".join(head + [PREAMBLE] * 3 + body + CLOSING), encoding="utf-8")
    return load_document(path)


def failed(doc, rule: str) -> list[str]:
    return [doc.text[c["start_char"]:c["end_char"]] for c in checks.extract(doc)
            if c["rule"] == rule and c["status"] == "fail"]


def passed(doc, rule: str) -> list[float]:
    return [c["expected"] for c in checks.extract(doc) if c["rule"] == rule and c["status"] == "pass"]


def test_communes_are_resolved_on_the_map_of_the_documents_date(tmp_path: Path):
    doc = plan(tmp_path, ["I. MỤC TIÊU",
                          "- Phấn đấu năm 2025 có 03 xã đạt chuẩn nông thôn mới: xã Đức Xuân; xã Lê lợi, xã Vân trình.",
                          "- Duy trì 02 xã (Lê Lai, Đức Long); xóm Nà Pài của xã Thụy Hùng làm điểm.",
                          "- Xã NTM nâng cao: rà soát các xã còn lại."])
    rows = {(r["name"], r["unit_type"]): r for r in communes.extract(doc)}
    assert set(rows) == {("Đức Xuân", "xã"), ("Lê Lợi", "xã"), ("Vân Trình", "xã"), ("Lê Lai", "xã"),
                         ("Đức Long", "xã"), ("Nà Pài", "xóm"), ("Thụy Hùng", "xã")}
    duc_xuan = rows[("Đức Xuân", "xã")]
    assert (duc_xuan["district"], duc_xuan["province"], duc_xuan["resolution"]) == \
        ("Thạch An", "Cao Bằng", "gazetteer_district")  # Đức Xuân is also a xã of Bắc Quang (Hà Giang)
    assert duc_xuan["code"] == "01831" and duc_xuan["new_province"] == "Cao Bằng" and duc_xuan["new_name"]
    assert rows[("Lê Lợi", "xã")]["printed"] == "Lê lợi"  # the case typo is mended from the gazetteer
    assert rows[("Nà Pài", "xóm")]["resolution"] == "village"
    for r in rows.values():
        assert doc.text[r["start_char"]:r["end_char"]] == r["printed"]


def test_lists_with_districts_and_their_counts(tmp_path: Path):
    doc = plan(tmp_path, ["I. MỤC TIÊU",
                          "1. Xã nông thôn mới: xây dựng 05 xã (bao gồm 03 xã năm 2025: xã Nguyên Phúc, Đôn Phong, "
                          "huyện Bạch Thông; xã Bản Thi, huyện Chợ Đồn và 02 xã năm 2024: xã Yên Hân, huyện Chợ Mới; "
                          "xã Cao Sơn, huyện Bạch Thông).",
                          "2. Hỗ trợ 04 xã đặc biệt khó khăn, bao gồm: xã Thanh Mai, Mai Lạp, Yên Cư."],
               head=PROVINCE_HEAD)
    lists = {r["stated_count"]: r for r in communes.extract_lists(doc)}
    assert lists[5]["members"] == ["Nguyên Phúc", "Đôn Phong", "Bản Thi", "Yên Hân", "Cao Sơn"]
    assert lists[3]["members"] == ["Nguyên Phúc", "Đôn Phong", "Bản Thi"]  # "Bản Thi" is a xã, not a bản
    districts = {r["name"]: r["district"] for r in communes.extract(doc)}
    assert districts["Bản Thi"] == "Chợ Đồn" and districts["Yên Hân"] == "Chợ Mới"
    assert sorted(passed(doc, "list_count")) == [2, 3, 5]
    assert failed(doc, "list_count") == ["04 xã"]  # three names listed
    assert sorted(passed(doc, "sum")) == [5]  # 05 = 03 + 02


def test_numbered_lists_counts_numbering_and_duplicates(tmp_path: Path):
    doc = plan(tmp_path, ["II. MỤC TIÊU", "1. Mục tiêu cụ thể",
                          "Các tiêu chí chưa đạt có 04 tiêu chí bao gồm:",
                          "1. Tiêu chí số 1: Quy hoạch;", "2. Tiêu chí số 2: Giao thông;", "3. Tiêu chí số 6: Văn hóa;",
                          "5. Tiêu chí số 8: Thông tin và truyền thông.",
                          "2. Giải pháp",
                          "- Phụ trách các tiêu chí gồm: Tiêu chí số 1 về “Quy hoạch”; tiêu chí số 9 về “Nhà ở dân cư”; "
                          "chỉ tiêu 17.5 thuộc tiêu chí số 17, tiêu chí số 9 về “Nhà ở dân cư”.",
                          "3. Kinh phí"])
    assert passed(doc, "list_count") == [4]
    assert failed(doc, "numbering_sequence") == ["5"]  # 1, 2, 3 then 5; the outer 1, 2, 3 is fine
    assert failed(doc, "duplicate_member") == ["tiêu chí số 9"]


def test_footnote_list_and_percent(tmp_path: Path):
    path = tmp_path / "letter.md"
    path.write_text("\n\n".join([
        "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Số: 5766/BNN-VPĐP", "V/v duy trì chất lượng",
        "Đến nay cả nước có 6.043 xã (74%) đạt chuẩn, trong đó có 1.528 xã (27,3%) đạt chuẩn nâng cao và 230 xã "
        "(3,8%) đạt chuẩn kiểu mẫu; 04 tỉnh có 100% số xã đạt chuẩn<sup>1</sup>, trong đó 02 tỉnh (Nam Định và "
        "Hà Nam) đã hoàn thành.",
        "<sup>1</sup> Hà Nội, Hải Phòng, Hưng Yên, Vĩnh Phúc, Bắc Ninh."]), encoding="utf-8")
    doc = load_document(path)
    assert failed(doc, "percent") == ["27,3%"] and passed(doc, "percent") == [3.8]  # 1.528/6.043 is 25,3%
    assert failed(doc, "list_count") == ["04 tỉnh"]  # the footnote lists five
    assert passed(doc, "list_count") == [2]


def test_targets_comparators_scopes_and_baselines(tmp_path: Path):
    doc = plan(tmp_path, ["I. KẾT QUẢ NĂM 2024", "Năm 2024 đã có 05 xã đạt chuẩn nông thôn mới.",
                          "II. MỤC TIÊU",
                          "1. Số xã đạt chuẩn nông thôn mới: 02 xã.",
                          "2. Tỷ lệ số xã đạt chuẩn nông thôn mới nâng cao từ 40% trở lên.",
                          "3. Phấn đấu có 20 xóm đạt chuẩn (Cụ thể giao chỉ tiêu cho các xã: xã Đức Xuân: 05 xóm; "
                          "xã Vân Trình: 09 xóm; xã Lê Lợi: 06 xóm).",
                          "4. Tiếp tục duy trì 10/13 xã đạt tiêu chí điện; phấn đấu có thêm 01 xã đạt tiêu chí giao thông.",
                          "III. NHIỆM VỤ, GIẢI PHÁP",
                          "- Huyện Võ Nhai: tập trung chỉ đạo để có từ 02 xã trở lên đạt chuẩn.",
                          "- Thực hiện đồng bộ 19 tiêu chí xây dựng xã nông thôn mới."])
    rows = [(r["value"], r["unit"], r["comparator"], r["scope"]) for r in targets.extract(doc)]
    assert rows == [(2, "xã", "eq", None), (40, "%", "gte", None), (20, "xóm", "eq", None),
                    (5, "xóm", "eq", "Đức Xuân"), (9, "xóm", "eq", "Vân Trình"), (6, "xóm", "eq", "Lê Lợi"),
                    (10, "xã", "maintain", None), (1, "xã", "increase", None), (2, "xã", "gte", "Võ Nhai")]
    by_value = {(r["value"], r["unit"]): r for r in targets.extract(doc)}
    assert by_value[(10, "xã")]["denominator"] == 13 and "điện" in by_value[(10, "xã")]["subject"]
    assert "(xã Vân Trình)" in by_value[(9, "xóm")]["subject"]
    assert passed(doc, "fraction") == [13]  # Thạch An has 13 xã


def test_fraction_against_the_gazetteer_and_date_ranges(tmp_path: Path):
    doc = plan(tmp_path, ["I. MỤC TIÊU", "- Tiếp tục duy trì 10/14 xã đạt tiêu chí điện.",
                          "- Thực hiện Chương trình khoa học và công nghệ giai đoạn 2021-2015.",
                          "- Kế hoạch 05 năm 2026-2028 được xây dựng theo Quyết định số 12/QĐ-UBND ngày 20/5/2025."])
    assert failed(doc, "fraction") == ["14"]
    assert sorted(failed(doc, "date_range")) == ["05 năm 2026-2028", "12/QĐ-UBND", "2021-2015"]


def test_places_that_are_not_on_the_map(tmp_path: Path):
    doc = plan(tmp_path, ["I. NHIỆM VỤ", "- Huyện Đông Hỷ: tiếp tục rà soát các tiêu chí.",
                          "- Huyện Võ Nhai: hỗ trợ xã Nhạn Môn, huyện Bạch Thông."],
               head=["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 56/KH-UBND", "Thái Nguyên, ngày 10 tháng 3 năm 2025",
                     "KẾ HOẠCH", "Thực hiện Chương trình nông thôn mới năm 2025"])
    assert failed(doc, "gazetteer") == ["Đông Hỷ"]  # Thái Nguyên has Đồng Hỷ; Võ Nhai is right


def test_agencies_from_headings_and_task_subjects(tmp_path: Path):
    path = render_docx(DISTRICT_HEAD + [
        "I. NHIỆM VỤ", "- Ban chỉ đạo huyện, Văn phòng Điều phối Nông thôn mới huyện định kỳ tổ chức họp.",
        "- Các ngành, các cấp tiếp tục tuyên truyền.",
        "II. TỔ CHỨC THỰC HIỆN", "1. Phòng NN&PTNT",
        "- Chủ trì, phối hợp với các phòng thẩm tra tiêu chí số 9 và chỉ tiêu 17.5.",
        "2. Đài Phát thanh và Truyền hình Cao Bằng, Báo Cao Bằng", "Tuyên truyền về nông thôn mới.",
        "3. Đề nghị Ủy ban MTTQ Việt Nam và các Đoàn thể huyện", "- Phối hợp giám sát.",
        "4. Ủy ban nhân dân các xã", "- Xây dựng kế hoạch của xã."] + CLOSING, tmp_path / "plan.docx")
    doc = load_document(path)
    rows = {r["name"]: r for r in agencies.extract(doc)}
    assert set(rows) == {"Ban chỉ đạo huyện", "Văn phòng Điều phối Nông thôn mới huyện", "Phòng NN&PTNT",
                         "Đài Phát thanh và Truyền hình Cao Bằng", "Báo Cao Bằng",
                         "Ủy ban MTTQ Việt Nam và các Đoàn thể huyện", "Ủy ban nhân dân các xã"}
    nn = rows["Phòng NN&PTNT"]
    assert nn["canonical_name"] == "Phòng Nông nghiệp và Phát triển nông thôn"
    assert nn["successor"] == "Phòng Nông nghiệp và Môi trường" and nn["successor_in_force"]
    assert rows["Ủy ban nhân dân các xã"]["level"] == "xa" and nn["level"] == "huyen"
    tasks = [t for t in agencies.extract_assignments(doc) if t["agency_name"] == "Phòng NN&PTNT"]
    assert [(t["role"], t["criteria"]) for t in tasks] == [("chu_tri", ["9", "17.5"])]
    for r in rows.values():
        assert doc.text[r["start_char"]:r["end_char"]] == r["name"]


APPENDIX = ["PHỤ BIỂU", "MỤC TIÊU THỰC HIỆN CHƯƠNG TRÌNH NĂM 2025", "TT", "Nội dung", "Tổng",
            "Huyện Bạch Thông", "Huyện Ba Bể", "Huyện Chợ Đồn",
            "1", "Xã nông thôn mới", "- Xã đạt chuẩn nông thôn mới tăng thêm", "06 xã",
            "Xã Vi Hương, Vũ Muộn", "Xã Mỹ Phương, Yến Dương, Quảng Khê", "Xã Nam Cường",
            "2", "Thôn nông thôn mới", "Thôn đạt chuẩn nông thôn mới tăng thêm",
            "0", "12 thôn và các thôn chưa đạt chuẩn năm 2024", "7 thôn"]


@pytest.mark.parametrize("stated, six, status", [("19", "06 xã", "pass"), ("20", "07 xã", "fail")])
def test_flattened_appendix_is_read_back_as_a_table(tmp_path: Path, stated: str, six: str, status: str):
    body = ["II. MỤC TIÊU", "1. Xã nông thôn mới: phấn đấu có thêm 06 xã.",
            f"2. Thôn nông thôn mới: Phấn đấu xây dựng thêm {stated} thôn nông thôn mới."]
    doc = plan(tmp_path, body + [six if line == "06 xã" else line for line in APPENDIX], head=PROVINCE_HEAD)
    results = {(c["status"], doc.text[c["start_char"]:c["end_char"]]) for c in checks.extract(doc)
               if c["rule"] == "table_total"}
    # the xã row: its total against the names listed per district; the thôn row has no total: the text's
    assert results == {(status, six), (status, f"{stated} thôn")}
    per_district = [(r["value"], r["unit"], r["scope"]) for r in targets.extract(doc) if r["scope"]]
    assert per_district == [(12, "thôn", "Ba Bể"), (7, "thôn", "Chợ Đồn")]


def test_village_and_agency_names_take_traditional_tone_marks(tmp_path: Path):
    doc = plan(tmp_path, ["I. MỤC TIÊU", "- Phấn đấu xóm Khuổi Hoà đạt chuẩn nông thôn mới kiểu mẫu.",
                          "II. TỔ CHỨC THỰC HIỆN", "1. Uỷ ban nhân dân các xã", "- Tổ chức thực hiện."])
    [village] = [r for r in communes.extract(doc) if r["unit_type"] == "xóm"]
    assert (village["name"], village["printed"]) == ("Khuổi Hòa", "Khuổi Hoà")
    [agency] = agencies.extract(doc)
    assert (agency["name"], agency["canonical_name"]) == ("Uỷ ban nhân dân các xã", "Ủy ban nhân dân các xã")


def test_tone_marks_move_as_underthesea_text_normalize_moves_them():
    """khplan applies underthesea's rules without importing it (half a second of each worker's start): the
    names of the gazetteer, written with new-style tone marks (and in capitals), come out as underthesea's
    own `text_normalize` gives them, and a name it would change beyond its tone marks is kept."""
    from underthesea import text_normalize

    from pipeline.lexicon.gazetteer import _TONE_PLACEMENT, legacy
    from pipeline.lexicon.vietnamese import traditional_tone_marks

    new_style = {old: new for new, old in _TONE_PLACEMENT.items()}
    to_new_style = re.compile("|".join(new_style))
    names = sorted({u.commune for units in legacy().communes.values() for u in units}
                   | {u.district for units in legacy().districts.values() for u in units})
    printed = [to_new_style.sub(lambda m: new_style[m.group(0)], n) for n in names]
    printed = [n for n in printed + [n.upper() for n in printed] if n not in names]
    assert len(printed) > 500

    def letters(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFD", text) if c.isalpha())

    moved = 0
    for name in printed:
        theirs = iter(text_normalize(name).replace(" ", ""))  # it spaces out punctuation: put the name's back
        respaced = "".join(c if c == " " else next(theirs, "") for c in name)
        expected = respaced if letters(respaced) == letters(name) and not list(theirs) else name
        assert traditional_tone_marks(name) == expected, name
        moved += expected != name
    assert moved > 500
    assert traditional_tone_marks("Thuỷ nghành") == "Thuỷ nghành"  # the rules would respell "nghành" too
    assert traditional_tone_marks("Khuổi Hoà, Nà Pài") == "Khuổi Hòa, Nà Pài"
