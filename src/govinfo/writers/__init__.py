"""Writers: an :class:`~govinfo.model.AnnualReport` out as JSON, CSV, text, HTML or DOCX.

Every writer is a function ``(report) -> bytes`` registered by name in :data:`WRITERS`
(dotted paths, imported on first use). :func:`write` picks one by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from govinfo.errors import WriteError

if TYPE_CHECKING:
    from govinfo.model import AnnualReport

__all__ = ["WRITERS", "write"]

WRITERS: dict[str, str] = {
    "json": "govinfo.serialize:dump_json_bytes",
    "csv": "govinfo.writers.csv:write_csv_bytes",
    "text": "govinfo.writers.text:write_text_bytes",
    "tabbed": "govinfo.writers.tabbed:write_tabbed_bytes",
    "html": "govinfo.writers.html:write_html_bytes",
    "docx": "govinfo.writers.docx:write_docx",
}
"""Writer name → ``module:function`` taking a report and returning bytes."""


def _writer(fmt: str) -> Callable[[AnnualReport], bytes]:
    try:
        dotted = WRITERS[fmt]
    except KeyError:
        raise WriteError(f"no writer named {fmt!r} (known: {', '.join(WRITERS)})") from None
    module_name, _, attr = dotted.partition(":")
    func: Callable[[AnnualReport], bytes] = getattr(importlib.import_module(module_name), attr)
    return func


def write(report: AnnualReport, fmt: str) -> bytes:
    """Return ``report`` written in layout ``fmt`` (a key of :data:`WRITERS`).

    Raises:
        WriteError: there is no writer of that name.
    """
    return _writer(fmt)(report)
