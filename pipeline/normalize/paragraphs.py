"""One paragraph reconstruction for every format: the lines readers give (PDF and OCR lines with their
edges, plain-text lines, the hard-wrapped lines of Markdown and HTML exports, the line breaks of DOCX
paragraphs) are joined into paragraphs where the text says they continue.

A line ends its paragraph when
- the reader knows the next one opens a paragraph (a blank line, a new block element, a DOCX paragraph);
- the next line opens with an outline marker (`pipeline.lexicon.outline`: "II.", "1.2.", "a)", "Điều 3.",
  "- " …) or a line of the document's frame ("Căn cứ", "Nơi nhận", "KT. CHỦ TỊCH" …), except a bullet
  whose text runs on in lower case after a line that ends no clause ("phát triển kinh tế" / "- xã hội");
- either line is set wholly in bold or italics (a heading, a title, an issuing authority);
- it ends a sentence and is short: the next line's first word would have fitted after it (for printed
  lines: before the right margin; for wrapped exports: within the wrap width);
- printed lines only: the case changes (a heading in capitals, then the text), or it is short and the next
  line does not open in lower case (a title line, a one-line paragraph).
A line that is only a marker ("2.", "Điều 3.") or the number line's label ("Số:"), or that ends on "số" before a
number or on the head of a body's name ("… do Văn phòng Sở" / "Công Thương …"), runs on into its next line,
and a code broken at its hyphen ("749/QĐ-" / "TTg") is joined without a space. A wrapped export's short first line ("Rà" /
"soát, xây dựng …", left by the indent of the page it was copied from) says nothing by its length.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np

from pipeline.lexicon.outline import BULLETS, is_appendix_title, parse_marker
from pipeline.lexicon.vietnamese import character_table, code_points, is_upper
from pipeline.lexicon.words import DOCUMENT_TYPE_LINES, is_national_heading, opens_frame_line
from pipeline.model import Block

# runs of spaces to collapse to one " ": two or more spaces of any kind, or one that is not " "
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]{2,}|[\t\u00a0\u2000-\u200b\u202f\u3000]")
SENTENCE_ENDS = (".", ";", ":", "!", "?", "…")
# a line of closing punctuation only: PDF text puts the full stop after a raised footnote mark on a line
# of its own ("… 184.255 triệu đồng(1)" / ".")
TRAILING_PUNCTUATION = re.compile(r"^[.,;:)]+$")
# a label whose value is on the next line ("Số:" / "2820/QĐ-UBND")
BARE_LABEL = re.compile(r"^Số\s*:?$")
# a line that ends on the head of a body's name: the name is on the next line
HEAD_BEFORE_NAME = re.compile(r"(?:^|\s)(?:Sở|Văn phòng|Phòng|Bộ|Cục|Chi cục|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|"
                              r"Trung tâm)$")  # (a word of its own: not the code of "Số: 56/KH-UBND")
# a line that ends on the word announcing a number ("… tại Quyết định số"): the number is on the next line
NUMBER_CUE = re.compile(r"(?<!\w)số\s*:?$", re.IGNORECASE)
_ETH = str.maketrans("\u00d0\u00f0", "\u0110\u0111")  # Ð ð → Đ đ
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
_DOUBLE_SPACES = re.compile("  +")


def clean_line(text: str) -> str:
    """NFC, one space between words, no stray control characters, Đ for the eth that looks like it."""
    text = unicodedata.normalize("NFC", text)
    if "\u00ad" in text or "\ufeff" in text:
        text = text.replace("\u00ad", "").replace("\ufeff", "")
    if "\u00d0" in text or "\u00f0" in text:  # Icelandic eth for đ: legacy encodings' exports and OCR
        text = text.translate(_ETH)
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
    letters = np.add.reduceat(character_table("cased")[codes], starts, dtype=np.int64).tolist()
    lowers = np.add.reduceat(character_table("lower")[codes], starts, dtype=np.int64).tolist()
    return [n > 0 and n - low >= 0.8 * n for n, low in zip(letters, lowers)]


def _percentile(values: list[float], share: float) -> float | None:
    values = sorted(values)
    return values[int(len(values) * share)] if values else None


class _Margins:
    """Where a line counts as full. With PDF geometry: when the next line's first word would not have fitted
    after it before the right margin (the 90th percentile of right edges); for wrapped exports: when it
    would not have fitted within the wrap width (the 95th percentile of their lengths); for other lines and
    centred ones (titles): when the line is at least 60 % as long as the text's lines (90th percentile)."""

    def __init__(self, lines: list[Block]):
        self.width = _percentile([len(b.text) for b in lines if len(b.text) >= 20], 0.9) or 80
        self.wrap = _percentile([len(b.text) for b in lines if b.soft and len(b.text) >= 20], 0.95) or 80
        placed = [b for b in lines if b.x0 is not None and b.x1 is not None and len(b.text) >= 20]
        self.right = _percentile([b.x1 for b in placed], 0.9) if len(placed) >= 5 else None
        self.left = _percentile([b.x0 for b in placed], 0.1) if len(placed) >= 5 else None

    def full(self, prev: Block, nxt_text: str) -> bool:
        next_word = len(nxt_text.split(" ", 1)[0])
        if prev.soft:
            return len(prev.text) + 1 + next_word > self.wrap - 2
        if self.right is None or prev.x0 is None or prev.x1 is None or not prev.text:
            return len(prev.text) >= 0.6 * self.width
        char = (prev.x1 - prev.x0) / len(prev.text)
        indent, short = prev.x0 - self.left, self.right - prev.x1
        if indent > 2 * char and abs(indent - short) < 3 * char:  # a centred line (a title): by its length
            return len(prev.text) >= 0.6 * self.width
        return prev.x1 + char * (1 + next_word) > self.right - 0.5 * char


