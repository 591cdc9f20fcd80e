"""Quantified goals → `targets`.

A target is a figure with a unit — a share ("100% hồ sơ …", "≥ 30%"), a count of things ("03 xã", "02 vùng
dự án", "10/13 xã"), a measure ("1.700 ha", "100 MW") or a rate ("2,1 con/phụ nữ", "15,1 tiêu chí/xã",
"48 triệu đồng/người/năm") — that a plan sets or keeps: any figure of its targets part (or of the items a
line announces as its targets), elsewhere a figure with a goal word (phấn đấu, bảo đảm, duy trì, thêm,
hoàn thành, mở rộng lên …), a comparator (ít nhất, tối thiểu, ≥, trở lên) or a time ahead ("Đến năm 2030,
…"). Its subject is the thing counted, whole; its comparator and year come from the words around it. Facts
are no goals: parts that report results, clauses about the past ("đã đạt", "năm 2023 có", "đến nay"), a
table's column of progress, criteria a definition lists, scoring grids, tariffs, time limits. Documents that
plan nothing (laws, articles, decisions on procedures) set goals only in a part headed as goals. A count
split by commune ("20 xóm (… xã Đức Xuân: 05 xóm; …)") gives one target per commune with its scope, besides
the total; tables give goals per district, per year (Chỉ tiêu | 2026 | 2027) and per row of solutions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.counts import breakdowns
from extractors.header import CITED_DATE, IMPLEMENTS, header
from extractors.numbers import parse_numeral
from extractors.sections import Section, section_at, section_tree
from extractors.spans import digit_runs_in
from extractors.tables import LEADING_COUNT, grids
from pipeline.lexicon.outline import RANK, parse_marker
from pipeline.lexicon.words import (COUNTED_UNITS, CURRENT_STATE_HEADING, GOAL_WORDS, GOALS_HEADING, MEASURE_UNITS,
                                    RATE_BASES, RATE_ONLY_UNITS, SITUATION_HEADING, VILLAGE_UNITS, section_kind)
from pipeline.model import Document, per_document


def _alternation(words) -> str:
    """Longest first, so that "cơ sở dữ liệu" is tried before "cơ sở" and "tiêu chí" before "tiêu"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# Numbers in words, as a rate is often written ("tối thiểu một lần/năm", "hai lần/năm")
WORD_NUMERALS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
# Comparator words before a figure ("ít nhất 85%", "≥ 30%", "dưới 109 bé trai/100 bé gái"): the longest first
LEADS = ("không thấp hơn", "không quá", "không dưới", "tối thiểu", "ít nhất", "tối đa", "trên", "dưới", "từ",
         "≥", "≤", ">", "<")
LEAD_AT_END = re.compile(rf"(?:{_alternation(LEADS)})$", re.IGNORECASE)
LONGEST_LEAD = max(map(len, LEADS))
_COUNTED = _alternation(set(COUNTED_UNITS) - set(RATE_ONLY_UNITS)).replace("trường", "trường(?! hợp)")
_PER = rf"(?:\s*/\s*(?:\d{{1,3}}(?:\.\d{{3}})*\s*)?(?:{_alternation(RATE_BASES)})(?!\w)){{1,2}}"
RATE = rf"(?P<rate>{_PER})"
UNIT = rf"(?P<unit>%|{_COUNTED}|{_alternation(MEASURE_UNITS)}|(?:{_alternation(RATE_ONLY_UNITS)})(?={_PER}))"
QUANTITY = re.compile(  # matched only where a figure or its lead word begins: see `_quantities`
    rf"(?<![\w/.,])(?:(?P<lead>(?:{_alternation(w for w in LEADS if w[0].isalpha())})(?=\s)|"
    rf"{_alternation(w for w in LEADS if not w[0].isalpha())})\s*)?"
    rf"(?P<num>\d{{1,3}}(?:\.\d{{3}})*(?:,\d+)?)(?:\s*/\s*(?P<den>\d{{1,3}}))?"
    rf"(?:(?:\s+đến\s+|\s*[-–]\s*)(?P<upper>\d{{1,3}}))?\s*{UNIT}(?:{RATE})?(?!\w)"
    rf"(?P<more>\s+trở lên)?", re.IGNORECASE)
# A rate counted in words: "tối thiểu một lần/năm" (a count in words without a rate is a word of the sentence)
WORD_RATE = re.compile(
    rf"(?<![\w/.,])(?:(?P<lead>{_alternation(w for w in LEADS if w[0].isalpha())})\s+)?"
    rf"(?P<num>{_alternation(WORD_NUMERALS)})(?P<den>(?!))?(?P<upper>(?!))?\s+(?P<unit>lần|lượt|cuộc)"
    rf"{RATE}(?P<more>(?!))?", re.IGNORECASE)
# The documents that set goals: plans, reports (their proposals), letters that assign tasks, and the
# decisions and resolutions that issue a plan (by their title, or a plan's part of goals or of purposes); a
# decision on procedures, on criteria or approving a list, laws, decrees and articles set goals only in a
# part headed as goals.
PLANNING_TYPES = ("ke_hoach", "bao_cao", "cong_van")
ISSUING_TYPES = ("quyet_dinh", "nghi_quyet")
ISSUES_A_PLAN = re.compile(r"(?:ban hành|phê duyệt)\s+(?:kế hoạch|chương trình|đề án|phương án|chiến lược)",
                           re.IGNORECASE)
