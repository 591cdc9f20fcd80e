"""What a document says of itself: number, type, issuer and its place in the administrative map, date,
title or subject, signer, recipients (`header`; the `documents` table's fields, and what other extractors
read of a document's place and date).

The header of these documents comes damaged as often as not (the issuer block displaced into the
body by a PDF converter, no "Số:" line, a blank day in a signed PDF), so each field has fallbacks:
the issuer from the header block, else from "UBND tỉnh … ban hành" and the title's area; the
number from "Số:", else from an appendix's "Kèm theo Kế hoạch số …".
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractors.sections import section_tree
from pipeline.lexicon.gazetteer import fold_name, legacy
from pipeline.model import Document, Paragraph, per_document
from pipeline.lexicon.vietnamese import is_upper

# 56/KH-UBND, 27/2022/NĐ-CP, 763/TTr-SNN, 164-CV/TU; PDF text may put a space after a hyphen.
DOC_NUMBER = r"\d{1,6}(?:-[A-ZĐ]{1,6})?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9&]*(?:- ?[A-ZĐ0-9&][A-Za-zĐđ0-9&]*)*"
TYPE_LINES = {"KẾ HOẠCH": "ke_hoach", "QUYẾT ĐỊNH": "quyet_dinh", "BÁO CÁO": "bao_cao",
              "NGHỊ QUYẾT": "nghi_quyet", "CÔNG VĂN": "cong_van", "TỜ TRÌNH": "other",
              "THÔNG BÁO": "other", "CHỈ THỊ": "other", "CHƯƠNG TRÌNH": "other"}
TYPE_CODES = {"KH": "ke_hoach", "QĐ": "quyet_dinh", "BC": "bao_cao", "NQ": "nghi_quyet"}
TYPE_WORDS = {"ke_hoach": "Kế hoạch", "quyet_dinh": "Quyết định", "bao_cao": "Báo cáo",
              "nghi_quyet": "Nghị quyết", "cong_van": "Công văn"}
UNIT_WORDS = r"tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn"
LEVEL_OF_WORD = {"tỉnh": "tinh", "huyện": "huyen", "quận": "huyen", "thị xã": "huyen",
                 "xã": "xa", "phường": "xa", "thị trấn": "xa"}
NAME = r"[A-ZĐ][^\s,.;:()]*(?:[ ][A-ZĐ0-9][^\s,.;:()]*){0,3}"
PLACE_DATE = re.compile(r"([A-ZĐ][^\n,]{1,40}?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})")
ISSUER_BLOCK = re.compile(rf"^(?:ỦY|UỶ) BAN NHÂN DÂN(?:\s+({UNIT_WORDS.upper()})\s+(.+))?$")
UNIT_LINE = re.compile(rf"^({UNIT_WORDS.upper()})\s+(.+)$")
ISSUING_SENTENCE = re.compile(
    rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ủy ban nhân)\s+({UNIT_WORDS})?\s*({NAME})?\s*"
    r"(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch)")
# (?=…): the first letters of UNIT_WORDS, a lookahead the engine can skip along to, faster than the bare
# leading lookbehind (see CRITERION in extractors/lists.py)
AREA = re.compile(rf"(?=[tThHqQxXpP])(?<![\w])(?i:({UNIT_WORDS}))[ ]+({NAME})")
SIGNER_TITLE = re.compile(
    r"^(?:(TM|KT|Q|TL|TUQ)\.\s*)?((?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG|BÍ THƯ|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG ĐOÀN)(?:\s+THƯỜNG TRỰC)?)\s*$")
AUTHORITY_LINE = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s")
PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,4}$")
OPENERS = re.compile(r"^(?:Căn cứ|Thực hiện|Sau khi|Trên cơ sở|Theo|Kính gửi|Nhằm|Để)\b")


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _header(doc: Document) -> list[Paragraph]:
    """Paragraphs before the first section (the whole body when there is none), at most 60."""
    tree = section_tree(doc)
    limit = tree[0].start if tree else doc.body_end
    return [p for p in doc.paragraphs if p.end <= limit][:60]


def _closing_start(doc: Document) -> int | None:
    """Index of the first "Nơi nhận" paragraph, if any."""
    return next((i for i, p in enumerate(doc.paragraphs)
                 if p.text.startswith("Nơi nhận") and re.match(r"^Nơi nhận\b", p.text)), None)


def _closing(doc: Document) -> list[Paragraph]:
    """Paragraphs from the first "Nơi nhận" on (the last 40 paragraphs when there is none)."""
    i = _closing_start(doc)
    return doc.paragraphs[i:] if i is not None else doc.paragraphs[-40:]


def parse_number(raw: str) -> str | None:
    """A document number as printed after "Số:", without spaces; None when the number is blank."""
    m = re.search(DOC_NUMBER, re.sub(r"\s+", "", raw))
    return m.group(0) if m else None


def own_number(doc: Document) -> tuple[str | None, str]:
    """The document's own number and type: "Số:" in the header, else an appendix's
    "Kèm theo Kế hoạch số …"."""
    header = _header(doc)
    number = next((parse_number(m.group(1)) for p in header
                   if (m := re.match(r"^Số\s*:?\s*(.*)$", p.text))), None)
    doc_type = _doc_type(header, number)
    if number is None:
        number = _number_from_appendix(doc, doc_type)
        if doc_type == "other" and number:
            doc_type = _doc_type([], number)
    return number, doc_type


@dataclass(frozen=True)
class Header:
    """The document's own fields, as its header and signature block give them."""
    doc_number: str | None
    doc_type: str
    place: str | None
    issued_date: dt.date | None
    title: str | None
    subject: str | None
    issuer: str | None
    admin_level: str | None      # of the issuer: tinh, huyen, xa
    province: str | None
    district: str | None
    commune: str | None
    plan_year: int | None
    period_start: int | None
    period_end: int | None
    signer_name: str | None
    signer_title: str | None
    signing_authority: str | None  # TM, KT, TL …
    recipients: list[str]
    addressees: list[str]


