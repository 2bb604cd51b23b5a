"""The immutable model: key-based access, structural validators, printed order."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from govinfo.labels import TABLES, cell_label, iter_cell_specs, normalize, strip_numbering
from govinfo.model import ROW_CLASSES, AnnualReport, Finding, Metadata, field_name

from .strategies import reports


@given(reports())
def test_cells_follow_the_printed_order_of_the_format(report: AnnualReport) -> None:
    """cells() yields the format's cells in printed order, each path once."""
    expected = [f"{t.key}/{r.key}/{c.key}" for t, r, c in iter_cell_specs(report.template)]

    assert expected == [path for path, _ in report.cells()]


@given(reports())
def test_with_cell_changes_one_cell_only(report: AnnualReport) -> None:
    """with_cell returns a new report differing in exactly that cell; the original is intact."""
    path, old = next(iter(report.cells()))
    new = 998 if old == 999 else 999  # a value the cell does not already hold
    changed = report.with_cell(path, new)

    assert new == changed.get(path)
    assert old == report.get(path)
    assert [path] == [p for (p, a), (_, b) in zip(report.cells(), changed.cells(), strict=True) if a != b]


def test_model_is_frozen() -> None:
    """Reports cannot be changed in place."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        AnnualReport().metadata = Metadata()  # type: ignore[misc]


def test_unknown_paths_and_values_are_refused() -> None:
    """A cell path that the format lacks is a KeyError; bad template or severity a ValueError."""
    with pytest.raises(KeyError):
        AnnualReport().get("applications/granted/nonexistent")
    with pytest.raises(KeyError):
        AnnualReport(metadata=Metadata(template="2021")).get("active/other_services/decisions")
    with pytest.raises(ValueError, match="template"):
        Metadata(template="2008")
    with pytest.raises(ValueError, match="severity"):
        Finding(code="x", severity="fatal", message="m")


def test_every_catalogue_row_has_a_model_field_and_the_same_columns() -> None:
    """labels.py and model.py agree on every row and column of both formats."""
    for table in TABLES:
        for row in table.rows:
            for template in row.templates:
                cls = ROW_CLASSES[(template, table.key, field_name(row.key))]
                assert [c.key for c in row.columns] == [
                    f.name for f in attrs.fields(cls) if f.metadata.get("cell", True)
                ]


def test_money_and_blank_cells() -> None:
    """Money is Decimal; a blank cell is None, not 0."""
    report = AnnualReport().with_cell("active/admin_fees/amount", Decimal("1.50"))

    assert Decimal("1.50") == report.get("active/admin_fees/amount")
    assert report.get("applications/granted/total") is None
    assert not report.has_row("applications", "granted")


def test_labels_normalise_and_name_cells() -> None:
    """Normalisation removes spacing and width variants; cell labels are said as printed."""
    assert "总计" == normalize("总 计")
    assert "(三)不予公开" == normalize("（三）不予公开")
    assert ("(三)", "不予公开") == strip_numbering("(三)不予公开")
    assert ("1.", "属于国家秘密") == strip_numbering(normalize("1．属于国家秘密"))
    assert "行政复议 / 结果维持" == cell_label("appeals", "review", "upheld")
    assert "（六）其他处理 / 自然人" == cell_label("applications", "other", "natural_person", "2019")


def test_locations_are_said_in_english_and_chinese() -> None:
    """A source location reads naturally in both languages."""
    from govinfo.document import Location

    location = Location(line=68, table=3, row=6, column=3)

    assert "line 68, table 3, row 6, column 3" == location.describe()
    assert "第68行，第3个表格第6行第3列" == location.describe("zh")
    assert "位置不明" == Location().describe("zh")
