"""Tests for govinfo.writers.csv: the long CSV of spec/dataset.md."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo.labels import row_spec
from govinfo.model import AnnualReport, CellSource, Metadata, SourceInfo
from govinfo.writers import write
from govinfo.writers.csv import COLUMNS, write_csv, write_csv_bytes, write_csv_many

from .strategies import reports


def parse(text: str) -> list[dict[str, str]]:
    """Read a long CSV back into dicts."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def value_of(line: dict[str, str], template: str) -> int | Decimal | None:
    """Turn a line's value text back into the model's value for its column."""
    if line["value"] == "":
        return None
    spec = row_spec(line["table"], line["row"], template)
    kind = next(c.kind for c in spec.columns if c.key == line["column"])
    return Decimal(line["value"]) if kind == "decimal" else int(line["value"])


@given(report=reports())
def test_cells_round_trip(report: AnnualReport) -> None:
    """Parsing the CSV back gives exactly the report's cells, in the same order."""
    text = write_csv(report)
    lines = parse(text)
    back = [(f"{x['table']}/{x['row']}/{x['column']}", value_of(x, report.template)) for x in lines]

    assert back == list(report.cells())
    assert dict(back) == dict(report.cells())


@given(report=reports())
def test_header_and_metadata(report: AnnualReport) -> None:
    """The header is the documented one; every line carries the report's identity."""
    text = write_csv(report)
    header = next(csv.reader(io.StringIO(text, newline="")))
    lines = parse(text)

    assert tuple(header) == COLUMNS
    assert header[:4] == ["table", "row", "column", "value"]
    assert {(x["agency"], x["year"], x["template"]) for x in lines} == {
        (report.metadata.agency or "", str(report.metadata.year), report.template)
    }
    assert all(x["status"] == ("blank" if x["value"] == "" else "value") for x in lines)


@given(report=reports())
def test_line_ends_and_encoding(report: AnnualReport) -> None:
    """Lines end in CRLF (RFC 4180); the bytes writer is the same text in UTF-8, no BOM."""
    text = write_csv(report)
    data = write_csv_bytes(report)

    assert text.count("\r\n") == len(list(report.cells())) + 1
    assert "\n" not in text.replace("\r\n", "")
    assert data == text.encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert write(report, "csv") == data


def test_values_as_stated() -> None:
    """Counts are digits, changes signed, money plain decimals with every digit."""
    report = (
        AnnualReport(metadata=Metadata(template="2019", year=2019, agency="某县人民政府"))
        .with_cell("active/licensing/change", -3)
        .with_cell("active/licensing/prev_items", 302)
        .with_cell("active/central_procurement/amount", Decimal("1032.60994"))
        .with_cell("active/central_procurement/projects", 0)
    )
    report21 = (
        AnnualReport().with_cell("active/admin_fees/amount", Decimal("0E-5")).with_cell("active/regulations/issued", 5)
    )
    values = {x["column"]: x["value"] for x in parse(write_csv(report))}
    values21 = {(x["row"], x["column"]): x["value"] for x in parse(write_csv(report21))}

    assert values["change"] == "-3"
    assert values["prev_items"] == "302"
    assert values["projects"] == "0"
    assert values["amount"] == "1032.60994"
    assert values21[("admin_fees", "amount")] == "0.00000"
    assert values21[("regulations", "issued")] == "5"


def test_large_money_has_no_exponent() -> None:
    """A decimal stored with a positive exponent is written out in full."""
    report = AnnualReport().with_cell("active/admin_fees/amount", Decimal("3.16441E+5"))

    assert parse(write_csv(report))[0]["value"] == "316441"


def test_absent_rows_have_no_lines() -> None:
    """Only rows the document has produce lines; blank cells of those rows do."""
    report = AnnualReport().with_cell("applications/granted/total", 4)
    lines = parse(write_csv(report))

    assert {x["row"] for x in lines} == {"granted"}
    assert len(lines) == 7
    assert [x["value"] for x in lines if x["column"] == "total"] == ["4"]


