"""Page furniture that paged sources leave in their text: page numbers on a line of their own."""

from __future__ import annotations

import re

__all__ = ["PAGE_NUMBER"]

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－―‒~～]+\s*\d{1,4}\s*[-—–－―‒~～]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
"""A line that is only a page number: ``- 4 -``, ``— 1 —``, ``第 2 页``, ``第2页共5页``, ``Page 3 of 9``."""
