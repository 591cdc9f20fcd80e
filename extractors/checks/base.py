"""What a check is, and how printed figures are compared.

Rounding follows XBRL Calculations 1.1: a printed figure stands for the interval its printed decimals
allow (`74.062,77` triệu is 74.062,765 … 74.062,775 triệu), and a total is inconsistent with its parts
only when its interval and the interval of their sum cannot meet. A relation that cannot be checked
(a part unreadable, a breakdown that names only some parts) is `skip` or `warn`, never `fail`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


# Why a relation in a text that is not an administrative document of its own is only a doubt
NOT_AUTHORED = ("the text has neither a number nor a type of administrative document: a web page, an "
                "encyclopedia article or a Q&A page that quotes and compiles other texts",
                "văn bản không có số, không có loại văn bản hành chính: trang web, bài viết hoặc hỏi đáp "
                "trích dẫn văn bản khác")
# A page read by OCR (a scan, a text layer that was not text): a misread mark ("c." as "C.", "27" as "21")
# makes a failure of what the page prints right
READ_BY_OCR = ("the page was read by OCR, which may have misread a figure or a marker",
               "trang được nhận dạng bằng OCR, có thể đọc sai số hoặc ký hiệu")


@dataclass
class Check:
    rule: str
    status: str
    expected: Decimal | None          # the stated figure (VND for money, a count otherwise)
    actual: Decimal | None            # what its parts give
    tolerance: Decimal                # how far apart they may be from rounding alone
    message: str
    message_vi: str
    start: int                        # span of the stated figure
    end: int
    unit: str | None = None           # VND, or the counted thing
    item_ids: list[str] = field(default_factory=list)
    part_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A printed figure as an interval: value ± half."""
    value: Decimal
    half: Decimal


def compare(total: Figure, parts: list[Figure]) -> tuple[Decimal, Decimal, bool]:
    """(sum of the parts, tolerance, consistent?): consistent when the intervals can meet."""
    actual = sum((p.value for p in parts), Decimal(0))
    tolerance = total.half + sum((p.half for p in parts), Decimal(0))
    return actual, tolerance, abs(total.value - actual) <= tolerance
