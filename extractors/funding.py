"""Money figures of the plan's resources → the `funding` table.

Amounts are read in the funding parts (NGUỒN LỰC, KINH PHÍ, VỐN … and any section whose heading names
them), in the footnotes anchored to those amounts, and in tables whose unit is money. Each amount is
an item; its parent is the amount it is a part of:
- the nearest amount above it at a shallower depth (a Roman part, 1., -, + bullets, and unmarked
  paragraphs inside a section sit between the section's heading and its sub-sections);
- an unmarked paragraph ending in "gồm:" / "trong đó:" opens a list of the unmarked paragraphs after it;
- amounts after "gồm" / "trong đó" in the same sentence are parts of the amount before it;
- amounts in a footnote are parts of the amount the footnote is anchored to;
- in a table, the cells of a row are parts of its total column, and the rows of a column are parts
  of its total row;
- amounts in parentheses right after an amount, two or more of them, break it down ("15,25 tỷ đồng
  (NSNN 7,3 tỷ; doanh nghiệp 7,95 tỷ)"); an amount spent out of the one before it ("817,3 tỷ đồng, đã
  chi 10,007 tỷ đồng") is a part of it.
A table of prose cells with a column of resources (reports, progress tables: "Nguồn lực thực hiện",
"Kinh phí") gives the amounts of that column, and the other amounts of its rows that are not the same
figure restated. A document without a funding part (a report) gives the amounts its prose names as
resources ("tổng kinh phí … là 332,01 tỷ đồng", "tổng mức đầu tư dự kiến 15.738 tỷ đồng"); such an
amount that an appendix table totals is one figure, the table's. (The same reading applies when the
funding parts hold no amount at all.)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.numbers import Money, find_money
from extractors.header import authored, header
from extractors.sections import Section, section_at, section_tree
from extractors.tables import money_cells
from pipeline.lexicon.outline import parse_marker
from pipeline.lexicon.words import NOT_RESOURCE, PENALTY, RESOURCE_WORDS, REVENUE, SPENT_PART
from pipeline.model import Cell, Document, Paragraph, Table, per_document

FUNDING_HEADING = re.compile(r"nguồn lực|kinh phí|nguồn vốn|\bvốn\b|ngân sách", re.IGNORECASE)
MONEY_WORDS = ("nguồn lực", "kinh phí", "vốn", "ngân sách")  # one of them is in every FUNDING_HEADING match
OPENER = re.compile(r"^[\s,.;:)]*(?:\(\s*)?(gồm|bao gồm|trong đó|cụ thể|chia ra|như sau)\b", re.IGNORECASE)
LABEL_LEAD = re.compile(r"^[\s,.;:+\-–•*)]*(?:(?:và|trong đó|gồm|bao gồm|cụ thể)\b[\s:,]*)*", re.IGNORECASE)
LABEL_TAIL = re.compile(r"(?:[\s:=,]|\b(?:là|khoảng|dự kiến|với|tổng số|số tiền|đạt|trên|gần))*$", re.IGNORECASE)
# A paragraph that ends like this announces the amount on the next line ("… là:" / "… là").
LEADS_ON = re.compile(r"(?::|\b(?:là|gồm|khoảng|dự kiến))\s*$", re.IGNORECASE)
# Documents of the administrative genre (a report, a plan, a decision, a letter): an untyped page (a web
# article, an encyclopedia entry) names amounts of money that are no one's resources.
OFFICIAL_TYPES = ("bao_cao", "ke_hoach", "quyet_dinh", "nghi_quyet", "cong_van")
YEAR = re.compile(r"\bnăm\s+(20\d\d|19\d\d)\b", re.IGNORECASE)

SOURCES = [
    ("credit", re.compile(r"tín dụng|vốn vay|cho vay|vay vốn")),
    ("integrated", re.compile(r"lồng ghép")),
    ("community", re.compile(r"người dân|doanh nghiệp|cộng đồng|xã hội h[óo]a|(?<!ban )(?<!đồng )nhân dân|đóng góp|"
                             r"ủng hộ|tài trợ|huy động|hợp pháp khác|tổ chức, cá nhân|ngoài ngân sách|"
                             r"nhà đầu tư")),
    ("central_budget", re.compile(r"trung ương|\bnstw\b|\btw\b")),
    ("province_budget", re.compile(r"ngân sách (?:cấp )?tỉnh|vốn tỉnh|\bnst\b")),
    ("district_budget", re.compile(r"ngân sách (?:cấp )?(?:huyện|thành phố|thị xã|quận)|\bnsh\b")),
    ("commune_budget", re.compile(r"ngân sách (?:cấp )?(?:xã|phường|thị trấn)|\bnsx\b")),
    ("local_budget", re.compile(r"địa phương|\bnsđp\b")),
]
# The state budget, its level unsaid: a source of its own ("other" in the vocabulary), even for a total
STATE_BUDGET = re.compile(r"ngân sách nhà nước|\bnsnn\b")
TOTAL = re.compile(r"^(?:tổng|cộng\b)|\btổng (?:cộng|số|kinh phí|nguồn|vốn|mức)")
CAPITAL_TYPES = [
    ("development_investment", re.compile(r"đầu tư phát triển|\bđtpt\b|đầu tư công|vốn đầu tư")),
    ("recurrent", re.compile(r"sự nghiệp|thường xuyên")),
]


@dataclass
class FundingItem:
    item_id: str                # "" until the document's items are known and numbered in reading order
    money: Money
    label: str
    label_start: int
    depth: float
    is_body: bool               # an unmarked paragraph (not a section heading or bullet)
    origin: str                 # text, footnote, table (a figure cell), cell (prose in a table cell)
    opens: str | None = None    # "gồm", "trong đó" … when the item announces its parts
    context: str = ""           # the clause after the amount (for the source when the label is silent)
    section_id: str | None = None
    parent: FundingItem | None = None
    children: list[FundingItem] = field(default_factory=list)
    source: str = "other"
    capital_type: str | None = None
    year: int | None = None

    def attach(self, parent: FundingItem | None) -> None:
        self.parent = parent
        if parent:
            parent.children.append(self)


@per_document
def funding_items(doc: Document) -> list[FundingItem]:
    """The funding items of a document, in reading order, linked into a tree (computed once)."""
    return _build_items(doc)


def _names_money(heading: str) -> bool:
    lowered = heading.lower()  # substring tests first: most headings hold none of the words
    return any(w in lowered for w in MONEY_WORDS) and bool(FUNDING_HEADING.search(heading))


def _funding_regions(sections: list[Section]) -> list[Section]:
    """Outermost sections about resources: funding parts, and sections whose own heading names money."""
    regions: list[Section] = []
    for s in sections:
        about_money = (s.kind == "funding" and s.parent is None) or _names_money(s.heading)
        if about_money and not any(r.start <= s.start <= r.end for r in regions):
            regions.append(s)
    return regions


def _build_items(doc: Document) -> list[FundingItem]:
    if not authored(doc):
        return []  # a Q&A page or an encyclopedia article: its amounts (fines, thresholds) are no one's resources
    sections = section_tree(doc)
    items: list[FundingItem] = []
    for region in _funding_regions(sections):
        stack: list[FundingItem] = []
        previous: Paragraph | None = None
        for p in doc.paragraphs:
            if p.start < region.start or p.start > region.end:
                continue
            section = section_at(sections, p.start)
            is_body = section is None or section.start != p.start
            depth = (section.level if section else 0) * 2 + (1 if is_body else 0)
            found = _paragraph_items(doc, p, previous, depth, is_body, "text")
            for item in found:
                item.section_id = section.section_id if section else None
                if item.parent is None:
                    item.attach(_parent_from_stack(stack, item))
                    stack.append(item)
            items.extend(found)
            previous = p
    _attach_footnotes(doc, items)
    if not items and header(doc).doc_type in OFFICIAL_TYPES:
        # no funding part, or none with an amount: a report, whose prose names its resources
        items.extend(_report_items(doc, sections))
    table_items = _table_items(doc)
    items = _without_restated_totals(items, table_items)
    items.extend(table_items)
    items.extend(_resource_column_items(doc, table_items))
    _itemized_totals(items)
    for n, item in enumerate(items, 1):  # in reading order once the restated figures are gone
        item.item_id = f"{doc.doc_id}-f{n:03d}"
    for item in items:
        _classify(item)
    return items


def _parent_from_stack(stack: list[FundingItem], item: FundingItem) -> FundingItem | None:
    while stack:
        top = stack[-1]
        if top.depth < item.depth:
            return top
        if top.depth == item.depth and top.opens and top.is_body and item.is_body:
            item.depth += 0.5
            return top
        stack.pop()
    return None


def _paragraph_items(doc: Document, p: Paragraph, previous: Paragraph | None, depth: float,
                     is_body: bool, origin: str) -> list[FundingItem]:
    """The amounts of one paragraph; amounts after an opener in the same paragraph become its parts."""
    amounts = find_money(p.text, p.start)
    out: list[FundingItem] = []
    opener: FundingItem | None = None
    breakdown: tuple[FundingItem, int] | None = None   # an amount and the end of its parenthesised parts
    boundary = p.start + (m.end if (m := parse_marker(p.text)) else 0)
    for i, money in enumerate(amounts):
        label_text = doc.text[boundary:money.start]
        if NOT_RESOURCE.search(re.split(r"[,;(]", label_text)[-1]) \
                or PENALTY.search(_sentence_before(p.text, money.start - p.start)):  # charter capital, fines
            boundary = money.end
            continue
        label_start = boundary + len(label_text) - len(label_text.lstrip())
        label = _clean_label(label_text)
        if not label and i == 0 and previous is not None and LEADS_ON.search(previous.text) \
                and not find_money(previous.text):
            label, label_start = _clean_label(_without_marker(previous.text)), previous.start
        tail_end = amounts[i + 1].start if i + 1 < len(amounts) else p.end
        tail = doc.text[money.end:tail_end]
        item = FundingItem("", money, label, label_start,
                           depth, is_body, origin, context=tail)
        opened = OPENER.match(tail)
        item.opens = opened.group(1).lower() if opened else None
        top = next((it for it in reversed(out) if it.parent is None), None)
        if breakdown is not None and money.end <= breakdown[1]:
            item.depth = depth + 0.25
            item.attach(breakdown[0])
        elif opener is not None:
            item.depth = depth + 0.25
            item.attach(opener)
        elif top is not None and SPENT_PART.search(label_text):
            item.depth = depth + 0.25
            item.attach(top)
            top.opens = top.opens or "trong đó"     # what was spent so far: some of its parts only
        elif item.opens and i + 1 < len(amounts):
            opener = item
        if breakdown is None or money.end > breakdown[1]:
            breakdown = _parenthesised_parts(doc, item, amounts[i + 1:], p.end)
        out.append(item)
        boundary = money.end
    return out


def _sentence_before(text: str, end: int) -> str:
    """The sentence of `text` up to `end`."""
    return re.split(r"[.;:!?]\s+(?=[^\W\d_])", text[:end])[-1]


def _parenthesised_parts(doc: Document, item: FundingItem, later: list[Money], end: int
                         ) -> tuple[FundingItem, int] | None:
    """The item and the end of the parentheses right after it when they hold two amounts or more."""
    opening = re.match(r"\s*\(", doc.text[item.money.end:end])
    if not opening:
        return None
    close = doc.text.find(")", item.money.end + opening.end(), end)
    close = end if close < 0 else close
    inside = [m for m in later if m.end <= close]
    return (item, close) if len(inside) >= 2 else None


def _clean_label(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.split(r";\s*|\.\s+(?=[^\W\d_])", text)[-1]  # the last clause: after a ";" or a sentence end
    text = LABEL_LEAD.sub("", text)
    text = re.sub(r"^\(?[^()]*\)\s*", "", text) if text.count(")") > text.count("(") else text
    return LABEL_TAIL.sub("", text).strip(" ,.;:")


def _attach_footnotes(doc: Document, items: list[FundingItem]) -> None:
    """Amounts in a footnote are parts of the amount the footnote is anchored to."""
    for footnote, p in zip(doc.footnotes, doc.footnote_paragraphs):
        for anchor in footnote.anchors:
            owner = max((it for it in items if it.origin == "text" and it.money.end <= anchor
                         and not doc.text[it.money.end:anchor].count("\n")),
                        key=lambda it: it.money.end, default=None)
            if owner is None:
                continue
            parts = _paragraph_items(doc, p, None, owner.depth + 1, False, "footnote")
            for part in parts:
                part.section_id = owner.section_id
                if part.parent is None:
                    part.attach(owner)
            items.extend(parts)


def _report_items(doc: Document, sections: list[Section]) -> list[FundingItem]:
    """Amounts the prose outside tables names as resources, in a document without a funding part."""
    in_table = [(t.start, t.end) for t in doc.tables]
    items: list[FundingItem] = []
    for p in doc.paragraphs:
        if p.start >= doc.body_end or any(a <= p.start < b for a, b in in_table) \
                or not RESOURCE_WORDS.search(p.text):
            continue
        kept: list[FundingItem] = []
        for it in _paragraph_items(doc, p, None, 1, True, "text"):
            if it.parent is not None and it.parent not in kept:
                it.parent.children.remove(it)
                it.parent = None
            clause = _clause_before(doc, it)
            if it.parent is not None or (RESOURCE_WORDS.search(clause) and not REVENUE.search(clause)):
                section = section_at(sections, it.money.start)
                it.section_id = section.section_id if section else None
                kept.append(it)
        items.extend(kept)
    return items


def _clause_before(doc: Document, item: FundingItem) -> str:
    """The clause that leads to an amount: from the last ";", ", " or sentence end before it."""
    head = doc.text[max(0, item.money.start - 200):item.money.start]
    return re.split(r";|,\s|\.\s|:", head)[-1]


def _without_restated_totals(items: list[FundingItem], table_items: list[FundingItem]) -> list[FundingItem]:
    """Report prose that states a table's total ("tổng mức đầu tư 15.738 tỷ đồng (chi tiết tại Phụ lục
    2)") restates the table's figure: the table's total row, with its parts, stands for both."""
    totals = {it.money.vnd for it in table_items if it.children and it.parent is None}
    return [it for it in items if not (it.origin == "text" and not it.children and it.parent is None
                                       and it.money.vnd in totals)]


