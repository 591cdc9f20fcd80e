"""The section tree: Roman-numbered parts, 1. / 1.1. / 2.1.1. headings, a) items, `-`/`+` bullets.

Nesting follows the markers' rank (Roman < 1. < 1.1. < 1.1.1. < a) < - < +); a list that restarts
at 1 right after a line ending in ":" nests under that line instead of closing its siblings.
Level 1 is reserved for the document's parts (Roman numerals, or capitalised numbered headings when
there are no Roman ones); lists outside any part start at level 2. The tree covers the body between
the first numbered heading and the closing ("Trên đây là …", "Nơi nhận:").
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.model import Document, Paragraph, per_document
from pipeline.lexicon.vietnamese import is_upper
from pipeline.lexicon.roman import roman_value, to_roman

ROMAN = re.compile(r"^(?:PHẦN\s+)?([IVXL]{1,6})\s*[.)/]\s*(\S.*)$")
DOTTED = re.compile(r"^(\d{1,2}(?:\s?\.\s?\d{1,2}){1,3})\s*\.?\s+(\S.*)$")
NUMBER = re.compile(r"^(\d{1,3})\s*[.)]\s*(\S.*)$")
LETTER = re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$")
BULLET = re.compile(r"^([-–•*+])\s*(\S.*)$")
ROMAN_FIRST, LETTERS, BULLET_MARKS = frozenset("IVXLP"), frozenset("abcdefghijklmnopqrstuvwxyzđ"), frozenset("-–•*+")
CLOSING = re.compile(r"^(?:Trên đây là|Nơi nhận\s*:|Nơi nhận$)", re.IGNORECASE)
RANK = {"roman": 0, "num1": 1, "num2": 2, "num3": 3, "num4": 4, "letter": 5, "dash": 6, "plus": 7}
BULLETS = {"dash", "plus"}
KIND_OF_PART = [
    ("organization", re.compile(r"tổ chức thực hiện", re.IGNORECASE)),
    ("funding", re.compile(r"nguồn lực|kinh phí|nguồn vốn|\bvốn\b|ngân sách", re.IGNORECASE)),
    ("purpose", re.compile(r"mục đích|yêu cầu", re.IGNORECASE)),
    ("targets", re.compile(r"mục tiêu|chỉ tiêu", re.IGNORECASE)),
    ("tasks", re.compile(r"nhiệm vụ|giải pháp", re.IGNORECASE)),
]


@dataclass
class Section:
    section_id: str
    number: str
    marker: str          # roman, num1 … num4, letter, dash, plus
    heading: str
    start: int
    end: int
    parent: Section | None = None
    level: int = 0
    kind: str = "other"
    children: list[Section] = field(default_factory=list)
    nested: bool = False  # an item of a list that restarted at 1 under a line ending in ":"


def parse_marker(text: str) -> tuple[str, str, str] | None:
    """(marker type, number, rest) of a paragraph that opens a section, else None. The patterns open with
    characters of their own (a digit, a capital of a Roman numeral or PHẦN, a small letter, a bullet): only
    the patterns the first character allows are tried."""
    first = text[:1]
    if first.isdecimal():
        m = DOTTED.match(text)
        if m:
            number = re.sub(r"\s", "", m.group(1))
            return f"num{min(number.count('.') + 1, 4)}", number, m.group(2)
        m = NUMBER.match(text)
        if m and not m.group(2)[:1].isdecimal():
            return "num1", m.group(1), m.group(2)
    elif first in ROMAN_FIRST:
        m = ROMAN.match(text)
        if m and roman_value(m.group(1)) and is_upper(m.group(2)):
            return "roman", m.group(1), m.group(2)
    elif first in LETTERS:
        m = LETTER.match(text)
        if m:
            return "letter", m.group(1), m.group(2)
    elif first in BULLET_MARKS:
        m = BULLET.match(text)
        if m:
            return ("plus" if m.group(1) == "+" else "dash"), m.group(1).replace("–", "-"), m.group(2)
    return None


HEADING_END = re.compile(r":\s|:$|\.\s|\.$")


def heading_of(rest: str, marker: str) -> str:
    """The heading a section shows: up to the first colon or full stop, at most 200 characters."""
    head = HEADING_END.split(rest, maxsplit=1)[0].strip()
    if marker == "roman":
        head = rest.strip()
    head = head.rstrip(" .:;")
    return head if len(head) <= 200 else head[:200].rsplit(" ", 1)[0] + " …"


@per_document
def section_tree(doc: Document) -> list[Section]:
    """All sections of the document in reading order, linked to their parents (computed once)."""
    return SectionList(_build_tree(doc))


def _build_tree(doc: Document) -> list[Section]:
    paragraphs = doc.paragraphs
    region = _tree_region(paragraphs)
    if region is None:
        return []
    first, last, region_end = region
    sections: list[Section] = []
    stack: list[Section] = []
    nested_lists: set[tuple[int, str]] = set()  # (id of the parent, marker) of the lists found nested
    prev_text = ""
    for p in paragraphs[first:last]:
        parsed = parse_marker(p.text)
        if parsed is None:
            prev_text = p.text or prev_text
            continue
        marker, number, rest = parsed
        nested_restart = (number in ("1", "a") and prev_text.rstrip().endswith(":")
                          and stack and marker not in BULLETS)
        if nested_restart:
            if stack[-1].marker == marker and stack[-1].nested:  # a new list right after a nested list
                stack.pop()
        elif any(t.marker == marker for t in stack):  # an item of an open list: its sibling
            previous = _previous_item(stack, marker, number)
            while stack.pop() is not previous:
                pass
        else:
            while stack:
                top = stack.pop()
                if top.marker == marker:  # the previous item of this list: a sibling
                    break
                if not (top.marker in BULLETS and marker not in BULLETS or RANK[top.marker] >= RANK[marker]):
                    stack.append(top)
                    break
        section = Section(f"{doc.doc_id}-s{len(sections) + 1:04d}", number, marker,
                          heading_of(rest, marker), p.start, region_end,
                          parent=stack[-1] if stack else None)
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
    has_parts = any(s.marker == "roman" for s in sections) or any(
        s.marker == "num1" and s.parent is None and is_upper(s.heading) for s in sections)
    if not has_parts:
        for s in sections:
            s.level += 1
    _close_spans(sections, region_end)
    _classify(sections)
    return sections


def _previous_item(stack: list[Section], marker: str, number: str) -> Section:
    """The open item a new item of this marker follows: the one numbered just before it, else the innermost."""
    same = [t for t in stack if t.marker == marker]
    following = [t for t in same if _next_number(t.number) == number]
    return (following or same)[-1]


def _next_number(number: str) -> str | None:
    head, _, last = number.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    if len(number) == 1 and number.isalpha() and number.islower():
        return chr(ord(number) + 1)
    value = roman_value(number)
    return to_roman(value + 1) if value else None


def _tree_region(paragraphs: list[Paragraph]) -> tuple[int, int, int] | None:
    """Indices of the first and past-the-last paragraph of the tree, and the offset it ends at."""
    first = next((i for i, p in enumerate(paragraphs)
                  if (m := parse_marker(p.text)) and m[0] in ("roman", "num1")), None)
    if first is None:
        return None
    last = next((i for i in range(first + 1, len(paragraphs)) if CLOSING.match(paragraphs[i].text)),
                len(paragraphs))
    end = paragraphs[last].start - 1 if last < len(paragraphs) else paragraphs[-1].end
    return first, last, max(end, paragraphs[first].end)


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
    def own_kind(heading: str) -> str | None:
        return next((k for k, pat in KIND_OF_PART if pat.search(heading)), None)

    for s in sections:
        if s.parent is None:
            kind = own_kind(s.heading)
            if kind is None:
                votes = [k for c in s.children if (k := own_kind(c.heading))]
                kind = max(set(votes), key=votes.count) if votes else "other"
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
