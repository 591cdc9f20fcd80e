"""HTML: a block element's text becomes lines (a `<br>` ends one; the source's own line breaks are spaces, as
a browser shows them) of which the first opens a paragraph; h1-h6 become heading blocks; <table> becomes a
table block; <sup> labels become footnote anchors, and a paragraph that starts with a <sup> label is a
footnote's text.

Bold and italics are read as well: a line break inside a bold or italic span does not end the line
(markup that spans lines, "<b>I. MỤC<br>ĐÍCH, YÊU CẦU</b>", is one heading), except before the lines of a
signature block ("<b>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b>"); a line set wholly in bold or italics says so."""
from __future__ import annotations

import re

from lxml import etree, html

from pipeline.lexicon.vietnamese import is_upper
from pipeline.lexicon.words import SIGNATURE_LINE
from pipeline.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, LINE_BREAK, Block, Reading
from pipeline.readers.detect import UnreadableDocument, brief
from pipeline.readers.text import decode_text

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section",
              "article", "header", "footer", "main", "ul", "ol", "dl", "dt", "dd", "tr", "body",
              "center", "address", "figure", "figcaption", "caption", "hr", "aside", "nav"}
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
EMPHASIS_TAGS = {"strong", "b", "em", "i"}
SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg", "math"}
FOOTNOTE_LABEL = re.compile(r"^\(?\s*(\d{1,3}|[*†‡])\s*\)?$")
_FOOTNOTE_TEXT = re.compile(rf"^\s*{FOOTNOTE_OPEN}([^{FOOTNOTE_CLOSE}]*){FOOTNOTE_CLOSE}\s*(.+)")  # a footnote's own text


