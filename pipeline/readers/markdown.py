"""Markdown: rendered to HTML by comrak (the Rust port of GitHub's cmark-gfm; tables on, inline HTML kept),
then read as HTML: a blank line ends a paragraph, every other line break of the source is kept as a line
(the exports of legal-document pages are hard-wrapped at about 80 characters, inside headings, bold
markers and dates: only the text can tell where their paragraphs end, and the normalizer reads it).

What these exports do that Markdown does not mean, undone before rendering:
- A line that opens with a list marker ("- ", "1. ") is kept as text: in a hard-wrapped page such a line
  is as often the rest of a sentence ("phát triển kinh tế\\n- xã hội") or an item of a list the page
  printed without a blank line as the start of a Markdown list. The outline grammar reads the marker.
- A line of dashes under a line of text is the rule printed under an issuer's name, not a setext heading.
- Tables whose cells hold several lines are exported with each "|" on a line of its own: a row is "|",
  then each cell's lines followed by "|"; the next row starts with a "|" of its own. `broken_tables`
  rebuilds them (header blocks, signature blocks, task and figure tables).

(cmarkgfm, used before, renders the same HTML but its binding never frees the parsed document nor the
HTML: about 110 kB a plan, so a worker's memory grew with every Markdown file it read.)"""
from __future__ import annotations

import re

import comrak

from pipeline.model import Reading
from pipeline.readers.html import read_html
from pipeline.readers.layout import LAYOUT_TABLE
from pipeline.readers.text import decode_text

_EXTENSIONS = comrak.ExtensionOptions()
_EXTENSIONS.table = True
_PARSE = comrak.ParseOptions()
_PARSE.ignore_setext = True
_RENDER = comrak.RenderOptions()
_RENDER.unsafe_ = True      # keep inline HTML (footnote marks in <sup>)
_RENDER.hardbreaks = True   # every line break of a paragraph is kept, as <br>
_LINE_END = re.compile(r"\r\n|\r|\n")
# a list marker at a line's start (up to three spaces of indent), as CommonMark reads one: a bullet, or a
# number and its delimiter
_LIST_MARKER = re.compile(r"^( {0,3})(?:([-+*])|(\d{1,9})([.)]))(?=[ \t]|$)", re.MULTILINE)
PIPE = "|"


def read_markdown(data: bytes) -> Reading:
    text, encoding = decode_text(data)
    lines = _LINE_END.split(text)
    reading = read_html("<html><body>" + "\n".join(_rendered(lines)) + "</body></html>")
    reading.encoding = encoding
    return reading


def _rendered(lines: list[str]) -> list[str]:
    """HTML for the source lines: runs of text rendered by comrak, broken tables as HTML tables."""
    out, run = [], []
    for item in broken_tables(lines):
        if isinstance(item, str):
            run.append(item)
            continue
        out.append(_render(run))
        run = []
        out.append("<table>" + "".join(
            "<tr>" + "".join(f"<td>{_render(cell)}</td>" for cell in row) + "</tr>" for row in item) + "</table>")
    out.append(_render(run))
    return out


def _render(lines: list[str]) -> str:
    source = tidy_emphasis(_LIST_MARKER.sub(_escaped, "\n".join(lines)))
    return comrak.render_markdown(source, extension_options=_EXTENSIONS, parse_options=_PARSE,
                                  render_options=_RENDER) if source.strip() else ""


_EMPTY_EMPHASIS = re.compile(r"(?<![\\*])(\*{1,2})[ \t]+\1(?!\*)")
# a bold run closed and the next opened at once ("**Điều 3.****" / "**Chánh Văn phòng …", "**Xã Đông Cuông****
# Tỉnh Lào Cai**"): 849 times in 194 of the archive's exports; one run, or nothing around nothing
_ADJACENT_BOLD = re.compile(r"(?<![\\*])\*{4}(?!\*)")
_DELIMITERS = {"**": re.compile(r"(?<![\\*])\*\*(?!\*)"), "*": re.compile(r"(?<![\\*])\*(?!\*)")}


