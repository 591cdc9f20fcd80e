"""Counting rules: stated counts against what the text lists or what the map knows.

- `list_count`: a stated count ("03 xã", "09 tiêu chí") against the members listed;
- `duplicate_member`: a list that names the same member twice;
- `percent`: a stated share ("1.528 xã (25,3%)") against count ÷ base of the same sentence;
- `fraction`: "10/13 xã" — the 13 must be the number of xã in the district (or province) the plan is for.
"""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.checks.base import Check
from extractors.communes import canonical_names, commune_lists
from extractors.counts import paragraph_counts
from extractors.header import Header, header
from extractors.lists import CRITERION, StatedList, stated_lists
from extractors.numbers import parse_numeral
from extractors.spans import number_matches
from extractors.sections import Section, section_tree
from pipeline.lexicon.gazetteer import fold_name, legacy
from pipeline.lexicon.outline import NUMBERED
from pipeline.lexicon.words import AGENCY_HEAD, COMMUNE_UNITS, VILLAGE_UNITS
from pipeline.model import Document


def _count_check(rule: str, stated: int, listed: int, unit: str, start: int, end: int, doubtful: bool,
                 parts: list[tuple[int, int]], what: str) -> Check:
    if stated == listed:
        status, en, vi = "pass", f"{stated} {unit} stated, {listed} listed", f"nêu {stated} {unit}, liệt kê {listed}"
    else:
        status = "warn" if doubtful else "fail"
        en = f"{stated} {unit} stated but {listed} {what} listed"
        vi = f"nêu {stated} {unit} nhưng liệt kê {listed}"
        if doubtful:
            en += " (some items could not be told apart or recognised)"
            vi += " (có mục không tách hoặc không nhận ra được)"
    return Check(rule, status, Decimal(stated), Decimal(listed), Decimal(0), en, vi, start, end, unit, [], parts)


def list_count_checks(doc: Document) -> list[Check]:
    out = []
    canonical = canonical_names(doc)
    for lst in commune_lists(doc):
        names = [canonical.get(fold_name(n), n) for n in lst.members]
        doubtful = lst.items != len(names)
        out.append(_count_check("list_count", lst.stated_count, len(names), lst.unit_type, lst.count_start,
                                lst.count_end, doubtful, [], "names"))
    for lst in stated_lists(doc):
        items = [i for i in lst.items if not FIGURE_ITEM.match(i.text)]
        if not items or _not_a_count(doc, lst) or any(ALTERNATIVES.search(i.text) for i in lst.items):
            continue  # a breakdown into counts, a number that is no count, alternatives rather than members
        # an item of more than a sentence's words: where the list ends was not found
        doubtful = (lst.ambiguous or len(items) != len(lst.items) or _two_counts(doc, lst)
                    or any(len(i.text.split()) > MAX_LIST_ITEM_WORDS for i in items))
        out.append(_count_check("list_count", lst.count, len(items), lst.noun, lst.count_start, lst.count_end,
                                doubtful, [(i.start, i.end) for i in items], "items"))
    return out


MAX_LIST_ITEM_WORDS = 40
# an item that is a figure ("230,2 tỷ đồng", "03 đơn vị thuộc loại hình …"): an attribute or a count, no member
FIGURE_ITEM = re.compile(r"^\(?\d")
# "(vết lộ, hố, giếng hoặc khoan)": kinds to choose from, not members to count
ALTERNATIVES = re.compile(r"\bhoặc\b")
# a unit word and a name: "đơn vị bầu cử số 1 thành phố Hà Nội" names a place, it counts nothing
NAMED_UNIT = re.compile(r"^(?:tỉnh|thành phố|huyện)\s+[A-ZĐ]")


def _not_a_count(doc: Document, lst: StatedList) -> bool:
    """A number that counts nothing: an ordinal ("số 1", "khóa 14"), a table's row number before a tab,
    a unit word that begins a place's name."""
    before = doc.text[max(0, lst.count_start - 8):lst.count_start]
    printed = doc.text[lst.count_start:lst.count_end]
    after = doc.text[lst.count_end - len(lst.noun):lst.count_end + 30]
    return bool(re.search(r"(?:số|khóa|khoá|cơ sở|thứ)\s*$", before, re.IGNORECASE) or "\t" in printed
                or NAMED_UNIT.match(after))


