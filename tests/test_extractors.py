"""Extractors on small documents whose answers are known."""
from __future__ import annotations

import datetime as dt

from extractors import documents, references, sections
from pipeline.model import Block
from pipeline.normalize import build_document


def doc_of(*paragraphs: str):
    return build_document([Block("para", p) for p in paragraphs], doc_id="d", source_path="x.txt",
                          fmt="txt", sha256="", page_count=None)


PLAN = doc_of(
    "ỦY BAN NHÂN DÂN", "HUYỆN THẠCH AN", "Số: /KH-UBND", "Thạch An, ngày tháng 3 năm 2025", "KẾ HOẠCH",
    "Triển khai thực hiện chương trình nông thôn mới huyện Thạch An năm 2025",
    "Căn cứ Quyết định số 867/QĐ-UBND, ngày 08/7/2022 của Ủy ban nhân dân tỉnh Cao Bằng về việc phê duyệt;",
    "I. MỤC TIÊU", "1. Mục tiêu cụ thể", "Các tiêu chí đã đạt gồm:", "1. Tiêu chí số 3;", "2. Tiêu chí số 4;",
    "2. Giải pháp", "a) Cấp xã:", "- Duy trì 02 xã;", "+ xã Lê Lai;", "b) Cấp huyện",
    "II. TỔ CHỨC THỰC HIỆN", "1. Phòng Nông nghiệp và PTNT",
    "- Thực hiện Kế hoạch số 1472/KH-UBND ngày 27/9/2022 của UBND huyện.",
    "Trên đây là Kế hoạch của UBND huyện.", "Nơi nhận:", "- Sở Nông nghiệp và PTNT;", "- Lưu: VT.",
    "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nông Thế Phúc",
)


def test_section_tree_nests_by_marker_rank_and_list_restarts():
    rows = {(r["number"], r["heading"]): r for r in sections.extract(PLAN)}
    by_id = {r["section_id"]: r for r in rows.values()}

    def parent(number, heading):
        pid = rows[(number, heading)]["parent_id"]
        return (by_id[pid]["number"], by_id[pid]["heading"]) if pid else None

    assert [k for k, r in rows.items() if r["level"] == 1] == [("I", "MỤC TIÊU"), ("II", "TỔ CHỨC THỰC HIỆN")]
    assert parent("1", "Tiêu chí số 3;".rstrip(";")) == ("1", "Mục tiêu cụ thể")  # a list after "gồm:"
    assert parent("2", "Giải pháp") == ("I", "MỤC TIÊU")
    assert parent("+", "xã Lê Lai") == ("-", "Duy trì 02 xã")
    assert parent("b", "Cấp huyện") == ("2", "Giải pháp")
    assert rows[("2", "Giải pháp")]["kind"] == "targets"
    assert rows[("1", "Phòng Nông nghiệp và PTNT")]["kind"] == "organization"
    closing = PLAN.text.index("Trên đây là")
    assert max(r["end_char"] for r in rows.values()) < closing
    part_two = rows[("II", "TỔ CHỨC THỰC HIỆN")]
    assert PLAN.text[part_two["start_char"]:].startswith("II. TỔ CHỨC")


def test_lists_outside_parts_start_at_level_two():
    letter = doc_of("Kính gửi: Sở Nông nghiệp và PTNT", "1. Tăng cường công tác chỉ đạo.", "2. Rà soát các tiêu chí.")
    assert [r["level"] for r in sections.extract(letter)] == [2, 2]


def test_document_header_with_blank_number_and_day():
    (row,) = documents.extract(PLAN)
    assert row["doc_number"] is None and row["doc_type"] == "ke_hoach"
    assert row["place"] == "Thạch An" and row["issued_date"] is None
    assert (row["issuer"], row["admin_level"], row["district"], row["province"]) == \
        ("UBND huyện Thạch An", "huyen", "Thạch An", "Cao Bằng")
    assert row["plan_year"] == 2025
    assert (row["signer_name"], row["signer_title"], row["signing_authority"]) == ("Nông Thế Phúc", "Phó Chủ tịch", "KT")
    assert row["recipients"] == ["Sở Nông nghiệp và PTNT", "Lưu: VT"]


def test_commune_issuer_is_placed_through_the_gazetteer():
    plan = doc_of("KẾ HOẠCH", "Triển khai chương trình nông thôn mới xã Linh Thông năm 2024",
                  "Thực hiện kế hoạch số 63/KH-UBND ngày 12/03/2024 của UBND huyện Định Hóa.",
                  "Ủy ban nhân xã xây dựng kế hoạch như sau:", "I. MỤC ĐÍCH YÊU CẦU")
    (row,) = documents.extract(plan)
    assert (row["issuer"], row["admin_level"], row["commune"], row["district"], row["province"]) == \
        ("UBND xã Linh Thông", "xa", "Linh Thông", "Định Hóa", "Thái Nguyên")


def test_letter_with_subject_and_dated_header():
    letter = doc_of("ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 5766/UBND-CNN&XD", "V/v tập trung chỉ đạo",
                    "Thái Nguyên, ngày 10 tháng 11 năm 2023", "Kính gửi:", "- Sở Nông nghiệp;", "- UBND các huyện.")
    (row,) = documents.extract(letter)
    assert (row["doc_number"], row["doc_type"], row["subject"]) == ("5766/UBND-CNN&XD", "cong_van", "tập trung chỉ đạo")
    assert row["issued_date"] == dt.date(2023, 11, 10) and row["plan_year"] is None
    assert row["addressees"] == ["Sở Nông nghiệp", "UBND các huyện"]


def test_references_number_date_issuer_relation_and_section():
    rows = references.extract(PLAN)
    assert [r["ref_number"] for r in rows] == ["867/QĐ-UBND", "1472/KH-UBND"]
    basis, implemented = rows
    assert (basis["ref_type"], basis["ref_date"], basis["relation"]) == ("quyet_dinh", dt.date(2022, 7, 8), "can_cu")
    assert basis["ref_issuer"] == "Ủy ban nhân dân tỉnh Cao Bằng" and basis["section_id"] is None
    assert (implemented["relation"], implemented["ref_issuer"]) == ("thuc_hien", "UBND huyện")
    assert PLAN.text[implemented["start_char"]:implemented["end_char"]] == "1472/KH-UBND"
    section = next(s for s in sections.extract(PLAN) if s["section_id"] == implemented["section_id"])
    assert section["number"] == "-"


def test_reference_numbers_not_dates_or_ratios():
    text = doc_of("Đạt 10/13 xã, bình quân 15 tiêu chí/xã, ngày 19/4/2022; Nghị định số 27/2022/NĐ-CP và 164-CV/TU.")
    assert [r["ref_number"] for r in references.extract(text)] == ["27/2022/NĐ-CP", "164-CV/TU"]
