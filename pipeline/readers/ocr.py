"""OCR of scanned PDF pages: pypdfium2 renders the page, Tesseract's Vietnamese model reads it.

Tesseract comes from Debian (`tesseract-ocr`, `tesseract-ocr-vie`; `make setup-ocr` installs them) and is
driven through pytesseract. Without it, scanned pages are reported, not read.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess

from pipeline.model import Block
from pipeline.readers.text import read_columns
from pipeline.lexicon.vietnamese import mend_split_syllables

LANGUAGE = "vie"
DPI = 300              # Tesseract's models are trained at about 300 dpi
PAGE_TIMEOUT_S = 180


@functools.cache
def available() -> bool:
    """Whether Tesseract and its Vietnamese model are installed."""
    if shutil.which("tesseract") is None:
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.split()


def missing_reason() -> str:
    if shutil.which("tesseract") is None:
        return "Tesseract OCR is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    return f"Tesseract has no Vietnamese model (apt-get install tesseract-ocr-{LANGUAGE})"


def read_page(page, number: int) -> list[Block]:
    """The lines Tesseract reads off one pypdfium2 page rendered at DPI, in grey, as one column of text
    (plans are set in one column; page segmentation by blocks tore list numbers off their items), each
    with its left and right edge in points, as the text layer's lines have them, so paragraphs are
    joined alike; the header and signature blocks read column by column."""
    import pytesseract

    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    # OpenMP threads on a busy 2-core machine made a page 4x slower (10 s against 2.2 s)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=LANGUAGE, config="--psm 4", timeout=PAGE_TIMEOUT_S,
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append((data["left"][i], data["left"][i] + data["width"][i], word))
    texts, edges = [], {}
    for words in lines.values():
        words.sort()
        char = sum(right - left for left, right, _ in words) / max(sum(len(w) for _, _, w in words), 1)
        text = words[0][2]
        for (_, prev_right, _), (left, _, word) in zip(words, words[1:]):
            text += ("    " if left - prev_right > 3 * char else " ") + word  # a wide gap: two columns
        text = ROMAN_MISREAD.sub(lambda m: m.group(1).replace("l", "I").replace("|", "I") + m.group(2), text)
        text = NUMBER_COMMA.sub(r"\1.\2", text)
        texts.append(text)
        edges[text] = (words[0][0] * 72 / DPI, words[-1][1] * 72 / DPI)
    blocks = []
    for text in read_columns(texts):
        x0, x1 = edges.get(text, (None, None))
        blocks.append(Block("line", mend_split_syllables(" ".join(text.split())), page=number, x0=x0, x1=x1))
    return blocks


# Item numbers misread at the start of a line, before a capitalised word: a part number with l or |
# for I ("lII. NHIỆM VỤ"), an item number with a comma for its full stop ("5, Đẩy mạnh").
ROMAN_MISREAD = re.compile(r"^([IVXl|]*[l|][IVXl|]*)(\.\s+[A-ZĐÀ-Ỹ])")
NUMBER_COMMA = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*),(\s+[A-ZĐÀ-Ỹ])")
