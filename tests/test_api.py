"""Tests for govinfo.api and the public namespace: what ``import govinfo`` offers."""

from __future__ import annotations

import hashlib
import importlib
import io
import re
from pathlib import Path

import pytest

import govinfo
import govinfo.api
from govinfo.api import iter_files, read_many
from govinfo.document import Document
from govinfo.errors import ReadError, UnknownFormatError

from .helpers import EXAMPLES

SAMPLE = EXAMPLES / "samples" / "sample-2021.txt"
PYTHON_API = EXAMPLES.parent / "docs" / "python-api.md"


# --- the namespace ----------------------------------------------------------------------


def test_all_is_sorted_and_unique() -> None:
    assert list(govinfo.__all__) == sorted(set(govinfo.__all__))


def test_every_public_name_is_importable() -> None:
    for name in govinfo.__all__:
        assert getattr(govinfo, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from govinfo import *", namespace)  # the star import users write
    assert set(govinfo.__all__) <= set(namespace)


def test_every_public_name_is_documented() -> None:
    text = PYTHON_API.read_text(encoding="utf-8")
    undocumented = [name for name in govinfo.__all__ if not re.search(rf"\b{re.escape(name)}\b", text)]
    assert undocumented == []


def _resolve(dotted: str) -> object:
    """``dotted`` as a user reaches it: ``import`` its longest module prefix, then attributes."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            importlib.import_module(".".join(parts[:end]))
            break
        except ImportError:
            continue
    obj: object = govinfo
    for attr in parts[1:]:
        obj = getattr(obj, attr)
    return obj


def test_documented_names_resolve() -> None:
    """Every ``govinfo.x.y`` and ``from govinfo.x import y`` of the API page works as written."""
    text = PYTHON_API.read_text(encoding="utf-8")
    dotted = re.findall(r"`(govinfo(?:\.\w+)+)", text)
    imports = re.findall(r"from (govinfo[\w.]*) import ([\w, ]+)", text)
    assert dotted
    assert imports
    for name in dotted:
        assert _resolve(name) is not None, name
    for module_name, names in imports:
        module = importlib.import_module(module_name)
        for name in (n.strip() for n in names.split(",")):
            assert hasattr(module, name), f"{module_name}.{name}"


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert govinfo.__version__ == version("govinfo")


# --- read: what it accepts ---------------------------------------------------------------


def test_read_a_path_a_pathlike_bytes_and_a_binary_file_alike() -> None:
    data = SAMPLE.read_bytes()
    with SAMPLE.open("rb") as handle:
        from_file = govinfo.read(handle)
    reports = [govinfo.read(str(SAMPLE)), govinfo.read(SAMPLE), govinfo.read(data), from_file]

    assert {r.metadata.source.sha256 for r in reports} == {hashlib.sha256(data).hexdigest()}
    assert all(r.applications == reports[0].applications for r in reports)
    assert reports[0].metadata.source.name == str(SAMPLE)
    assert from_file.metadata.source.name == str(SAMPLE)
    assert reports[2].metadata.source.name is None


def test_read_takes_the_name_it_is_given() -> None:
    report = govinfo.read(SAMPLE.read_bytes(), name="report.txt")
    assert report.metadata.source.name == "report.txt"
    assert report.metadata.source.reader == "text"


@pytest.mark.parametrize("make", [lambda: SAMPLE.open(encoding="utf-8"), lambda: io.StringIO("一、总体情况")])
def test_text_mode_files_are_refused_with_advice(make: object) -> None:
    handle = make()  # type: ignore[operator]
    with handle, pytest.raises(TypeError, match="binary mode"):
        govinfo.read(handle)


def test_text_mode_file_is_refused_before_decoding(tmp_path: Path) -> None:
    """A GBK file opened as UTF-8 text gets the advice, not a UnicodeDecodeError."""
    path = tmp_path / "gbk.txt"
    path.write_bytes("一、总体情况".encode("gbk"))
    with path.open(encoding="utf-8") as handle, pytest.raises(TypeError, match="binary mode"):
        govinfo.read(handle)


@pytest.mark.parametrize("source", [12, None, ["a"]])
def test_other_sources_are_a_type_error(source: object) -> None:
    with pytest.raises(TypeError, match="path, bytes or a binary file"):
        govinfo.read(source)  # type: ignore[arg-type]


# --- read: what it refuses --------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\t"])
def test_empty_input_is_a_read_error(data: bytes) -> None:
    with pytest.raises(ReadError, match="empty") as info:
        govinfo.read(data, name="empty.txt")
    assert info.value.source == "empty.txt"


def test_missing_file_and_directory_are_read_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="No such file") as info:
        govinfo.read(tmp_path / "missing.txt")
    assert str(tmp_path / "missing.txt") in str(info.value)
    with pytest.raises(ReadError):
        govinfo.read(tmp_path)


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(govinfo.api, "MAX_INPUT_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ReadError, match="limit"):
        govinfo.read(path)
    with pytest.raises(ReadError, match="larger than"):
        govinfo.read(b"x" * 101)
    with pytest.raises(ReadError, match="larger than"):
        govinfo.read(io.BytesIO(b"x" * 101))


def test_unknown_format_names_a_known_foreign_format() -> None:
    with pytest.raises(UnknownFormatError, match="PNG") as info:
        govinfo.read(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, name="report.png")
    assert set(info.value.scores) >= {"text", "tabbed", "html", "docx"}


def test_forced_format() -> None:
    with pytest.raises(ReadError, match="not HTML"):
        govinfo.read(SAMPLE, format="html")
    with pytest.raises(UnknownFormatError, match="no reader named"):
        govinfo.read(SAMPLE, format="nope")


def test_read_document_fills_in_the_source() -> None:
    document = govinfo.read_document(SAMPLE)
    assert isinstance(document, Document)
    assert document.source.name == str(SAMPLE)
    assert document.source.reader == "text"
    assert document.source.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


# --- many files -----------------------------------------------------------------------


class _Stubborn(Exception):
    """An exception that cannot be unpickled (its constructor wants two arguments)."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} {second}")


