"""Lists announced by a count of things other than communes: "09 tiêu chí bao gồm: 1. …; 2. …",
"05 tỉnh (Nam Định, Đồng Nai, Hà Nam, Hưng Yên và Hải Dương)", "20 tỉnh, thành phố …⁽¹⁾" with the list
in the footnote. (Lists of communes and villages are read by `extractors.communes`.)

A list stands in a parenthesis, after a colon or "bao gồm" up to the end of the sentence, in the
numbered or bulleted paragraphs that follow a paragraph ending with a colon, or in a footnote anchored
in the count's sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.sections import section_tree
from extractors.spans import closing_paren, number_matches, sentence_end
from pipeline.lexicon.outline import BULLETS, parse_marker
from pipeline.model import Document, per_document

NOUNS = r"tiêu chí|tỉnh,\s*thành phố|tỉnh|thành phố|huyện|chương trình|nhiệm vụ|giải pháp|nội dung|sản phẩm|" \
        r"mô hình|dự án|công trình|lĩnh vực|đơn vị|nhóm|đợt"
STATED = re.compile(rf"(?<![\d/.,])(\d{{1,3}})\s+({NOUNS})(?!\w)", re.IGNORECASE)
OPENER = re.compile(r"\(|:|\bbao gồm\b|\bgồm\b", re.IGNORECASE)
# Scanned: led by its first letter, the lookbehind after it (Python's engine skips along to a leading
# character; led by a lookbehind it tries every position, about twice as slowly).
CRITERION = re.compile(r"t(?<!thuộc t)iêu chí số\s*(\d{1,2})((?:\s*,\s*\d{1,2}(?![\d.]))*)", re.IGNORECASE)


@dataclass
class Item:
    text: str
    start: int
    end: int
    marker: str | None = None       # "1", "a" … for numbered items


@dataclass
class StatedList:
    count: int
    noun: str
    count_start: int
    count_end: int
    start: int                      # the list region
    end: int
    items: list[Item] = field(default_factory=list)
    ambiguous: bool = False         # item boundaries are uncertain ("A và B" may be one item or two)


@per_document
def stated_lists(doc: Document) -> list[StatedList]:
    """Every non-commune list announced by a count (computed once)."""
    return _find(doc)


def _find(doc: Document) -> list[StatedList]:
    out = []
    paragraphs = doc.paragraphs
    for index, p in enumerate(paragraphs + doc.footnote_paragraphs):
        for m in number_matches(doc, STATED, p):
            window = p.text[m.end():m.end() + 170]
            clause_end = re.search(r"\.\s|;|\.$|\d", window)  # a list follows its count before another figure
            limit = clause_end.start() if clause_end else len(window)
            opener = OPENER.search(window, 0, min(limit, 90))
            if opener and (")" in window[:opener.start()]
                           or re.match(r"\s*(?:nhất là|đặc biệt|như|trong đó|ví dụ)", window[opener.end():])):
                opener = None  # the count closes a parenthesis, or an example follows, not its list
            noun = re.sub(r"\s+", " ", m.group(2).lower())
            base = dict(count=int(m.group(1)), noun=noun, count_start=p.start + m.start(), count_end=p.start + m.end())
            if opener:
                begin = m.end() + opener.end()
                rest = p.text[begin:].strip(" :")
                if opener.group(0) != "(" and not rest and index + 1 < len(paragraphs):
                    lst = _paragraph_list(doc, index + 1, base)
                elif opener.group(0) == "(":
                    if re.match(r"\s*\d", p.text[begin:]):
                        continue  # "(41,1%)" is a figure, not a list
                    stop = p.start + closing_paren(p.text, begin)
                    lst = _inline(doc, p.start + begin, stop, base)
                else:
                    lst = _inline(doc, p.start + begin, _list_end(doc, index, begin), base)
            else:
                nxt = STATED.search(window)
                clause = re.search(r"\.\s|;|\.$", window)
                reach = min(x.start() for x in (nxt, clause) if x) if (nxt or clause) else len(window)
                lst = _footnote_list(doc, p.start + m.end(), p.start + m.end() + reach, base)
            if lst and (len(lst.items) > 1 or lst.count == 1 and lst.items):
                out.append(lst)
    return out


def _list_end(doc: Document, index: int, begin: int) -> int:
    """End of a list after a colon: the sentence's end, across line breaks after "…;" or "…,"."""
    paragraphs = doc.paragraphs
    p = paragraphs[index] if index < len(paragraphs) else doc.footnote_paragraphs[index - len(paragraphs)]
    stop = sentence_end(p.text, begin)
    while stop == len(p.text) and p.text.rstrip().endswith((";", ",")) and index + 1 < len(paragraphs):
        index += 1
        p = paragraphs[index]
        stop = sentence_end(p.text, 0)
    return p.start + stop


