"""What a document says of itself: number, type, issuer and its place in the administrative map, date,
title or subject, signer, recipients (`header`; the `documents` table's fields, and what other extractors
read of a document's place and date).

The header is read where the document's own frame begins, after any web page furniture: the issuing body's
lines stand before the national heading ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") with the number line, the
place and date after it, then the type line and the title. The issuer is the lowest body the block names:
a People's Committee ("UBND tỉnh …", "UBND thành phố …" as printed), or a department, office or team under
it ("Sở Công Thương tỉnh Lào Cai", "Văn phòng UBND tỉnh Lào Cai", "Đoàn kiểm tra …"). A damaged header has
fallbacks: the issuer from "UBND tỉnh … ban hành" and the title's area; the number from an appendix's
"Kèm theo Kế hoạch số …". A number or day left blank in a draft is None.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extractors.sections import section_tree
from pipeline.lexicon.gazetteer import fold_name, legacy
from pipeline.lexicon.vietnamese import is_upper
from pipeline.lexicon.words import (AGENCY_HEAD, AUTHORITY, CENTRAL_GOVERNMENT, DISTRICT_UNITS, DOCUMENT_TYPE_LINES,
                                    LEVEL_OF_UNIT, OFFICE, PEOPLES_COMMITTEE, PEOPLES_COUNCIL, PROVINCE_UNITS,
                                    UNIT_WORD, is_national_heading)
from pipeline.model import Document, Paragraph, per_document

# 56/KH-UBND, 27/2022/NĐ-CP, 763/TTr-SNN, 164-CV/TU, 144-CTr/TU, 66.2/2025/NQ-CP, 05/2026/VLN/CV-LV; PDF text
# may put a space after a hyphen.
DOC_NUMBER = (r"\d{1,6}(?:\.\d{1,3})?(?:-[A-ZĐ][A-Za-zĐđ]{0,5})?(?:/\d{4})?"
              r"(?:/[A-ZĐ][A-Za-zĐđ0-9&]*(?:- ?[A-ZĐ0-9&][A-Za-zĐđ0-9&]*)*)+")
TYPE_CODES = {"KH": "ke_hoach", "QĐ": "quyet_dinh", "BC": "bao_cao", "NQ": "nghi_quyet", "CV": "cong_van"}
TYPE_WORDS = {"ke_hoach": "Kế hoạch", "quyet_dinh": "Quyết định", "bao_cao": "Báo cáo",
              "nghi_quyet": "Nghị quyết", "cong_van": "Công văn"}
NAME = r"[A-ZĐ][^\s,.;:()]*(?:[ ][A-ZĐ0-9][^\s,.;:()]*){0,3}"
PLACE_DATE = re.compile(r"([A-ZĐ][^\n,]{1,40}?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})")
UNIT_IN_LINE = re.compile(rf"\b({UNIT_WORD.upper()})\s+(\S.*)$")
UNIT_LINE = re.compile(rf"^({UNIT_WORD.upper()})\s+(.+)$")
ISSUING_SENTENCE = re.compile(
    rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Ủy ban nhân)\s+({UNIT_WORD})?\s*({NAME})?\s*"
    r"(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch)")
# (?=…): the first letters of the unit words, a lookahead the engine can skip along to, faster than the bare
# leading lookbehind (see CRITERION in extractors/lists.py)
AREA = re.compile(rf"(?=[tThHqQxXpPđĐ])(?<![\w])(?i:({UNIT_WORD}))[ ]+({NAME})")
SIGNER_TITLE = re.compile(rf"^(?:({AUTHORITY})\.\s*)?({OFFICE})\s*$")
AUTHORITY_LINE = re.compile(rf"^{AUTHORITY}\.\s")
# marks OCR reads off a seal or a signature around the lines of a signature block ("'TRƯỞNG ĐOÀN", "_ PHÓ
# GIÁM ĐỐC")
SEAL_NOISE = " '\"‘’`_|~"
PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,4}$")
OPENERS = re.compile(r"^(?:Căn cứ|Thực hiện|Sau khi|Trên cơ sở|Theo|Kính gửi|Nhằm|Để)\b")
NUMBER_LINE = re.compile(r"^Số\s*:?\s*(.*)$")
DEPARTMENT = re.compile(r"^SỞ\s")  # a department of a province's People's Committee: Sở exist at no other tier
BODY_LINE = re.compile(rf"^{AGENCY_HEAD}", re.IGNORECASE)  # "SỞ CÔNG THƯƠNG", "ĐOÀN KIỂM TRA", "VĂN PHÒNG"
# bodies whose names are proper names, set in title case ("Sở Công Thương", "Ban Quản lý")
PROPER_BODIES = ("sở", "ban", "bộ", "cục", "chi cục", "phòng", "trung tâm", "ủy ban", "uỷ ban")
PERIOD = re.compile(r"giai đoạn\s*(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
YEAR_WORDS = re.compile(r"(?:năm|đến|giai đoạn|từ)\s*(\d{4})\b|\d{1,2}/\d{1,2}/(\d{4})\b", re.IGNORECASE)


def _title_case(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _body_case(name: str) -> str:
    """A body's name printed in capitals, in the case running text gives it: "SỞ CÔNG THƯƠNG TỈNH LÀO CAI" →
    "Sở Công Thương tỉnh Lào Cai", "VĂN PHÒNG" → "Văn phòng", "ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT"
    → "Đoàn kiểm tra theo quyết định số 1050/QĐ-SCT"."""
    if not is_upper(name):
        return name
    words = name.split()
    out = [w if any(c.isdigit() for c in w) or "/" in w else w.lower() for w in words]
    lowered = " ".join(out)
    proper = next((h for h in PROPER_BODIES if lowered.startswith(h + " ")), None)
    unit = UNIT_IN_LINE.search(name)
    cut = len(name[:unit.start()].split()) if unit else len(words)
    if proper:  # the body's own name up to its place: title case
        start = len(proper.split())
        out[start:cut] = [w[:1].upper() + w[1:] if w != "và" else w for w in out[start:cut]]
    if unit:  # the place after its unit word
        place_at = cut + len(unit.group(1).split())
        out[place_at:] = [w[:1].upper() + w[1:] for w in out[place_at:]]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _header(doc: Document) -> list[Paragraph]:
    """Paragraphs before the first section (the whole body when there is none), at most 80, from where the
    document's own frame begins (its issuer block, before the national heading; web page furniture before
    it is passed over)."""
    tree = section_tree(doc)
    limit = tree[0].start if tree else doc.body_end
    paragraphs = [p for p in doc.paragraphs if p.end <= limit]
    national = next((i for i, p in enumerate(paragraphs[:200]) if is_national_heading(p.text)), None)
    start = max(0, _issuer_block_start(paragraphs, national) if national is not None else 0)
    return paragraphs[start:start + 80]


def _issuer_block_start(paragraphs: list[Paragraph], national: int) -> int:
    """Where the issuer block before the national heading begins: the capitals that stand right before it,
    with the number line, the subject (V/v …) and the date among them."""
    i, start = national, national
    while i > 0 and national - i < 8:
        text = paragraphs[i - 1].text
        if is_upper(text) and len(text) <= 200:
            start = i - 1
        elif not (NUMBER_LINE.match(text) or text.startswith("V/v") or PLACE_DATE.search(text)):
            break
        i -= 1
    return start


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
    number = next((parse_number(m.group(1)) for p in header if (m := NUMBER_LINE.match(p.text))), None)
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


def authored(doc: Document) -> bool:
    """Whether the text is an administrative document of its own: its header gives a number or a type
    (a plan, a decision, a report, a letter, a law …). Pages that quote and compile others (Q&A pages,
    encyclopedia articles) have neither: their figures are nobody's plan (no funding) and what the checks find
    in them is not certain."""
    head = header(doc)
    return bool(head.doc_number) or head.doc_type != "other"


@per_document
def header(doc: Document) -> Header:
    """The document's own fields (computed once)."""
    head = _header(doc)
    fields: dict = {}
    fields["doc_number"], fields["doc_type"] = own_number(doc)
    fields["place"], fields["issued_date"], issue_year, _ = _place_and_date(head)
    fields["subject"] = next((re.sub(r"^V/v:?\s*", "", p.text) for p in head if p.text.startswith("V/v")), None)
    fields["title"] = _title(head) or _fallback_title(doc, fields["subject"])
    fields.update(_issuer(doc, head, fields["title"], fields["place"]))
    # no issuer printed (or one guessed from the place: a People's Committee never numbers its documents
    # with a central body's code): the number's code says it ("2530/QĐ-TTg": the Prime Minister's)
    if fields["doc_number"] and (fields["issuer"] is None or fields["issuer"].startswith("UBND ")):
        central = CENTRAL_CODE.search(fields["doc_number"])
        if central:
            fields.update(admin_level="trung_uong", issuer=CENTRAL_CODES.get(central.group(1).rstrip("0123456789")),
                          province=None, district=None, commune=None)
    fields["plan_year"], fields["period_start"], fields["period_end"] = _plan_years(
        doc, fields["title"], fields["doc_type"], issue_year)
    fields.update(_signature(doc))
    fields["recipients"] = _list_after(doc, "Nơi nhận")
    fields["addressees"] = _list_after(doc, "Kính gửi")
    return Header(**fields)


