"""DOCX (python-docx): body paragraphs and tables in document order, Word's automatic numbers printed
before their paragraphs; footnote references become anchors and the footnotes part's texts become
footnote blocks. Headers and footers live in other parts and are not read.

Before python-docx sees a package, its ZIP directory and XML prologs are checked: a package that
would unpack to more than any document holds (a ZIP bomb), or an XML part that declares a DTD
(entity expansion, external entities: Word never writes one), is refused unread."""
from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, LINE_BREAK, Block, Reading
from pipeline.readers import legacy
from pipeline.readers.detect import UnreadableDocument, brief
from pipeline.readers.docx_numbering import Numbering


MAX_PARTS = 5_000
MAX_UNPACKED_BYTES = 256 << 20
MAX_COMPRESSION_RATIO = 200  # deflated XML compresses 5-20x; a bomb of zeros, about 1000x
PROLOG_BYTES = 64 << 10      # a DTD can only come before the root element


def read_docx(data: bytes) -> Reading:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_package(package)
        document = docx.Document(io.BytesIO(data))
        fonts = _Fonts(document)
        numbering = Numbering(document)
        headings = _HeadingLevels(document)
        blocks: list[Block] = []
        for item in _body_items(document):
            if isinstance(item, DocxTable):
                blocks.append(Block("table", rows=_table_rows(item, fonts)))
                continue
            label = numbering.label(item._p)
            text = (label + " " if label else "") + _paragraph_text(item._p, fonts)
            level = headings.level(item._p)
            if level is not None and text.strip():
                blocks.append(Block("heading", text.replace("\n", " "), level=level))
            else:  # a line break (w:br) inside a paragraph ends a line, which may still run on
                blocks.extend(Block("line", line, opens=(i == 0), soft=True) for i, line in enumerate(text.split("\n")))
            blocks.extend(Block("para", box) for box in _text_boxes(item._p, fonts))
        blocks.extend(_footnotes(document, fonts))
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            NotImplementedError, etree.XMLSyntaxError, AttributeError, TypeError) as exc:
        raise UnreadableDocument(f"the Word file is damaged or truncated ({brief(exc)})") from None
    reading = Reading(blocks)
    if fonts.legacy:
        reading.encoding = "+".join(sorted(fonts.legacy))
        reading.warnings.append(f"text set in legacy {'/'.join(sorted(fonts.legacy)).upper()} fonts, "
                                "converted to Unicode")
    return reading


def _body_items(document):
    """The body's paragraphs and tables in order, those inside block-level content controls (w:sdt,
    which python-docx's iter_inner_content passes over) and custom XML wrappers included."""
    def walk(parent):
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document._body)
            elif child.tag == qn("w:tbl"):
                yield DocxTable(child, document._body)
            elif child.tag == qn("w:sdt") and (content := child.find(qn("w:sdtContent"))) is not None:
                yield from walk(content)
            elif child.tag == qn("w:customXml"):
                yield from walk(child)
    yield from walk(document.element.body)


class _HeadingLevels:
    """The heading level of a paragraph (1 the highest): its outline level (w:outlineLvl, set on the
    paragraph or on its style or a style that one is based on), else a style named "Heading N"."""

    def __init__(self, document):
        self.by_style: dict[str, int | None] = {}
        styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}
        for style_id in styles:
            self.by_style[style_id] = self._style_level(styles, style_id, set())

    @staticmethod
    def _style_level(styles: dict, style_id: str, seen: set) -> int | None:
        style = styles.get(style_id)
        if style is None or style_id in seen:
            return None
        seen.add(style_id)
        outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            return _outline_level(outline)
        name = style.find(qn("w:name"))
        m = re.match(r"heading\s*(\d)$", name.get(qn("w:val"), "") if name is not None else "", re.IGNORECASE)
        if m:
            return int(m.group(1))
        based = style.find(qn("w:basedOn"))
        return _HeadingLevels._style_level(styles, based.get(qn("w:val")), seen) if based is not None else None

    def level(self, p) -> int | None:
        outline = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if outline is not None:
            return _outline_level(outline)
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return self.by_style.get(style.get(qn("w:val"))) if style is not None else None


def _outline_level(element) -> int | None:
    """w:outlineLvl 0-8 → heading level 1-9; 9 is body text."""
    value = element.get(qn("w:val"), "")
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


class _Fonts:
    """The font each run of text is set in (run, then paragraph style, then document default), and
    the conversion its legacy font encoding calls for."""

    def __init__(self, document):
        styles = document.styles.element
        self.by_style = {s.get(qn("w:styleId")): _rfont(s) for s in styles.iter(qn("w:style"))}
        self.default = (self.by_style.get("Normal")
                        or _rfont(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")))
        self.legacy: set[str] = set()

    def paragraph_font(self, p) -> str | None:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return (self.by_style.get(style.get(qn("w:val"))) if style is not None else None) or self.default

    def text(self, t, paragraph_font: str | None) -> str:
        text = t.text or ""
        font = _rfont(t.getparent()) or paragraph_font
        encoding = legacy.font_encoding(font)
        if encoding is None or not text:
            return text
        self.legacy.add(encoding)
        text = legacy.to_unicode(text, encoding)
        return text.upper() if legacy.is_uppercase_font(font) else text


    def soft_hyphen(self, el, paragraph_font: str | None) -> str:
        """A soft hyphen (w:softHyphen) is invisible, but TCVN3's code for ư is the soft hyphen's byte
        (0xAD): Word's .doc keeps it as a character, which LibreOffice writes as w:softHyphen."""
        font = _rfont(el.getparent()) or paragraph_font
        encoding = legacy.font_encoding(font)
        if encoding is None:
            return ""
        self.legacy.add(encoding)
        text = legacy.to_unicode("\xad", encoding)
        return text.upper() if legacy.is_uppercase_font(font) else text


def _rfont(element) -> str | None:
    """The font an element's run properties name (w:rPr/w:rFonts, ascii then hAnsi), if any."""
    if element is None:
        return None
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is None:
        return None
    return fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))


