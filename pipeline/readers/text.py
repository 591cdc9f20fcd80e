"""Plain text: decode, split into visual lines; form feeds mark page breaks."""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from pipeline.model import Block, Reading
from pipeline.readers import legacy
from pipeline.readers.layout import HEADER_LINES, order_columns
from pipeline.readers.detect import UnreadableDocument, utf16_without_bom
from pipeline.lexicon.vietnamese import MARKED_LETTERS, TONED_VOWELS


MAX_BAD_UTF8 = 0.03  # invalid sequences per byte below which a text is UTF-8 with damage, not a code page


def _multibyte(data: bytes) -> bool:
    """Whether the bytes hold well-formed UTF-8 multi-byte sequences (a code page's bytes rarely do)."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:200_000])) >= 3


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


_VIETNAMESE = set("abcdeghiklmnopqrstuvxy" + MARKED_LETTERS + TONED_VOWELS + "0123456789 .,;:()-/%\n")


def _vietnamese_share(text: str) -> float:
    """Share of characters that belong to Vietnamese text (letters, digits, common punctuation)."""
    sample = text[:20000].lower()
    return sum(ch in _VIETNAMESE for ch in sample) / max(len(sample), 1)


def read_text(data: bytes) -> Reading:
    text, encoding = decode_text(data)
    pages = [read_columns(page.split("\n")) for page in text.replace("\r\n", "\n").replace("\r", "\n").split("\f")]
    paged = len(pages) > 1
    blank_is_break = not double_spaced([line for page in pages for line in page])
    blocks, after_blank = [], False
    for i, page in enumerate(pages):
        for line in page:
            if line.strip():
                blocks.append(Block("line", line, page=(i + 1 if paged else None), opens=after_blank and blank_is_break))
            after_blank = not line.strip()
    return Reading(blocks, page_count=(len(pages) if paged else None), encoding=encoding)


def double_spaced(lines: list[str]) -> bool:
    """Whether the text sets a blank line after most lines, inside paragraphs too (a word processor's
    double spacing saved as text): then a blank line says nothing of where a paragraph ends. Judged on the
    lines that break a sentence off (long, not ending in punctuation)."""
    broken = [i for i, line in enumerate(lines[:-1])
              if len(line.strip()) >= 40 and not line.rstrip().endswith((".", ";", ":", "!", "?", ")"))]
    return len(broken) >= 5 and sum(not lines[i + 1].strip() for i in broken) > 0.5 * len(broken)


COLUMN_GAP = re.compile(r"\S( {3,}|\t+)\S")
# the first line of the body under a header: the document type or what opens a letter
BODY_START = re.compile(r"^\s*(?:KẾ HOẠCH|BÁO CÁO|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG BÁO|TỜ TRÌNH|CHƯƠNG TRÌNH|"
                        r"Kính gửi|Căn cứ)\b")


def read_columns(lines: list[str]) -> list[str]:
    """The lines with the header block at the top and the signature block from "Nơi nhận" read left
    column first, then right, where a text laid out in columns (pdftotext -layout, say) sets them side
    by side on lines that read as one."""
    out, i = [], 0
    starts = [0] + [k for k, line in enumerate(lines) if "Nơi nhận" in line][:1]
    for start in starts:
        if start < i:
            continue
        columns, end = _columns(lines, start)
        if columns is None:
            continue
        out += lines[i:start] + columns
        i = end
    return out + lines[i:]


def _columns(lines: list[str], start: int) -> tuple[list[str] | None, int]:
    """The block from line `start` in reading order (None when it is not in two columns), and the line
    after it: it ends at the document type line, where the signature block starts, or after HEADER_LINES
    lines."""
    parts: list[tuple[str, int, str | None]] = []  # (text, column it starts at, side when split)
    end, seen = start, 0
    for k in range(start, len(lines)):
        line = lines[k].rstrip()
        end = k + 1
        if not line.strip():
            continue
        seen += 1
        if seen > HEADER_LINES or (parts and (BODY_START.match(line) or "Nơi nhận" in line)):
            end = k
            break
        gap = COLUMN_GAP.search(line)
        if gap:
            right_at = gap.end() - 1
            parts += [(line[:gap.start() + 1].strip(), len(line) - len(line.lstrip()), "left"),
                      (line[right_at:].strip(), right_at, "right")]
        else:
            parts.append((line.strip(), len(line) - len(line.lstrip()), None))
    return order_columns(parts, margin=2), end
