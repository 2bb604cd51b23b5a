"""Regression tests: inputs that crashed, hung or lost data now give a clear answer."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from govinfo import from_json, to_json, validate
from govinfo.document import Cell, Document, Paragraph, Source, Table
from govinfo.errors import SerializeError, WriteError
from govinfo.extraction import printable
from govinfo.form import iter_cell_specs
from govinfo.limits import MAX_COUNT, MAX_JSON_DEPTH, describe, out_of_range
from govinfo.model import AnnualReport, Metadata
from govinfo.writers import write

WRITERS = ("json", "csv", "text", "tabbed", "html", "docx")


def zero_report(template: str = "2021") -> AnnualReport:
    """A consistent report: every cell of the format 0."""
    report = AnnualReport(
        metadata=Metadata(template=template, year=2022 if template == "2021" else 2019, agency="某县人民政府")
    )
    return report.with_cells(
        {
            f"{t.key}/{r.key}/{c.key}": (Decimal(0) if c.kind == "decimal" else 0)
            for t, r, c in iter_cell_specs(template)
        }
    )


def _json(report: AnnualReport) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_json(report))
    return data


# --- JSON ---------------------------------------------------------------------------------


def test_deeply_nested_json_is_refused_not_a_recursion_error() -> None:
    for depth in (MAX_JSON_DEPTH + 1, 5_000, 200_000):
        with pytest.raises(SerializeError, match="levels deep"):
            from_json("[" * depth + "]" * depth)
    data = _json(zero_report())
    data["metadata"]["agency"] = json.loads("[" * 100 + "]" * 100)
    with pytest.raises(SerializeError):
        from_json(json.dumps(data))


def test_json_null_is_not_taken_for_deep_nesting() -> None:
    with pytest.raises(SerializeError, match="JSON object"):
        from_json("null")


@pytest.mark.parametrize("value", [MAX_COUNT + 1, -(MAX_COUNT + 1), 10**4000], ids=["max+1", "-max-1", "4001 digits"])
def test_a_count_beyond_the_maximum_is_refused(value: int) -> None:
    data = _json(zero_report())
    data["applications"]["granted"]["natural_person"] = value
    text = json.dumps(data)
    with pytest.raises(SerializeError, match=r"largest count|4300|digits"):
        from_json(text)


def test_the_maximum_count_itself_is_read() -> None:
    data = _json(zero_report())
    data["applications"]["granted"]["natural_person"] = MAX_COUNT
    assert from_json(json.dumps(data)).get("applications/granted/natural_person") == MAX_COUNT


@pytest.mark.parametrize("amount", ["1e999999999", "1e16", "-1e20", "0.00000000001", "1e-999999999"])
def test_an_amount_beyond_the_limits_is_refused(amount: str) -> None:
    data = _json(zero_report())
    data["active"]["admin_fees"]["amount"] = amount
    with pytest.raises(SerializeError, match=r"largest amount|decimal point|exponent"):
        from_json(json.dumps(data))


@pytest.mark.parametrize("text", ["\ud800", "a\x07b", "\x00", "\x1b[31m"])
def test_unwritable_strings_in_json_are_refused(text: str) -> None:
    data = _json(zero_report())
    data["narrative"]["overview"] = text
    with pytest.raises(SerializeError, match=r"surrogate|control character"):
        from_json(json.dumps(data))


def test_line_breaks_and_tabs_stay_in_json_strings() -> None:
    data = _json(zero_report())
    data["narrative"]["overview"] = "一\n二\t三"
    assert from_json(json.dumps(data)).narrative.overview == "一\n二\t三"


def test_an_arbitrary_amount_unit_is_refused() -> None:
    data = _json(zero_report("2019"))
    data["active"]["central_procurement"]["amount_unit"] = "??"
    with pytest.raises(SerializeError, match="amount_unit"):
        from_json(json.dumps(data))
    data["active"]["central_procurement"]["amount_unit"] = "万元"
    assert from_json(json.dumps(data)).active.central_procurement.amount_unit == "万元"  # type: ignore[union-attr]


# --- a value beyond the limits, made in Python ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    [MAX_COUNT + 1, 10**5000, Decimal("1e999999999"), Decimal("1e-999999")],
    ids=["max+1", "5001 digits", "1e999999999", "1e-999999"],
)
def test_validation_never_raises_and_says_bad_value(value: int | Decimal) -> None:
    path = "active/admin_fees/amount" if isinstance(value, Decimal) else "applications/granted/natural_person"
    report = zero_report().with_cell(path, value)
    result = validate(report)
    bad = [f for f in result.findings if f.code == "bad-value"]
    assert [f.paths for f in bad] == [(path,)]
    assert len(bad[0].message_en) < 400


@pytest.mark.parametrize("fmt", WRITERS)
def test_writers_refuse_a_value_beyond_the_limits(fmt: str) -> None:
    report = zero_report().with_cell("applications/granted/natural_person", 10**5000)
    with pytest.raises(WriteError, match="applications/granted/natural_person"):
        write(report, fmt)


def test_describe_never_builds_a_huge_string() -> None:
    assert len(describe(10**100_000)) < 60
    assert len(describe(Decimal("1e999999999"))) < 60
    assert out_of_range(True) is None
    assert out_of_range("x") is None
    assert out_of_range(Decimal("NaN")) is None


# --- text of a document --------------------------------------------------------------------


def test_control_characters_and_surrogates_do_not_reach_the_report() -> None:
    doc = Document(
        blocks=[Paragraph("一\x07二\r\n三\ud800"), Table([[Cell("a\x1bb")]])],
        source=Source(name="x\udcff.txt"),
        notes=["n\x00"],
    )
    clean = printable(doc)
    para, table = clean.blocks
    assert isinstance(para, Paragraph)
    assert para.text == "一 二\n三\ufffd"
    assert isinstance(table, Table)
    assert table.rows[0][0].text == "a b"
    assert clean.source.name == "x\ufffd.txt"
    assert clean.notes == ("n ",)


# --- cells of a document the project writes ------------------------------------------------


def _read_text(text: str, name: str = "report.txt") -> AnnualReport:
    from govinfo.api import read

    return read(text.encode("utf-8"), name=name)


def _granted_seven(cell: str) -> str:
    text = write(zero_report().with_cell("applications/granted/natural_person", 7), "text").decode()
    assert text.count("\n7 |\n") == 1
    return text.replace("\n7 |\n", f"\n{cell} |\n")


@pytest.mark.parametrize(
    "cell", ["7" * 5000, "1" + "0" * 16, "٣", "١٢"], ids=["5000 digits", "1e16", "arabic 3", "arabic 12"]
)
def test_a_cell_beyond_the_limits_or_of_foreign_digits_is_one_bad_value(cell: str) -> None:
    report = _read_text(_granted_seven(cell))
    bad = [f for f in report.findings if f.code == "bad-value"]
    assert [f.paths for f in bad] == [("applications/granted/natural_person",)]
    assert report.get("applications/granted/natural_person") is None
    assert report.get("applications/granted/commercial") == 0
    validate(report)
    for fmt in WRITERS:
        write(report, fmt)


# --- readers --------------------------------------------------------------------------------


@pytest.mark.parametrize("span", ["⑤", "²", "٣", "5⑤"])
def test_non_ascii_digits_in_a_span_are_not_a_span(span: str) -> None:
    from govinfo.readers.html import HtmlReader

    html = (
        "<html><body><p>某县2022年度政府信息公开工作年度报告</p><table>"
        f'<tr><td rowspan="{span}">a</td><td colspan="{span}">1</td></tr><tr><td>2</td></tr></table></body></html>'
    )
    document = HtmlReader().read(html.encode(), name="x.html")
    assert document.tables


def test_a_docx_member_with_bad_lzma_properties_is_a_read_error() -> None:
    import io
    import zipfile

    from govinfo.api import read
    from govinfo.errors import ReadError

    good = write(zero_report(), "docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info), compress_type=zipfile.ZIP_LZMA)
    data = bytearray(out.getvalue())
    # Each LZMA member starts with a 4-byte header and 5 bytes of properties: spoil them.
    start = 0
    while (start := data.find(b"PK\x03\x04", start)) >= 0:
        name_len, extra_len = (
            int.from_bytes(data[start + 26 : start + 28], "little"),
            int.from_bytes(data[start + 28 : start + 30], "little"),
        )
        body = start + 30 + name_len + extra_len
        data[body + 4 : body + 9] = b"\xff" * 5
        start = body
    with pytest.raises(ReadError):
        read(bytes(data), name="report.docx")


def test_check_gives_internal_errors_their_own_status(tmp_path: Any, monkeypatch: Any, capsys: Any) -> None:
    from govinfo import cli

    path = tmp_path / "report.json"
    path.write_text(to_json(zero_report()), encoding="utf-8")

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "read", broken)
    assert cli.main(["check", str(path)]) == cli.EXIT_INTERNAL == 3
    assert "Traceback" not in capsys.readouterr().err


def test_check_on_json_with_a_lone_surrogate_exits_2_without_a_traceback(tmp_path: Any, capsys: Any) -> None:
    from govinfo import cli

    data = _json(zero_report())
    data["narrative"]["overview"] = "\ud800"
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cli.main(["check", str(path)]) == cli.EXIT_FAILURE
    assert "Traceback" not in capsys.readouterr().err


# --- what is not a report, metadata -----------------------------------------------------------


def test_a_blank_template_with_its_tables_is_still_a_report() -> None:
    text = write(zero_report().with_cells({}), "text").decode()
    assert _read_text(text.replace("某县人民政府2022年度政府信息公开工作年度报告", "", 1)).findings is not None


def test_markdown_heading_marks_are_not_part_of_the_agency_or_title() -> None:
    text = write(zero_report(), "text").decode()
    title = "某县人民政府2022年度政府信息公开工作年度报告"
    for marked in (f"#{title}", f"## {title}", f"**{title}**"):
        report = _read_text(text.replace(title, marked, 1))
        assert report.metadata.title == title
        assert report.metadata.agency == "某县人民政府"
