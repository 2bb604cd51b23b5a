"""Tables the form does not have: kept as printed, in the model, the JSON, the CSV and the layouts.

The documents are the project's own: a report written by govinfo's writers, with a table
of the document's own (信息处理费收取情况) inserted in each layout's syntax.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govinfo
from govinfo.errors import SerializeError, WriteError
from govinfo.model import AnnualReport, ExtraTable
from govinfo.serialize import from_dict, from_json, to_dict, to_json
from govinfo.testing import comparable, extra_tables, reports
from govinfo.validation import validate
from govinfo.writers import write
from govinfo.writers._layout import LayoutTable as _LayoutTable
from govinfo.writers._layout import grid, layout

ROOT = Path(__file__).resolve().parent
BASE = ROOT / "samples" / "review" / "clean-2023.txt"

HEADING = "七、信息处理费收取情况"
ROWS = (("项目", "通知收取件数", "金额（元）", "实际收取金额（元）"), ("信息处理费", "2", "380", "380元"))
EXPECTED = ExtraTable(heading=HEADING, section="other_matters", rows=ROWS)
Rows = tuple[tuple[str, ...], ...]
EXTENSIONS = {"text": ".txt", "tabbed": ".tsv", "html": ".html", "docx": ".docx", "json": ".json", "markdown": ".md"}


@pytest.fixture(scope="module")
def base() -> AnnualReport:
    return govinfo.read(BASE)


def _markdown(report: AnnualReport) -> str:
    """The report as Markdown: headings and paragraphs as lines, each table as a pipe table."""
    out: list[str] = []
    for block in layout(report):
        if isinstance(block, _LayoutTable):
            for i, row in enumerate(grid(block)):
                out.append("| " + " | ".join("" if slot.spanned else slot.text for slot in row) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(row))
        else:
            out.append(("# " if getattr(block, "level", 2) == 1 else "") + block.text)
        out.append("")
    return "\n".join(out)


def _docx_with_extra(data: bytes, rows: Rows, heading: str) -> bytes:
    """A DOCX govinfo wrote, with a heading paragraph and a table inserted at the end of its body."""

    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    body_rows = "".join("<w:tr>" + "".join(cell(t) for t in row) + "</w:tr>" for row in rows)
    grid_cols = "".join('<w:gridCol w:w="2000"/>' for _ in rows[0])
    inserted = (
        f"<w:p><w:r><w:t>{heading}</w:t></w:r></w:p>"
        f"<w:tbl><w:tblPr/><w:tblGrid>{grid_cols}</w:tblGrid>{body_rows}</w:tbl><w:p/>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                text = body.decode("utf-8")
                at = text.rindex("<w:sectPr")
                body = (text[:at] + inserted + text[at:]).encode("utf-8")
            dst.writestr(info, body)
    return out.getvalue()


def _with_extra(report: AnnualReport, fmt: str, rows: Rows = ROWS, heading: str = HEADING) -> bytes:
    """``report`` written in layout ``fmt``, a section 七 with its own table appended in that syntax."""
    if fmt == "docx":
        return _docx_with_extra(write(report, "docx"), rows, heading)
    if fmt == "markdown":
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * len(rows[0]))
        return (_markdown(report) + f"\n{heading}\n\n" + "\n".join(lines) + "\n").encode("utf-8")
    text = write(report, fmt).decode("utf-8")
    if fmt == "text":
        return (text + heading + "\n" + "".join(" | ".join(row) + " |\n" for row in rows)).encode("utf-8")
    if fmt == "tabbed":
        return (text + heading + "\n" + "".join("".join(f"\t{t}" for t in row) + "\n\n" for row in rows)).encode()
    assert fmt == "html"
    cells = "".join(
        "<tr>" + "".join(f"<{'th' if i == 0 else 'td'}>{t}</{'th' if i == 0 else 'td'}>" for t in row) + "</tr>"
        for i, row in enumerate(rows)
    )
    return text.replace("</body>", f"<h2>{heading}</h2>\n<table border=1>{cells}</table>\n</body>").encode("utf-8")


# --- reading: the table is kept, the form's cells are untouched -----------------------------


@pytest.mark.parametrize("fmt", ["text", "tabbed", "html", "docx", "markdown"])
def test_an_inserted_table_of_the_documents_own_is_kept_and_the_forms_cells_are_untouched(
    base: AnnualReport, fmt: str
) -> None:
    plain = govinfo.read(_markdown(base).encode(), name="r.md") if fmt == "markdown" else base
    report = govinfo.read(_with_extra(base, fmt), name="report" + EXTENSIONS[fmt])
    assert report.extras == (EXPECTED,)
    assert list(report.cells()) == list(plain.cells())
    assert report.narrative == plain.narrative  # the heading is the table's, not narrative
    assert not report.findings  # no unplaced-value: its numbers are nobody's
    found = validate(report).findings
    assert [f.code for f in found] == ["extra-table"]
    (info,) = found
    assert info.severity == "info"
    assert info.paths == ("extra.1",)
    assert HEADING in info.message
    assert "extra.1" in info.message_en
    # Every cell's text and location are kept, as the form's cells' are; the finding is at the first.
    corner, label = report.source_of("extra.1/1/1"), report.source_of("extra.1/2/1")
    assert corner is not None
    assert label is not None
    assert (corner.raw, label.raw) == ("项目", "信息处理费")
    assert info.location == corner.location
    assert corner.location != label.location
    assert len([p for p in report.provenance if p.path.startswith("extra.1/")]) == 8


@pytest.mark.parametrize("fmt", ["text", "tabbed", "html", "docx", "markdown"])
@pytest.mark.parametrize(
    "rows",
    [
        (("项目", "自然人", "总计"), ("信息处理费", "7", "7")),  # a header of the form's table 3
        (("项目", "件数"), ("（一）予以公开", "7")),  # a row label of the form's table 3
    ],
)
def test_a_table_with_texts_of_the_form_is_no_extra_table(base: AnnualReport, fmt: str, rows: Rows) -> None:
    plain = govinfo.read(_markdown(base).encode(), name="r.md") if fmt == "markdown" else base
    report = govinfo.read(_with_extra(base, fmt, rows), name="report" + EXTENSIONS[fmt])
    assert report.extras == ()
    assert report.get("applications/granted/natural_person") == plain.get("applications/granted/natural_person")


def test_a_row_the_form_lacks_inside_table_3_stays_an_error(base: AnnualReport) -> None:
    """Conservative: numbers after an unknown label inside a form table are unplaced-value errors."""
    text = write(base, "text").decode("utf-8")
    last = "四、结转下年度继续办理 |"
    at = text.index(last)
    row = "".join(f"{t} |\n" for t in ("（八）其他说明", *["1"] * 7))
    report = govinfo.read((text[:at] + row + text[at:]).encode("utf-8"), name="r.txt")
    assert report.extras == ()
    assert "unplaced-value" in {f.code for f in report.findings}
    assert not validate(report).ok


def test_a_table_before_the_first_section_is_no_extra_table(base: AnnualReport) -> None:
    text = write(base, "text").decode("utf-8")
    report = govinfo.read(("访问量 | 12345 | 次 |\n" + text).encode("utf-8"), name="r.txt")
    assert report.extras == ()


def test_the_short_paragraph_before_the_table_is_its_heading_a_long_one_is_narrative(base: AnnualReport) -> None:
    text = write(base, "text").decode("utf-8")
    long = "本年度" + "收取信息处理费的情况" * 8 + "。"
    table = "".join(" | ".join(row) + " |\n" for row in ROWS)
    report = govinfo.read((text + long + "\n" + table).encode("utf-8"), name="r.txt")
    assert report.extras == (attrs.evolve(EXPECTED, heading=None),)
    assert report.narrative.other_matters is not None
    assert long in report.narrative.other_matters


# --- the model and the JSON ----------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(extras=True))
def test_json_round_trip_with_extra_tables(report: AnnualReport) -> None:
    assert from_json(to_json(report)) == report


@settings(max_examples=60, deadline=None)
@given(extra_tables())
def test_extra_values_are_the_cells_of_the_data_rows_but_their_labels(table: ExtraTable) -> None:
    values = list(table.values("extra.1"))
    assert values  # every table has a data row with a number
    for v in values:
        _, r, c = v.path.split("/")
        assert int(r) > table.header_rows
        assert table.rows[int(r) - 1][int(c) - 1] == v.raw
        if v.value is not None:
            assert v.status == "value"
            assert isinstance(v.value, Decimal)
        if int(c) == 1:
            assert not table.labelled(int(r) - 1)
        else:
            assert v.row_label == (table.rows[int(r) - 1][0] if table.labelled(int(r) - 1) else "")


def test_a_report_without_extra_tables_has_the_json_it_had() -> None:
    report = govinfo.read(BASE)
    assert "extras" not in to_dict(report)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.update(rows=[["a", "1", ""]]), "ends in an empty cell"),
        (lambda t: t.update(rows=[]), "at least one row"),
        (lambda t: t.update(rows=[["a|b", "1"]]), "'|'"),
        (lambda t: t.update(rows=[["a", 1]]), "expected a string"),
        (lambda t: t.update(section="seven"), "section must be one of"),
        (lambda t: t.update(colour="red"), "colour"),
    ],
)
def test_json_refuses_an_extra_table_that_no_layout_prints(change: object, message: str) -> None:
    data = to_dict(AnnualReport(extras=[EXPECTED]))
    table = data["extras"][0]
    change(table)  # type: ignore[operator]
    with pytest.raises(SerializeError) as info:
        from_dict(data)
    assert message in str(info.value)
    assert "$.extras[0]" in str(info.value)


def test_json_refuses_control_characters_in_an_extra_table() -> None:
    data = to_dict(AnnualReport(extras=[attrs.evolve(EXPECTED, heading="七、\x07信息处理费")]))
    with pytest.raises(SerializeError, match=r"extras\[0\]\.heading"):
        from_dict(data)


# --- writing: read(write(r)) == r, or the writer says why ---------------------------------


@pytest.mark.parametrize("fmt", ["text", "tabbed", "html", "docx"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(extras=True))
def test_the_printed_layouts_give_extra_tables_back_or_say_why(fmt: str, report: AnnualReport) -> None:
    try:
        data = write(report, fmt)
    except WriteError as exc:
        refusal = str(exc)
    else:
        refusal = ""
    if refusal:
        assert re.match(r"cannot write table extra\.\d+ \(.*\) in the .* layout: ", refusal), refusal
        return
    back = govinfo.read(data, name="report" + EXTENSIONS[fmt])
    assert comparable(back) == comparable(report)


@pytest.mark.parametrize("fmt", ["text", "tabbed", "html", "docx"])
def test_a_read_report_with_an_extra_table_round_trips(base: AnnualReport, fmt: str) -> None:
    report = govinfo.read(_with_extra(base, "text"), name="r.txt")
    back = govinfo.read(write(report, fmt), name="report" + EXTENSIONS[fmt])
    assert comparable(back) == comparable(report)
    assert back.extras == (EXPECTED,)


def test_an_untitled_table_after_a_short_paragraph_is_refused_with_the_reason(base: AnnualReport) -> None:
    report = attrs.evolve(
        base,
        narrative=attrs.evolve(base.narrative, other_matters="无其他事项"),
        extras=[attrs.evolve(EXPECTED, heading=None)],
    )
    for fmt in ("text", "tabbed", "html", "docx"):
        with pytest.raises(WriteError, match="would read back as its heading"):
            write(report, fmt)
    # JSON and CSV keep it.
    assert from_json(write(report, "json")) == report
    assert "extra.1" in write(report, "csv").decode()


def test_two_untitled_tables_in_a_row_are_refused_by_the_text_layouts_only(base: AnnualReport) -> None:
    untitled = attrs.evolve(EXPECTED, heading=None)
    report = attrs.evolve(base, narrative=attrs.evolve(base.narrative, other_matters=None), extras=[EXPECTED, untitled])
    for fmt in ("text", "tabbed"):
        with pytest.raises(WriteError, match="run into the table before it"):
            write(report, fmt)
    for fmt in ("html", "docx"):
        back = govinfo.read(write(report, fmt), name="report" + EXTENSIONS[fmt])
        assert back.extras == report.extras


def test_texts_of_the_form_are_refused(base: AnnualReport) -> None:
    report = attrs.evolve(base, extras=[ExtraTable(heading="附表", rows=[("行政复议", "3")])])
    with pytest.raises(WriteError, match="would not read back as a table the form lacks"):
        write(report, "html")


def test_extra_tables_out_of_section_order_are_refused(base: AnnualReport) -> None:
    report = attrs.evolve(base, extras=[EXPECTED, attrs.evolve(EXPECTED, section="overview")])
    with pytest.raises(WriteError, match="not in the order of their sections"):
        write(report, "text")


# --- the CSV and the CLI -------------------------------------------------------------------


def test_csv_lines_of_an_extra_table(base: AnnualReport) -> None:
    report = govinfo.read(_with_extra(base, "html"), name="r.html")
    lines = list(csv.DictReader(io.StringIO(write(report, "csv").decode("utf-8"))))
    form = [line for line in lines if not line["table"].startswith("extra.")]
    assert [(line["table"], line["row"], line["column"]) for line in form] == [
        tuple(p.split("/")) for p, _ in report.cells()
    ]
    extra = [line for line in lines if line["table"].startswith("extra.")]
    assert [(x["table"], x["row"], x["column"], x["value"], x["unit"], x["raw"], x["status"]) for x in extra] == [
        ("extra.1", "2", "2", "2", "", "2", "value"),
        ("extra.1", "2", "3", "380", "", "380", "value"),
        ("extra.1", "2", "4", "380", "元", "380元", "value"),
    ]
    assert {x["row_label"] for x in extra} == {f"{HEADING}·信息处理费"}
    assert [x["column_label"] for x in extra] == ["通知收取件数", "金额（元）", "实际收取金额（元）"]


def test_cli_check_and_convert(base: AnnualReport, tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_bytes(_with_extra(base, "text"))
    check = subprocess.run(
        [sys.executable, "-m", "govinfo", "check", str(source)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "extra-table" in check.stdout
    assert HEADING in check.stdout
    convert = subprocess.run(
        [sys.executable, "-m", "govinfo", "convert", str(source), "--to", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = list(csv.reader(io.StringIO(convert.stdout)))
    assert rows[-1][:4] == ["extra.1", "2", "4", "380"]
    assert rows[-1][-1] == "value"
    as_json = subprocess.run(
        [sys.executable, "-m", "govinfo", "convert", str(source), "--to", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(as_json.stdout)["extras"] == [
        {"heading": HEADING, "section": "other_matters", "rows": [list(r) for r in ROWS]}
    ]


@given(st.data())
@settings(max_examples=20, deadline=None)
def test_extra_values_never_exceed_the_limits(data: st.DataObject) -> None:
    huge = "9" * data.draw(st.integers(16, 6000))
    table = ExtraTable(rows=[("项目", "金额"), ("信息处理费", huge)])
    report = AnnualReport(extras=[table])
    (value,) = report.extra_values()
    assert value.value is None
    assert value.status == "invalid"
    assert huge in write(report, "csv").decode()


# --- a table of its own printed as the last rows of one of the form's ----------------------

GLUED = (("信息处理费收取情况",), ROWS[0], ROWS[1])


def _glued(base: AnnualReport, fmt: str, rows: Rows) -> bytes:
    """Table 4 with ``rows`` as its last rows (two tables Word or a CMS joined into one)."""
    if fmt == "html":
        html = write(base, "html").decode("utf-8")
        end = html.index("</table>", html.index('<table class="govinfo-appeals"'))
        added = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in rows)
        return (html[:end] + added + html[end:]).encode("utf-8")
    assert fmt == "text"
    text = write(base, "text").decode("utf-8")
    at = text.index("五、存在的主要问题及改进情况")
    added = "".join(" | ".join(row) + " | |\n" for row in rows)
    return (text[:at] + added + text[at:]).encode("utf-8")


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_a_table_with_its_own_header_glued_to_table_4_is_an_extra_table(base: AnnualReport, fmt: str) -> None:
    report = govinfo.read(_glued(base, fmt, GLUED), name="report" + EXTENSIONS[fmt])
    # The pipe layout has no row end after table 4's last value: the title line joins that row.
    kept = GLUED if fmt == "html" else GLUED[1:]
    assert report.extras == (ExtraTable(heading=None, section="appeals", rows=kept),)
    assert list(report.cells()) == list(base.cells())
    assert [f.code for f in validate(report).findings] == ["extra-table"]
    # Written on its own after table 4, it reads back where tables stay apart.
    for out in ("html", "docx"):
        back = govinfo.read(write(report, out), name="report" + EXTENSIONS[out])
        assert comparable(back) == comparable(report)
    with pytest.raises(WriteError, match="run into the table before it"):
        write(report, "text")


@pytest.mark.parametrize("fmt", ["html", "text"])
@pytest.mark.parametrize(
    "rows",
    [
        (ROWS[1],),  # no header of its own: perhaps a row of the form, mislabelled
        (("行政复议", "通知收取件数"), ROWS[1]),  # a header word of the form
    ],
)
def test_rows_glued_to_table_4_without_a_header_of_their_own_stay_unplaced(
    base: AnnualReport, fmt: str, rows: Rows
) -> None:
    report = govinfo.read(_glued(base, fmt, rows), name="report" + EXTENSIONS[fmt])
    assert report.extras == ()
    assert "unplaced-value" in {f.code for f in report.findings}


def test_the_cells_frame_holds_the_extra_tables_values(base: AnnualReport) -> None:
    pytest.importorskip("pandas")
    report = govinfo.read(_with_extra(base, "html"), name="r.html")
    frame = govinfo.to_frame([report])
    extra = frame[frame.table == "extra.1"]
    assert list(extra["value"]) == [Decimal(2), Decimal(380), Decimal(380)]
    assert len(frame) == len(list(report.cells())) + 3