class _BuggyReader:
    """Reads ``.bug`` files by failing the way a buggy plugin does."""

    name = "bug"
    extensions = (".bug", ".stub")

    def sniff(self, data: bytes, name: str | None = None) -> float:
        return 1.0 if data.startswith(b"BUG") else 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        if data.startswith(b"BUG stubborn"):
            raise _Stubborn("cannot", "pickle")
        raise KeyError("a bug")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A directory of reports, in sorted order: good, unknown, a bug, hidden and ignored files."""
    report = SAMPLE.read_bytes()
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_bytes(report)
    (tmp_path / "b" / "c.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "b" / "d.bug").write_bytes(b"BUG")
    (tmp_path / "b" / "e.stub").write_bytes(b"BUG stubborn")
    (tmp_path / "b" / "f.TXT").write_bytes(report)
    (tmp_path / "b" / ".g.txt").write_bytes(report)
    (tmp_path / ".hidden" / "h.txt").write_bytes(report)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path


def _registry() -> govinfo.Registry:
    registry = govinfo.Registry(entry_points=False)
    registry.register(_BuggyReader())
    return registry


def test_iter_files(tree: Path) -> None:
    """Directories are searched sorted and by extension; named files always come; each once; exclude wins."""
    registry = _registry()
    found = list(iter_files([tree, tree / "notes.pdf", tree / "a.txt", "missing.txt"], registry=registry))
    excluded = list(iter_files([tree], registry=registry, exclude=[str(tree / "b" / ".." / "a.txt")]))

    expected = [tree / "a.txt", *(tree / "b" / n for n in ("c.txt", "d.bug", "e.stub", "f.TXT")), tree / "notes.pdf"]
    assert [str(p) for p in expected] + ["missing.txt"] == found
    assert [str(p) for p in expected[1:]] == excluded


@pytest.mark.parametrize("jobs", [1, 2])
def test_read_many_returns_every_outcome_in_order(tree: Path, jobs: int) -> None:
    """One result per file, in input order, whatever the jobs; failures and bugs are results, not exceptions."""
    paths = [tree, tree / "notes.pdf", tree / "missing.txt"]
    results = list(read_many(paths, jobs=jobs, registry=_registry()))
    by_name = {Path(r.path).name: r for r in results}

    assert list(iter_files(paths, registry=_registry())) == [r.path for r in results]
    assert [Path(r.path).name for r in results if r.ok] == ["a.txt", "f.TXT"]
    assert all(r.report is not None and r.report.metadata.year == 2023 for r in results if r.ok)
    assert all(r.report is None for r in results if not r.ok)
    assert isinstance(by_name["c.txt"].error, ReadError)
    assert isinstance(by_name["notes.pdf"].error, ReadError)  # a broken PDF, named as such
    assert isinstance(by_name["missing.txt"].error, ReadError)
    assert isinstance(by_name["d.bug"].error, KeyError)
    stubborn = by_name["e.stub"].error
    assert isinstance(stubborn, _Stubborn if jobs == 1 else RuntimeError)
    assert "cannot pickle" in str(stubborn)


def test_read_many_with_format_and_bad_jobs() -> None:
    """``format`` skips detection for every file; a negative jobs count is refused."""
    (result,) = read_many([SAMPLE], format="html")

    assert isinstance(result.error, ReadError)
    assert "not HTML" in str(result.error)
    with pytest.raises(ValueError, match="jobs"):
        list(read_many([SAMPLE], jobs=-1))
