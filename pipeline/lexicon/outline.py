"""The outline grammar of Vietnamese administrative documents, declared once for every stage.

A paragraph opens an outline item when it begins with one of these markers, from the highest rank down:

    part      Phần I / PHẦN THỨ HAI            (laws, long plans)
    chapter   Chương II                         (decisions, regulations)
    division  Mục 1                             (a chapter's divisions; "Mục tiêu" is no marker)
    alpha     A. B. C.                          (the groups of reports and appendices: "A. THỦ TỤC …")
    article   Điều 3.                           (decisions, regulations)
    roman     I. II. …                          (a plan's parts)
    num1..4   1.  1.1.  1.1.1.  1.1.1.1.        (items, and a plan's parts when it has no Roman ones)
    letter    a) b) … đ) e) g) … (or a.)        (the Vietnamese alphabet: no f, j, w, z)
    paren     (1) (2)                           (items of reports and lists)
    dash      - – • *                           (bullets)
    plus      +                                 (sub-bullets)

`parse_marker` reads the marker at the start of a paragraph (the normalizer uses it to tell where a
wrapped line opens a new paragraph, the section tree to nest items, the checks to read numbering, the
extractors to strip a marker before reading an item), `RANK` orders the kinds for nesting, and
`ordinal`/`successor` say how a numbering counts. Appendix titles (PHỤ LỤC, PHỤ BIỂU) are told apart by
`is_appendix_title`: they end a document's outline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lexicon.roman import roman_value, to_roman
from pipeline.lexicon.vietnamese import is_upper

RANK = {"part": 0, "chapter": 1, "division": 2, "alpha": 3, "article": 4, "roman": 5, "num1": 6, "num2": 7,
        "num3": 8, "num4": 9, "letter": 10, "paren": 11, "dash": 12, "plus": 13}
BULLETS = frozenset({"dash", "plus"})
# kinds whose items count 1, 2, 3 … (a, b, c …; I, II …)
NUMBERED = frozenset(RANK) - BULLETS
# The Vietnamese alphabet's letters in order, as lettered items use them
LETTERS = "abcdđeghiklmnopqrstuvxy"
# capitals that open "A." groups: the alphabet without I, V and X, which open Roman numerals
ALPHA = "ABCDĐEGHKLMNOPQRSTUY"
SPELLED_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                    "chín": 9, "mười": 10}


@dataclass(frozen=True)
class Marker:
    """The marker a paragraph opens with: its kind, its number as printed ("IV", "2.1", "đ", "Điều 3" gives
    "3"), where it ends in the paragraph and the text after it."""
    kind: str
    number: str
    end: int
    rest: str

    @property
    def rank(self) -> int:
        return RANK[self.kind]


_NAMED = re.compile(r"(PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục|ĐIỀU|Điều)\s+(THỨ\s+\w+|[Tt]hứ\s+\w+|[IVXLC]{1,7}\b|"
                    r"\d{1,3}[a-zđ]?\b)\s*([.:\-–]?)\s*")
_NAMED_KIND = {"phần": "part", "chương": "chapter", "mục": "division", "điều": "article"}
_ROMAN = re.compile(r"([IVX]{1,6})\s*[.)/:]\s*(?=\S|$)")
_ALPHA = re.compile(rf"([{ALPHA}])\.\s+(?=\S)")
_DOTTED = re.compile(r"(\d{1,2}(?:\s?\.\s?\d{1,2}){1,3})\s*\.?(?:\s+(?=\S)|$)")
_NUMBER = re.compile(r"(\d{1,2})\s*[.)]\s*")
_LETTER = re.compile(r"([a-zđ])(?:\)|\.(?=\s|$))\s*")
_PAREN = re.compile(r"\((\d{1,2})\)\s*")
_BULLET = re.compile(r"([-–•*+])\s*(?=\S)")
_BULLET_MARKS = frozenset("-–•*+")


def parse_marker(text: str) -> Marker | None:
    """The outline marker `text` opens with, or None. Only the patterns its first character allows are
    tried. A number that runs on into a figure ("12.345 triệu đồng", "2025 là năm") is no marker, nor is a
    word that only begins like a named marker ("Phần lớn", "Điều kiện", "Mục tiêu")."""
    first = text[:1]
    if first in _BULLET_MARKS:
        m = _BULLET.match(text)
        return Marker("plus" if m.group(1) == "+" else "dash", m.group(1).replace("–", "-"), m.end(),
                      text[m.end():]) if m else None
    if first.isdecimal():
        m = _DOTTED.match(text)
        if m:
            number = re.sub(r"\s", "", m.group(1))
            return Marker(f"num{min(number.count('.') + 1, 4)}", number, m.end(), text[m.end():])
        m = _NUMBER.match(text)
        if m and not text[m.end():m.end() + 1].isdecimal():
            return Marker("num1", m.group(1), m.end(), text[m.end():])
        return None
    if first in "IVX":
        m = _ROMAN.match(text)
        if m and roman_value(m.group(1)) and _reads_as_heading(text[m.end():]):
            return Marker("roman", m.group(1), m.end(), text[m.end():])
        return None
    if first in "PCMĐpcmđ" and (m := _NAMED.match(text)):
        kind = _NAMED_KIND[m.group(1).lower()]
        number = _named_number(m.group(2))
        # "Điều 5 của Luật …" in running text: an article's number is followed by "." or ":" (or nothing)
        closed = m.group(3) or m.end() == len(text)
        if number is not None and (closed or kind in ("part", "chapter") and _reads_as_heading(text[m.end():])):
            return Marker(kind, number, m.end(), text[m.end():])
    if first == "(":
        m = _PAREN.match(text)
        return Marker("paren", m.group(1), m.end(), text[m.end():]) if m else None
    if first in LETTERS:
        m = _LETTER.match(text)
        return Marker("letter", m.group(1), m.end(), text[m.end():]) if m else None
    if first in ALPHA:
        m = _ALPHA.match(text)
        if m and is_upper(text[m.end():]):
            return Marker("alpha", m.group(1), m.end(), text[m.end():])
    return None


def _reads_as_heading(rest: str) -> bool:
    """A part's heading: capitals ("II. MỤC TIÊU"), a short heading in sentence case, or nothing (the
    heading on the next line)."""
    return not rest or is_upper(rest) or (len(rest) <= 80 and rest[:1].isupper())


def _named_number(raw: str) -> str | None:
    """"II" → "II", "3" → "3", "THỨ HAI" → "2"."""
    if raw.lower().startswith("thứ"):
        value = SPELLED_ORDINALS.get(raw.split()[-1].lower())
        return str(value) if value else None
    return raw


def ordinal(kind: str, number: str) -> int | None:
    """The position a number stands for in its sequence: "IV" → 4, "2.3" → 3, "đ" → 5, "e" → 6."""
    if kind == "roman" or (kind in ("part", "chapter", "division") and roman_value(number)):
        return roman_value(number)
    if kind == "letter":
        return LETTERS.index(number) + 1 if number in LETTERS else None
    if kind == "alpha":
        return ALPHA.index(number) + 1 if number in ALPHA else None
    last = number.rstrip(".").split(".")[-1]
    return int(last) if last.isdigit() else None


def successor(kind: str, number: str) -> str | None:
    """The number the next sibling should carry: "IV" → "V", "2.3" → "2.4", "d" → "đ", "đ" → "e"."""
    n = ordinal(kind, number)
    if n is None:
        return None
    if kind in ("letter", "alpha"):
        letters = LETTERS if kind == "letter" else ALPHA
        return letters[n] if n < len(letters) else None
    if roman_value(number):
        return to_roman(n + 1)
    head, _, _ = number.rpartition(".")
    return f"{head}.{n + 1}" if head else str(n + 1)


def label(kind: str, n: int) -> str:
    """How the n-th item of a sequence of `kind` is numbered."""
    if kind in ("letter", "alpha"):
        letters = LETTERS if kind == "letter" else ALPHA
        return letters[n - 1] if 0 < n <= len(letters) else str(n)
    if kind == "roman":
        return to_roman(n)
    return str(n)


_ROW_LABEL = re.compile(r"^(?:([IVX]{1,6})|(\d{1,3}(?:\.\d{1,3}){0,3})|([a-zđ])|([-+–*]))[.):]?$")


def row_label(text: str) -> Marker | None:
    """The outline marker a table cell or a line holds alone ("II", "2.", "1.1", "a)", "-"): how a table
    numbers its rows."""
    m = _ROW_LABEL.match(text.strip())
    if m is None:
        return None
    roman, number, letter, bullet = m.groups()
    if roman:
        return Marker("roman", roman, m.end(), "") if roman_value(roman) else None
    if number:
        return Marker(f"num{min(number.count('.') + 1, 4)}", number, m.end(), "")
    if letter:
        return Marker("letter", letter, m.end(), "")
    return Marker("plus" if bullet == "+" else "dash", bullet.replace("–", "-"), m.end(), "")


APPENDIX_TITLE = re.compile(r"^[*_\s]*(?:PHỤ LỤC|PHỤ BIỂU|Phụ lục|Phụ biểu|BIỂU SỐ|Biểu số|BIỂU MẪU)\b")


def is_appendix_title(text: str) -> bool:
    """A paragraph that titles an appendix ("PHỤ LỤC I", "Phụ biểu số 02", "BIỂU SỐ 01")."""
    return bool(APPENDIX_TITLE.match(text)) and len(text) <= 200
