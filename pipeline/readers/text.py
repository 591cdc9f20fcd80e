"""Plain text: decode, split into visual lines; form feeds mark page breaks."""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from pipeline.model import Block, Reading
from pipeline.readers import legacy
from pipeline.readers.detect import UnreadableDocument, utf16_without_bom


def decode_text(data: bytes) -> tuple[str, str]:
    """Text of `data` and the encoding it was in: BOMs honoured, UTF-8 first, UTF-16 told by its
    zero bytes, TCVN3/VNI by viparse's scoring, then the best-scoring legacy code page."""
    for bom, enc, name in ((codecs.BOM_UTF8, "utf-8-sig", "utf-8-bom"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    if damaged.count("\ufffd") <= MAX_BAD_UTF8 * len(data) and _multibyte(data):  # UTF-8 with a few bad bytes
        return damaged, "utf-8 (damaged)"
    if (order := utf16_without_bom(data)) is not None:
        return data.decode(order, errors="replace"), "utf-16"
    surface = legacy.surface(data)  # legacy font text is read as its Windows-1252 look-alikes
    if (font_encoding := legacy.detect(surface)) is not None:
        return legacy.lines_to_unicode(surface, font_encoding), font_encoding
    candidates = [(unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "cp1258")]
    best = from_bytes(data).best()
    if best is not None:
        candidates.append((str(best), best.encoding))
    text, encoding = max(candidates, key=lambda c: _vietnamese_share(c[0]))
    if _vietnamese_share(text) < 0.5:
        raise UnreadableDocument("the text is in no recognisable character encoding")
    return text, encoding


MAX_BAD_UTF8 = 0.03  # invalid sequences per byte below which a text is UTF-8 with damage, not a code page


def _multibyte(data: bytes) -> bool:
    """Whether the bytes hold well-formed UTF-8 multi-byte sequences (a code page's bytes rarely do)."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:200_000])) >= 3


_VIETNAMESE = set("aăâbcdđeêghiklmnoôơpqrstuưvxy"
                  "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                  "0123456789 .,;:()-/%\n")


def _vietnamese_share(text: str) -> float:
    """Share of characters that belong to Vietnamese text (letters, digits, common punctuation)."""
    sample = text[:20000].lower()
    return sum(ch in _VIETNAMESE for ch in sample) / max(len(sample), 1)


def read_text(data: bytes) -> Reading:
    text, encoding = decode_text(data)
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    paged = len(pages) > 1
    blocks = [Block("line", line, page=(i + 1 if paged else None))
              for i, page in enumerate(pages) for line in page.split("\n")]
    return Reading(blocks, page_count=(len(pages) if paged else None), encoding=encoding)
