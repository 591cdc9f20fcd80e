"""Where things are in a document's text: the end of a parenthesis or a sentence (for the list
readers), and the runs of digits and the words that patterns open with, found once per document so that
the patterns are tried only there."""
from __future__ import annotations

import re
from bisect import bisect_left

import numpy as np

from pipeline.lexicon.vietnamese import character_table, code_points
from pipeline.model import Document, Paragraph, per_document

DIGIT_RUN = re.compile(r"\d+")  # \d: a decimal digit of any script, as in every pattern here
PARENTHESIS = re.compile(r"[()]")


def matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """The matches of `pattern.finditer(text)` when every match begins at one of `starts` (ascending
    offsets in `text`): the pattern is tried there only, not at every position."""
    out: list[re.Match] = []
    end = 0
    for at in starts:
        if at >= end and (m := pattern.match(text, at)):
            out.append(m)
            end = m.end()
    return out


def number_matches(doc: Document, pattern: re.Pattern, p: Paragraph) -> list[re.Match]:
    """`pattern.finditer(p.text)` for a pattern whose matches open with a digit that follows none
    (counts, lists, fractions, periods, document numbers): tried where a run of digits starts."""
    runs = digit_runs_in(doc, p)
    return matches_at(pattern, p.text, runs) if runs else []  # half the paragraphs hold no figure


def word_starts(doc: Document, words: tuple[str, ...]) -> list[int] | None:
    """Where any of `words` (lower case) begins in the document text, case ignored, in order: found once
    per document by substring search, a small fraction of the time a pattern that opens with one of
    several words takes to scan the text. None when lower-casing would change the text's length."""
    found = _word_starts(doc)
    if words not in found:
        lowered = _lowered_text(doc)
        if len(lowered) != len(doc.text):
            found[words] = None
        else:
            starts = []
            for word in words:
                at = lowered.find(word)
                while at >= 0:
                    starts.append(at)
                    at = lowered.find(word, at + 1)
            found[words] = sorted(set(starts))
    return found[words]


@per_document
def _word_starts(doc: Document) -> dict[tuple[str, ...], list[int] | None]:
    """`word_starts` of each tuple of words asked for so far."""
    return {}


@per_document
def _lowered_text(doc: Document) -> str:
    return doc.text.lower()


def word_matches(doc: Document, pattern: re.Pattern, words: tuple[str, ...], p: Paragraph) -> list[re.Match]:
    """`pattern.finditer(p.text)` for a pattern whose matches open with one of `words` (any case): tried
    where one begins (`word_starts`)."""
    starts = word_starts(doc, words)
    if starts is None:
        return list(pattern.finditer(p.text))
    return matches_at(pattern, p.text, [at - p.start for at in starts[bisect_left(starts, p.start):
                                                                        bisect_left(starts, p.end)]])


def word_search(doc: Document, pattern: re.Pattern, words: tuple[str, ...], text: str, offset: int,
                pos: int, end: int) -> re.Match | None:
    """`pattern.search(text, pos, end)` for a pattern whose matches open with one of `words` (any case),
    `text` starting at `offset` in the document: tried where one begins."""
    starts = word_starts(doc, words)
    if starts is None:
        return pattern.search(text, pos, end)
    for at in starts[bisect_left(starts, offset + pos):bisect_left(starts, offset + end)]:
        if m := pattern.match(text, at - offset, end):
            return m
    return None


def digit_runs_in(doc: Document, p: Paragraph) -> list[int]:
    """Where runs of digits start in the paragraph (offsets in its text)."""
    return _digit_runs(doc).get(p.start, [])


def digit_run_starts(text: str) -> list[int]:
    """Where each run of decimal digits begins, found for the whole text in one vectorized pass."""
    codes = code_points(text)
    if len(codes) != len(text):  # beyond the BMP: let the pattern find them
        return [m.start() for m in DIGIT_RUN.finditer(text)]
    digit = character_table("decimal")[codes]
    return np.flatnonzero(digit & ~np.concatenate(([False], digit[:-1]))).tolist()


@per_document
def _digit_runs(doc: Document) -> dict[int, list[int]]:
    """Paragraph start → where runs of digits start in it (relative), for the paragraphs that hold any."""
    starts = digit_run_starts(doc.text)
    runs = {}
    for p in doc.paragraphs + doc.footnote_paragraphs:
        if inside := starts[bisect_left(starts, p.start):bisect_left(starts, p.end)]:
            runs[p.start] = [at - p.start for at in inside]
    return runs


def closing_paren(text: str, begin: int) -> int:
    """Offset of the ")" that closes a parenthesis opened just before `begin` (the text's end if none)."""
    depth = 1
    for m in PARENTHESIS.finditer(text, begin):
        depth += 1 if m.group(0) == "(" else -1
        if depth == 0:
            return m.start()
    return len(text)


def sentence_end(text: str, start: int) -> int:
    """Offset of the full stop that ends the sentence running at `start` ("1.500" is not one)."""
    m = re.search(r"\.(?:\s|$)(?!\d)", text[start:])
    return start + m.start() if m else len(text)
