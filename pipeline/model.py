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

BlockKind = Literal["line", "para", "table", "footnote", "page_break"]

# Readers mark a footnote reference inside running text as FOOTNOTE_OPEN + label + FOOTNOTE_CLOSE
# (private-use code points that never occur in documents); the normalizer removes the marker and
# records the anchor offset.
FOOTNOTE_OPEN, FOOTNOTE_CLOSE = "\ue000", "\ue001"
FOOTNOTE_MARK = re.compile(f"{FOOTNOTE_OPEN}([^{FOOTNOTE_CLOSE}]*){FOOTNOTE_CLOSE}")


@dataclass
class Block:
    """One unit of reader output.

    kind: "line" is a visual line whose neighbours may belong to the same sentence (PDF, plain
    text); "para" is a whole paragraph (DOCX, HTML, Markdown); "table" carries `rows` of cell
    texts; "footnote" is a footnote's text with its `label`.
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
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    encoding: str | None = None
    # the structures derived from it (`per_document`), by the function that makes each
    _derived: dict[Callable, object] = field(default_factory=dict, repr=False, compare=False)

    def page_at(self, offset: int) -> int | None:
        """The page that holds the character at `offset` (None for formats without pages)."""
        if not self.page_starts:
            return None
        i = bisect.bisect_right([o for o, _ in self.page_starts], offset) - 1
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