def _resource_column_items(doc: Document, table_items: list[FundingItem]) -> list[FundingItem]:
    """Amounts of tables of prose cells with a column of resources ("Nguồn lực thực hiện"): the column's
    amounts, then the amounts of the row's other cells that are not one of them restated; such an amount
    is a part of the row's amount it rounds to, else of the first resource amount that can hold it."""
    taken = {(it.money.start, it.money.end) for it in table_items}
    items: list[FundingItem] = []
    for table in doc.tables:
        columns = _resource_columns(table)
        if not columns:
            continue
        for row in table.rows[1:]:
            resources: list[FundingItem] = []
            for j in columns:
                if j < len(row):
                    resources += [it for it in _cell_items(doc, row[j]) if (it.money.start, it.money.end) not in taken]
            row_items = list(resources)
            for j, cell in enumerate(row):
                if j in columns:
                    continue
                for it in _cell_items(doc, cell):
                    if (it.money.start, it.money.end) in taken or it.parent is not None:
                        continue
                    if any(abs(it.money.vnd - other.money.vnd) <= 1000 for other in row_items):
                        continue  # the same figure restated in another column
                    holder = next((o for o in row_items if abs(it.money.vnd - o.money.vnd) <= o.money.tolerance_vnd),
                                  None) or next((o for o in resources if o.parent is None
                                                 and o.money.vnd >= it.money.vnd), None)
                    if holder is not None:
                        it.attach(holder)
                        holder.opens = holder.opens or "trong đó"   # some of its parts only
                    row_items.append(it)
            items.extend(row_items)
    return items


