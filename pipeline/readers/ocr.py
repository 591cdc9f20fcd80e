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
from pipeline.lexicon.vietnamese import mend_split_syllables, mend_tone_marks

LANGUAGE = "vie"
DPI = 300              # Tesseract's models are trained at about 300 dpi
PSM = 4                # one column of text of variable sizes (see read_page; bench/ocr_settings.py)
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

    image = page_image(page)
    # OpenMP threads on a busy 2-core machine made a page 4x slower (10 s against 2.2 s)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=LANGUAGE, config=f"--psm {PSM}", timeout=PAGE_TIMEOUT_S,
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[tuple[int, int, str]]] = {}
    tops: dict[tuple[int, int, int], int] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append((data["left"][i], data["left"][i] + data["width"][i], word))
            tops[key] = min(tops.get(key, data["top"][i]), data["top"][i])
    widths = [(right - left) / len(w) for words in lines.values() for left, right, w in words if len(w) >= 3]
    char = sorted(widths)[len(widths) // 2] if widths else 1.0
    texts, edges = [], {}
    # top to bottom (Tesseract may give a block beside the signature before the lines above it), each line
    # set at its column as a layout text is (one space a character), so that the header and signature
    # blocks are read column by column as in such a text
    for key in sorted(lines, key=tops.__getitem__):
        words = sorted(lines[key])
        text = " " * round(words[0][0] / char) + words[0][2]
        for (_, prev_right, _), (left, _, word) in zip(words, words[1:]):
            wide = left - prev_right > 3 * char  # a wide gap: two columns
            text += " " * max(3, round(left / char) - len(text)) if wide else " "
            text += word
        text = ROMAN_MISREAD.sub(lambda m: m.group(1).replace("l", "I").replace("|", "I") + m.group(2), text.strip())
        text = NUMBER_COMMA.sub(r"\1.\2", text).replace("\u2044", "/")  # "1105⁄KH-ĐKT": a fraction slash
        text = NUMBER_SLASH.sub(r"\1/", text)
        texts.append(" " * round(words[0][0] / char) + text)
        edges[" ".join(text.split())] = (words[0][0] * 72 / DPI, words[-1][1] * 72 / DPI)
    blocks = []
    for text in read_columns(texts):
        text = " ".join(text.split())
        x0, x1 = edges.get(text, (None, None))
        line = mend_tone_marks(mend_split_syllables(text))
        blocks.append(Block("line", line, page=number, x0=x0, x1=x1))
    return blocks


def page_image(page):
    """The page rendered at DPI in grey, its coloured ink that is not dark taken off: the red seal and the
    blue signature over the signer's title and name ("TRƯỞNG ĐOÀN", "Hoàng Văn Thuân"), which Tesseract
    otherwise reads as noise, or not at all. Black text under the seal stays (it is dark)."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(page.render(scale=DPI / 72).to_pil().convert("RGB"))
    high, low = rgb.max(axis=2), rgb.min(axis=2)
    grey = np.asarray(Image.fromarray(rgb).convert("L")).copy()
    grey[(high - low > COLOURED) & (high > INK_DARK)] = 255
    return Image.fromarray(grey)


COLOURED = 40   # channels further apart than this: coloured ink (seal, signature), not black or grey
INK_DARK = 120  # coloured ink whose brightest channel is below this is text under the seal: kept


# Item numbers misread at the start of a line, before a capitalised word: a part number with l or |
# for I ("lII. NHIỆM VỤ"), an item number with a comma for its full stop ("5, Đẩy mạnh").
ROMAN_MISREAD = re.compile(r"^([IVXl|]*[l|][IVXl|]*)(\.\s+[A-ZĐÀ-Ỹ])")
# a number stamped into the blank of "Số: ……/KH-ĐKT" is read with a space before its slash ("1105 /KH-ĐKT")
NUMBER_SLASH = re.compile(r"(\d) /(?=[A-ZĐ])")
NUMBER_COMMA = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*),(\s+[A-ZĐÀ-Ỹ])")
