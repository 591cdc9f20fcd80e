"""OCR of scanned PDF pages: pypdfium2 renders the page, Tesseract's Vietnamese model reads it.

Tesseract comes from Debian (`tesseract-ocr`, `tesseract-ocr-vie`; `make setup-ocr` installs them) and is
driven through pytesseract. Without it, scanned pages are reported, not read.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
import shutil
import subprocess
from typing import NamedTuple

from pipeline.model import Block
from pipeline.readers.pdf_tables import edge, tables_from_rules
from pipeline.readers.text import read_columns
from pipeline.lexicon.vietnamese import mend_eth, mend_split_syllables, mend_tone_marks, syllable_share

LANGUAGE = "vie"
DPI = 300              # Tesseract's models are trained at about 300 dpi
PSM = 4                # one column of text of variable sizes (see read_page; bench/ocr_settings.py)
PAGE_TIMEOUT_S = 180


def available() -> bool:
    """Whether Tesseract and its Vietnamese model are installed."""
    return LANGUAGE in _languages()


@functools.cache
def _languages() -> frozenset[str]:
    """The models Tesseract has (none when it is missing)."""
    if shutil.which("tesseract") is None:
        return frozenset()
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(listed.stdout.split())


def missing_reason() -> str:
    if shutil.which("tesseract") is None:
        return "Tesseract OCR is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    return f"Tesseract has no Vietnamese model (apt-get install tesseract-ocr-{LANGUAGE})"


def read_page(page, number: int) -> list[Block]:
    """The lines Tesseract reads off one pypdfium2 page rendered at DPI, in grey, as one column of text
    (plans are set in one column; page segmentation by blocks tore list numbers off their items), each
    with its left and right edge in points, as the text layer's lines have them, so paragraphs are
    joined alike; the header and signature blocks read column by column. A table ruled on the page
    (`ruled_tables`) is a table block whose cells hold the words read inside them, in its place among
    the lines."""
    import pytesseract

    printed, image = page_images(page)
    # OpenMP threads on a busy 2-core machine made a page 4x slower (10 s against 2.2 s)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=LANGUAGE, config=f"--psm {PSM}", timeout=PAGE_TIMEOUT_S,
                                     output_type=pytesseract.Output.DICT)
    words = [_Word((data["block_num"][i], data["par_num"][i], data["line_num"][i]), data["left"][i],
                   data["top"][i], data["left"][i] + data["width"][i], data["top"][i] + data["height"][i], word)
             for i, word in enumerate(data["text"]) if word.strip()]
    widths = [(w.right - w.left) / len(w.text) for w in words if len(w.text) >= 3]
    char = sorted(widths)[len(widths) // 2] if widths else 1.0
    tables = sorted(ruled_tables(printed), key=lambda t: t.bbox[1])
    held: list[list[_Word]] = [[] for _ in tables]
    free = []
    for w in words:
        x, y = (w.left + w.right) / 2 * POINT, (w.top + w.bottom) / 2 * POINT
        k = next((k for k, t in enumerate(tables) if t.bbox[0] <= x < t.bbox[2] and t.bbox[1] <= y < t.bbox[3]), None)
        (free if k is None else held[k]).append(w)
    lines = _lines(free, char)
    blocks: list[Block] = []
    for table, inside in zip(tables, held):
        above = [line for line in lines if line[0] * POINT < table.bbox[1]]
        lines = lines[len(above):]
        blocks += _line_blocks(above, number)
        blocks.append(Block("table", rows=_read_cells(image, table, _cell_texts(table, inside)), page=number))
    return blocks + _line_blocks(lines, number)


POINT = 72 / DPI  # a pixel of the rendered page in points


class _Word(NamedTuple):
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line
    left: int
    top: int
    right: int
    bottom: int
    text: str


def _by_line(words: list[_Word]) -> list[list[_Word]]:
    """The words grouped by Tesseract's lines, top to bottom."""
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return sorted(lines.values(), key=lambda ws: min(w.top for w in ws))


