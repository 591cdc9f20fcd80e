"""Blocks from a reader → one normalized `Document`.

- NFC everywhere; pypdfium2's U+FFFE (a hyphen at a line end) becomes "-" joined to the next line;
  runs of spaces collapse.
- Running headers, footers and page numbers (lines repeated at the top or bottom of many pages,
  or a lone number there) are dropped when the reader knows pages.
- Visual lines are joined into paragraphs: a line that fills most of the line width and does not
  end a sentence continues on the next one, as does a line followed by a lower-case start.
- Tables become one line per row (cells separated by a tab) with every cell's span kept.
- Footnote texts move after the body (`Document.body_end`), each linked to its anchors.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import numpy as np

from pipeline.lexicon.vietnamese import character_table, code_points, is_upper
from pipeline.model import FOOTNOTE_MARK, FOOTNOTE_OPEN, Block, Cell, Document, Footnote, Table
from pipeline.readers.layout import LAYOUT_TABLE, LONE_PAGE_NUMBER

HYPHEN_AT_LINE_END = "\ufffe"
# runs of spaces to collapse to one " ": two or more spaces of any kind, or one that is not " "
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]{2,}|[\t\u00a0\u2000-\u200b\u202f\u3000]")
# A line that opens a new paragraph whatever precedes it: numbering, bullets, signature lines.
NEW_PARAGRAPH = re.compile(
    r"^(?:[IVXLC]+\s*[.)/]\s|\d+(?:\.\d+)*\s*[.)/]\s|\d+(?:\.\d+)+\s|[a-zđ]\s*\)\s|[-+•*–]\s?"
    r"|\(\d+\)|Căn cứ|Nơi nhận|Kính gửi|TM\.|KT\.|Số:|PHỤ (?:LỤC|BIỂU))")
SENTENCE_ENDS = (".", ";", ":", "!", "?", "…")
# a line of closing punctuation only: PDF text puts the full stop after a raised footnote mark on a line
# of its own ("… 184.255 triệu đồng(1)" / ".")
TRAILING_PUNCTUATION = re.compile(r"^[.,;:)]+$")



_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
_DOUBLE_SPACES = re.compile("  +")


def clean_line(text: str) -> str:
    """NFC, one space between words, no stray control characters."""
    text = unicodedata.normalize("NFC", text)
    if "\u00ad" in text or "\ufeff" in text:
        text = text.replace("\u00ad", "").replace("\ufeff", "")
    # A pattern that opens with a character class scans a long text at some 10 ns a character; the
    # checks for what most texts lack (control characters, spaces other than " ") take a fraction of it.
    if not text.isprintable():
        return _SPACES.sub(" ", _CONTROL.sub("", text)).strip()
    return (_DOUBLE_SPACES.sub(" ", text) if "  " in text else text).strip()


def ends_with_code_hyphen(line: str) -> bool:
    """"Quyết định số 749/QĐ-" at a line end, "TTg" on the next: a code broken at its hyphen (or
    pypdfium2's U+FFFE)."""
    return line.endswith("\ufffe") or (line.endswith("-") and len(line) > 1 and line[-2] in _CODE_CHARACTERS)


_CODE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ0123456789")


def upper_flags(texts: list[str]) -> list[bool]:
    """`is_upper` of each non-empty text, counting letters for all of them in one vectorized pass."""
    if not texts:
        return []
    heads = [t[:400] for t in texts]
    joined = "".join(heads)
    codes = code_points(joined)
    if len(codes) != len(joined):  # characters beyond the BMP: counted one text at a time
        return [is_upper(t) for t in texts]
    starts = np.cumsum([0] + [len(h) for h in heads[:-1]])
    letters = np.add.reduceat(character_table("letter")[codes], starts, dtype=np.int64).tolist()
    lowers = np.add.reduceat(character_table("lower")[codes], starts, dtype=np.int64).tolist()
    return [n > 0 and n - low >= 0.8 * n for n, low in zip(letters, lowers)]


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


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(t) for t in lines if len(t) >= 20)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


def _continues(prev: str, prev_upper: bool, nxt: str, nxt_upper: bool, full: bool) -> bool:
    """Whether visual line `nxt` continues the paragraph that ends with line `prev` (`*_upper`: whether
    each is set in capitals; `full`: whether `prev` runs on to the right margin)."""
    if ends_with_code_hyphen(prev):
        return True
    if NEW_PARAGRAPH.match(nxt):
        return False
    if prev.endswith(SENTENCE_ENDS):  # an enumeration goes on after ";" on a full line
        return prev.endswith(";") and nxt[:1].islower() and full
    if prev_upper != nxt_upper and not nxt[:1].islower() and " " in nxt:
        return False
    if prev_upper and nxt_upper:
        return full
    return full or nxt[:1].islower()


