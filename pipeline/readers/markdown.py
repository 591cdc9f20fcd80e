"""Markdown: rendered to HTML by markdown-it (tables on, inline HTML kept), then read as HTML.
List items carry their printed marker (`-`, `+`, `1.`) so the section splitter still sees it."""
from __future__ import annotations

from markdown_it import MarkdownIt

from pipeline.model import Reading
from pipeline.readers.html import read_html
from pipeline.readers.text import decode_text


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")

    def list_item_open(renderer, tokens, idx, options, env):
        token = tokens[idx]
        marker = f"{token.info}{token.markup}" if token.info else token.markup
        return f'<li data-marker="{marker}">'

    md.add_render_rule("list_item_open", list_item_open)
    return md


def read_markdown(data: bytes) -> Reading:
    text, encoding = decode_text(data)
    reading = read_html("<html><body>" + _markdown().render(text) + "</body></html>")
    reading.encoding = encoding
    return reading
