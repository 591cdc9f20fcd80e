"""Arithmetic rules: totals against their parts.

Rules here:
- `sum`: every funding item with parts (sub-items, "trong đó" lists, footnote breakdowns), and every
  count split into counts of the same thing ("20 xóm (… 05 xóm; … 09 xóm; … 06 xóm)");
- `table_total`: every total row, total column and group row of a table of figures.
"""
from __future__ import annotations

from decimal import Decimal

from extractors.checks.base import Check, Figure, compare
from extractors.counts import breakdowns
from extractors.funding import FundingItem, funding_items
from extractors.numbers import format_numeral
from pipeline.lexicon.gazetteer import fold_name
from extractors.tables import FIGURE_CELL, LEADING_COUNT, Grid, grids
from extractors.targets import targets
from pipeline.lexicon.outline import RANK
from pipeline.lexicon.words import MONEY_UNITS
from pipeline.model import Document


def _vnd(item: FundingItem) -> Figure:
    return Figure(Decimal(item.money.vnd), item.money.tolerance_vnd)


def _show(item: FundingItem, value: Decimal | None = None) -> str:
    """A VND amount printed in the item's own unit (for messages)."""
    if value is None:
        return item.money.printed
    factor = MONEY_UNITS[item.money.unit]
    return f"{format_numeral(value / factor, max(item.money.numeral.decimals, 3 if value % factor else 0))} {item.money.unit}"


def sum_checks(doc: Document) -> list[Check]:
    """Each funding item with parts against the sum of its parts."""
    out = []
    for item in funding_items(doc):
        if not item.children or item.origin == "table":
            continue
        parts = item.children
        actual, tolerance, ok = compare(_vnd(item), [_vnd(c) for c in parts])
        names = " + ".join(c.money.printed for c in parts)
        if ok:
            status = "pass"
            en = f"{item.money.printed} = {names} (within rounding: ±{_show(item, tolerance)})"
            vi = f"{item.money.printed} khớp với tổng các khoản {names}"
        elif actual > item.money.vnd:
            status = "fail"
            en = f"the parts {names} add up to {_show(item, actual)}, more than the stated {item.money.printed}"
            vi = f"các khoản {names} cộng lại được {_show(item, actual)}, lớn hơn con số {item.money.printed} đã nêu"
        elif len(parts) == 1:
            status = "skip"
            en = f"only one part of {item.money.printed} is named ({names}): not a full breakdown"
            vi = f"chỉ nêu một khoản ({names}) của {item.money.printed}: không phải phân bổ đầy đủ"
        else:
            # "trong đó" (in the sentence of the total) may name only some parts
            some = item.opens == "trong đó" or "trong đó" in doc.text[item.money.end:item.money.end + 200]
            status = "warn" if some else "fail"
            en = (f"the parts {names} add up to {_show(item, actual)}, "
                  f"{_show(item, item.money.vnd - actual)} short of the stated {item.money.printed}")
            vi = (f"các khoản {names} cộng lại được {_show(item, actual)}, "
                  f"thiếu {_show(item, item.money.vnd - actual)} so với {item.money.printed} đã nêu")
            if status == "warn":
                en += " ('trong đó' may list only some parts)"
                vi += " ('trong đó' có thể chỉ nêu một số khoản)"
        out.append(Check("sum", status, Decimal(item.money.vnd), actual, tolerance, en, vi,
                         item.money.start, item.money.end, "VND", [item.item_id] + [c.item_id for c in parts],
                         [(c.money.start, c.money.end) for c in parts]))
    return out


def count_sum_checks(doc: Document) -> list[Check]:
    """Each count against the counts that split it (exact: counts carry no rounding)."""
    out = []
    for b in breakdowns(doc):
        if "hoặc" in doc.text[b.parts[0].end:b.parts[-1].start]:
            continue  # "01 bản sao có chứng thực hoặc 01 bản sao": alternatives, not parts
        total, unit = b.total.value, b.total.unit
        actual = sum(p.value for p in b.parts)
        shown = " + ".join(doc.text[p.start:p.end] for p in b.parts)
        stated = doc.text[b.total.start:b.total.end]
        if actual == total:
            status, en, vi = "pass", f"{stated} = {shown}", f"{stated} khớp với {shown}"
        else:
            status = "warn" if actual < total and b.opener == "trong đó" else "fail"
            en = f"the parts {shown} add up to {actual} {unit}, not the stated {stated}"
            vi = f"các phần {shown} cộng lại được {actual} {unit}, khác con số {stated} đã nêu"
        out.append(Check("sum", status, Decimal(total), Decimal(actual), Decimal(0), en, vi,
                         b.total.start, b.total.end, unit, [], [(p.start, p.end) for p in b.parts]))
    return out