GOALS = re.compile(GOAL_WORDS, re.IGNORECASE)
GOALS_TITLE = re.compile(rf"(?:các\s+)?(?:{GOAL_WORDS})", re.IGNORECASE)  # a heading that opens so
GOALS_INTRO = re.compile(rf"(?:{GOAL_WORDS})[^.;]*:\s*$", re.IGNORECASE)  # "… các chỉ tiêu cụ thể như sau:"
# the criteria or conditions a definition lists ("Thôn đặc biệt khó khăn là thôn … có ít nhất 02 trong 03 tiêu
# chí sau đây:"): conditions to qualify, no goals; a line that aims at them ("phấn đấu đạt …") is none
CRITERIA_INTRO = re.compile(r"^(?!.*(?:phấn đấu|mục tiêu|chỉ tiêu)).*(?:tiêu chí|điều kiện|tiêu chuẩn)(?: nào)?"
                            r"\s+(?:như\s+)?sau(?: đây)?\s*:\s*$", re.IGNORECASE)
# Elsewhere a goal is a figure to reach ("phấn đấu", "bảo đảm 100%", "mở rộng lên 75 ha", "hoàn thành GPMB
# 75 ha"), to keep, or to add; "tăng cường" strengthens and counts nothing.
STRONG_GOAL = re.compile(r"phấn đấu|duy trì|giữ vững|\bthêm\b|tăng(?! cường)|giảm|hoàn thành|hoàn thiện|hoàn tất|"
                         r"ít nhất|tối thiểu|không còn|về đích|giao chỉ tiêu|(?:để|nhằm) đạt|(?<!đã )\bđạt\b|"
                         r"bảo đảm|đảm bảo|\blên\s+(?:khoảng\s+|mức\s+)?$", re.IGNORECASE)
# After a figure: the set of rules or the act it belongs to ("19 tiêu chí của Bộ tiêu chí quốc gia")
REFERRED_SET = re.compile(r"\s+(?:[^\W\d_]+\s+){0,3}?(?:của|theo|thuộc|trong|tại)\s+(?:các\s+)?(?:bộ tiêu chí|"
                          r"quyết định|nghị quyết|nghị định|thông tư|luật|chương trình mục tiêu quốc gia)\b",
                          re.IGNORECASE)
# A figure right after these words says where or for whom, not what is aimed at ("đối với 03 huyện").
NOT_A_GOAL = re.compile(r"(?:đối với|ở|tại|của|cho|với|chỉ đạo|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|"
                        r"\d\s+trong(?: số)?)\s*$", re.IGNORECASE)  # … "01 trong 02 tiêu chí": one of them
SCOPE_LEAD = re.compile(r"^(?:[-+•]\s*)?((?:[Hh]uyện|[Xx]ã|[Tt]hành phố|[Tt]hị xã|[Pp]hường|[Tt]hị trấn)\s+[^:]{2,30}?):")
DISTRICT_WORD = re.compile(r"^(?:huyện|thành phố|thị xã|quận|xã|phường|thị trấn)\s+", re.IGNORECASE)
ABBREVIATIONS = [(r"\bNTM\b", "nông thôn mới"), (r"\bMTQG\b", "mục tiêu quốc gia"), (r"\bCCN\b", "cụm công nghiệp"),
                 (r"\bGPMB\b", "giải phóng mặt bằng")]
# Words of a fact before its figure; "đến hết năm 2024" is one by its year (`_past_year`), "Đến hết năm
# 2030:" sets a goal
BASELINE = re.compile(r"đã đạt|chưa đạt\s+(?:có|gồm|là)|đã được công nhận|đã có|hiện có|hiện đạt|đến nay|tính đến|"
                      r"cả nước có|kết quả|bình quân cả nước|trong đó có", re.IGNORECASE)
# A time that ends a goal ("Đến hết năm 2025:", "đến năm 2030", "giai đoạn 2026 - 2030", "trong năm 2026")
DEADLINE = re.compile(r"(?:đến|trước|trong|tới)\s+(?:hết\s+|cuối\s+)?năm\s+((?:19|20)\d\d)|"
                      r"giai đoạn\s+(?:19|20)\d\d\s*[-–]\s*((?:19|20)\d\d)", re.IGNORECASE)
# a year in a date or a quarter ("trước 30/9/2026", "trong Quý III/2026", "tháng 7/2026")
DATED = re.compile(r"(?:quý\s+[IVX\d]+|tháng\s+\d{1,2}|\d{1,2}\s*/\s*\d{1,2})\s*/\s*((?:19|20)\d\d)\b", re.IGNORECASE)
MAINTAIN = re.compile(r"duy trì|giữ vững|củng cố", re.IGNORECASE)
INCREASE = re.compile(r"\bthêm\b|tăng(?! cường)|xây dựng mới|xây dựng\s*$", re.IGNORECASE)  # "xây dựng 37 xã NTM"
CRITERION = re.compile(r"(tiêu chí|chỉ tiêu)\s+(?:số\s+)?(\d{1,2}(?:\.\d{1,2})?)", re.IGNORECASE)
# The category of a goal of the new countryside programme, by the unit it counts. A unit is a word of its own:
# the "thôn" of "nông thôn", the "bản" of "văn bản" or "cơ bản" are none.
NEW_COUNTRYSIDE = re.compile(r"nông thôn mới|\bntm\b|tiêu chí|đạt chuẩn", re.IGNORECASE)
UNIT_CATEGORY = {**{u: "thon" for u in VILLAGE_UNITS}, "huyện": "huyen", "xã": "xa_ntm", "phường": "xa_ntm",
                 "thị trấn": "xa_ntm"}