def _itemized_totals(items: list[FundingItem]) -> None:
    """A total the prose states ("Tổng kinh phí ngân sách nhà nước đã đầu tư hạ tầng … là 332,01 tỷ
    đồng") and the rows of a table that repeat its words, each for one unit ("Ngân sách nhà nước: hạ
    tầng đã đầu tư 132,82 tỷ đồng"): the rows are parts of the total, when they add up to no more."""
    cells = [it for it in items if it.origin == "cell" and it.parent is None and RESOURCE_WORDS.search(it.label)]
    for total in (it for it in items if it.origin == "text" and it.parent is None and not it.children
                  and TOTAL.search(it.label.lower())):
        words = _words(total.label)
        groups: dict[frozenset, list[FundingItem]] = {}
        for cell in cells:
            if cell.parent is None and (own := _words(cell.label)) and own <= words:
                groups.setdefault(frozenset(own), []).append(cell)
        fitting = [g for g in groups.values() if len(g) >= 2
                   and sum(c.money.vnd for c in g) <= total.money.vnd + total.money.tolerance_vnd]
        if fitting:
            for cell in max(fitting, key=len):
                cell.attach(total)
            total.opens = "trong đó"   # the table may itemize only some of it


def _words(label: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", label.lower()))


def _resource_columns(table: Table) -> list[int]:
    """Columns whose header names resources and prints no money unit (a column of figures under a unit
    is read as a grid by `money_cells`)."""
    if len(table.rows) < 2:
        return []
    header = table.rows[0]
    return [j for j, cell in enumerate(header) if RESOURCE_WORDS.search(cell.text)
            and not re.search(r"đồng|\bđ\b", cell.text, re.IGNORECASE)]


def _cell_items(doc: Document, cell: Cell) -> list[FundingItem]:
    """The amounts of a table cell's prose, read as a paragraph."""
    items = _paragraph_items(doc, Paragraph(cell.start, cell.end, cell.text), None, 1, True, "cell")
    section = section_at(section_tree(doc), cell.start)
    for it in items:
        it.section_id = section.section_id if section else None
    return items


def _caption(doc: Document, table: Table) -> str:
    """The title lines just above a table ("DANH MỤC CỤM CÔNG NGHIỆP THU HÚT … NHÀ ĐẦU TƯ")."""
    return " ".join(doc.text[max(0, table.start - 300):table.start].split("\n")[-3:])


def _table_items(doc: Document) -> list[FundingItem]:
    """One item per money cell of the document's tables, linked by their total row and column."""
    items: list[FundingItem] = []
    sections = section_tree(doc)
    captions = {}
    for table_cells in money_cells(doc):
        table = next((t for t in doc.tables if t.start <= table_cells[0].money.start <= t.end), None)
        captions.update({c.money.start: _caption(doc, table) for c in table_cells} if table else {})
        by_cell = {}
        for cell in table_cells:
            item = FundingItem("", cell.money, cell.label,
                               cell.money.start, 0, False, "table", context=captions.get(cell.money.start, ""))
            section = section_at(sections, cell.money.start)
            item.section_id = section.section_id if section else None
            by_cell[(cell.row, cell.col)] = item
            items.append(item)
        for cell in table_cells:
            if cell.parent is not None and cell.parent in by_cell:
                by_cell[(cell.row, cell.col)].attach(by_cell[cell.parent])
    return items


def _classify(item: FundingItem) -> None:
    label = re.sub(r"\([^)]*\)", " ", item.label).lower()
    found = [name for name, pattern in SOURCES if pattern.search(label)]
    if not found and not item.children:
        found = [name for name, pattern in SOURCES if pattern.search(re.split(r"[;(]", item.context)[0].lower())]
    state_only = not found and STATE_BUDGET.search(label) and not any(
        pattern.search(child.label.lower()) for child in item.children for _, pattern in SOURCES)
    if len(set(found)) > 1:
        item.source = "total"
    elif state_only:
        item.source = "other"
    elif TOTAL.search(label) and (item.children or item.parent is None):
        item.source = "total"
    elif found:
        item.source = found[0]
    elif item.parent is not None:
        item.source = item.parent.source if item.parent.source != "total" else "other"
    else:
        item.source = "total" if item.children else "other"
    whole = item.label.lower()
    item.capital_type = next((name for name, pattern in CAPITAL_TYPES if pattern.search(whole)), None)
    year = YEAR.search(item.label + " " + re.split(r"[(;]|\.\s", item.context)[0])
    item.year = int(year.group(1)) if year else (item.parent.year if item.parent else None)


def extract(doc: Document) -> list[dict]:
    return [{
        "doc_id": doc.doc_id, "item_id": it.item_id,
        "parent_id": it.parent.item_id if it.parent else None,
        "label": it.label, "source": it.source, "capital_type": it.capital_type,
        "amount_vnd": it.money.vnd, "amount_text": it.money.printed, "unit": it.money.unit,
        "decimals": it.money.numeral.decimals, "year": it.year, "origin": it.origin,
        "section_id": it.section_id, "label_start": it.label_start,
        "start_char": it.money.start, "end_char": it.money.end, "page": doc.page_at(it.money.start),
    } for it in funding_items(doc)]


def _without_marker(text: str) -> str:
    marker = parse_marker(text)
    return marker.rest if marker else text
