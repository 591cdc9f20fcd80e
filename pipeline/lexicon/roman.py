"""Roman numerals of part numbers (I … XC), both ways."""
from __future__ import annotations

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def to_roman(n: int) -> str:
    out = ""
    for v, r in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


def roman_value(s: str) -> int | None:
    """Integer value of a well-formed Roman numeral, else None."""
    total, prev = 0, 0
    for ch in reversed(s):
        v = _VALUES.get(ch)
        if v is None:
            return None
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total if to_roman(total) == s else None
