"""Figures stated twice: in the text and in a table.

- `cross_reference`: "Âu Lâu (86,83%)" in the text against the row "Âu Lâu" of a table whose column
  "Tỷ lệ lấp đầy (%)" gives 95; "cụm công nghiệp Yên Hợp (xã Xuân Ái, 12 ha)" against its row's
  "Diện tích (ha)". Reports and plans that detail their items in an appendix table (clusters, projects,
  communes, units) restate those figures in the text; the two must agree within the rounding of the
  less precise.
"""
from __future__ import annotations

import re

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

