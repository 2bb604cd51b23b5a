"""Tests for govinfo.serialize: lossless JSON, exact decimals, strict structuring."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.document import Location
from govinfo.errors import SerializeError
from govinfo.model import (
    Active2019,
    AnnualReport,
    CellSource,
    Finding,
    Metadata,
    Procurement,
    SourceInfo,
)
from govinfo.serialize import (
    FORMAT_VERSION,
    dump_json_bytes,
    finding_to_dict,
    from_dict,
    from_json,
    to_dict,
    to_json,
)

from .strategies import reports

# --- strategies: reports with provenance, findings and full metadata --------------------

_opt_int = st.none() | st.integers(min_value=1, max_value=5000)
locations = st.builds(
    Location,
    line=_opt_int,
    table=_opt_int,
    row=_opt_int,
    column=_opt_int,
    paragraph=_opt_int,
    part=st.none() | st.sampled_from(["word/document.xml", "body"]),
)
# Any finite decimal, exponent forms included ("1E+3", "0E-5").
decimals = st.decimals(allow_nan=False, allow_infinity=False)
codes = st.sampled_from(["A21-1", "A19-2", "missing-row", "narrative-mismatch"])
texts = st.text(max_size=30)


@st.composite
def findings(draw: Any, paths: list[str]) -> Finding:
    """A finding about some of the report's cells."""
    chosen = draw(st.lists(st.sampled_from(paths), max_size=3)) if paths else []
    return Finding(
        code=draw(codes),
        severity=draw(st.sampled_from(["error", "warning", "info"])),
        message=draw(texts),
        message_en=draw(texts),
        paths=tuple(chosen),
        location=draw(st.none() | locations),
        expected=draw(st.none() | decimals),
        actual=draw(st.none() | decimals),
        assumed_zero=tuple(draw(st.lists(st.sampled_from(paths), max_size=2)) if paths else []),
    )


@st.composite
def full_reports(draw: Any, template: str) -> AnnualReport:
    """A consistent report plus provenance, findings and every metadata field."""
    report = draw(reports(template))
    paths = [path for path, _ in report.cells()]
    provenance = tuple(
        CellSource(path, draw(st.sampled_from(["", "/", "—", "无", "251000元"]) | texts), draw(locations))
        for path in draw(st.lists(st.sampled_from(paths), max_size=12))
    )
    metadata = attrs.evolve(
        report.metadata,
        index_number=draw(st.none() | texts),
        published=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))),
        source=SourceInfo(
            name=draw(st.none() | texts),
            sha256=draw(st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)),
            reader=draw(st.none() | st.sampled_from(["text", "tabbed", "html", "docx"])),
            encoding=draw(st.none() | st.sampled_from(["utf-8", "gb18030"])),
            encoding_reason=draw(st.none() | st.sampled_from(["bom", "declared"])),
        ),
    )
    if template == "2019" and isinstance(report.active, Active2019) and draw(st.booleans()):
        procurement = report.active.central_procurement or Procurement()
        report = attrs.evolve(
            report,
            active=attrs.evolve(
                report.active,
                central_procurement=attrs.evolve(procurement, amount_unit=draw(st.sampled_from(["元", "万元"]))),
            ),
        )
    return attrs.evolve(
        report,
        metadata=metadata,
        provenance=provenance,
        findings=tuple(draw(st.lists(findings(paths), max_size=4))),
    )


# --- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["2019", "2021"])
@given(data=st.data())
def test_round_trip(template: str, data: st.DataObject) -> None:
    """from_json(to_json(r)) gives back an equal report, provenance and findings included."""
    report = data.draw(full_reports(template))

    assert report == from_json(to_json(report))
    assert report == from_dict(json.loads(json.dumps(to_dict(report))))


@given(report=reports())
def test_json_bytes_round_trip(report: AnnualReport) -> None:
    """The json writer's bytes are UTF-8 JSON ending in a newline, and read back equal."""
    data = dump_json_bytes(report)

    assert data.endswith(b"\n")
    assert report == from_json(data)


@given(report=reports(), indent=st.none() | st.integers(0, 4))
def test_json_is_plain_json(report: AnnualReport, indent: int | None) -> None:
    """The output is standard JSON: no floats, no NaN, format_version first."""
    text = to_json(report, indent=indent)
    parsed = json.loads(text, parse_float=lambda s: pytest.fail(f"float in JSON: {s}"))

    assert ["format_version", *list(parsed)[1:]] == list(parsed)
    assert parsed["format_version"] == FORMAT_VERSION


# --- shape ------------------------------------------------------------------------------


def test_rows_appear_under_stable_keys() -> None:
    """Table 3 rows use the dataset keys; absent rows are left out, blank cells are null."""
    report = (
        AnnualReport()
        .with_cell("applications/denied.state_secret/total", 3)
        .with_cell("applications/other.no_correction/natural_person", None)
    )
    data = to_dict(report)

    assert {"denied.state_secret", "other.no_correction"} == set(data["applications"])
    assert data["applications"]["denied.state_secret"]["total"] == 3
    assert data["applications"]["other.no_correction"]["natural_person"] is None
    assert "granted" not in data["applications"]


def test_2019_other_row_key() -> None:
    """The single (六) row of the 2019 format is the key ``other``."""
    report = AnnualReport(metadata=Metadata(template="2019")).with_cell("applications/other/total", 7)

    assert {
        k: {c: v for c, v in row.items() if v is not None} for k, row in to_dict(report)["applications"].items()
    } == {"other": {"total": 7}}


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_active_follows_template(template: str) -> None:
    """Table 2 is read back as the class of the metadata's format."""
    path = "active/regulations/made" if template == "2019" else "active/regulations/issued"
    report = AnnualReport(metadata=Metadata(template=template)).with_cell(path, 5)
    back = from_json(to_json(report))

    assert type(report.active) is type(back.active)
    assert back.get(path) == 5


