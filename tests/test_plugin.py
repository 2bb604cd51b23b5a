"""Reader and writer plugins through entry points: the example package in examples/custom_reader.

The plugin is "installed" the way an editable install does it, without a build or a
network: a ``*.dist-info`` directory whose ``entry_points.txt`` is generated from the
plugin's own ``pyproject.toml``, in a directory put on ``sys.path`` together with the
plugin's ``src``. ``importlib.metadata`` then finds the entry point exactly as it finds
an installed one, so the tests exercise the real discovery path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings

import govinfo.registry
from govinfo.api import read
from govinfo.cli import main
from govinfo.errors import ReadError, UnknownFormatError, WriteError
from govinfo.model import AnnualReport
from govinfo.registry import ENTRY_POINT_GROUP, WRITER_ENTRY_POINT_GROUP, Registry
from govinfo.writers import write
from govinfo.writers.csv import write_csv_bytes

from .helpers import example_module
from .strategies import reports

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "examples" / "custom_reader"
PLUGIN_SRC = PLUGIN / "src"
SAMPLE_CSV = ROOT / "examples" / "samples" / "sample-2021.csv"
SAMPLE_TXT = ROOT / "examples" / "samples" / "sample-2021.txt"


samples = example_module("make_samples")


def _install_metadata(site: Path, dist: str, version: str, groups: dict[str, dict[str, str]]) -> None:
    """Write the dist-info an installer would write for a distribution with these entry points."""
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    lines = []
    for group, entries in groups.items():
        lines += [f"[{group}]", *(f"{k} = {v}" for k, v in entries.items()), ""]
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")


def _declared() -> tuple[str, str, dict[str, dict[str, str]]]:
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["name"], project["version"], project["entry-points"]


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The example plugin, installed for this test only."""
    site = tmp_path / "site"
    name, version, eps = _declared()
    _install_metadata(site, name, version, eps)
    monkeypatch.syspath_prepend(str(PLUGIN_SRC))
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("govinfo_csvreader", None)


@pytest.fixture
def broken_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plugin whose module cannot be imported."""
    site = tmp_path / "broken-site"
    _install_metadata(
        site, "govinfo-broken", "1.0", {ENTRY_POINT_GROUP: {"broken": "govinfo_no_such_module_xyz:Reader"}}
    )
    monkeypatch.syspath_prepend(str(site))
    return site


@pytest.fixture
def writer_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Three writer plugins: a plain function, one that fails to import, one that takes a built-in's name."""
    site = tmp_path / "writer-site"
    site.mkdir()
    (site / "govinfo_test_writers.py").write_text(
        "def years(report):\n    return f'{report.metadata.year}\\n'.encode()\n\n\n"
        "class Json:\n    name, extension, binary = 'json', '.json', False\n\n"
        "    def write(self, report):\n        return b'{}'\n",
        encoding="utf-8",
    )
    _install_metadata(
        site,
        "govinfo-test-writers",
        "1.0",
        {
            WRITER_ENTRY_POINT_GROUP: {
                "years": "govinfo_test_writers:years",
                "broken": "govinfo_no_such_module_xyz:Writer",
                "json": "govinfo_test_writers:Json",
            }
        },
    )
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("govinfo_test_writers", None)


