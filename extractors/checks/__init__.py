"""Cross-checks of the document's figures and structure → the `checks` table.

Each rule is a function Document → list[Check] in one of the modules here: `arithmetic` (sum,
table_total), `lists` (list_count, duplicate_member, percent, fraction), `structure`
(numbering_sequence, date_range, gazetteer), `references` (cross_reference).
"""
from __future__ import annotations

from extractors.checks import arithmetic, lists, references, structure
from extractors.checks.base import NOT_AUTHORED, READ_BY_OCR, Check
from extractors.header import authored
from extractors.sections import section_id_at
from pipeline.model import Document, per_document

RULES = [arithmetic.sum_checks, arithmetic.count_sum_checks, arithmetic.table_total_checks,
         lists.list_count_checks, lists.duplicate_member_checks, lists.percent_checks, lists.fraction_checks,
         structure.numbering_sequence_checks, structure.date_range_checks, structure.gazetteer_checks,
         references.cross_reference_checks, references.deadline_checks]


@per_document
def document_checks(doc: Document) -> list[Check]:
    """Every check of every rule, in the order of the stated figures (computed once). In a text that is
    not an administrative document of its own, or on a page read by OCR, a failure is a doubt (`warn`)."""
    checks = sorted((c for rule in RULES for c in rule(doc)), key=lambda c: (c.start, c.rule))
    own = authored(doc)
    ocr_pages = set(doc.ocr_pages or ())
    for c in checks:
        if c.status != "fail":
            continue
        reason = NOT_AUTHORED if not own else READ_BY_OCR if doc.page_at(c.start) in ocr_pages else None
        if reason:
            c.status = "warn"
            c.message += f" (doubtful: {reason[0]})"
            c.message_vi += f" (chưa chắc: {reason[1]})"
    return checks


def extract(doc: Document) -> list[dict]:
    rows = []
    for n, c in enumerate(document_checks(doc), 1):
        section_id = section_id_at(doc, c.start)
        rows.append({
            "doc_id": doc.doc_id, "check_id": f"{doc.doc_id}-c{n:04d}", "rule": c.rule, "status": c.status,
            "expected": float(c.expected) if c.expected is not None else None,
            "actual": float(c.actual) if c.actual is not None else None,
            "difference": float(c.expected - c.actual) if c.expected is not None and c.actual is not None else None,
            "tolerance": float(c.tolerance), "unit": c.unit,
            "message": c.message, "message_vi": c.message_vi, "item_ids": c.item_ids,
            "part_spans": [list(s) for s in c.part_spans],
            "section_id": section_id,
            "start_char": c.start, "end_char": c.end, "page": doc.page_at(c.start),
        })
    return rows