@pytest.mark.parametrize(
    ("text", "exponent"),
    [("1032.60994", -5), ("0E-5", -5), ("0.00000", -5), ("316441", 0), ("0.1", -1)],
)
def test_decimal_is_exact(text: str, exponent: int) -> None:
    """Money is a plain decimal string with every digit, read back with its exponent."""
    report = AnnualReport().with_cell("active/admin_fees/amount", Decimal(text))
    stored = to_dict(report)["active"]["admin_fees"]["amount"]
    back = from_json(to_json(report)).get("active/admin_fees/amount")

    assert isinstance(stored, str)
    assert "E" not in stored.upper()
    assert Decimal(text) == Decimal(stored)
    assert isinstance(back, Decimal)
    assert exponent == back.as_tuple().exponent
    assert format(Decimal(text), "f") == stored


def test_large_exponent_written_plainly() -> None:
    """A decimal with a positive exponent is written without exponent notation."""
    report = AnnualReport().with_cell("active/admin_fees/amount", Decimal("1E+3"))

    assert to_dict(report)["active"]["admin_fees"]["amount"] == "1000"


def test_date_is_iso() -> None:
    """Dates are ISO strings."""
    report = AnnualReport(metadata=Metadata(published=dt.date(2024, 1, 17)))

    assert to_dict(report)["metadata"]["published"] == "2024-01-17"
    assert dt.date(2024, 1, 17) == from_json(to_json(report)).metadata.published


# --- bad input --------------------------------------------------------------------------


def _base() -> dict[str, Any]:
    report = (
        AnnualReport()
        .with_cell("applications/denied.state_secret/total", 3)
        .with_cell("active/admin_fees/amount", Decimal("1.5"))
        .with_cell("appeals/review/total", 2)
    )
    return to_dict(report)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "not a JSON document"),
        (b"\xff\xfe\xfa", "not a JSON document"),
        ("[1, 2]", "JSON object"),
        ("{}", "format_version"),
        ('{"format_version": 2}', "format_version"),
        ('{"format_version": "1"}', "format_version"),
    ],
)
def test_unreadable_json(text: str | bytes, fragment: str) -> None:
    """Text that is not a version-1 report object raises SerializeError."""
    with pytest.raises(SerializeError, match=fragment) as info:
        from_json(text)

    assert info.value.messages
    assert all(" @ $" in m for m in info.value.messages)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["applications"]["denied.state_secret"].update(total="3"),
            "expected an integer, not str '3' @ $.applications['denied.state_secret'].total",
        ),
        (
            lambda d: d["appeals"]["review"].update(total=2.0),
            "expected an integer, not float 2.0 @ $.appeals.review.total",
        ),
        (
            lambda d: d["appeals"]["review"].update(total=True),
            "expected an integer, not bool True @ $.appeals.review.total",
        ),
        (
            lambda d: d["active"]["admin_fees"].update(amount=1.5),
            "expected a decimal number as a string, not float 1.5 @ $.active.admin_fees.amount",
        ),
        (
            lambda d: d["active"]["admin_fees"].update(amount="1,5"),
            "not a decimal number: '1,5' @ $.active.admin_fees.amount",
        ),
        (
            lambda d: d["active"]["admin_fees"].update(amount="NaN"),
            "not a finite decimal number: 'NaN' @ $.active.admin_fees.amount",
        ),
        (
            lambda d: d["applications"].update(denied_state_secret={"total": 1}),
            "extra fields found (denied_state_secret) @ $.applications",
        ),
        (
            lambda d: d["metadata"].update(template="2020"),
            "template must be one of ('2019', '2021'), not '2020' @ $.metadata",
        ),
        (
            lambda d: d["metadata"].update(published="2024-13-01"),
            "@ $.metadata.published",
        ),
        (
            lambda d: d["metadata"].update(template="2019"),
            "extra fields found (amount) @ $.active.admin_fees",
        ),
        (
            lambda d: d.update(findings=[{"code": "x", "severity": "fatal", "message": "m"}]),
            "severity must be one of",
        ),
    ],
)
def test_wrong_shape(change: Any, message: str) -> None:
    """A report object of the wrong shape names each problem with its JSON path."""
    data = _base()
    change(data)
    with pytest.raises(SerializeError) as info:
        from_dict(data)

    assert any(message in m for m in info.value.messages), info.value.messages


def test_every_problem_is_reported() -> None:
    """Problems in table 2 and elsewhere are reported together, not one at a time."""
    data = _base()
    data["active"]["admin_fees"]["amount"] = 1.5
    data["appeals"]["review"]["total"] = "2"
    with pytest.raises(SerializeError) as info:
        from_dict(data)

    assert len(info.value.messages) == 2


# --- findings ---------------------------------------------------------------------------


def test_finding_to_dict() -> None:
    """A finding becomes plain builtins with decimals as strings."""
    finding = Finding(
        code="A21-1",
        severity="error",
        message="不平衡",
        paths=("applications/new_received/total",),
        location=Location(line=12),
        expected=Decimal("302"),
        actual=Decimal("301"),
    )
    data = finding_to_dict(finding)

    assert data["expected"] == "302"
    assert data["location"] == {"line": 12}
    assert data["paths"] == ["applications/new_received/total"]
    assert json.loads(json.dumps(data)) == data