@per_document
def header(doc: Document) -> Header:
    """The document's own fields (computed once)."""
    head = _header(doc)
    fields: dict = {}
    fields["doc_number"], fields["doc_type"] = own_number(doc)
    fields["place"], fields["issued_date"] = _place_and_date(head)
    fields["title"] = _title(head)
    fields["subject"] = next((re.sub(r"^V/v:?\s*", "", p.text) for p in head if p.text.startswith("V/v")), None)
    fields.update(_issuer(doc, head, fields["title"], fields["place"]))
    fields["plan_year"], fields["period_start"], fields["period_end"] = _plan_years(fields["title"], fields["doc_type"])
    fields.update(_signature(doc))
    fields["recipients"] = _list_after(doc, "Nơi nhận")
    fields["addressees"] = _list_after(doc, "Kính gửi")
    return Header(**fields)


def _doc_type(header: list[Paragraph], number: str | None) -> str:
    for p in header:
        t = p.text.strip(" .*")
        if t in TYPE_LINES:
            return TYPE_LINES[t]
    if any(p.text.startswith("V/v") for p in header):
        return "cong_van"
    if number:
        code = number.split("/")[-1].split("-")[0]
        if code in TYPE_CODES:
            return TYPE_CODES[code]
        if code in ("UBND", "BCĐ") or number.count("/") == 1 and "-" in number.split("/")[-1]:
            return "cong_van"
    return "other"


def _place_and_date(header: list[Paragraph]) -> tuple[str | None, dt.date | None]:
    for p in header:
        m = PLACE_DATE.search(p.text)
        if m:
            place = m.group(1).strip()
            day, month, year = m.group(2), m.group(3), m.group(4)
            try:
                date = dt.date(int(year), int(month), int(day)) if day and month else None
            except ValueError:
                date = None
            return place, date
    return None, None


def _number_from_appendix(doc: Document, doc_type: str) -> str | None:
    word = TYPE_WORDS.get(doc_type, r"\w+(?: \w+)?")
    # led by a literal, the pattern is found by a fast substring search; the K or k before it checked after
    for m in re.finditer(rf"èm theo {word} số\s*({DOC_NUMBER})", doc.body):
        if m.start() and doc.body[m.start() - 1] in "Kk":
            return m.group(1)
    return None


def _title(header: list[Paragraph]) -> str | None:
    """The lines after the type line ("KẾ HOẠCH") up to the first opening clause."""
    start = next((i for i, p in enumerate(header) if p.text.strip(" .*") in TYPE_LINES), None)
    if start is None:
        return None
    parts = []
    for i, p in enumerate(header[start + 1:start + 4]):
        opener = OPENERS.match(p.text) and (i or p.text.startswith(("Căn cứ", "Kính gửi")))
        if opener or re.search(DOC_NUMBER, p.text) or re.match(r"^Số\s*:", p.text) or PLACE_DATE.search(p.text):
            break
        parts.append(p.text.strip())
        if p.text.rstrip().endswith((".", ";")):
            break
    return " ".join(parts) or None


def _issuer(doc: Document, header: list[Paragraph], title: str | None, place: str | None) -> dict:
    level_word = name = None
    paras = doc.paragraphs
    stop = _closing_start(doc) or len(paras)
    for i, p in enumerate(paras[:stop]):
        m = ISSUER_BLOCK.match(p.text)
        if not m or (i and AUTHORITY_LINE.match(paras[i - 1].text)):
            continue
        if m.group(1):
            level_word, name = m.group(1).lower(), m.group(2)
        elif i + 1 < len(paras) and (u := UNIT_LINE.match(paras[i + 1].text)):
            level_word, name = u.group(1).lower(), u.group(2)
        if name:
            name = _title_case(name)
            break
    if not name:
        preamble = "\n".join(p.text for p in header)
        m = ISSUING_SENTENCE.search(preamble)
        if m:
            level_word = (m.group(1) or "").lower() or level_word
            name = m.group(2) if m.group(2) and not OPENERS.match(m.group(2)) else None
        if not name:
            name, level_word = _area_name(f"{title or ''}\n{preamble}", level_word, place)
    if not name:
        return {"issuer": _other_issuer(header), "admin_level": None,
                "province": None, "district": None, "commune": None}
    return _place_in_map(doc, level_word, name)


