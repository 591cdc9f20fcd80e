"""Reading the document's tables as grids of figures: header rows, the label column, numeric
columns and their unit, total rows and total columns, and row groups (I, 1, 1.1, a, -).

Shared by the funding extractor (money cells) and the table_total check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.numbers import NUMERAL, Money, Numeral, parse_numeral, unit_of
from extractors.flattened import flattened_tables
from pipeline.lexicon.outline import row_label
from pipeline.lexicon.words import MEASURE_UNITS, MONEY_UNITS, SOURCE_HEADER, TOTAL_LABEL, YEAR_HEADER
from pipeline.model import Cell, Document, Table, per_document

FIGURE_CELL = re.compile(rf"^(?P<num>{NUMERAL})(?:\s*(?P<word>[^\d\s/]+(?:\s[^\d\s/]+)?))?$")
LEADING_COUNT = re.compile(r"^(\d{1,4})\s+(?:xã|thôn|xóm|bản|huyện|hộ)\b", re.IGNORECASE)
COMMUNE_LIST = re.compile(r"^(?:Xã|Phường|Thị trấn)\s+[A-ZĐ][^\d]*$")
EMPTY_CELL = re.compile(r"^[-–—.]?$")
TOTAL_HEADER = re.compile(r"^(?:tổng|cộng)\b", re.IGNORECASE)
NOT_ADDITIVE = re.compile(r"%|tỷ lệ|tỉ lệ|\bnăm\b|đơn giá|bình quân|trung bình|/|\bstt\b|\btt\b|ghi chú|\bmã\b",
                          re.IGNORECASE)
# A money unit of a header or unit line: with its multiplier ("triệu đồng"), or a bare "đồng" standing
# as a unit: in parentheses or after a colon ("Thành tiền (đồng)", "ĐVT: đồng"); not the "đồng" of
# "Hội đồng", "cộng đồng", a column of bronze medals, nor a rate ("đồng/hồ sơ": a fee schedule).
MONEY_UNIT = re.compile(r"(?:(?<!\w)(tỷ|tỉ|triệu|nghìn|ngàn|tr\.?)\s*(?:đồng|VNĐ|VND|đ)|(?:(?<=\()|(?<=:)|(?<=: )|^)"
                        r"(?:đồng|VNĐ|VND))(?!\w)(?!\s*/)", re.IGNORECASE)
MONEY_WORD = re.compile(r"(?:tỷ|tỉ|triệu|nghìn|ngàn|tr\.?|đồng|đ|VNĐ|VND)(?!\w)", re.IGNORECASE)
UNIT_LINE = re.compile(r"(?:ĐVT|Đơn vị tính|Đơn vị\s*:)\s*:?\s*(?P<unit>[^\n)]*)", re.IGNORECASE)


@dataclass
class Grid:
    """One table read as figures."""
    table: Table
    header_rows: int
    label_col: int | None
    marker_col: int | None
    headers: list[str]                          # per column, the header rows' texts joined
    figures: dict[tuple[int, int], Numeral]     # (row, col) → figure, data rows only
    blanks: set[tuple[int, int]]                # (row, col) cells printed empty or "-"
    units: list[str | None]                     # per column: a money unit, or None
    measured: list[bool] = field(default_factory=list)  # per column: a measure (m³, ha, tấn), rounded
    total_rows: list[int] = field(default_factory=list)
    total_col: int | None = None
    row_levels: dict[int, int] = field(default_factory=dict)   # data row → depth of its marker

    def cell(self, row: int, col: int) -> Cell:
        return self.table.rows[row][col]

    def label(self, row: int) -> str:
        if self.label_col is None or self.label_col >= len(self.table.rows[row]):
            return ""
        return self.cell(row, self.label_col).text

    def additive(self, col: int) -> bool:
        return col not in (self.label_col, self.marker_col) and not NOT_ADDITIVE.search(self.headers[col])

    @property
    def data_rows(self) -> range:
        return range(self.header_rows, len(self.table.rows))


@per_document
def grids(doc: Document) -> list[Grid]:
    """Every table of the document that holds figures, flattened ones rebuilt (computed once)."""
    return [g for t in doc.tables + flattened_tables(doc) if (g := _grid(doc, t)) is not None]


def _figure(text: str) -> Numeral | None:
    """The figure a cell states: a number ("1.500", "37 xã"), a count leading a note ("12 thôn và …"),
    or the length of a list of communes ("Xã Vi Hương, Vũ Muộn, Sỹ Bình")."""
    text = text.strip()
    if m := FIGURE_CELL.match(text):
        return parse_numeral(m.group("num"))
    if m := LEADING_COUNT.match(text):
        return Numeral(Decimal(int(m.group(1))), 0)
    if COMMUNE_LIST.match(text):
        return Numeral(Decimal(len([x for x in re.split(r",|\bvà\b", text) if x.strip()])), 0)
    return None


def _grid(doc: Document, table: Table) -> Grid | None:
    rows = table.rows
    width = max(len(r) for r in rows)
    header_rows = 0
    for r in rows:
        if any(_figure(c.text) is not None for c in r[1:]):
            break
        header_rows += 1
    while header_rows < len(rows) and _numbers_columns(rows[header_rows]):
        header_rows += 1
    if header_rows >= len(rows):
        return None
    headers = [" ".join(r[c].text for r in rows[:header_rows] if c < len(r)).strip() for c in range(width)]
    figures, blanks = {}, set()
    for i in range(header_rows, len(rows)):
        for j, c in enumerate(rows[i]):
            if (n := _figure(c.text)) is not None:
                figures[(i, j)] = n
            elif EMPTY_CELL.match(c.text.strip()):
                blanks.add((i, j))
    marker_col = 0 if all(rows[i][0].text.strip() == "" or row_label(rows[i][0].text)
                          for i in range(header_rows, len(rows))) and width > 1 else None
    text_cols = [j for j in range(width) if j != marker_col and any(
        (i, j) not in figures and (i, j) not in blanks for i in range(header_rows, len(rows)) if j < len(rows[i]))]
    label_col = text_cols[0] if text_cols else None
    grid = Grid(table, header_rows, label_col, marker_col, headers, figures, blanks, [None] * width)
    grid.units = _column_units(doc, grid)
    grid.measured = _measured_columns(doc, grid)
    grid.total_rows = [i for i in grid.data_rows if TOTAL_LABEL.match(grid.label(i).strip())
                       or (marker_col is not None and TOTAL_LABEL.match(rows[i][marker_col].text.strip()))]
    grid.total_col = next((j for j in range(width) if j not in (label_col, marker_col)
                           and TOTAL_HEADER.match(headers[j].strip())
                           and any((i, j) in figures for i in grid.data_rows)), None)
    if marker_col is not None:
        for i in grid.data_rows:
            if label := row_label(rows[i][marker_col].text):
                grid.row_levels[i] = label.rank
    return grid


# a cell of the row that numbers a table's columns under its headers: "1 | 2 | 3 …", "(1) | (2) …"
COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")


def _numbers_columns(row: list[Cell]) -> bool:
    """Whether a row numbers the columns (forms and statistical tables print "1 | 2 | 3 … 14", or "A | B | 1 |
    2 …", under their headers): three or more cells, nearly all of them, hold their column's number counted
    from the first column, or from the first after columns lettered A, B … (a cell misprinted, "1 1" for 11,
    leaves a hole); such a row is a header, never figures to add up. A data row "Xã A | 1 | 2 | 3" has its
    label where the 1 would stand."""
    texts = [c.text.strip() for c in row]
    lettered = next((k for k, text in enumerate(texts) if not re.fullmatch(r"[A-Z]", text)), len(texts))
    numbered = [(k, int(m.group(1))) for k, text in enumerate(texts) if (m := COLUMN_NUMBER.match(text))]
    return (len(numbered) >= 3 and len(numbered) + lettered >= 0.7 * len(row)
            and {n - k for k, n in numbered} == {1 - lettered})


def _column_units(doc: Document, grid: Grid) -> list[str | None]:
    """Money unit of each column: from its header, else from a unit line just above the table, else, for
    a column of amounts by source or by year, the one money unit the table's headers print ("Tổng kinh phí
    (triệu đồng) | Năm 2026 | Năm 2027", "Tổng (triệu đồng) | Ngân sách tỉnh | Xã hội hóa"). A year's
    column holds money then, though a column headed "Năm" alone holds years."""
    before = doc.text[max(0, grid.table.start - 300):grid.table.start].split("\n")[-3:]
    table_unit = None
    for line in before + [h for h in grid.headers]:
        m = UNIT_LINE.search(line)
        if m and (mu := MONEY_UNIT.search(m.group("unit"))):
            table_unit = unit_of(mu.group(0).strip()) if mu.group(1) else "đồng"
    own = [(unit_of(mu.group(0).strip()) if mu.group(1) else "đồng")
           if h.strip().lower() != "đồng" and (mu := MONEY_UNIT.search(h)) else None
           for h in grid.headers]  # a header that is only "Đồng" (bronze medals) names no unit
    printed = {u for u in own if u}
    shared = printed.pop() if len(printed) == 1 else None
    units = []
    for j, header in enumerate(grid.headers):
        by_year = bool(YEAR_HEADER.search(header)) and j not in (grid.label_col, grid.marker_col)
        unit = own[j] or table_unit or (shared if by_year or SOURCE_HEADER.search(header) else None)
        units.append(unit if unit in MONEY_UNITS and (grid.additive(j) or by_year) else None)
    return units


_MEASURE = "|".join(re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True))
# a measure a header or a caption names: in brackets ("Thể tích (m3)"), after a comma at its end ("Kế hoạch
# đổ thải quặng đuôi, m3"), or alone (the unit of a unit line: "ĐVT: tấn")
MEASURE_NAMED = re.compile(rf"\((?:{_MEASURE})\)|(?:^|,\s*)(?:{_MEASURE})\s*$")


def _measured_columns(doc: Document, grid: Grid) -> list[bool]:
    """Which columns hold a measure (volumes, areas, weights, power), whose whole figures are rounded as
    money's are: by their header's unit, or by the unit the line above the table gives them all."""
    caption = doc.text[max(0, grid.table.start - 300):grid.table.start].rstrip().split("\n")[-1]
    unit_line = UNIT_LINE.search(caption)
    everywhere = bool(MEASURE_NAMED.search(caption) or unit_line and MEASURE_NAMED.search(unit_line.group("unit").strip()))
    return [grid.units[j] is None and (everywhere or bool(MEASURE_NAMED.search(h.strip())))
            for j, h in enumerate(grid.headers)]


@dataclass
class MoneyCell:
    row: int
    col: int
    money: Money
    label: str
    parent: tuple[int, int] | None


def money_cells(doc: Document) -> list[list[MoneyCell]]:
    """Per table, the money cells with their labels and parents (total column, then total row)."""
    out = []
    for g in grids(doc):
        cells = []
        total_row = g.total_rows[0] if g.total_rows else None
        for (i, j), numeral in sorted(g.figures.items()):
            unit = g.units[j]
            if unit is None:
                continue
            cell = g.cell(i, j)
            printed = FIGURE_CELL.match(cell.text.strip())
            if not printed or (printed.group("word") and not MONEY_WORD.match(printed.group("word"))):
                continue  # "12 ngày", "03 thôn và …" in a column of money: not an amount
            money = Money(numeral, unit, cell.text, cell.start, cell.end)
            label = " — ".join(x for x in (g.label(i), g.headers[j]) if x)
            if g.total_col is not None and j != g.total_col and (i, g.total_col) in g.figures:
                parent = (i, g.total_col)
            elif total_row is not None and i != total_row and (total_row, j) in g.figures:
                parent = (total_row, j)
            else:
                parent = None
            cells.append(MoneyCell(i, j, money, label, parent))
        if cells:
            out.append(cells)
    return out
