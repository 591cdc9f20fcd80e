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
NOTES_HEIGHT = 45  # mm kept free above the page number for footnotes, when a rendering has them

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


def _body_items(doc: Document) -> list[tuple[int, Item]]:
    """The body's paragraphs and tables in order, each with its start offset."""
    items: list[tuple[int, Item]] = []
    tables = {t.start: t for t in doc.tables}
    skip_until = -1
    for p in doc.paragraphs:
        if p.start < skip_until:
            continue
        if p.start in tables:
            table = tables[p.start]
            items.append((p.start, [[c.text for c in row] for row in table.rows]))
            skip_until = table.end
        else:
            items.append((p.start, p.text))
    return items


def document_items(doc: Document) -> list[Item]:
    """A read document's body paragraphs and tables, in order, followed by its footnotes."""
    return [item for _, item in _body_items(doc)] + [doc.text[f.start:f.end] for f in doc.footnotes]


def document_items_with_notes(doc: Document) -> tuple[list[Item], dict[str, str]]:
    """The body as `document_items` gives it, each footnote's anchor marked in its paragraph
    (FOOTNOTE_OPEN + label + FOOTNOTE_CLOSE), and the footnotes' texts by label: for renderings that set
    footnotes at the foot of their pages (`render_pdf(..., notes=...)`)."""
    from pipeline.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN
    marks: dict[int, list[str]] = {}
    for f in doc.footnotes:
        for anchor in f.anchors:
            marks.setdefault(anchor, []).append(f.label)
    items: list[Item] = []
    for start, item in _body_items(doc):
        if isinstance(item, str):
            out, pos = [], 0
            for offset in sorted(o for o in marks if start <= o <= start + len(item)):
                out.append(item[pos:offset - start])
                out += [f"{FOOTNOTE_OPEN}{label}{FOOTNOTE_CLOSE}" for label in marks[offset]]
                pos = offset - start
            item = "".join(out) + item[pos:]
        items.append(item)
    return items, {f.label: doc.text[f.start:f.end] for f in doc.footnotes}


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
               font_size: float = 12, notes: dict[str, str] | None = None) -> Path:
    """A paginated PDF of the items. With `notes` (footnote texts by label, the paragraphs carrying
    their anchors as `document_items_with_notes` marks them), each anchor is a raised "(label)" and its
    footnote is set in small type at the foot of the page the anchor falls on, above the page number."""
    from fpdf import FPDF

    from pipeline.model import FOOTNOTE_MARK

    pending: list[str] = []  # labels of the footnotes anchored on the current page

    class _Pdf(FPDF):
        def header(self):
            if running_header:
                self.set_font("body", size=9)
                self.cell(0, 6, running_header, align="C")
                self.ln(10)

        def footer(self):
            if pending:
                self.set_font("body", size=9)
                self.set_y(-15 - NOTES_HEIGHT)
                for label in pending:
                    self.multi_cell(0, 4.5, f"{label} {notes[label]}", new_x="LMARGIN", new_y="NEXT")
                pending.clear()
            self.set_y(-15)
            self.set_font("body", size=9)
            self.cell(0, 8, f"Trang {self.page_no()}", align="C")

    pdf = _Pdf(format="A4")
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_auto_page_break(True, margin=20 + (NOTES_HEIGHT if notes else 0))
    pdf.add_page()
    for item in items:
        pdf.set_font("body", size=font_size)
        if isinstance(item, str) and notes and FOOTNOTE_MARK.search(item):
            pos = 0
            for m in FOOTNOTE_MARK.finditer(item):
                pdf.write(font_size * 0.55, item[pos:m.start()])
                pdf.char_vpos = "SUP"
                pdf.write(font_size * 0.55, f"({m.group(1)})")
                pdf.char_vpos = "LINE"
                pending.append(m.group(1))
                pos = m.end()
            pdf.write(font_size * 0.55, item[pos:])
            pdf.ln(font_size * 0.55 + 1)
        elif isinstance(item, str):
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