def _env(*paths: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([*map(str, paths), env.get("PYTHONPATH", "")])
    return env


# --- the example plugin -------------------------------------------------------------------


def test_entry_points_name_the_reader_and_the_writer(plugin_site: Path) -> None:
    """Each entry point's name is its object's name."""
    _, _, eps = _declared()
    from govinfo_csvreader import CellsCsvWriter, LongCsvReader

    assert eps[ENTRY_POINT_GROUP] == {"csv": "govinfo_csvreader:LongCsvReader"}
    assert eps[WRITER_ENTRY_POINT_GROUP] == {"cells": "govinfo_csvreader:CellsCsvWriter"}
    assert LongCsvReader.name == "csv"
    assert CellsCsvWriter.name == "cells"


def test_plugin_writer_is_found_and_read_back(plugin_site: Path) -> None:
    """With the plugin installed, write(report, "cells") uses it and its reader reads the result."""
    registry = Registry()
    report = samples.build_report("2021")
    data = write(report, "cells", registry=registry)
    back = read(data, name="cells.csv", registry=registry)

    assert registry.writer_origin("cells") == "plugin (govinfo-csvreader)"
    assert registry.writers["cells"].extension == ".csv"
    assert data.startswith(b"table,row,column,value,agency,year,template,unit\r\n")
    assert back.metadata.source.reader == "csv"
    assert list(back.cells()) == list(report.cells())


def test_read_goes_through_plugin(plugin_site: Path) -> None:
    """With the plugin installed, govinfo.read detects the long CSV and uses the plugin."""
    registry = Registry()
    report = read(SAMPLE_CSV, registry=registry)
    reader = registry.detect(SAMPLE_CSV.read_bytes())

    assert "csv" in registry.readers
    assert registry.load_errors == []
    assert reader.name == "csv"
    assert report.metadata.source.reader == "csv"
    assert report.metadata.source.name == str(SAMPLE_CSV)
    assert list(report.cells()) == list(samples.build_report("2021").cells())


def test_without_plugin_csv_is_unknown() -> None:
    """Without the plugin no built-in reader takes the CSV (the test above is not vacuous)."""
    registry = Registry(entry_points=False)

    with pytest.raises(UnknownFormatError):
        read(SAMPLE_CSV, registry=registry)


@settings(max_examples=min(30, settings.default.max_examples))
@given(report=reports())
def test_plugin_reads_what_the_csv_writer_writes(report: AnnualReport) -> None:
    """The plugin turns a long CSV back into the same cells and metadata."""
    sys.path.insert(0, str(PLUGIN_SRC))
    try:
        from govinfo_csvreader import LongCsvReader
    finally:
        sys.path.remove(str(PLUGIN_SRC))
    back = LongCsvReader().read(write_csv_bytes(report), name="x.csv")

    assert list(back.cells()) == list(report.cells())
    assert (back.metadata.agency, back.metadata.year, back.template) == (
        report.metadata.agency,
        report.metadata.year,
        report.template,
    )


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"table,row,column\nactive,regulations,issued\n", "no column value"),
        (b"table,row,column,value\nappeals,review,nope,1\n", "no cell appeals/review/nope"),
        (b"table,row,column,value\nappeals,review,total,1.5\n", "'1.5' is not a count value"),
        (b"table,row,column,value\n", "no cells"),
        (b"table,row,column,value\n\xff\n", "not UTF-8"),
    ],
)
def test_plugin_errors(plugin_site: Path, data: bytes, fragment: str) -> None:
    """Malformed CSV is a ReadError that names the file and the line."""
    from govinfo_csvreader import LongCsvReader

    with pytest.raises(ReadError, match=fragment) as info:
        LongCsvReader().read(data, name="bad.csv")

    assert info.value.source == "bad.csv"
    assert info.value.location


