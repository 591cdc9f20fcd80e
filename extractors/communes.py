"""Named communes and villages → `communes`, and the lists that come with a stated count →
`commune_lists`.

A name is read after its unit word ("xã Đức Xuân", "XÃ LINH THÔNG", "thôn Nà Pài") or as the next
item of a list that started with one ("xã Nguyên Phúc, Đôn Phong, Cao Sơn, huyện Bạch Thông"), or as
a bare item of a list announced by a count ("02 xã (Lê Lai, Đức Long)"). Commune-level names are
confirmed against the gazetteer of the map in force at the document's date (before 1 July 2025 the
three-tier map, with the unit the commune became in 2025; after it the 34-province map), which also
mends case typos ("Vân trình") and tone-mark spellings. Villages (thôn, xóm, bản, tổ dân phố) are
not in the gazetteer: they are kept as printed when capitalised.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from extractors.header import header, issued_month
from extractors.sections import section_id_at
from extractors.spans import closing_paren, number_matches, sentence_end, word_search
from pipeline.lexicon.gazetteer import (NewUnit, Unit, fold_name, legacy, reform_communes, reform_communes_toneless,
                                       successor)
from pipeline.lexicon.words import DISTRICT_UNITS, PROVINCE_UNITS, VILLAGE_UNITS
from pipeline.model import Document, per_document
from pipeline.lexicon.vietnamese import traditional_tone_marks

REFORM_DATE = dt.date(2025, 7, 1)
COMMUNE_TYPES = ("xã", "phường", "thị trấn")  # the commune-level units the legacy map names
VILLAGE_TYPES = ("thôn", "xóm", "bản", "tổ dân phố")
# Matched only where a unit word begins (spans.word_search).
UNIT_WORDS = tuple(sorted(COMMUNE_TYPES + VILLAGE_UNITS, key=len, reverse=True))  # longest first, for the alternation
# not the "thôn" of "nông thôn", nor the "xã" of "thị xã" (a district-level town)
UNIT_WORD = re.compile(rf"(?<![\w])(?<![Nn]ông )(?<![Tt]hị )(?<!THỊ )({'|'.join(UNIT_WORDS)})\s+", re.IGNORECASE)
HIGHER_WORD = re.compile(rf"\s*,?\s*(?:thuộc\s+)?({'|'.join(DISTRICT_UNITS + PROVINCE_UNITS[:1])}|TP\.?)\s+", re.IGNORECASE)
TOKEN = r"[^\W\d_]+(?:-[^\W\d_]+)?|\d+"  # a word (hyphenated or not) or a number
# up to four tokens separated by single spaces, one group each
TOKENS = re.compile(rf"({TOKEN})(?: ({TOKEN}))?(?: ({TOKEN}))?(?: ({TOKEN}))?")
SEPARATOR = re.compile(r"\s*(?:,|;|\bvà\b|–)\s*")
LIST_OPENER = re.compile(r"\(|:|\bbao gồm\b|\bgồm\b", re.IGNORECASE)
COUNT_OF_UNITS = re.compile(r"(?<![\d/.,])(\d{1,3})\s+(xã|phường|thị trấn|thôn|xóm|bản)(?!\w)", re.IGNORECASE)


@dataclass
class Mention:
    printed: str
    unit_type: str
    start: int
    end: int
    district: str | None = None          # as the text gives it next to the name
    explicit_district: bool = False
    read_by_ocr: bool = False            # on a page read by OCR: its tone marks may be misread


@dataclass
class Place:
    """A resolved name: one row of `communes` per document and (name, unit type)."""
    name: str
    unit_type: str
    district: str | None
    province: str | None
    resolution: str                      # gazetteer_district, gazetteer_province, gazetteer_other_province,
    #                                      ambiguous, not_in_gazetteer, village
    code: str | None = None
    new_name: str | None = None          # the unit it became on 1 July 2025 (legacy map)
    new_type: str | None = None
    new_province: str | None = None
    new_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class CommuneList:
    stated_count: int
    unit_type: str
    members: list[str]
    items: int                           # separator-delimited items in the list region
    count_start: int
    count_end: int
    start: int                           # the list region
    end: int
    purpose: str
    found: list[Mention] = field(default_factory=list)  # every name in the region, members or not


def _context(doc: Document) -> tuple[str | None, str | None, bool | None]:
    head = header(doc)
    return head.province, head.district, _after_reform(head.issued_date, issued_month(doc))


def _after_reform(date: dt.date | None, month: tuple[int, int | None] | None) -> bool | None:
    """Whether the document is dated after the 2025 reform; a draft's blank day ("ngày   tháng 6 năm
    2026") is dated by its month and year, a blank month by its year; None for an undated page."""
    if date:
        return date >= REFORM_DATE
    if month:
        year, number = month
        return year > REFORM_DATE.year or (year == REFORM_DATE.year and number is not None
                                           and number >= REFORM_DATE.month)
    return None


