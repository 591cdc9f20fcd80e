"""Property-based fuzzing (hypothesis) of the readers, the number parser, the section splitter and
every extractor: whatever the bytes or text, a reader returns a document or refuses it with a plain
reason, and extraction keeps its invariants."""
from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.run.worker import TABLE_EXTRACTORS
from extractors.numbers import find_money, parse_numeral
from extractors.sections import section_tree
from pipeline.normalize import build_document
from pipeline.model import Block
from pipeline.readers import UnreadableDocument
from tests.fixtures.rendering import render_docx, render_pdf
from pipeline.load import load_document
from pipeline.output.writer import to_arrow

SUFFIXES = [".pdf", ".docx", ".txt", ".md", ".html"]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile's


def read_or_refuse(data: bytes, suffix: str) -> None:
    """The property every reader keeps: a Document, or UnreadableDocument with a short plain reason."""
    path = Path(f"/nonexistent/fuzz{suffix}")  # the bytes are passed in: nothing is read from disk
    try:
        doc = load_document(path, data)
    except UnreadableDocument as exc:
        assert str(exc) and len(str(exc)) < 300 and "\n" not in str(exc)
        return
    assert doc.text.strip()
    for table, extract in TABLE_EXTRACTORS.items():  # whatever a reader lets through, extraction survives
        to_arrow(table, list(extract(doc)))


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(SUFFIXES))
def test_readers_on_arbitrary_bytes(data: bytes, suffix: str):
    read_or_refuse(data, suffix)


@cache
def real_files() -> dict[str, bytes]:
    import tempfile
    paragraphs = ["KẾ HOẠCH", "Thực hiện Chương trình nông thôn mới năm 2025", "I. MỤC TIÊU",
                  "1. Phấn đấu có thêm 03 xã đạt chuẩn; kinh phí 1.250 triệu đồng."]
    with tempfile.TemporaryDirectory() as tmp:
        return {".pdf": render_pdf(paragraphs, Path(tmp) / "a.pdf").read_bytes(),
                ".docx": render_docx(paragraphs, Path(tmp) / "a.docx").read_bytes(),
                ".html": ("<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>").encode()}


@FUZZ
@given(st.sampled_from([".pdf", ".docx", ".html"]), st.integers(0, 2**32 - 1), st.integers(1, 40))
def test_readers_on_damaged_real_files(suffix: str, seed: int, hits: int):
    rng = random.Random(seed)
    data = bytearray(real_files()[suffix])
    for _ in range(hits):
        at = rng.randrange(len(data))
        data[at:at + rng.randint(1, 8)] = rng.randbytes(rng.randint(0, 8))
    read_or_refuse(bytes(data[: rng.randint(1, len(data))] if rng.random() < 0.3 else data), suffix)


@given(st.text(max_size=40))
def test_number_parser_parses_or_refuses(text: str):
    try:
        n = parse_numeral(text)
    except ValueError:
        return
    assert n.value >= 0 and n.decimals >= 0


@given(st.text(alphabet=st.sampled_from(list("0123456789., triệuđồngtỷ/xã-")), max_size=60))
def test_money_spans_point_at_their_text(text: str):
    for money in find_money(text, offset=7):
        assert text[money.start - 7:money.end - 7] == money.printed and money.vnd >= 0


MARKERS = ["I.", "II.", "IV.", "1.", "2.", "1.1.", "2.1.1.", "a)", "b)", "-", "+", "", "", "III", "1)", "X."]
WORDS = ["MỤC TIÊU", "Nhiệm vụ", "kinh phí 1.200 triệu đồng", "xã Linh Thông", "UBND huyện", "03 xã", ":"]


@settings(deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MARKERS), st.lists(st.sampled_from(WORDS), min_size=0, max_size=4)),
                max_size=40))