def _two_counts(doc: Document, lst: StatedList) -> bool:
    """"03 đơn vị thi công 05 công trình …, gồm: …": two counts before one list, which one it lists is a doubt."""
    clause = doc.text[max(0, lst.count_start - 60):lst.count_start]
    clause = re.split(r"[.;:]\s", clause)[-1]
    return bool(re.search(r"(?<![\d/.,])\d{1,3}\s+[^\W\d]", clause))


def duplicate_member_checks(doc: Document) -> list[Check]:
    """A commune list, a stated list, or a "gồm:" list of criteria that names a member twice."""
    out = []
    canonical = canonical_names(doc)
    for lst in commune_lists(doc):
        seen: set[str] = set()
        for n in lst.members:
            key = fold_name(canonical.get(fold_name(n), n))
            if key in seen:
                out.append(_duplicate(n, lst.count_start, lst.count_end))
            seen.add(key)
    for p in doc.paragraphs:
        opener = "gồm" in p.text and re.search(r"\b(?:bao gồm|gồm)\s*:", p.text)
        if not opener:
            continue
        seen_at: dict[str, int] = {}
        for m in CRITERION.finditer(p.text, opener.end()):
            for n in [m.group(1)] + re.findall(r"\d{1,2}", m.group(2)):
                if n in seen_at:
                    start = p.start + m.start()
                    out.append(_duplicate(f"tiêu chí số {n}", start, p.start + m.end()))
                seen_at.setdefault(n, m.start())
    return out + _enumeration_duplicates(doc)


# an enumeration stays within a clause: up to a full stop, a colon, a semicolon, or a parenthesis
CLAUSE_END = re.compile(r"(?<!\d)[.:!?;](?=\s|$)|[()\t]")  # a table's cells (tab-separated) are apart
# the items of an enumeration: split at commas (not the decimal comma), and at the "và" that
# opens another body's name ("Sở Xây dựng và Sở Nông nghiệp và Môi trường": not the "và" inside a name)
ITEM_SEPARATOR = re.compile(rf"(?<!\d),(?!\d)|\svà\s(?={AGENCY_HEAD})")
LEADING_UNIT = re.compile(rf"^(?:các\s+)?(?:{'|'.join(COMMUNE_UNITS + VILLAGE_UNITS)})\s+", re.IGNORECASE)
MAX_ITEM_WORDS = 8
# a piece that ends an address ("CCN Y Can, xã Quy Mông, tỉnh Lào Cai"): what follows it is another place
ADDRESS_END = re.compile(r"^(?:tỉnh|huyện|thành phố|thị xã|quận|TP\.?)\s", re.IGNORECASE)


def _enumeration_duplicates(doc: Document) -> list[Check]:
    """An enumeration of three or more items in one clause that names one body or place twice ("Sở Nội vụ,
    Sở Tư pháp, Sở Nội vụ"; "xã Gia Thuận, Tân Điền, Gò Công Đông, Gia Thuận"), and sibling items of one
    list headed by the same body ("3. Sở Tài chính" … "4. Sở Tài chính"). Only names are compared: common
    words ("ban, ngành", "khoa học, công nghệ") recur in long sentences without being listed twice."""
    out = []
    for p in doc.paragraphs:
        if p.text.count(",") < 2:
            continue
        begin = 0
        for end in [m.start() for m in CLAUSE_END.finditer(p.text)] + [len(p.text)]:
            out += _clause_duplicates(p.start + begin, p.text[begin:end])
            begin = end + 1
    groups: dict[tuple[int, str], list[Section]] = {}
    for s in section_tree(doc):
        if s.marker in NUMBERED and s.parent is not None:
            groups.setdefault((id(s.parent), s.marker), []).append(s)
    for siblings in groups.values():
        seen: set[str] = set()
        for s in siblings:
            heading = s.heading.strip(" *_:.")
            name = fold_name(heading)
            if _names_one_body_or_place(heading) and re.match(AGENCY_HEAD, heading):
                if name in seen:
                    out.append(_duplicate(s.heading.strip(" *_:."), s.start, s.start + len(s.number)))
                seen.add(name)
    return out