# Unit words that end a capitalised name ("xã Thạch Tân Huyện Thạch Hà"); not "Thành", "Thị" (Tân Thành, Thị Cầu)
NAME_STOPS = {"huyện", "quận", "tỉnh"}
PART_OF = re.compile(r"\s*(?:,|\bvà\b)?\s*(?:một|1) phần\b", re.IGNORECASE)
LIST_OPENING = re.compile(r"[\s(:,;]*(?:bao gồm|gồm|cụ thể[^:]*:)?[\s(:]*", re.IGNORECASE)


def _capitalised(token: str) -> bool:
    return token[0].isupper() or token[0].isdigit()


def _commune_name(doc: Document, text: str, pos: int, unit_type: str, bare: bool,
                  ocr: bool = False) -> tuple[str, int] | None:
    """The name starting at `pos`: (printed name, end) or None. On a page read by OCR (`ocr`), a name known
    but for its tone marks is known."""
    tokens = TOKENS.match(text, pos)  # group n: the n-th token, up to tokens.lastindex
    if not tokens or not _capitalised(tokens.group(1)) or (bare and tokens.group(1).isdigit()):
        return None
    province, _, after_reform = _context(doc)
    if unit_type in COMMUNE_TYPES:
        for n in range(tokens.lastindex, 0, -1):
            name = text[pos:tokens.end(n)]
            if _known_commune(name, province, after_reform) or (
                    ocr and province and len(_toneless_communes(name, province, after_reform)) == 1):
                return name, tokens.end(n)
        if bare:
            return None
    run = []
    for n in range(1, tokens.lastindex + 1):
        word = tokens.group(n)
        if not _capitalised(word) or (word.isupper() and len(word) > 1 and not word.isdigit()) \
                or word.lower() in NAME_STOPS:
            break
        run.append(tokens.end(n))
    if not run or (unit_type in COMMUNE_TYPES and len(run) < 2):
        return None
    return text[pos:run[-1]], run[-1]


def _known_commune(name: str, province: str | None, after_reform: bool | None) -> bool:
    """Whether a name is a commune of the map in force (either map for an undated page)."""
    if after_reform or (after_reform is None and reform_communes(name, province)):
        return bool(reform_communes(name, province)) or bool(legacy().find_communes(name, None, province))
    return bool(legacy().find_communes(name, None, province)) or (
        province is None and bool(legacy().find_communes(name)))


def _toneless_communes(name: str, province: str, after_reform: bool | None) -> list:
    """The communes of the province's map in force spelt as `name` is but for tone marks."""
    if after_reform:
        return reform_communes_toneless(name, province)
    return legacy().find_communes_toneless(name, province)


def _district_after(text: str, pos: int) -> tuple[str, int] | None:
    """A district named right after a name or list: ", huyện Bạch Thông" → ("Bạch Thông", end)."""
    m = HIGHER_WORD.match(text, pos)
    if not m or m.group(1).lower() == "tỉnh":
        return None
    tokens = TOKENS.match(text, m.end())
    for n in range(tokens.lastindex if tokens else 0, 0, -1):
        name = text[m.end():tokens.end(n)]
        if legacy().find_districts(name):
            return name, tokens.end(n)
    return None