ITEM_KINDS = frozenset({"num1", "letter", "paren", "dash", "plus"})  # the markers of a list's items


def _paragraph_list(doc: Document, first: int, base: dict) -> StatedList | None:
    """Items are the numbered or bulleted paragraphs right after the announcing one that the section
    tree keeps together as siblings (a later "2. Giải pháp" continues an outer list, not this one)."""
    paragraphs = doc.paragraphs
    starts = {s.start: s for s in section_tree(doc)}
    items: list[Item] = []
    kind = None
    parent = starts[paragraphs[first].start].parent if paragraphs[first].start in starts else None
    for p in paragraphs[first:]:
        m = parse_marker(p.text)
        if not m or m.kind not in ITEM_KINDS or (p.start in starts and starts[p.start].parent is not parent):
            break
        this = m.kind if m.kind not in BULLETS else m.number
        if kind is None:
            kind = this
        elif this != kind:
            break
        items.append(Item(m.rest.strip(" ;."), p.start, p.end, m.number if m.kind not in BULLETS else None))
    if not items:
        return None
    return StatedList(**base, start=items[0].start, end=items[-1].end, items=items)


def _footnote_list(doc: Document, start: int, end: int, base: dict) -> StatedList | None:
    """A footnote anchored in the count's clause holds the list."""
    for footnote, p in zip(doc.footnotes, doc.footnote_paragraphs):
        if any(start <= a <= end for a in footnote.anchors):
            return _inline(doc, p.start, p.end, base)
    return None


def _inline(doc: Document, start: int, end: int, base: dict) -> StatedList:
    text = doc.text[start:end]
    lst = StatedList(**base, start=start, end=end)
    if base["noun"] == "tiêu chí" and CRITERION.search(text):
        for m in CRITERION.finditer(text):
            numbers = [m.group(1)] + re.findall(r"\d{1,2}", m.group(2))
            lst.items += [Item(f"tiêu chí số {n}", start + m.start(), start + m.end()) for n in numbers]
        return lst
    strict = _split(text, start, ";" if ";" in text else r"(?<!\d),(?!\d)")  # not the decimal comma of "11,14 ha"
    last = strict[-1] if strict else None
    loose = strict
    if last and re.search(r"\svà\s", last.text):
        pieces = _split(last.text, last.start, r"\svà\s")
        loose = strict[:-1] + pieces
    short = all(len(i.text.split()) <= 5 for i in loose)
    lst.items = loose if short else strict
    # members a comma parts are names and noun phrases; a piece of a clause's length means the commas part
    # the clauses of a description ("2 sản phẩm: Sản phẩm bọt … được chạy vào thùng khuấy, quặng sau khi …")
    clauses = ";" not in text and any(len(i.text.split()) > MAX_COMMA_ITEM_WORDS for i in strict)
    lst.ambiguous = (len(loose) != len(strict) and not short) or clauses
    return lst


MAX_COMMA_ITEM_WORDS = 20


def _split(text: str, offset: int, separator: str) -> list[Item]:
    items, pos = [], 0
    for m in list(re.finditer(separator, text)) + [None]:
        stop = m.start() if m else len(text)
        piece = text[pos:stop]
        stripped = piece.strip(" .:()")
        if stripped:
            lead = len(piece) - len(piece.lstrip(" .:()"))
            items.append(Item(stripped, offset + pos + lead, offset + pos + lead + len(stripped)))
        pos = m.end() if m else stop
    return items
