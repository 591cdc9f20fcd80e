"""Vietnamese spelling helpers built on underthesea."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def traditional_tone_marks(name: str) -> str:
    """A short name with its tone marks in the traditional place (Thuỷ → Thủy, Hoà → Hòa, Uỷ → Ủy), the
    gazetteers' spelling. underthesea's `text_normalize` re-tokenizes whole texts, so it is given one name
    at a time, and its spacing around punctuation is put back."""
    from underthesea import text_normalize  # imported on first use: it costs about half a second

    out = text_normalize(name).replace(" ", "")
    if len(out) != len(name.replace(" ", "")) or _bare(out) != _bare(name):
        return name  # it changed more than tone marks: keep the name as printed
    return _respace(out, name)


def _bare(s: str) -> str:
    """Letters without diacritics or spaces."""
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").replace(" ", "")


def _respace(normalized: str, original: str) -> str:
    """The normalized letters laid over the original's spacing."""
    letters = iter(normalized.replace(" ", ""))
    return "".join(c if c == " " else next(letters, c) for c in original)