def _doc_type(header: list[Paragraph], number: str | None) -> str:
    for p in header:
        t = p.text.strip(" .*:")
        if t in DOCUMENT_TYPE_LINES:
            return DOCUMENT_TYPE_LINES[t]
    if any(p.text.startswith("V/v") for p in header):
        return "cong_van"
    if number:
        code = number.split("/")[-1].split("-")[0]
        if code in TYPE_CODES:
            return TYPE_CODES[code]
        if code in ("UBND", "BCĐ") or number.count("/") == 1 and "-" in number.split("/")[-1]:
            return "cong_van"
    return "other"


@per_document
def issued_month(doc: Document) -> tuple[int, int | None] | None:
    """The year and month of the date line, also when its day is left blank ("ngày   tháng 6 năm 2026")."""
    _, _, year, month = _place_and_date(_header(doc))
    return (year, month) if year else None


def _place_and_date(header: list[Paragraph]) -> tuple[str | None, dt.date | None, int | None, int | None]:
    """The place, the date (None when the day or month is left blank), the year and the month of the date line."""
    for p in header:
        m = PLACE_DATE.search(p.text)
        if m:
            place = m.group(1).strip()
            day, month, year = m.group(2), m.group(3), m.group(4)
            try:
                date = dt.date(int(year), int(month), int(day)) if day and month else None
            except ValueError:
                date = None
            return place, date, int(year), int(month) if month and 1 <= int(month) <= 12 else None
    return None, None, None, None


