"""govinfo.dataset and ``govinfo batch``: every file accounted for, outputs read back with the standard tools."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

import govinfo
import govinfo.registry
from govinfo.cli import main
from govinfo.dataset import FINDING_COLUMNS, REPORT_COLUMNS, classify, find_sources, to_frame, write_dataset
from govinfo.errors import ReadError, UnknownFormatError, UnsupportedFormatError, WriteError
from govinfo.extraction.values import format_number
from govinfo.registry import Registry
from govinfo.serialize import from_dict
from govinfo.writers import write

from .helpers import example_module

samples = example_module("make_samples")


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Registry:
    registry = Registry(entry_points=False)
    monkeypatch.setattr(govinfo.registry, "default_registry", registry)
    return registry


def _year(report: govinfo.AnnualReport, year: int) -> govinfo.AnnualReport:
    meta = attrs.evolve(report.metadata, year=year, title=f"{samples.AGENCY}{year}年政府信息公开工作年度报告")
    return attrs.evolve(report, metadata=meta)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Reports in several layouts and extensions, a zip, and files that are not reports."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "truth").mkdir()
    r21, r19 = samples.build_report("2021"), samples.build_report("2019")
    (root / "a.txt").write_bytes(write(r21, "text"))
    (root / "sub" / "b.docx").write_bytes(write(_year(r21, 2022), "docx"))
    (root / "sub" / "c.tsv").write_bytes(write(r19, "tabbed"))
    (root / "page.doc").write_bytes(write(_year(r21, 2021), "html"))  # HTML saved as .doc
    (root / "notes.md").write_text("# 会议纪要\n\n没有表格。\n", encoding="utf-8")  # Markdown, not a report
    (root / "truth" / "a.json").write_text('{"cells": {}}', encoding="utf-8")
    (root / "cut.docx").write_bytes(write(r21, "docx")[:600])  # truncated
    with zipfile.ZipFile(root / "more.zip", "w") as archive:
        archive.writestr("2024/d.html", write(_year(r21, 2024), "html"))
        archive.writestr("__MACOSX/._d.html", b"junk")
    (root / ".hidden.txt").write_bytes(write(r21, "text"))
    return root


def _expected(tree: Path) -> dict[str, dict[str, str]]:
    """Each readable input's cells, read one by one with govinfo.read: name → path → value text."""
    out = {}
    for source in find_sources([tree]):
        try:
            report = govinfo.read(source.load(1 << 26), name=source.name)
        except govinfo.GovinfoError:
            continue
        if list(report.cells()):
            out[source.name] = {p: format_number(v) for p, v in report.cells()}
    return out


def test_sources_every_file_globs_zip_include_exclude(tree: Path) -> None:
    names = [s.name for s in find_sources([tree])]
    assert names == sorted(names, key=lambda n: names.index(n))  # deterministic
    assert str(tree / "page.doc") in names
    assert str(tree / "notes.md") in names
    assert f"{tree / 'more.zip'}!2024/d.html" in names
    assert not any("__MACOSX" in n or ".hidden" in n for n in names)
    assert [s.name for s in find_sources([str(tree / "sub" / "*")])] == [
        str(tree / "sub" / "b.docx"),
        str(tree / "sub" / "c.tsv"),
    ]
    assert str(tree / "truth" / "a.json") not in [s.name for s in find_sources([tree], exclude=["truth/*"])]
    assert [s.name for s in find_sources([tree], include=["*.tsv", "*.doc"])] == [
        str(tree / "page.doc"),
        str(tree / "sub" / "c.tsv"),
    ]
    assert [s.name for s in find_sources([f"{tree}/**/*.tsv"])] == [str(tree / "sub" / "c.tsv")]


