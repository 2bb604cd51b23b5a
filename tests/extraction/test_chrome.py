"""Tables of page chrome give one token, and the report is the one every token gives (issue 7).

:func:`~govinfo.extraction.tokens.tokenize` leaves out all but the first cell of a table
whose every cell is chrome (a CMS page's navigation). These properties put such tables,
and tables that only nearly are (a metadata label, a form word, a blank, a digit in the
first cell after a label), anywhere in documents the writers print and the readers read,
and check that the report, its findings and its refusals are those of the full tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import govinfo.extraction as extraction_module
from govinfo import to_json
from govinfo.api import read_document
from govinfo.document import Cell, Document, Location, Paragraph, Table
from govinfo.errors import GovinfoError
from govinfo.extraction import extract
from govinfo.extraction.tokens import tokenize
from govinfo.testing import reports
from govinfo.writers import write

SAMPLES = Path(__file__).parents[2] / "examples" / "samples"
_DOCUMENT_SUFFIXES = (".txt", ".tsv", ".html", ".docx", ".md")

_CHROME_TEXTS = st.sampled_from(
    ["首页", "栏目", "专题", "导航链接", "联系我们", "政务公开", "信息公开目录", "网站地图", "返回顶部",
     "2023-01-05", "栏目12", "»", "|", "O", "第3页", "上一篇"]
)  # fmt: skip
_NEAR_TEXTS = st.sampled_from(
    ["索引号", "发布日期", "2023-05-01", "总计", "其他", "本年新收政府信息公开申请数量", "", "0", "12", "/",
     "行政复议", "(一)", "信息公开年报", "年度报告", "一、总体情况"]
)  # fmt: skip


def _chrome_table(draw: st.DrawFn, number: int) -> Table:
    texts = st.one_of(_CHROME_TEXTS, _NEAR_TEXTS) if draw(st.integers(0, 3)) == 0 else _CHROME_TEXTS
    rows = draw(st.lists(st.lists(texts, min_size=1, max_size=5), min_size=1, max_size=3))
    return Table(
        [[Cell(text, Location(table=number, row=r + 1, column=k + 1)) for k, text in enumerate(row)]
         for r, row in enumerate(rows)],
        Location(table=number),
    )  # fmt: skip


@st.composite
def _with_chrome(draw: st.DrawFn, document: Document) -> Document:
    blocks: list[Paragraph | Table] = list(document.blocks)
    for n in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(blocks)))
        blocks.insert(where, _chrome_table(draw, 900 + n))
    return attrs.evolve(document, blocks=blocks)


def _outcome(document: Document) -> tuple[str, Any]:
    try:
        report = extract(document)
    except GovinfoError as exc:
        return "refused", (type(exc).__name__, str(exc))
    return to_json(report), [(f.code, f.location, f.message) for f in report.findings]


def _full_tokens(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    def undo() -> None:
        monkeypatch.undo()

    def every_token(document: Document, form: Any = None, **_: Any) -> Any:
        return tokenize(document, form, keep_chrome=True) if form is not None else tokenize(document, keep_chrome=True)

    monkeypatch.setattr(extraction_module, "tokenize", every_token)
    return undo


def _same_with_and_without_chrome_tokens(document: Document) -> None:
    collapsed = _outcome(document)
    with pytest.MonkeyPatch.context() as patch:
        _full_tokens(patch)
        full = _outcome(document)
    assert collapsed == full


@st.composite
def _read_reports(draw: st.DrawFn) -> Document:
    report = draw(reports(extras=draw(st.booleans())))
    layout = draw(st.sampled_from(["text", "tabbed", "html"]))
    try:
        data = write(report, layout)
    except GovinfoError:  # a report this layout cannot print (see the writers)
        assume(False)
    document = read_document(data, format=layout)
    assert isinstance(document, Document)
    return draw(_with_chrome(document))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much], deadline=None, max_examples=60)
@given(_read_reports())
def test_chrome_anywhere_in_a_written_report_changes_nothing(document: Document) -> None:
    _same_with_and_without_chrome_tokens(document)


@settings(deadline=None, max_examples=60)
@given(st.data())
def test_chrome_anywhere_in_a_sample_changes_nothing(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(p.name for p in SAMPLES.iterdir() if p.suffix in _DOCUMENT_SUFFIXES)))
    document = read_document(SAMPLES / name)
    assert isinstance(document, Document)
    _same_with_and_without_chrome_tokens(data.draw(_with_chrome(document)))


def test_the_corpus_with_chrome_changes_nothing(corpus: Path) -> None:
    """Every real document, with a chrome table before, between and after its blocks."""
    for path in sorted((corpus / "real").iterdir()):
        if path.suffix in (".jsonl", ".json") or path.is_dir():
            continue
        try:
            document = read_document(path)
        except GovinfoError:
            continue
        if not isinstance(document, Document):
            continue
        blocks: list[Paragraph | Table] = []
        for i, block in enumerate(document.blocks):
            if i % 3 == 0:
                blocks.append(Table([[Cell("首页"), Cell("栏目1")], [Cell("专题")]]))
            blocks.append(block)
        blocks.append(Table([[Cell("返回顶部")]]))
        _same_with_and_without_chrome_tokens(attrs.evolve(document, blocks=blocks))


def test_a_navigation_table_gives_one_token_and_a_label_keeps_its_table() -> None:
    navigation = Table([[Cell("首页"), Cell("栏目1"), Cell("专题")]])
    grid = Table([[Cell("索引号"), Cell("000-2024")]])
    tokens = tokenize(Document(blocks=[navigation, grid, navigation]))
    assert [t.text for t in tokens] == ["首页", "索引号", "000-2024", "首页"]
    assert tokens.chrome == frozenset({0, 2})
    full = tokenize(Document(blocks=[navigation, grid, navigation]), keep_chrome=True)
    assert len(full) == 8
    assert full.chrome == frozenset()


def test_chrome_after_a_value_that_may_run_on_is_kept_whole() -> None:
    """A table whose first cell holds a digit, after a table's cell: a run of values may reach it."""
    report_table = Table([[Cell("总计"), Cell("3")]])
    navigation = Table([[Cell("栏目1"), Cell("栏目2")]])
    tokens = tokenize(Document(blocks=[report_table, navigation]))
    assert tokens.chrome == frozenset()
    assert [t.text for t in tokens][-2:] == ["栏目1", "栏目2"]
    after_prose = tokenize(Document(blocks=[Paragraph("说明文字"), navigation]))
    assert after_prose.chrome == frozenset({1})


@pytest.mark.parametrize("label", ["本年新收政府信息公开申请数量", "总计", "行政复议"])
def test_a_label_whose_values_run_into_a_navigation_table_reads_as_before(label: str) -> None:
    """A run of values after a table's last label reaches into the next table: it stays whole."""
    document = Document(
        blocks=[
            Paragraph("某某局2023年政府信息公开工作年度报告"),
            Table([[Cell(label, Location(table=1, row=1, column=1))]], Location(table=1)),
            Table([[Cell(f"栏目{k}", Location(table=2, row=1, column=k)) for k in range(1, 9)]], Location(table=2)),
        ]
    )
    _same_with_and_without_chrome_tokens(document)
