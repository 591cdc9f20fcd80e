"""Bodies given a responsibility → `agencies`, and what each is given → `agency_assignments`.

An agency is named by a heading of the organization part ("2. Phòng Tài chính - Kế hoạch",
"3. Đề nghị Ủy ban MTTQ Việt Nam tỉnh …"), or as the subject of a task ("- Ban quản lý … các xã; Ủy ban
nhân dân các xã triển khai …", "Giao Sở … chủ trì", "Đề nghị Ban Chỉ đạo … chỉ đạo thực hiện").
Names are kept as printed, with a canonical form that spells the abbreviations out (UBND, NN&PTNT,
MTTQ, LĐ-TB&XH …) and, for the departments merged on 1 March 2025, the department they became.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.header import header
from extractors.sections import Section, section_at, section_tree
from pipeline.lexicon.gazetteer import fold_name
from pipeline.lexicon.outline import parse_marker
from pipeline.lexicon.words import AGENCY_HEAD
from pipeline.model import Document, Paragraph, per_document
from pipeline.lexicon.vietnamese import traditional_tone_marks

AGENCY_START = re.compile(rf"^(?:Đề nghị|Giao|Yêu cầu)?\s*({AGENCY_HEAD})")
TASK_VERB = (r"chủ trì|phối hợp|thực hiện|tham mưu|triển khai|có trách nhiệm|chịu trách nhiệm|định kỳ|tổ chức|"
             r"hướng dẫn|chỉ đạo|theo dõi|căn cứ|tiếp tục|xây dựng|phụ trách|được giao|quyết liệt|rà soát|"
             r"báo cáo|đôn đốc|kiểm tra|tăng cường|bố trí|cân đối|vận động|tuyên truyền|giám sát|ưu tiên|"
             r"nghiên cứu|đề xuất|trên cơ sở|theo chức năng|thường xuyên|khẩn trương|chủ động|đẩy mạnh|"
             r"lồng ghép|hỗ trợ|thẩm định|thẩm tra|ban hành|cần|phải|sẽ|đã|đang|nắm|làm")
NAME_START = re.compile(AGENCY_HEAD)
NAME_STOP = re.compile(rf"\s*(?:[:.(]|\s(?:{TASK_VERB})\b)|\s*[,;]\s*(?=(?:Các\s+|các\s+)?[A-ZĐỦ][\w]*\s)"
                       rf"(?={AGENCY_HEAD})|$")
# Collectives a task sentence may open with but that name no body ("Các ngành, các cấp", "các phòng, ban, ngành").
GENERIC = re.compile(r"^các (?:ngành|cấp|phòng|ban|cơ quan|đơn vị|sở)\b(?:[, ]+(?:các )?(?:ngành|cấp|phòng|ban|sở|"
                     r"đoàn thể|địa phương|đơn vị|cơ quan|ủy ban nhân dân các xã|chức năng))*\s*$")
# A task sentence opens with an agency, or with a verb that hands the task to one.
LEAD_VERB = re.compile(r"\b(?:Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu)\s+(?=" + AGENCY_HEAD + ")")
LEAD_VERB_WORDS = ("iao", "ề nghị", "êu cầu")  # in every LEAD_VERB match: tested first, as substrings
ABBREVIATIONS = [
    (r"\bUBND\b", "Ủy ban nhân dân"), (r"\bHĐND\b", "Hội đồng nhân dân"), (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bNN\s*(?:&|và)\s*PTNT\b", "Nông nghiệp và Phát triển nông thôn"),
    (r"\bTN\s*(?:&|và)\s*MT\b", "Tài nguyên và Môi trường"), (r"\bNN\s*(?:&|và)\s*MT\b", "Nông nghiệp và Môi trường"),
    (r"\bLĐ\s*-?\s*TB\s*(?:&|và)\s*XH\b", "Lao động - Thương binh và Xã hội"),
    (r"\bGD\s*(?:&|và)\s*ĐT\b", "Giáo dục và Đào tạo"), (r"\bKT\s*(?:&|và)\s*HT\b", "Kinh tế và Hạ tầng"),
    (r"\bVH\s*-\s*TT\b", "Văn hóa - Thông tin"), (r"\bTC\s*-\s*KH\b", "Tài chính - Kế hoạch"),
    (r"\bPTNT\b", "Phát triển nông thôn"), (r"\bNTM\b", "nông thôn mới"), (r"\bMTQG\b", "mục tiêu quốc gia"),
    (r"\bBCĐ\b", "Ban Chỉ đạo"), (r"\bBQL\b", "Ban Quản lý"), (r"\bTP\b\.?", "thành phố"),
]
# Departments merged on 1 March 2025 into Sở (Phòng) Nông nghiệp và Môi trường.
MERGED_2025 = re.compile(r"^(Sở|Phòng)\s+(?:Nông nghiệp và Phát triển nông thôn|Tài nguyên và Môi trường)$")
# A role's words, looked for in a task's lower-cased lead as a substring before the pattern checks their bounds
ROLE_WORDS = [("chu_tri", "chủ trì", re.compile(r"\bchủ trì\b")), ("phoi_hop", "phối hợp", re.compile(r"\bphối hợp\b"))]
CRITERIA = re.compile(r"(?:tiêu chí|chỉ tiêu)\s+(?:số\s+)?(\d{1,2}(?:\.\d{1,2})?)", re.IGNORECASE)


@dataclass
class Agency:
    name: str
    start: int
    end: int
    source: str                       # heading, subject
    section: Section | None = None
    tasks: list[Paragraph] = field(default_factory=list)


_ABBREVIATIONS = [(re.compile(pattern), full) for pattern, full in ABBREVIATIONS]


@lru_cache(maxsize=1 << 14)
def canonical(name: str) -> str:
    """The name with abbreviations spelt out and tone marks in their traditional place."""
    for pattern, full in _ABBREVIATIONS:
        name = pattern.sub(full, name)
    return traditional_tone_marks(re.sub(r"\s+", " ", name).strip())


def level_of(name: str, issuer_level: str | None) -> str | None:
    n = fold_name(canonical(name))
    for word, level in (("các xã", "xa"), ("các huyện", "huyen"), ("các tỉnh", "tinh")):
        if word in n:
            return level
    found = [(m.start(), lvl) for word, lvl in (("xã", "xa"), ("huyện", "huyen"), ("tỉnh", "tinh"),
                                                ("trung ương", "trung_uong"))
             for m in re.finditer(rf"\b{word}\b", n)]
    if found:
        return max(found)[1]
    if re.match(r"^(?:các )?(?:sở|đài|báo)\b", n):
        return "tinh"
    if re.match(r"^(?:các )?phòng\b", n):
        return "huyen"
    if re.match(r"^bộ\b", n):
        return "trung_uong"
    return issuer_level


@per_document
def agencies(doc: Document) -> list[Agency]:
    """Every agency given a responsibility, once each, in reading order (computed once)."""
    return _find(doc)


def _split_names(text: str) -> list[tuple[str, int]]:
    """A heading naming several bodies ("Đài Phát thanh và Truyền hình Bắc Kạn, Báo Bắc Kạn") → each;
    a collective name ("Các Sở, ban, ngành", "Ban chỉ đạo, Ban quản lý") stays whole."""
    pieces, pos = [], 0
    for part in re.split(r"(,\s*|;\s*)", text):
        if part and not re.fullmatch(r",\s*|;\s*", part):
            pieces.append((part, pos))
        pos += len(part)
    proper = all(re.match(AGENCY_HEAD, p) and re.search(r"\s[A-ZĐÂÊÔƠƯ][^\s]*", p[3:]) for p, _ in pieces)
    if len(pieces) > 1 and (proper or all(";" in text[o - 2:o] for _, o in pieces[1:])):
        return pieces
    return [(text, 0)]


def _find(doc: Document) -> list[Agency]:
    sections = section_tree(doc)
    found: list[Agency] = []
    organization = [s for s in sections if s.kind == "organization" and s.parent is not None]
    for s in organization:
        if s.marker in ("dash", "plus"):
            continue
        m = AGENCY_START.match(s.heading)
        if not m:
            continue
        if any(AGENCY_START.match(c.heading) for c in s.children if c.marker not in ("dash", "plus")):
            continue  # a group heading ("1. Các Sở, ban, ngành, đơn vị cấp tỉnh") over agency headings
        text = s.heading[m.start(1):]
        offset = doc.text.index(text, s.start) if text in doc.text[s.start:s.end] else s.start
        for name, at in _split_names(text):
            found.append(Agency(name.strip(), offset + at, offset + at + len(name.strip()), "heading", s))
    scope = [p for p in doc.paragraphs if _in_scope(sections, p)]
    for p in scope:
        marker = parse_marker(p.text)
        body = marker.rest if marker else p.text
        lead = len(p.text) - len(body)
        for lead_end in _lead_ins(body):
            for name, at in _subjects(body, lead_end):
                start = p.start + lead + at
                found.append(Agency(name, start, start + len(name), "subject", section_at(sections, p.start)))
    head = header(doc)
    if head.doc_type == "cong_van":
        for name in head.addressees:
            at = doc.text.find(name)
            if NAME_START.match(name) and at >= 0:
                found.append(Agency(name.strip(" ;."), at, at + len(name), "addressee"))
    return _dedupe(found)


def _lead_ins(body: str) -> list[int]:
    """Where the agencies a task sentence names begin: at its start, or after a verb that hands it on."""
    ends = [0] if NAME_START.match(body) else []
    if any(w in body for w in LEAD_VERB_WORDS):
        ends += [m.end() for m in LEAD_VERB.finditer(body)]
    return ends


def _subjects(body: str, pos: int) -> list[tuple[str, int]]:
    """Names that open a task sentence at `pos`: "A, B; C chủ trì …" → A, B, C (each with its offset).
    A run of names counts only when a task verb or a colon follows it."""
    names: list[tuple[str, int]] = []
    while len(names) < 8 and (head := NAME_START.match(body, pos)):
        after_head = re.match(r"\s*\S+", body[head.end():])  # "Ban Chỉ đạo": the word after the head is its own
        stop = NAME_STOP.search(body, head.end() + (after_head.end() if after_head else 0))
        name = body[pos:stop.start()].strip()
        if not name or len(name.split()) > 20:
            return []
        names.append((name, pos))
        rest = body[stop.start():stop.end()]
        if re.match(r"\s*[,;]", rest) and stop.end() > stop.start():
            pos = stop.end()
            continue
        return names if (re.match(rf"\s*:|\s(?:{TASK_VERB})\b", rest)) else []
    return []


def _in_scope(sections: list[Section], p: Paragraph) -> bool:
    """Task sentences: in the organization and tasks parts, or anywhere when the document has no parts."""
    s = section_at(sections, p.start)
    return s.kind in ("organization", "tasks") if s else not sections


def _dedupe(found: list[Agency]) -> list[Agency]:
    """One agency per canonical name; a task subject that is part of a heading's name is that agency."""
    out: list[Agency] = []
    for a in sorted(found, key=lambda a: (a.source != "heading", a.start)):
        key = fold_name(canonical(a.name))
        if a.source != "heading" and (GENERIC.match(key) or any(
                _subsequence(fold_name(canonical(o.name)).split(), key.split()) for o in out)):
            continue
        if len(key.split()) < 2 or any(key == fold_name(canonical(o.name)) or
                                       (a.source == "subject" and key in fold_name(canonical(o.name)))
                                       for o in out):
            continue
        out.append(a)
    return sorted(out, key=lambda a: a.start)