def continues(prev: Block, prev_upper: bool, nxt: Block, nxt_upper: bool, full: bool) -> bool:
    """Whether line `nxt` continues the paragraph that ends with line `prev` (see the module docstring;
    `*_upper`: whether each is set in capitals; `full`: whether `prev` ran on to its margin)."""
    before, text = prev.text, nxt.text
    if ends_with_code_hyphen(before):
        return True
    if nxt.opens or opens_frame_line(text) or is_national_heading(before):
        return False
    alone = parse_marker(before)
    if (alone is not None and not alone.rest.strip()) or BARE_LABEL.match(before):  # "2.", "Điều 3.", "Số:" alone
        return True  # (in bold too: "**I." / "Trách nhiệm phối hợp …**")
    if prev.emphasis or nxt.emphasis:
        return False
    marker = parse_marker(text)
    if marker is not None:
        return (marker.kind in BULLETS and marker.rest[:1].islower()
                and not before.endswith(SENTENCE_ENDS + (",",)))
    if text[:1].isdigit() and NUMBER_CUE.search(before):  # "… Quyết định số" / "1050/QĐ-SCT ngày …"
        return True
    if text[:1].isupper() and HEAD_BEFORE_NAME.search(before):  # "… do Văn phòng Sở" / "Công Thương … bố trí"
        return True
    if before.endswith(SENTENCE_ENDS):
        if prev.soft:
            return full
        return before.endswith(";") and text[:1].islower() and full  # an enumeration goes on after ";"
    if prev_upper != nxt_upper and not text[:1].islower() and " " in text:
        return False
    if prev.soft:
        return True
    if prev_upper and nxt_upper:
        return full
    return full or text[:1].islower()


def _cleaned(b: Block) -> Block:
    """The block with its text cleaned (itself when cleaning changes nothing, as for most lines)."""
    if b.kind == "table" or not b.text:  # tables are cleaned cell by cell; a blank line stays one
        return b
    text = clean_line(b.text)
    if text is b.text and b.page_breaks is None:
        return b
    return Block(b.kind, text, b.page, b.rows, b.label, x0=b.x0, x1=b.x1, opens=b.opens, soft=b.soft,
                 emphasis=b.emphasis, level=b.level)