def read_html(data: bytes | str) -> Reading:
    text, encoding = (data, None) if isinstance(data, str) else _decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
    try:
        root = html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocument(f"the HTML cannot be parsed ({brief(exc)})") from None
    return Reading(_HtmlBlocks().walk(root), encoding=encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """The charset a <meta> tag declares, else the text reader's detection."""
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            return data.decode(declared, errors="replace"), declared
        except LookupError:
            pass
    return decode_text(data)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _list_marker(li) -> str:
    """The marker a list item shows: 1., 2. … in an ordered list (from its start), else -."""
    parent = li.getparent()
    if parent is not None and _tag(parent) == "ol":
        start_attr = parent.get("start", "")
        start = int(start_attr) if start_attr.isdigit() else 1
        index = [c for c in parent if _tag(c) == "li"].index(li)
        return f"{start + index}. "
    return "- "


class _Line:
    """A line being read: its pieces of text, each with whether it is set in bold or italics."""
    __slots__ = ("pieces", "broken_in_emphasis")

    def __init__(self, broken_in_emphasis: bool = False):
        self.pieces: list[tuple[str, bool]] = []
        self.broken_in_emphasis = broken_in_emphasis  # the break before it falls inside a bold/italic span

    def read(self) -> tuple[str, bool]:
        """The line's text, and whether all of it is set in bold or italics."""
        text = "".join(piece for piece, _ in self.pieces).strip()
        seen = [emphasized for piece, emphasized in self.pieces if not piece.isspace()]
        return text, bool(seen) and all(seen)


def _new_paragraph_in_span(before: str, text: str) -> bool:
    """A line break inside a bold or italic span that still ends a paragraph: before a line of a signature
    block ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"), or where capitals give way to sentence case ("CỘNG HÒA XÃ HỘI
    CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc")."""
    return bool(SIGNATURE_LINE.match(text)) or (is_upper(before) and not is_upper(text) and text[:1].isupper())


class _HtmlBlocks:
    """Walks an element tree into blocks (see the module docstring)."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.lines: list[_Line] = [_Line()]
        self.marker = ""     # a list item's marker, waiting for the item's first text
        self.emphasis = 0    # bold/italic elements open around the current text
        self.heading: int | None = None
        self.pre = 0

    def text(self, text: str | None) -> None:
        if not text:
            return
        if self.pre:
            first, *more = text.split("\n")
            self.lines[-1].pieces.append((first, self.emphasis > 0))
            for line in more:
                self.line_break()
                self.lines[-1].pieces.append((line, self.emphasis > 0))
            return
        if "\n" in text or "\t" in text or "\r" in text:  # the source's line breaks and tabs are spaces
            text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
        self.lines[-1].pieces.append((text, self.emphasis > 0))

    def line_break(self) -> None:
        self.lines.append(_Line(broken_in_emphasis=self.emphasis > 0))

    def flush(self) -> None:
        """The lines read since the last block boundary, as blocks: a heading, a footnote, or lines of which
        the first opens a paragraph."""
        lines, self.lines = self.lines, [_Line()]
        texts: list[tuple[str, bool]] = []
        for line in lines:  # a break inside a bold or italic span does not end the line …
            text, emphasis = line.read()
            if not text:
                continue
            if texts and line.broken_in_emphasis and not _new_paragraph_in_span(texts[-1][0], text):
                texts[-1] = (f"{texts[-1][0]} {text}", texts[-1][1] and emphasis)
            else:
                texts.append((text, emphasis))
        if not texts:
            return
        if self.marker:
            texts[0] = (self.marker + texts[0][0], texts[0][1])
            self.marker = ""
        if self.heading is not None:
            self.blocks.append(Block("heading", " ".join(t for t, _ in texts), level=self.heading))
            return
        note = _FOOTNOTE_TEXT.match(texts[0][0])
        if note:  # a paragraph that opens with a superscript label defines that footnote
            rest = " ".join(t for t, _ in texts[1:])
            self.blocks.append(Block("footnote", f"{note.group(2)} {rest}".strip(), label=note.group(1)))
            return
        self.blocks.extend(Block("line", text, opens=(i == 0), soft=True, emphasis=emphasis)
                           for i, (text, emphasis) in enumerate(texts))

    def walk(self, root) -> list[Block]:
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = _tag(el)
            if event == "start":
                if tag in SKIP_TAGS or not tag:
                    walker.skip_subtree()
                    continue
                if tag in BLOCK_TAGS:
                    self.flush()
                if tag == "table":
                    self.flush()
                    self.blocks.append(Block("table", rows=_table_rows(el)))
                    walker.skip_subtree()
                    continue
                if tag == "li":
                    self.marker = _list_marker(el)
                elif tag in HEADING_TAGS:
                    self.heading = HEADING_TAGS[tag]
                elif tag in EMPHASIS_TAGS:
                    self.emphasis += 1
                elif tag == "pre":
                    self.pre += 1
                if tag == "br":
                    self.line_break()
                elif tag == "sup" and (label := FOOTNOTE_LABEL.match(el.text_content().strip())):
                    self.text(f"{FOOTNOTE_OPEN}{label.group(1)}{FOOTNOTE_CLOSE}")
                    walker.skip_subtree()
                    continue
                self.text(el.text)
            else:
                if tag in BLOCK_TAGS or tag == "table":
                    self.flush()
                if tag in HEADING_TAGS:
                    self.heading = None
                elif tag in EMPHASIS_TAGS:
                    self.emphasis -= 1
                elif tag == "pre":
                    self.pre -= 1
                if el.getparent() is not None:
                    self.text(el.tail)
        self.flush()
        return self.blocks


def _table_rows(table) -> list[list[str]]:
    rows = []
    for tr in table.iter("tr"):
        cells = [_cell_text(td) for td in tr if _tag(td) in ("td", "th")]
        if any(cells):
            rows.append(cells)
    return rows


def _cell_text(td) -> str:
    """A cell's paragraphs and lines, read as the body's are (see `pipeline.model.LINE_BREAK`)."""
    text = ""
    for b in _HtmlBlocks().walk(td):
        line = b.text if b.kind != "table" else " ".join(" ".join(r) for r in b.rows or [])
        text += (("\n" if b.kind != "line" or b.opens else LINE_BREAK) if text else "") + line
    return text
