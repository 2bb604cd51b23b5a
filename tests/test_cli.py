"""Tests for govinfo.cli: exit codes, messages, JSON output, every subcommand."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest

import govinfo.registry
from govinfo.api import read
from govinfo.cli import main
from govinfo.labels import TABLES
from govinfo.model import AnnualReport
from govinfo.registry import Registry
from govinfo.serialize import from_json
from govinfo.writers import BUILTIN_WRITERS, FunctionWriter, write

from .helpers import EXAMPLES, example_module
from .strategies import comparable

samples = example_module("make_samples")


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Registry:
    """A registry without installed plugins, so the tests see only the built-ins."""
    registry = Registry(entry_points=False)
    monkeypatch.setattr(govinfo.registry, "default_registry", registry)
    return registry


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A consistent 2021 report in the pipe layout."""
    path = tmp_path / "good.txt"
    path.write_bytes(write(samples.build_report("2021"), "text"))
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """The same report with one wrong cell (予以公开 / 自然人)."""
    path = tmp_path / "bad.txt"
    path.write_bytes(write(samples.with_error(samples.build_report("2021")), "text"))
    return path


@pytest.fixture
def garbage(tmp_path: Path) -> Path:
    """A file no reader recognises."""
    path = tmp_path / "garbage.bin"
    path.write_bytes(bytes(range(256)) * 4)
    return path


# --- check ------------------------------------------------------------------------------


