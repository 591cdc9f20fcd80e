"""Plain text: decode, split into visual lines; form feeds mark page breaks."""
from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from pipeline.model import Block
from pipeline.readers.detect import UnreadableDocument


def decode_text(data: bytes) -> str:
    """Text of `data`: BOMs honoured, UTF-8 first, then the best-scoring legacy charset."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))]
    best = from_bytes(data).best()
    if best is not None:
        candidates.append(str(best))
    text = max(candidates, key=_vietnamese_share)
    if _vietnamese_share(text) < 0.5:
        raise UnreadableDocument("the text is in no recognisable character encoding")
    return text


_VIETNAMESE = set("aăâbcdđeêghiklmnoôơpqrstuưvxy"
                  "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                  "0123456789 .,;:()-/%\n")


def _vietnamese_share(text: str) -> float:
    """Share of characters that belong to Vietnamese text (letters, digits, common punctuation)."""
    sample = text[:20000].lower()
    return sum(ch in _VIETNAMESE for ch in sample) / max(len(sample), 1)


def read_text(data: bytes) -> tuple[list[Block], int | None]:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    paged = len(pages) > 1
    blocks = [Block("line", line, page=(i + 1 if paged else None))
              for i, page in enumerate(pages) for line in page.split("\n")]
    return blocks, (len(pages) if paged else None)
