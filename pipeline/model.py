"""The normalized document model every reader produces and every extractor consumes.

Readers turn bytes into a list of `Block`s (lines, paragraphs, tables, footnotes, page by page);
`pipeline.normalize.build_document` turns blocks into one `Document`: NFC text with joined lines,
running headers and page numbers removed, tables kept as cells with offsets, footnotes moved after
the body and linked to their anchors, and a map from character offset to page.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import Callable, Literal, TypeVar

BlockKind = Literal["line", "para", "heading", "table", "footnote", "page_break"]

# Readers mark a footnote reference inside running text as FOOTNOTE_OPEN + label + FOOTNOTE_CLOSE
# (private-use code points that never occur in documents); the normalizer removes the marker and
# records the anchor offset.
FOOTNOTE_OPEN, FOOTNOTE_CLOSE = "\ue000", "\ue001"
FOOTNOTE_MARK = re.compile(f"{FOOTNOTE_OPEN}([^{FOOTNOTE_CLOSE}]*){FOOTNOTE_CLOSE}")
# In a table cell's text, "\n" separates paragraphs and LINE_BREAK the lines of one paragraph.
LINE_BREAK = "\u2028"


@dataclass
class Block:
    """One unit of reader output: what the reader knows of the text, and no more.

    kind: "line" is a line whose neighbours may belong to the same paragraph (a PDF or text line, a
    line of a Markdown or HTML paragraph, a line of a DOCX paragraph after a break): the normalizer
    decides where paragraphs end; "para" is a whole paragraph; "heading" a heading of `level` (Markdown
    `#`, HTML h1-h6, a Word heading style or outline level); "table" carries `rows` of cell texts (a
    cell's lines separated by "\n"); "footnote" is a footnote's text with its `label`.
    """
    kind: BlockKind
    text: str = ""
    page: int | None = None
    rows: list[list[str]] | None = None
    label: str | None = None
    # a paragraph joined from visual lines: (offset in `text`, page) where each later line begins
    page_breaks: list[tuple[int, int | None]] | None = None
    # a PDF text line's left and right edges on its page (points), where the reader knows them
    x0: float | None = None
    x1: float | None = None
    # a line: the reader knows a paragraph begins with it (the first line of a Markdown, HTML or DOCX
    # paragraph, a line after a blank line of plain text)
    opens: bool = False
    # a line: the break before it is a wrap of the source (Markdown and HTML lines, DOCX line breaks), not
    # a line of a printed page: only the text tells where such a paragraph ends
    soft: bool = False
    # a line set wholly in bold or italics (a heading, a title, an issuing authority)
    emphasis: bool = False
    level: int | None = None  # a heading's level, 1 the highest


@dataclass
class Reading:
    """What a reader made of one file: its blocks, and what the file's form told along the way."""
    blocks: list[Block]
    page_count: int | None = None         # None for formats without pages
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text Tesseract read off the image
    encoding: str | None = None           # how the text was stored (utf-8, utf-16, cp1258, tcvn3, vni…)


@dataclass
class Cell:
    text: str
    start: int
    end: int


@dataclass
class Table:
    start: int
    end: int
    page: int | None
    rows: list[list[Cell]]


@dataclass
class Footnote:
    label: str
    start: int          # span of the footnote text in Document.text
    end: int
    anchors: list[int]  # offsets in the body where the footnote is referenced
    page: int | None = None


@dataclass
class Paragraph:
    """A paragraph of the normalized text: one line of Document.text."""
    start: int
    end: int
    text: str


@dataclass
class Document:
    doc_id: str
    source_path: str
    format: str                 # pdf, docx, html, txt, md
    sha256: str
    text: str                   # NFC; paragraphs separated by "\n"; table rows one per line
    body_end: int               # text[body_end:] holds the footnotes
    page_count: int | None      # None for formats without pages
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, page), offsets ascending
    tables: list[Table] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    heading_levels: dict[int, int] = field(default_factory=dict)  # a heading paragraph's start → its level
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    encoding: str | None = None
    # the structures derived from it (`per_document`), by the function that makes each
    _derived: dict[Callable, object] = field(default_factory=dict, repr=False, compare=False)

    def page_at(self, offset: int) -> int | None:
        """The page that holds the character at `offset` (None for formats without pages)."""
        if not self.page_starts:
            return None
        i = bisect.bisect_right(self.page_starts, offset, key=lambda start: start[0]) - 1
        return self.page_starts[max(i, 0)][1]

    @property
    def body(self) -> str:
        return self.text[: self.body_end]

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """The lines of the body, each with its span (computed once per document)."""
        out, pos = [], 0
        for line in self.body.split("\n"):
            out.append(Paragraph(pos, pos + len(line), line))
            pos += len(line) + 1
        return out

    @cached_property
    def paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The body paragraph that holds `offset` (its end included)."""
        i = bisect.bisect_right(self.paragraph_starts, offset) - 1
        return self.paragraphs[i] if i >= 0 and offset <= self.paragraphs[i].end else None

    def paragraphs_after(self, start: int, end: int) -> list[Paragraph]:
        """The body paragraphs that begin after `start` and at or before `end`."""
        starts = self.paragraph_starts
        return self.paragraphs[bisect.bisect_right(starts, start):bisect.bisect_right(starts, end)]

    @cached_property
    def footnote_paragraphs(self) -> list[Paragraph]:
        """The text of each footnote (in `footnotes` order) as a paragraph with its span."""
        return [Paragraph(f.start, f.end, self.text[f.start:f.end]) for f in self.footnotes]


T = TypeVar("T")


def per_document(make: Callable[[Document], T]) -> Callable[[Document], T]:
    """Declare `make(doc)` a structure derived from a document (its section tree, its header, its grids of
    figures …): made on first use and kept with the document, so every stage that asks for it shares one.
    The structures a function stands on are the ones it calls."""
    @wraps(make)
    def derived(doc: Document) -> T:
        try:
            return doc._derived[make]
        except KeyError:
            value = doc._derived[make] = make(doc)
            return value
    return derived