def test_check_clean_report(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consistent report exits 0 and its summary names reader, format, year, agency."""
    status = main(["check", str(good)])
    out = capsys.readouterr().out

    assert status == 0
    assert str(good) in out
    assert "读取器 text" in out
    assert "格式 2021" in out
    assert "年度 2023" in out
    assert samples.AGENCY in out
    assert "错误：" not in out


def test_check_error_report(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A report with a wrong cell exits 1 and names the cell, in Chinese: the form's table, row, column, line."""
    status = main(["check", str(bad)])
    out = capsys.readouterr().out

    assert status == 1
    assert "错误［" in out
    assert "applications/granted/natural_person" in out
    assert re.search(r"（表三 （一）予以公开 / 自然人，第\d+行）", out)
    assert "个表格" not in out  # the position among the file's tables is for tools (--json)


def test_check_english_names_row_and_column_in_english_words(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en on a report with one wrong cell: the row and the column in English, no Chinese, no bare key."""
    status = main(["check", "--lang", "en", str(bad)])
    out = capsys.readouterr().out
    assert status == 1
    finding_lines = [line for line in out.splitlines() if line.startswith("  error [")]
    assert len(finding_lines) == 1
    line = finding_lines[0]
    assert "Table 3, row (1) Granted, column Natural person is 19;" in line
    assert not re.search(r"[\u4e00-\u9fff]", line)
    details = out.splitlines()[out.splitlines().index(line) + 1]
    assert "applications/" not in details
    assert "expected 18, found 19" in details


def test_check_english(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en prints the English messages and locations."""
    status = main(["check", "--lang", "en", str(bad)])
    out = capsys.readouterr().out

    assert status == 1
    assert "error(s)" in out
    assert "\n  error " in out
    assert "line " in out


def test_check_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is one line on stderr and exit status 2, no traceback."""
    missing = tmp_path / "missing.txt"
    status = main(["check", str(missing)])
    captured = capsys.readouterr()

    assert status == 2
    assert captured.err.startswith(f"govinfo: {missing}: ")
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_check_refuses_a_text_that_is_not_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """hello.txt is not an empty report with missing tables: it is unreadable, exit 2 (issue 8)."""
    hello = tmp_path / "hello.txt"
    hello.write_text("hello, world\n你好\n", encoding="utf-8")
    status = main(["check", str(hello)])
    err = capsys.readouterr().err

    assert status == 2
    assert err.startswith(f"govinfo: {hello}")
    assert "not an annual report" in err


def test_check_unknown_format(garbage: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Input no reader recognises is reported in one line with the readers' scores."""
    status = main(["check", str(garbage)])
    err = capsys.readouterr().err

    assert status == 2
    assert err.startswith(f"govinfo: {garbage}: ")
    assert "scores" in err


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the input is empty"),
        ("blank.txt", b" \n\t\n", "the input is empty"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4, "not a readable PDF"),
        ("report.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "it is a PNG image"),
        ("report.html", bytes(range(256)) * 4, "binary"),
        ("report.docx", b"PK\x03\x04garbage", "zip"),
    ],
)
def test_check_odd_inputs_are_one_line_each(
    tmp_path: Path, name: str, data: bytes, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Empty, PDF, binary and broken files: exit 2, one line naming the file once, no traceback."""
    path = tmp_path / name
    path.write_bytes(data)
    status = main(["check", str(path)])
    err = capsys.readouterr().err

    assert status == 2
    assert err.startswith(f"govinfo: {path}: ")
    assert len(err.strip().splitlines()) == 1
    assert reason in err
    assert err.count(name) == 1
    assert "Traceback" not in err


def test_check_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory given to check is an unreadable file, not a crash."""
    status = main(["check", str(tmp_path)])
    err = capsys.readouterr().err

    assert status == 2
    assert err.startswith(f"govinfo: {tmp_path}: ")
    assert len(err.strip().splitlines()) == 1


def test_check_mixed(good: Path, bad: Path, garbage: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every file is checked; an unreadable one makes the status 2, and a summary follows."""
    status = main(["check", str(good), str(garbage), str(bad)])
    captured = capsys.readouterr()

    assert status == 2
    assert str(good) in captured.out
    assert str(bad) in captured.out
    assert "共检查 3 个文件：1 个有错误，1 个无法读取" in captured.out
    assert str(garbage) in captured.err


def test_check_json(good: Path, bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one JSON list with a result per file, unreadable ones included."""
    missing = tmp_path / "missing.txt"
    status = main(["check", "--json", str(good), str(bad), str(missing)])
    captured = capsys.readouterr()
    results = json.loads(captured.out)

    assert status == 2
    assert [r["file"] for r in results] == [str(good), str(bad), str(missing)]
    assert results[0]["ok"] is True
    assert results[0]["template"] == "2021"
    assert results[0]["year"] == 2023
    assert results[0]["reader"] == "text"
    assert results[1]["ok"] is False
    assert results[1]["errors"] >= 1
    assert any(
        "applications/granted/natural_person" in f["paths"] and f["severity"] == "error" for f in results[1]["findings"]
    )
    assert all(f["where"] for f in results[1]["findings"] if f["paths"])
    assert results[2]["ok"] is False
    assert results[2]["error"]


def test_check_internal_error(good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception is one line with a hint to report the bug, and status 3."""

    def boom(*args: object, **kwargs: object) -> AnnualReport:
        raise ZeroDivisionError("oops")

    monkeypatch.setattr("govinfo.cli.read", boom)
    status = main(["check", str(good)])
    err = capsys.readouterr().err

    assert status == 3
    assert "internal error: ZeroDivisionError: oops" in err
    assert "bug" in err
    assert "Traceback" not in err


def test_check_forced_reader(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format names the reader; an unknown name is an unreadable file."""
    assert main(["check", "--format", "text", str(good)]) == 0
    assert main(["check", "--format", "nosuch", str(good)]) == 2
    assert "no reader named 'nosuch'" in capsys.readouterr().err


# --- convert ----------------------------------------------------------------------------


def test_convert_json_stdout(good: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """convert --to json writes the report's JSON to standard output."""
    status = main(["convert", str(good), "--to", "json"])
    out = capsysbinary.readouterr().out

    assert status == 0
    assert comparable(from_json(out)) == comparable(samples.build_report("2021"))


def test_convert_csv_stdout(good: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """convert --to csv writes the long CSV, one line per cell."""
    status = main(["convert", str(good), "--to", "csv"])
    lines = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode(), newline="")))

    assert status == 0
    assert len(lines) == len(list(samples.build_report("2021").cells()))
    assert {x["source"] for x in lines} == {str(good)}


@pytest.mark.parametrize("fmt", sorted(w.name for w in BUILTIN_WRITERS if not w.binary))
def test_convert_text_formats(fmt: str, good: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Every text layout goes to stdout, and to -o with the same bytes."""
    try:
        expected = write(samples.build_report("2021"), fmt)
    except ImportError:
        pytest.skip(f"no {fmt} writer yet")
    out_file = tmp_path / f"out.{fmt}"
    to_stdout = main(["convert", str(good), "--to", fmt])
    stdout = capsysbinary.readouterr().out
    to_file = main(["convert", str(good), "--to", fmt, "-o", str(out_file)])

    assert (to_stdout, to_file) == (0, 0)
    assert stdout == out_file.read_bytes()
    assert stdout
    if fmt not in ("json", "csv"):  # those carry the source file name
        assert stdout == expected


def test_convert_docx(good: Path, tmp_path: Path) -> None:
    """docx is written to -o as a zip that reads back as the same report."""
    out_file = tmp_path / "out.docx"
    status = main(["convert", str(good), "--to", "docx", "-o", str(out_file)])

    assert status == 0
    assert zipfile.is_zipfile(out_file)
    assert comparable(read(out_file)) == comparable(samples.build_report("2021"))


def test_convert_docx_refuses_terminal(
    good: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A binary layout is not written to a terminal."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    status = main(["convert", str(good), "--to", "docx"])
    captured = capsysbinary.readouterr()

    assert status == 2
    assert captured.out == b""
    assert b"-o FILE" in captured.err


def test_convert_docx_to_pipe(good: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """A binary layout may go to a pipe."""
    status = main(["convert", str(good), "--to", "docx"])

    assert status == 0
    assert capsysbinary.readouterr().out.startswith(b"PK")


def test_convert_in_process_writer(
    fresh_registry: Registry, good: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--to takes any registered writer, and its ``binary`` decides about the terminal."""
    fresh_registry.register_writer(FunctionWriter("years", lambda r: f"{r.metadata.year}\n".encode()))
    fresh_registry.register_writer(FunctionWriter("blob", lambda r: b"\x00", binary=True))

    assert main(["convert", str(good), "--to", "years"]) == 0
    assert capsysbinary.readouterr().out == b"2023\n"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["convert", str(good), "--to", "blob"]) == 2
    assert b"blob is binary" in capsysbinary.readouterr().err


def test_convert_unknown_writer(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown --to is status 2 with one line listing the writers; --help names the built-ins."""
    status = main(["convert", str(good), "--to", "pdf"])
    err = capsys.readouterr().err

    assert status == 2
    assert "govinfo: convert: no writer named 'pdf' (known: json, csv, text, tabbed, html, docx)\n" == err
    assert main(["convert", "--help"]) == 0
    assert "json, csv, text, tabbed, html, docx" in " ".join(capsys.readouterr().out.split())


def test_convert_unreadable(garbage: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read is one line and status 2."""
    status = main(["convert", str(garbage), "--to", "json"])
    captured = capsys.readouterr()

    assert status == 2
    assert captured.out == ""
    assert captured.err.startswith(f"govinfo: {garbage}: ")


def test_convert_bad_output(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output path that cannot be written is one line and status 2."""
    status = main(["convert", str(good), "--to", "json", "-o", str(tmp_path / "no" / "such.json")])

    assert status == 2
    assert "such.json" in capsys.readouterr().err


# --- formats and rules ------------------------------------------------------------------


def _sections(out: str) -> dict[str, dict[str, str]]:
    """``govinfo formats`` output: each section's lines by their first word."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in out.splitlines():
        if line.startswith("  "):
            current[line.split()[0]] = line
        else:
            current = sections.setdefault(line.split()[0], {})
    return sections


def test_formats(capsys: pytest.CaptureFixture[str]) -> None:
    """formats lists the built-in readers with their extensions, and the writers with theirs."""
    status = main(["formats"])
    sections = _sections(capsys.readouterr().out)
    readers, writers = sections["Readers"], sections["Writers"]

    assert status == 0
    for name, ext in (("text", ".txt"), ("tabbed", ".tsv"), ("html", ".html"), ("docx", ".docx")):
        assert ext in readers[name]
        assert readers[name].rstrip().endswith("built-in")
    assert list(writers) == ["json", "csv", "text", "tabbed", "html", "docx"]
    assert ".tsv" in writers["tabbed"]
    assert ".docx (binary)" in writers["docx"]
    assert all(line.rstrip().endswith("built-in") for line in writers.values())


def test_formats_json(capsys: pytest.CaptureFixture[str]) -> None:
    """formats --json gives readers, writers and load errors, each with its origin."""
    status = main(["formats", "--json"])
    data = json.loads(capsys.readouterr().out)

    assert status == 0
    names = [r["name"] for r in data["readers"]]
    assert names == ["text", "tabbed", "html", "docx", "flat", "json", "pdf", "markdown", "office"]
    assert {r["origin"] for r in data["readers"]} == {"built-in"}
    assert data["load_errors"] == []
    assert [w["name"] for w in data["writers"]] == [w.name for w in BUILTIN_WRITERS]
    assert {"name": "docx", "extension": ".docx", "binary": True, "origin": "built-in"} == data["writers"][-1]


def test_formats_in_process_reader(fresh_registry: Registry, capsys: pytest.CaptureFixture[str]) -> None:
    """Readers and writers registered in-process are listed as such, a replaced built-in too."""

    class Dummy:
        name = "dummy"
        extensions = (".dummy",)

        def sniff(self, data: bytes, name: str | None = None) -> float:
            return 0.0

        def read(self, data: bytes, *, name: str | None = None) -> AnnualReport:
            return AnnualReport()

    fresh_registry.register(Dummy())
    fresh_registry.register_writer(FunctionWriter("dummy", lambda r: b"", extension=".dum"))
    fresh_registry.register_writer(FunctionWriter("text", lambda r: b"", extension=".txt"), replace=True)
    main(["formats"])
    sections = _sections(capsys.readouterr().out)

    assert ".dummy" in sections["Readers"]["dummy"]
    assert sections["Readers"]["dummy"].rstrip().endswith("registered")
    assert ".dum" in sections["Writers"]["dummy"]
    assert sections["Writers"]["dummy"].rstrip().endswith("registered")
    assert sections["Writers"]["text"].rstrip().endswith("registered")
    assert sections["Readers"]["text"].rstrip().endswith("built-in")


def test_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """rules prints the rule catalogue and every cell's keys and labels."""
    from govinfo.validation import RULES

    status = main(["rules"])
    out = capsys.readouterr().out

    assert status == 0
    for rule in RULES:
        assert rule.code in out
        assert rule.title in out
    assert "applications/denied.state_secret/natural_person" in out
    assert "（三）不予公开·1.属于国家秘密 / 自然人" in out
    assert "active/admin_fees/amount" in out
    assert "(万元)" in out


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    """rules --json has every rule and one entry per cell of each format."""
    from govinfo.validation import RULES

    status = main(["rules", "--json"])
    data = json.loads(capsys.readouterr().out)
    expected_cells = sum(len(row.columns) for t in ("2019", "2021") for table in TABLES for row in table.rows_for(t))

    assert status == 0
    assert [r["code"] for r in data["rules"]] == [r.code for r in RULES]
    assert [r["formula"] for r in data["rules"]] == [r.formula for r in RULES]
    assert len(data["cells"]) == expected_cells
    assert {
        "template": "2021",
        "table": "applications",
        "row": "other.fee_unpaid",
        "column": "total",
    }.items() <= next(c for c in data["cells"] if c["row"] == "other.fee_unpaid" and c["column"] == "total").items()


def test_rules_english(capsys: pytest.CaptureFixture[str]) -> None:
    """rules --lang en prints the English titles."""
    from govinfo.validation import RULES

    main(["rules", "--lang", "en"])
    out = capsys.readouterr().out

    assert all(rule.title_en in out for rule in RULES)


# --- batch ------------------------------------------------------------------------------


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    """A directory of two readable reports, one unreadable .txt and one ignored file."""
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(write(samples.build_report("2021"), "text"))
    (folder / "sub" / "b.docx").write_bytes(write(samples.build_report("2021"), "docx"))
    (folder / "sub" / "c.tsv").write_bytes(write(samples.build_report("2019"), "tabbed"))
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / ".hidden.txt").write_bytes(b"x")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch(jobs: str, batch_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """batch writes one CSV with one header; unreadable files are listed, status 2."""
    out = tmp_path / "dataset.csv"
    status = main(["batch", str(batch_dir), "-o", str(out), "--jobs", jobs])
    err = capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    lines = list(csv.DictReader(io.StringIO(text, newline="")))
    cells21 = len(list(samples.build_report("2021").cells()))
    cells19 = len(list(samples.build_report("2019").cells()))

    assert status == 2
    assert text.count("table,row,column,value") == 1
    assert len(lines) == 2 * cells21 + cells19
    assert lines[0]["source"] == str(batch_dir / "a.txt")
    assert {x["source"] for x in lines} == {
        str(batch_dir / "a.txt"),
        str(batch_dir / "sub" / "b.docx"),
        str(batch_dir / "sub" / "c.tsv"),
    }
    assert "5 files, 3 read" in err  # every file is accounted for, whatever its extension
    assert "2 unreadable" in err
    assert f"govinfo: {batch_dir / 'broken.txt'}: " in err
    assert f"govinfo: {batch_dir / 'notes.png'}: not-a-report: " in err
    assert "unreadable by reason: " in err
    assert ".hidden" not in err


def test_batch_same_output_in_parallel(batch_dir: Path, tmp_path: Path) -> None:
    """Worker processes change nothing in the output, not even the order."""
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    main(["batch", str(batch_dir), "-o", str(one), "-q"])
    main(["batch", str(batch_dir), "-o", str(two), "-q", "--jobs", "2"])

    assert one.read_bytes() == two.read_bytes()


def test_batch_stdout(good: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Without -o the CSV goes to standard output; all readable means status 0."""
    status = main(["batch", str(good), "-q"])
    captured = capsysbinary.readouterr()

    assert status == 0
    assert captured.out.startswith(b"table,row,column,value,")
    assert captured.out.count(b"\r\n") == len(list(samples.build_report("2021").cells())) + 1
    assert b"1 files, 1 read" in captured.err


class _BuggyReader:
    """A reader of ``.bug`` files that fails with a bug, not a ReadError."""

    name = "bug"
    extensions = (".bug",)

    def sniff(self, data: bytes, name: str | None = None) -> float:
        return 1.0 if data.startswith(b"BUG") else 0.0

    def read(self, data: bytes, *, name: str | None = None) -> AnnualReport:
        raise KeyError("oops")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_survives_a_buggy_reader(
    jobs: str, fresh_registry: Registry, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reader's bug is one unreadable file with a bug hint; the other files are still written."""
    fresh_registry.register(_BuggyReader())
    (tmp_path / "z.bug").write_bytes(b"BUG")
    out = tmp_path / "out.csv"
    status = main(["batch", str(tmp_path), "-o", str(out), "-q", "--jobs", jobs])
    err = capsys.readouterr().err

    assert status == 2
    assert "2 files, 1 read" in err
    assert f"govinfo: {tmp_path / 'z.bug'}: internal-error: internal error: KeyError: 'oops'" in err
    assert {x["source"] for x in csv.DictReader(io.StringIO(out.read_text("utf-8")))} == {str(good)}


def test_batch_nothing_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory without report files is an error."""
    status = main(["batch", str(tmp_path)])

    assert status == 2
    assert "no files found" in capsys.readouterr().err


# --- the program ------------------------------------------------------------------------


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """No command, or a wrong one, is status 2 with usage on stderr; --help is 0."""
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert "usage: govinfo" in capsys.readouterr().err
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


def test_python_m_govinfo(good: Path) -> None:
    """``python -m govinfo`` runs the same command line."""
    result = subprocess.run(
        [sys.executable, "-m", "govinfo", "check", "--json", str(good)],
        capture_output=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["ok"] is True


def test_rules_markdown_matches_docs(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/data-contract.md holds exactly what ``govinfo rules --markdown`` prints."""
    status = main(["rules", "--markdown"])
    generated = capsys.readouterr().out
    doc = (EXAMPLES.parent / "docs" / "data-contract.md").read_text(encoding="utf-8")
    section = doc.split("<!-- generated: govinfo rules --markdown -->\n", 1)[1]
    section = section.split("<!-- end generated -->", 1)[0]

    assert status == 0
    assert section == generated, "run: govinfo rules --markdown, and paste it into the doc"
    for table in TABLES:
        for row in table.rows:
            assert f"| `{row.key}` |" in generated


def test_batch_skips_its_own_output(good: Path, tmp_path: Path) -> None:
    """The output file is never read as an input, even where it matches a reader."""
    out = tmp_path / "dataset.csv"
    out.write_text("stale", encoding="utf-8")
    status = main(["batch", str(tmp_path), "-o", str(out), "-q"])

    assert status == 0
    assert {x["source"] for x in csv.DictReader(io.StringIO(out.read_text("utf-8")))} == {str(good)}


def test_blank_cells_are_said_blank_not_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A blank culprit cell is printed as 空白 / blank, never as Python's None."""
    report = samples.build_report("2021").with_cell("applications/granted/total", None)
    path = tmp_path / "blank.txt"
    path.write_bytes(write(report, "text"))

    assert 1 == main(["check", str(path)])
    out = capsys.readouterr().out
    assert "实为 空白" in out
    assert "None" not in out
    assert 1 == main(["check", "--lang", "en", str(path)])
    assert "found blank" in capsys.readouterr().out


# --- check: carry-over across files (X-1) ------------------------------------------------


def _year_before(consistent: bool, agency: str = samples.AGENCY) -> AnnualReport:
    """The sample agency's report for 2022; ``consistent``: it carries forward what 2023 carries over."""
    report = samples.build_report("2021")
    meta = report.metadata
    report = attrs.evolve(
        report, metadata=attrs.evolve(meta, year=2022, agency=agency, title=f"{agency}2022年政府信息公开工作年度报告")
    )
    if not consistent:
        return report  # carried_forward (2, 2, 0 …) against 2023's carried_over (3, 1, 0 …)
    forward = dict(zip(samples.APPLICANT_COLUMNS, samples.APPLICATIONS["carried_over"], strict=True))
    cells: dict[str, int | None] = {f"applications/carried_forward/{c}": v for c, v in forward.items()}
    results = dict(zip(samples.APPLICANT_COLUMNS, samples.APPLICATIONS["results_total"], strict=True))
    over = dict(zip(samples.APPLICANT_COLUMNS, samples.APPLICATIONS["carried_over"], strict=True))
    cells.update({f"applications/new_received/{c}": results[c] + forward[c] - over[c] for c in results})
    return report.with_cells(cells)


def _write(path: Path, report: AnnualReport) -> Path:
    path.write_bytes(write(report, "text"))
    return path


def test_check_carry_over_across_years(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Consecutive years of one agency: the later file gets the carry-over finding, naming the earlier."""
    consistent = _write(tmp_path / "2022-ok.txt", _year_before(True))
    assert main(["check", str(good), str(consistent)]) == 0
    out = capsys.readouterr().out
    assert "carry-over-mismatch" not in out
    assert "同一机关相邻年度的报告 1 对，0 对上年结转不一致" in out

    wrong = _write(tmp_path / "2022-wrong.txt", _year_before(False))
    assert main(["check", str(wrong), str(good)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    later = out[out.index(str(good)) :]
    assert out.count("carry-over-mismatch") == 1
    assert "警告［carry-over-mismatch］" in later
    assert "自然人 3（上年报告 2）" in later
    assert f"对照 {wrong}" in later
    assert "applications/carried_over/natural_person" in later
    assert "1 对上年结转不一致" in out

    assert main(["check", "--lang", "en", str(wrong), str(good)]) == 0
    assert f"(against {wrong})" in capsys.readouterr().out

    assert main(["check", "--no-cross", str(wrong), str(good)]) == 0
    out = capsys.readouterr().out
    assert "carry-over-mismatch" not in out
    assert "跨年度" not in out


def test_check_carry_over_json(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """In --json the later file's result holds the warning and counts it."""
    wrong = _write(tmp_path / "2022.txt", _year_before(False))
    assert main(["check", "--json", str(good), str(wrong)]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in results] == [str(good), str(wrong)]
    (finding,) = [f for f in results[0]["findings"] if f["code"] == "carry-over-mismatch"]
    # the same sample one year earlier: its tables are also copied unchanged
    assert results[0]["warnings"] == len(results[0]["findings"]) > 1
    assert {f["code"] for f in results[0]["findings"]} == {
        "carry-over-mismatch",
        "table-unchanged",
        "stock-flow-mismatch",
    }
    assert finding["severity"] == "warning"
    assert finding["paths"] == ["applications/carried_over/natural_person", "applications/carried_over/commercial"]
    assert (finding["expected"], finding["actual"]) == ("2", "3")
    assert str(wrong) in finding["message_en"]
    assert results[1]["findings"] == []
    assert main(["check", "--json", "--no-cross", str(good), str(wrong)]) == 0
    assert all(r["findings"] == [] for r in json.loads(capsys.readouterr().out))


def test_check_carry_over_pairs_only_one_agency_and_consecutive_years(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another agency, or a gap of a year, is not compared; stray marks around a name are."""
    other = _write(tmp_path / "other.txt", _year_before(False, agency="云溪市教育局"))
    assert main(["check", str(other), str(good)]) == 0
    out = capsys.readouterr().out
    assert "carry-over-mismatch" not in out
    assert "跨年度" not in out

    gap = _year_before(False)
    title = f"{samples.AGENCY}2021年政府信息公开工作年度报告"
    gap = attrs.evolve(gap, metadata=attrs.evolve(gap.metadata, year=2021, title=title))
    assert main(["check", str(_write(tmp_path / "2021.txt", gap)), str(good)]) == 0
    assert "carry-over-mismatch" not in capsys.readouterr().out

    marked = _write(tmp_path / "marked.txt", _year_before(False, agency=f"#{samples.AGENCY}"))
    assert main(["check", str(marked), str(good)]) == 0
    assert "carry-over-mismatch" in capsys.readouterr().out


def test_check_carry_over_two_files_of_one_year(good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same previous year in two files (a web page and a text export): one finding naming both."""
    first = _write(tmp_path / "a.txt", _year_before(False))
    second = _write(tmp_path / "b.txt", _year_before(False))
    assert main(["check", str(first), str(second), str(good)]) == 0
    out = capsys.readouterr().out
    assert out.count("warning [carry-over-mismatch]") + out.count("警告［carry-over-mismatch］") == 1
    assert f"对照 {first}, {second}" in out
    assert "相邻年度的报告 2 对，2 对上年结转不一致" in out


def test_check_carry_over_corpus_series(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pingtan 2019–2025 (crawled text and saved pages): every consecutive pair of the zone is compared."""
    real = corpus / "real"
    files = sorted(str(p) for p in real.glob("0[01]*_pingtan-20*.txt")) + sorted(
        str(p) for p in real.glob("0*_pingtan-*-page.html")
    )
    main(["check", "--json", *files])
    results = [r for r in json.loads(capsys.readouterr().out) if "findings" in r]
    zone = [r for r in results if r["agency"] == "平潭综合实验区"]
    assert {r["year"] for r in zone} == set(range(2019, 2026))
    assert len({r["agency"] for r in results}) > 1  # the departments are there, and not paired
    carry = [f for r in results for f in r["findings"] if f["code"] == "carry-over-mismatch"]
    assert carry == []  # the zone's carry-over agrees in every column, every year
    years = [r["year"] for r in zone]
    pairs = sum(years.count(y - 1) for y in years)  # 17 with both copies of 2019, 2022–2025
    main(["check", *files])
    assert f"同一机关相邻年度的报告 {pairs} 对，0 对上年结转不一致" in capsys.readouterr().out