MAP_UNIT_WORD = re.compile(rf"(?<!nông )(?<!cơ )(?<!văn )(?<!phiên )(?<!kịch )\b(?:{_alternation(UNIT_CATEGORY)})\b"
                           r"(?! (?:đồ|sao|chất|thân|quyền|lĩnh|án))", re.IGNORECASE)
LEAD_WORDS = re.compile(r"^(?:(?:phấn đấu|tiếp tục|tập trung|đảm bảo|bảo đảm|có)\s+)+", re.IGNORECASE)
MAP_SCALE = re.compile(r"(?:quy hoạch|tỷ lệ|tỉ lệ|bản đồ)(?:\s+chi tiết)?\s*$", re.IGNORECASE)
# Another share that follows in the same clause: where the words of the first end
NEXT_SHARE = re.compile(r",\s+(?:[^\W\d_]+\s+){0,2}\d[\d.,]*\s*%")
# What a tariff's share is of: a fee, a price, a tax, an interest rate
PRICE = re.compile(r"(?:mức\s+)?(?:phí|lệ phí|giá|thuế|lãi suất|mức thu|tiền)\b", re.IGNORECASE)
# What a share or a level is of, when the words before the figure name it ("tỷ lệ thu gom … đạt 100%",
# "diện tích rừng ngập mặn … đạt 1.700 ha", "tổng tỷ suất sinh đạt 2,1 con/phụ nữ")
MEASURED = re.compile(r"\b(?:tỷ lệ|tỉ lệ|tỷ số|tỷ suất|tổng|diện tích|số lượng|bình quân|thu nhập|mức|công suất|"
                      r"quy mô|sản lượng|giá trị|tốc độ)\b", re.IGNORECASE)
# Words between a subject and its figure: "… đạt khoảng 22%", "… là 02 xã", "… có trên 80%"
LINKING = re.compile(r"(?:\s*[:,]?\s*(?:phấn đấu|đạt|là|có|ở mức|khoảng|bình quân|trên|dưới|tối thiểu|ít nhất|"
                     r"từ|(?<!trở )lên|tăng|giảm|còn|mở rộng|với)\b)+\s*[:,]?\s*$", re.IGNORECASE)


@dataclass
class Target:
    subject: str
    value: float
    unit: str
    comparator: str
    start: int
    end: int
    quote: str
    denominator: int | None = None
    upper: float | None = None
    scope: str | None = None
    section: Section | None = None
    year: int | None = None
    row: int | None = None      # where the table row it is stated in starts


_CLAUSE_MARKS = re.compile(r"[()]|;|\t|\.(?= |$)")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Sentence-like pieces of a paragraph: split at '. ', ';' and a table's cell ends outside parentheses."""
    out, start, depth = [], 0, 0
    for m in _CLAUSE_MARKS.finditer(text):
        mark = m.group(0)
        if mark == "(":
            depth += 1
        elif mark == ")":
            depth -= 1
        elif depth <= 0:
            out.append((start, m.start()))
            start, depth = m.end(), 0
    if start < len(text):
        out.append((start, len(text)))
    return out


def _quantities(text: str, figures: list[int]) -> list[re.Match]:
    """`QUANTITY.finditer(text)`, given where the runs of digits start in it (`figures`): a quantity's
    number starts one, and the quantity starts there or at a lead word ("tối thiểu", "≥") before it."""
    out: list[re.Match] = []
    end = 0
    for at in figures:
        if at < end:
            continue
        spaced = at
        while spaced > end and text[spaced - 1].isspace():
            spaced -= 1
        lead = LEAD_AT_END.search(text, max(end, spaced - LONGEST_LEAD), spaced)
        leads = [lead.start()] if lead and (spaced < at or not lead.group(0)[0].isalpha()) else []
        for start in leads + [at]:
            if m := QUANTITY.match(text, start):
                out.append(m)
                end = m.end()
                break
    return out


def _unit(q: re.Match) -> str:
    """The unit as the gold spells it: lower case but for measures ("MW"), a rate's bases after slashes,
    their counts kept unless one ("bé trai/100 bé gái", "lần/năm", "triệu đồng/người/năm")."""
    printed = re.sub(r"\s+", " ", q.group("unit"))
    unit = printed if printed in MEASURE_UNITS else printed.lower()
    for base in re.split(r"\s*/\s*", q.group("rate") or "")[1:]:
        base = re.sub(r"^0*1\s+", "", base.lower())
        unit += f"/{base}"
    return unit


