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
# a number the text calls a document's, however it is formed ("Văn bản số 02", "số YBB-SA032/26-LR",
# "số 11/2026CV-YVG"): the token after "<type> số"
CUED_NUMBER = re.compile(r"(?i:văn bản|công văn|quyết định|nghị quyết|kế hoạch|thông báo|tờ trình|báo cáo|"
                         r"giấy đề nghị|đơn)\s+số\s*:?\s*([0-9A-ZĐ][^\s,;()\[\]“”\"]*[0-9A-Za-zĐđ])")
# what a cued token must not look like: a date, or digits run into a word ("30/01/2008liên", "5/mi")
NOT_A_NUMBER = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}|\d[a-zà-ỹđ]|/[a-zà-ỹđ]")
# "QĐ số 1656 và 1662/QĐ-UBND", "số 12, 13/KH-UBND": a series that prints the code once, on its last number
ELIDED = re.compile(r"(?<![\w/.])(\d{1,6})((?:\s*,\s*\d{1,6})*)\s*(?:,|và)\s*(\d{1,6})(/\S+)")
REF_TYPES = {"nghị định": "nghi_dinh", "quyết định": "quyet_dinh", "kế hoạch": "ke_hoach",
             "nghị quyết": "nghi_quyet", "thông tư": "thong_tu", "công văn": "cong_van",
             "văn bản": "cong_van", "tờ trình": "to_trinh", "chỉ thị": "chi_thi", "báo cáo": "bao_cao",
             "thông báo": "thong_bao", "hướng dẫn": "huong_dan", "luật": "luat", "kết luận": "ket_luan"}
TYPE_CODES = {"NĐ": "nghi_dinh", "QĐ": "quyet_dinh", "KH": "ke_hoach", "NQ": "nghi_quyet", "TT": "thong_tu",
              "TTr": "to_trinh", "CT": "chi_thi", "BC": "bao_cao", "TB": "thong_bao", "HD": "huong_dan",
              "KL": "ket_luan", "CV": "cong_van"}
TYPE_BEFORE = re.compile(rf"({'|'.join(REF_TYPES)})\s*(?:số)?\s*[:]?\s*$", re.IGNORECASE)
DATE_AFTER = re.compile(r"^[\s,]*(?:ngày|ban hành ngày)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)"
                        r"|^[\s,]*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})(?!\d)")
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
    for p in doc.paragraphs + doc.footnote_paragraphs:
        found = [(m.start(), m.end(), m.group(0).replace(" ", "")) for m in number_matches(doc, REFERENCE, p)]
        if "số" in p.text:
            taken = [(a, b) for a, b, _ in found]
            for m in CUED_NUMBER.finditer(p.text):
                number = m.group(1).rstrip(".")
                if not any(a <= m.start(1) < b for a, b in taken) and not NOT_A_NUMBER.search(number):
                    found.append((m.start(1), m.start(1) + len(number), number))
        for m in ELIDED.finditer(p.text):  # the numbers before the last take its code
            code = m.group(4).rstrip(".,;")
            for k, n in ((m.start(1), m.group(1)), *((m.start(2) + len(m.group(2)) - len(x.strip()), x.strip())
                                                     for x in m.group(2).split(",") if x.strip())):
                if n.isdigit():
                    found.append((k, k + len(n), n + code))
        for start_in, end_in, number in sorted(set(found)):
            if own and number == own:
                continue
            after = p.text[end_in:]
            date_m = DATE_AFTER.match(after)
            rest = after[date_m.end():] if date_m else after
            issuer_m = ISSUER_AFTER.match(rest)
            start = p.start + start_in
            rows.append({
                "doc_id": doc.doc_id, "ref_id": f"{doc.doc_id}-r{len(rows) + 1:04d}",
                "ref_number": number, "ref_type": _ref_type(p.text[:start_in], number),
                "ref_date": _date(date_m) if date_m else None,
                "ref_issuer": issuer_m.group(1).strip() if issuer_m else None,
                "relation": _relation(p.text, start_in),
                "section_id": section_id_at(doc, start),
                "in_footnote": start >= doc.body_end,
                "start_char": start, "end_char": p.start + end_in, "page": doc.page_at(start),
            })
    if doc.ocr_pages:
        _mend_doubled_letters(rows, set(doc.ocr_pages))
    return rows


def _mend_doubled_letters(rows: list[dict], ocr_pages: set[int]) -> None:
    """A number OCR read with a letter twice ("1050/QĐ-SCTT") takes the spelling the document gives it
    most often ("1050/QĐ-SCT", its header and preamble) among the numbers alike once letters read twice
    are read once."""
    spellings: dict[str, list[str]] = {}
    for r in rows:
        spellings.setdefault(read_once(r["ref_number"]), []).append(r["ref_number"])
    for r in rows:
        alike = spellings[read_once(r["ref_number"])]
        usual = max(sorted(set(alike)), key=alike.count)
        if r["page"] in ocr_pages and usual != r["ref_number"] and alike.count(usual) > alike.count(r["ref_number"]):
            r["ref_number"] = usual
            r["ref_type"] = r["ref_type"] or _ref_type("", usual)


def read_once(code: str) -> str:
    """A code with each letter read twice or more read once ("QĐĐ-SCTT" → "QĐ-SCT"): how OCR's misreads
    of a code are told from other codes."""
    return _DOUBLED.sub(r"\1", code)


_DOUBLED = re.compile(r"([^\W\d_])\1+")
