"""Figures stated twice: in the text and in a table.

- `cross_reference`: a deadline restated for the same named item and the same action ("(4) Cụm công nghiệp
  Tân Nguyên …: dự kiến trình UBND tỉnh quyết định thành lập trong Quý III/2026" in the text, "CCN Tân
  Nguyên … trình UBND tỉnh quyết định thành lập trong Quý IV/2026" in the appendix): a doubt (`warn`) when
  the two differ, the one may be a revision of the other;
  "Âu Lâu (86,83%)" in the text against the row "Âu Lâu" of a table whose column
  "Tỷ lệ lấp đầy (%)" gives 95; "cụm công nghiệp Yên Hợp (xã Xuân Ái, 12 ha)" against its row's
  "Diện tích (ha)". Reports and plans that detail their items in an appendix table (clusters, projects,
  communes, units) restate those figures in the text; the two must agree within the rounding of the
  less precise.
"""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.checks.base import Check
from extractors.numbers import NUMERAL, Numeral, parse_numeral
from extractors.tables import Grid, grids
from pipeline.lexicon.gazetteer import fold_name
from pipeline.lexicon.words import TOTAL_LABEL
from pipeline.model import Document

# the unit a column's header gives its figures
COLUMN_UNIT = re.compile(r"\((%|ha|km|m2|m²|người|hộ|tỷ đồng|triệu đồng)\)|(%)", re.IGNORECASE)
# a name's figure right after it: "Âu Lâu (86,83%)", "Yên Hợp (xã Xuân Ái, 12 ha)"
FIGURE_AFTER = re.compile(rf"\s*\((?:[^()\d]{{0,60}},\s*)?(?P<num>{NUMERAL})\s*(?P<unit>%|ha|km|m2|m²|người|hộ|"
                          r"tỷ đồng|triệu đồng)\s*[;,)]")
MIN_NAME = 4


# the named item a paragraph is about: a cluster, an industrial park, a project (reports and their appendices)
NAMED_ITEM = re.compile(r"(?:Cụm công nghiệp|CCN|Khu công nghiệp|KCN|Dự án|dự án)\s+((?:[A-ZĐ][^\W_]*|\d{1,2})"
                        r"(?:\s+(?:[A-ZĐ][^\W_]*|\d{1,2}))*)")
# a deadline and the action it is set for: "trình UBND tỉnh quyết định thành lập trong Quý III/2026"
DEADLINE = re.compile(r"((?:[^\W\d_]+\s+){4})(?:trong|vào|trước)\s+(Quý\s+[IV]{1,3}/\d{4}|tháng\s+\d{1,2}/\d{4})",
                      re.IGNORECASE)


def _item_key(name: str) -> str:
    """A named item by its first two words and its number ("Tân Nguyên", "Phú Thịnh 1"): a name printed
    before a capitalised heading ("CCN Tân Nguyên Vị trí: …") runs on into it."""
    words = name.split()
    key = words[:2] + [w for w in words[2:3] if w.isdigit()]
    return fold_name(" ".join(key))


def deadline_checks(doc: Document) -> list[Check]:
    """The deadlines a document sets for one named item's one action, everywhere it states them."""
    seen: dict[tuple[str, str], tuple[str, int, int]] = {}
    out = []
    for p in doc.paragraphs:
        if "Quý" not in p.text and "tháng" not in p.text:
            continue
        items = {_item_key(m.group(1)) for m in NAMED_ITEM.finditer(p.text)}
        if len(items) != 1:
            continue  # no item, or several: whose deadline it is is unknown
        item = items.pop()
        for m in DEADLINE.finditer(p.text):
            key, when = (item, fold_name(m.group(1))), re.sub(r"\s+", " ", m.group(2))
            start, end = p.start + m.start(2), p.start + m.end(2)
            if key not in seen:
                seen[key] = (when, start, end)
            elif seen[key][0] != when:
                first = seen[key][0]
                out.append(Check("cross_reference", "warn", None, None, Decimal(0),
                                 f"'{m.group(1).strip()}' is set for {when} here and for {first} earlier "
                                 f"(the same item: {item}); one may revise the other",
                                 f"'{m.group(1).strip()}' ở đây là {when}, ở trên là {first} (cùng {item})",
                                 start, end, None, [], [seen[key][1:]]))
    return out


