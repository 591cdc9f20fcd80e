"""Vietnamese spelling helpers built on underthesea."""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

# Vietnamese letters beyond a-z, lower case: with a tone mark, and the bare vowels and đ with other marks.
TONED_VOWELS = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
MARKED_LETTERS = "ăâđêôơư"


@lru_cache(maxsize=None)
def character_table(kind: str) -> np.ndarray:
    """Whether each BMP code point is of `kind`: "letter", "lower" (a lower-case letter), "decimal" (a
    digit, as the patterns' \\d) or "vietnamese" (a Vietnamese letter beyond a-z, either case)."""
    if kind == "vietnamese":
        table = np.zeros(0x10000, bool)
        table[[ord(c) for c in (TONED_VOWELS + MARKED_LETTERS).upper() + TONED_VOWELS + MARKED_LETTERS]] = True
        return table
    test = {"letter": str.isalpha, "lower": str.islower, "decimal": str.isdecimal}[kind]
    return np.fromiter(map(test, map(chr, range(0x10000))), bool, 0x10000)


def code_points(text: str) -> np.ndarray:
    """The text's code points as indices into a `character_table`; those beyond the BMP, where no letter or
    digit of these documents lies, are left out (so the array is shorter than the text when there are any)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[codes <= 0xFFFF] if text and codes.max() > 0xFFFF else codes


def count_of(kind: str, text: str) -> int:
    """How many characters of `text` are of `kind` (see `character_table`), counted in one vectorized pass."""
    return int(character_table(kind)[code_points(text)].sum())


@lru_cache(maxsize=4096)
def traditional_tone_marks(name: str) -> str:
    """A short name with its tone marks in the traditional place (Thuỷ → Thủy, Hoà → Hòa, Uỷ → Ủy), the
    gazetteers' spelling. underthesea's `text_normalize` re-tokenizes whole texts, so it is given one name
    at a time, and its spacing around punctuation is put back."""
    if not _TONE_ON_SECOND_VOWEL.search(name):
        return name  # no oa, oe or uy with the tone on its second vowel: nothing to move
    from underthesea import text_normalize  # imported on first use: it costs about half a second

    out = text_normalize(name).replace(" ", "")
    if len(out) != len(name.replace(" ", "")) or _bare(out) != _bare(name):
        return name  # it changed more than tone marks: keep the name as printed
    return _respace(out, name)


# New-style placement puts the tone of oa, oe, uy on the second vowel (Hoá, Thuỷ); traditional, on the first.
_TONE_ON_SECOND_VOWEL = re.compile("[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")


def load_normalizer() -> None:
    """Import underthesea's `text_normalize` now rather than for the first name that needs it."""
    from underthesea import text_normalize  # noqa: F401


def _bare(s: str) -> str:
    """Letters without diacritics or spaces."""
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").replace(" ", "")


def _respace(normalized: str, original: str) -> str:
    """The normalized letters laid over the original's spacing."""
    letters = iter(normalized.replace(" ", ""))
    return "".join(c if c == " " else next(letters, c) for c in original)


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """The Vietnamese syllables of underthesea's 74,000-word dictionary (about 11,000), lower case,
    without its entries that hold no vowel (abbreviations such as ch, tp, km).
    The file is read straight from the installed package: importing underthesea costs half a second."""
    package = Path(importlib.util.find_spec("underthesea").submodule_search_locations[0])
    words = (package / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8")
    entries = set(unicodedata.normalize("NFC", words.lower()).split())
    return frozenset(w for w in entries if w.isalpha() and _VOWEL.search(w))


_VOWEL = re.compile(f"[aeiouy{TONED_VOWELS}ăâêôơư]")


_OPENING, _CLOSING = "([\"'“‘", ".,;:)\"'”’!?"


def mend_split_syllables(line: str) -> str:
    """A PDF text line with syllables rejoined where the text layer put a space beside a letter with
    diacritics ("ĐIỀ U KHO ẢN" → "ĐIỀU KHOẢN"): two neighbours are joined when together they make a
    syllable and one of them alone is none."""
    if line.isascii():
        return line
    known = syllables()
    tokens = unicodedata.normalize("NFC", line).split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        left = tokens[i]
        if i + 1 < len(tokens):
            right = tokens[i + 1]
            a, b = left.lstrip(_OPENING).lower(), right.rstrip(_CLOSING).lower()
            if (a.isalpha() and b.isalpha() and not (a[-1].isascii() and b[0].isascii())
                    and a + b in known and (a not in known or b not in known)):
                out.append(left + right)
                i += 2
                continue
        out.append(left)
        i += 1
    return " ".join(out)
