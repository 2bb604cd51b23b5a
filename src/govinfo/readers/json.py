"""Reader of govinfo's own JSON export (``format="json"``): an AnnualReport, no extraction.

The JSON written by :func:`govinfo.to_json` is already structured, so this reader returns
an :class:`~govinfo.model.AnnualReport` directly (DESIGN.md: a reader may do so where
its input is already structured), and ``govinfo check report.json`` re-validates a
stored report.
"""

from __future__ import annotations

import re

from govinfo.errors import ReadError, SerializeError
from govinfo.model import AnnualReport

__all__ = ["JsonReader"]

_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
_VERSION = re.compile(rb'"format_version"\s*:')


class JsonReader:
    """Reads a report exported as govinfo JSON."""

    name = "json"
    extensions: tuple[str, ...] = (".json",)

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: 0.95 for a JSON object carrying govinfo's ``format_version`` key."""
        try:
            if not _START.match(data[:64]):
                return 0.0
            return 0.95 if _VERSION.search(data[:4096]) or _VERSION.search(data[-4096:]) else 0.1
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> AnnualReport:
        """Read a govinfo JSON export.

        Raises:
            ReadError: the bytes are not govinfo JSON (with the problems found, by path).
        """
        from govinfo.serialize import from_json

        try:
            return from_json(data)
        except SerializeError as exc:
            details = "; ".join(exc.messages[:5]) or str(exc)
            raise ReadError(f"not a govinfo JSON report: {details}", source=name, reader=self.name) from exc
