"""Text typed in the pre-Unicode Vietnamese font encodings, TCVN3 (ABC, `.VnTime`) and VNI-Windows
(`VNI-Times`), converted to Unicode with viparse's tables.

Such text reaches a reader as Latin-1 look-alikes (`§Þnh Hãa`, `Ñònh Hoùa`). Detection is cheap
when the text already holds letters only Unicode Vietnamese has (ư, ơ, đ, ạ…), which legacy text
never does; otherwise viparse scores the candidate conversions.

TCVN3 has no capital letters with tone marks: typists set them in an uppercase font (`.VnTimeH`)
over the lowercase codes. Where the font is known (DOCX runs) the caller upper-cases that run; in
plain text `lines_to_unicode` restores the capitals the text itself shows (headings, sentence starts,
"Ủy ban"); any other capital with a tone mark comes back lower-case.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from pipeline.model import Reading
from pipeline.lexicon.vietnamese import TONED_VOWELS

LEGACY_ENCODINGS = ("tcvn3", "vni")


@lru_cache(maxsize=None)
def charmap(encoding: str):
    """viparse's conversion table of a legacy encoding. viparse is imported here, for the few texts that
    need it: importing it takes 40-80 ms of every worker's start."""
    from viparse.normalize.encodings import CHARMAPS
    from viparse.normalize.tables import build_charmap

    # viparse leaves VNI's ẳ/Ẳ out for want of a sighting; VNI's ă row is a+é ắ, a+è ằ, a+ú ẳ, a+ü ẵ, a+ë ặ.
    if encoding == "vni":
        return build_charmap("vni", [*CHARMAPS["vni"].pairs, ("a\u00fa", "ẳ"), ("A\u00da", "Ẳ")])
    return CHARMAPS[encoding]


# Bytes as the legacy fonts show them: Windows-1252, with its five unassigned bytes read as Latin-1.
_CP1252 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
SAMPLE_CHARS = 20_000
_UNICODE_ONLY = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # letters outside Windows-1252
_LETTER = re.compile(r"[^\W\d_]")
_LOWER_ASCII = re.compile(r"[a-z]")


def detect(text: str) -> str | None:
    """"tcvn3" or "vni" when `text` is in that legacy encoding, else None (Unicode, or not Vietnamese)."""
    head = text[:5_000]
    unicode_only = sum(1 for _ in islice(_UNICODE_ONLY.finditer(head), 50))  # counted up to 50: enough
    if unicode_only >= 50:
        return None  # plainly Unicode Vietnamese
    letters = len(_LETTER.findall(head))
    if letters < 50 or unicode_only > 0.01 * letters:
        return None
    from viparse import detect_text_encoding

    found = detect_text_encoding(text[:SAMPLE_CHARS])
    return found if found in LEGACY_ENCODINGS else None


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: `.VnTime*` is TCVN3, `VNI-*` is VNI."""
    name = (font or "").split("+")[-1].upper()  # a PDF subset tag looks like ABCDEF+Name
    if name.startswith(".VN"):
        return "tcvn3"
    if name.startswith("VNI"):
        return "vni"
    return None


def is_uppercase_font(font: str | None) -> bool:
    """A TCVN3 capitals font (`.VnTimeH`, `.VnArialH`): it draws lowercase codes as capitals."""
    return font_encoding(font) == "tcvn3" and (font or "").rstrip().endswith("H")


def surface(data: bytes) -> str:
    """Bytes of a legacy-font text file as the characters its font table is written in."""
    return data.decode("latin-1").translate(_CP1252)


def to_unicode(text: str, encoding: str) -> str:
    from viparse.normalize.tables import convert

    return convert(text, charmap(encoding))


def from_unicode(text: str, encoding: str) -> str:
    """Unicode text as a legacy font types it (the inverse of `to_unicode`; TCVN3 capitals with tone
    marks become their lowercase codes, which a `.VnTimeH` font shows as capitals). Used to make
    legacy renderings of documents for tests."""
    inverse = _inverse(encoding)
    out = []
    for ch in text:
        if ch in inverse:
            out.append(inverse[ch])
        elif encoding == "tcvn3" and ch.lower() in inverse:
            out.append(inverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=None)
def _inverse(encoding: str) -> dict[str, str]:
    return {uni: seq for seq, uni in charmap(encoding).pairs}


def lines_to_unicode(text: str, encoding: str) -> str:
    """Legacy text whose fonts are unknown in Unicode, with TCVN3's lost capitals restored where the
    text shows them: lines typed in capitals (headings) upper-cased whole, "Ủy ban" (a body's name)
    and the first word of a sentence or list item capitalised."""
    converted = to_unicode(text, encoding)
    if encoding != "tcvn3":
        return converted
    converted = "\n".join(_heading_case(line) for line in converted.split("\n"))
    converted = _BODY_NAME.sub(lambda m: "Ủy" + m.group(1), converted)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), converted)


def _heading_case(line: str) -> str:
    """The line upper-cased when its words (codes like 56/KH-UBND aside) are typed in capitals."""
    words = [w for w in line.split() if not any(ch.isdigit() or ch == "/" for ch in w)]
    ascii_letters = sum(1 for w in words for ch in w if "A" <= ch <= "Z" or "a" <= ch <= "z")
    if ascii_letters >= 3 and not any(_LOWER_ASCII.search(w) for w in words):
        return line.upper()
    return line


_BODY_NAME = re.compile(r"(?<!\w)ủy(\s+ban)\b")
# a tone-marked lowercase letter opening the text, a sentence, or a list item on a new line
_SENTENCE_START = re.compile(r"(\A|[.!?]\s+|\n(?:[-+•*]|[a-zđ]\)|\d+(?:\.\d+)*\.)\s+)"
                             f"([{TONED_VOWELS}])")


def convert_reading(reading: Reading) -> Reading:
    """The reading with its text converted to Unicode when it is TCVN3 or VNI; unchanged otherwise."""
    encoding = detect("\n".join(b.text if b.rows is None else " ".join(c for r in b.rows for c in r)
                                for b in reading.blocks[:300]))
    if encoding is None:
        return reading

    for block in reading.blocks:
        block.text = lines_to_unicode(block.text, encoding)
        if block.rows is not None:
            block.rows = [[lines_to_unicode(cell, encoding) for cell in row] for row in block.rows]
    reading.encoding = encoding
    reading.warnings.append(f"text typed in the legacy {encoding.upper()} encoding, converted to Unicode")
    return reading
