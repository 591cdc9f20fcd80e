"""The Vietnamese number parser: examples from real plans and a format → parse round trip."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numbers import find_money, format_numeral, parse_numeral
from pipeline.lexicon.words import MONEY_UNITS


@pytest.mark.parametrize("text, value, decimals", [
    ("1.112.190", "1112190", 0), ("80.178,119", "80178.119", 3), ("74.062,77", "74062.77", 2),
    ("15", "15", 0), ("1,5", "1.5", 1), ("15.000.000", "15000000", 0), ("1 500", "1500", 0),
    ("2.5", "2.5", 1),  # a lone point before other than three digits is a decimal point
])
def test_parse_numeral(text: str, value: str, decimals: int):
    n = parse_numeral(text)
    assert (n.value, n.decimals) == (Decimal(value), decimals)


@pytest.mark.parametrize("text, vnd, printed", [
    ("tổng 1.112.190 triệu đồng, gồm", 1_112_190_000_000, "1.112.190 triệu đồng"),
    ("là 80.178,119 triệu đồng trong đó", 80_178_119_000, "80.178,119 triệu đồng"),
    ("khoảng 15 tỷ đồng", 15_000_000_000, "15 tỷ đồng"),
    ("bố trí 1,5 tỷ.", 1_500_000_000, "1,5 tỷ"),
    ("mức 500.000 đồng", 500_000, "500.000 đồng"),
    ("232.046 triệu, trong đó", 232_046_000_000, "232.046 triệu"),
    ("3 tr.đ", 3_000_000, "3 tr.đ"),
])
def test_find_money(text: str, vnd: int, printed: str):
    [m] = find_money(text)
    assert (m.vnd, m.printed, text[m.start:m.end]) == (vnd, printed, printed)


@pytest.mark.parametrize("text", ["tỷ lệ 25,3%", "50 triệu đồng/xã", "2 triệu người", "năm 2025", "10/13 xã"])
def test_not_money(text: str):
    assert find_money(text) == []


@given(st.decimals(min_value=0, max_value=10**12, places=4, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=4), st.sampled_from(sorted(MONEY_UNITS)))
def test_format_parse_round_trip(value: Decimal, decimals: int, unit: str):
    printed = format_numeral(value, decimals)
    shown = value.quantize(Decimal(1).scaleb(-decimals))
    n = parse_numeral(printed)
    assert (n.value, n.decimals) == (shown, decimals)
    [m] = find_money(f"Kinh phí: {printed} {unit}.")
    assert m.unit == unit and m.numeral == n
    assert m.vnd == int((shown * MONEY_UNITS[unit]).to_integral_value())
    assert m.tolerance_vnd == Decimal(5) * Decimal(10) ** (-decimals - 1) * MONEY_UNITS[unit]
