"""`khplan diff A B`: what changed between two versions of a plan.

Figures (funding items), targets, commune lists and agencies are matched between the versions by what
they are (the label path of an amount, the subject of a target, the purpose of a list, the name of an
agency), not by position, so moved text is not a change. Each change carries its span in both versions.
Checks are compared too: a check that passes (or is absent) in A and fails in B is one the change breaks.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from extractors.agencies import agencies, canonical
from extractors.checks import document_checks
from extractors.communes import commune_lists
from extractors.funding import FundingItem, funding_items
from extractors.targets import targets
from pipeline.lexicon.gazetteer import fold_name
from pipeline.model import Document
from pipeline.load import load_document


@dataclass
class Change:
    kind: str                       # figure, target, commune_list, agency, check
    change: str                     # added, removed, changed, breaks, fixes
    what: str                       # the thing, in words
    old: str | None                 # old value as printed
    new: str | None
    old_span: tuple[int, int] | None
    new_span: tuple[int, int] | None


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[\d.,%]+", "#", fold_name(text))).strip()


def _numbered(keys: list[str]) -> list[str]:
    """Repeated keys told apart by their order ("vốn đầu tư phát triển" under two parents)."""
    seen: Counter = Counter()
    out = []
    for k in keys:
        seen[k] += 1
        out.append(f"{k}#{seen[k]}")
    return out


def _figure_path(item: FundingItem) -> str:
    labels = []
    while item is not None:
        labels.append(_key(item.label) or item.source)
        item = item.parent
    return " / ".join(reversed(labels))


def _compare(kind: str, old: dict, new: dict, show, value) -> list[Change]:
    """Changes between two keyed collections; `show` names a thing, `value` prints its value."""
    out = []
    for k, a in old.items():
        b = new.get(k)
        if b is None:
            out.append(Change(kind, "removed", show(a), value(a), None, _span(a), None))
        elif value(a) != value(b):
            out.append(Change(kind, "changed", show(b), value(a), value(b), _span(a), _span(b)))
    for k, b in new.items():
        if k not in old:
            out.append(Change(kind, "added", show(b), None, value(b), None, _span(b)))
    return out


def _span(x) -> tuple[int, int]:
    if isinstance(x, FundingItem):
        return x.money.start, x.money.end
    if hasattr(x, "count_start"):
        return x.count_start, x.end
    return x.start, x.end


def diff_documents(a: Document, b: Document) -> list[Change]:
    changes: list[Change] = []
    fa, fb = funding_items(a), funding_items(b)
    changes += _compare("figure", dict(zip(_numbered([_figure_path(i) for i in fa]), fa)),
                        dict(zip(_numbered([_figure_path(i) for i in fb]), fb)),
                        lambda i: i.label or i.source, lambda i: i.money.printed)
    ta, tb = targets(a), targets(b)
    tkey = lambda t: f"{_key(t.subject)}|{t.unit}|{t.scope}"  # noqa: E731
    changes += _compare("target", dict(zip(_numbered([tkey(t) for t in ta]), ta)),
                        dict(zip(_numbered([tkey(t) for t in tb]), tb)),
                        lambda t: f"{t.subject} ({t.unit})",
                        lambda t: f"{t.comparator} {t.value:g}" + (f"–{t.upper:g}" if t.upper else ""))
    la, lb = commune_lists(a), commune_lists(b)
    lkey = lambda lst: _key(lst.purpose)  # noqa: E731
    changes += _compare("commune_list", dict(zip(_numbered([lkey(x) for x in la]), la)),
                        dict(zip(_numbered([lkey(x) for x in lb]), lb)),
                        lambda lst: lst.purpose, lambda lst: f"{lst.stated_count}: {', '.join(lst.members)}")
    aa, ab = agencies(a), agencies(b)
    akey = lambda x: fold_name(canonical(x.name))  # noqa: E731
    changes += _compare("agency", {akey(x): x for x in aa}, {akey(x): x for x in ab},
                        lambda x: x.name, lambda x: x.name)
    changes += _check_changes(a, b)
    return changes


def _check_changes(a: Document, b: Document) -> list[Change]:
    """Checks that fail in B but not in A (broken by the change), and the reverse (fixed)."""
    def failing(doc: Document) -> dict[str, tuple]:
        keys = _numbered([f"{c.rule}|{_key(doc.text[c.start:c.end])}|{_key(c.message)}" for c in document_checks(doc)])
        return {k: c for k, c in zip(keys, document_checks(doc)) if c.status == "fail"}

    old, new = failing(a), failing(b)
    old_places = {(c.rule, a.text[c.start:c.end]) for c in old.values()}
    out = []
    for k, c in new.items():
        if k not in old and (c.rule, b.text[c.start:c.end]) not in old_places:
            out.append(Change("check", "breaks", f"{c.rule}: {c.message}", None, c.message_vi, None, (c.start, c.end)))
    new_places = {(c.rule, b.text[c.start:c.end]) for c in new.values()}
    for k, c in old.items():
        if k not in new and (c.rule, a.text[c.start:c.end]) not in new_places:
            out.append(Change("check", "fixes", f"{c.rule}: {c.message}", c.message_vi, None, (c.start, c.end), None))
    return out


def diff_files(a: Path, b: Path) -> tuple[Document, Document, list[Change]]:
    da, db = load_document(a), load_document(b)
    return da, db, diff_documents(da, db)


def quote(doc: Document, span: tuple[int, int] | None, width: int = 70) -> tuple[str, str, str]:
    """(before, the span, after) within its line, for display."""
    if span is None:
        return "", "", ""
    start, end = span
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.find("\n", end)
    line_end = len(doc.text) if line_end < 0 else line_end
    before = doc.text[max(line_start, start - width):start]
    after = doc.text[end:min(line_end, end + width)]
    return before, doc.text[start:end], after


STYLE = """body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;width:100%} td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;font-size:13px}
th{background:#eef} mark.old{background:#ffcdd2} mark.new{background:#c8e6c9}
tr.breaks td{background:#fff0f0}"""


def render_html(a: Path, b: Path, da: Document, db: Document, changes: list[Change]) -> str:
    rows = []
    for c in changes:
        cells = []
        for doc, span, cls in ((da, c.old_span, "old"), (db, c.new_span, "new")):
            before, hit, after = quote(doc, span)
            cells.append(f"{html.escape(before)}<mark class='{cls}'>{html.escape(hit)}</mark>{html.escape(after)}"
                         if span else "")
        rows.append(f"<tr class='{c.change}' data-kind='{c.kind}'><td>{c.kind}</td><td>{c.change}</td>"
                    f"<td>{html.escape(c.what)}</td><td>{html.escape(c.old or '')}</td><td>{html.escape(c.new or '')}</td>"
                    f"<td>{cells[0]}</td><td>{cells[1]}</td></tr>")
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>khplan diff</title>"
            f"<style>{STYLE}</style></head><body><h1>khplan diff</h1>"
            f"<p>A: {html.escape(str(a))}<br>B: {html.escape(str(b))}<br>{len(changes)} changes</p>"
            "<table><tr><th>kind</th><th>change</th><th>what</th><th>A</th><th>B</th><th>in A</th><th>in B</th></tr>"
            + "".join(rows) + "</table></body></html>")
