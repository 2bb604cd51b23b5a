"""docs/limits.md lists the limits the code applies, with their values."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "limits.md"
_ROW = re.compile(r"^\| [^|]+ \| (?P<value>[0-9.]+) \| `(?P<name>[\w.]+)` \|")


def _rows() -> list[tuple[str, str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            rows.append((match.group("name"), match.group("value")))
    return rows


def test_every_documented_limit_is_the_one_in_the_code() -> None:
    rows = _rows()
    assert len(rows) >= 20
    for name, value in rows:
        module, _, attr = name.rpartition(".")
        actual = getattr(importlib.import_module(module), attr)
        assert Decimal(str(actual)) == Decimal(value), name


def test_every_limit_of_govinfo_limits_is_documented() -> None:
    import govinfo.limits

    documented = {name for name, _ in _rows()}
    for attr in govinfo.limits.__all__:
        if attr.isupper():
            assert f"govinfo.limits.{attr}" in documented, attr