def _lines(words: list[_Word], char: float) -> list[tuple[int, str, float, float]]:
    """Tesseract's lines top to bottom (it may give a block beside the signature before the lines above
    it) as (top, text, left and right edge in points), each set at its column as a layout text is (one
    space a character), so that the header and signature blocks are read column by column as in such a
    text."""
    out = []
    for line in _by_line(words):
        line.sort(key=lambda w: w.left)
        text = " " * round(line[0].left / char) + line[0].text
        for prev, w in zip(line, line[1:]):
            wide = w.left - prev.right > 3 * char  # a wide gap: two columns
            text += " " * max(3, round(w.left / char) - len(text)) if wide else " "
            text += w.text
        text = ROMAN_MISREAD.sub(lambda m: m.group(1).replace("l", "I").replace("|", "I") + m.group(2), text.strip())
        text = NUMBER_COMMA.sub(r"\1.\2", text).replace("\u2044", "/")  # "1105⁄KH-ĐKT": a fraction slash
        text = NUMBER_SLASH.sub(r"\1/", mend_eth(text))
        out.append((min(w.top for w in line), " " * round(line[0].left / char) + text,
                    line[0].left * POINT, line[-1].right * POINT))
    return out


def _line_blocks(lines: list[tuple[int, str, float, float]], number: int) -> list[Block]:
    edges = {" ".join(text.split()): (x0, x1) for _, text, x0, x1 in lines}
    blocks = []
    for text in read_columns([text for _, text, _, _ in lines]):
        text = " ".join(text.split())
        x0, x1 = edges.get(text, (None, None))
        line = mend_tone_marks(mend_split_syllables(text))
        blocks.append(Block("line", line, page=number, x0=x0, x1=x1))
    return blocks


def _cell_texts(table, words: list[_Word]) -> list[list[str]]:
    """The table's rows of cell texts as the page's OCR read them: the words whose middle is in a cell,
    line by line ("\n" between lines as a text layer's cells have them)."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            x0, top, x1, bottom = cell or (0, 0, 0, 0)
            inside = [w for w in words if x0 <= (w.left + w.right) / 2 * POINT < x1
                      and top <= (w.top + w.bottom) / 2 * POINT < bottom and w.text not in RULE_GLYPHS]
            cells.append(_cell_text([" ".join(w.text for w in sorted(ws, key=lambda w: w.left))
                                     for ws in _by_line(inside)]))
        rows.append(cells)
    return rows


def _cell_text(lines: list[str]) -> str:
    """A cell's lines as one text, "\n" between them, tone marks mended; a line of a mark alone among lines
    of text is a speck read as a dash (a cell of "-" alone says it is empty: kept)."""
    if any(re.search(r"\w", line) for line in lines):
        lines = [line for line in lines if re.search(r"\w", line)]
    return "\n".join(mend_tone_marks(mend_split_syllables(mend_eth(line))) for line in lines)



def _read_cells(image, table, on_page: list[list[str]]) -> list[list[str]]:
    """The table's rows of cell texts: each cell as the page's OCR read it (`on_page`) or as it reads
    alone, whichever reads more as Vietnamese; the page loses what stands alone in a cell (a row's number,
    a code "2031", "5.1") and reads rules as strokes. To read the cells alone, each cell with ink in it is
    cropped inside its rules, and the crops are set one under another on a blank sheet read in one call,
    each line going back to the cell whose band holds it. A cell read as a figure is read again with
    Tesseract's English model, whose digits the Vietnamese one misreads ("5.1" as "3]", "8" as "§", "27"
    as "21"); a lone stroke where the first row's number stands, above a 2, is a 1."""
    import numpy as np

    grey = np.asarray(image)
    rows = [list(texts) for texts in on_page]
    crops = []  # (row, column, pixels)
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            if cell is None:
                continue
            x0, top, x1, bottom = (round(v / POINT) for v in cell)
            crop = grey[top + CELL_INSET:bottom - CELL_INSET, x0 + CELL_INSET:x1 - CELL_INSET]
            if crop.shape[0] <= 2 * CELL_INSET or crop.shape[1] <= 2 * CELL_INSET:
                continue
            ink = crop < DARK_RULE
            ink[:CELL_INSET], ink[-CELL_INSET:], ink[:, :CELL_INSET], ink[:, -CELL_INSET:] = False, False, False, False
            if ink.sum() < MIN_CELL_INK:
                continue  # (what touches the crop's edges is a rule a scan set askew, no text)
            ys, xs = np.nonzero(ink)
            crops.append((i, j, crop[ys.min():ys.max() + 1, xs.min():xs.max() + 1]))
    for (i, j, _), text in zip(crops, _read_sheet([c for _, _, c in crops], LANGUAGE)):
        if not rows[i][j] or syllable_share(text)[1] > syllable_share(rows[i][j])[1]:
            rows[i][j] = text
    figures = [k for k, (i, j, _) in enumerate(crops) if FIGURE_LIKE.search(rows[i][j]) or rows[i][j] in LONE_ONE]
    if DIGITS_LANGUAGE not in _languages():
        figures = []
    for k, text in zip(figures, _read_sheet([crops[k][2] for k in figures], DIGITS_LANGUAGE)):
        i, j, _ = crops[k]
        if FIGURE.match(text):
            rows[i][j] = text
        elif rows[i][j] in LONE_ONE and j == 0 and _counts_up(rows, i):
            rows[i][j] = "1"  # the first row's number, the rows below it numbered 2, 3 …
    return rows


