"""The real HTML documents of the shared corpus, read end to end and checked cell by cell.

Each document with a truth file must be read exactly: every cell as the person read it
(as the long CSV prints it), no extra cells, and errors reported exactly where the
document has inconsistencies of its own (``source_errors``). Pre-2019 reports must be
refused as unsupported. The comparison is the one of ``benchmarks/accuracy.py``.

The manifest is listed at collection time (nothing is collected without the corpus); the
tests themselves go through the ``corpus`` fixture, which skips where it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from govinfo.errors import UnsupportedFormatError
from govinfo.readers.html import HtmlReader
from tests.conftest import CORPUS, ROOT

# file name → why it is not read exactly yet (xfail, not skip). None at present.
KNOWN_FAILURES: dict[str, str] = {}


def _accuracy() -> ModuleType:
    name = "govinfo_benchmark_accuracy"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "accuracy.py")
    if spec is None or spec.loader is None:
        raise ImportError("benchmarks/accuracy.py is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _entries(*, truth: bool | None = None, template: str | None = None) -> list[Any]:
    path = CORPUS / "real" / "manifest.jsonl"
    if not path.is_file():
        return []
    params = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if entry["format"] != "html":
            continue
        if truth is not None and bool(entry.get("truth")) != truth:
            continue
        if template is not None and entry.get("template") != template:
            continue
        reason = KNOWN_FAILURES.get(entry["file"])
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(entry, id=entry["file"], marks=marks))
    return params


@pytest.mark.parametrize("entry", _entries(truth=True))
def test_cells_are_read_exactly(corpus: Path, entry: dict[str, Any]) -> None:
    result = _accuracy().evaluate(corpus, entry)
    assert result.error is None
    assert result.got_template == result.template
    assert result.wrong == ()
    assert result.extra == ()
    assert result.right == result.total > 0


@pytest.mark.parametrize("entry", _entries(truth=True))
def test_errors_are_found_exactly_where_the_document_has_some(corpus: Path, entry: dict[str, Any]) -> None:
    result = _accuracy().evaluate(corpus, entry)
    assert bool(result.codes) == bool(result.source_errors), (result.codes, result.source_errors)


@pytest.mark.parametrize("entry", _entries(template="pre-2019"))
def test_pre_2019_reports_are_refused(corpus: Path, entry: dict[str, Any]) -> None:
    from govinfo.api import read

    with pytest.raises(UnsupportedFormatError, match="pre-2019"):
        read(corpus / "real" / entry["file"])


@pytest.mark.parametrize("entry", _entries())
def test_every_page_reads_into_paragraphs_and_tables(corpus: Path, entry: dict[str, Any]) -> None:
    data = (corpus / "real" / entry["file"]).read_bytes()
    reader = HtmlReader()
    assert reader.sniff(data, None) >= 0.8
    doc = reader.read(data, name=entry["file"])
    assert doc.source.encoding == "utf-8"
    assert doc.notes == ()
    assert len(doc.tables) >= 1
    assert [t.location.table for t in doc.tables] == list(range(1, len(doc.tables) + 1))
    for table in doc.tables:
        for r, row in enumerate(table.rows, start=1):
            assert [c.location.column for c in row] == list(range(1, len(row) + 1))
            assert {c.location.row for c in row} <= {r}
    paragraphs = " ".join(p.text for p in doc.paragraphs)
    assert "年度报告" in paragraphs
    assert "<script" not in paragraphs
    assert "function(" not in paragraphs.replace(" ", "")
