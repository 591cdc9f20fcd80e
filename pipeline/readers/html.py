"""HTML: block elements become paragraphs, <table> becomes a table block, <sup> labels become
footnote anchors, and a paragraph that starts with a <sup> label is a footnote's text."""
from __future__ import annotations

import re

from lxml import etree, html

from pipeline.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, Block, Reading
from pipeline.readers.detect import UnreadableDocument, brief
from pipeline.readers.text import decode_text

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section",
              "article", "header", "footer", "main", "ul", "ol", "dl", "dt", "dd", "tr", "body",
              "center", "address", "figure", "figcaption", "caption", "hr", "aside", "nav"}
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
    """The marker a list item shows: data-marker (set by the Markdown reader), else 1., 2. or -."""
    if li.get("data-marker"):
        return li.get("data-marker") + " "
    parent = li.getparent()
    if parent is not None and _tag(parent) == "ol":
        start_attr = parent.get("start", "")
        start = int(start_attr) if start_attr.isdigit() else 1
        index = [c for c in parent if _tag(c) == "li"].index(li)
        return f"{start + index}. "
    return "- "


class _HtmlBlocks:
    def __init__(self):
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.marker = ""  # a list item's marker, waiting for the item's first text

    def flush(self):
        text = "".join(self.parts)
        self.parts = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            line, self.marker = self.marker + line.lstrip(), ""
            match = _FOOTNOTE_TEXT.match(line)
            if match:  # a paragraph that opens with a superscript label defines that footnote
                self.blocks.append(Block("footnote", match.group(2), label=match.group(1)))
            else:
                self.blocks.append(Block("para", line))

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
                if tag == "br":
                    self.parts.append("\n")
                elif tag == "sup" and (label := FOOTNOTE_LABEL.match(el.text_content().strip())):
                    self.parts.append(f"{FOOTNOTE_OPEN}{label.group(1)}{FOOTNOTE_CLOSE}")
                    walker.skip_subtree()
                    continue
                if el.text:
                    self.parts.append(el.text)
            else:
                if tag in BLOCK_TAGS or tag == "table":
                    self.flush()
                if el.tail and el.getparent() is not None:
                    self.parts.append(el.tail)
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
    """A cell's text, a line for each <br> or block inside it, spaces collapsed within lines."""
    for el in td.iter():
        if _tag(el) == "br" or (_tag(el) in BLOCK_TAGS and el is not td):
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in td.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
