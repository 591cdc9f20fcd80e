"""The layout of a PDF page's text as pdfium gives it, one character per index: each line with its left
and right edges (for joining lines into paragraphs), footnotes at the foot of the page with the raised
marks that refer to them, and the header and signature blocks whose two columns pdfium reads as single
lines."""
from __future__ import annotations

import re

import pypdfium2.raw as pdfium_c

from pipeline.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, Block
from pipeline.readers.layout import HEADER_LINES, LONE_PAGE_NUMBER, order_columns
from pipeline.lexicon.vietnamese import mend_split_syllables


def page_lines(textpage, text: str, page: int, width: float) -> list[Block]:
    """The page's lines, each with its left and right edge (the boxes of its first and last characters:
    pdfium's text has one character per index, the line breaks it inserts included); footnotes at the
    foot of the page become footnote blocks and their raised marks in the text anchors; the two-column
    header and signature blocks are read column by column."""
    if "\r\n" not in text or textpage.count_chars() != len(text):
        return plain_lines(text, page)
    lines, pos = [], 0
    for line in text.split("\r\n"):
        first = pos + len(line) - len(line.lstrip())
        lines.append((line, first if line.strip() and "\n" not in line and "\r" not in line else None))
        pos += len(line) + 2
    notes = _footnotes(textpage, lines, page)
    texts = [line for line, _ in lines]
    if notes.labels:
        texts = [line if i in notes.lines or first is None else
                 _anchored(textpage, line, first - (len(line) - len(line.lstrip())), notes)
                 for i, (line, first) in enumerate(lines)]
        if not any(FOOTNOTE_OPEN in t for t in texts):  # no raised mark refers to them: not footnotes
            notes, texts = _PageNotes(), [line for line, _ in lines]
    blocks = []
    for i, (line, first) in enumerate(zip(texts, (f for _, f in lines))):
        if i in notes.lines:
            continue
        block = Block("line", mend_split_syllables(line), page=page)
        if first is not None:
            block.x0 = textpage.get_charbox(first)[0]
            block.x1 = textpage.get_charbox(first + len(lines[i][0].strip()) - 1)[2]
        blocks.append(block)
    return _two_columns(textpage, lines, blocks, page, width) + notes.blocks


def _two_columns(textpage, lines: list[tuple[str, int | None]], blocks: list[Block], page: int,
                 width: float) -> list[Block]:
    """The blocks with the header (issuer | national motto, number | place and date, top of page 1) and
    the signature block (recipients | signer, from "Nơi nhận") read left column first, then right: set
    side by side, pdfium reads them as lines that glue the two columns together."""
    if len(blocks) != len(lines):  # footnotes were taken out: no header or signature block on this page
        return blocks
    regions = []
    if page == 1:
        regions.append(range(0, min(HEADER_LINES, len(lines))))
    signature = next((i for i, (line, _) in enumerate(lines) if "Nơi nhận" in line), None)
    if signature is not None:
        regions.append(range(signature, len(lines)))
    out, done = [], 0
    for region in regions:
        if region.start < done:
            continue
        read = _columns(textpage, lines, blocks, region, width / 2, page)
        if read is None:
            continue
        columns, end = read
        out += blocks[done:region.start] + columns
        done = end
    return out + blocks[done:]


def _columns(textpage, lines, blocks, region: range, middle: float, page: int):
    """The region's text as (left column's lines + right column's lines, index after the region), or
    None when nothing in it sits in the right column. The region ends at the first line running across
    the middle of the page in one piece. A line split at a wide gap has a part in each column; a line in
    one piece belongs to the right column when it starts where the right parts of split lines start."""
    parts, end = [], region.start  # (text, x0, side: "left", "right" or None when in one piece)
    for i in region:
        line, first = lines[i]
        end = i + 1
        if first is None:
            continue
        b = blocks[i]
        split = _split_at_gap(textpage, line.strip(), first, b.x0, b.x1)
        if split is not None:
            (left_text, left_x0), (right_text, right_x0) = split
            parts += [(left_text, left_x0, "left"), (right_text, right_x0, "right")]
        elif b.x0 < middle < b.x1:
            end = i
            break
        else:
            parts.append((b.text.strip(), b.x0, None))
    ordered = order_columns(parts, margin=20, middle=middle)
    if ordered is None:
        return None
    return [Block("line", mend_split_syllables(text), page=page) for text in ordered], end


