"""Quantified goals → `targets`.

A target is a figure with a unit ("03 xã", "40%", "15,1 tiêu chí/xã", "10/13 xã") in a clause that sets
or keeps a goal: any clause of the plan's targets part, or a clause elsewhere with a goal word (phấn
đấu, đạt, duy trì, thêm, trở lên …). Clauses about the past ("đã đạt", "năm 2023 có", "đến nay") are
baseline facts, not targets. A count split by commune ("20 xóm (… xã Đức Xuân: 05 xóm; …)") gives one
target per commune with its scope, besides the total. Per-district cells of appendix tables come with
issue-4's table reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.counts import breakdowns
from extractors.header import header
from extractors.numbers import parse_numeral
from extractors.sections import Section, section_at, section_tree
from extractors.spans import digit_runs_in
from extractors.tables import LEADING_COUNT, grids
from pipeline.lexicon.outline import parse_marker
from pipeline.model import Document, per_document

UNITS = r"tiêu chí\s*/\s*xã|tiêu chí|xã|huyện|thôn|xóm|bản|hộ|người|sản phẩm|mô hình|km|công trình|trường|%"
LEADS = ("không quá", "tối thiểu", "ít nhất", "tối đa", "trên", "dưới", "từ")  # longest first
QUANTITY = re.compile(  # matched only where a figure or its lead word begins: see `_quantities`
    rf"(?<![\w/.,])(?:({'|'.join(LEADS)})\s+)?"
    rf"(\d{{1,3}}(?:\.\d{{3}})*(?:,\d+)?)(?:\s*/\s*(\d{{1,3}}))?(?:\s+đến\s+(\d{{1,3}}))?\s*({UNITS})(?!\w)"
    rf"(\s+trở lên)?", re.IGNORECASE)
# Words that set a goal, before the figure: any of them in the targets part, the strong ones elsewhere.
GOAL = re.compile(r"phấn đấu|mục tiêu|chỉ tiêu|duy trì|giữ vững|đạt|thêm|tăng|hoàn thành|ít nhất|"
                  r"tối thiểu|không còn|xây dựng|về đích|cụ thể|\bcó\b|số|tỷ lệ", re.IGNORECASE)
STRONG_GOAL = re.compile(r"phấn đấu|duy trì|giữ vững|\bthêm\b|tăng|hoàn thành|ít nhất|tối thiểu|không còn|"
                         r"về đích|giao chỉ tiêu|(?:để|nhằm) đạt", re.IGNORECASE)
# A figure right after these words says where or for whom, not what is aimed at ("đối với 03 huyện").
NOT_A_GOAL = re.compile(r"(?:đối với|ở|tại|của|cho|với|chỉ đạo)\s*$", re.IGNORECASE)
SCOPE_LEAD = re.compile(r"^(?:[-+•]\s*)?((?:[Hh]uyện|[Xx]ã|[Tt]hành phố|[Tt]hị xã|[Pp]hường|[Tt]hị trấn)\s+[^:]{2,30}?):")
DISTRICT_WORD = re.compile(r"^(?:huyện|thành phố|thị xã|quận|xã|phường|thị trấn)\s+", re.IGNORECASE)
ABBREVIATIONS = [(r"\bNTM\b", "nông thôn mới"), (r"\bMTQG\b", "mục tiêu quốc gia")]
BASELINE = re.compile(r"đã đạt|chưa đạt\s+(?:có|gồm|là)|đã được công nhận|đã có|hiện có|hiện đạt|đến nay|"
                      r"đến hết|tính đến|cả nước có|kết quả|bình quân cả nước|trong đó có", re.IGNORECASE)
MAINTAIN = re.compile(r"duy trì|giữ vững|củng cố", re.IGNORECASE)
INCREASE = re.compile(r"\bthêm\b|tăng|xây dựng mới", re.IGNORECASE)
CRITERION = re.compile(r"(tiêu chí|chỉ tiêu)\s+(?:số\s+)?(\d{1,2}(?:\.\d{1,2})?)", re.IGNORECASE)
CATEGORIES = [("ntm_kieu_mau", r"kiểu mẫu"), ("ntm_nang_cao", r"nâng cao"), ("thon", r"\b(?:thôn|xóm|bản)\b"),
              ("huyen", r"\bhuyện\b"), ("xa_ntm", r"\bxã\b")]
LEAD_WORDS = re.compile(r"^(?:phấn đấu|tiếp tục|tập trung)\s+", re.IGNORECASE)


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


_CLAUSE_MARKS = re.compile(r"[()]|;|\.(?= |$)")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Sentence-like pieces of a paragraph: split at '. ' and ';' outside parentheses."""
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
    number starts one, and the quantity starts there or at a lead word ("tối thiểu") spaced before it."""
    out: list[re.Match] = []
    end = 0
    for at in figures:
        if at < end:
            continue
        spaced = at
        while spaced > end and text[spaced - 1].isspace():
            spaced -= 1
        leads = [spaced - len(w) for w in LEADS if spaced < at and spaced - len(w) >= end
                 and text[spaced - len(w):spaced].lower() == w]
        for start in leads[:1] + [at]:
            if m := QUANTITY.match(text, start):
                out.append(m)
                end = m.end()
                break
    return out


def _unit(printed: str) -> str:
    u = re.sub(r"\s+", " ", printed.lower())
    return "tiêu chí/xã" if u.replace(" ", "") == "tiêuchí/xã" else u


def _subject(clause: str, q: re.Match, unit: str) -> str:
    """What is counted: the unit and the words after it, or (for shares and bare counts) the words before."""
    rest = re.sub(r"^\s*\([^)]*\)", "", clause[q.end():])  # "01 xã (xã Lê Lợi) đạt …": the list is not the subject
    after = re.split(r"[(:;,.]|\s(?:và|để|nhằm|theo|trong đó)\s", rest)[0].strip()
    before = clause[:q.start()].strip(" :")
    marker = parse_marker(before)
    before = LEAD_WORDS.sub("", marker.rest if marker else before)
    before = " ".join(before.split()[-12:])
    if unit == "%":
        subject = f"{before} {after}".strip()
    elif len(after.split()) >= 2:
        subject = f"{unit} {after}"
    else:
        subject = f"{before} {unit} {after}".strip()
    for pattern, full in ABBREVIATIONS:
        subject = re.sub(pattern, full, subject)
    return re.sub(r"\s+", " ", subject)


def _comparator(clause: str, q: re.Match) -> str:
    lead, more = (q.group(1) or "").lower(), q.group(6)
    before = clause[:q.start()]
    if lead in ("dưới", "không quá", "tối đa"):
        return "gte" if re.search(r"không còn[^.;]*$", before) else "lte"
    if MAINTAIN.search(before):
        return "maintain"
    if INCREASE.search(before[-40:]):
        return "increase"
    if more or lead in ("từ", "trên", "ít nhất", "tối thiểu"):
        return "gte"
    return "eq"


@per_document
def targets(doc: Document) -> list[Target]:
    """Every target of the document in reading order (computed once)."""
    return _find(doc)


def _find(doc: Document) -> list[Target]:
    sections = section_tree(doc)
    plan_year = header(doc).plan_year
    found: list[Target] = []
    for p in doc.paragraphs:
        if not (figures := digit_runs_in(doc, p)):
            continue
        section = section_at(sections, p.start)
        if section is None or section.kind == "funding" or not _quantities(p.text, figures):
            continue  # (a figure in a clause is one in its paragraph: clauses end at ";" and ". ")
        in_targets = section.kind == "targets" or bool(re.search(r"mục tiêu|chỉ tiêu", section.heading, re.I))
        scope = SCOPE_LEAD.match(p.text)
        for c_start, c_end in _clauses(p.text):
            clause = p.text[c_start:c_end]
            for q in _quantities(clause, [at - c_start for at in figures if c_start <= at < c_end]):
                before = clause[:q.start()]
                if BASELINE.search(before) or _past_year(before, plan_year):
                    continue
                if NOT_A_GOAL.search(before[-20:]) or before.count("“") > before.count("”"):
                    continue  # a scope ("đối với 03 huyện"), or a figure inside a quoted criterion name
                lead = p.text[:c_start + q.start()]  # the goal word may open the paragraph ("Phấn đấu …: a; b")
                if not (GOAL if in_targets else STRONG_GOAL).search(lead) and not q.group(6):
                    continue
                unit = _unit(q.group(5))
                value = float(parse_numeral(q.group(2)).value)
                if unit == "%" and value > 100 or unit != "%" and q.group(2).count(",") and unit != "tiêu chí/xã":
                    continue
                subject = _subject(clause, q, unit)
                if scope:
                    subject += f" ({scope.group(1).lower() if scope.group(1)[0] in 'HXTP' else scope.group(1)})"
                found.append(Target(
                    subject, value, unit, _comparator(clause, q),
                    p.start + c_start + q.start(2), p.start + c_start + q.end(5), clause.strip(),
                    denominator=int(q.group(3)) if q.group(3) else None,
                    upper=float(q.group(4)) if q.group(4) else None,
                    scope=re.sub(r"^\S+\s+", "", scope.group(1)) if scope else None, section=section))
    _add_scopes(doc, found)
    found += _table_targets(doc, sections)
    return _restatements_dropped(found)


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


def _restatements_dropped(found: list[Target]) -> list[Target]:
    """A goal stated again later (same figure and unit, mostly the same words) is kept once."""
    kept: list[Target] = []
    alike: dict[tuple, list[tuple[Target, set[str]]]] = {}  # kept goals by figure, unit and scope
    for t in found:
        words = set(t.subject.lower().split())
        same_figure = alike.setdefault((t.value, t.upper, t.unit, t.scope), [])
        if any(_part(k) != _part(t) and len(words & kw) / max(len(words | kw), 1) >= 0.6 for k, kw in same_figure):
            continue
        kept.append(t)
        same_figure.append((t, words))
    return kept


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
    """Parts of a count split by commune take the total's subject and the commune as scope."""
    by_start = {t.start: t for t in found}
    for b in breakdowns(doc):
        total = by_start.get(b.total.start)
        if total is None:
            continue
        for part in b.parts:
            t = by_start.get(part.start)
            if t is None:
                continue
            name = re.search(r"(?:xã|phường|thị trấn|huyện)\s+([^:;,()]+?)\s*:?\s*$",
                             doc.text[max(b.total.end, part.start - 60):part.start], re.IGNORECASE)
            if name:
                t.scope = name.group(1).strip()
                base = re.sub(r"^\s*\S+\s*", "", total.subject) if total.subject.startswith(total.unit) else total.subject
                t.subject = f"{t.unit} {base} ({name.group(0).split(':')[0].strip()})".replace("  ", " ")


def _category(subject: str) -> str:
    text = subject.lower()
    for name, pattern in CATEGORIES:
        if re.search(pattern, text):
            return name
    return "other"


def extract(doc: Document) -> list[dict]:
    head = header(doc)
    rows = []
    for n, t in enumerate(targets(doc), 1):
        year = re.search(r"năm\s+((?:19|20)\d\d)", t.quote)
        criterion = CRITERION.search(t.quote)
        rows.append({
            "doc_id": doc.doc_id, "target_id": f"{doc.doc_id}-t{n:04d}", "subject": t.subject,
            "value": t.value, "upper": t.upper, "unit": t.unit, "comparator": t.comparator,
            "denominator": t.denominator,
            "year": int(year.group(1)) if year else head.plan_year,
            "scope": t.scope, "criterion": f"{criterion.group(1).lower()} {criterion.group(2)}" if criterion else None,
            "category": _category(t.subject), "quote": t.quote,
            "section_id": t.section.section_id if t.section else None,
            "start_char": t.start, "end_char": t.end, "page": doc.page_at(t.start),
        })
    return rows