def _between_runs(m: re.Match) -> str:
    """"****" between two words is the space between two sentences ("thu giữ.****Điều kiện"); beside a space,
    nothing."""
    text = m.string
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return " " if not before.isspace() and not after.isspace() else ""


def tidy_emphasis(source: str) -> str:
    """Bold and italic markers as these exports misplace them, put right: a closing "**" after a space
    ("**Điều 1. **Ban hành", "*Huế, ngày 24 tháng 11 năm 2025 *") moves before it, an opening one before a
    space moves after it, and markers around nothing ("** **", "****") go. Markers pair up within a paragraph."""
    if "*" not in source:
        return source
    source = _EMPTY_EMPHASIS.sub("", _ADJACENT_BOLD.sub(_between_runs, source))
    return "\n\n".join(_paired(_paired(block, "**"), "*") if "*" in block else block
                       for block in source.split("\n\n"))


def _paired(block: str, delimiter: str) -> str:
    out, pos, opening = [], 0, True
    for m in _DELIMITERS[delimiter].finditer(block):
        before = block[pos:m.start()]
        if opening:
            out.append(before)
            after = re.match(r"[ \t]+", block[m.end():])
            out.append((" " if after and before and not before[-1].isspace() else "") + delimiter)
            pos = m.end() + (after.end() if after else 0)
        else:  # a closer after spaces or a line break: the break moves after it
            stripped = before.rstrip(" \t\n")
            gap = before[len(stripped):]
            out.append(stripped + delimiter + ("\n" if "\n" in gap else " " if gap else ""))
            pos = m.end() + (len(re.match(r"[ \t]*\n?", block[m.end():]).group(0)) if "\n" in gap else 0)
        opening = not opening
    out.append(block[pos:])
    return "".join(out)


def _escaped(marker: re.Match) -> str:
    """The marker with its punctuation escaped, so that CommonMark reads it as text: "\\-", "1\\."."""
    indent, bullet, number, delimiter = marker.groups()
    return f"{indent}\\{bullet}" if bullet else f"{indent}{number}\\{delimiter}"


def broken_tables(lines: list[str]) -> list[str | list[list[list[str]]]]:
    """The source lines with each table exported a "|" to a line replaced by its rows (each a list of
    cells, each a list of lines).

    Between two "|" lines is a cell, or nothing: an empty cell, or the place where a row ends and the next
    begins. A table ends at a blank line, or where a row that is whole closes and text follows: as many cells
    as the widest row seen, or two for the rows of the header and signature blocks, which lay out two
    columns. A row that holds the national heading or "Nơi nhận" opens a table of its own (a web page sets
    its own table of the document's particulars right before the document's header)."""
    out: list[str | list[list[list[str]]]] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != PIPE:
            out.append(lines[i])
            i += 1
            continue
        tables, i = _table_at(lines, i)
        out.extend(tables)
    return out


def _table_at(lines: list[str], start: int) -> tuple[list[list[list[list[str]]]], int]:
    """The rows of the tables whose first "|" is at `start` (one, or more where a header or signature block
    follows another table), and the index of the line after them."""
    segments: list[list[str]] = []  # the lines between consecutive "|" lines
    i, current = start + 1, []
    last_pipe = start
    while i < len(lines):
        line = lines[i]
        if line.strip() == PIPE:
            segments.append(current)
            current, last_pipe = [], i
            if _table_ends(segments, lines, i):
                i += 1
                break
        elif not line.strip():
            break
        else:
            current.append(line)
        i += 1
    else:
        i = len(lines)
    # lines after the last "|" (up to a blank line or the end) are the text that follows the table
    tables = [rows for part in _split_at_frames(segments) if (rows := _rows(part))]
    return tables, last_pipe + 1 if current else i