def _scan(doc: Document, text: str, offset: int, start: int, end: int, unit_type: str | None,
          bare: bool) -> list[Mention]:
    """Names in text[start:end]: after unit words, and (with `bare`) bare list items of `unit_type`."""
    found: list[Mention] = []
    ocr_pages = set(doc.ocr_pages or ())
    pos = start
    while pos < end:
        m = _unit_word(doc, text, offset, pos, end)
        at_bare = bare and unit_type and (not m or m.start() > pos)
        if at_bare:
            here = LIST_OPENING.match(text[pos:end])
            cursor, kind = pos + here.end(), unit_type
        elif m:
            cursor, kind = m.end(), m.group(1).lower()
        else:
            break
        group: list[Mention] = []
        while cursor < end:
            ocr = bool(ocr_pages) and doc.page_at(offset + cursor) in ocr_pages
            got = _commune_name(doc, text, cursor, kind, bare=at_bare or bool(group), ocr=ocr)
            if got is None:
                break
            name, name_end = got
            group.append(Mention(name, kind, offset + cursor, offset + name_end, read_by_ocr=ocr))
            cursor = name_end
            district = _district_after(text, cursor)
            if district:
                for g in group:
                    if g.district is None:
                        g.district, g.explicit_district = district[0], True
                cursor = district[1]
            sep = SEPARATOR.match(text, cursor)
            if not sep:
                break
            word = UNIT_WORD.match(text, sep.end())
            if word and not (word.group(1)[0].isupper() and _commune_name(doc, text, sep.end(), kind, True)):
                cursor = sep.end()  # a new unit word starts the next group
                break
            cursor = sep.end()
        found.extend(group)
        if at_bare and not group:
            if not m:
                break
            pos = m.start()
            bare = False if m.start() >= end else bare
            continue
        pos = max(cursor, (m.end() if m and not at_bare else pos + 1))
    return found


# Words a unit word ends, not a unit: "Nhà xuất bản", "văn bản", "phiên bản", "cơ bản", "biên bản" …;
# "hợp tác xã" (a cooperative), "Thông tấn xã" (a news agency), "Đức Quốc xã" (Nazi Germany)
COMPOUND_BEFORE = {
    "bản": re.compile(r"(?<!\w)(?:xuất|văn|phiên|ấn|cơ|mộc|biên|nguyên|kịch|dị|tái|chính|bổn|bộ)\s$", re.IGNORECASE),
    "xã": re.compile(r"(?<!\w)(?:tác|tấn|quốc)\s$", re.IGNORECASE),
}


def _unit_word(doc: Document, text: str, offset: int, pos: int, end: int) -> re.Match | None:
    """The next unit word in text[pos:end] that names a unit, not one inside a proper name or a word."""
    while (m := word_search(doc, UNIT_WORD, UNIT_WORDS, text, offset, pos, end)) and (
            _inside_name(text, m.start()) or _in_compound(text, m)):
        pos = m.end()
    return m


# The bodies of a unit, printed before it in capitals ("UBND Xã Tân An", "Ủy Ban Nhân Dân Phường 2")
BODY_BEFORE_UNIT = {"ubnd", "hđnd", "mttq", "ubmttq", "dân", "ủy", "uỷ"}


def _in_compound(text: str, m: re.Match) -> bool:
    """A unit word as the last syllable of a word ("xuất bản", "hợp tác xã"), not a unit."""
    before = COMPOUND_BEFORE.get(m.group(1).lower())
    return bool(before and before.search(text, max(0, m.start() - 12), m.start()))


def _inside_name(text: str, start: int) -> bool:
    """A capitalised unit word right after a capitalised word is part of a proper name, not a unit: an
    industrial cluster "CCN Bản Phiệt 1", "Nhật Bản", "Công Xã Paris", "Học viện Khoa học Xã hội". Capitals
    throughout ("UBND XÃ LINH THÔNG") are a heading's, not a name's."""
    word = text[start:start + 10]
    if not word[:1].isupper() or word.split(" ")[0].isupper():
        return False
    before = re.search(r"(?<![\w-])([^\W\d_](?:[\w-]*\w)?) $", text[max(0, start - 40):start])  # not "Trãi- Phường"
    return bool(before) and before.group(1)[0].isupper() and before.group(1).lower() not in BODY_BEFORE_UNIT


@per_document
def mentions(doc: Document) -> list[Mention]:
    """Every named commune or village of the document in reading order (computed once)."""
    out: list[Mention] = []
    for p in doc.paragraphs + doc.footnote_paragraphs:
        out.extend(_scan(doc, p.text, p.start, 0, len(p.text), None, False))
    starts = {m.start for m in out}
    for lst in commune_lists(doc):
        out.extend(m for m in lst.found if m.start not in starts)
        starts.update(m.start for m in lst.found)
    named = _names_of_names(doc)
    out = [m for m in out if (m.unit_type, fold_name(m.printed)) not in named]
    return sorted(out, key=lambda x: x.start)


