"""What `khplan check` does for a drafter: read a draft, run every check, and show each failed or
doubtful figure with the sentence it stands in (terminal) or highlighted in the document (HTML)."""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from extractors.checks import Check, document_checks
from pipeline.model import Document, Paragraph
from pipeline.load import load_document

# How a checked figure is shown: the worst status of the checks it takes part in.
FIGURE_CLASS = {"fail": "failed", "warn": "unverifiable", "skip": "unverifiable", "pass": "verified"}
SEVERITY = {"verified": 0, "unverifiable": 1, "failed": 2}


@dataclass
class DraftResult:
    path: Path
    doc: Document | None
    checks: list[Check]
    error: str | None = None

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.checks)


def check_draft(path: Path) -> DraftResult:
    """Read one file and run every check on it; an unreadable file gives a result with its reason."""
    try:
        doc = load_document(path)
    except Exception as exc:  # any reader failure is reported for this file, the others go on
        return DraftResult(path, None, [], f"cannot be read: {exc}")
    return DraftResult(path, doc, document_checks(doc))


def _paragraph_of(doc: Document, offset: int) -> Paragraph:
    for p in doc.paragraphs + doc.footnote_paragraphs:
        if p.start <= offset <= p.end:
            return p
    return Paragraph(offset, offset, "")


def sentence_around(doc: Document, start: int, end: int, width: int = 110) -> tuple[str, str, str]:
    """(before, figure, after): the figure with up to `width` characters of its paragraph each side."""
    p = _paragraph_of(doc, start)
    before = doc.text[max(p.start, start - width):start]
    after = doc.text[end:min(p.end, end + width)]
    return (("…" if start - width > p.start else "") + before, doc.text[start:end],
            after + ("…" if end + width < p.end else ""))


def print_results(results: list[DraftResult], console: Console) -> None:
    """Per file a summary line, then its failures and, apart from them, its warnings (doubts), each
    with the sentence it points at."""
    for r in results:
        if r.doc is None:
            console.print(f"[bold]{escape(str(r.path))}[/bold]: [red]{escape(r.error or '')}[/red]")
            continue
        console.print(f"[bold]{escape(str(r.path))}[/bold]: {len(r.checks)} checks — "
                      f"[green]{r.count('pass')} pass[/green], [red]{r.count('fail')} fail[/red], "
                      f"[yellow]{r.count('warn')} warn[/yellow], {r.count('skip')} skip")
        for status, title in (("fail", "Failures: the figures disagree"),
                              ("warn", "Warnings: doubtful, not shown to be errors")):
            shown = [c for c in r.checks if c.status == status]
            if not shown:
                continue
            colour = "red" if status == "fail" else "yellow"
            console.print(f"  [bold {colour}]{title} ({len(shown)})[/bold {colour}]")
            for c in shown:
                page = r.doc.page_at(c.start)
                where = f"chars {c.start}–{c.end}" + (f", page {page}" if page else "")
                before, figure, after = sentence_around(r.doc, c.start, c.end)
                console.print(f"  [{colour}]{c.status.upper()}[/{colour}] {c.rule} ({where})")
                console.print(f"    {escape(before)}[bold {colour}]{escape(figure)}[/bold {colour}]{escape(after)}")
                console.print(f"    {escape(c.message_vi)}")
                console.print(f"    [dim]{escape(c.message)}[/dim]")


def _figure_marks(checks: list[Check]) -> dict[tuple[int, int], tuple[str, list[int]]]:
    """Each checked figure's span → (display class, indexes of the checks it takes part in)."""
    marks: dict[tuple[int, int], tuple[str, list[int]]] = {}
    for i, c in enumerate(checks):
        for span in [(c.start, c.end)] + list(c.part_spans):
            cls, ids = marks.get(span, ("verified", []))
            new = FIGURE_CLASS[c.status]
            marks[span] = (new if SEVERITY[new] > SEVERITY[cls] else cls, ids + [i])
    # overlapping spans cannot both be marked: keep the earlier (then the longer) one
    kept: dict[tuple[int, int], tuple[str, list[int]]] = {}
    last_end = -1
    for span in sorted(marks, key=lambda s: (s[0], -s[1])):
        if span[0] >= last_end:
            kept[span] = marks[span]
            last_end = span[1]
    return kept


