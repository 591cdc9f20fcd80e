"""Markdown: rendered to HTML by cmark-gfm (GitHub's C implementation; tables on, inline HTML kept),
then read as HTML. List items carry their printed marker (`-`, `+`, `1.`), read from the source at the
position cmark reports, so the section splitter still sees it."""
from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

from pipeline.model import Reading
from pipeline.readers.html import read_html
from pipeline.readers.text import decode_text

_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_SOURCEPOS  # keep inline HTML; say where blocks start
_LIST_ITEM = re.compile(r'<li data-sourcepos="(\d+):(\d+)-')
_MARKER = re.compile(rb"\d{1,9}[.)]|[-+*]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def read_markdown(data: bytes) -> Reading:
    text, encoding = decode_text(data)
    rendered = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=["table"])
    lines = _LINE_END.split(text)  # cmark's positions: 1-based line, 1-based byte column within it

    def with_marker(item: re.Match) -> str:
        line, column = int(item.group(1)) - 1, int(item.group(2)) - 1
        marker = _MARKER.match(lines[line].encode("utf-8"), column) if line < len(lines) else None
        return f'<li data-marker="{marker.group(0).decode()}" {item.group(0)[4:]}' if marker else item.group(0)

    reading = read_html("<html><body>" + _LIST_ITEM.sub(with_marker, rendered) + "</body></html>")
    reading.encoding = encoding
    return reading