def _names_of_names(doc: Document) -> set[tuple[str, str]]:
    """Villages named inside proper names ("CCN Bản Phiệt 1"): the document's later "Bản Phiệt 1" is the
    short form of that name, not a village."""
    named = set()
    for p in doc.paragraphs:
        for m in UNIT_WORD.finditer(p.text):
            if m.group(1).lower() in VILLAGE_TYPES and _inside_name(p.text, m.start()):
                tokens = TOKENS.match(p.text, m.end())
                run = [tokens.end(n) for n in range(1, tokens.lastindex + 1)
                       if _capitalised(tokens.group(n))] if tokens else []
                if run:
                    named.add((m.group(1).lower(), fold_name(p.text[m.end():run[-1]])))
    return named


@per_document
def commune_lists(doc: Document) -> list[CommuneList]:
    """Lists of communes or villages announced by a count ("03 xã đạt chuẩn …: xã A; xã B, xã C")."""
    return _find_lists(doc)


def _find_lists(doc: Document) -> list[CommuneList]:
    out = []
    text = doc.text
    for p in doc.paragraphs + doc.footnote_paragraphs:
        counts = number_matches(doc, COUNT_OF_UNITS, p)
        for c in counts:
            unit_type = c.group(2).lower()
            window = p.text[c.end():c.end() + 170]
            opener = LIST_OPENER.search(window)
            if not opener or re.search(r"\.\s|;", window[:opener.start()]):
                continue
            if any(c.end() < d.start() < c.end() + opener.start() and d.group(2).lower() == unit_type
                   for d in counts):
                continue
            begin = c.end() + opener.end()
            if opener.group(0) == "(":
                stop = closing_paren(p.text, begin)
            else:
                stop = sentence_end(p.text, begin)
                nxt = next((d.start() for d in counts if begin < d.start() < stop
                            and d.group(2).lower() == unit_type), None)
                closing = p.text.find(")", begin, stop)
                stop = min(x for x in (stop, nxt, closing if closing >= 0 else None) if x is not None)
            partial = PART_OF.search(p.text, begin, stop)  # "… và một phần nhỏ phường Yên Sơn": not a member
            stop = partial.start() if partial else stop
            region = (p.start + begin, p.start + stop)
            lst = CommuneList(int(c.group(1)), unit_type, [], 0, p.start + c.start(), p.start + c.end(),
                              region[0], region[1], p.text[c.start():c.end() + opener.start()].strip(" :("))
            lst.found = _scan(doc, text, 0, region[0], region[1], unit_type, True)
            names = [n for n in lst.found
                     if n.unit_type == unit_type or {n.unit_type, unit_type} <= set(COMMUNE_TYPES)]
            if not names:
                continue
            lst.members = [n.printed for n in names]
            lst.items = _items(text[region[0]:region[1]])
            out.append(lst)
    return out


def _items(region: str) -> int:
    """Separator-delimited items of a list region, district qualifiers and lead-ins left out."""
    region = re.sub(r"^[^:]*:(?=[^:]*$)", "", region) if re.search(r"cụ thể|giao cho", region, re.I) else region
    parts = [x for x in re.split(r"[,;]|\bvà\b", region) if x.strip()]
    return sum(1 for x in parts if not HIGHER_WORD.match(" " + x.strip() + " ") and not re.match(
        r"^\s*(?:huyện|thành phố|thị xã|quận|tỉnh)\b", x.strip(), re.IGNORECASE))


@per_document
def canonical_names(doc: Document) -> dict[str, str]:
    """Folded printed name → the resolved name (the gazetteer's spelling) of every mention (computed once)."""
    return {fold_name(m.printed): p.name for p in places(doc) for m in p.mentions}


@per_document
def places(doc: Document) -> list[Place]:
    """Each named unit once, resolved against the gazetteer (computed once)."""
    return _resolve_all(doc)


def _resolve_all(doc: Document) -> list[Place]:
    province, district, after_reform = _context(doc)
    by_key: dict[tuple[str, str], Place] = {}
    for m in mentions(doc):
        key = (fold_name(m.printed), m.unit_type if m.unit_type not in COMMUNE_TYPES else "commune")
        if key in by_key:
            place = by_key[key]
            if place.district is None and m.district:
                by_key[key] = place = _resolve(m, province, district, after_reform) or place
                place.mentions = by_key[key].mentions
            place.mentions.append(m)
            continue
        place = _resolve(m, province, district, after_reform)
        place.mentions.append(m)
        by_key[key] = place
    return list(by_key.values())