def _counts_up(rows: list[list[str]], i: int) -> bool:
    """Whether the rows after row `i` number themselves 2, 3 … in the first column (row `i` is the first)."""
    after = [r[0].strip() for r in rows[i + 1:] if r and r[0].strip()]
    return bool(after) and after[0] == "2"


def _read_sheet(crops: list, language: str) -> list[str]:
    """The text of each crop, the crops read in one call set one under another on a blank sheet."""
    import numpy as np
    import pytesseract
    from PIL import Image

    if not crops:
        return []
    width = max(c.shape[1] for c in crops) + 2 * BAND_GAP
    bands, y = [], BAND_GAP
    for crop in crops:
        bands.append((y, y + crop.shape[0]))
        y += crop.shape[0] + BAND_GAP
    sheet = np.full((y, width), 255, dtype=np.uint8)
    for crop, (top, bottom) in zip(crops, bands):
        sheet[top:bottom, BAND_GAP:BAND_GAP + crop.shape[1]] = crop
    data = pytesseract.image_to_data(Image.fromarray(sheet), lang=language, config="--psm 6",
                                     timeout=PAGE_TIMEOUT_S, output_type=pytesseract.Output.DICT)
    found: list[list[tuple[int, int, str]]] = [[] for _ in crops]
    tops = [top for top, _ in bands]
    for k, word in enumerate(data["text"]):
        if word.strip():
            middle = data["top"][k] + data["height"][k] / 2
            band = max(bisect.bisect_right(tops, middle + BAND_GAP / 2) - 1, 0)
            found[band].append((data["top"][k], data["left"][k], word))
    texts = []
    for words in found:
        if any(w not in RULE_GLYPHS for _, _, w in words):  # a rule's remnant beside the text
            words = [x for x in words if x[2] not in RULE_GLYPHS]
        lines: list[list[tuple[int, int, str]]] = []
        for top, left, word in sorted(words):
            if lines and top - lines[-1][0][0] < LINE_PITCH:
                lines[-1].append((top, left, word))
            else:
                lines.append([(top, left, word)])
        texts.append(_cell_text([" ".join(w for _, _, w in sorted(line, key=lambda x: x[1])) for line in lines]))
    return texts