def test_section_tree_invariants(lines):
    blocks = [Block("para", f"{marker} {' '.join(words)}".strip()) for marker, words in lines]
    doc = build_document(blocks, doc_id="fuzz", source_path="fuzz.txt", fmt="txt", sha256="", page_count=None)
    sections = section_tree(doc)
    ids = [s.section_id for s in sections]
    assert len(ids) == len(set(ids))
    position = {s.section_id: i for i, s in enumerate(sections)}
    for s in sections:
        assert 0 <= s.start <= s.end <= len(doc.text)
        if s.parent is not None:
            assert position[s.parent.section_id] < position[s.section_id]
            assert s.level == s.parent.level + 1
            assert s.parent.start <= s.start and s.end <= s.parent.end
    # top-level items are level 1, or level 2 in a plan with no Roman-numbered parts
    assert len({s.level for s in sections if s.parent is None}) <= 1
    assert all(s.level in (1, 2) for s in sections if s.parent is None)


# The fast paths that try a pattern only where a digit run or a word begins must give what scanning the
# whole text with the pattern gives, whatever the text: digits of other scripts and beyond the BMP,
# letters that lower-case to two characters, tabs and runs of spaces included.
PIECES = ["0", "5", "12", "2021", "1.234", "3,5", "٣", "𝟙", "/", "-", "–", ".", ",", ";", "(", ")", " ", "  ", "\t",
          "xã", "Xã", "XÃ", "thôn", "Nông thôn", "bản", "thị trấn", "tổ dân phố", "phường", "huyện", "tiêu chí",
          "hộ", "từ", "TỪ", "không quá", "tối đa", "trở lên", "đến", "KH-UBND", "NĐ-CP", "İ", "😀", "Đức", "a",
          "HUYỆN", "thị xã", "Thị Xã", "Thạch", "An", "Bắc"]


@settings(max_examples=max(1_000, settings().max_examples))
@given(st.lists(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", " ", " ", "", "\t"])),
                         max_size=30), min_size=1, max_size=6))
def test_candidate_matching_equals_scanning(paragraphs):
    from extractors.checks.lists import FRACTION
    from extractors.checks.structure import DISTRICT_MENTION, DISTRICT_WORDS, PERIOD
    from extractors.communes import COUNT_OF_UNITS, UNIT_WORD, UNIT_WORDS
    from extractors.counts import COUNT
    from extractors.lists import STATED
    from extractors.references import REFERENCE
    from extractors.spans import (DIGIT_RUN, digit_run_starts, digit_runs_in, number_matches, word_matches,
                                  word_search)
    from extractors.targets import QUANTITY, _quantities
    from pipeline.lexicon.vietnamese import is_upper
    from pipeline.normalize.paragraphs import upper_flags

    texts = ["".join(piece + gap for piece, gap in p) for p in paragraphs]
    blocks = [Block("table", rows=[t.split("\t")]) if "\t" in t else Block("para", t) for t in texts]  # cells: tabs
    doc = build_document(blocks, doc_id="f", source_path="f.txt",
                         fmt="txt", sha256="0", page_count=None)
    assert digit_run_starts(doc.text) == [m.start() for m in DIGIT_RUN.finditer(doc.text)]
    lines = [p.text for p in doc.paragraphs if p.text]
    assert upper_flags(lines) == [is_upper(line) for line in lines]
    for p in doc.paragraphs:
        def spans(matches):
            return [(m.span(), m.groups()) for m in matches]
        for pattern in (COUNT, STATED, FRACTION, PERIOD, REFERENCE, COUNT_OF_UNITS):
            assert spans(number_matches(doc, pattern, p)) == spans(pattern.finditer(p.text))
        assert spans(_quantities(p.text, digit_runs_in(doc, p))) == spans(QUANTITY.finditer(p.text))
        assert spans(word_matches(doc, DISTRICT_MENTION, DISTRICT_WORDS, p)) == spans(DISTRICT_MENTION.finditer(p.text))
        found = word_search(doc, UNIT_WORD, UNIT_WORDS, p.text, p.start, 0, len(p.text))
        expected = UNIT_WORD.search(p.text)
        assert (found and found.span()) == (expected and expected.span())