def _number_from_appendix(doc: Document, doc_type: str) -> str | None:
    word = TYPE_WORDS.get(doc_type, r"\w+(?: \w+)?")
    # led by a literal, the pattern is found by a fast substring search; the K or k before it checked after
    for m in re.finditer(rf"èm theo {word} số\s*({DOC_NUMBER})", doc.body):
        if m.start() and doc.body[m.start() - 1] in "Kk":
            return m.group(1)
    return None


def _title(header: list[Paragraph]) -> str | None:
    """The paragraph after the type line ("KẾ HOẠCH"), with the paragraphs that run on from it (a title
    printed on several lines of its own), up to the first opening clause or the issuing authority."""
    start = next((i for i, p in enumerate(header) if p.text.strip(" .*:") in DOCUMENT_TYPE_LINES), None)
    if start is None:
        return None
    parts: list[str] = []
    for p in header[start + 1:start + 4]:
        text = p.text.strip()
        opener = OPENERS.match(text) and (parts or text.startswith(("Căn cứ", "Kính gửi")))  # "Thực hiện …" may title
        if (opener or NUMBER_LINE.match(text) or PLACE_DATE.search(text) or text.startswith("(")
                or PEOPLES_COMMITTEE.match(text) or SIGNER_TITLE.match(text) or re.match(rf"^{OFFICE}\b", text)):
            break
        if parts and not (text[:1].islower() or is_upper(text) and is_upper(parts[-1])):
            break
        parts.append(text)
        if text.endswith((".", ";")):
            break
    return " ".join(parts) or None


def _fallback_title(doc: Document, subject: str | None) -> str | None:
    """A document without a type line is titled by its subject (V/v …), its first heading, or its first
    paragraph (at most 200 characters)."""
    if subject:
        return subject
    starts = sorted(doc.heading_levels)
    paragraph = next((p for p in doc.paragraphs if p.start in doc.heading_levels), None) if starts else None
    paragraph = paragraph or next((p for p in doc.paragraphs if len(p.text.strip()) >= 3), None)
    if paragraph is None:
        return None
    text = paragraph.text.strip()
    return text if len(text) <= 200 else text[:200].rsplit(" ", 1)[0] + " …"


