"""Extractors: pure functions Document → rows, one module per output table."""
from __future__ import annotations

from typing import Callable

from extractors import agencies, checks, communes, documents, funding, references, sections, targets
from pipeline.model import Document

EXTRACTORS: dict[str, Callable[[Document], list[dict]]] = {
    "documents": documents.extract,
    "sections": sections.extract,
    "references": references.extract,
    "targets": targets.extract,
    "communes": communes.extract,
    "commune_lists": communes.extract_lists,
    "agencies": agencies.extract,
    "agency_assignments": agencies.extract_assignments,
    "funding": funding.extract,
    "checks": checks.extract,
}
