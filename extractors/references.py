"""Every other document the text cites: its number, type, date, issuer, and how it is cited
(can_cu: a legal basis; thuc_hien: implemented by this plan; kem_theo: attached; other)."""
from __future__ import annotations

import datetime as dt
import re

from extractors.header import DOC_NUMBER, own_number
from extractors.sections import section_id_at
from extractors.spans import number_matches
from pipeline.model import Document, per_document

REFERENCE = re.compile(rf"(?<![\w/.\-]){DOC_NUMBER}(?![\w/])")
REF_TYPES = {"nghị định": "nghi_dinh", "quyết định": "quyet_dinh", "kế hoạch": "ke_hoach",
             "nghị quyết": "nghi_quyet", "thông tư": "thong_tu", "công văn": "cong_van",
             "văn bản": "cong_van", "tờ trình": "to_trinh", "chỉ thị": "chi_thi", "báo cáo": "bao_cao",
             "thông báo": "thong_bao", "hướng dẫn": "huong_dan", "luật": "luat", "kết luận": "ket_luan"}
TYPE_CODES = {"NĐ": "nghi_dinh", "QĐ": "quyet_dinh", "KH": "ke_hoach", "NQ": "nghi_quyet", "TT": "thong_tu",
              "TTr": "to_trinh", "CT": "chi_thi", "BC": "bao_cao", "TB": "thong_bao", "HD": "huong_dan",
              "KL": "ket_luan", "CV": "cong_van"}
TYPE_BEFORE = re.compile(rf"({'|'.join(REF_TYPES)})\s*(?:số)?\s*[:]?\s*$", re.IGNORECASE)
DATE_AFTER = re.compile(r"^[\s,]*(?:ngày|ban hành ngày)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
                        r"|^[\s,]*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})")
ISSUER_AFTER = re.compile(r"^\s*(?:của|do)\s+(.{3,90}?)(?=\s+(?:về|V/v|phê duyệt|ban hành|quy định|"
                          r"hướng dẫn|tại|gửi|Hội nghị)\b|[,;():]|\.\s|\.?$)")


def _date(m: re.Match) -> dt.date | None:
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _ref_type(before: str, number: str) -> str | None:
    m = TYPE_BEFORE.search(before[-40:])  # the type word ends right before the number
    if m:
        return REF_TYPES[m.group(1).lower()]
    code = number.split("/")[-1].split("-")[0]
    return TYPE_CODES.get(code) or ("cong_van" if re.match(r"^\d+-CV/", number) else None)


def _relation(paragraph: str, offset_in_paragraph: int) -> str:
    before = paragraph[:offset_in_paragraph]
    if re.search(r"[Kk]èm theo\s+\S+(?:\s+\S+)?\s+số\s*$", before[-40:]) or "gửi kèm" in paragraph[offset_in_paragraph:][:60]:
        return "kem_theo"
    sentence = re.split(r"(?<=[.;])\s", before)[-1]
    if re.match(r"^\s*Căn cứ", paragraph) or re.match(r"^\s*Căn cứ", sentence):
        return "can_cu"
    if re.search(r"\b(?:Thực hiện|thực hiện|Triển khai)\b", sentence):
        return "thuc_hien"
    return "other"


@per_document
def extract(doc: Document) -> list[dict]:
    """The `references` rows (computed once: the date checks read them too)."""
    return _find(doc)


def _find(doc: Document) -> list[dict]:
    own, _ = own_number(doc)
    rows = []
    paragraphs = doc.paragraphs + doc.footnote_paragraphs
    for p in paragraphs:
        for m in number_matches(doc, REFERENCE, p):
            number = m.group(0).replace(" ", "")
            if own and number == own:
                continue
            after = p.text[m.end():]
            date_m = DATE_AFTER.match(after)
            rest = after[date_m.end():] if date_m else after
            issuer_m = ISSUER_AFTER.match(rest)
            start = p.start + m.start()
            section_id = section_id_at(doc, start)
            rows.append({
                "doc_id": doc.doc_id, "ref_id": f"{doc.doc_id}-r{len(rows) + 1:04d}",
                "ref_number": number, "ref_type": _ref_type(p.text[:m.start()], number),
                "ref_date": _date(date_m) if date_m else None,
                "ref_issuer": issuer_m.group(1).strip() if issuer_m else None,
                "relation": _relation(p.text, m.start()),
                "section_id": section_id,
                "in_footnote": start >= doc.body_end,
                "start_char": start, "end_char": p.start + m.end(), "page": doc.page_at(start),
            })
    return rows

