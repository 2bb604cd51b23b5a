"""The reviewer's page in a real browser: headless Chromium, driven by Playwright.

Each test renders a page for a project sample, opens it from disk, checks the DOM the
browser built (every value cell with its ``data-path``, exactly the culprit cells marked,
the consistent value shown, no request beyond the page itself) and saves a screenshot in
the test's temporary directory (its path is printed: ``pytest -s`` shows it).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govinfo
from govinfo.review import render_html
from govinfo.validation import validate_many

SAMPLES = Path(__file__).resolve().parent / "samples" / "review"
CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
        if p and Path(p).exists()
    ),
    None,
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the test extra: pip install 'govinfo[test]'")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser: Any, html: str, tmp_path: Path, name: str) -> tuple[Any, list[str]]:
    """Write the page, open it from disk, screenshot it; the page and every URL it requested."""
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")  # noqa: T201 (the reviewer looks at it)
    return page, requests


def _dom(page: Any, section: str = "") -> dict[str, dict[str, Any]]:
    script = """(scope) => Object.fromEntries([...document.querySelectorAll(scope + ' td[data-path]')].map(td => [
        td.dataset.path, {severity: td.dataset.severity || null, accepted: td.dataset.accepted || null,
                          text: td.querySelector('.val').textContent, all: td.innerText}]))"""
    result: dict[str, dict[str, Any]] = page.evaluate(script, section)
    return result


def _check_common(page: Any, requests: list[str], report: govinfo.AnnualReport, section: str = "") -> dict[str, Any]:
    assert [page.url] == requests  # nothing but the page itself was requested
    cells = _dom(page, section)
    assert {p for p, _ in report.cells()} == set(cells)
    for path, value in report.cells():
        if value is None:
            assert "" == cells[path]["text"], path  # blank, never 0
    return cells


def test_clean_report_has_no_marked_cell(browser: Any, tmp_path: Path) -> None:
    report = govinfo.read(SAMPLES / "clean-2023.txt")
    page, requests = _open(browser, render_html(report), tmp_path, "clean")
    cells = _check_common(page, requests, report)
    assert [] == [p for p, c in cells.items() if c["severity"]]
    assert page.locator("text=未发现问题").count() == 1


def test_wrong_table3_cell_is_the_only_error_cell_and_its_value_is_shown(browser: Any, tmp_path: Path) -> None:
    report = govinfo.read(SAMPLES / "wrong-cell-2023.txt")
    page, requests = _open(browser, render_html(report), tmp_path, "wrong-cell")
    cells = _check_common(page, requests, report)
    culprit = "applications/granted/natural_person"
    assert [culprit] == [p for p, c in cells.items() if c["severity"] == "error"]
    assert [culprit] == [p for p, c in cells.items() if c["severity"]]
    assert "应为 18" in cells[culprit]["all"]
    # The mark links to the finding, which names the cell in the words of the paper form.
    href = page.locator(f'td[data-path="{culprit}"] .mark a').first.get_attribute("href")
    finding = page.locator(href)
    assert "表三 （一）予以公开 / 自然人，第68行" in finding.inner_text()
    assert "应为 18，实为 19" in finding.inner_text()


def test_english_page(browser: Any, tmp_path: Path) -> None:
    report = govinfo.read(SAMPLES / "wrong-cell-2023.txt")
    page, requests = _open(browser, render_html(report, language="en"), tmp_path, "wrong-cell-en")
    cells = _check_common(page, requests, report)
    assert "should be 18" in cells["applications/granted/natural_person"]["all"]


def test_series_carry_over_warning_at_the_later_years_carried_over_cells(browser: Any, tmp_path: Path) -> None:
    reports = [govinfo.read(SAMPLES / "series-2022.txt"), govinfo.read(SAMPLES / "series-2023.txt")]
    results = validate_many(reports)
    html = render_html(reports, results=results)
    page, requests = _open(browser, html, tmp_path, "series")
    assert [page.url] == requests
    earlier = _check_common(page, [page.url], reports[0], "#r1")
    later = _check_common(page, [page.url], reports[1], "#r2")
    assert [] == [p for p, c in earlier.items() if c["severity"]]
    marked = [p for p, c in later.items() if c["severity"]]
    carried = ["applications/carried_over/natural_person", "applications/carried_over/total"]
    assert carried == [p for p in marked if p.startswith("applications/")]
    # The other marks are the cross-report warnings the copied sample tables also earn.
    assert set(marked) <= {p for f in results[1].findings for p in f.paths}
    assert {"warning"} == {later[p]["severity"] for p in marked}
    # Last year's carried-forward value beside the cell it should equal: the consistent value.
    assert "上年结转下年度 5" in later["applications/carried_over/natural_person"]["all"]
    assert "上年结转下年度 6" in later["applications/carried_over/total"]["all"]
    assert "上年 49" in later["applications/new_received/natural_person"]["all"]
    assert "下年上年结转 3" in earlier["applications/carried_forward/natural_person"]["all"]
    assert page.locator("table.series").inner_text().count("不一致") == 1


def test_unreadable_cells_are_blank_and_marked(browser: Any, tmp_path: Path) -> None:
    report = govinfo.read(SAMPLES / "unreadable-2023.txt")
    page, requests = _open(browser, render_html(report, cross=False), tmp_path, "unreadable")
    cells = _check_common(page, requests, report)
    bad = ["active/normative_documents/repealed", "applications/denied.state_secret/other_org"]
    assert bad == [p for p, c in cells.items() if c["severity"] == "error"]
    assert bad == [p for p, c in cells.items() if c["severity"]]
    assert all(cells[p]["text"] == "" for p in bad)
    assert "原文「2l」" in cells[bad[0]]["all"]  # what the source had, beside the blank
    assert "原文「1O」" in cells[bad[1]]["all"]
    summary = page.locator("ul.not-read").inner_text()
    assert summary.count("单元格不是可用的数值") == 2


def test_page_prints_on_a4_without_cutting_the_tables(browser: Any, tmp_path: Path) -> None:
    report = govinfo.read(SAMPLES / "wrong-cell-2023.txt")
    path = tmp_path / "print.html"
    path.write_text(render_html(report), encoding="utf-8")
    # A4 less the page margins (210 mm - 2 x 10 mm) at 96 dpi: 718 px.
    page = browser.new_page(viewport={"width": 718, "height": 1000})
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('table.form')].map(t => t.scrollWidth))")
    assert widest <= 718
    shot = tmp_path / "print.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")  # noqa: T201 (the reviewer looks at it)
    assert page.pdf(format="A4").startswith(b"%PDF-")


def test_a_table_the_form_lacks_is_shown_after_the_forms_unmarked_with_its_info(browser: Any, tmp_path: Path) -> None:
    from govinfo.writers import write

    heading = "七、信息处理费收取情况"
    text = write(govinfo.read(SAMPLES / "clean-2023.txt"), "text").decode("utf-8")
    text += f"{heading}\n项目 | 通知收取件数 | 金额（元） | 实际收取金额（元） |\n信息处理费 | 2 | 380 | 380元 |\n"
    source = tmp_path / "extra-2023.txt"
    source.write_text(text, encoding="utf-8")
    report = govinfo.read(source)
    page, requests = _open(browser, render_html(report), tmp_path, "extra")
    assert [page.url] == requests
    cells = _dom(page)
    extra = {p: c for p, c in cells.items() if p.startswith("extra.")}
    assert {p for p, _ in report.cells()} == set(cells) - set(extra)
    assert {v.path: v.raw for v in report.extra_values()} == {p: c["text"] for p, c in extra.items()}
    assert [] == [p for p, c in cells.items() if c["severity"]]
    title = page.locator("h3.extra")
    assert title.count() == 1
    assert heading in title.inner_text()
    assert "extra.1" in title.inner_text()
    # Shown after the form's tables, its header and label cells as printed.
    table = page.locator('table[data-table="extra.1"]')
    assert "通知收取件数" in table.inner_text()
    assert "信息处理费" in table.inner_text()
    order = page.evaluate("[...document.querySelectorAll('table.form')].map(t => t.dataset.table)")
    assert order == ["active", "applications", "appeals", "extra.1"]
    findings = page.locator("ol.findings").inner_text()
    assert "格式之外的表格" in findings
    assert heading in findings
    assert "✖ 0 · ▲ 0" in page.locator("p.counts").first.inner_text()  # an info: no error, no warning