def _resolve(m: Mention, province: str | None, doc_district: str | None, after_reform: bool | None) -> Place:
    if m.unit_type in VILLAGE_TYPES:
        return Place(traditional_tone_marks(m.printed), m.unit_type, m.district or doc_district, province, "village")
    new = reform_communes(m.printed, province) or reform_communes(m.printed) if after_reform is not False else []
    if not new and after_reform and m.read_by_ocr and province:
        new = reform_communes_toneless(m.printed, province)
    if after_reform and len(new) == 1:
        return _new_place(new[0], "gazetteer_province" if province else "gazetteer_other_province")
    if after_reform is None and len(new) == 1 and new[0].commune_type.lower() == m.unit_type and not any(
            (u.commune_type or "").lower() == m.unit_type for u in legacy().find_communes(m.printed, None, province)):
        # an undated page: the unit the 2025 map names as printed ("xã Càng Long, tỉnh Vĩnh Long")
        return _new_place(new[0], "gazetteer_province" if province else "gazetteer_other_province")
    gaz = legacy()
    candidates = gaz.find_communes(m.printed, None, province)
    resolution = "gazetteer_province"
    if not candidates and m.read_by_ocr and province:
        candidates = gaz.find_communes_toneless(m.printed, province)
    if not candidates:
        candidates, resolution = gaz.find_communes(m.printed), "gazetteer_other_province"
    for narrowing in (m.district, doc_district):
        if narrowing and len(candidates) > 1:
            narrowed = [u for u in candidates if fold_name(u.district) == fold_name(narrowing)]
            if narrowed:
                candidates, resolution = narrowed, "gazetteer_district"
    if m.district and candidates and all(fold_name(u.district) != fold_name(m.district) for u in candidates):
        resolution = "ambiguous"
    if len(candidates) == 1 and resolution != "ambiguous":
        if any(d and fold_name(d) == fold_name(candidates[0].district) for d in (m.district, doc_district)):
            resolution = "gazetteer_district"  # the district the text (or the issuer) gives confirms it
        return _legacy_place(m, candidates[0], resolution)
    typed = [u for u in candidates if (u.commune_type or "").lower() == m.unit_type]
    if len(typed) == 1 and resolution != "ambiguous":
        return _legacy_place(m, typed[0], resolution)
    return Place(traditional_tone_marks(m.printed), m.unit_type, m.district, province,
                 "ambiguous" if candidates else "not_in_gazetteer")


def _legacy_place(m: Mention, unit: Unit, resolution: str) -> Place:
    new = successor(unit)
    return Place(unit.commune, (unit.commune_type or m.unit_type).lower(), unit.district, unit.province, resolution,
                 unit.code, new.commune if new else None, new.commune_type.lower() if new else None,
                 new.province if new else None, new.code if new else None, unit.lat, unit.lon)


def _new_place(unit: NewUnit, resolution: str) -> Place:
    return Place(unit.commune, unit.commune_type.lower(), None, unit.province, resolution, unit.code,
                 unit.commune, unit.commune_type.lower(), unit.province, unit.code, unit.lat, unit.lon)


def extract(doc: Document) -> list[dict]:
    rows = []
    for n, p in enumerate(places(doc), 1):
        first = p.mentions[0]
        section_id = section_id_at(doc, first.start)
        rows.append({
            "doc_id": doc.doc_id, "commune_id": f"{doc.doc_id}-p{n:04d}", "name": p.name,
            "unit_type": p.unit_type, "district": p.district, "province": p.province,
            "printed": first.printed, "resolution": p.resolution, "code": p.code,
            "new_name": p.new_name, "new_unit_type": p.new_type, "new_province": p.new_province,
            "new_code": p.new_code, "lat": p.lat, "lon": p.lon, "mentions": len(p.mentions),
            "section_id": section_id,
            "start_char": first.start, "end_char": first.end, "page": doc.page_at(first.start),
        })
    return rows


def extract_lists(doc: Document) -> list[dict]:
    names = canonical_names(doc)
    rows = []
    for n, lst in enumerate(commune_lists(doc), 1):
        section_id = section_id_at(doc, lst.count_start)
        rows.append({
            "doc_id": doc.doc_id, "list_id": f"{doc.doc_id}-l{n:04d}", "stated_count": lst.stated_count,
            "unit_type": lst.unit_type, "members": [names.get(fold_name(m), m) for m in lst.members],
            "member_count": len(lst.members),
            "purpose": lst.purpose, "section_id": section_id,
            "count_start": lst.count_start, "count_end": lst.count_end,
            "start_char": lst.start, "end_char": lst.end, "page": doc.page_at(lst.count_start),
        })
    return rows
