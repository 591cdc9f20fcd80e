"""Render a document's paragraphs and tables as a real DOCX (python-docx) or a paginated PDF
(fpdf2, DejaVu Sans), with a running header and page numbers on every PDF page.

Used to make the PDF/DOCX renderings of the sample documents, and by the tests and benchmarks
that need real files whose text is known.
"""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from pipeline.model import Document

Item = Union[str, list[list[str]]]  # a paragraph, or a table as rows of cell texts

_FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]


def unicode_font() -> Path:
    """A TrueType font with Vietnamese glyphs: matplotlib's DejaVu Sans, else the system's."""
    try:
        import matplotlib
        candidate = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        if candidate.exists():
            return candidate
    except ImportError:
        pass
    for name in _FONT_CANDIDATES:
        if Path(name).exists():
            return Path(name)
    raise FileNotFoundError("no DejaVuSans.ttf: install matplotlib or fonts-dejavu-core")


def document_items(doc: Document) -> list[Item]:
    """A read document's body paragraphs and tables, in order, followed by its footnotes."""
    items: list[Item] = []
    tables = {t.start: t for t in doc.tables}
    skip_until = -1
    for p in doc.paragraphs:
        if p.start < skip_until:
            continue
        if p.start in tables:
            table = tables[p.start]
            items.append([[c.text for c in row] for row in table.rows])
            skip_until = table.end
        else:
            items.append(p.text)
    items += [doc.text[f.start:f.end] for f in doc.footnotes]
    return items


# The fonts a legacy-encoded document is set in: regular text, and (TCVN3) capitals with tone marks.
LEGACY_FONTS = {"tcvn3": (".VnTime", ".VnTimeH"), "vni": ("VNI-Times", "VNI-Times")}


def render_docx(items: list[Item], path: Path, *, encoding: str | None = None) -> Path:
    """A DOCX of the items; with `encoding` ("tcvn3" or "vni") typed as in a legacy font, the way
    pre-Unicode documents were: legacy codes in `.VnTime`/`VNI-Times` runs, TCVN3's capitals with tone
    marks as lowercase codes in `.VnTimeH` runs."""
    import docx
    document = docx.Document()

    def write(paragraph, text: str) -> None:
        if encoding is None:
            paragraph.add_run(text)
            return
        from pipeline.readers.legacy import from_unicode
        regular, capitals = LEGACY_FONTS[encoding]
        for in_capitals, chars in itertools.groupby(text, key=lambda ch: _tcvn3_capital(ch) and encoding == "tcvn3"):
            run = paragraph.add_run(from_unicode("".join(chars), encoding))
            run.font.name = capitals if in_capitals else regular

    for item in items:
        if isinstance(item, str):
            write(document.add_paragraph(), item)
        else:
            table = document.add_table(rows=len(item), cols=max(len(r) for r in item))
            for row, cells in zip(table.rows, item):
                for cell, text in zip(row.cells, cells):
                    write(cell.paragraphs[0], text)
    document.core_properties.created = dt.datetime(2025, 1, 1)
    document.save(path)
    return path


def _tcvn3_capital(ch: str) -> bool:
    """A capital TCVN3 has no code for (a capital with a tone mark): typed in the capitals font."""
    from pipeline.readers.legacy import from_unicode
    return ch != ch.lower() and from_unicode(ch, "tcvn3") == from_unicode(ch.lower(), "tcvn3")


def render_pdf(items: list[Item], path: Path, *, running_header: str = "",
               font_size: float = 12) -> Path:
    from fpdf import FPDF

    class _Pdf(FPDF):
        def header(self):
            if running_header:
                self.set_font("body", size=9)
                self.cell(0, 6, running_header, align="C")
                self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font("body", size=9)
            self.cell(0, 8, f"Trang {self.page_no()}", align="C")

    pdf = _Pdf(format="A4")
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for item in items:
        pdf.set_font("body", size=font_size)
        if isinstance(item, str):
            pdf.multi_cell(0, font_size * 0.55, item, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("body", size=font_size - 2)
            with pdf.table(first_row_as_headings=False) as table:
                for cells in item:
                    row = table.row()
                    for text in cells:
                        row.cell(text)
            pdf.ln(2)
    pdf.output(str(path))
    return path
