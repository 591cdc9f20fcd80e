"""XLSX workbooks (openpyxl, read-only): each sheet a heading with its name and a table of its cells, as
appendices of figures (PHỤ BIỂU) are often kept. Formulas give the values Excel last computed and saved
(data_only); figures are printed the Vietnamese way (`.` groups thousands where the cell's format groups
them, `,` is the decimal mark, as many decimals as the format shows), dates as dd/mm/yyyy. The package is
checked as a DOCX's is (size, parts, DTDs) before openpyxl reads it."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal

from pipeline.model import Block, Reading
from pipeline.readers.detect import UnreadableDocument, brief
from pipeline.readers.docx import check_package

MAX_CELLS = 2_000_000           # a workbook of appendices holds tens of thousands
EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA"}


def read_xlsx(data: bytes) -> Reading:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_package(package, "spreadsheet")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableDocument:
        raise
    except Exception as exc:  # openpyxl raises what its parsers raise on a damaged package
        raise UnreadableDocument(f"the spreadsheet is damaged or truncated ({brief(exc)})") from None
    blocks: list[Block] = []
    cells = 0
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows():
                cells += len(row)
                if cells > MAX_CELLS:
                    raise UnreadableDocument(f"the spreadsheet holds more than {MAX_CELLS:,} cells, more than "
                                             "any document's appendices")
                rows.append([cell_text(cell) for cell in row])
            rows = _trimmed(rows)
            if rows:
                blocks.append(Block("heading", sheet.title, level=1))
                blocks.append(Block("table", rows=rows))
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"the spreadsheet is damaged or truncated ({brief(exc)})") from None
    finally:
        workbook.close()
    return Reading(blocks)


def cell_text(cell) -> str:
    """A cell's value as printed in a Vietnamese document."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return "" if value.strip() in EXCEL_ERRORS else value.strip()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return vietnamese_number(value, getattr(cell, "number_format", "General") or "General")
    return str(value)


def vietnamese_number(value: float, number_format: str) -> str:
    """`value` as its format shows it, with Vietnamese separators: "#,##0" → 1.112.190; "0.0%" → 25,3%;
    "General" → the value's own digits (an identifier such as 1805 stays ungrouped)."""
    section = number_format.split(";")[0]
    percent = "%" in section
    if percent:
        value *= 100
    grouped = "," in section and "#" in section
    if (m := re.search(r"0\.(0+)", section)) is not None:
        decimals = len(m.group(1))
    elif re.search(r"[0#]", section):
        decimals = 0  # "0", "#,##0": whole numbers
    else:  # General: the value's own decimals, up to 10
        decimals = 0 if float(value).is_integer() else len(f"{value:.10f}".rstrip("0").split(".")[1])
    # rounded half up from the shortest decimal form of the float, as Excel shows 74062.765 as 74.062,77
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}" if grouped else f"{rounded:.{decimals}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if text.startswith("-") and not text.strip("-0,."):
        text = text[1:]  # -0
    return text + ("%" if percent else "")


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without the empty ones, and without the leading and trailing columns empty in every row."""
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    first = min(next(i for i, text in enumerate(row) if text) for row in rows)
    width = max(max(i + 1 for i, text in enumerate(row) if text) for row in rows)
    return [row[first:width] + [""] * (width - max(len(row), first)) for row in rows]
