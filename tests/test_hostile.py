"""Hostile and broken input: a generated corpus of over 1,000 malformed files run through the real
pipeline (worker processes and all), XML and ZIP attacks, size limits, damaged and legacy encodings."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.fixtures.hostile_corpus import CANARY, build, cp1258_bytes
from pipeline.readers.text import decode_text
from pipeline.load import load_document
from pipeline.run.runner import run
from pipeline.output.store import committed_tables


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, pd.DataFrame, pd.DataFrame, Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    build(corpus)
    out = tmp / "out"
    run([corpus], out, workers=2, document_timeout=120)
    documents = pd.read_parquet(out / "documents")
    errors = pd.read_parquet(out / "errors")
    return corpus, documents, errors, out


def kind(path: str) -> str:
    return Path(path).stem.rsplit("-", 1)[0]


def test_every_malformed_file_is_a_document_or_an_error_row(hostile):
    corpus, documents, errors, _ = hostile
    files = sorted(str(p) for p in corpus.iterdir())
    assert len(files) >= 1000
    accounted = list(documents.source_path) + list(errors.source_path)
    assert sorted(accounted) == files  # each file once: none lost, none twice


def test_no_crash_and_every_reason_is_plain(hostile):
    _, _, errors, _ = hostile
    assert set(errors.stage) == {"read"}  # no extractor broke on what a reader let through
    assert not errors.error_type.isin(["TimeoutError", "WorkerDied"]).any()
    for reason in errors.reason:
        assert reason and len(reason) <= 300 and "Traceback" not in reason and "\n" not in reason, reason
        assert not reason.startswith("the file could not be read:"), reason  # the catch-all for the unforeseen


def reasons_of(errors: pd.DataFrame, *kinds: str) -> list[str]:
    return [r for p, r in zip(errors.source_path, errors.reason) if kind(p) in kinds]


def test_xml_entities_and_zip_bombs_are_refused_unread(hostile):
    _, documents, errors, out = hostile
    attacks = ("xxe-local-file", "xxe-parameter-entity", "xxe-network", "billion-laughs", "quadratic-blowup",
               "xxe-in-footnotes")
    assert len(reasons_of(errors, *attacks)) == len(attacks)
    assert all("declares XML entities" in r for r in reasons_of(errors, *attacks))
    bombs = reasons_of(errors, "zip-bomb-1gib", "zip-many-parts")
    assert len(bombs) == 2 and all("ZIP bomb" in r for r in bombs)
    for table, files in committed_tables(out).items():  # the local file never reached any output
        for f in files:
            for column in pq.read_table(f).to_pylist():
                assert CANARY not in str(column), table


def test_limits_encryption_and_other_formats_say_why(hostile):
    _, documents, errors, _ = hostile
    assert "far longer than any plan" in reasons_of(errors, "huge-text")[0]
    encrypted = reasons_of(errors, "encrypted-pdf")
    assert len(encrypted) == 2 and all("encrypted" in r for r in encrypted)
    assert "owner-password-pdf" in set(documents.source_path.map(kind))  # no password needed to read it
    ole = reasons_of(errors, "other-format-ole-doc")  # random bytes behind the magic: no Word stream named
    assert len(ole) == 3 and all("neither a Word document nor a spreadsheet" in r for r in ole)
    rtf = reasons_of(errors, "other-format-rtf")  # LibreOffice opens them: random bytes make no text
    assert len(rtf) == 3 and all("not readable" in r or "LibreOffice" in r or "no text" in r for r in rtf)
    images = reasons_of(errors, "other-format-png", "other-format-jpeg")
    assert len(images) == 6 and all("image is damaged" in r or "Tesseract" in r for r in images)
    empty = reasons_of(errors, "empty")
    assert len(empty) == 6 and all("empty" in r or "same content" in r for r in empty)


def test_foreign_text_is_read_with_a_warning(hostile):
    _, documents, _, _ = hostile
    foreign = documents[documents.source_path.map(kind).str.startswith("foreign-")]
    assert len(foreign) == 5
    assert all(any("does not read as Vietnamese" in w for w in ws) for ws in foreign.warnings)
    plans = documents[documents.source_path.map(kind).isin(["utf-8-bom", "nfd", "utf-16-le"])]
    assert len(plans) == 15 and not any(any("Vietnamese" in w for w in ws) for ws in plans.warnings)


def test_text_encodings_read_back_as_the_original(hostile, samples: Path, tmp_path: Path):
    _, documents, _, _ = hostile
    texts = [p.read_bytes() for p in sorted(samples.glob("*.txt")) + sorted(samples.glob("*.md"))]
    for encoding in ("utf-16-le", "utf-16-be", "utf-8-bom", "nfd", "cp1258"):
        rows = documents[documents.source_path.map(kind) == encoding]
        suffix = Path(rows.source_path.iloc[0]).suffix  # the same bytes in UTF-8, read as the same format
        expected = [doc_number(tmp_path / f"{encoding}-{i}{suffix}", data) for i, data in enumerate(texts)]
        assert sorted(map(str, rows.doc_number.replace({float("nan"): None}))) == sorted(map(str, expected))
    damaged = documents[documents.source_path.map(kind) == "control-bytes"]
    assert len(damaged) == 100 and set(damaged.text_encoding) <= {"utf-8", "utf-8 (damaged)"}


def doc_number(path: Path, data: bytes) -> str | None:
    from extractors.documents import extract
    path.write_bytes(data)
    return next(iter(extract(load_document(path))))["doc_number"]


@pytest.mark.parametrize("name", ["linh-thong-kh-2024.txt", "thach-an-kh-2025.txt"])
def test_code_page_and_utf16_without_bom_decode_exactly(samples: Path, name: str):
    text = (samples / name).read_text(encoding="utf-8")
    assert decode_text(cp1258_bytes(text)) == (text, "cp1258")
    assert decode_text(text.encode("utf-16-le")) == (text, "utf-16")
    assert decode_text(text.encode("utf-16-be")) == (text, "utf-16")


def test_mostly_utf8_text_with_bad_bytes_stays_utf8():
    text = "Ủy ban nhân dân xã Linh Thông xây dựng kế hoạch nông thôn mới năm 2024. " * 20
    data = text.encode("utf-8")
    at = data.index(b" ", 500)
    broken = data[:at] + b"\xff" + data[at:] + "mớ".encode()[:-1]  # a stray byte, a cut inside a letter
    decoded, encoding = decode_text(broken)
    assert encoding == "utf-8 (damaged)" and decoded.count("\ufffd") == 2
    assert "Ủy ban nhân dân xã Linh Thông" in decoded
