"""A generated corpus of malformed and hostile input files, for the robustness tests.

    python tests/hostile_corpus.py FOLDER [--seed 7]

Built from the sample plans and real PDF/DOCX renderings of one of them: empty files, random bytes
under every document extension, truncated and byte-corrupted PDF, DOCX and text, files whose
extension lies, encrypted PDFs, DOCX zip bombs and DOCX parts with XML entity attacks (external
entities pointing at a local canary file, billion laughs), deeply nested HTML, a 60 MB text,
non-Vietnamese text, other binary formats under document names, and valid text in UTF-16,
UTF-8 with BOM, CP1258 and NFD. Each file's name says what it is.
"""
from __future__ import annotations

import argparse
import codecs
import io
import random
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
EXTENSIONS = [".pdf", ".docx", ".txt", ".md", ".html", ".htm"]
CANARY = "KHPLAN-CANARY-SECRET"  # the local file an external entity tries to pull into the text


def _sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.md"))]


def _renderings(text: str, folder: Path) -> tuple[bytes, bytes]:
    from pipeline.rendering import render_docx, render_pdf
    paragraphs = [line for line in text.splitlines() if line.strip()][:120]
    return (render_pdf(paragraphs, folder / "base.pdf").read_bytes(),
            render_docx(paragraphs, folder / "base.docx").read_bytes())


