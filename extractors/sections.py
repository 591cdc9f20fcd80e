"""The section tree, built on the outline grammar (`pipeline.lexicon.outline`): parts, chapters and
articles, Roman parts, 1. / 1.1. / 1.1.1. items, a) items, (1) items, `-` and `+` bullets.

A document's outline runs from its first part-level marker (a Roman part, an article, a chapter, a part,
an "A." group, or a 1. item) to its closing ("Trên đây là …", "Nơi nhận:"). After the closing, a
document it issues or carries ("KẾ HOẠCH …" after a decision, a QUY CHẾ, an ĐỀ ÁN) has an outline of its
own, a second top-level sequence; appendices (PHỤ LỤC, PHỤ BIỂU, DANH MỤC) have none. A document whose only
structure is headings (Markdown `#`, Word heading styles) gets them as its outline.

Nesting follows the markers' rank; a list that restarts at 1 (or a) right after a line ending in ":"
nests under that line instead of closing its siblings. Level 1 holds an outline's parts: its Roman parts,
articles, chapters or parts, or its 1. items when they read as headings ("1. Mục tiêu"); lists outside any
part start at level 2.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.lexicon.outline import BULLETS, RANK, is_appendix_title, parse_marker, successor
from pipeline.lexicon.words import section_kind
from pipeline.model import Document, Paragraph, per_document

CLOSING = re.compile(r"^(?:Trên đây là|Nơi nhận\s*:|Nơi nhận$)", re.IGNORECASE)
# the type line of a document carried after another one's closing (a decision's attached plan)
ATTACHED_TYPE = re.compile(r"^(?:KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|CHƯƠNG TRÌNH|ĐIỀU LỆ|HƯỚNG DẪN|PHƯƠNG ÁN|"
                           r"QUY TRÌNH|CHIẾN LƯỢC)\s*:?$")
# kinds that open an outline's parts
PART_KINDS = frozenset({"part", "chapter", "division", "alpha", "article", "roman"})
# how the sections table shows a named marker's number
NAMED_PREFIX = {"part": "Phần", "chapter": "Chương", "division": "Mục", "article": "Điều"}
HEADING_END = re.compile(r":\s|:$|\.\s|\.$")
MAX_HEADING = 400


@dataclass
class Section:
    section_id: str
    number: str          # as the sections table shows it: "I", "2.1", "a", "Điều 3", "Chương II"
    marker: str          # the outline kind: roman, article, num1 … num4, letter, dash, heading …
    heading: str
    start: int
    end: int
    numeral: str = ""    # the number as printed: "I", "2.1", "a", "3"
    rank: float = 0      # the marker's rank for nesting (a heading's by its level, above every marker)
    parent: Section | None = None
    level: int = 0
    kind: str = "other"
    children: list[Section] = field(default_factory=list)
    nested: bool = False  # an item of a list that restarted at 1 under a line ending in ":"


def heading_of(rest: str, marker: str) -> str:
    """The heading a section shows: a part's whole line; another item's text up to its first colon or full
    stop (an article without a title: its opening sentence)."""
    head = rest.strip() if marker in ("roman", "part", "chapter", "alpha", "heading") else (
        HEADING_END.split(rest, maxsplit=1)[0].strip())
    head = head.rstrip(" .:;/")
    return head if len(head) <= MAX_HEADING else head[:MAX_HEADING].rsplit(" ", 1)[0] + " …"


@per_document
def section_tree(doc: Document) -> list[Section]:
    """All sections of the document in reading order, linked to their parents (computed once)."""
    sections: list[Section] = []
    for first, last, end, by_headings in outline_regions(doc):
        sections += _build_region(doc, doc.paragraphs[first:last], end, len(sections), by_headings)
    _classify(sections)
    return SectionList(sections)


def outline_regions(doc: Document) -> list[tuple[int, int, int, bool]]:
    """Each outline of the document as (index of its first paragraph, index past its last, offset it ends at,
    whether it is made of headings alone): the main one, then one for each document carried after a closing
    (see the module docstring)."""
    paragraphs = doc.paragraphs
    regions, i = [], 0
    while i < len(paragraphs):
        first = next((k for k in range(i, len(paragraphs)) if _opens_outline(paragraphs[k].text)), None)
        if first is None:
            break
        last = next((k for k in range(first + 1, len(paragraphs))
                     if CLOSING.match(paragraphs[k].text) or is_appendix_title(paragraphs[k].text)), len(paragraphs))
        end = paragraphs[last].start - 1 if last < len(paragraphs) else paragraphs[-1].end
        regions.append((first, last, max(end, paragraphs[first].end), False))
        i = _next_attached(paragraphs, last)
    if not regions and doc.heading_levels:
        first = next(k for k, p in enumerate(paragraphs) if p.start in doc.heading_levels)
        regions.append((first, len(paragraphs), paragraphs[-1].end, True))
    return regions


def _opens_outline(text: str) -> bool:
    m = parse_marker(text)
    return m is not None and (m.kind in PART_KINDS or m.kind == "num1")


def _next_attached(paragraphs: list[Paragraph], after: int) -> int:
    """The paragraph after the type line of the document carried after a closing (its outline starts there),
    or past the end when an appendix title or the end comes first."""
    for k in range(after, len(paragraphs)):
        if ATTACHED_TYPE.match(paragraphs[k].text):
            return k + 1
        if is_appendix_title(paragraphs[k].text):
            break
    return len(paragraphs)


def _build_region(doc: Document, paragraphs: list[Paragraph], region_end: int, numbered: int,
                  by_headings: bool) -> list[Section]:
    sections: list[Section] = []
    whole_lines: set[int] = set()  # ids of the sections whose paragraph is their heading line alone
    stack: list[Section] = []
    nested_lists: set[tuple[int, str]] = set()  # (id of the parent, marker) of the lists found nested
    prev_text = ""
    for p in paragraphs:
        parsed = None if by_headings else parse_marker(p.text)
        level = doc.heading_levels.get(p.start)
        if parsed is not None:
            marker, numeral, rest = parsed.kind, parsed.number, parsed.rest
        elif by_headings and level is not None:
            marker, numeral, rest = "heading", "", p.text
        else:
            prev_text = p.text or prev_text
            continue
        rank = RANK[marker] if marker in RANK else level - 10  # headings above every numbered marker
        nested_restart = (numeral in ("1", "a") and prev_text.rstrip().endswith(":")
                          and stack and marker not in BULLETS)
        if marker == "heading":  # a heading closes the headings of its level and below
            while stack and stack[-1].rank >= rank:
                stack.pop()
        elif nested_restart:
            if stack[-1].marker == marker and stack[-1].nested:  # a new list right after a nested list
                stack.pop()
        elif any(t.marker == marker for t in stack):  # an item of an open list: its sibling
            previous = _previous_item(stack, marker, numeral)
            while stack.pop() is not previous:
                pass
        else:
            while stack:
                top = stack.pop()
                if top.marker == marker:  # the previous item of this list: a sibling
                    break
                if not (top.marker in BULLETS and marker not in BULLETS or top.rank >= rank):
                    stack.append(top)
                    break
        prefix = NAMED_PREFIX.get(marker)
        section = Section(f"{doc.doc_id}-s{numbered + len(sections) + 1:04d}",
                          f"{prefix} {numeral}" if prefix else numeral, marker,
                          heading_of(rest, "heading" if level is not None else marker), p.start, region_end,
                          numeral=numeral, rank=rank, parent=stack[-1] if stack else None)
        if len(rest) <= 100 and not rest.rstrip().endswith((".", ";")):  # a heading, not a sentence
            whole_lines.add(id(section))
        siblings = (id(section.parent), marker)
        section.nested = nested_restart or siblings in nested_lists
        if section.nested:
            nested_lists.add(siblings)
        if section.parent:
            section.parent.children.append(section)
        stack.append(section)
        section.level = len(stack)
        sections.append(section)
        prev_text = p.text
    roots = [s for s in sections if s.parent is None]
    if not _are_parts(roots, whole_lines):
        for s in sections:
            s.level += 1
    _close_spans(sections, region_end)
    return sections


def _are_parts(roots: list[Section], whole_lines: set[int]) -> bool:
    """Whether an outline's top items are its parts: Roman parts, articles, chapters …, headings, or 1. items
    that read as headings, most of them a short line of their own ("1. Mục tiêu", not "1. Đối với các xã
    đã đạt chuẩn … (long paragraph)")."""
    if any(s.marker in PART_KINDS or s.marker == "heading" for s in roots):
        return True
    numbered = [s for s in roots if s.marker == "num1"]
    return bool(numbered) and 2 * sum(id(s) in whole_lines for s in numbered) > len(numbered)


def _previous_item(stack: list[Section], marker: str, numeral: str) -> Section:
    """The open item a new item of this marker follows: the one numbered just before it, else the innermost."""
    same = [t for t in stack if t.marker == marker]
    following = [t for t in same if successor(marker, t.numeral) == numeral]
    return (following or same)[-1]


def _close_spans(sections: list[Section], region_end: int) -> None:
    """A section ends where the next section of the same or a higher rank in the tree begins."""
    open_sections: list[Section] = []
    for nxt in sections:
        while open_sections and open_sections[-1].level >= nxt.level:
            open_sections.pop().end = nxt.start - 1
        open_sections.append(nxt)
    for s in open_sections:
        s.end = region_end


def _classify(sections: list[Section]) -> None:
    """Parts get their kind from the heading (or their children's headings); the rest inherit."""
    for s in sections:
        if s.parent is None:
            kind = section_kind(s.heading)
            if kind is None:
                votes = [k for c in s.children if (k := section_kind(c.heading))]
                kind = max(sorted(set(votes)), key=votes.count) if votes else "other"
            s.kind = kind
        else:
            s.kind = s.parent.kind


class SectionList(list):
    """The sections of a document in reading order, with their start offsets for lookups."""

    @cached_property
    def starts(self) -> list[int]:
        return [s.start for s in self]


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The innermost section whose span holds `offset`: the last section starting at or before it, or
    the nearest of its ancestors that still holds it."""
    starts = sections.starts if isinstance(sections, SectionList) else [s.start for s in sections]
    i = bisect.bisect_right(starts, offset) - 1
    s = sections[i] if i >= 0 else None
    while s is not None and not (s.start <= offset <= s.end):
        s = s.parent
    return s


def section_id_at(doc: Document, offset: int) -> str | None:
    """Id of the innermost section holding `offset` in the body (None in the footnotes or outside the tree)."""
    section = section_at(section_tree(doc), offset) if offset < doc.body_end else None
    return section.section_id if section else None


def extract(doc: Document) -> list[dict]:
    return [{
        "doc_id": doc.doc_id, "section_id": s.section_id,
        "parent_id": s.parent.section_id if s.parent else None,
        "level": s.level, "number": s.number, "marker": s.marker, "heading": s.heading,
        "kind": s.kind, "start_char": s.start, "end_char": s.end, "page": doc.page_at(s.start),
    } for s in section_tree(doc)]