def test_reasons() -> None:
    assert classify(UnsupportedFormatError("old", source="x"))[0] == "pre-2019"
    assert classify(UnknownFormatError("no reader"))[0] == "not-a-report"
    hint = "reading PDF needs pdfplumber, which is not installed; install it with pip install 'govinfo[pdf]'"
    assert classify(ReadError(hint, source="a.pdf")) == ("needs-extra", hint)
    assert classify(ReadError("the zip archive is truncated"))[0] == "truncated"
    assert classify(KeyError("x"))[0] == "internal-error"


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_accounts_for_every_file(tree: Path, tmp_path: Path, jobs: int) -> None:
    out, reports = tmp_path / "cells.csv", tmp_path / "reports.csv"
    summary = write_dataset([tree], str(out), reports=str(reports), jobs=jobs)
    rows = list(csv.DictReader(reports.open(encoding="utf-8", newline="")))
    status = {Path(r["file"].split("!")[0]).name + ("!" if "!" in r["file"] else ""): r for r in rows}

    assert [r["file"] for r in rows] == [s.name for s in find_sources([tree])]
    assert tuple(rows[0]) == REPORT_COLUMNS
    assert {k for k, r in status.items() if r["status"] == "read"} == {
        "a.txt",
        "b.docx",
        "c.tsv",
        "page.doc",
        "more.zip!",
    }
    assert status["notes.md"]["reason"] == "not-a-report"
    assert status["a.json"]["reason"] == "not-a-report"
    assert status["cut.docx"]["reason"] == "truncated"
    assert status["page.doc"]["reader"] == "html"
    assert summary.read == 5
    assert summary.unreadable == {"not-a-report": 2, "truncated": 1}
    assert all(len(r["sha256"]) == 64 for r in rows)


def _csv_cells(path: Path, key: str = "source") -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row[key], {})[f"{row['table']}/{row['row']}/{row['column']}"] = row["value"]
    return out


