"""Layout facts several readers share: the header and signature blocks set in two columns side by side,
and the lone page numbers of paged text."""
from __future__ import annotations

import re

from pipeline.lexicon.words import AUTHORITY, OFFICE

LONE_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:Trang\s*)?[1-9]\d{0,3}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.IGNORECASE)


# What the header and signature blocks hold (Word users lay them out in a borderless table; other layouts
# set their two columns side by side).
LAYOUT_TABLE = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA|Độc lập\s*-\s*Tự do|"
                          rf"^\s*Số\s*:|Nơi nhận|^\s*{AUTHORITY}\.|^\s*{OFFICE}\s*$", re.IGNORECASE | re.MULTILINE)


HEADER_LINES = 12  # the header block of a plan takes at most this many lines at the top of its first page


def order_columns(parts: list[tuple[str, float, str | None]], margin: float,
                  middle: float | None = None) -> list[str] | None:
    """The texts of a header or signature block set side by side, left column first, then right.

    `parts` are (text, where it starts, side): "left"/"right" for the halves of a line split at the gap
    between the columns, None for a line in one piece, which is in the right column when it starts no
    more than `margin` before the first right half (or past `middle` when no line was split). None when
    nothing is in the right column, or the parts hold too little of a header or signature block."""
    right_starts = [at for _, at, side in parts if side == "right"]
    if right_starts:
        threshold = min(right_starts) - margin
    elif middle is not None:
        threshold = middle
    else:
        return None
    sides = [side or ("right" if at >= threshold else "left") for _, at, side in parts]
    if "right" not in sides or sum(bool(LAYOUT_TABLE.search(text)) for text, _, _ in parts) < 2:
        return None
    return ([text for (text, _, _), side in zip(parts, sides) if side == "left"]
            + [text for (text, _, _), side in zip(parts, sides) if side == "right"])
