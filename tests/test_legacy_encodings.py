"""TCVN3 (ABC) and VNI-Windows renderings of the sample plans, as DOCX (legacy fonts), plain text
(Windows-1252 bytes) and PDF, convert back to the Unicode original."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.readers import legacy
from pipeline.readers.text import decode_text
from tests.fixtures.rendering import LEGACY_FONTS, document_items, render_docx, render_pdf
from pipeline.load import load_document

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").glob("*.[tm][xd]*"))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_legacy_font_docx_converts_back_exactly(tmp_path: Path, sample: Path, encoding: str):
    items = document_items(load_document(sample))
    docx = render_docx(items, tmp_path / f"{encoding}.docx", encoding=encoding)
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert LEGACY_FONTS[encoding][0] in body and "Định" not in body  # typed in the legacy font
    doc = load_document(docx)
    assert doc.encoding == encoding
    assert document_items(doc) == items


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_vni_text_file_converts_back_exactly(sample: Path):
    text = sample.read_text(encoding="utf-8").replace("≥", ">=")  # no Windows-1252 code for ≥
    data = legacy.from_unicode(text, "vni").encode("cp1252")
    assert decode_text(data) == (text, "vni")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_tcvn3_text_file_converts_back_with_its_capitals(sample: Path):
    """Plain TCVN3 text cannot say which toned letters were capitals: headings, sentence starts and
    "Ủy ban" get theirs back; a writer's own lower-case "ủy ban" is the one thing that differs."""
    text = sample.read_text(encoding="utf-8").replace("≥", ">=")
    data = legacy.from_unicode(text, "tcvn3").encode("cp1252")
    decoded, encoding = decode_text(data)
    assert encoding == "tcvn3" and len(decoded) == len(text)
    differences = [(a, b) for a, b in zip(decoded, text) if a != b]
    assert all(a == "Ủ" and b == "ủ" for a, b in differences), differences
    assert len(differences) <= 1


def test_legacy_text_without_font_names_is_told_by_its_content(tmp_path: Path):
    """A DOCX whose legacy text sits in a font with another name (or none) and a legacy PDF text
    layer are recognised from the text itself."""
    sample = next(p for p in SAMPLES if p.stem.startswith("linh-thong"))
    items = document_items(load_document(sample))
    vni_items = [legacy.from_unicode(i, "vni") if isinstance(i, str) else i for i in items]
    doc = load_document(render_docx(vni_items, tmp_path / "unnamed-font.docx"))
    assert doc.encoding == "vni" and document_items(doc) == items
    pdf = load_document(render_pdf(vni_items, tmp_path / "vni.pdf"))
    unicode_pdf = load_document(render_pdf(items, tmp_path / "unicode.pdf"))
    assert pdf.encoding == "vni" and pdf.text.split() == unicode_pdf.text.split()


@pytest.mark.parametrize("text", [
    "Le comité populaire arrête le plan de développement rural pour l'année prochaine. " * 20,
    "El comité popular aprueba el plan de desarrollo rural del año próximo según la ley. " * 20,
])
def test_other_languages_are_left_alone(text: str):
    assert legacy.detect(text) is None
    assert decode_text(text.encode("cp1252")) != (text, "tcvn3")


def test_unicode_documents_are_not_converted():
    for sample in SAMPLES:
        assert load_document(sample).encoding in ("utf-8", None)


def test_the_eth_that_stands_for_d_is_read_as_d(tmp_path: Path):
    """Exports of legacy encodings print Đ as the Icelandic eth ("khoản 2 Ðiều 69": 7 files of the archive);
    OCR reads Đ as Đ and an eth ("94/QĐÐ-ĐCT")."""
    from pipeline.lexicon.vietnamese import mend_eth
    path = tmp_path / "eth.txt"
    path.write_text("KẾ HOẠCH\nTheo quy định tại khoản 2 Ðiều 69 của Luật này, ðề nghị Sở Tài chính.", encoding="utf-8")
    text = load_document(path).text
    assert "khoản 2 Điều 69" in text and "đề nghị" in text and "Ð" not in text and "ð" not in text
    assert mend_eth("Quyết định số 94/QĐÐ-ĐCT") == "Quyết định số 94/QĐ-ĐCT"
    assert mend_eth("14/BCĐÐÐCTMTQG, ĐĐBQH") == "14/BCĐCTMTQG, ĐĐBQH"
