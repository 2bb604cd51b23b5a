"""The extraction package: the passes in order, the old module paths kept for one release."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govinfo
from govinfo import extraction
from govinfo.api import read
from govinfo.document import Document, Paragraph
from govinfo.errors import GovinfoError
from govinfo.extraction.runs import SPLIT_LIMIT, solve_run
from govinfo.extraction.template import decide_template
from govinfo.extraction.tokens import tokenize, vocabulary
from govinfo.form import NATIONAL

from ..conftest import CORPUS
from ..readers.test_flat import crawled

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXTRACTION_CODES = {
    "template-mixed", "missing-table", "missing-row", "no-values", "too-few-values", "too-many-values",
    "duplicate-row", "bad-value", "unplaced-value", "ambiguous-run", "split-run", "no-year", "no-agency",
}  # fmt: skip


def test_govinfo_extract_is_the_function_even_after_the_old_module_is_imported() -> None:
    import govinfo.extract as old_module
    from govinfo.extract import extract as old_name

    assert old_name is extraction.extract
    title = Document(blocks=[Paragraph("某某局政府信息公开工作年度报告")])
    assert govinfo.extract(title).template == "2021"
    assert callable(old_module)


def test_old_module_paths_are_importable() -> None:
    from govinfo._runs import BALANCE_ROWS, solve_applications
    from govinfo.extraction.values import parse_cell
    from govinfo.values import PLACEHOLDERS, ParsedCell, format_number
    from govinfo.values import parse_cell as old_parse_cell

    assert old_parse_cell is parse_cell
    assert "/" in PLACEHOLDERS
    assert format_number(3) == "3"
    assert isinstance(parse_cell("3"), ParsedCell)
    assert BALANCE_ROWS[0] == "new_received"
    assert solve_applications({"granted": ["1100002"]}, {})["granted"].unique == ("1", "1", "0", "0", "0", "0", "2")


def test_vocabulary_is_derived_once_per_form() -> None:
    assert vocabulary(NATIONAL) is vocabulary(NATIONAL)
    vocab = vocabulary(NATIONAL)
    assert vocab.sections["overview"] == ("总体情况", "概述")
    assert vocab.markers["2021"][0] == "本年制发件数"
    assert "索引号" in dict(vocab.metadata)
    assert vocab.own_rows == {"other": "applications/other"}
    assert {g.path for g in vocab.generic.values()} == {"applications/other.other", "applications/results_total"}


def test_template_pass_returns_the_version_and_its_findings() -> None:
    document = read_document_of(crawled())
    decision = decide_template(tokenize(document), None)
    assert decision.template == "2021"
    assert decision.findings == ()
    assert dict(decision.scores)["2021"] > 0


def read_document_of(text: str) -> Document:
    from govinfo.readers.flat import FlatTextReader

    document = FlatTextReader().read(text.encode(), name="page.txt")
    assert isinstance(document, Document)
    return document


def test_solver_gives_up_within_its_budget() -> None:
    assert SPLIT_LIMIT > 0
    assert not solve_run(["1" * 60], ("count",) * 12).decided


# --- English messages name tables, rows and columns in English ------------------------------

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|「[^」]*」")
_HAN = re.compile(r"[\u3400-\u9fff（）「」、；：，。]")
_KEY = re.compile(r"\b(?:active|applications|appeals)/|\brow '|\btable '")


def _documents() -> list[Path]:
    folders = [SAMPLES, CORPUS / "real", CORPUS / "seeds"]
    suffixes = (".txt", ".html", ".htm", ".md", ".docx", ".doc")
    return sorted(p for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file() and p.suffix in suffixes)


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_english_extraction_messages_have_no_keys_and_no_chinese(path: Path) -> None:
    try:
        report = read(path)
    except GovinfoError:
        pytest.skip("refused")
    for item in report.findings:
        if item.code not in EXTRACTION_CODES:
            continue
        bare = _QUOTED.sub("", item.message_en)
        assert not _HAN.search(bare), item.message_en
        assert not _KEY.search(item.message_en), item.message_en


def test_english_messages_of_crawled_text_name_rows_in_english() -> None:
    text = (
        crawled()
        .replace("本年度制发的规范性文件88件", "本年度发布了一批文件")
        .replace("现行有效行政规范性文件698件", "一批文件")
    )
    report = extract_text(text)
    (ambiguous,) = [f for f in report.findings if f.code == "ambiguous-run"]
    assert ambiguous.message_en.startswith("Table 2, row Administrative normative documents:")
    assert "「" not in ambiguous.message_en
    assert "「行政规范性文件」一行" in ambiguous.message


def extract_text(text: str) -> govinfo.AnnualReport:
    return extraction.extract(read_document_of(text))
