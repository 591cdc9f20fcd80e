"""Word's automatic numbering, printed as the reader sees it: "I.", "1.", "1.2.", "a)", "-".

A paragraph numbered by Word (w:numPr, its own or its style's) holds no number in its text: the label
comes from the numbering part (numbering.xml), a level's format (decimal, upperRoman, lowerLetter,
bullet …) and pattern ("%1.", "%1.%2.", "%1)"), counted through the document. Without these labels a
plan typed with Word's numbering loses its section markers.
"""
from __future__ import annotations

from docx.oxml.ns import qn

from pipeline.lexicon.roman import to_roman

BULLET = "-"  # Symbol and Wingdings bullets () and dots print as the dash the section splitter reads


class Numbering:
    """Labels of numbered paragraphs, in document order (call `label` once per paragraph, in order)."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}   # numId → ilvl → {fmt, text, start}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstract = {a.get(qn("w:abstractNumId")): self._levels(a) for a in root.iter(qn("w:abstractNum"))}
            for num in root.iter(qn("w:num")):
                levels = {k: dict(v) for k, v in abstract.get(_val(num, "w:abstractNumId"), {}).items()}
                for override in num.iter(qn("w:lvlOverride")):
                    start = _val(override, "w:startOverride")
                    ilvl = int(override.get(qn("w:ilvl"), "0"))
                    if start is not None and ilvl in levels:
                        levels[ilvl]["start"] = int(start)
                self.levels[num.get(qn("w:numId"))] = levels
        for style in document.styles.element.iter(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None and _val(num_pr, "w:numId") is not None:
                self.style_numbers[style.get(qn("w:styleId"))] = (_val(num_pr, "w:numId"),
                                                                  int(_val(num_pr, "w:ilvl") or 0))

    @staticmethod
    def _levels(abstract) -> dict[int, dict]:
        levels = {}
        for lvl in abstract.iter(qn("w:lvl")):
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = {
                "fmt": _val(lvl, "w:numFmt") or "decimal", "text": _val(lvl, "w:lvlText") or "",
                "start": int(_val(lvl, "w:start") or 1)}
        return levels

    def label(self, p) -> str:
        """The label Word prints before paragraph `p` ("" when it is not numbered)."""
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "w:numId"), int(_val(num_pr, "w:ilvl") or 0)
        else:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num_id, ilvl = self.style_numbers.get(style.get(qn("w:val")) if style is not None else "", (None, 0))
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels under it
        level = levels[ilvl]
        if level["fmt"] in ("bullet", "none"):
            return BULLET if level["fmt"] == "bullet" else ""
        text = level["text"]
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                value = counters.get(k, levels.get(k, {"start": 1})["start"])
                text = text.replace(f"%{k + 1}", _format(value, levels.get(k, level)["fmt"]))
        return text


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return to_roman(n)
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
