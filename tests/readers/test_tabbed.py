"""Tests for the tab-delimited text reader."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govinfo.document import Cell, Document, Location, Paragraph, Table
from govinfo.errors import ReadError
from govinfo.readers.tabbed import TabbedTextReader
from govinfo.readers.text import PipeTextReader
from govinfo.registry import Registry

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FRAGMENT = SAMPLES / "tabbed" / "tab_fragment.txt"


@pytest.fixture
def reader() -> TabbedTextReader:
    return TabbedTextReader()


@pytest.fixture
def fragment(reader: TabbedTextReader) -> Document:
    return reader.read(FRAGMENT.read_bytes(), name="tab_fragment.txt")


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_blocks_in_order(fragment: Document) -> None:
    kinds = [type(b).__name__ for b in fragment.blocks]
    assert kinds == [
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Table",
        "Paragraph",
        "Table",
        "Paragraph",
    ]
    # A label that lost its tab is a paragraph between two tables.
    assert fragment.blocks[5] == Paragraph("三、本年度办理结果", Location(line=17))


def test_rows_end_at_blank_lines_and_tables_continue(fragment: Document) -> None:
    first, second = fragment.tables
    assert _texts(first) == [
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "12"],
        ["行政事业性收费", ""],
    ]
    assert first.location == Location(line=5, table=1)
    assert first.rows[3][1] == Cell("", Location(line=15, table=1, row=4, column=2))
    assert not any(c.spanned for c in first.cells())
    # Several tabs on one line are several cells; a trailing tab is an empty cell.
    assert _texts(second) == [["（一）予以公开", "1", ""]]
    assert [c.location for c in second.rows[0]] == [Location(line=18, table=2, row=1, column=n) for n in (1, 2, 3)]


def test_whitespace_only_lines_are_blank(reader: TabbedTextReader) -> None:
    doc = reader.read("\ta\n \u3000\n\tb\n".encode())
    (table,) = doc.tables
    assert _texts(table) == [["a"], ["b"]]


@pytest.mark.parametrize(
    ("transform", "encoding"),
    [
        (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("gbk"), "gb18030"),
    ],
    ids=["crlf", "bom", "gbk"],
)
def test_encodings_and_newlines(reader: TabbedTextReader, transform: Callable[[str], bytes], encoding: str) -> None:
    text = FRAGMENT.read_text(encoding="utf-8")
    expected = reader.read(text.encode("utf-8")).blocks
    doc = reader.read(transform(text), name="x.tsv")
    assert doc.blocks == expected
    assert doc.source.encoding == encoding
    assert doc.source.reader == "tabbed"


def test_garbage_is_a_read_error(reader: TabbedTextReader) -> None:
    with pytest.raises(ReadError, match=r"scan\.tsv.*binary"):
        reader.read(bytes(range(256)) * 4, name="scan.tsv")
    with pytest.raises(ReadError, match=r"page\.tsv.*HTML.*format='html'"):
        reader.read(b"<html><body><p>x</p></body></html>", name="page.tsv")


def test_text_without_tables_is_not_an_error(reader: TabbedTextReader) -> None:
    doc = reader.read("一、总体情况\n无。\n".encode())
    assert doc.tables == ()
    assert len(doc.paragraphs) == 2


def test_sniff_prefers_the_right_reader(reader: TabbedTextReader) -> None:
    tab = FRAGMENT.read_bytes()
    pipe = (SAMPLES / "text" / "pipe_fragment.txt").read_bytes()
    assert reader.sniff(tab) >= 0.8
    assert reader.sniff(tab) > PipeTextReader().sniff(tab)
    assert reader.sniff(pipe) < 0.5
    assert reader.sniff(b"<!doctype html><html></html>") == 0.0
    registry = Registry(entry_points=False)
    assert registry.detect(tab, "report.txt").name == "tabbed"
    assert registry.detect(tab, "report.tsv").name == "tabbed"
    assert registry.detect(tab).name == "tabbed"


@given(st.binary(max_size=300))
def test_sniff_never_raises(data: bytes) -> None:
    assert 0.0 <= TabbedTextReader().sniff(data, "x.tsv") <= 1.0


@given(st.text(alphabet="ab \n\t中", max_size=200))
def test_read_any_text_gives_consistent_locations(text: str) -> None:
    doc = TabbedTextReader().read(text.encode("utf-8"))
    for table in doc.tables:
        assert table.rows
        for r, row in enumerate(table.rows, start=1):
            assert [c.location.column for c in row] == list(range(1, len(row) + 1))
            assert {c.location.row for c in row} == {r}


# --- the seeds --------------------------------------------------------------------------


def test_seed_004(corpus: Path) -> None:
    (path,) = (corpus / "seeds").glob("004_*.txt")
    data = path.read_bytes()
    doc = TabbedTextReader().read(data, name=path.name)
    registry = Registry(entry_points=False)
    assert registry.detect(data, path.name).name == "tabbed"
    assert registry.detect(data).name == "tabbed"
    assert len(doc.tables) == 4
    header = doc.tables[1].rows
    assert [c.text for c in header[2]] == [
        "",
        "",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "",
    ]
    assert "三、本年度办理结果" in [p.text for p in doc.paragraphs]
    appeals = doc.tables[3]
    assert [c.text for c in appeals.rows[-1]] == ["0"] * 15