def _subject(clause: str, q: re.Match, unit: str) -> str:
    """What is counted, whole: the words after a share ("100% đội ngũ cán bộ … có trình độ …"), the unit and
    the words after a count ("02 vùng dự án nuôi thủy sản"), or the words before a level ("diện tích rừng
    ngập mặn … đạt 1.700 ha", "tỷ lệ … đạt 100%")."""
    rest = re.sub(r"^\s*\([^)]*\)", "", clause[q.end():])  # "01 xã (xã Lê Lợi) đạt …": the list is not the subject
    before = clause[:q.start()]
    earlier = _quantities(before, [m.start() for m in re.finditer(r"(?<![\d.,])\d", before)])
    if earlier and (comma := before.find(",", earlier[-1].end())) >= 0 and before[comma + 1:].lstrip()[:1].isupper():
        before = before[comma + 1:]  # "Hà Nội có tối thiểu 200 công trình, TP Hồ Chí Minh có tối thiểu 500 …": a
        # new subject (not "Tỷ lệ hộ nghèo giảm 1,5%/năm, đến năm 2030 còn dưới 2%": the same one)
    before = _without_deadline(before).strip(" :,")
    marker = parse_marker(before)
    before = LEAD_WORDS.sub("", marker.rest if marker else before)
    measure = unit.split("/")[0] in MEASURE_UNITS or "/" in unit
    if unit.startswith("%"):
        after = re.sub(r"^\s*(?:/\s*năm\b)?\s*(?:số\s+)?", "", rest).strip(" .:")
        after = NEXT_SHARE.split(_without_deadline(after), maxsplit=1)[0]  # "… tảo hôn, giảm 60% số cặp …"
        if len(after.split()) >= 3 and not re.match(r"(?:so với|trở lên|trở xuống|trong|mỗi năm)\b", after):
            subject = after
        else:
            subject = _level_of(before)
    else:
        after = re.split(r"[(:;,.]|\s(?:và|để|nhằm|theo|trong đó|tại|thuộc)\s", rest)[0].strip()
        if measure:
            subject = f"{_level_of(before)} {after}".strip()
        elif len(after.split()) >= 2:
            subject = f"{unit} {after}"
        else:
            subject = f"{' '.join(before.split()[-12:])} {unit} {after}".strip()
    for pattern, full in ABBREVIATIONS:
        subject = re.sub(pattern, full, subject)
    return re.sub(r"\s+", " ", subject).strip(" ,:")


def _without_deadline(text: str) -> str:
    """The words without the time they set ("Đến năm 2030, tỷ lệ …" → "tỷ lệ …")."""
    return re.sub(r"\s*,?\s*(?:" + DEADLINE.pattern + r")\s*[,:]?", " ", text, flags=re.IGNORECASE).strip()


def _own_words(before: str) -> str:
    """The words of the goal itself: those after the last colon that opens it ("…, cụ thể: Phấn đấu tổng tỷ
    suất sinh đạt"), unless the colon closes its subject ("Số xã đạt chuẩn: 02 xã")."""
    head, colon, own = before.rpartition(":")
    return own if colon and len(own.split()) >= 2 else before


def _level_of(before: str) -> str:
    """The thing whose level a figure states, from the words before it, without the linking words: all of
    them when they are one noun phrase ("số tiêu chí bình quân mỗi xã"); after an action or a comma, from the
    first word that names a measure ("…, diện tích rừng ngập mặn", "Phấn đấu tổng tỷ suất sinh") with no
    other figure after it, else the clause's last part."""
    before = re.sub(r"\s*\([^)]*\d[^)]*\)", "", _own_words(before))  # "Cụm … (20 ha) và …": sizes said in passing
    before = LINKING.sub("", before).strip(" ,:")
    if not re.search(r"[,:]", before) and not STRONG_GOAL.search(before) and len(before.split()) <= 12:
        return before
    starts = [m.start() for m in MEASURED.finditer(before) if not re.search(r"\d", before[m.start():])]
    if starts:
        return before[starts[0]:]
    return " ".join(re.split(r"[,:]\s", before)[-1].split()[-12:])


def _comparator(clause: str, q: re.Match) -> str:
    lead, more = (q.group("lead") or "").lower(), q.group("more")
    before = _own_words(clause[:q.start()])
    if lead in ("dưới", "không quá", "tối đa", "≤", "<"):
        return "gte" if re.search(r"không còn[^.;]*$", before) else "lte"
    if MAINTAIN.search(before):
        return "maintain"
    if INCREASE.search(before[-40:]) and not re.search(r"\blên\s+(?:khoảng\s+|mức\s+)?$", before):
        return "increase"
    if more or lead in ("từ", "trên", "ít nhất", "tối thiểu", "không dưới", "không thấp hơn", "≥", ">"):
        return "gte"
    return "eq"


@per_document
def targets(doc: Document) -> list[Target]:
    """Every target of the document in reading order (computed once)."""
    return _find(doc)