DIGITS_LANGUAGE = "eng"
# what the Vietnamese model made of a figure: a digit among its marks ("3]", "5Í"), or marks alone ("§")
FIGURE_LIKE = re.compile(r"^(?=.*\d)\S{1,12}$|^[^\w\s]{1,2}$")
FIGURE = re.compile(r"^[\d.,/%()+\-]+$")
LONE_ONE = ("|", "l", "]", "[")  # a lone stroke where the first row's number stands: the figure 1
CELL_INSET = 6      # pixels inside a cell's rules: the rules themselves are no ink of its text
MIN_CELL_INK = 30   # fewer dark pixels than this is a speck, not a figure
BAND_GAP = 40       # blank pixels around each cell on the sheet of cells
LINE_PITCH = 25     # words whose tops are closer than this (at DPI) are on one line of a cell


def ruled_tables(grey) -> list:
    """The tables ruled on a rendered page (a grey image, 0 black): its rules are the runs of dark pixels
    at least RULE_INCHES long along a row (horizontal) or a column (vertical), in points; pdfplumber's
    table geometry (`tables_from_rules`) joins them into cells. A page with more runs than MAX_RULES is a
    picture, not a table."""
    dark = grey < DARK_RULE
    height, width = dark.shape
    edges = []
    for orientation, mask in (("h", dark), ("v", dark.T)):
        runs = _runs(mask, round(RULE_INCHES[orientation] * DPI))
        if len(runs) > MAX_RULES:
            return []
        for across, start, end in runs:
            if orientation == "h":
                edges.append(edge("h", start * POINT, across * POINT, end * POINT, across * POINT))
            else:
                edges.append(edge("v", across * POINT, start * POINT, across * POINT, end * POINT))
    if not any(e["orientation"] == "v" for e in edges) or not any(e["orientation"] == "h" for e in edges):
        return []
    return tables_from_rules(edges, width * POINT, height * POINT)


RULE_GLYPHS = ("|", "||")  # a rule beside a cell's text, read as a glyph
DARK_RULE = 160                        # a rule's pixels are darker than this (0 black, 255 white)
RULE_INCHES = {"h": 0.4, "v": 0.25}    # the shortest rule: longer than any stroke of a letter
MAX_RULES = 4000


def _runs(mask, shortest: int) -> list[tuple[int, int, int]]:
    """The runs of True at least `shortest` long along each row of `mask`: (row, start, end)."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)  # row-major order: the k-th end closes the k-th start
    long_ = ends - starts >= shortest
    return list(zip(rows[long_].tolist(), starts[long_].tolist(), ends[long_].tolist()))


def page_images(page):
    """The page rendered at DPI in grey: as printed (a rule under the seal's ink stays a rule), and with
    its coloured ink that is not dark taken off, for Tesseract: the red seal and the blue signature over
    the signer's title and name ("TRƯỞNG ĐOÀN", "Hoàng Văn Thuân"), which it otherwise reads as noise, or
    not at all. Black text under the seal stays (it is dark)."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(page.render(scale=DPI / 72).to_pil().convert("RGB"))
    high, low = rgb.max(axis=2), rgb.min(axis=2)
    printed = np.asarray(Image.fromarray(rgb).convert("L"))
    grey = printed.copy()
    grey[(high - low > COLOURED) & (high > INK_DARK)] = 255
    return printed, Image.fromarray(grey)


COLOURED = 40   # channels further apart than this: coloured ink (seal, signature), not black or grey
INK_DARK = 120  # coloured ink whose brightest channel is below this is text under the seal: kept


# Item numbers misread at the start of a line, before a capitalised word: a part number with l or |
# for I ("lII. NHIỆM VỤ"), an item number with a comma for its full stop ("5, Đẩy mạnh").
ROMAN_MISREAD = re.compile(r"^([IVXl|]*[l|][IVXl|]*)(\.\s+[A-ZĐÀ-Ỹ])")
# a number stamped into the blank of "Số: ……/KH-ĐKT" is read with a space before its slash ("1105 /KH-ĐKT")
NUMBER_SLASH = re.compile(r"(\d) /(?=[A-ZĐ])")
NUMBER_COMMA = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*),(\s+[A-ZĐÀ-Ỹ])")