def _rezip(docx: bytes, replace: dict[str, bytes]) -> bytes:
    """The DOCX with some parts replaced."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def _document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>').encode()


def _xml_attacks(docx: bytes, canary: Path) -> dict[str, bytes]:
    laughs = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    return {
        "xxe-local-file": _rezip(docx, {"word/document.xml": _document_xml(
            "Kế hoạch &xxe;", f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{canary}">]>')}),
        "xxe-parameter-entity": _rezip(docx, {"word/document.xml": _document_xml(
            "Kế hoạch", f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file://{canary}"> %p;]>')}),
        "xxe-network": _rezip(docx, {"word/document.xml": _document_xml(
            "Kế hoạch &net;", '<!DOCTYPE w:document [<!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>')}),
        "billion-laughs": _rezip(docx, {"word/document.xml": _document_xml(
            "&a9;", f"<!DOCTYPE w:document [{laughs}]>")}),
        "quadratic-blowup": _rezip(docx, {"word/document.xml": _document_xml(
            "&big;" * 20000, f'<!DOCTYPE w:document [<!ENTITY big "{"x" * 50000}">]>')}),
        "xxe-in-footnotes": _rezip(docx, {"[Content_Types].xml": (
            '<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY t SYSTEM "file://' + str(canary) + '">]>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&t;</Types>').encode()}),
    }


def _zip_bombs() -> dict[str, bytes]:
    bombs = {}
    zeros = bytes(1 << 20)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(1024):  # 1 GiB of zeros, about 1 MB compressed
                part.write(zeros)
    bombs["zip-bomb-1gib"] = out.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", _document_xml("Kế hoạch"))
        for i in range(20000):  # an archive of many parts
            z.writestr(f"word/media/x{i}.bin", b"")
    bombs["zip-many-parts"] = out.getvalue()
    return bombs


def _encrypted_pdf(text: str, user_password: str) -> bytes:
    from fpdf import FPDF
    from pipeline.rendering import unicode_font
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_font("body", fname=str(unicode_font()))
    pdf.set_font("body", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: ê, ơ, ă… precomposed, tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258", errors="replace")  # a character the code page lacks becomes ?


def _corrupt(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 60)):
        at = rng.randrange(len(out))
        out[at:at + rng.randint(1, 16)] = rng.randbytes(rng.randint(0, 16))
    return bytes(out)


def build(folder: Path, seed: int = 7) -> dict[str, int]:
    """Write the corpus into `folder` (a canary file beside it); returns how many files of each kind."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    work = folder.parent / f"{folder.name}-work"
    work.mkdir(exist_ok=True)
    canary = work / "canary.txt"
    canary.write_text(CANARY)
    texts = _sample_texts()
    pdf, docx = _renderings(texts[1], work)
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in texts[1].splitlines()) + "</body></html>"
    counts: Counter[str] = Counter()

    def put(kind: str, data: bytes, ext: str) -> None:
        counts[kind] += 1
        (folder / f"{kind}-{counts[kind]:04d}{ext}").write_bytes(data)

    for ext in EXTENSIONS:
        put("empty", b"", ext)
    for i in range(150):
        head = rng.choice([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"])
        put("garbage", head + rng.randbytes(rng.randint(1, 40_000)), rng.choice(EXTENSIONS))
    for source, ext, n in ((pdf, ".pdf", 150), (docx, ".docx", 100)):
        for _ in range(n):
            put("truncated", source[:rng.randrange(1, len(source))], ext)
        for _ in range(n):
            put("corrupted", _corrupt(source, rng), ext)
    for _ in range(120):
        text = rng.choice(texts)
        data = text.encode("utf-8")
        put("truncated-text", data[:rng.randrange(1, len(data))], rng.choice([".txt", ".md"]))
    for _ in range(60):
        data = html.encode("utf-8")
        put("truncated-html", data[:rng.randrange(1, len(data))], ".html")
    for i in range(100):  # control characters, NULs and stray bytes inside otherwise good text
        data = bytearray(rng.choice(texts).encode("utf-8"))
        for _ in range(rng.randint(1, 200)):
            data.insert(rng.randrange(len(data)), rng.choice([0, 1, 7, 11, 12, 27, 127, 0xC3, 0xFF]))
        put("control-bytes", bytes(data), ".txt")
    for name, data, ext in (("pdf", pdf, ".pdf"), ("docx", docx, ".docx"),
                            ("html", html.encode(), ".html"), ("txt", texts[1].encode(), ".txt")):
        for i, lie in enumerate(e for e in EXTENSIONS if e != ext):
            if name == "pdf":
                varied = data + f"\n% copy {i}\n".encode()
            elif name == "docx":
                varied = _rezip(data, {"docProps/app.xml": f"<Properties>{i}</Properties>".encode()})
            else:
                varied = data + f"\n\nBản sao {i}\n".encode()
            put(f"mislabeled-{name}", varied, lie)
    for i, text in enumerate(texts):
        variant = text + f"\n\nBản lưu {i}\n"
        put("utf-16-le", codecs.BOM_UTF16_LE + variant.encode("utf-16-le"), ".txt")
        put("utf-16-be", codecs.BOM_UTF16_BE + variant.encode("utf-16-be"), ".txt")
        put("utf-8-bom", codecs.BOM_UTF8 + variant.encode("utf-8"), ".txt")
        put("nfd", unicodedata.normalize("NFD", variant).encode("utf-8"), ".md")
        put("cp1258", cp1258_bytes(variant), ".txt")
    for name, data in _xml_attacks(docx, canary).items():
        put(name, data, ".docx")
    for name, data in _zip_bombs().items():
        put(name, data, ".docx")
    for user_password in ("secret", "khplan"):
        put("encrypted-pdf", _encrypted_pdf(texts[1][:2000], user_password), ".pdf")
    put("owner-password-pdf", _encrypted_pdf(texts[1][:2000], ""), ".pdf")
    for depth in (300, 5_000, 200_000):
        put("nested-html", ("<div>" * depth + "Kế hoạch số 1/KH-UBND" + "</div>" * depth).encode(), ".html")
    put("unclosed-html", ("<html><body>" + "<p><b><i>Kế hoạch" * 3000).encode(), ".html")
    put("script-only-html", b"<html><head><script>var x = 1;</script></head><body></body></html>", ".html")
    line = texts[2].encode("utf-8")
    put("huge-text", line * (60_000_000 // len(line) + 1), ".txt")
    for name, text in (
            ("english", "This plan sets out the targets of the rural development programme. " * 400),
            ("french", "Le comité populaire arrête le plan de développement rural pour l'année. " * 400),
            ("chinese", "人民委员会关于新农村建设的计划。" * 800),
            ("russian", "Народный комитет утверждает план развития сельских районов. " * 400),
            ("lorem", "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 400)):
        put(f"foreign-{name}", text.encode("utf-8"), ".txt")
    for name, head in (("ole-doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ("rtf", b"{\\rtf1\\ansi "),
                       ("png", b"\x89PNG\r\n\x1a\n"), ("gzip", b"\x1f\x8b\x08\x00"), ("jpeg", b"\xff\xd8\xff\xe0")):
        for ext in (".pdf", ".docx", ".txt"):
            put(f"other-format-{name}", head + rng.randbytes(2000), ext)
    return dict(counts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    counts = build(a.folder, a.seed)
    print(f"{sum(counts.values())} files in {a.folder}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
