"""The reviewer's page, reviewer locations, fingerprints and baselines (without a browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.cli import main
from govinfo.document import Location
from govinfo.findings import finding, place, render
from govinfo.review import Baseline, BaselineError, fingerprint, render_html, subject
from govinfo.validation import validate, validate_many

SAMPLES = Path(__file__).resolve().parent / "samples" / "review"
WRONG = SAMPLES / "wrong-cell-2023.txt"


def _cells(html: str) -> dict[str, str]:
    """data-path → the attributes of its td, for every value cell of a one-report page."""
    return {m.group(2): m.group(1) for m in re.finditer(r'<td[^>]*?( id="[^"]+" data-path="([^"]+)"[^>]*)>', html)}


# --- reviewer locations -----------------------------------------------------------------


def test_place_names_the_forms_table_row_and_column_and_the_line() -> None:
    made = finding("inconsistent-cell", "m", "m", paths=["applications/granted/natural_person"])
    where = Location(line=68, table=3, row=6, column=3)
    assert "表三 （一）予以公开 / 自然人，第68行" == place(made, location=where)
    assert "Table 3, row (1) Granted, column Natural person, line 68" == place(made, "en", location=where)
    # The physical grid position stays in the finding for tools, not in the words.
    assert "第3个表格" not in render(made, location=where)


def test_place_names_the_page_of_a_pdf() -> None:
    made = finding("appeal-total", "m", "m", paths=["appeals/review/total"], location=Location(page=4, table=3, row=4))
    assert "表四 行政复议 / 总计，第4页" == place(made)


def test_place_without_a_cell_is_the_physical_location() -> None:
    made = finding("no-year", "m", "m", location=Location(line=3))
    assert "第3行" == place(made)
    assert place(finding("no-year", "m", "m")) is None


def test_check_prints_the_forms_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert 1 == main(["check", str(WRONG)])
    assert "（表三 （一）予以公开 / 自然人，第68行）" in capsys.readouterr().out


# --- fingerprints ------------------------------------------------------------------------


def test_fingerprint_ignores_message_file_name_and_path_order() -> None:
    report = govinfo.read(WRONG)
    item = validate(report).errors[0]
    renamed = attrs.evolve(
        report, metadata=attrs.evolve(report.metadata, source=attrs.evolve(report.metadata.source, name="x.txt"))
    )
    reworded = attrs.evolve(item, message="另一种说法", message_en="other words", paths=tuple(reversed(item.paths)))
    assert fingerprint(item, report) == fingerprint(reworded, renamed)
    assert fingerprint(item, report) != fingerprint(attrs.evolve(item, code="row-total"), report)
    assert fingerprint(item, report) != fingerprint(attrs.evolve(item, paths=("applications/granted/total",)), report)


def test_subject_is_agency_and_year_else_the_digest() -> None:
    report = govinfo.read(WRONG)
    assert "agency:云溪市市场监督管理局:2023" == subject(report)
    nameless = attrs.evolve(report, metadata=attrs.evolve(report.metadata, agency=None))
    assert subject(nameless) == f"sha256:{report.metadata.source.sha256}"


@given(st.lists(st.sampled_from(["applications/granted/total", "appeals/review/total", "active/licensing/decisions"])))
def test_fingerprint_is_a_function_of_the_set_of_paths(paths: list[str]) -> None:
    one = finding("inconsistent-cell", "a", "a", paths=paths)
    other = finding("inconsistent-cell", "b", "b", paths=sorted(set(paths)))
    assert fingerprint(one, "agency:x:2023") == fingerprint(other, "agency:x:2023")


# --- baselines ---------------------------------------------------------------------------


def test_baseline_round_trips_and_keeps_notes(tmp_path: Path) -> None:
    report = govinfo.read(WRONG)
    found = validate(report).findings
    first = Baseline.of([(report, found)], note="核实过")
    path = tmp_path / "b.json"
    first.write(path)
    again = Baseline.read(path)
    assert again == first
    assert {"核实过"} == {e.note for e in again.entries}
    rewritten = Baseline.of([(report, found)], note="new", previous=again)
    assert {"核实过"} == {e.note for e in rewritten.entries}
    kept, accepted = again.split(found, report)
    assert ([], list(found)) == (kept, accepted)


@pytest.mark.parametrize("text", ["", "[]", '{"govinfo_baseline": 1, "findings": [{}]}', '{"govinfo_baseline": 9}'])
def test_a_bad_baseline_is_a_baseline_error_naming_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError, match=r"bad\.json"):
        Baseline.read(path)


def test_check_baseline_suppresses_counts_and_names_what_no_longer_occurs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "accepted.json"
    assert 1 == main(["check", str(WRONG), "--write-baseline", str(baseline), "--note", "typo confirmed"])
    capsys.readouterr()
    assert 0 == main(["check", str(WRONG), "--baseline", str(baseline)])
    out = capsys.readouterr().out
    assert "另有 1 个问题已在基线中接受" in out
    assert "略去 1 个已接受的问题；0 个已接受的问题不再出现" in out
    # The corrected report: the accepted finding no longer occurs, and is named.
    fixed = tmp_path / "fixed.txt"
    fixed.write_bytes((SAMPLES / "clean-2023.txt").read_bytes())
    assert 0 == main(["check", str(fixed), "--baseline", str(baseline), "--lang", "en"])
    out = capsys.readouterr().out
    assert "0 accepted finding(s) suppressed; 1 accepted finding(s) no longer occur" in out
    assert "no longer found: agency:云溪市市场监督管理局:2023 [inconsistent-cell]" in out


def test_check_json_carries_fingerprints_and_the_suppressed(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    baseline = tmp_path / "b.json"
    main(["check", str(WRONG), "--json", "--write-baseline", str(baseline)])
    data = json.loads(capsysbinary.readouterr().out)
    key = data[0]["findings"][0]["fingerprint"]
    assert [key] == [e["fingerprint"] for e in json.loads(baseline.read_text(encoding="utf-8"))["findings"]]
    assert data[0]["findings"][0]["location"] == {"line": 68, "table": 3, "row": 6, "column": 3}  # physical, for tools
    assert 0 == main(["check", str(WRONG), "--json", "--baseline", str(baseline)])
    data = json.loads(capsysbinary.readouterr().out)
    assert [] == data[0]["findings"]
    assert [key] == [s["fingerprint"] for s in data[0]["suppressed"]]


def test_check_with_a_missing_baseline_fails_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["check", str(WRONG), "--baseline", str(tmp_path / "none.json")])
    err = capsys.readouterr().err
    assert "none.json" in err
    assert "Traceback" not in err


def _corpus_entry(corpus: Path, file: str) -> dict[str, object]:
    for line in (corpus / "real" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry: dict[str, object] = json.loads(line)
        if entry["file"] == file:
            return entry
    raise AssertionError(file)


def test_corpus_baseline_suppresses_exactly_the_source_errors_and_a_changed_cell_is_new(
    corpus: Path, tmp_path: Path
) -> None:
    pytest.importorskip("pdfplumber")
    name = "001_hongze-district-2023.pdf"
    entry = _corpus_entry(corpus, name)
    source_errors = entry["source_errors"]
    assert isinstance(source_errors, list)
    assert len(source_errors) == 2
    report = govinfo.read(corpus / "real" / name)
    found = validate(report).findings
    errors = [f for f in found if f.severity == "error"]
    # The document's own two inconsistencies (table 4: 行政复议 and 复议后起诉 totals) are its errors.
    assert {"appeals/review/total", "appeals/litigation_after_review/total"} == {f.paths[0] for f in errors}
    baseline = Baseline.of([(report, errors)], note="原表如此")
    path = tmp_path / "accepted.json"
    baseline.write(path)

    again = govinfo.read(corpus / "real" / name)
    kept, accepted = Baseline.read(path).split(validate(again).findings, again)
    assert {fingerprint(f, again) for f in accepted} == baseline.fingerprints
    assert [] == [f for f in kept if f.severity == "error"]

    changed = again.with_cell(
        "applications/granted/natural_person", (again.get("applications/granted/natural_person") or 0) + 7
    )
    kept, accepted = Baseline.read(path).split(validate(changed).findings, changed)
    assert len(accepted) == 2
    new = [f for f in kept if f.severity == "error"]
    assert len(new) == 1
    assert "applications/granted/natural_person" in new[0].paths
    assert Baseline.read(path).stale([(changed, validate(changed).findings)]) == []


# --- the page, as text -------------------------------------------------------------------


def test_page_is_self_contained() -> None:
    page = render_html(govinfo.read(WRONG))
    assert "Content-Security-Policy" in page
    assert "default-src 'none'" in page
    assert not re.search(r"<(script|link|img|iframe|object)\b", page)
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "@page" in page


def test_page_has_every_cell_and_marks_the_wrong_one() -> None:
    report = govinfo.read(WRONG)
    page = render_html(report)
    cells = _cells(page)
    assert {p for p, _ in report.cells()} == set(cells)
    assert ["applications/granted/natural_person"] == [p for p, a in cells.items() if "data-severity" in a]
    assert "应为 18" in page


def test_blank_cells_are_blank_not_zero() -> None:
    report = govinfo.read(SAMPLES / "unreadable-2023.txt")
    page = render_html(report)
    match = re.search(r'data-path="active/normative_documents/repealed"[^>]*><span class="val">([^<]*)</span>', page)
    assert match is not None
    assert "" == match.group(1)


def test_english_page_uses_the_forms_english_labels() -> None:
    page = render_html(govinfo.read(WRONG), language="en")
    assert '<html lang="en">' in page
    assert "(1) Granted" in page
    assert "should be 18" in page


def test_accepted_findings_are_shown_as_accepted() -> None:
    report = govinfo.read(WRONG)
    baseline = Baseline.of([(report, validate(report).findings)], note="已核实")
    page = render_html(report, baseline=baseline)
    cells = _cells(page)
    assert [] == [p for p, a in cells.items() if "data-severity" in a]
    assert ["applications/granted/natural_person"] == [p for p, a in cells.items() if "data-accepted" in a]
    assert "已核实" in page


def test_series_page_shows_last_years_value_and_the_carry_over() -> None:
    reports = [govinfo.read(SAMPLES / "series-2023.txt"), govinfo.read(SAMPLES / "series-2022.txt")]
    results = validate_many(reports)
    page = render_html(reports, results=results)
    later = page[page.index('id="r2"') :]
    marked = re.findall(r'data-path="([^"]+)" data-severity="warning"', later)
    carried = ["applications/carried_over/natural_person", "applications/carried_over/total"]
    assert carried == [p for p in marked if p.startswith("applications/")]
    # The other marks are the cross-report warnings the copied sample tables also earn.
    named = {p for f in results[0].findings for p in f.paths}
    assert set(marked) <= named
    assert "上年结转下年度 5" in later
    assert "上年 49" in later
    assert 'href="#r1-c-applications--carried_forward--natural_person"' in later


def test_report_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.html"
    assert 0 == main(["report", str(WRONG), "-o", str(out), "--lang", "en"])
    assert "1 error(s)" in capsys.readouterr().err
    assert 'data-path="applications/granted/natural_person"' in out.read_text(encoding="utf-8")


def test_report_command_lists_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "page.html"
    assert 2 == main(["report", str(WRONG), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert "missing.txt" in out.read_text(encoding="utf-8")
    assert "Traceback" not in capsys.readouterr().err