# The central bodies that issue documents (the Government and the Prime Minister, ministries and their
# departments, the National Assembly, the supreme court and procuracy, the Party's central organs): their
# documents' level is trung_uong
CENTRAL_ISSUER = re.compile(rf"(?:{CENTRAL_GOVERNMENT}|Bộ\s|"
                            r"Tổng cục\s|Cục\s|Kiểm toán Nhà nước|Ngân hàng Nhà nước|Tòa án nhân dân tối cao|"
                            r"Viện kiểm sát nhân dân tối cao|Ban Chấp hành Trung ương|Ban [^,]{2,40}Trung ương)",
                            re.IGNORECASE)


# The codes central issuers sign with, at the end of a document's number: "-TTg" the Prime Minister, "-CP" the
# Government, "/QH15" the National Assembly, "-BNV", "-BTC" … a ministry
CENTRAL_CODES = {"TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "VPCP": "Văn phòng Chính phủ", "QH": "Quốc hội",
                 "UBTVQH": "Ủy ban Thường vụ Quốc hội",
                 "NHNN": "Ngân hàng Nhà nước Việt Nam", "BNV": "Bộ Nội vụ", "BTC": "Bộ Tài chính",
                 "BCT": "Bộ Công Thương", "BXD": "Bộ Xây dựng", "BTP": "Bộ Tư pháp", "BYT": "Bộ Y tế",
                 "BGDĐT": "Bộ Giáo dục và Đào tạo", "BKHCN": "Bộ Khoa học và Công nghệ",
                 "BNNMT": "Bộ Nông nghiệp và Môi trường", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
                 "BTNMT": "Bộ Tài nguyên và Môi trường", "BQP": "Bộ Quốc phòng", "BCA": "Bộ Công an",
                 "BNG": "Bộ Ngoại giao", "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
                 "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BTTTT": "Bộ Thông tin và Truyền thông",
                 "BGTVT": "Bộ Giao thông vận tải", "BKHĐT": "Bộ Kế hoạch và Đầu tư", "BDTTG": "Bộ Dân tộc và Tôn giáo"}
CENTRAL_CODE = re.compile(rf"[-/]((?:QH|UBTVQH)\d*|{'|'.join(CENTRAL_CODES)})$")


def _issuer(doc: Document, header: list[Paragraph], title: str | None, place: str | None) -> dict:
    block = _issuer_block(header)
    found = _issuer_from_block(block)
    if found is not None:
        issuer, level_word, name = found
        if not name and place and any(DEPARTMENT.match(line) for line in block) and legacy().province(place):
            # a department (Sở) of a province that prints no "UBND TỈNH …" above it: the province is where
            # it dates its documents ("SỞ CÔNG THƯƠNG" / "ĐOÀN KIỂM TRA …", "Lào Cai, ngày …")
            level_word, name = "tỉnh", place
        return {**_place_in_map(doc, level_word, name), "issuer": issuer} if name else {
            "issuer": issuer, "admin_level": "trung_uong" if CENTRAL_ISSUER.match(issuer or "") else None,
            "province": None, "district": None, "commune": None}
    level_word = name = None
    paras = doc.paragraphs
    stop = _closing_start(doc) or len(paras)
    for i, p in enumerate(paras[:min(stop, 80)]):  # a header displaced into the body
        if not PEOPLES_COMMITTEE.match(p.text) or not is_upper(p.text) or (i and AUTHORITY_LINE.match(paras[i - 1].text)):
            continue
        unit = UNIT_IN_LINE.search(p.text) or (UNIT_LINE.match(paras[i + 1].text) if i + 1 < len(paras) else None)
        if unit:
            level_word, name = unit.group(1).lower(), _title_case(unit.group(2))
            break
    framed = any(is_national_heading(p.text) or NUMBER_LINE.match(p.text) or p.text.strip(" .*:") in DOCUMENT_TYPE_LINES
                 for p in header)
    if not name and framed:  # a page that is no administrative document (an article, a Q&A) is not guessed at
        preamble = "\n".join(p.text for p in header if not is_national_heading(p.text))  # "…XÃ HỘI…" names no xã
        m = ISSUING_SENTENCE.search(preamble)
        if m:
            level_word = (m.group(1) or "").lower() or level_word
            name = m.group(2) if m.group(2) and not OPENERS.match(m.group(2)) else None
        if not name:
            name, level_word = _area_name(f"{title or ''}\n{preamble}", level_word, place)
    if not name:
        return {"issuer": None, "admin_level": None, "province": None, "district": None, "commune": None}
    return _place_in_map(doc, level_word, name)


