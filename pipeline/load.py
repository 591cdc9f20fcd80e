"""One file → the normalized `Document`: its format told from the bytes, read, normalized, and refused with
a plain reason when it is not a document (too long, empty, unreadable bytes)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.lexicon.vietnamese import count_of
from pipeline.model import Document
from pipeline.normalize import build_document
from pipeline.readers import UnreadableDocument, detect_format, read_blocks

MAX_TEXT_CHARS = 3_000_000        # ten times the longest plans (a 300-page PDF holds about 900,000)


def load_document(path: Path, data: bytes | None = None, sha: str | None = None) -> Document:
    """Read one file into the normalized model; raises UnreadableDocument with a plain reason."""
    data = path.read_bytes() if data is None else data
    sha = sha or hashlib.sha256(data).hexdigest()
    fmt = detect_format(data, path.suffix)
    if fmt in ("txt", "md", "html") and len(data) > 4 * MAX_TEXT_CHARS:
        raise UnreadableDocument(f"a text of {len(data) / 2**20:,.0f} MB, far longer than any plan "
                                 f"(limit {MAX_TEXT_CHARS:,} characters): split it into its documents")
    reading = read_blocks(data, fmt)
    doc = build_document(reading.blocks, doc_id=sha[:16], source_path=str(path), fmt=fmt, sha256=sha,
                         page_count=reading.page_count)
    if len(doc.text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(f"a text of {len(doc.text):,} characters, far longer than any plan "
                                 f"(limit {MAX_TEXT_CHARS:,}): split it into its documents")
    if not doc.text.strip():
        raise UnreadableDocument("no text could be read (a scan without a text layer, or an empty document)")
    if (share := readable_share(doc.text)) < 0.6:
        raise UnreadableDocument(f"the text is not readable: {1 - share:.0%} of its characters are control "
                                 "codes or undecodable (garbage bytes, or an unknown encoding)")
    if (variety := character_variety(doc.text)) > 0.5:
        raise UnreadableDocument(f"the text is not readable: {variety:.0%} of its characters are all different "
                                 "(random bytes decoded as text)")
    doc.warnings += reading.warnings
    doc.ocr_pages, doc.encoding = reading.ocr_pages, reading.encoding
    if doc.encoding == "utf-8 (damaged)":
        doc.warnings.append(f"{doc.text.count(chr(0xFFFD))} invalid UTF-8 sequences replaced by \ufffd")
    if not reads_as_vietnamese(doc.text):
        doc.warnings.append("the text does not read as Vietnamese: little will be extracted from it")
    return doc


# control characters, private-use code points, U+FFFD and lone surrogates: never text, whatever the language
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\ud800-\udfff]")


def readable_share(text: str) -> float:
    """Share of the non-space characters that are letters, digits, punctuation or symbols."""
    sample = text[:10_000]
    visible = len(sample) - sample.count(" ") - sample.count("\n") - sample.count("\t")
    if "\ufffd" not in sample and sample.replace("\n", "").replace("\t", "").isprintable():
        return 1.0  # no control, private-use or surrogate code point: a quick test for what most texts are
    return 1 - len(_UNREADABLE.findall(sample)) / max(visible, 1)


def character_variety(text: str) -> float:
    """Distinct characters per character: real text in any language repeats its characters."""
    sample = text[:5_000]
    return len(set(sample)) / len(sample) if len(sample) >= 256 else 0.0


def reads_as_vietnamese(text: str) -> bool:
    """About 28% of the letters of Vietnamese prose carry a diacritic; of other languages, almost none."""
    sample = text[:10_000]
    letters = count_of("letter", sample)
    if letters < 200:
        return True  # too little to judge
    return count_of("vietnamese", sample) >= 0.08 * letters
