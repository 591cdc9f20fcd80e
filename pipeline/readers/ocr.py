"""OCR of scanned PDF pages: pypdfium2 renders the page, Tesseract's Vietnamese model reads it.

Tesseract comes from Debian (`tesseract-ocr`, `tesseract-ocr-vie`; `make setup` installs them) and is
driven through pytesseract. Without it, scanned pages are reported, not read.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess

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


def read_page(page) -> str:
    """The text Tesseract reads off one pypdfium2 page rendered at DPI, in grey, as one column of
    text (plans are set in one column; page segmentation by blocks tore list numbers off their items)."""
    import pytesseract

    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    # OpenMP threads on a busy 2-core machine made a page 4x slower (10 s against 2.2 s)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    text = pytesseract.image_to_string(image, lang=LANGUAGE, config="--psm 4", timeout=PAGE_TIMEOUT_S)
    text = ROMAN_MISREAD.sub(lambda m: m.group(1).replace("l", "I").replace("|", "I") + m.group(2), text)
    return NUMBER_COMMA.sub(r"\1.\2", text)


# Item numbers misread at the start of a line, before a capitalised word: a part number with l or |
# for I ("lII. NHIỆM VỤ"), an item number with a comma for its full stop ("5, Đẩy mạnh").
ROMAN_MISREAD = re.compile(r"^([IVXl|]*[l|][IVXl|]*)(\.\s+[A-ZĐÀ-Ỹ])", re.MULTILINE)
NUMBER_COMMA = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*),(\s+[A-ZĐÀ-Ỹ])", re.MULTILINE)