def join_lines(blocks: list[Block]) -> list[Block]:
    """Merge runs of lines into paragraph blocks; every text comes out cleaned."""
    cleaned = [_cleaned(b) for b in blocks]
    margins = _Margins([b for b in cleaned if b.kind == "line"])
    uppers = iter(upper_flags([b.text for b in cleaned if b.kind == "line" and b.text]))
    out: list[Block | _OpenParagraph] = []
    open_para: _OpenParagraph | None = None
    for b in cleaned:
        if b.kind == "heading" and b.text:
            open_para = _OpenParagraph(b, is_upper(b.text), level=b.level or 1)
            out.append(open_para)
            continue
        if b.kind != "line":
            out.append(b)
            open_para = None
            continue
        text = b.text
        if not text:
            continue
        upper = next(uppers)
        if open_para is not None and open_para.level is not None:  # a heading the export wrapped
            if heading_runs_on(open_para.last.text, text):
                open_para.add(b, upper)
            else:
                open_para = _OpenParagraph(b, upper)
                out.append(open_para)
        elif open_para is not None and TRAILING_PUNCTUATION.match(text):
            open_para.add(b, open_para.last_upper, space=False)  # "đồng(1)" then "." set apart by the raised note
        elif open_para is not None and continues(open_para.last, open_para.last_upper, b, upper,
                                                 margins.full(open_para.last, text)):
            open_para.add(b, upper)
        else:
            open_para = _OpenParagraph(b, upper)
            out.append(open_para)
    return [b.block() if isinstance(b, _OpenParagraph) else b for b in out]


def heading_runs_on(heading: str, text: str) -> bool:
    """Whether a line after a heading is the rest of it, cut by the export's wrapping: a heading that is only
    a marker or a part word ("# 3." / "Thành phần hồ sơ", "# PHẦN" / "II. NỘI DUNG"); a heading that breaks
    off after a comma, a dash or a word that joins ("## I. MỤC ĐÍCH," / "YÊU CẦU"), or a line that runs on
    in lower case; a heading in capitals that ends no clause and a line in capitals ("## I. DANH" / "MỤC THỦ
    TỤC", "# CHỦ TỊCH ỦY BAN NHÂN DÂN" / "TỈNH"), unless the heading names the document's type ("# QUYẾT
    ĐỊNH" / "CÔNG BỐ …", its title). Otherwise a line that opens an outline item never does."""
    alone = parse_marker(heading)
    if (alone is not None and not alone.rest.strip()) or heading in BARE_PART_WORDS:
        return True
    if parse_marker(text) is not None or opens_frame_line(text):
        return False
    if text[:1].islower() or HEADING_BREAK.search(heading):
        return True
    return (is_upper(heading) and is_upper(text) and not heading.endswith(SENTENCE_ENDS)
            and heading not in DOCUMENT_TYPE_LINES and not is_appendix_title(heading))


# the word of a named outline marker without its number: a heading the export cut after it
BARE_PART_WORDS = frozenset({"PHẦN", "Phần", "CHƯƠNG", "Chương", "MỤC", "Mục", "ĐIỀU", "Điều"})


HEADING_BREAK = re.compile(r"(?:[,\-–&]|\b(?:và|của|về|cho|trong|trên|với|VÀ|CỦA|VỀ|CHO|TRONG|TRÊN|VỚI))$")


class _OpenParagraph:
    """A paragraph being assembled from lines; remembers where each later line's page begins (and its
    level, when it is a heading)."""
    __slots__ = ("parts", "length", "page", "page_breaks", "last", "last_upper", "level")

    def __init__(self, line: Block, upper: bool, level: int | None = None):
        self.parts, self.length, self.page = [line.text], len(line.text), line.page
        self.page_breaks: list[tuple[int, int | None]] = []
        self.last, self.last_upper = line, upper
        self.level = level

    def add(self, line: Block, upper: bool, space: bool = True) -> None:
        if space and not ends_with_code_hyphen(self.last.text):  # a code broken at its hyphen: no space
            self.parts.append(" ")
            self.length += 1
        self.page_breaks.append((self.length, line.page))
        self.parts.append(line.text)
        self.length += len(line.text)
        self.last, self.last_upper = line, upper

    def block(self) -> Block:
        return Block("para" if self.level is None else "heading", "".join(self.parts), page=self.page,
                     page_breaks=self.page_breaks or None, level=self.level)
