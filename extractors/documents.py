"""The `documents` table: one row per document, its header's fields (`extractors.header`) with what the
reading told of the file (format, pages, encoding, warnings, pages read by OCR)."""
from __future__ import annotations

import dataclasses

from extractors.header import header
from pipeline.model import Document


def extract(doc: Document) -> list[dict]:
    return [{"doc_id": doc.doc_id, "source_path": doc.source_path, "format": doc.format, "sha256": doc.sha256,
             "page_count": doc.page_count, "char_count": len(doc.text), "warnings": doc.warnings,
             "text_encoding": doc.encoding, "ocr_pages": doc.ocr_pages, **dataclasses.asdict(header(doc))}]