def _issuer_block(header: list[Paragraph]) -> list[str]:
    """The lines in capitals that open the header, before its number line or national heading."""
    lines = []
    for p in header[:6]:
        text = p.text.strip(" *")
        if NUMBER_LINE.match(text) or is_national_heading(text) or text in DOCUMENT_TYPE_LINES or not is_upper(text):
            break
        lines.append(text)
    return lines


def _issuer_from_block(lines: list[str]) -> tuple[str, str | None, str | None] | None:
    """(issuer, unit word, place name) from the issuer block's lines: the lowest body they name, with the
    People's Committee or Council it belongs to for its place."""
    if not lines:
        return None
    committee = next((i for i, line in enumerate(lines) if PEOPLES_COMMITTEE.match(line) or PEOPLES_COUNCIL.match(line)), None)
    level_word = name = None
    below = lines
    if committee is not None:
        line = lines[committee]
        unit = UNIT_IN_LINE.search(line)
        below = lines[committee + 1:]
        if unit is None and below and (unit := UNIT_LINE.match(below[0])):
            below = below[1:]
        if unit is None:
            return None
        level_word, name = unit.group(1).lower(), _title_case(unit.group(2))
        council = bool(PEOPLES_COUNCIL.match(line))
        owner = f"{'HĐND' if council else 'UBND'} {level_word} {name}"
        if not below:
            return owner, level_word, name
        lowest = _lowest_body(below)
        body = _body_case(lowest)
        if body.lower().startswith("văn phòng") and not UNIT_IN_LINE.search(lowest):
            return f"{body} {owner}", level_word, name
        return (body if UNIT_IN_LINE.search(lowest) else f"{body} {level_word} {name}"), level_word, name
    placed = next((UNIT_IN_LINE.search(line) for line in lines if UNIT_IN_LINE.search(line)), None)
    if placed:
        level_word, name = placed.group(1).lower(), _title_case(placed.group(2))
    return _body_case(_lowest_body(lines)), level_word, name