def _find(doc: Document) -> list[Target]:
    sections = section_tree(doc)
    head = header(doc)
    plan_year = head.plan_year or (head.issued_date.year if head.issued_date else None)
    default_year = _default_year(head)
    plans = head.doc_type in PLANNING_TYPES or head.doc_type in ISSUING_TYPES and (
        bool(ISSUES_A_PLAN.match(head.title or "")) or any(
            s.kind in ("targets", "purpose") or GOALS_TITLE.match(s.heading) for s in sections))
    rows = _table_rows(doc)
    by_year, year_lines = _year_table_targets(doc, sections, plan_year)
    found: list[Target] = []
    past: dict[str, bool] = {}  # by section: whether it reports the past
    listed, items = None, None  # what a line announced ("… các chỉ tiêu cụ thể như sau:"), its items' marker
    block = None  # the year a line alone names ("- Năm 2026") and its marker: the items under it are its goals
    for p in doc.paragraphs:
        marker = parse_marker(p.text)
        if block and (marker is None or marker.kind == block[1] or RANK.get(marker.kind, 99) <= RANK.get(block[1], 99)):
            block = None  # a line of the block's level or above ends it ("2. Mục tiêu đến năm 2030")
        if named := YEAR_HEADING.match(marker.rest.strip(" *_") if marker else p.text.strip(" *_")):
            block = (int(named.group(1)), marker.kind if marker else None)
            continue
        if listed and (marker is None or items not in ("?", marker.kind)):
            listed = None
        elif listed and items == "?":
            items = marker.kind
        if intro := GOALS_INTRO.search(p.text) or CRITERIA_INTRO.search(p.text):
            listed, items = ("goals" if intro.re is GOALS_INTRO else "criteria"), "?"
        figures = digit_runs_in(doc, p)
        if not (figures or "/" in p.text) or p.start in year_lines:
            continue  # (the rows of a table of goals by year are read as a table)
        section = section_at(sections, p.start)
        row = rows.get(p.start)
        if section is None and (row is None or not sections or p.start < sections[0].start):
            continue  # the preamble; an appendix's table rows are read
        if row and row.scoring:
            continue  # a grid of scores (an emulation plan's "Tiêu chí thi đua | Điểm chuẩn"): conditions to score
        if section is not None and section.kind == "funding" or not (_quantities(p.text, figures)
                                                                      or WORD_RATE.search(p.text)):
            continue  # (a figure in a clause is one in its paragraph: clauses end at ";" and ". ")
        if section is not None and section.section_id not in past:
            past[section.section_id] = _tells_the_past(section)
        if section is not None and past[section.section_id]:
            continue
        if not (plans or _in_targets_part(section, plans=False)):
            continue  # outside a plan (a law, an encyclopedia article) only a part headed as goals sets them
        in_targets = _in_targets_part(section) or section is not None and listed == "goals" and items != "?"
        if listed == "criteria" and items != "?" and not in_targets:
            continue  # the criteria a definition lists ("… đáp ứng ít nhất 01 trong 02 tiêu chí sau đây:")
        scope = SCOPE_LEAD.match(p.text)
        clauses = _clauses(p.text)
        opening = p.text[:clauses[0][1]] if clauses else ""
        for c_start, c_end in clauses:
            clause = p.text[c_start:c_end]
            column = row.header_at(p.start + c_start) if row else ""
            if SITUATION_HEADING.search(column) or CURRENT_STATE_HEADING.search(column):
                continue  # a table's column of progress so far ("Tiến độ hiện tại")
            kind = section_kind(column) or (section.kind if section else None)
            for q in _quantities(clause, [at - c_start for at in figures if c_start <= at < c_end]) + list(
                    WORD_RATE.finditer(clause) if "/" in clause else ()):
                before = clause[:q.start()]
                if BASELINE.search(before) or _past_year(before, plan_year):
                    continue
                if q.group("den") and MAP_SCALE.search(before):
                    continue  # "quy hoạch 1/500 khu công nghiệp …": a map's scale
                if NOT_A_GOAL.search(before[-20:]) or before.count("“") > before.count("”"):
                    continue  # a scope ("đối với 03 huyện"), or a figure inside a quoted criterion name
                # the goal word may open the paragraph ("Phấn đấu …: a; b") or be the figure's lead ("ít nhất")
                lead = before if c_start == 0 else f"{opening} {before}"
                if not (in_targets and _aimed_at(clause, q) or _sets_a_goal(lead, q, plan_year, kind, before)):
                    continue
                unit = _unit(q)
                num = q.group("num")
                value = float(WORD_NUMERALS[num.lower()] if num.lower() in WORD_NUMERALS else parse_numeral(num).value)
                if unit == "%" and value > 100 or "," in q.group("num") and unit in COUNTED_UNITS:
                    continue
                subject = _subject(clause, q, unit)
                if not subject or unit.startswith("%") and PRICE.match(subject):
                    continue  # a share of a fee or a price ("giảm 50% mức phí, lệ phí") is a tariff, no goal
                if row and row.label and row.label.lower() not in subject.lower():
                    subject += f" {row.label}"
                if scope:
                    subject += f" ({scope.group(1).lower() if scope.group(1)[0] in 'HXTP' else scope.group(1)})"
                found.append(Target(
                    subject, value, unit, _comparator(clause, q),
                    p.start + c_start + q.start("num"), p.start + c_start + q.end("unit"), clause.strip(),
                    denominator=int(q.group("den")) if q.group("den") else None,
                    upper=float(q.group("upper")) if q.group("upper") else None,
                    scope=re.sub(r"^\S+\s+", "", scope.group(1)) if scope else None, section=section,
                    year=_year(lead + " " + clause[q.end():], section, block and block[0]) or default_year,
                    row=p.start if row else None))
    _add_scopes(doc, found)
    found += _table_targets(doc, sections) + by_year
    return _restatements_dropped(found)


def _in_targets_part(section: Section | None, plans: bool = True) -> bool:
    """Whether the section is the targets part, one headed as goals ("1. Mục tiêu cụ thể") or within one
    ("Điều 1. Phê duyệt Chương trình …" › "2. Mục tiêu cụ thể" › "a) …"). Outside a plan, a part is one only
    by its own heading (not by the headings of its items)."""
    if section is None:
        return False
    top, titled = section, False
    while top.parent is not None:
        titled = titled or bool(GOALS_TITLE.match(top.heading))
        top = top.parent
    kind = section.kind if plans else section_kind(top.heading)
    return kind == "targets" or titled or bool(GOALS.search(section.heading))


def _aimed_at(clause: str, q: re.Match) -> bool:
    """Whether a figure of the targets part is a goal: any is ("1. 100% đội ngũ …", "b) Thu hút 12.000 lao
    động …"), but the size of a set of rules the sentence refers to ("19 tiêu chí của Bộ tiêu chí quốc gia")."""
    return not REFERRED_SET.match(clause, q.end())


