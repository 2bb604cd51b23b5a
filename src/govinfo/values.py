"""Deprecated: moved to :mod:`govinfo.extraction.values` (kept importable for one release)."""

from __future__ import annotations

from govinfo.extraction.values import PLACEHOLDERS, ParsedCell, format_number, parse_cell

__all__ = ["PLACEHOLDERS", "ParsedCell", "format_number", "parse_cell"]
