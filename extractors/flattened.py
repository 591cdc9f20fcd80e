"""Per-district tables that text extraction flattened to one cell a line, read back into tables.

Appendices (PHỤ BIỂU, PHỤ LỤC) often come as a run of short lines: TT, Nội dung, …, Tổng, Huyện A,
Huyện B, …, then for each row its number, its labels and one line per cell. The district columns are
recognised from the gazetteer (the districts of the issuing province, in a row of consecutive lines);
a row's cells are the lines after its labels: one per district, preceded by the total when there is
one more. Rows whose cells cannot be lined up with the districts (a merged cell) are left out.
"""
from __future__ import annotations

import re

from extractors.header import header
from pipeline.lexicon.gazetteer import fold_name, legacy
from pipeline.lexicon.outline import row_label
from pipeline.lexicon.words import TOTAL_WORDS
from pipeline.model import Cell, Document, Paragraph, Table, per_document

DISTRICT_HEADER = re.compile(r"^(?:Huyện|Thành phố|Thị xã|Quận|TP\.?)\s+(.+)$", re.IGNORECASE)
VALUE_LINE = re.compile(r"^(?:[-–]?\s*0|[-–]|\d[\d.,]*(?:\s.*)?|≥.*|≤.*|(?:Xã|Phường|Thị trấn)\s+[A-ZĐ].*)$")


# a unit word opening a second cell inside one line ("… Sơn Thành, Văn Minh Xã Bằng Vân, Đức Vân")
MERGED_CELLS = re.compile(r"[^\W\d_]\s+(?:Xã|Thôn|Xóm|Bản|Phường|Thị trấn|Huyện)\s")


@per_document
def flattened_tables(doc: Document) -> list[Table]:
    """Tables rebuilt from one-cell-a-line runs of a text body (computed once)."""
    return _find(doc)


def _find(doc: Document) -> list[Table]:
    province = header(doc).province
    if not province:
        return []
    districts = {fold_name(d) for d in legacy().districts_of(province)}
    paras = doc.paragraphs
    tables, i = [], 0
    while i < len(paras):
        run = _district_run(paras, i, districts)
        if len(run) < 2:
            i += 1
            continue
        first, last = run[0], run[-1]
        has_total = first > 0 and paras[first - 1].text.strip().lower() in TOTAL_WORDS
        head_cells = ([Cell("Nội dung", paras[first].start, paras[first].start)]
                      + [Cell(paras[j].text.strip(), paras[j].start, paras[j].end) for j in
                         ([first - 1] if has_total else [])]
                      + [Cell(paras[j].text.strip(), paras[j].start, paras[j].end) for j in run])
        rows, i = _rows(paras, last + 1, len(run)), last + 1
        if rows:
            tables.append(Table(head_cells[0].start, rows[-1][-1].end, None, [_with_total_column(head_cells, has_total)]
                                + [_with_total_column(r, True) for r in rows]))
    return tables


def _district_run(paras: list[Paragraph], i: int, districts: set[str]) -> list[int]:
    run = []
    while i < len(paras) and (m := DISTRICT_HEADER.match(paras[i].text.strip())) \
            and fold_name(" ".join(m.group(1).split())) in districts:
        run.append(i)
        i += 1
    return run


def _with_total_column(cells: list[Cell], has_total: bool) -> list[Cell]:
    """Every row gets a total column (empty when the table prints none) so the columns line up."""
    if has_total:
        return cells
    return [cells[0], Cell("Tổng", cells[0].end, cells[0].end)] + cells[1:]


def _rows(paras: list[Paragraph], i: int, width: int) -> list[list[Cell]]:
    """Rows after the header: number line, label lines, then `width` (+1 with a total) value lines."""
    rows: list[list[Cell]] = []
    group = ""
    while i < len(paras):
        text = paras[i].text.strip()
        if not text or re.match(r"^(?:Ghi chú|Nguồn|Nơi nhận)", text):
            break
        if _row_number(text):
            group, i = "", i + 1
            continue
        if VALUE_LINE.match(text) and not text.startswith("- "):
            break  # values without a label: not a row this reader understands
        labels = []
        while i < len(paras) and not VALUE_LINE.match(paras[i].text.strip()) or \
                (i < len(paras) and paras[i].text.strip().startswith("- ") and not labels):
            labels.append(paras[i])
            i += 1
            if len(labels) > 3:
                return rows
        if not labels:
            break
        if not group and len(labels) > 1:
            group = labels[0].text.strip()
        label = labels[-1]
        values = []
        while i < len(paras) and len(values) <= width and VALUE_LINE.match(paras[i].text.strip()) \
                and not _row_number(paras[i].text):
            values.append(paras[i])
            i += 1
        if any(MERGED_CELLS.search(v.text) for v in values):
            continue  # two cells read as one line: the row's columns cannot be told apart
        sub = label.text.strip().lstrip("- ").strip()
        name = " — ".join(x for x in dict.fromkeys((group, sub)) if x)
        label_cell = Cell(name or label.text.strip(), label.start, label.end)
        if len(values) == width + 1:
            rows.append([label_cell] + [Cell(v.text.strip(), v.start, v.end) for v in values])
        elif len(values) == width:
            rows.append([label_cell, Cell("", label.end, label.end)] + [Cell(v.text.strip(), v.start, v.end)
                                                                         for v in values])
        if (i < len(paras) and not VALUE_LINE.match(paras[i].text.strip()) and not _row_number(paras[i].text)
                and len(values) <= 2):
            i += 1  # a merged cell of prose spanning the districts
    return rows


def _row_number(text: str) -> bool:
    """A line that holds only a row's number (1., 2 …; I, II …)."""
    label = row_label(text)
    return label is not None and (label.kind == "roman" or label.kind == "num1" and len(label.number) <= 2
                                  and label.number[0] != "0")
