"""Counts of things ("37 xã", "05 xóm", "19 tiêu chí") and the breakdowns that follow a count:
"20 xóm (… Đức Xuân: 05 xóm; Vân Trình: 09 xóm; Lê Lợi: 06 xóm)", "37 xã (bao gồm 14 xã … và 23 xã …)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.spans import closing_paren, number_matches
from pipeline.model import Document, Paragraph, per_document

COUNTED = ["tổ dân phố", "thị trấn", "tiêu chí", "sản phẩm", "chương trình", "mô hình", "công trình",
           "hợp tác xã", "doanh nghiệp", "xã", "phường", "xóm", "thôn", "bản", "huyện", "tỉnh", "hộ", "người"]
# Matched only where a run of digits starts (spans.number_matches), as are the other number-led patterns.
COUNT = re.compile(r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/]|[.,]\d)\s+(" + "|".join(COUNTED) + r")(?!\w)",
                   re.IGNORECASE)
BREAKDOWN_OPENER = re.compile(r"\(|\b(?:bao gồm|gồm|trong đó|cụ thể)\b", re.IGNORECASE)
NOT_A_PART = re.compile(r"(?:trong đó|trong số đó|còn lại|mỗi|/)\s*(?:có\s*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    value: int
    unit: str
    start: int
    end: int


@dataclass(frozen=True)
class Breakdown:
    total: Count
    parts: list[Count]
    opener: str         # "(", "bao gồm", "trong đó" …


@per_document
def paragraph_counts(doc: Document) -> list[tuple[Paragraph, list[Count]]]:
    """Each paragraph of the body and footnotes with the counts in it (offsets within the paragraph),
    found once per document."""
    return [(p, [Count(int(m.group(1).replace(".", "")), m.group(2).lower(), m.start(), m.end())
                 for m in number_matches(doc, COUNT, p)])
            for p in doc.paragraphs + doc.footnote_paragraphs]


def _region(text: str, start: int) -> tuple[int, int, str] | None:
    """Where a breakdown after position `start` of a paragraph lies: a parenthesis or the rest of the sentence."""
    window = text[start:start + 120]
    m = BREAKDOWN_OPENER.search(window)
    if not m or re.search(r"[.;]\s", window[:m.start()]):
        return None
    begin = start + m.end()
    if m.group(0) == "(":
        return begin, closing_paren(text, begin), "("
    end = re.search(r"\.\s|\.$|;|$", text[begin:])
    return begin, begin + end.start(), m.group(0).lower()


@per_document
def breakdowns(doc: Document) -> list[Breakdown]:
    """Counts followed by two or more counts of the same thing that split them (computed once)."""
    return _find_breakdowns(doc)


def _find_breakdowns(doc: Document) -> list[Breakdown]:
    out = []
    for p, counts in paragraph_counts(doc):
        for c in counts:
            region = _region(p.text, c.end)
            if region is None:
                continue
            begin, end, opener = region
            parts = [d for d in counts if begin <= d.start and d.end <= end and d.unit == c.unit
                     and not NOT_A_PART.search(p.text[max(begin, d.start - 14):d.start])
                     and _depth(p.text, begin, d.start) == 0]
            if len(parts) >= 2:
                shift = lambda x: Count(x.value, x.unit, p.start + x.start, p.start + x.end)  # noqa: E731
                out.append(Breakdown(shift(c), [shift(d) for d in parts], opener))
    return out


def _depth(text: str, begin: int, pos: int) -> int:
    """Parenthesis depth of `pos` relative to `begin`."""
    segment = text[begin:pos]
    return segment.count("(") - segment.count(")")
