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
  of its total row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.numbers import Money, find_money
from extractors.sections import Section, section_at, section_tree
from extractors.tables import money_cells
from pipeline.lexicon.outline import parse_marker
from pipeline.model import Document, Paragraph, per_document

FUNDING_HEADING = re.compile(r"nguồn lực|kinh phí|nguồn vốn|\bvốn\b|ngân sách", re.IGNORECASE)
MONEY_WORDS = ("nguồn lực", "kinh phí", "vốn", "ngân sách")  # one of them is in every FUNDING_HEADING match
OPENER = re.compile(r"^[\s,.;:)]*(?:\(\s*)?(gồm|bao gồm|trong đó|cụ thể|chia ra|như sau)\b", re.IGNORECASE)
LABEL_LEAD = re.compile(r"^[\s,.;:+\-–•*)]*(?:(?:và|trong đó|gồm|bao gồm|cụ thể)\b[\s:,]*)*", re.IGNORECASE)
LABEL_TAIL = re.compile(r"(?:[\s:=,]|\b(?:là|khoảng|dự kiến|với|tổng số|số tiền|đạt|trên|gần))*$", re.IGNORECASE)
# A paragraph that ends like this announces the amount on the next line ("… là:" / "… là").
LEADS_ON = re.compile(r"(?::|\b(?:là|gồm|khoảng|dự kiến))\s*$", re.IGNORECASE)
YEAR = re.compile(r"\bnăm\s+(20\d\d|19\d\d)\b")

SOURCES = [
    ("credit", re.compile(r"tín dụng|vốn vay|cho vay|vay vốn")),
    ("integrated", re.compile(r"lồng ghép")),
    ("community", re.compile(r"người dân|doanh nghiệp|cộng đồng|xã hội h[óo]a|nhân dân|đóng góp|"
                             r"ủng hộ|tài trợ|huy động|hợp pháp khác|tổ chức, cá nhân")),
    ("central_budget", re.compile(r"trung ương|\bnstw\b|\btw\b")),
    ("province_budget", re.compile(r"ngân sách (?:cấp )?tỉnh|vốn tỉnh|\bnst\b")),
    ("district_budget", re.compile(r"ngân sách (?:cấp )?(?:huyện|thành phố|thị xã|quận)|\bnsh\b")),
    ("commune_budget", re.compile(r"ngân sách (?:cấp )?(?:xã|phường|thị trấn)|\bnsx\b")),
    ("local_budget", re.compile(r"địa phương|\bnsđp\b")),
]
TOTAL = re.compile(r"^(?:tổng|cộng\b)|\btổng (?:cộng|số|kinh phí|nguồn|vốn|mức)")
CAPITAL_TYPES = [
    ("development_investment", re.compile(r"đầu tư phát triển|\bđtpt\b|đầu tư công|vốn đầu tư")),
    ("recurrent", re.compile(r"sự nghiệp|thường xuyên")),
]


@dataclass
class FundingItem:
    item_id: str
    money: Money
    label: str
    label_start: int
    depth: float
    is_body: bool               # an unmarked paragraph (not a section heading or bullet)
    origin: str                 # text, footnote, table
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
            found = _paragraph_items(doc, p, previous, depth, is_body, "text", len(items))
            for item in found:
                item.section_id = section.section_id if section else None
                if item.parent is None:
                    item.attach(_parent_from_stack(stack, item))
                    stack.append(item)
            items.extend(found)
            previous = p
    _attach_footnotes(doc, items)
    items.extend(_table_items(doc, len(items)))
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
                     is_body: bool, origin: str, numbered_from: int) -> list[FundingItem]:
    """The amounts of one paragraph; amounts after an opener in the same paragraph become its parts."""
    amounts = find_money(p.text, p.start)
    out: list[FundingItem] = []
    opener: FundingItem | None = None
    boundary = p.start + (m.end if (m := parse_marker(p.text)) else 0)
    for i, money in enumerate(amounts):
        label_text = doc.text[boundary:money.start]
        label_start = boundary + len(label_text) - len(label_text.lstrip())
        label = _clean_label(label_text)
        if not label and i == 0 and previous is not None and LEADS_ON.search(previous.text) \
                and not find_money(previous.text):
            label, label_start = _clean_label(_without_marker(previous.text)), previous.start
        tail_end = amounts[i + 1].start if i + 1 < len(amounts) else p.end
        tail = doc.text[money.end:tail_end]
        item = FundingItem(f"{doc.doc_id}-f{numbered_from + len(out) + 1:03d}", money, label, label_start,
                           depth, is_body, origin, context=tail)
        opened = OPENER.match(tail)
        item.opens = opened.group(1).lower() if opened else None
        if opener is not None:
            item.depth = depth + 0.25
            item.attach(opener)
        elif item.opens and i + 1 < len(amounts):
            opener = item
        out.append(item)
        boundary = money.end
    return out


def _clean_label(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.split(r"[;]\s*", text)[-1]
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
            parts = _paragraph_items(doc, p, None, owner.depth + 1, False, "footnote", len(items))
            for part in parts:
                part.section_id = owner.section_id
                if part.parent is None:
                    part.attach(owner)
            items.extend(parts)


def _table_items(doc: Document, numbered_from: int) -> list[FundingItem]:
    """One item per money cell of the document's tables, linked by their total row and column."""
    items: list[FundingItem] = []
    sections = section_tree(doc)
    for table_cells in money_cells(doc):
        by_cell = {}
        for cell in table_cells:
            item = FundingItem(f"{doc.doc_id}-f{numbered_from + len(items) + 1:03d}", cell.money, cell.label,
                               cell.money.start, 0, False, "table")
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
    if TOTAL.search(label) or len(set(found)) > 1:
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