def _sets_a_goal(lead: str, q: re.Match, plan_year: int | None, kind: str | None, before: str) -> bool:
    """Whether a figure outside the targets part is a goal: a goal word before it ("phấn đấu", "bảo đảm",
    "mở rộng lên"), a comparator ("ít nhất 02 vùng", "≥ 30%", "từ 02 xã trở lên"; "từ 02 chương trình" is
    where from), a time still ahead ("Đến năm 2030, …"), or in the tasks a share that opens its sentence
    ("Có 30% diện tích nuôi … áp dụng …"). In a part that is neither tasks nor goals (a report's
    description), "đạt" states a level reached, and a figure in brackets describes."""
    plain = kind not in ("tasks", "targets", "purpose", "organization")
    if plain and lead.count("(") > lead.count(")"):
        return False
    goal = any(not plain or m.group(0).lower() != "đạt" for m in STRONG_GOAL.finditer(lead))
    lead_word = (q.group("lead") or "").lower()
    compares = lead_word not in ("", "từ") and (not plain or lead_word not in ("trên", "dưới"))
    opens = not plain and q.group("unit") == "%" and bool(SHARE_OPENS.fullmatch(before))
    return bool(goal or q.group("more") or compares or opens or _ahead(lead, plan_year))


SHARE_OPENS = re.compile(r"\s*(?:[-+•]\s*)?(?:có\s+)?", re.IGNORECASE)


# the headers of a grid of scores ("ĐIỂM CHUẨN", "HƯỚNG DẪN CHẤM ĐIỂM", "Điểm tối đa", "Thang điểm")
SCORING_HEADER = re.compile(r"\bđiểm (?:chuẩn|tối đa|tối thiểu)\b|chấm điểm|thang điểm|số điểm", re.IGNORECASE)
# columns that name no row: who leads or helps, when, with what money, notes
NOT_A_NAME = re.compile(r"cơ quan|chủ trì|phối hợp|thời gian|thời hạn|tiến độ|kinh phí|nguồn vốn|ghi chú",
                        re.IGNORECASE)
ROMAN_CELL = re.compile(r"^\W*[IVXLC]+\W*$")


@dataclass
class _Row:
    """A table row: the name it is about, its cells' spans with their column's header, and whether its
    table is a grid of scores."""
    label: str
    cells: list[tuple[int, int, str]]
    scoring: bool = False

    def header_at(self, offset: int) -> str:
        return next((h for start, end, h in self.cells if start <= offset <= end), "")


def _table_rows(doc: Document) -> dict[int, _Row]:
    """Every table row by where its line starts. Its name is its first cell that is words (not a number, a
    marker, nor a column of agencies, times, money or notes), up to the first field that follows the name."""
    out = {}
    for table in doc.tables:
        headers = [c.text for c in table.rows[0]] if len(table.rows) > 1 else []
        scoring = bool(SCORING_HEADER.search(" ".join(headers)))
        for i, row in enumerate(table.rows):
            line = doc.paragraph_at(row[0].start) if row else None
            if line is None:
                continue
            cell = next((c for j, c in enumerate(row) if re.search(r"[^\W\d_]{2}", c.text)
                         and not ROMAN_CELL.match(c.text) and not (j < len(headers) and NOT_A_NAME.search(headers[j]))),
                        None)
            label = _name_in(cell.text) if cell and i else ""
            for pattern, full in ABBREVIATIONS:
                label = re.sub(pattern, full, label)
            out[line.start] = _Row(label, [(c.start, c.end, headers[j] if i and j < len(headers) else "")
                                           for j, c in enumerate(row)], scoring)
    return out


def _name_in(text: str) -> str:
    """A cell's text up to the first field that follows its name ("CCN Âu Lâu Vị trí: …" → "CCN Âu Lâu"),
    or up to its first mark."""
    for colon in re.finditer(":", text):
        words = list(re.finditer(r"\S+", text[:colon.start()]))
        k = len(words)
        while k > 1 and words[k - 1].group(0)[0].islower():
            k -= 1
        if 1 < k < len(words) and words[k - 1].group(0)[0].isupper():
            return text[:words[k - 1].start()].strip()
    return re.split(r"[.:;(]", text, maxsplit=1)[0].strip()


def _tells_the_past(section: Section) -> bool:
    """Whether the section is (within) a part that reports past results ("I. KẾT QUẢ THỰC HIỆN NĂM 2024"):
    the nearest heading that says either way decides."""
    s = section
    while s is not None:
        if SITUATION_HEADING.search(s.heading):
            return True
        if GOALS_HEADING.search(s.heading):
            return False
        if CURRENT_STATE_HEADING.search(s.heading):
            return True
        s = s.parent
    return False


def _ahead(text: str, plan_year: int | None) -> bool:
    """Whether the words set a time still ahead ("Đến hết năm 2030:", "giai đoạn 2026 - 2030")."""
    return any(plan_year and int(a or b) >= plan_year for a, b in DEADLINE.findall(text))


