"""The one catalogue of findings: what check emits, what rules lists and what the docs say agree."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import govinfo
from govinfo.cli import main
from govinfo.findings import CATALOGUE, Code, finding, register_code, render, unregister_code
from govinfo.form import NATIONAL, Identity
from govinfo.validation import catalogue, validate

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules.md"
COLUMNS = NATIONAL.table("applications").columns


def _rules_json(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    assert main(["rules", "--json"]) == 0
    return {c["code"]: c for c in json.loads(capsys.readouterr().out)["codes"]}


def _emitted(files: list[Path], capsys: pytest.CaptureFixture[str]) -> dict[str, set[str]]:
    main(["check", "--json", *map(str, files)])
    emitted: dict[str, set[str]] = {}
    for entry in json.loads(capsys.readouterr().out):
        for item in entry.get("findings", []):
            emitted.setdefault(item["code"], set()).add(item["severity"])
    return emitted


def test_every_code_check_emits_on_the_corpus_is_in_rules_json(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(p for p in (corpus / "real").iterdir() if p.suffix != ".jsonl" and p.is_file())
    files += sorted((corpus / "seeds").iterdir())
    emitted = _emitted(files, capsys)
    listed = _rules_json(capsys)
    assert len(emitted) >= 10  # the corpus exercises many codes: this is not vacuous
    for code, severities in emitted.items():
        assert code in listed, code
        assert severities == {listed[code]["severity"]}, code


def test_every_code_the_samples_give_is_in_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(p for p in (ROOT / "tests" / "samples").rglob("*") if p.is_file() and p.suffix != ".json")
    files += sorted(p for p in (ROOT / "examples" / "samples").iterdir() if p.suffix != ".json")
    emitted = _emitted(files, capsys)
    listed = _rules_json(capsys)
    assert set(emitted) <= set(listed)


def test_rules_json_lists_the_whole_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    listed = _rules_json(capsys)
    assert list(listed) == list(CATALOGUE)
    stages = {c["stage"] for c in listed.values()}
    assert {"extraction", "arithmetic", "domain", "conformance", "narrative", "cross-report"} <= stages
    assert listed["row-total"]["formula"].startswith("∀r: r.total == r.natural_person")


def test_docs_list_the_whole_catalogue() -> None:
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    for entry in catalogue():
        expected = (
            f"| `{entry['code']}` | {entry['severity']} | {entry['stage']} | {entry['title']} | {entry['title_en']} |"
        )
        assert expected in lines, entry["code"]


def test_the_factory_refuses_a_code_not_in_the_catalogue() -> None:
    with pytest.raises(KeyError, match="not-a-code"):
        finding("not-a-code", "x", "x")
    made = finding("row-total", "甲", "a")
    assert made.severity == "error"  # from the catalogue
    assert finding("row-total", "甲", "a", severity="info").severity == "info"


def test_one_renderer_in_both_languages() -> None:
    made = finding("no-year", "未能确定", "no year")
    assert render(made) == "警告［no-year］未能确定" == str(made)
    assert render(made, "en") == "warning [no-year] no year"


def test_a_made_up_identity_is_checked_by_validation() -> None:
    """A copy of the form with one more identity: validation uses it with no other edit."""
    register_code(Code("made-up", "error", "arithmetic", "虚构", "made up"))
    try:
        form = NATIONAL.with_identities(
            Identity("made-up", "applications", "column", total=("carried_forward",), parts=("carried_over",))
        )
        report = govinfo.read(ROOT / "examples" / "samples" / "sample-2021.txt")
        cells = {f"applications/{row}/{c.key}": 0 for row in ("carried_over", "carried_forward") for c in COLUMNS}
        same = report.with_cells(cells)
        assert not validate(same, form=form).by_code("made-up")
        odd = same.with_cells({"applications/carried_over/research": 2, "applications/carried_over/total": 2})
        found = validate(odd, form=form).by_code("made-up")
        assert found, "the made-up identity was not checked"
        assert {p for f in found for p in f.paths} >= {
            "applications/carried_forward/research",
            "applications/carried_over/research",
        }
        assert not validate(odd).by_code("made-up")  # the national form does not have it
    finally:
        unregister_code("made-up")
    assert "made-up" not in CATALOGUE


def test_english_cell_names_have_no_chinese() -> None:
    for template in ("2019", "2021"):
        for table, row, column in NATIONAL.iter_cells(template):
            name = NATIONAL.cell_name(f"{table.key}/{row.key}/{column.key}", template, "en")
            assert not re.search(r"[\u4e00-\u9fff]", name), name
            assert name.startswith(table.label_en)


def test_expected_value_renders_in_details() -> None:
    from govinfo.findings import render_details

    made = finding("row-total", "甲", "a", paths=["applications/granted/total"], expected=Decimal(3), actual=None)
    assert render_details(made, "en") == "cells applications/granted/total; expected 3, found blank"