def _subsequence(short: list[str], long: list[str]) -> bool:
    """Whether the words of `short` occur in `long` in order ("Ban Chỉ đạo huyện" in "Ban chỉ đạo các … huyện")."""
    words = iter(long)
    return all(w in words for w in short)


def extract(doc: Document) -> list[dict]:
    issuer_level = header(doc).admin_level
    issued = header(doc).issued_date
    rows = []
    for n, a in enumerate(agencies(doc), 1):
        full = canonical(a.name)
        merged = MERGED_2025.match(full)
        rows.append({
            "doc_id": doc.doc_id, "agency_id": f"{doc.doc_id}-a{n:04d}", "name": a.name, "canonical_name": full,
            "level": level_of(a.name, issuer_level), "source": a.source,
            "successor": f"{merged.group(1)} Nông nghiệp và Môi trường" if merged else None,
            "successor_in_force": bool(merged and issued and issued.isoformat() >= "2025-03-01"),
            "section_id": a.section.section_id if a.section else None,
            "start_char": a.start, "end_char": a.end, "page": doc.page_at(a.start),
        })
    return rows


def extract_assignments(doc: Document) -> list[dict]:
    """What each agency is given: the task paragraphs under its heading, or the sentence it is subject of."""
    rows = []
    ids = {id(a): f"{doc.doc_id}-a{n:04d}" for n, a in enumerate(agencies(doc), 1)}
    for a in agencies(doc):
        if a.source == "heading" and a.section is not None:
            tasks = doc.paragraphs_after(a.section.start, a.section.end) or [_paragraph_at(doc, a.start)]
        else:
            tasks = [_paragraph_at(doc, a.start)]
        for t in tasks:
            text = t.text.strip()
            if not text:
                continue
            lead = text[:160].lower()
            role = next((r for r, words, pattern in ROLE_WORDS if words in lead and pattern.search(lead)), "thuc_hien")
            rows.append({
                "doc_id": doc.doc_id, "assignment_id": f"{ids[id(a)]}-t{len(rows) + 1:04d}",
                "agency_id": ids[id(a)], "agency_name": a.name, "role": role, "task": text,
                "criteria": sorted(set(CRITERIA.findall(text) if "tiêu" in text.lower() else ()),
                                   key=lambda c: [int(x) for x in c.split(".")]),
                "section_id": a.section.section_id if a.section else None,
                "start_char": t.start, "end_char": t.end, "page": doc.page_at(t.start),
            })
    return rows


def _paragraph_at(doc: Document, offset: int) -> Paragraph:
    return doc.paragraph_at(offset) or Paragraph(offset, offset, "")