def table_total_checks(doc: Document) -> list[Check]:
    """Total rows, group rows and total columns of every table of figures."""
    out = []
    for g in grids(doc):
        additive = [j for j in range(len(g.headers)) if g.additive(j)]
        for total_row in g.total_rows:
            for j in additive:
                out += _total_row_check(g, total_row, j)
        for i, level in g.row_levels.items():
            if i in g.total_rows:
                continue
            children = _group_children(g, i, level)
            for j in additive:
                out += _grid_check(g, (i, j), [(c, j) for c in children],
                                   f"group '{g.label(i)}', column '{g.headers[j]}'", group_rank=level)
        if g.total_col is not None:
            parts = [j for j in additive if j > g.total_col and g.units[j] == g.units[g.total_col]]
            if len(parts) >= 2:
                for i in g.data_rows:
                    out += _grid_check(g, (i, g.total_col), [(i, j) for j in parts], f"row '{g.label(i)}'")
                    if (i, g.total_col) in g.blanks:
                        out += _stated_elsewhere(doc, g, i, parts)
    return out


def _total_row_check(g: Grid, total_row: int, col: int) -> list[Check]:
    """A total row against the rows it sums: all the table's other rows; in a table of several total rows
    ("Tổng" under its rows, a row apart, "Tổng khối lượng" under all), also the rows from the total before
    it, the rows down to the next total (a total printed above its rows), or the total before it with the
    rows since (a running total). The first reading that adds up passes; when none does, the failure is
    certain only in a table of one total row."""
    others = [i for i in g.data_rows if i not in g.total_rows]
    readings = [_top_rows(g, others)]
    if len(g.total_rows) > 1:
        k = g.total_rows.index(total_row)
        before = g.total_rows[k - 1] if k else None
        after = g.total_rows[k + 1] if k + 1 < len(g.total_rows) else len(g.table.rows)
        since = [i for i in others if (before or 0) < i < total_row]
        readings += [_top_rows(g, since), _top_rows(g, [i for i in others if total_row < i < after])]
        if before is not None:
            readings.append([before] + _top_rows(g, since))
    where = f"column '{g.headers[col]}'"
    first = None
    for rows in readings:
        if not rows:
            continue
        checks = _grid_check(g, (total_row, col), [(i, col) for i in rows], where)
        if not checks or checks[0].status != "fail":
            return checks
        first = first or checks
    if first and len(g.total_rows) > 1:
        first[0].status = "warn"
        first[0].message += " (doubtful: the table has several total rows, which rows each sums is unsure)"
        first[0].message_vi += " (chưa chắc: bảng có nhiều dòng tổng, không rõ mỗi dòng cộng những dòng nào)"
    return first or []


def _printed_with_decimals(stated, figs) -> bool:
    """Whether any of the figures was printed with decimals."""
    return any(f.decimals for f in [stated, *figs])


def _stated_elsewhere(doc: Document, g: Grid, row: int, parts: list[int]) -> list[Check]:
    """A row whose total cell is empty, against the total the text states for it: the target of the
    section headed like the row ("4. Thôn nông thôn mới: … thêm 50 thôn" ↔ row "Thôn nông thôn mới")."""
    units = {m.group(0).split()[-1].lower() for j in parts if (m := LEADING_COUNT.match(g.cell(row, j).text.strip()))}
    if len(units) != 1 or not all((row, j) in g.figures or (row, j) in g.blanks for j in parts):
        return []
    unit = units.pop()
    group = fold_name(g.label(row).split(" — ")[0])
    stated = next((t for t in targets(doc) if t.unit == unit and t.scope is None and t.section is not None
                   and fold_name(t.section.heading) == group), None)
    if stated is None:
        return []
    figs = [g.figures[(row, j)] for j in parts if (row, j) in g.figures]
    actual = sum((f.value for f in figs), Decimal(0))
    shown = " + ".join(format_numeral(f.value, 0) for f in figs)
    where = f"row '{g.label(row)}' (its total cell is empty)"
    if actual == Decimal(str(stated.value)):
        status, en, vi = "pass", f"{where}: {shown} = the {stated.value:g} {unit} stated in the text", \
            f"{where}: {shown} khớp với {stated.value:g} {unit} nêu trong văn bản"
    else:
        status = "fail"
        en = f"{where}: the district cells add up to {actual} {unit}, the text states {stated.value:g} {unit}"
        vi = f"{where}: các ô theo huyện cộng lại được {actual} {unit}, văn bản nêu {stated.value:g} {unit}"
    return [Check("table_total", status, Decimal(str(stated.value)), actual, Decimal(0), en, vi,
                  stated.start, stated.end, unit, [],
                  [(g.cell(row, j).start, g.cell(row, j).end) for j in parts if (row, j) in g.figures])]