PAGE_STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;background:#f6f6f4;color:#222}
header{padding:12px 24px;background:#1f3b57;color:#fff} header h1{font-size:18px;margin:0}
section.doc{margin:16px 24px 32px} h2{font-size:16px;margin:8px 0}
.summary span{margin-right:14px}
.row{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}
.row p{margin:2px 0;padding:2px 6px;white-space:pre-wrap;background:#fff;line-height:1.5}
.row .notes{font-size:13px}
.note{border-left:4px solid;padding:4px 8px;margin:2px 0 6px;background:#fff}
.note.failed{border-color:#c62828} .note.verified{border-color:#2e7d32} .note.unverifiable{border-color:#f9a825}
mark.fig{padding:0 2px;border-radius:3px} mark.verified{background:#c8e6c9}
mark.failed{background:#ffcdd2;outline:2px solid #c62828} mark.unverifiable{background:#fff3c4}
h3.fail-title{color:#c62828;font-size:14px} h3.warn-title{color:#8a6d00;font-size:14px}
.legend mark{margin-right:10px} .footnotes{border-top:1px solid #999;margin-top:12px}
"""


def render_html(results: list[DraftResult]) -> str:
    """One self-contained page: each document with its checked figures highlighted, explanations beside."""
    parts = ["<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>",
             "<title>khplan — kiểm tra số liệu</title>", f"<style>{PAGE_STYLE}</style></head><body>",
             "<header><h1>khplan — kiểm tra số liệu / figure check</h1></header>",
             "<section class='legend doc'><mark class='fig verified'>khớp / verified</mark>"
             "<mark class='fig failed'>không khớp / failed</mark>"
             "<mark class='fig unverifiable'>không kiểm tra được / unverifiable</mark></section>"]
    for n, r in enumerate(results):
        parts.append(_document_html(r, n))
    parts.append("</body></html>")
    return "".join(parts)


def _document_html(r: DraftResult, n: int) -> str:
    out = [f"<section class='doc' id='doc-{n}'><h2>{html.escape(str(r.path))}</h2>"]
    if r.doc is None:
        out.append(f"<p class='error'>{html.escape(r.error or '')}</p></section>")
        return "".join(out)
    doc, checks = r.doc, r.checks
    out.append(f"<div class='summary'><span>{len(checks)} checks</span><span>{r.count('pass')} pass</span>"
               f"<span>{r.count('fail')} fail</span><span>{r.count('warn')} warn</span>"
               f"<span>{r.count('skip')} skip</span></div>")
    for status, title in (("fail", "Lỗi: số liệu không khớp / failures"),
                          ("warn", "Cảnh báo: chưa chắc là lỗi / warnings: doubtful")):
        problems = [(i, c) for i, c in enumerate(checks) if c.status == status]
        if problems:
            out.append(f"<h3 class='{status}-title'>{title} ({len(problems)})</h3><ol class='problems {status}s'>"
                       + "".join(f"<li><a href='#check-{n}-{i}'>{c.status.upper()} {c.rule}</a>: "
                                 f"{html.escape(c.message_vi)}</li>" for i, c in problems) + "</ol>")
    marks = _figure_marks(checks)
    spans = sorted(marks)
    notes_at: dict[int, list[int]] = {}
    for i, c in enumerate(checks):
        notes_at.setdefault(_paragraph_of(doc, c.start).start, []).append(i)
    for k, p in enumerate(doc.paragraphs + doc.footnote_paragraphs):
        if k == len(doc.paragraphs):
            out.append("<div class='footnotes'></div>")
        pieces, pos = [], p.start
        for span in spans:
            if span[0] < p.start or span[1] > p.end:
                continue
            cls, ids = marks[span]
            title = " | ".join(checks[i].message_vi for i in ids)
            pieces.append(html.escape(doc.text[pos:span[0]]))
            pieces.append(f"<mark class='fig {cls}' data-start='{span[0]}' data-end='{span[1]}' "
                          f"data-checks='{' '.join(f'{n}-{i}' for i in ids)}' title='{html.escape(title, quote=True)}'>"
                          f"{html.escape(doc.text[span[0]:span[1]])}</mark>")
            pos = span[1]
        pieces.append(html.escape(doc.text[pos:p.end]))
        notes = "".join(
            f"<div class='note {FIGURE_CLASS[checks[i].status]}' id='check-{n}-{i}' data-start='{checks[i].start}'>"
            f"<b>{checks[i].status.upper()}</b> {checks[i].rule}: {html.escape(checks[i].message_vi)}"
            f"<br><small>{html.escape(checks[i].message)}</small></div>" for i in notes_at.get(p.start, []))
        out.append(f"<div class='row'><p data-start='{p.start}'>{''.join(pieces) or '&nbsp;'}</p>"
                   f"<div class='notes'>{notes}</div></div>")
    out.append("</section>")
    return "".join(out)
