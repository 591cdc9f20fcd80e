"""DOCX (python-docx): body paragraphs and tables in document order; footnote references become
anchors and the footnotes part's texts become footnote blocks. Headers and footers live in
other parts and are not read."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from lxml import etree

from pipeline.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, Block
from pipeline.readers.detect import UnreadableDocument


def read_docx(data: bytes) -> list[Block]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise UnreadableDocument(f"the Word file is damaged ({exc})") from None
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            blocks.append(Block("table", rows=_table_rows(item)))
        else:
            text = _paragraph_text(item._p)
            for line in text.split("\n"):  # soft line breaks (w:br) end a line
                blocks.append(Block("para", line))
    blocks.extend(_footnotes(document))
    return blocks


def _paragraph_text(p) -> str:
    """Text of a w:p with tabs, breaks and footnote references kept."""
    parts = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:footnoteReference")):
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag == qn("w:tab"):
            parts.append(" ")
        elif el.tag == qn("w:footnoteReference"):
            parts.append(f"{FOOTNOTE_OPEN}{el.get(qn('w:id'))}{FOOTNOTE_CLOSE}")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_rows(table: DocxTable) -> list[list[str]]:
    """Cell texts row by row; a merged cell appears once, in its first grid position."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append(["\n".join(_paragraph_text(p) for p in tc.iter(qn("w:p"))) for tc in tr.tc_lst])
    return rows


def _footnotes(document) -> list[Block]:
    part = next((rel.target_part for rel in document.part.rels.values()
                 if rel.reltype == RT.FOOTNOTES and not rel.is_external), None)
    if part is None:
        return []
    root = etree.fromstring(part.blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    blocks = []
    for fn in root.iter(qn("w:footnote")):
        if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_paragraph_text(p) for p in fn.iter(qn("w:p"))).strip()
        if text:
            blocks.append(Block("footnote", text, label=fn.get(qn("w:id"))))
    return blocks