def _top_rows(g: Grid, rows: list[int]) -> list[int]:
    """The rows of the shallowest marker level (all rows when the table has no row markers)."""
    levels = [g.row_levels[i] for i in rows if i in g.row_levels]
    if not levels:
        return rows
    top = min(levels)
    return [i for i in rows if g.row_levels.get(i) == top]


def _group_children(g: Grid, row: int, level: int) -> list[int]:
    """Rows under a group row, one level deeper, up to the next row of the same or a higher level."""
    below = []
    for i in range(row + 1, len(g.table.rows)):
        lv = g.row_levels.get(i)
        if i in g.total_rows or (lv is not None and lv <= level):
            break
        below.append(i)
    return _top_rows(g, below) if any(i in g.row_levels for i in below) else []


def _unit_word(text: str) -> str | None:
    """The word a figure cell prints after its number ("8.400 kg." → "kg"), if any."""
    m = FIGURE_CELL.match(text.strip())
    return m.group("word").strip(" .").lower() if m and m.group("word") and m.group("word").strip(" .") else None


def _grid_check(g: Grid, total: tuple[int, int], parts: list[tuple[int, int]], where: str,
                group_rank: int | None = None) -> list[Check]:
    if total not in g.figures or not parts:
        return []
    if not any(p in g.figures for p in parts):
        return []
    cell = g.cell(*total)
    unit = g.units[total[1]]
    factor = Decimal(MONEY_UNITS[unit]) if unit else Decimal(1)
    if any(p not in g.figures and p not in g.blanks for p in parts):
        return [Check("table_total", "skip", g.figures[total].value * factor, None, Decimal(0),
                      f"{where}: a part is not a figure, the total {cell.text} cannot be checked",
                      f"{where}: có ô không phải số, không kiểm tra được tổng {cell.text}",
                      cell.start, cell.end, "VND" if unit else None)]
    figs = [g.figures[p] for p in parts if p in g.figures]
    stated = g.figures[total]
    words = {_unit_word(g.cell(*p).text) for p in [total, *parts] if p in g.figures} - {None}
    if len(words) > 1:
        return [Check("table_total", "skip", stated.value * factor, None, Decimal(0),
                      f"{where}: the cells count different things ({', '.join(sorted(words))})",
                      f"{where}: các ô đếm những thứ khác nhau ({', '.join(sorted(words))})",
                      cell.start, cell.end, "VND" if unit else None)]
    if len(figs) < 2:
        return [Check("table_total", "skip", stated.value * factor, None, Decimal(0),
                      f"{where}: one figure among empty cells cannot be checked against the total {cell.text}",
                      f"{where}: chỉ một ô có số, không kiểm tra được tổng {cell.text}",
                      cell.start, cell.end, "VND" if unit else None)]
    # Printed money and measures (m³, ha, tấn) are rounded to their last digit; whole counts of things are exact.
    rounded = unit or g.measured[total[1]] or _printed_with_decimals(stated, figs)
    half = (lambda f: f.half_interval) if rounded else (lambda f: Decimal(0))
    actual, tolerance, ok = compare(Figure(stated.value, half(stated)), [Figure(f.value, half(f)) for f in figs])
    shown = format_numeral(actual, max([stated.decimals] + [f.decimals for f in figs]))
    printed = " + ".join(g.cell(*p).text if FIGURE_CELL.match(g.cell(*p).text.strip())
                         else format_numeral(g.figures[p].value, 0) for p in parts if p in g.figures)
    if ok:
        status, en, vi = "pass", f"{where}: {cell.text} = {printed}", f"{where}: {cell.text} khớp với {printed}"
    else:
        # a group row not labelled as a total may state a figure of its own (an item "1.2" with sub-items
        # that measure other things): certain for money, and for the groups of a table (I, II; A, B)
        status = "warn" if group_rank is not None and group_rank > RANK["roman"] and not unit else "fail"
        en = f"{where}: the cells {printed} add up to {shown}, not the stated total {cell.text}"
        vi = f"{where}: các ô {printed} cộng lại được {shown}, khác tổng {cell.text} đã nêu"
        if status == "warn":
            en += " (doubtful: a group row is not labelled as a total)"
            vi += " (chưa chắc: dòng nhóm không ghi là tổng)"
    return [Check("table_total", status, stated.value * factor, actual * factor, tolerance * factor, en, vi,
                  cell.start, cell.end, "VND" if unit else None, [],
                  [(g.cell(*p).start, g.cell(*p).end) for p in parts if p in g.figures])]
