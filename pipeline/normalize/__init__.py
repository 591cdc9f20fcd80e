"""Blocks from a reader → one normalized `Document`.

- NFC everywhere; pypdfium2's U+FFFE (a hyphen at a line end) becomes "-" joined to the next line;
  runs of spaces collapse.
- Running headers, footers and page numbers (lines repeated at the top or bottom of many pages,
  or a lone number there) are dropped when the reader knows pages.
- Lines are joined into paragraphs where the text says they continue (`paragraphs`: one reconstruction
  for every format); a heading block is a paragraph whose level the document keeps.
- Tables that only lay out the header or signature block are read column by column as lines; other
  tables become one line per row (cells separated by a tab) with every cell's span kept.
- Footnote texts move after the body (`Document.body_end`), each linked to its anchors.
"""
from __future__ import annotations

import re
from collections import Counter

from pipeline.model import FOOTNOTE_MARK, FOOTNOTE_OPEN, LINE_BREAK, Block, Cell, Document, Footnote, Table
from pipeline.normalize.paragraphs import clean_line, join_lines
from pipeline.readers.layout import LAYOUT_TABLE, LONE_PAGE_NUMBER

HYPHEN_AT_LINE_END = "\ufffe"


def strip_page_furniture(blocks: list[Block]) -> list[Block]:
    """Drop running headers/footers and page numbers from paged line blocks."""
    pages: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.page is not None and b.kind == "line" and b.text.strip():
            pages.setdefault(b.page, []).append(i)
    if not pages:
        return blocks
    edge_of_page = {}
    for indices in pages.values():
        for i in indices[:2] + indices[-2:]:
            edge_of_page[i] = True
    signature = {i: re.sub(r"\d+", "#", clean_line(blocks[i].text).lower()) for i in edge_of_page}
    pages_with = Counter()
    for page, indices in pages.items():
        for sig in {signature[i] for i in indices if i in signature}:
            pages_with[sig] += 1
    repeated = {s for s, n in pages_with.items()
                if len(pages) >= 2 and n >= max(2, len(pages) // 2) and len(s) < 150}
    drop = {i for i in edge_of_page
            if signature[i] in repeated or LONE_PAGE_NUMBER.match(clean_line(blocks[i].text))}
    return [b for i, b in enumerate(blocks) if i not in drop]


class _TextBuilder:
    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.page_starts: list[tuple[int, int]] = []

    def mark_page(self, page: int | None, offset: int | None = None):
        if page is None:
            return
        at = self.length if offset is None else offset
        if not self.page_starts or self.page_starts[-1][1] != page:
            self.page_starts.append((at, page))

    def add(self, text: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length


def unfold_layout_tables(blocks: list[Block]) -> list[Block]:
    """Tables that only lay out the header (issuer | national motto, number | place and date) or the
    signature block (recipients | signer) read as lines, column by column as the eye reads them (each
    cell opens a paragraph): they hold no figures, and read as rows they glue the issuer to the motto."""
    out = []
    for b in blocks:
        if b.kind == "table" and b.rows and _is_layout(b.rows):
            columns = max(len(r) for r in b.rows)
            for j in range(columns):
                for row in b.rows:
                    if j < len(row):
                        out.extend(Block("line", line, page=b.page, opens=(k == 0), soft=True)
                                   for paragraph in row[j].split("\n")
                                   for k, line in enumerate(x for x in paragraph.split(LINE_BREAK) if x.strip()))
        else:
            out.append(b)
    return out


def _is_layout(rows: list[list[str]]) -> bool:
    cells = [c.replace(LINE_BREAK, "\n") for r in rows for c in r]
    return (len(rows) <= 4 and max(len(r) for r in rows) <= 3
            and sum(bool(LAYOUT_TABLE.search(c)) for c in cells) >= 2)


def build_document(blocks: list[Block], *, doc_id: str, source_path: str, fmt: str, sha256: str,
                   page_count: int | None) -> Document:
    blocks = join_lines(strip_page_furniture(unfold_layout_tables(blocks)))
    out = _TextBuilder()
    tables: list[Table] = []
    anchors: dict[str, list[int]] = {}
    heading_levels: dict[int, int] = {}
    footnote_blocks: list[Block] = []
    for b in blocks:
        if b.kind == "footnote":
            footnote_blocks.append(b)
            continue
        if b.kind == "table":
            table = _add_table(out, b)
            if table is not None:
                tables.append(table)
            continue
        text = b.text.replace(HYPHEN_AT_LINE_END, "-")
        text, marks = _take_footnote_marks(text)
        if not text:
            continue
        out.mark_page(b.page)
        start, _ = out.add(text)
        if b.kind == "heading":
            heading_levels[start] = b.level or 1
        for offset, page in b.page_breaks or []:
            out.mark_page(page, start + min(offset, len(text)))
        for offset, label in marks:
            anchors.setdefault(label, []).append(start + offset)
    body_end = out.length
    footnotes = []
    for b in footnote_blocks:
        text, _ = _take_footnote_marks(b.text)
        if not text:
            continue
        out.mark_page(b.page)
        start, end = out.add(text)
        footnotes.append(Footnote(b.label or "", start, end, anchors.get(b.label or "", []), b.page))
    return Document(doc_id=doc_id, source_path=source_path, format=fmt, sha256=sha256,
                    text="".join(out.parts), body_end=body_end, page_count=page_count,
                    page_starts=out.page_starts, tables=tables, footnotes=footnotes, heading_levels=heading_levels)


def _take_footnote_marks(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Remove footnote markers; return the text and (offset, label) of each anchor.

    The space before a marker goes too when punctuation or the end follows it
    ("184.255 triệu đồng <sup>(1)</sup>." reads "184.255 triệu đồng.")."""
    if FOOTNOTE_OPEN not in text:
        return text, []
    marks, cleaned, pos = [], "", 0
    for m in FOOTNOTE_MARK.finditer(text):
        cleaned += text[pos:m.start()]
        after = text[m.end():]
        if not after.strip() or after[:1] in ".,;:)":
            cleaned = cleaned.rstrip()
        marks.append((len(cleaned), m.group(1)))
        pos = m.end()
    return cleaned + text[pos:], marks


def _add_table(out: _TextBuilder, block: Block) -> Table | None:
    rows = [[clean_line(c.replace("\n", " ").replace(LINE_BREAK, " ")) for c in row] for row in (block.rows or [])]
    rows = [r for r in rows if any(r)]
    if not rows:
        return None
    out.mark_page(block.page)
    table_rows, table_start = [], None
    for row in rows:
        start, end = out.add("\t".join(row))
        table_start = start if table_start is None else table_start
        cells, pos = [], start
        for text in row:
            cells.append(Cell(text, pos, pos + len(text)))
            pos += len(text) + 1
        table_rows.append(cells)
    return Table(table_start, out.length, block.page, table_rows)
