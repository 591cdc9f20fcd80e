"""Where parentheses and sentences end in a paragraph's text (shared by the list readers), and where
the figures are."""
from __future__ import annotations

import re
from bisect import bisect_left

from pipeline.model import Document, Paragraph

DIGIT_RUN = re.compile(r"\d+")


def number_matches(doc: Document, pattern: re.Pattern, p: Paragraph) -> list[re.Match]:
    """The matches of `pattern.finditer(p.text)`, for a pattern whose matches open with a digit that
    follows none (counts, lists, fractions, periods, document numbers). It is tried only where a run of
    digits starts (found once per document, in one scan), not at every position of every paragraph."""
    starts = doc.derived_once("digit_runs", lambda d: [m.start() for m in DIGIT_RUN.finditer(d.text)])
    out: list[re.Match] = []
    end = 0
    for at in starts[bisect_left(starts, p.start):bisect_left(starts, p.end)]:
        if at - p.start >= end and (m := pattern.match(p.text, at - p.start)):
            out.append(m)
            end = m.end()
    return out


def closing_paren(text: str, begin: int) -> int:
    """Offset of the ")" that closes a parenthesis opened just before `begin` (the text's end if none)."""
    depth, i = 1, begin
    while i < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return i - 1 if depth == 0 else len(text)


def sentence_end(text: str, start: int) -> int:
    """Offset of the full stop that ends the sentence running at `start` ("1.500" is not one)."""
    m = re.search(r"\.(?:\s|$)(?!\d)", text[start:])
    return start + m.start() if m else len(text)