def _default_year(head) -> int | None:
    """The year of a goal that names none: the end of the period the plan's title states ("giai đoạn 2026 -
    2030"), the year its title names ("… nông thôn mới năm 2025"), else the plan's year; none in a report
    (its figures are its items' own) or in a plan that implements another document ("Triển khai thực hiện
    Nghị quyết số 214/NQ-CP …": the goals it restates keep the times the other gives them, which it does
    not repeat)."""
    year = head.plan_year
    if head.period_end:
        return head.period_end
    if year and re.search(rf"(?<![\d/]){year}(?!\d)", CITED_DATE.sub(" ", head.title or "")):
        return year
    if head.doc_type == "bao_cao" or IMPLEMENTS.match(head.title or ""):
        return None
    return year


def _year(text: str, section: Section | None, block: int | None = None) -> int | None:
    """The year a goal is for: the time it sets ("đến năm 2030", the end of "giai đoạn 2026 - 2030"), else a
    year it names ("năm 2026", "Quý III/2026", "trước 30/9/2026"), else the year of the line its item stands
    under (`block`: "- Năm 2026" over "+ 100% …"), else the year its section's heading sets or names alone
    (else the end of the plan's period, its year)."""
    if deadline := DEADLINE.search(text):
        return int(deadline.group(1) or deadline.group(2))
    if year := re.search(r"năm\s+((?:19|20)\d\d)", text) or DATED.search(text):
        return int(year.group(1))
    if block:
        return block
    while section is not None:
        if deadline := DEADLINE.search(section.heading) or YEAR_HEADING.match(section.heading):
            return int(deadline.group(1) or deadline.group(2))
        section = section.parent
    return None


# a heading that is a year alone: the goals of one year of a plan set out year by year ("- Năm 2025:",
# "a) Năm 2026", "Trong năm 2026")
YEAR_HEADING = re.compile(r"^(?:(?:trong|kế hoạch|mục tiêu)\s+)?năm\s+((?:19|20)\d\d)\W*$", re.IGNORECASE)


def _table_targets(doc: Document, sections: list[Section]) -> list[Target]:
    """Cells of a table of goals ("MỤC TIÊU …" above it) that state a count per district or commune."""
    out = []
    for g in grids(doc):
        above = doc.text[max(0, g.table.start - 300):g.table.start].lower()
        if "mục tiêu" not in above and "chỉ tiêu" not in above:
            continue
        for i in g.data_rows:
            if i in g.total_rows:
                continue
            label = g.label(i).split(" — ")[-1]
            for j in range(len(g.headers)):
                if j == g.total_col or not g.additive(j) or j >= len(g.table.rows[i]):
                    continue
                cell = g.cell(i, j)
                m = LEADING_COUNT.match(cell.text.strip())
                if not m or int(m.group(1)) == 0:
                    continue
                unit = m.group(0).split()[-1].lower()
                column = g.headers[j]
                out.append(Target(f"{label} ({column[0].lower() + column[1:]})", float(m.group(1)), unit,
                                  "increase" if INCREASE.search(label) else "eq", cell.start,
                                  cell.start + len(m.group(0)), f"{label}, {column}: {cell.text}",
                                  scope=DISTRICT_WORD.sub("", column).strip(),
                                  section=section_at(sections, cell.start)))
    return out


# A column per year of a table of goals ("Chỉ tiêu | ĐVT | 2026 | 2027 | …", "Năm 2026"); a column of what was
# done ("Thực hiện 2024", "Ước thực hiện 2025") holds no goal
YEAR_COLUMN = re.compile(r"^(?:kế hoạch\s+|mục tiêu\s+|chỉ tiêu\s+)?(?:năm\s*)?((?:19|20)\d\d)$", re.IGNORECASE)
UNIT_COLUMN = re.compile(r"^(?:đvt|đơn vị tính|đơn vị)\b", re.IGNORECASE)
LABEL_COLUMN = re.compile(r"chỉ tiêu|nội dung|tên|mục tiêu", re.IGNORECASE)
UNIT_IN_LABEL = re.compile(r"\((%|[^\W\d_][^()]{0,20})\)\s*$")
GOAL_CELL = re.compile(rf"^(?:(?P<lead>{_alternation(LEADS)})\s*)?(?P<num>\d{{1,3}}(?:\.\d{{3}})*(?:,\d+)?)\s*%?$",
                       re.IGNORECASE)


def _year_table_targets(doc: Document, sections: list[Section],
                        plan_year: int | None) -> tuple[list[Target], set[int]]:
    """The cells of a table of goals with a column per year: each a goal for its row's indicator, in the
    row's unit (its unit column, or the unit its label ends with: "Tỷ lệ hộ nghèo (%)"), for the column's
    year. A table of goals stands in the targets part, under a title naming goals, or heads its indicators
    "Chỉ tiêu"; years before the plan's are what was done. Also where the rows of such tables start."""
    out, lines = [], set()
    for table in doc.tables:
        header = next((i for i, row in enumerate(table.rows[:3])
                       if sum(bool(YEAR_COLUMN.match(c.text.strip())) for c in row) >= 2), None)
        if header is None:
            continue
        heads = [c.text.strip() for c in table.rows[header]]
        above = " ".join(c.text for r in table.rows[:header] for c in r)
        years = {j: int(m.group(1)) for j, h in enumerate(heads) if (m := YEAR_COLUMN.match(h))
                 and not (plan_year and int(m.group(1)) < plan_year)}
        unit_col = next((j for j, h in enumerate(heads) if UNIT_COLUMN.match(h)), None)
        label_col = next((j for j, h in enumerate(heads) if LABEL_COLUMN.search(h)), None)
        section = section_at(sections, table.start)
        title = doc.text[max(0, table.start - 200):table.start]
        if label_col is None or re.search(r"thực hiện|ước|kết quả", above, re.IGNORECASE) or not (
                _in_targets_part(section) or GOALS.search(title) or GOALS.search(heads[label_col])):
            continue
        for row in table.rows[header + 1:]:
            if line := doc.paragraph_at(row[0].start):
                lines.add(line.start)
            if label_col >= len(row):
                continue
            label = re.sub(r"\s+", " ", row[label_col].text).strip()
            unit_cell = row[unit_col].text.strip() if unit_col is not None and unit_col < len(row) else ""
            unit = unit_cell.lower() or ((m := UNIT_IN_LABEL.search(label)) and m.group(1).lower()) or ""
            if not unit or not label:
                continue  # no goal without a unit
            subject = UNIT_IN_LABEL.sub("", label).strip()
            for j, year in years.items():
                if j >= len(row) or not (m := GOAL_CELL.match(row[j].text.strip())):
                    continue
                lead = (m.group("lead") or "").lower()
                comparator = "lte" if lead in ("dưới", "không quá", "tối đa", "≤", "<") else "gte" if lead else "eq"
                cell = row[j]
                out.append(Target(subject, float(parse_numeral(m.group("num")).value), unit, comparator, cell.start,
                                  cell.end, f"{label}, {heads[j]}: {cell.text.strip()}", section=section, year=year))
    return out, lines


