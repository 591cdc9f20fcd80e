"""Explicit pyarrow schemas of the output tables (see tables.py)."""
