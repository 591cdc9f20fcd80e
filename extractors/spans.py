"""Where parentheses and sentences end in a paragraph's text (shared by the list readers)."""
from __future__ import annotations

import re


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
