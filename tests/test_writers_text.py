"""Tests for the pipe and tab text writers: layout details and round trips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from govinfo.document import Document
from govinfo.extract import extract
from govinfo.labels import iter_cell_specs
from govinfo.model import AnnualReport, Metadata, Narrative, Procurement
from govinfo.readers.tabbed import TabbedTextReader
from govinfo.readers.text import PipeTextReader
from govinfo.registry import Registry
from govinfo.writers import write
from govinfo.writers.tabbed import write_tabbed, write_tabbed_bytes
from govinfo.writers.text import write_text, write_text_bytes
from tests.strategies import comparable, reports, set_cells

Reader = PipeTextReader | TabbedTextReader
FORMATS: dict[str, tuple[Callable[[AnnualReport], bytes], Callable[[], Reader]]] = {
    "text": (write_text_bytes, PipeTextReader),
    "tabbed": (write_tabbed_bytes, TabbedTextReader),
}


def _report(cells: dict[str, object], template: str = "2021") -> AnnualReport:
    """A whole report of zeros (every table, every row) with ``cells`` changed."""
    year = 2022 if template == "2021" else 2020
    meta = Metadata(
        agency="某县商务局", year=year, template=template, title=f"某县商务局{year}年度政府信息公开工作年度报告"
    )
    zeros = {f"{t.key}/{r.key}/{c.key}": 0 for t, r, c in iter_cell_specs(template)}
    return set_cells(AnnualReport(metadata=meta), {**zeros, **cells})


def _round_trip(report: AnnualReport, fmt: str) -> AnnualReport:
    writer, reader = FORMATS[fmt]
    document = reader().read(writer(report))
    assert isinstance(document, Document)
    return extract(document)


def _assert_round_trip(report: AnnualReport, fmt: str) -> None:
    back = _round_trip(report, fmt)
    assert [f for f in back.findings if f.severity == "error"] == []
    assert comparable(back) == comparable(report)


# --- layout details ---------------------------------------------------------------------


def test_pipe_layout_lines() -> None:
    report = _report({"active/licensing/decisions": 9893, "active/penalty/decisions": None})
    lines = write_text(report).splitlines()
    start = lines.index("第二十条第（五）项 | |||")
    assert lines[start : start + 5] == [
        "第二十条第（五）项 | |||",
        "信息内容 |",
        "本年处理决定数量 | ||",
        "行政许可 |",
        "9893 | ||",
    ]
    penalty = lines.index("行政处罚 |")
    # A blank value is a lone pipe (it ends the row); the padding follows on its own line.
    assert lines[penalty + 1 : penalty + 3] == ["|", "||"]


def test_pipe_layout_table3_headers() -> None:
    report = _report({"applications/new_received/total": 1})
    lines = write_text(report).splitlines()
    start = lines.index("申请人情况 | ||||||||")
    assert lines[start - 1].startswith("（本列数据的勾稽关系为")
    assert lines[start + 1 : start + 4] == ["自然人 |", "法人或其他组织 |", "总计 | |||||||"]
    assert "其他 | |||||" in lines


def test_tab_layout_lines() -> None:
    report = _report(
        {
            "applications/denied.process_info/natural_person": 4,
            "applications/denied.process_info/commercial": None,
        }
    )
    lines = write_tabbed(report).splitlines()
    row = lines.index("\t6.属于四类过程性信息")
    # The row starts with one empty cell for 三 and one for (三), both reaching down.
    assert lines[row - 3 : row + 3] == ["", "\t", "\t", "\t6.属于四类过程性信息", "\t4", "\t"]
    header = lines.index("\t商业企业")
    assert lines[header - 3 : header] == ["", "\t", "\t"]


def test_metadata_grid_round_trip() -> None:
    report = attrs.evolve(
        _report({"appeals/review/total": 3}),
        metadata=Metadata(
            agency="某县商务局",
            year=2023,
            title="某县商务局2023年度政府信息公开工作年度报告",
            index_number="h726966-0801-2024-0001",
            published=dt.date(2024, 1, 17),
        ),
    )
    assert write_text(report).splitlines()[0] == ("索引号： | h726966-0801-2024-0001 | 发布日期： | 2024-01-17 |")
    for fmt in FORMATS:
        back = _round_trip(report, fmt)
        assert back.metadata.index_number == "h726966-0801-2024-0001"
        assert back.metadata.published == dt.date(2024, 1, 17)


def test_agency_missing_from_the_title_round_trips_through_the_grid() -> None:
    """A title without the agency (seed 004's 2021年政务信息公开工作年度报告) keeps it in 发布机构."""
    report = attrs.evolve(
        _report({"appeals/review/total": 3}),
        metadata=Metadata(agency="中韩示范区党政综合办公室", year=2021, title="2021年政务信息公开工作年度报告"),
    )
    assert write_text(report).splitlines()[0] == "发布机构： | 中韩示范区党政综合办公室 |"
    for fmt in FORMATS:
        assert _round_trip(report, fmt).metadata.agency == "中韩示范区党政综合办公室"


def test_bytes_are_utf8_without_bom() -> None:
    report = _report({"active/admin_fees/amount": Decimal("1032.60994")})
    for data in (write_text_bytes(report), write_tabbed_bytes(report)):
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"1032.60994" in data
        data.decode("utf-8")
    assert write(report, "text") == write_text_bytes(report)
    assert write(report, "tabbed") == write_tabbed_bytes(report)


@pytest.mark.parametrize("fmt", FORMATS)
def test_detection_picks_the_writers_format(fmt: str) -> None:
    writer, _ = FORMATS[fmt]
    data = writer(_report({"applications/new_received/total": 1}))
    registry = Registry(entry_points=False)
    assert registry.detect(data).name == fmt
    assert registry.detect(data, "report.txt").name == fmt


# --- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "cells",
    [
        {"active/admin_fees/amount": Decimal("0E-5")},
        {"active/admin_fees/amount": Decimal("1032.60994"), "active/regulations/issued": None},
        {"appeals/litigation_direct/upheld": None, "appeals/litigation_direct/total": 0},
        {"applications/results_total/total": None, "applications/carried_forward/total": 7},
    ],
    ids=["zero-decimal", "fee", "blank-appeal", "blank-total"],
)
def test_round_trip_examples(fmt: str, cells: dict[str, object]) -> None:
    _assert_round_trip(_report(cells), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_2019_signed_and_procurement(fmt: str) -> None:
    report = _report(
        {
            "active/licensing/change": -12,
            "active/admin_fees/change": 3,
            "active/central_procurement/projects": 6,
            "active/central_procurement/amount": Decimal("251000"),
        },
        template="2019",
    )
    assert report.active is not None
    procurement = Procurement(projects=6, amount=Decimal("251000"), amount_unit="元")
    active = attrs.evolve(report.active, central_procurement=procurement)
    _assert_round_trip(attrs.evolve(report, active=active), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_narrative_paragraphs(fmt: str) -> None:
    report = attrs.evolve(
        _report({"appeals/review/total": 0}),
        narrative=Narrative(overview="坚持公开为常态\n推进平台建设", other_matters="未收取费用"),
    )
    _assert_round_trip(report, fmt)


@settings(max_examples=25)
@given(reports("2021"))
def test_pipe_round_trip_2021(report: AnnualReport) -> None:
    _assert_round_trip(report, "text")


@settings(max_examples=25)
@given(reports("2019"))
def test_pipe_round_trip_2019(report: AnnualReport) -> None:
    _assert_round_trip(report, "text")


@settings(max_examples=25)
@given(reports("2021"))
def test_tab_round_trip_2021(report: AnnualReport) -> None:
    _assert_round_trip(report, "tabbed")


@settings(max_examples=25)
@given(reports("2019"))
def test_tab_round_trip_2019(report: AnnualReport) -> None:
    _assert_round_trip(report, "tabbed")


# --- the seeds --------------------------------------------------------------------------


def test_seeds_read_with_the_detected_reader(corpus: Path) -> None:
    registry = Registry(entry_points=False)
    picked = {}
    for path in sorted((corpus / "seeds").glob("*.txt")):
        data = path.read_bytes()
        reader = registry.detect(data, path.name)
        document = reader.read(data, name=path.name)
        assert isinstance(document, Document)
        assert document.tables
        picked[path.name[:3]] = reader.name
    assert picked == {"000": "text", "001": "text", "002": "text", "003": "text", "004": "tabbed"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_2021_with_single_other_row(fmt: str) -> None:
    report = _report(
        {
            "applications/other.no_correction/natural_person": None,
            "applications/other/natural_person": 2,
            "applications/other/total": 2,
        }
    )
    assert report.applications is not None
    applications = attrs.evolve(report.applications, other_no_correction=None, other_fee_unpaid=None, other_other=None)
    report = attrs.evolve(report, applications=applications)
    back = _round_trip(report, fmt)
    # The extractor reads the row and says the document mixes the formats.
    assert [f.code for f in back.findings] == ["template-mixed"]
    assert comparable(attrs.evolve(back, findings=())) == comparable(report)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_narrative_before_tables(fmt: str) -> None:
    report = attrs.evolve(
        _report({}),
        narrative=Narrative(
            overview="总体平稳",
            active="主动公开情况如下表",
            applications="依申请公开情况如下表",
            appeals="复议诉讼情况如下表",
            problems="仍需改进",
            other_matters="无",
        ),
    )
    _assert_round_trip(report, fmt)


def test_a_paragraph_ending_in_a_pipe_is_refused_not_turned_into_cells() -> None:
    # Found by the fuzzing campaign: the line read back as a row of a table the report added.
    import attrs
    import pytest

    from govinfo.errors import WriteError
    from govinfo.writers import write

    from .truth.test_crashes import zero_report

    report = zero_report()
    problems = (report.narrative.problems or "没有问题。") + "\n使用帮助 | 联系我们 |"
    report = attrs.evolve(report, narrative=attrs.evolve(report.narrative, problems=problems))
    with pytest.raises(WriteError, match="ends in '\\|'"):
        write(report, "text")
    assert "使用帮助 | 联系我们 |" in bytes(write(report, "tabbed")).decode("utf-8")