def _table_ends(segments: list[list[str]], lines: list[str], pipe: int) -> bool:
    """Whether the "|" at line `pipe`, which closes the last of `segments`, also closes the table (see
    `broken_tables`)."""
    if pipe + 1 >= len(lines) or lines[pipe + 1].strip() in (PIPE, ""):
        return False
    following = next((k for k in range(pipe + 1, min(pipe + 12, len(lines))) if lines[k].strip() in (PIPE, "")), None)
    if following is not None and NATIONAL.search("\n".join(lines[pipe + 1:following]).replace("*", "")):
        return False  # the next cell is the header's national heading: the header block goes on
    rows: list[list[list[str]]] = [[]]
    for segment in segments:
        if segment:
            rows[-1].append(segment)
        elif rows[-1]:
            rows.append([])
    row, before = rows[-1], (rows[-2] if len(rows) > 1 else [])
    if len(row) >= 2 and any(_lays_out(cell) for cell in row + before):
        return True
    widths = [len(r) for r in rows[:-1]]
    return bool(widths) and len(row) >= max(widths)


def _lays_out(cell: list[str]) -> bool:
    return bool(LAYOUT_TABLE.search("\n".join(cell).replace("*", "")))


def _split_at_frames(segments: list[list[str]]) -> list[list[list[str]]]:
    """The segments of one run of "|" lines cut into tables: the header block (its first cell the issuer,
    the national heading next to it) and the signature block ("Nơi nhận" first) each start a table of their
    own, whatever precedes them."""
    def holds(pattern: re.Pattern, k: int) -> bool:
        return 0 <= k < len(segments) and bool(pattern.search("\n".join(segments[k]).replace("*", "")))

    cuts = [k for k in range(1, len(segments)) if segments[k] and (
        holds(NATIONAL, k + 1) and not holds(NATIONAL, k) or holds(RECIPIENTS, k))]
    parts, start = [], 0
    for k in cuts:
        if k > start:
            parts.append(segments[start:k] if segments[k - 1] else segments[start:k - 1])
            start = k
    parts.append(segments[start:])
    return parts


NATIONAL = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI", re.IGNORECASE)
RECIPIENTS = re.compile(r"^\s*Nơi nhận", re.IGNORECASE | re.MULTILINE)


def _rows(segments: list[list[str]]) -> list[list[list[str]]]:
    """Segments into rows. An empty segment is an empty cell or the end of a row; of the readings that
    make every row end at an empty segment, the one with the fewest rows short of the table's width (merged
    cells) is taken, the width tried from the longest run of cells between empty segments up."""
    runs, run = [], 0
    for segment in segments:
        run = run + 1 if segment else (runs.append(run) or 0)
    runs.append(run)
    longest = max(runs)
    if longest == 0:
        return []
    best: tuple[int, list[list[list[str]]]] | None = None
    for width in range(longest, longest + 3):
        parsed = _rows_of_width(segments, width)
        if parsed is not None and (best is None or parsed[0] < best[0]):
            best = parsed
    return best[1] if best else [[s for s in segments if s]]


def _rows_of_width(segments: list[list[str]], width: int) -> tuple[int, list[list[list[str]]]] | None:
    """The cheapest split of `segments` into rows of at most `width` cells, each followed by an empty segment
    (or the end); a row short of `width` costs 1. None when no split exists."""
    m = len(segments)
    cost: list[float] = [float("inf")] * (m + 1)
    take = [0] * (m + 1)
    cost[m] = 0
    for i in range(m - 1, -1, -1):
        for k in range(1, min(width, m - i) + 1):
            j = i + k
            after = j if j == m else j + 1 if not segments[j] else None
            if after is None or cost[after] == float("inf"):
                continue
            c = cost[after] + (k != width) + (not any(segments[i:j]))
            if c < cost[i]:
                cost[i], take[i] = c, k
    if cost[0] == float("inf"):
        return None
    rows, i = [], 0
    while i < m:
        k = take[i]
        rows.append(segments[i:i + k])
        i += k + 1
    return int(cost[0]), [r for r in rows if any(r)]