class _Margins:
    """Where a line counts as full. With PDF geometry: when the next line's first word would not have
    fitted after it before the right margin (the 90th percentile of right edges); without, and for
    centred lines (titles): when it is at least 60 % as long as the text's wrapped lines (90th
    percentile of lengths)."""

    def __init__(self, lines: list[Block]):
        self.width = _wrap_width([b.text for b in lines])
        placed = [b for b in lines if b.x0 is not None and b.x1 is not None and len(b.text) >= 20]
        rights, lefts = sorted(b.x1 for b in placed), sorted(b.x0 for b in placed)
        self.right = rights[int(len(rights) * 0.9)] if len(placed) >= 5 else None
        self.left = lefts[int(len(lefts) * 0.1)] if len(placed) >= 5 else None

    def full(self, prev: Block, nxt_text: str) -> bool:
        if self.right is None or prev.x0 is None or prev.x1 is None or not prev.text:
            return len(prev.text) >= 0.6 * self.width
        char = (prev.x1 - prev.x0) / len(prev.text)
        indent, short = prev.x0 - self.left, self.right - prev.x1
        if indent > 2 * char and abs(indent - short) < 3 * char:  # a centred line (a title): by its length
            return len(prev.text) >= 0.6 * self.width
        next_word = len(nxt_text.split(" ", 1)[0])
        return prev.x1 + char * (1 + next_word) > self.right - 0.5 * char


def _cleaned(b: Block) -> Block:
    """The block with its text cleaned (itself when cleaning changes nothing, as for most lines)."""
    if b.kind == "table" or not b.text:  # tables are cleaned cell by cell; a blank line stays one
        return b
    text = clean_line(b.text)
    return b if text is b.text and b.page_breaks is None else Block(b.kind, text, b.page, b.rows, b.label,
                                                                    x0=b.x0, x1=b.x1)


def join_lines(blocks: list[Block]) -> list[Block]:
    """Merge runs of visual lines into paragraph blocks; every text comes out cleaned."""
    cleaned = [_cleaned(b) for b in blocks]
    margins = _Margins([b for b in cleaned if b.kind == "line"])
    uppers = iter(upper_flags([b.text for b in cleaned if b.kind == "line" and b.text]))
    out: list[Block | _OpenParagraph] = []
    open_para: _OpenParagraph | None = None
    for b in cleaned:
        if b.kind != "line":
            out.append(b)
            open_para = None
            continue
        text = b.text
        if not text:
            continue
        upper = next(uppers)
        if open_para is not None and TRAILING_PUNCTUATION.match(text):
            open_para.add(b, open_para.last_upper, space=False)  # "đồng(1)" then "." set apart by the raised note
        elif open_para is not None and _continues(open_para.last.text, open_para.last_upper, text, upper,
                                                  margins.full(open_para.last, text)):
            open_para.add(b, upper)
        else:
            open_para = _OpenParagraph(b, upper)
            out.append(open_para)
    return [b.block() if isinstance(b, _OpenParagraph) else b for b in out]


class _OpenParagraph:
    """A paragraph being assembled from lines; remembers where each later line's page begins."""
    __slots__ = ("parts", "length", "page", "page_breaks", "last", "last_upper")

    def __init__(self, line: Block, upper: bool):
        self.parts, self.length, self.page = [line.text], len(line.text), line.page
        self.page_breaks: list[tuple[int, int | None]] = []
        self.last, self.last_upper = line, upper

    def add(self, line: Block, upper: bool, space: bool = True) -> None:
        if space and not ends_with_code_hyphen(self.last.text):  # a code broken at its hyphen: no space
            self.parts.append(" ")
            self.length += 1
        self.page_breaks.append((self.length, line.page))
        self.parts.append(line.text)
        self.length += len(line.text)
        self.last, self.last_upper = line, upper

    def block(self) -> Block:
        return Block("para", "".join(self.parts), page=self.page, page_breaks=self.page_breaks or None)


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
    signature block (recipients | signer) read as paragraphs, column by column as the eye reads them:
    they hold no figures, and read as rows they glue the issuer to the motto."""
    out = []
    for b in blocks:
        if b.kind == "table" and b.rows and _is_layout(b.rows):
            columns = max(len(r) for r in b.rows)
            for j in range(columns):
                for row in b.rows:
                    if j < len(row):
                        out.extend(Block("para", line, page=b.page) for line in row[j].split("\n") if line.strip())
        else:
            out.append(b)
    return out


def _is_layout(rows: list[list[str]]) -> bool:
    cells = [c for r in rows for c in r]
    return (len(rows) <= 4 and max(len(r) for r in rows) <= 3
            and sum(bool(LAYOUT_TABLE.search(c)) for c in cells) >= 2)


def build_document(blocks: list[Block], *, doc_id: str, source_path: str, fmt: str, sha256: str,
                   page_count: int | None) -> Document:
    blocks = join_lines(strip_page_furniture(unfold_layout_tables(blocks)))
    out = _TextBuilder()
    tables: list[Table] = []
    anchors: dict[str, list[int]] = {}
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
                    page_starts=out.page_starts, tables=tables, footnotes=footnotes)


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
    rows = [[clean_line(c.replace("\n", " ")) for c in row] for row in (block.rows or [])]
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