def _without_lead_in(text: str) -> str:
    """A name without the words that lead into it ("Phối hợp với Sở Xây dựng" → "Sở Xây dựng"): from a
    body's head word or the first two capitalised words."""
    words = text.split()
    k = next((i for i, w in enumerate(words) if re.match(AGENCY_HEAD, " ".join(words[i:]))
              or w[:1].isupper() and i + 1 < len(words) and words[i + 1][:1].isupper()), 0)
    return " ".join(words[k:])


def _names_one_body_or_place(text: str) -> bool:
    """A name a list can hold once: two to eight words, two of them capitalised (a proper name) or three
    opening with a body's head word ("Viện kiểm sát nhân dân tỉnh"); not in capitals (table headings),
    not a collective ("các xã", "UBND cấp xã")."""
    words = text.split()
    proper = sum(w[:1].isupper() for w in words) >= 2 or len(words) >= 3 and re.match(AGENCY_HEAD, text)
    return (2 <= len(words) <= MAX_ITEM_WORDS and bool(proper) and text != text.upper()
            and " các " not in f" {text.lower()} " and not GENERIC_BODY.match(text))


GENERIC_BODY = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+(?:cấp\s+)?"
                          r"(?:tỉnh|huyện|xã|phường|thị trấn|thành phố|quận)$", re.IGNORECASE)


def _clause_duplicates(offset: int, clause: str) -> list[Check]:
    """The names a run of comma-separated names in one clause repeats."""
    pieces, pos = [], 0
    for m in list(ITEM_SEPARATOR.finditer(clause)) + [None]:
        stop = m.start() if m else len(clause)
        pieces.append((pos, clause[pos:stop]))
        pos = m.end() if m else stop
    if len(pieces) < 3:
        return []
    out, seen = [], set()
    for k, (at, piece) in enumerate(pieces):
        text = re.sub(r"[*_]", "", piece).strip(" ()“”\"'")
        if k == 0:  # the first item stands after the clause's opening words: "Đơn vị phối hợp: Sở …"
            text = text.split(":")[-1].strip()
        following = pieces[k + 1][1].strip(" *_") if k + 1 < len(pieces) else ""
        if ADDRESS_END.match(text) or re.search(r"\b(?:hoặc|or)\b", text) or (following and following[0].islower()):
            seen = set()  # an address, alternatives, or a name that runs on past the comma: no enumeration
            continue
        text = LEADING_UNIT.sub("", text)
        if k == 0 or text[:1].islower():  # "phối hợp với Sở Nội vụ": words that lead into the first name
            text = _without_lead_in(text)
        key = fold_name(text)
        if len(text.split()) > MAX_ITEM_WORDS:
            seen = set()  # an enumeration is a run of short items: a long piece ends it
            continue
        if " các " in f" {piece.lower()} " or not _names_one_body_or_place(text):
            continue
        if key in seen:
            start = offset + at + len(piece) - len(piece.lstrip())
            out.append(_duplicate(text, start, start + len(piece.strip())))
        seen.add(key)
    return out


def _duplicate(member: str, start: int, end: int) -> Check:
    return Check("duplicate_member", "fail", None, None, Decimal(0), f"'{member}' is listed twice",
                 f"'{member}' được liệt kê hai lần", start, end)


PERCENT_AFTER = re.compile(r"^\s*\(\s*(\d{1,3}(?:,\d+)?)\s*%\s*\)")


def percent_checks(doc: Document) -> list[Check]:
    """"6.043 xã …, trong đó có 1.528 xã (25,3%)": the share against 1.528 ÷ 6.043."""
    out = []
    for p, counts in paragraph_counts(doc):
        for i, c in enumerate(counts):
            m = PERCENT_AFTER.match(p.text[c.end:])
            if not m:
                continue
            base = next((b for b in reversed(counts[:i]) if b.unit == c.unit and b.value > c.value
                         and re.search(r"trong đó|trong số đó", p.text[b.end:c.start])
                         and not re.search(r"\.\s", p.text[b.end:c.start])), None)
            if base is None:
                continue
            stated = parse_numeral(m.group(1))
            actual = Decimal(c.value) * 100 / Decimal(base.value)
            ok = abs(stated.value - actual) <= stated.half_interval
            shown = f"{actual:.3f}".replace(".", ",")
            start, end = p.start + c.end + m.start(1), p.start + c.end + m.end(1) + 1
            if ok:
                status, en, vi = "pass", f"{c.value} / {base.value} = {shown}%", f"{c.value} / {base.value} = {shown}%"
            else:
                status = "fail"
                en = f"{c.value} {c.unit} of {base.value} is {shown}%, not the stated {m.group(1)}%"
                vi = f"{c.value} {c.unit} trên {base.value} là {shown}%, không phải {m.group(1)}% như đã nêu"
            out.append(Check("percent", status, stated.value, actual.quantize(Decimal("0.001")),
                             stated.half_interval, en, vi, start, end, "%", [],
                             [(p.start + c.start, p.start + c.end), (p.start + base.start, p.start + base.end)]))
    return out