def _split_at_gap(textpage, text: str, first: int, x0: float, x1: float):
    """[(left text, its x0), (right text, its x0)] where a line's words are split by a gap wider than
    four characters (two columns on one line), else None."""
    char = (x1 - x0) / max(len(text), 1)
    for k, ch in enumerate(text):
        if ch != " " or k == 0 or k + 1 >= len(text) or text[k + 1] == " ":
            continue
        gap = textpage.get_charbox(first + k + 1)[0] - textpage.get_charbox(first + k - 1)[2]
        if gap > 4 * char:
            return [(text[:k].strip(), x0), (text[k + 1:].strip(), textpage.get_charbox(first + k + 1)[0])]
    return None


NOTE_START = re.compile(r"^\s*\(?(\d{1,3})\)?[.)]?\s+(?=\S)")  # "1 Quyết định …", "(2) Vốn …"
NOTE_MARK = re.compile(r"\(?(\d{1,3})\)?")
SMALLER = 0.85  # footnotes and their marks are set at most this size of the body text


class _PageNotes:
    def __init__(self):
        self.lines: set[int] = set()       # indices of the page's lines that are footnote text
        self.blocks: list[Block] = []
        self.labels: set[str] = set()
        self.body_size = 0.0


def _footnotes(textpage, lines: list[tuple[str, int | None]], page: int) -> _PageNotes:
    """The footnotes at the foot of a page: a run of lines in a smaller type than the body, the first
    opening with a number, under the body text (a page number at the very foot is left out)."""
    notes = _PageNotes()
    sizes = {i: pdfium_c.FPDFText_GetFontSize(textpage.raw, first) for i, (_, first) in enumerate(lines)
             if first is not None}
    body = sorted(sizes[i] for i in sizes if len(lines[i][0].strip()) >= 20)
    if not body:
        return notes
    notes.body_size = body[len(body) // 2]
    run: list[int] = []
    for i in sorted(sizes, reverse=True):  # from the foot of the page up
        text = lines[i][0].strip()
        if not run and LONE_PAGE_NUMBER.match(text):
            continue
        if sizes[i] > SMALLER * notes.body_size:
            break
        run.append(i)
    run.reverse()
    if not run or not NOTE_START.match(lines[run[0]][0]):
        return notes
    current: Block | None = None
    for i in run:
        text = lines[i][0].strip()
        if (m := NOTE_START.match(text)) and (current is None or _next_label(current.label, m.group(1))):
            current = Block("footnote", text[m.end():], page=page, label=m.group(1))
            notes.blocks.append(current)
            notes.labels.add(m.group(1))
        else:
            current.text += " " + text
        notes.lines.add(i)
    return notes


def _next_label(previous: str | None, label: str) -> bool:
    """Whether a number opening a footnote line starts the next footnote (not a figure continuing one)."""
    return previous is None or int(label) == int(previous) + 1


def _anchored(textpage, line: str, start: int, notes: _PageNotes) -> str:
    """The line with each raised footnote mark (a number of a footnote of the page, in a smaller type
    than the body) replaced by an anchor; a line set small throughout (a page number) has none."""
    first = start + len(line) - len(line.lstrip())
    if pdfium_c.FPDFText_GetFontSize(textpage.raw, first) <= SMALLER * notes.body_size:
        return line
    out, pos = [], 0
    for m in NOTE_MARK.finditer(line):
        if m.group(1) not in notes.labels or m.start() == 0:
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, start + m.start(1))
        if size > SMALLER * notes.body_size:
            continue
        out.append(line[pos:m.start()] + f"{FOOTNOTE_OPEN}{m.group(1)}{FOOTNOTE_CLOSE}")
        pos = m.end()
    return "".join(out) + line[pos:]


def plain_lines(text: str, page: int) -> list[Block]:
    """The page's lines, syllables split at their diacritics by the text layer rejoined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Block("line", mend_split_syllables(line), page=page) for line in text.split("\n")]
