"""Ruled tables of a PDF page from pdfium alone: the rules are the horizontal and vertical pieces of the
page's path objects (lines, rectangles, the sides of any path), the cells' text is pdfium's characters.

The geometry that turns rules into cells and cells into tables is pdfplumber's own (`TableFinder` on a
page-like object built here: its `edges`, `chars` and `bbox`), so the tables are the ones pdfplumber
finds; what is gone is pdfminer's parse of the page, which cost as much as pdfplumber itself. The edges
follow pdfminer's reading of paths: each subpath gives the segments between its successive points (a
closed one, its closing side too; a Bézier curve, from its start to its end). The characters are
pdfium's loose boxes, set one font size high above their descent as pdfminer's are; the line breaks
pdfium generates are left out, the spaces it generates kept (a PDF's own spaces, set tight, are among
them)."""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings

_SETTINGS = TableSettings.resolve(None)
_HYPHEN = "-"  # pdfium reads a hyphen that ends a line as U+0002
_AXIS_SLACK = 1e-3  # a segment whose ends differ by less than this across its direction is axis-aligned


def find_tables(page, textpage) -> list:
    """pdfplumber `Table`s of the page (bbox from the top of the page, `extract()` for the rows)."""
    return TableFinder(_PageGeometry(page, textpage), _SETTINGS).tables


def tables_from_rules(edges: list[dict], width: float, height: float) -> list:
    """pdfplumber `Table`s drawn by `edges` (rules found elsewhere: on a scanned page's image), their
    cells' bboxes only: the page has no characters to `extract()`."""
    return TableFinder(_Rules(edges, width, height), _SETTINGS).tables


class _Rules:
    """A page of rules only, as `TableFinder` reads it."""

    def __init__(self, edges: list[dict], width: float, height: float):
        self.edges, self.bbox, self.chars = edges, (0, 0, width, height), []


def edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    """A rule as pdfplumber's edges are: a horizontal one has `top == bottom`, a vertical one `x0 == x1`."""
    return {"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": bottom - top}


class _PageGeometry:
    """What pdfplumber's `TableFinder` and `Table.extract` read of a page, from pdfium."""

    def __init__(self, page, textpage):
        self.width, self.height = page.get_size()
        self.bbox = (0, 0, self.width, self.height)
        self.edges = _edges(page, self.height)
        self._textpage = textpage
        self._chars = None

    @property
    def chars(self) -> list[dict]:
        if self._chars is None:
            self._chars = _chars(self._textpage, self.height)
        return self._chars


def _edges(page, height: float) -> list[dict]:
    edges = []
    for points in _subpaths(page.raw):
        if len(points) == 3 and points[2] == points[0]:  # a line closed back on itself: one line
            points = points[:2]
        line = len(points) == 2
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if abs(y0 - y1) < _AXIS_SLACK:
                orientation = "h"
            elif abs(x0 - x1) < _AXIS_SLACK or line:  # pdfplumber takes a lone slanting line as vertical
                orientation = "v"
            else:
                continue
            left, right = min(x0, x1), max(x0, x1)
            top, bottom = height - max(y0, y1), height - min(y0, y1)
            if orientation == "v" and not line:
                right = left
            elif orientation == "h":
                bottom = top
            edges.append(edge(orientation, left, top, right, bottom))
    return edges


def _subpaths(raw_page):
    """Each subpath of the page's path objects (in form objects too) as its points in page space."""
    stack = [(pdfium_c.FPDFPage_GetObject(raw_page, i), None)
             for i in reversed(range(pdfium_c.FPDFPage_CountObjects(raw_page)))]  # popped in page order
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    while stack:
        obj, outer = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            stack += [(pdfium_c.FPDFFormObj_GetObject(obj, i), m)
                      for i in reversed(range(pdfium_c.FPDFFormObj_CountObjects(obj)))]
            continue
        points: list[tuple[float, float]] = []
        controls = 0  # a Bézier curve is three points in pdfium: two control points, then its end
        for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            step = pdfium_c.FPDFPathSegment_GetType(segment)
            if step == pdfium_c.FPDF_SEGMENT_BEZIERTO and controls < 2:
                controls += 1
                continue
            controls = 0
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            point = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
            if step == pdfium_c.FPDF_SEGMENT_MOVETO and points:
                yield points
                points = []
            points.append(point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and points:
                points.append(points[0])
        if points:
            yield points


def _compose(inner: tuple, outer: tuple | None) -> tuple:
    """The matrix of `inner` followed by `outer` (PDF matrices [a b c d e f], row vectors)."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _chars(textpage, height: float) -> list[dict]:
    chars = []
    box = pdfium_c.FS_RECTF()
    raw = textpage.raw
    top = bottom = 0.0
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        char = chr(pdfium_c.FPDFText_GetUnicode(raw, i))
        generated = pdfium_c.FPDFText_IsGenerated(raw, i) == 1
        if char in "\0\r\n\ufffe\uffff" or (generated and char != " "):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        if not generated:  # a generated space has no font: it sits on the line of the character before it
            bottom = height - box.bottom
            top = bottom - pdfium_c.FPDFText_GetFontSize(raw, i)
        chars.append({"text": _HYPHEN if char == "\x02" else char, "x0": box.left, "x1": box.right,
                      "top": top, "bottom": bottom, "doctop": top, "upright": True,
                      "width": box.right - box.left, "height": bottom - top})
    return chars