def _lowest_body(lines: list[str]) -> str:
    """The name of the lowest body an issuer block names: its last line that opens with a body ("ĐOÀN KIỂM
    TRA") with the lines that run on from it ("THEO QUYẾT ĐỊNH", "SỐ 1050/QĐ-SCT"), set on lines of their
    own in scans and in PDFs whose header block is read column by column; the last line when none opens
    with a body."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if BODY_LINE.match(lines[i])), len(lines) - 1)
    return " ".join(lines[start:])


def _area_name(text: str, level_word: str | None, place: str | None) -> tuple[str | None, str | None]:
    """The area a plan is for ("… xã Linh Thông năm 2024", "trên địa bàn tỉnh Thái Nguyên")."""
    for m in AREA.finditer(text):
        word, name = m.group(1).lower(), m.group(2)
        name = re.split(r"\s+(?:NĂM|GIAI|Năm|Giai)\b", name)[0]
        if level_word and word != level_word:
            continue
        if is_upper(name):  # a title in capitals capitalises every word: the map says which make a name
            name = _title_case(name)
            if not _on_the_map(word, name):
                continue
        return name, word
    if place and (level_word in (None, "tỉnh")) and legacy().province(place):
        return place, "tỉnh"
    return None, level_word


def _on_the_map(word: str, name: str) -> bool:
    """Whether the legacy map has a unit of that tier with a name the words open with."""
    gaz = legacy()
    words = name.split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n])
        if (gaz.province(candidate) if word in PROVINCE_UNITS else gaz.find_districts(candidate)
                if word in DISTRICT_UNITS else gaz.find_communes(candidate)):
            return True
    return False


def _place_in_map(doc: Document, level_word: str | None, name: str) -> dict:
    gaz = legacy()
    text = doc.body
    province = district = commune = None
    level_of_word = level_word
    if level_word == "thành phố":  # a city run by the centre is a province; another, a district
        level_of_word = "tỉnh" if gaz.province(name) else "huyện"
    level = LEVEL_OF_UNIT.get(level_of_word or "", None)
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


def _plan_years(doc: Document, title: str | None, doc_type: str,
                issue_year: int | None) -> tuple[int | None, int | None, int | None]:
    """The year a plan is for, and the period its title states: the title's own year ("… năm 2025", not the
    date of a document it cites nor a horizon "đến năm 2030"), else the first year of its period ("giai đoạn
    2026 - 2030"); else the year it is issued in, unless it implements another document ("Thực hiện Chỉ thị
    …") and sets no time of its own (no goal or time frame from that year on)."""
    period = PERIOD.search(title or "")
    start, end = (int(period.group(1)), int(period.group(2))) if period else (None, None)
    if doc_type == "cong_van":
        return None, start, end
    own = CITED_DATE.sub(" ", title or "")
    years = [int(m.group(1)) for m in TITLE_YEAR.finditer(own) if not HORIZON.search(own, 0, m.start())]
    if years:
        return years[-1], start, end
    if start:
        return start, start, end
    if issue_year is None or doc_type not in ("ke_hoach", "quyet_dinh", "bao_cao"):
        return None, start, end
    if not IMPLEMENTS.match(title or "") or _sets_own_time(doc, issue_year):
        return issue_year, start, end
    return None, start, end


CITED_DATE = re.compile(r"ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*|/\s*\d{1,2}\s*/\s*)\d{4}", re.IGNORECASE)
TITLE_YEAR = re.compile(r"năm\s*(\d{4})", re.IGNORECASE)
HORIZON = re.compile(r"(?:đến|tầm nhìn|định hướng)\s*$", re.IGNORECASE)
IMPLEMENTS = re.compile(r"^(?:ban hành kế hoạch\s+)?(?:triển khai\s+)?(?:thực hiện|triển khai)\b", re.IGNORECASE)
# the time a plan gives its own work: "trong năm 2025", "Quý IV/2025", "Thời gian thực hiện: … 2026", "từ ngày
# 20/11/2025", "đến năm 2030" in a goal
TIME_FRAME = re.compile(r"(?:trong năm|[Qq]uý\s+[IV1-4]+\s*(?:năm|/)|(?:[Tt]hời gian|[Tt]hời hạn)[^.;\n]{0,120}?|"
                        r"(?:từ|đến) ngày\s*\d{1,2}/\d{1,2}/)\s*(\d{4})\b")


def _sets_own_time(doc: Document, issue_year: int) -> bool:
    """Whether the plan sets goals for a year from `issue_year` on (in its targets part) or a time frame of
    its own for its work."""
    for s in section_tree(doc):
        if s.parent is None and s.kind == "targets" and any(
                int(a or b) >= issue_year for a, b in YEAR_WORDS.findall(doc.text[s.start:s.end])):
            return True
    return any(int(m.group(1)) >= issue_year for m in TIME_FRAME.finditer(doc.body))


def _signature(doc: Document) -> dict:
    """Signing authority (TM./KT.), the signer's title and name from the signature block."""
    out = {"signer_name": None, "signer_title": None, "signing_authority": None}
    closing = _closing(doc)
    lines = [p.text.strip().strip(SEAL_NOISE) for p in closing]
    for i, line in enumerate(lines):
        m = SIGNER_TITLE.match(line)
        if not m:
            continue
        if m.group(1) and out["signing_authority"] is None:
            out["signing_authority"] = m.group(1)
        if i + 1 < len(lines) and SIGNER_TITLE.match(lines[i + 1]):
            continue  # "KT. CHỦ TỊCH" followed by "PHÓ CHỦ TỊCH": the next line is the title
        out["signer_title"] = _sentence_case_title(m.group(2))
        for line_after in lines[i + 1:i + 6]:
            name = re.sub(r"^\(?(?:Đã ký|đã ký)\)?\s*", "", line_after).strip()
            words = name.split()
            if PERSON.match(name) or (is_upper(name) and 2 <= len(words) <= 5 and all(map(str.isalpha, words))):
                out["signer_name"] = _title_case(name)
                break
        break
    return out


def _sentence_case_title(title: str) -> str:
    """"PHÓ CHỦ TỊCH THƯỜNG TRỰC" → "Phó Chủ tịch Thường trực", "PHÓ GIÁM ĐỐC" → "Phó Giám đốc"."""
    words = title.lower().split()
    parts, i = [], 0
    if words[:1] == ["phó"]:
        parts.append("Phó")
        i = 1
    rest = " ".join(words[i:])
    standing = rest.endswith(" thường trực")
    rest = rest[: -len(" thường trực")] if standing else rest
    parts.append(rest[:1].upper() + rest[1:])
    if standing:
        parts.append("Thường trực")
    return " ".join(parts)


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