def test_cli_lists_and_uses_plugin(plugin_site: Path) -> None:
    """In a fresh interpreter, ``govinfo formats`` lists the plugin and ``check`` uses it."""
    env = _env(plugin_site, PLUGIN_SRC)
    formats = subprocess.run(
        [sys.executable, "-m", "govinfo", "formats", "--json"],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    check = subprocess.run(
        [sys.executable, "-m", "govinfo", "check", "--json", str(SAMPLE_CSV)],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    convert = subprocess.run(
        [sys.executable, "-m", "govinfo", "convert", str(SAMPLE_TXT), "--to", "cells"],
        capture_output=True,
        env=env,
        check=False,
        timeout=120,
    )
    listed = json.loads(formats.stdout)
    readers = {r["name"]: r for r in listed["readers"]}
    writers = {w["name"]: w for w in listed["writers"]}
    result = json.loads(check.stdout)[0]

    assert formats.returncode == 0, formats.stderr
    assert readers["csv"]["origin"] == "plugin (govinfo-csvreader)"
    assert readers["csv"]["extensions"] == [".csv"]
    assert readers["text"]["origin"] == "built-in"
    assert writers["cells"] == {
        "name": "cells",
        "extension": ".csv",
        "binary": False,
        "origin": "plugin (govinfo-csvreader)",
    }
    assert writers["csv"]["origin"] == "built-in"
    assert check.returncode == 0, check.stderr
    assert (result["reader"], result["ok"], result["year"]) == ("csv", True, 2023)
    assert convert.returncode == 0, convert.stderr
    assert convert.stdout == write(read(SAMPLE_TXT), "cells", registry=Registry())


# --- a broken plugin ----------------------------------------------------------------------


def test_broken_plugin_keeps_builtins(broken_site: Path) -> None:
    """A plugin that fails to import warns and is listed, and the built-ins still work."""
    registry = Registry()
    with pytest.warns(RuntimeWarning, match="broken"):
        names = list(registry.readers)
    report = read(ROOT / "examples" / "samples" / "sample-2021.txt", registry=registry)

    assert names[:4] == ["text", "tabbed", "html", "docx"]
    assert "broken" not in names
    assert len(registry.load_errors) == 1
    assert "govinfo_no_such_module_xyz" in registry.load_errors[0]
    assert report.metadata.year == 2023


def test_broken_plugin_in_formats(
    broken_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``govinfo formats`` shows the load error next to the working readers."""
    monkeypatch.setattr(govinfo.registry, "default_registry", Registry())
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        status = main(["formats"])
    captured = capsys.readouterr()

    assert status == 0
    assert "Plugins that failed to load:" in captured.out
    assert "reader plugin 'broken'" in captured.out
    assert "built-in" in captured.out
    assert "govinfo: warning: reader plugin 'broken'" in captured.err


# --- writer plugins -----------------------------------------------------------------------


def test_writer_plugins_function_broken_and_clashing(writer_site: Path) -> None:
    """A function is wrapped, a broken plugin is listed, a built-in's name is kept; built-ins still write."""
    registry = Registry()
    with pytest.warns(RuntimeWarning) as caught:
        names = list(registry.writers)
    report = samples.build_report("2021")

    assert names == ["json", "csv", "text", "tabbed", "html", "docx", "years"]
    assert b"2023\n" == write(report, "years", registry=registry)
    assert (".years", False) == (registry.writers["years"].extension, registry.writers["years"].binary)
    assert registry.writer_origin("years") == "plugin (govinfo-test-writers)"
    assert registry.writer_origin("json") == "built-in"
    assert write(report, "json", registry=registry).startswith(b"{\n")
    assert len(registry.load_errors) == 2
    assert [str(w.message) for w in caught] == registry.load_errors
    assert "govinfo_no_such_module_xyz" in registry.load_errors[0]
    assert "uses the name 'json', taken already" in registry.load_errors[1]
    with pytest.raises(WriteError, match=r"writer plugin 'broken' .* failed to load"):
        registry.get_writer("broken")


def test_reading_loads_no_writer_plugin(writer_site: Path) -> None:
    """Readers and writers load separately: reading a file imports no writer plugin."""
    registry = Registry()
    read(SAMPLE_TXT, registry=registry)

    assert "govinfo_test_writers" not in sys.modules
    assert registry.load_errors == []


def test_broken_writer_plugin_in_cli(
    writer_site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``govinfo formats`` lists the failure; ``convert --to broken`` says why it cannot."""
    monkeypatch.setattr(govinfo.registry, "default_registry", Registry())
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        listed = main(["formats"])
        out = capsys.readouterr().out
        converted = main(["convert", str(SAMPLE_TXT), "--to", "broken"])
    err = capsys.readouterr().err

    assert listed == 0
    assert "writer plugin 'broken'" in out.split("Plugins that failed to load:")[1]
    assert converted == 2
    assert "govinfo: convert: no writer named 'broken': writer plugin 'broken'" in err


def test_the_plugins_own_tests_pass(tmp_path: Path) -> None:
    """The example plugin's tests, written with govinfo.testing, pass against this govinfo."""
    env = _env(PLUGIN_SRC)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PLUGIN / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