def _restatements_dropped(found: list[Target]) -> list[Target]:
    """A goal stated again later (same figure and unit, mostly the same words in another part, a subject
    that one holds in the other: "diện tích rừng ngập mặn" in "… rừng ngập mặn ven biển của tỉnh", or the
    same table row: its description and its solutions) is kept once."""
    kept: list[Target] = []
    alike: dict[tuple, list[tuple[Target, set[str]]]] = {}  # kept goals by figure, unit and scope
    for t in found:
        words = set(t.subject.lower().split())
        same_figure = alike.setdefault((t.value, t.upper, t.unit, t.scope), [])
        if any(_part(k) != _part(t) and len(words & kw) / max(len(words | kw), 1) >= 0.6
               or len(words) >= 3 and _within(t.subject, k.subject) or t.row is not None and k.row == t.row
               for k, kw in same_figure):
            continue
        kept.append(t)
        same_figure.append((t, words))
    return kept


def _within(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a in b or b in a


def _part(t: Target) -> str | None:
    s = t.section
    while s is not None and s.parent is not None:
        s = s.parent
    return s.section_id if s else None


def _past_year(before: str, plan_year: int | None) -> bool:
    """A clause about an earlier year ("Các tiêu chí … năm 2023 có …")."""
    years = [int(y) for y in re.findall(r"năm\s+((?:19|20)\d\d)", before)]
    return bool(plan_year and years and max(years) < plan_year)


def _add_scopes(doc: Document, found: list[Target]) -> None:
    """Parts of a count split by commune take the total's subject and the commune as scope; parts of an
    increment ("xây dựng 37 xã … (bao gồm 14 xã … và 23 xã …)") are increments too."""
    by_start = {t.start: t for t in found}
    for b in breakdowns(doc):
        total = by_start.get(b.total.start)
        if total is None:
            continue
        for part in b.parts:
            t = by_start.get(part.start)
            if t is None:
                continue
            if t.comparator == "eq" and total.comparator == "increase":
                t.comparator = "increase"
            name = re.search(r"(?:xã|phường|thị trấn|huyện)\s+([^:;,()]+?)\s*:?\s*$",
                             doc.text[max(b.total.end, part.start - 60):part.start], re.IGNORECASE)
            if name:
                t.scope = name.group(1).strip()
                base = re.sub(r"^\s*\S+\s*", "", total.subject) if total.subject.startswith(total.unit) else total.subject
                t.subject = f"{t.unit} {base} ({name.group(0).split(':')[0].strip()})".replace("  ", " ")


def _category(t: Target) -> str:
    """The kind of a goal of the new countryside programme: by its standard (kiểu mẫu, nâng cao), else by
    the unit it counts (the target's unit, or the unit its subject names as a word of its own); "other" for
    goals of other programmes."""
    subject = t.subject.lower()
    if not NEW_COUNTRYSIDE.search(subject):
        return "other"
    for name, words in (("ntm_kieu_mau", "kiểu mẫu"), ("ntm_nang_cao", "nâng cao")):
        if re.search(rf"\b{words}\b", subject):
            return name
    unit = t.unit if t.unit in UNIT_CATEGORY else next(
        (m.group(0) for m in MAP_UNIT_WORD.finditer(subject)), None)
    return UNIT_CATEGORY.get(unit, "other")


def extract(doc: Document) -> list[dict]:
    head = header(doc)
    rows = []
    for n, t in enumerate(targets(doc), 1):
        criterion = CRITERION.search(t.quote)
        rows.append({
            "doc_id": doc.doc_id, "target_id": f"{doc.doc_id}-t{n:04d}", "subject": t.subject,
            "value": t.value, "upper": t.upper, "unit": t.unit, "comparator": t.comparator,
            "denominator": t.denominator,
            "year": t.year or _default_year(head),
            "scope": t.scope, "criterion": f"{criterion.group(1).lower()} {criterion.group(2)}" if criterion else None,
            "category": _category(t), "quote": t.quote,
            "section_id": t.section.section_id if t.section else None,
            "start_char": t.start, "end_char": t.end, "page": doc.page_at(t.start),
        })
    return rows