FRACTION = re.compile(r"(?<![\d/.,])(\d{1,3})\s*/\s*(\d{1,3})\s+(xã|huyện|tiêu chí)(?!\w)", re.IGNORECASE)
CRITERIA_SETS = {19, 9}  # criteria of a commune (xã NTM, nâng cao), of a district


def fraction_checks(doc: Document) -> list[Check]:
    """"10/13 xã": 13 must be the xã of the area the plan is for; a part never exceeds its whole."""
    head = header(doc)
    known = _known_totals(head)
    out = []
    for p in doc.paragraphs:
        for m in number_matches(doc, FRACTION, p):
            part, whole, unit = int(m.group(1)), int(m.group(2)), m.group(3).lower()
            start, end = p.start + m.start(2), p.start + m.end(2)
            with_towns = unit == "xã" and re.match(r"\s*(?:,|và|/)\s*thị trấn", p.text[m.end():])
            expected = known.get("xã, thị trấn" if with_towns else unit)
            if part > whole:
                out.append(Check("fraction", "fail", Decimal(whole), Decimal(part), Decimal(0),
                                 f"{part}/{whole} {unit}: the part exceeds the whole",
                                 f"{part}/{whole} {unit}: phần lớn hơn tổng", start, end, unit))
            elif unit == "tiêu chí" and whole not in CRITERIA_SETS:
                out.append(Check("fraction", "warn", Decimal(whole), None, Decimal(0),
                                 f"{part}/{whole} tiêu chí: criteria sets have 19 (xã) or 9 (huyện) criteria",
                                 f"{part}/{whole} tiêu chí: bộ tiêu chí có 19 (xã) hoặc 9 (huyện) tiêu chí",
                                 start, end, unit))
            elif unit == "tiêu chí" or expected is not None:
                target = whole if unit == "tiêu chí" or whole in expected else min(expected)
                status = "pass" if whole == target else "fail" if head.admin_level == "huyen" else "warn"
                area = head.district or head.province
                en = (f"{part}/{whole} {unit}: {area} has {target} {unit}" if unit != "tiêu chí"
                      else f"{part}/{whole} tiêu chí: a full criteria set")
                vi = (f"{part}/{whole} {unit}: {area} có {target} {unit}" if unit != "tiêu chí"
                      else f"{part}/{whole} tiêu chí: đủ bộ tiêu chí")
                if status == "fail":
                    en, vi = en + f", not {whole}", vi + f", không phải {whole}"
                out.append(Check("fraction", status, Decimal(whole), Decimal(target), Decimal(0), en, vi,
                                 start, end, unit, [], [(p.start + m.start(1), p.start + m.end(1))]))
    return out


def _known_totals(head: Header) -> dict[str, set[int]]:
    """How many xã (with or without the towns) and huyện the plan's area has, on the pre-2025 map."""
    gaz = legacy()
    province, district = head.province, head.district
    if head.admin_level == "huyen" and district:
        units = gaz.communes_of(district, province)
    elif head.admin_level == "tinh" and province:
        units = gaz.communes_in_province(province)
    else:
        return {}
    if not units:
        return {}
    xa = sum((u.commune_type or "").lower() == "xã" for u in units)
    towns = sum((u.commune_type or "").lower() == "thị trấn" for u in units)
    known = {"xã": {xa}, "xã, thị trấn": {xa + towns}}
    if head.admin_level == "tinh":
        known["huyện"] = {len({u.district for u in units})}
    return known