def test_csv_output_is_every_cell(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    write_dataset([tree], str(out), jobs=1, excel=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbftable,row,column,value,")
    assert _csv_cells(out) == _expected(tree)


def test_jsonl_output_is_lossless(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "cells.jsonl"
    write_dataset([tree], str(out), jobs=2)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    got = {
        line["file"]: {p: format_number(v) for p, v in from_dict(line["report"]).cells()}
        for line in lines
        if line["kind"] == "report" and line["report"]
    }
    assert got == _expected(tree)
    assert {line["file"] for line in lines if line["kind"] == "report"} == {s.name for s in find_sources([tree])}
    cross = [line for line in lines if line["kind"] == "cross-report"]
    assert cross
    assert all(f["severity"] == "warning" for line in cross for f in line["findings"])


def test_parquet_outputs(tree: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out, findings, reports = tmp_path / "c.parquet", tmp_path / "f.parquet", tmp_path / "r.parquet"
    write_dataset([tree], str(out), findings=str(findings), reports=str(reports), jobs=2)
    table = pq.read_table(out).to_pylist()
    got: dict[str, dict[str, str]] = {}
    for row in table:
        got.setdefault(row["source"], {})[f"{row['table']}/{row['row']}/{row['column']}"] = row["value"]
    assert got == _expected(tree)
    assert isinstance(table[0]["year"], int)
    assert pq.read_table(findings).column_names == list(FINDING_COLUMNS)
    assert pq.read_table(reports).num_rows == len(list(find_sources([tree])))


def test_sqlite_output(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset.sqlite"
    write_dataset([tree], str(out), jobs=1)
    db = sqlite3.connect(out)
    got: dict[str, dict[str, str]] = {}
    for source, path, value in db.execute(
        'SELECT source, "table" || \'/\' || "row" || \'/\' || "column", value FROM cells'
    ):
        got.setdefault(source, {})[path] = value
    assert got == _expected(tree)
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == len(list(find_sources([tree])))
    assert db.execute("SELECT count(*) FROM findings WHERE code = 'table-unchanged'").fetchone()[0] > 0
    joined = db.execute(
        "SELECT r.status, count(*) FROM reports r LEFT JOIN cells c ON c.source = r.file GROUP BY r.status"
    ).fetchall()
    assert dict(joined)["read"] == sum(len(v) for v in got.values())
    indexes = {row[1] for row in db.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"cells_by_key", "findings_by_code", "findings_by_file"} <= indexes


def test_findings_output_holds_every_finding(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    r21 = samples.build_report("2021")
    (folder / "2022.txt").write_bytes(write(_year(r21, 2022), "text"))
    (folder / "2023.txt").write_bytes(write(samples.with_error(r21), "text"))
    out = tmp_path / "findings.csv"
    write_dataset([folder], None, findings=str(out), jobs=1)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    expected = govinfo.validate_many([govinfo.read(folder / "2022.txt"), govinfo.read(folder / "2023.txt")])
    assert tuple(rows[0]) == FINDING_COLUMNS
    assert sorted((r["file"], r["code"]) for r in rows) == sorted(
        (str(folder / name), f.code) for name, result in zip(("2022.txt", "2023.txt"), expected, strict=True)
        for f in result.findings
    )  # fmt: skip
    wrong = next(r for r in rows if r["code"] == "inconsistent-cell")
    assert (wrong["table"], wrong["row"], wrong["column"]) == ("applications", "granted", "natural_person")
    assert wrong["message_zh"]
    assert wrong["message_en"]


def test_same_output_whatever_the_jobs(tree: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "1.csv", tmp_path / "2.csv"
    write_dataset([tree], str(one), jobs=1)
    write_dataset([tree], str(two), jobs=2)
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".sqlite"])
def test_interrupted_batch_leaves_outputs_and_resumes(tree: Path, tmp_path: Path, suffix: str) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    whole, part = tmp_path / f"whole{suffix}", tmp_path / f"part{suffix}"
    write_dataset([tree], str(whole), jobs=1)
    seen: list[str] = []

    def stop(outcome: Any) -> None:
        seen.append(outcome.file)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_dataset([tree], str(part), jobs=1, progress=stop, chunk=1)
    assert part.exists()  # well-formed, with the files done
    again: list[str] = []
    summary = write_dataset([tree], str(part), jobs=1, resume=True, progress=lambda o: again.append(o.file), chunk=1)
    assert summary.resumed == 3
    assert again == [s.name for s in find_sources([tree])][3:]
    if suffix == ".csv":
        assert part.read_bytes() == whole.read_bytes()
    elif suffix == ".sqlite":
        q = 'SELECT source, "table", "row", "column", value FROM cells ORDER BY 1, 2, 3, 4'
        assert sqlite3.connect(part).execute(q).fetchall() == sqlite3.connect(whole).execute(q).fetchall()
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(part).to_pylist() == pq.read_table(whole).to_pylist()
    with pytest.raises(WriteError, match="complete"):
        write_dataset([tree], str(part), resume=True)


def test_parquet_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(WriteError, match=r"pip install 'govinfo\[parquet\]'"):
        write_dataset([tmp_path], str(tmp_path / "x.parquet"))


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"\.csv, \.jsonl"):
        write_dataset([tmp_path], str(tmp_path / "x.xlsx"))


def test_to_frame_typed(tree: Path) -> None:
    pytest.importorskip("pandas")
    results = list(govinfo.read_many([tree]))
    frame = to_frame(results)
    expected = _expected(tree)
    assert len(frame) == sum(len(v) for v in expected.values())
    assert {type(v) for v in frame["value"] if v is not None} <= {int, __import__("decimal").Decimal}
    assert str(frame["year"].dtype) == "Int64"
    findings = to_frame(results, "findings")
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert "table-unchanged" in set(findings["code"])


def test_read_many_in_order_as_pairs(tree: Path) -> None:
    results = list(govinfo.read_many([tree], jobs=2))
    assert [r.path for r in results] == [s.name for s in find_sources([tree])]
    path, item = results[0]
    assert path == results[0].path
    assert isinstance(item, govinfo.AnnualReport)
    failed = next(r for r in results if not r.ok)
    assert list(failed)[1] is failed.error


def test_cli_batch_all_outputs(tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = tmp_path / "ids.csv"
    ids.write_text("key,id\n云溪市市场监督管理局,yx\n", encoding="utf-8")
    out, findings, reports = tmp_path / "c.jsonl", tmp_path / "f.jsonl", tmp_path / "r.csv"
    argv = ["batch", str(tree), "-o", str(out), "--findings", str(findings), "--reports", str(reports)]
    status = main([*argv, "--exclude", "truth/*", "--agency-ids", str(ids), "-j", "2"])
    err = capsys.readouterr().err
    assert status == 2
    assert "unreadable by reason: not-a-report 1, truncated 1" in err
    assert "findings by code:" in err
    assert "table-unchanged" in err
    assert all(json.loads(line)["file"] for line in findings.read_text(encoding="utf-8").splitlines())
    assert main(["batch", str(tree / "a.txt"), "-q", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("table,row,column,value")
    assert main(["batch", str(tree / "a.txt"), "--include", "*.nothing"]) == 2


def test_cli_batch_stdin_csv_for_excel(tree: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["batch", str(tree / "a.txt"), "-q", "--excel"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    assert next(iter(csv.reader(io.StringIO(data.decode("utf-8-sig")))))[:4] == ["table", "row", "column", "value"]


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_check_and_convert_read_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    report = samples.build_report("2021")
    monkeypatch.setattr(sys, "stdin", _Stdin(write(samples.with_error(report), "docx")))
    assert main(["check", "--json", "-"]) == 1  # detected by content: a DOCX with one wrong cell
    (result,) = json.loads(capsysbinary.readouterr().out)
    assert result["reader"] == "docx"
    assert result["errors"] == 1
    monkeypatch.setattr(sys, "stdin", _Stdin(write(report, "text")))
    assert main(["convert", "-", "--to", "csv", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"table,row,column,value")
    assert len(out.splitlines()) == len(list(report.cells())) + 1
    monkeypatch.setattr(sys, "stdin", _Stdin(write(report, "text")))
    assert main(["check", "--format", "html", "-"]) == 2


def test_check_agency_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Ids from a CSV join a renamed agency into one series for check."""
    r21 = samples.build_report("2021")
    meta = attrs.evolve(
        r21.metadata, year=2022, agency="云溪市市场监管局", title="云溪市市场监管局2022年政府信息公开工作年度报告"
    )
    renamed = attrs.evolve(r21, metadata=meta)
    old, new = tmp_path / "2022.txt", tmp_path / "2023.txt"
    old.write_bytes(write(renamed, "text"))
    new.write_bytes(write(r21, "text"))
    assert main(["check", "--json", str(old), str(new)]) == 0
    assert not any(f["code"] == "table-unchanged" for r in json.loads(capsys.readouterr().out) for f in r["findings"])
    ids = tmp_path / "ids.csv"
    ids.write_text(f"file,id\n2022.txt,yx\n{new},yx\n", encoding="utf-8")
    assert main(["check", "--json", "--agency-ids", str(ids), str(old), str(new)]) == 0
    codes = {f["code"] for r in json.loads(capsys.readouterr().out) for f in r["findings"]}
    assert {"carry-over-mismatch", "table-unchanged"} <= codes
    ids.write_text("only-one-column\n", encoding="utf-8")
    assert main(["check", "--agency-ids", str(ids), str(old)]) == 2


def test_pingtan_series(corpus: Path, tmp_path: Path) -> None:
    """The zone's reports 2016–2025 (texts and saved pages) as one batch: the series warnings the documents bear out."""
    findings = tmp_path / "f.csv"
    summary = write_dataset([str(corpus / "real" / "*pingtan*")], None, findings=str(findings), jobs=2)
    rows = list(csv.DictReader(findings.open(encoding="utf-8", newline="")))
    cross = sorted(
        (Path(r["file"]).name, r["code"], r["actual"], r["expected"])
        for r in rows
        if r["code"] in {"carry-over-mismatch", "table-unchanged", "stock-flow-mismatch", "item-count-mismatch"}
    )
    assert summary.unreadable == {"pre-2019": 2}  # the 2016 and 2018 pages, in the old format
    assert cross == [
        ("006_pingtan-2020.txt", "item-count-mismatch", "7", "0"),  # 规章 对外公开总数量 0 → 7, none published
        ("022_pingtan-2023-page.html", "stock-flow-mismatch", "470", "643"),  # 698 + 77 − 132
        ("023_pingtan-2024-page.html", "stock-flow-mismatch", "440", "499"),  # 470 + 62 − 33
        ("024_pingtan-2025-page.html", "stock-flow-mismatch", "546", "453"),  # 440 + 58 − 45
    ]
