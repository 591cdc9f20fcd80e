"""Vietnamese numerals and money amounts.

`.` groups thousands and `,` marks decimals (`1.112.190`, `80.178,119`); spaces may group thousands
too. A figure keeps the decimals it was printed with: `74.062,77 triệu đồng` stands for any amount
between 74.062,765 and 74.062,775 triệu, which is what the sum checks compare (XBRL Calculations 1.1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.lexicon.words import MONEY_UNITS

# A numeral as printed: grouped thousands with optional decimals, or plain digits with optional decimals.
NUMERAL = r"\d{1,3}(?:[.\u00a0 ]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)?"

# A money amount: numeral, then a unit; "tỷ" stands alone as money ("1,5 tỷ"), "triệu" and "nghìn"
# only with "đồng" (or its abbreviations), since "2 triệu người" is not money.
MONEY_RE = re.compile(
    rf"(?<![\d.,])(?P<num>{NUMERAL})\s*"
    r"(?P<unit>(?:tỷ|tỉ)(?![^\W\d_])(?:\s*(?:đồng|đ|VNĐ|VND)\b)?(?!\s*(?:lệ|trọng))"
    r"|(?:triệu|tr\.?)\s*(?:đồng|đ|VNĐ|VND)\b|trđ\b"
    r"|(?:nghìn|ngàn)\s*(?:đồng|đ|VNĐ|VND)\b"
    r"|(?:triệu|nghìn|ngàn)(?=\s*(?:[,.;:)]|$))"
    r"|(?:đồng|VNĐ|VND)\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Numeral:
    """A printed number: its exact value and how many decimals were printed."""
    value: Decimal
    decimals: int

    @property
    def half_interval(self) -> Decimal:
        """Half the width of the interval the printed figure stands for."""
        return Decimal(5) * Decimal(10) ** (-self.decimals - 1)


def parse_numeral(text: str) -> Numeral:
    """Parse `1.112.190`, `80.178,119`, `74.062,77`, `1,5`, `15`, `1 500`; ValueError otherwise.

    A `.` followed by exactly three digits groups thousands; a lone `.` followed by other than three
    digits is read as a decimal point (English style); `,` is the decimal mark.
    """
    s = text.strip().replace("\u00a0", " ")
    if not re.fullmatch(NUMERAL, s):
        raise ValueError(f"not a numeral: {text!r}")
    if "," in s:
        whole, frac = s.split(",")
    elif "." in s and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        whole, frac = s.split(".")
    else:
        whole, frac = s, ""
    digits = re.sub(r"[. ]", "", whole)
    value = Decimal(f"{digits}.{frac}") if frac else Decimal(digits)
    return Numeral(value, len(frac))


def format_numeral(value: Decimal, decimals: int) -> str:
    """Print `value` the Vietnamese way with exactly `decimals` decimals (inverse of parse_numeral)."""
    q = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.quantize(Decimal(1))
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if decimals else "")


def unit_of(printed_unit: str) -> str:
    """Canonical unit (a key of MONEY_UNITS) of a unit as printed."""
    u = printed_unit.lower()
    if u.startswith(("tỷ", "tỉ")):
        return "tỷ đồng"
    if u.startswith(("triệu", "tr")):
        return "triệu đồng"
    if u.startswith(("nghìn", "ngàn")):
        return "nghìn đồng"
    return "đồng"


@dataclass(frozen=True)
class Money:
    """A money amount found in text, with its span."""
    numeral: Numeral
    unit: str           # đồng / nghìn đồng / triệu đồng / tỷ đồng
    printed: str
    start: int
    end: int

    @property
    def vnd(self) -> int:
        return int((self.numeral.value * MONEY_UNITS[self.unit]).to_integral_value())

    @property
    def tolerance_vnd(self) -> Decimal:
        """Half-width, in đồng, of the interval the printed figure stands for."""
        return self.numeral.half_interval * MONEY_UNITS[self.unit]


def find_money(text: str, offset: int = 0) -> list[Money]:
    """Every money amount in `text`; spans are shifted by `offset`. Rates ("50 triệu đồng/xã") are left out."""
    out = []
    for m in MONEY_RE.finditer(text):
        if re.match(r"\s*/\s*\w", text[m.end():]):
            continue
        out.append(Money(parse_numeral(m.group("num")), unit_of(m.group("unit")), m.group(0),
                         offset + m.start(), offset + m.end()))
    return out
