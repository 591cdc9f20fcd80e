"""Structural rules: numbering, periods and dates, places on the map.

- `numbering_sequence`: sibling headings and list items numbered 1, 2, 3 … (a, b, c …; I, II …);
- `date_range`: a period that ends before it starts, a stated length that contradicts its years
  ("05 năm 2026–2028"), a cited document dated after the document itself;
- `gazetteer`: a district the issuing province does not have (but a near spelling of one it has),
  a commune named under a district that does not contain it.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from extractors import references
from extractors.checks.base import Check
from extractors.communes import COMMUNE_TYPES, mentions
from extractors.spans import number_matches, word_matches
from extractors.header import header
from extractors.sections import Section, section_tree
from pipeline.lexicon.outline import LETTERS, NUMBERED, label, ordinal
from pipeline.lexicon.gazetteer import fold_name, legacy
from pipeline.model import Document

def numbering_sequence_checks(doc: Document) -> list[Check]:
    """Siblings of one kind must count up by one (in the Vietnamese alphabet for letters: a, b, c, d, đ, e,
    g …); a list may restart at 1 (a new list), and "d" may be followed by "e" (đ left out, as many
    documents do)."""
    out = []
    groups: dict[tuple[str | None, str], list[Section]] = {}
    for s in section_tree(doc):
        if s.marker in NUMBERED:
            groups.setdefault((s.parent.section_id if s.parent else None, s.marker), []).append(s)
    for siblings in groups.values():
        prev = None
        for s in siblings:
            n = ordinal(s.marker, s.numeral)
            if n is None:
                prev = None
                continue
            skips_dd = s.marker == "letter" and prev == LETTERS.index("d") + 1 and s.numeral == "e"
            if prev is not None and n != prev + 1 and n != 1 and not skips_dd:
                expected, shown_prev = label(s.marker, prev + 1), label(s.marker, prev)
                out.append(Check("numbering_sequence", "fail", Decimal(prev + 1), Decimal(n), Decimal(0),
                                 f"item numbered '{s.numeral}' follows '{shown_prev}': expected '{expected}'",
                                 f"mục đánh số '{s.numeral}' đứng sau '{shown_prev}': đúng ra là '{expected}'",
                                 s.start, s.start + len(s.number)))
            prev = n
    return out


PERIOD = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?!\d)")
# "05 năm 2026–2028", "05 năm (giai đoạn 2026-2028)": a stated length just before the period
STATED_YEARS = re.compile(r"(\d{1,2})\s+năm\s*[(,]?\s*(?:giai đoạn|thời kỳ|từ năm|năm)?\s*$", re.IGNORECASE)


def date_range_checks(doc: Document) -> list[Check]:
    out = []
    for p in doc.paragraphs + doc.footnote_paragraphs:
        for m in number_matches(doc, PERIOD, p):
            first, last = int(m.group(1)), int(m.group(2))
            start, end = p.start + m.start(1), p.start + m.end(2)
            stated = STATED_YEARS.search(p.text, max(0, m.start() - 40), m.start())
            if last < first:
                out.append(Check("date_range", "fail", Decimal(first), Decimal(last), Decimal(0),
                                 f"the period {first}-{last} ends before it starts",
                                 f"giai đoạn {first}-{last} kết thúc trước khi bắt đầu", start, end))
            elif stated:
                years = int(stated.group(1))
                if years not in (last - first, last - first + 1):
                    out.append(Check("date_range", "fail", Decimal(years), Decimal(last - first + 1), Decimal(0),
                                     f"{years} years stated for {first}-{last} ({last - first + 1} years)",
                                     f"nêu {years} năm cho giai đoạn {first}-{last} ({last - first + 1} năm)",
                                     p.start + stated.start(1), end))
    issued = header(doc).issued_date
    if issued:
        for r in references.extract(doc):
            if r["ref_date"] and r["ref_date"] > issued:
                out.append(Check("date_range", "fail", None, None, Decimal(0),
                                 f"{r['ref_number']} is dated {r['ref_date']:%d/%m/%Y}, after this document "
                                 f"({issued:%d/%m/%Y})",
                                 f"văn bản {r['ref_number']} ngày {r['ref_date']:%d/%m/%Y}, sau ngày ban hành "
                                 f"văn bản này ({issued:%d/%m/%Y})", r["start_char"], r["end_char"]))
    return out


DISTRICT_WORDS = ("huyện", "thị xã")
DISTRICT_MENTION = re.compile(r"(?<!\w)((?i:huyện|thị xã))\s+((?:[A-ZĐ][^\W\d_]*)(?:\s+[A-ZĐ][^\W\d_]*){0,2})")


def _bare(name: str) -> str:
    """A name without any diacritics (Đông Hỷ and Đồng Hỷ meet here)."""
    s = unicodedata.normalize("NFD", fold_name(name).replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def gazetteer_checks(doc: Document) -> list[Check]:
    head = header(doc)
    province = head.province
    out = []
    if province:
        gaz = legacy()
        districts = gaz.districts_of(province)
        by_bare = {_bare(d): d for d in districts}
        known = {fold_name(d) for d in districts}
        for p in doc.paragraphs:
            for m in word_matches(doc, DISTRICT_MENTION, DISTRICT_WORDS, p):
                name = m.group(2)
                tokens = name.split()
                matched = any(fold_name(" ".join(tokens[:n])) in known for n in range(len(tokens), 0, -1))
                if matched:
                    continue
                near = next((by_bare[_bare(" ".join(tokens[:n]))] for n in range(len(tokens), 0, -1)
                             if _bare(" ".join(tokens[:n])) in by_bare), None)
                if near:
                    start = p.start + m.start(2)
                    out.append(Check("gazetteer", "fail", None, None, Decimal(0),
                                     f"{province} has no {m.group(1)} '{name}': did you mean '{near}'?",
                                     f"tỉnh {province} không có {m.group(1)} '{name}': có phải là '{near}'?",
                                     start, start + len(" ".join(tokens[:len(near.split())]))))
    gaz = legacy()
    for m in mentions(doc):
        if not m.explicit_district or m.unit_type not in COMMUNE_TYPES:
            continue
        anywhere = gaz.find_communes(m.printed, None, province)
        if anywhere and not gaz.find_communes(m.printed, m.district, province) and gaz.find_districts(m.district, province):
            where = ", ".join(sorted({u.district for u in anywhere}))
            out.append(Check("gazetteer", "fail", None, None, Decimal(0),
                             f"{m.unit_type} {m.printed} is not in {m.district} (it is in {where})",
                             f"{m.unit_type} {m.printed} không thuộc {m.district} (thuộc {where})", m.start, m.end))
    return out