def _area_name(text: str, level_word: str | None, place: str | None) -> tuple[str | None, str | None]:
    """The area a plan is for ("… xã Linh Thông năm 2024", "trên địa bàn tỉnh Thái Nguyên")."""
    for m in AREA.finditer(text):
        word, name = m.group(1).lower(), m.group(2)
        name = re.split(r"\s+(?:NĂM|GIAI|Năm|Giai)\b", name)[0]
        if level_word and word != level_word:
            continue
        return (_title_case(name) if is_upper(name) else name), word
    if place and (level_word in (None, "tỉnh")) and legacy().province(place):
        return place, "tỉnh"
    return None, level_word


def _place_in_map(doc: Document, level_word: str | None, name: str) -> dict:
    gaz = legacy()
    text = doc.body
    province = district = commune = None
    if level_word == "thành phố":
        level_word = "tỉnh" if gaz.province(name) else "huyện"
    level = LEVEL_OF_WORD.get(level_word or "", None)
    if level == "tinh":
        province = gaz.province(name) or name
    elif level == "huyen":
        district = name
        candidates = gaz.find_districts(name)
        named = [u for u in candidates if re.search(rf"tỉnh\s+{re.escape(u.province)}", text, re.IGNORECASE)]
        pick = named or candidates
        province = pick[0].province if len(pick) == 1 or named else None
        district = pick[0].district if pick else name
    elif level == "xa":
        commune = name
        candidates = gaz.find_communes(name)
        folded_text = fold_name(text)
        named = [u for u in candidates
                 if re.search(rf"(?:huyện|thị xã|thành phố)\s+{re.escape(u.district)}", text, re.IGNORECASE)
                 or fold_name(u.district) in folded_text]
        pick = named or candidates
        if len(pick) == 1 or named:
            district, province, commune = pick[0].district, pick[0].province, pick[0].commune
    issuer = f"UBND {level_word} {name}" if level_word else name
    return {"issuer": issuer, "admin_level": level, "province": province,
            "district": district, "commune": commune}


def _other_issuer(header: list[Paragraph]) -> str | None:
    """Issuers other than a People's Committee: the capitalised lines that open the header."""
    lines = []
    for p in header:
        if not is_upper(p.text) or p.text.startswith(("CỘNG HÒA", "CỘNG HOÀ")) or p.text in TYPE_LINES:
            break
        lines.append(p.text)
    return " ".join(lines) or None


def _plan_years(title: str | None, doc_type: str) -> tuple[int | None, int | None, int | None]:
    if not title:
        return None, None, None
    period = re.search(r"giai đoạn\s*(\d{4})\s*[-–]\s*(\d{4})", title, re.IGNORECASE)
    start, end = (int(period.group(1)), int(period.group(2))) if period else (None, None)
    year = re.findall(r"năm\s*(\d{4})", title, re.IGNORECASE)
    plan_year = int(year[-1]) if year and doc_type != "cong_van" else None
    return plan_year, start, end


def _signature(doc: Document) -> dict:
    """Signing authority (TM./KT.), the signer's title and name from the signature block."""
    out = {"signer_name": None, "signer_title": None, "signing_authority": None}
    closing = _closing(doc)
    for i, p in enumerate(closing):
        m = SIGNER_TITLE.match(p.text.strip())
        if not m:
            continue
        if m.group(1) and out["signing_authority"] is None:
            out["signing_authority"] = m.group(1)
        if i + 1 < len(closing) and SIGNER_TITLE.match(closing[i + 1].text.strip()):
            continue  # "KT. CHỦ TỊCH" followed by "PHÓ CHỦ TỊCH": the next line is the title
        out["signer_title"] = _sentence_case_title(m.group(2))
        for q in closing[i + 1:i + 6]:
            name = re.sub(r"^\(?(?:Đã ký|đã ký)\)?\s*", "", q.text.strip()).strip()
            if PERSON.match(name) or (is_upper(name) and 2 <= len(name.split()) <= 5):
                out["signer_name"] = _title_case(name)
                break
        break
    return out


def _sentence_case_title(title: str) -> str:
    """"PHÓ CHỦ TỊCH THƯỜNG TRỰC" → "Phó Chủ tịch Thường trực"."""
    t = title.lower().capitalize()
    return re.sub(r"\b(chủ tịch|thường trực)\b", lambda m: m.group(1).capitalize(), t)


def _list_after(doc: Document, opener: str) -> list[str]:
    """The bullet items after a "Nơi nhận:" / "Kính gửi:" line (or on the same line)."""
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        if not p.text.startswith(opener):
            continue
        m = re.match(rf"{opener}\s*:?", p.text)
        items = [p.text[m.end():].strip()]
        for q in paras[i + 1:]:
            if q.text.startswith("Gửi bản"):  # "Gửi bản điện tử:" heads the list in e-mailed plans
                continue
            if not re.match(r"^[-+•]", q.text):
                break
            items.append(re.sub(r"^[-+•]\s*", "", q.text).rstrip(";.,"))
        return [x for x in items if x]
    return []