def _unit(header: str) -> str | None:
    m = COLUMN_UNIT.search(header)
    return (m.group(1) or m.group(2)).lower() if m else None


def _name_column(g: Grid) -> int | None:
    """The column that names the rows: the one with the most distinct texts that are neither figures nor
    row numbers ("TT" columns hold group titles in a few rows only)."""
    best, most = None, 1
    for j in range(len(g.headers)):
        texts = {g.cell(i, j).text.strip() for i in g.data_rows if j < len(g.table.rows[i])
                 and (i, j) not in g.figures and (i, j) not in g.blanks}
        if len(texts) > most:
            best, most = j, len(texts)
    return best


def _rows_by_name(g: Grid, col: int) -> dict[str, list[int]]:
    """The table's rows by the name in their name column ("CCN Tân Lĩnh" is named "Tân Lĩnh")."""
    names: dict[str, list[int]] = {}
    for i in g.data_rows:
        if col >= len(g.table.rows[i]):
            continue
        label = re.sub(r"^(?:CCN|Cụm công nghiệp)\s+", "", g.cell(i, col).text.strip(), flags=re.IGNORECASE)
        if len(label) >= MIN_NAME and not TOTAL_LABEL.match(label):
            names.setdefault(fold_name(label), []).append(i)
    return names


def cross_reference_checks(doc: Document) -> list[Check]:
    """Each figure stated after a table row's name in the text against the row's cell in the column of
    the same unit: `fail` when they differ beyond rounding, and the name is one row of one table with
    one column of that unit; `warn` when the name or the column is not one."""
    out = []
    body = doc.body
    spans = [(t.start, t.end) for t in doc.tables]
    for g in grids(doc):
        name_col = _name_column(g)
        columns: dict[str, list[int]] = {}
        for j, header in enumerate(g.headers):
            if (u := _unit(header)) and j != name_col:
                columns.setdefault(u, []).append(j)
        if not columns or name_col is None:
            continue
        for name, rows in _rows_by_name(g, name_col).items():
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?![\w]|\s\d)", body, re.IGNORECASE):
                if any(a <= m.start() < b for a, b in spans):
                    continue  # the table itself
                fig = FIGURE_AFTER.match(body, m.end())
                if not fig or fig.group("unit").lower() not in columns:
                    continue
                unit = fig.group("unit").lower()
                cols = columns[unit]
                cells = [(i, j) for i in rows for j in cols if (i, j) in g.figures]
                if not cells:
                    continue
                stated = parse_numeral(fig.group("num"))
                out.append(_compare(doc, g, stated, fig, cells, unit, body[m.start():m.end()],
                                    certain=len(rows) == 1 and len(cols) == 1))
    return out


def _compare(doc: Document, g: Grid, stated: Numeral, fig: re.Match, cells: list[tuple[int, int]], unit: str,
             name: str, certain: bool) -> Check:
    i, j = cells[0]
    shown = g.figures[(i, j)]
    cell = g.cell(i, j)
    tolerance = stated.half_interval + shown.half_interval
    start, end = fig.start("num"), fig.end("unit")
    printed = doc.text[start:end]
    where = f"'{name}' in the table's column '{g.headers[j]}'"
    if abs(stated.value - shown.value) <= tolerance:
        return Check("cross_reference", "pass", stated.value, shown.value, tolerance,
                     f"{printed} = {cell.text} ({where})", f"{printed} khớp với {cell.text} trong bảng ({name})",
                     start, end, unit, [], [(cell.start, cell.end)])
    status = "fail" if certain else "warn"
    en = f"the text states {printed} for {name}, the table gives {cell.text} {unit} ({where})"
    vi = f"văn bản nêu {printed} cho {name}, bảng ghi {cell.text} {unit}"
    if not certain:
        en += " (doubtful: the name or the column is not one in the table)"
        vi += " (chưa chắc: tên hoặc cột không duy nhất trong bảng)"
    return Check("cross_reference", status, stated.value, shown.value, tolerance, en, vi, start, end, unit, [],
                 [(cell.start, cell.end)])

