"""Markdown: rendered to HTML by comrak (the Rust port of GitHub's cmark-gfm; tables on, inline HTML
kept), then read as HTML. List items carry their printed marker (`-`, `+`, `1.`), read from the source at
the position comrak reports, so the section splitter still sees it.

(cmarkgfm, used before, renders the same HTML but its binding never frees the parsed document nor the
HTML: about 110 kB a plan, so a worker's memory grew with every Markdown file it read.)"""
from __future__ import annotations

import re

import comrak

from pipeline.model import Reading
from pipeline.readers.html import read_html
from pipeline.readers.text import decode_text

_EXTENSIONS = comrak.ExtensionOptions()
_EXTENSIONS.table = True
_RENDER = comrak.RenderOptions()
_RENDER.unsafe_ = True    # keep inline HTML (footnote marks in <sup>)
_RENDER.sourcepos = True  # say where each block starts
_LIST_ITEM = re.compile(r'<li data-sourcepos="(\d+):(\d+)-')
_MARKER = re.compile(rb"\d{1,9}[.)]|[-+*]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def read_markdown(data: bytes) -> Reading:
    text, encoding = decode_text(data)
    rendered = comrak.render_markdown(text, extension_options=_EXTENSIONS, render_options=_RENDER)
    lines = _LINE_END.split(text)  # comrak's positions: 1-based line, 1-based byte column within it

    def with_marker(item: re.Match) -> str:
        line, column = int(item.group(1)) - 1, int(item.group(2)) - 1
        marker = _MARKER.match(lines[line].encode("utf-8"), column) if line < len(lines) else None
        return f'<li data-marker="{marker.group(0).decode()}" {item.group(0)[4:]}' if marker else item.group(0)

    reading = read_html("<html><body>" + _LIST_ITEM.sub(with_marker, rendered) + "</body></html>")
    reading.encoding = encoding
    return reading