def check_package(package: zipfile.ZipFile, kind: str = "Word file") -> None:
    """Refuse a package (a `kind`: Word file, spreadsheet) that would unpack to an unreasonable size, or whose
    XML declares a DTD."""
    parts = package.infolist()
    if len(parts) > MAX_PARTS:
        raise UnreadableDocument(f"the {kind} holds {len(parts):,} parts, more than any document "
                                 f"(limit {MAX_PARTS:,}): refused as a possible ZIP bomb")
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableDocument(f"the {kind} would unpack to {unpacked / 2**20:,.0f} MB "
                                 f"(limit {MAX_UNPACKED_BYTES >> 20} MB): refused as a possible ZIP bomb")
    for part in parts:
        if part.file_size > (1 << 20) and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1):
            raise UnreadableDocument(f"the {kind}'s part {part.filename} is compressed "
                                     f"{part.file_size // max(part.compress_size, 1):,} to 1: "
                                     "refused as a possible ZIP bomb")
        if part.filename.endswith((".xml", ".rels")):
            with package.open(part) as stream:
                prolog = stream.read(PROLOG_BYTES)
            try:
                DefusedXMLParser(forbid_dtd=True).feed(prolog)
            except DefusedXmlException:
                raise UnreadableDocument(f"the {kind}'s part {part.filename} declares XML entities "
                                         "(a DTD, which Office never writes): refused as unsafe") from None
            except ParseError as exc:
                raise UnreadableDocument(f"the {kind} is damaged: its part {part.filename} is not "
                                         f"well-formed XML ({brief(exc)})") from None


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT_ELEMENTS = (qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:footnoteReference"), qn("w:softHyphen"),
                 qn("w:noBreakHyphen"))


def _paragraph_text(p, fonts: _Fonts) -> str:
    """Text of a w:p with tabs, breaks and footnote references kept; the text of its text boxes is left
    to `_text_boxes`, and the fallback copy Word keeps of each shape (mc:Fallback) is not read."""
    parts = []
    paragraph_font = fonts.paragraph_font(p)
    elements = p.iter(*TEXT_ELEMENTS)
    if next(p.iter(qn("w:txbxContent"), MC_FALLBACK), None) is not None:
        nested = {el for box in p.iter(qn("w:txbxContent"), MC_FALLBACK) for el in box.iter(*TEXT_ELEMENTS)}
        elements = (el for el in p.iter(*TEXT_ELEMENTS) if el not in nested)
    for el in elements:
        if el.tag == qn("w:t"):
            parts.append(fonts.text(el, paragraph_font))
        elif el.tag == qn("w:tab"):
            parts.append(" ")
        elif el.tag == qn("w:footnoteReference"):
            parts.append(f"{FOOTNOTE_OPEN}{el.get(qn('w:id'))}{FOOTNOTE_CLOSE}")
        elif el.tag == qn("w:softHyphen"):
            parts.append(fonts.soft_hyphen(el, paragraph_font))
        elif el.tag == qn("w:noBreakHyphen"):
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


def _text_boxes(p, fonts: _Fonts) -> list[str]:
    """The paragraphs of the text boxes anchored in a w:p (each shape once: its mc:Fallback copy skipped)."""
    return [_paragraph_text(inner, fonts) for box in p.iter(qn("w:txbxContent")) if not _in_fallback(box)
            for inner in box.iterchildren(qn("w:p"))]


def _in_fallback(el) -> bool:
    return any(a.tag == MC_FALLBACK for a in el.iterancestors())


def _table_rows(table: DocxTable, fonts: _Fonts) -> list[list[str]]:
    """Cell texts row by row; a cell merged across columns keeps its text in its first grid position and
    leaves the others empty, so that the cells after it stay under their headers ("Tổng cộng" spanning
    the label columns of a total row)."""
    rows = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            row.append("\n".join(_paragraph_text(p, fonts).replace("\n", LINE_BREAK) for p in tc.iter(qn("w:p"))
                                 if not _in_fallback(p)))
            row.extend([""] * (_grid_span(tc) - 1))
        rows.append(row)
    return rows


def _grid_span(tc) -> int:
    """The number of grid columns a cell spans (w:gridSpan), 1 when unmerged."""
    span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
    value = span.get(qn("w:val")) if span is not None else None
    return int(value) if value and value.isdigit() and 0 < int(value) <= 64 else 1


def _footnotes(document, fonts: _Fonts) -> list[Block]:
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == RT.FOOTNOTES and not rel.is_external), None)
    if part is None:
        return []
    root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    blocks = []
    for fn in root.iter(qn("w:footnote")):
        if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_paragraph_text(p, fonts) for p in fn.iter(qn("w:p"))).strip()
        if text:
            blocks.append(Block("footnote", text, label=fn.get(qn("w:id"))))
    return blocks