@pytest.mark.parametrize(
    ("raw", "value", "status"),
    [
        ("12", 12, "value"),
        ("", None, "blank"),
        ("   ", None, "blank"),
        ("/", None, "placeholder"),
        ("—", None, "placeholder"),
        ("无", None, "placeholder"),
        ("见附件", None, "text"),
        ("3.5", None, "invalid"),
    ],
)
def test_raw_and_status(raw: str, value: int | None, status: str) -> None:
    """The raw text is kept and the status says what an empty value stands for."""
    path = "applications/granted/natural_person"
    report = attrs.evolve(AnnualReport().with_cell(path, value), provenance=(CellSource(path, raw),))
    line = next(x for x in parse(write_csv(report)) if x["column"] == "natural_person")

    assert line["raw"] == raw
    assert line["status"] == status
    assert line["value"] == ("" if value is None else str(value))


def test_units() -> None:
    """Units come from the format (万元) or from the cell (元 typed with the number)."""
    r21 = AnnualReport().with_cell("active/admin_fees/amount", Decimal("1.5"))
    r19 = AnnualReport(metadata=Metadata(template="2019")).with_cell(
        "active/central_procurement/amount", Decimal("251000")
    )
    assert r19.active is not None
    procurement = attrs.evolve(r19.active.central_procurement, amount_unit="元")  # type: ignore[union-attr]
    r19 = attrs.evolve(r19, active=attrs.evolve(r19.active, central_procurement=procurement))
    units19 = {x["column"]: x["unit"] for x in parse(write_csv(r19))}

    assert parse(write_csv(r21))[0]["unit"] == "万元"
    assert units19 == {"projects": "", "amount": "元"}


def test_chinese_labels() -> None:
    """Row and column labels are the printed ones, group names joined with ·."""
    report = AnnualReport().with_cell("applications/denied.state_secret/commercial", 1)
    line = next(x for x in parse(write_csv(report)) if x["column"] == "commercial")
    appeal = parse(write_csv(AnnualReport().with_cell("appeals/litigation_direct/total", 1)))

    assert line["row_label"] == "（三）不予公开·1.属于国家秘密"
    assert line["column_label"] == "法人或其他组织·商业企业"
    assert appeal[-1]["row_label"] == "行政诉讼·未经复议直接起诉"
    assert appeal[-1]["column_label"] == "总计"


def test_2019_row_in_2021_report() -> None:
    """A 2021 report that prints the single (六) row gets lines for it, with its label."""
    report = AnnualReport().with_cell("applications/other/total", 2)
    lines = parse(write_csv(report))

    assert {x["row"] for x in lines} == {"other"}
    assert lines[0]["row_label"] == "（六）其他处理"


@given(agency=st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s))
def test_quoting(agency: str) -> None:
    """Commas, quotes and line breaks in text survive RFC 4180 quoting."""
    report = AnnualReport(metadata=Metadata(agency=agency, source=SourceInfo(name='a,"b"\n.txt'))).with_cell(
        "appeals/review/total", 1
    )
    lines = parse(write_csv(report))

    assert {x["agency"] for x in lines} == {agency}
    assert {x["source"] for x in lines} == {'a,"b"\n.txt'}


@settings(max_examples=min(20, settings.default.max_examples))  # up to 3 reports each
@given(batch=st.lists(reports(), max_size=3))
def test_many_reports_one_header(batch: list[AnnualReport]) -> None:
    """Many reports make one CSV with one header; it is the single CSVs concatenated."""
    out = io.StringIO(newline="")
    count = write_csv_many(batch, out)
    text = out.getvalue()
    bodies = "".join(write_csv(r).split("\r\n", 1)[1] for r in batch)

    assert count == sum(len(list(r.cells())) for r in batch)
    assert text == ",".join(COLUMNS) + "\r\n" + bodies
    assert len(parse(text)) == count
