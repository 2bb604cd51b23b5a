"""The reviewer's page: a report's three tables as printed, the wrong cells marked.

:func:`render_html` writes one self-contained HTML page (inline CSS, no script, nothing
loaded from the network: a Content-Security-Policy says so) that opens from disk and prints
on A4. For each report: its metadata and how it was read, the findings in the words of the
paper form, the three tables laid out as the form prints them (the layout of
:mod:`govinfo.writers._layout`), every value cell a ``<td data-path="table/row/column">``,
and the narrative statements compared with the tables. A cell a finding names carries
``data-severity="error"`` or ``"warning"``, a colour *and* a symbol (✖ / ▲) linking to the
finding, and the value that would make it consistent; a finding a baseline accepts is shown
as accepted (✓, ``data-accepted``) instead. Where several years of one agency are given,
each year shows last year's value beside its own and the carry-over between the years next
to the cells it links.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from urllib.parse import quote

import attrs

from govinfo.findings import Finding, ValidationReport, check_language, code_info, place
from govinfo.form import NATIONAL
from govinfo.model import EXTRA_PREFIX, AnnualReport
from govinfo.review.baseline import Baseline
from govinfo.review.fingerprint import fingerprint, subject
from govinfo.validation import validate_many
from govinfo.validation.cross import agency_key
from govinfo.validation.narrative import Comparison, comparisons
from govinfo.writers._layout import (
    LayoutCell,
    LayoutTable,
    extra_table_layout,
    format_value,
    report_title,
    table_layout,
)

__all__ = ["CSP", "ReviewPage", "render_html", "review_page"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
"""The page's Content-Security-Policy: its own inline CSS, nothing else, from nowhere."""

_SYMBOL = {"error": "✖", "warning": "▲", "info": "ℹ", "accepted": "✓"}
_RANK = {"error": 0, "warning": 1, "info": 2}
_RELATION_CODES = frozenset(i.code for i in NATIONAL.identities)
"""Codes whose paths are a whole relation (the stated total first): only the first is marked."""

_UI: dict[str, dict[str, str]] = {
    "zh": {
        "lang": "zh-CN",
        "page": "政府信息公开工作年度报告审阅",
        "legend": "图例",
        "legend_text": "✖ 错误（报告本身有误或不全） ▲ 警告（govinfo 无法判定，或有合理原因的差异） "
        "✓ 已接受（基线中已确认） 虚线框：同一勾稽关系中的其他单元格 空白单元格即原表空白",
        "series": "同一机关的年度序列",
        "year": "年度",
        "agency": "机关",
        "file": "文件",
        "errors": "错误",
        "warnings": "警告",
        "accepted": "已接受",
        "carry": "与上年的结转衔接",
        "carry_ok": "一致",
        "carry_bad": "不一致",
        "carry_none": "无上年报告",
        "unreadable_files": "无法读取的文件",
        "meta": "报告信息",
        "title": "标题",
        "index_number": "索引号",
        "published": "发布日期",
        "template": "格式",
        "template_value": "{t}年版",
        "reader": "读取器",
        "encoding": "编码",
        "sha256": "SHA-256",
        "reading": "读取情况",
        "cells_read": "读取 {n} 个单元格，其中 {blank} 个空白",
        "not_read": "未能读取",
        "all_read": "各表格均已读取，没有未能读取的内容",
        "findings": "发现的问题",
        "counts": "{errors} 个错误，{warnings} 个警告，{accepted} 个已接受",
        "none": "未发现问题",
        "cells": "单元格",
        "at": "位置",
        "source": "原文",
        "expected": "应为 {expected}，实为 {actual}",
        "blank": "空白",
        "accepted_note": "已接受",
        "note": "说明",
        "tables": "统计表",
        "no_table": "报告中没有此表",
        "extra_table": "格式之外的表格",
        "extra_untitled": "（无标题）",
        "extra_note": "报告自行印出的表格，按原样保留：其数值不计入格式的任何单元格，也不核对。",
        "should_be": "应为",
        "text_says": "正文",
        "last_year": "上年",
        "carried_from": "上年结转下年度",
        "carried_to": "下年上年结转",
        "narrative": "正文所述数字与表格的对照",
        "no_statements": "正文中没有可与表格对照的数字",
        "section": "章节",
        "excerpt": "原文",
        "stated": "所述",
        "table_side": "表格",
        "verdict": "对照结果",
        "agrees": "✓ 一致",
        "differs": "▲ 不符",
        "nothing": "— 表格无对应数值",
        "claim": "（断言）",
        "unknown": "未知",
        "generator": "由 govinfo 生成",
        "sep": "；",
    },
    "en": {
        "lang": "en",
        "page": "Review of government information disclosure annual reports",
        "legend": "Legend",
        "legend_text": "✖ error (the report itself is wrong or incomplete) ▲ warning (govinfo cannot decide, or "
        "a difference with possibly good reasons) ✓ accepted (in the baseline) dotted frame: the other cells of "
        "the same relation; a blank cell is blank in the report",
        "series": "The years of one agency",
        "year": "Year",
        "agency": "Agency",
        "file": "File",
        "errors": "Errors",
        "warnings": "Warnings",
        "accepted": "Accepted",
        "carry": "Carry-over from last year",
        "carry_ok": "consistent",
        "carry_bad": "differs",
        "carry_none": "no report for last year",
        "unreadable_files": "Files that could not be read",
        "meta": "The report",
        "title": "Title",
        "index_number": "Index number",
        "published": "Published",
        "template": "Format",
        "template_value": "{t} format",
        "reader": "Reader",
        "encoding": "Encoding",
        "sha256": "SHA-256",
        "reading": "Reading",
        "cells_read": "{n} cells read, {blank} of them blank",
        "not_read": "Could not be read",
        "all_read": "Every table was read; nothing could not be read",
        "findings": "Findings",
        "counts": "{errors} error(s), {warnings} warning(s), {accepted} accepted",
        "none": "No findings",
        "cells": "cells",
        "at": "at",
        "source": "source",
        "expected": "expected {expected}, found {actual}",
        "blank": "blank",
        "accepted_note": "accepted",
        "note": "note",
        "tables": "Tables",
        "no_table": "The report has no such table",
        "extra_table": "A table the form does not have",
        "extra_untitled": "(untitled)",
        "extra_note": "A table of the report's own, kept as printed: its numbers are never taken for any "
        "cell of the form, and nothing checks them.",
        "should_be": "should be",
        "text_says": "text",
        "last_year": "last year",
        "carried_from": "carried forward last year",
        "carried_to": "carried over next year",
        "narrative": "Figures of the text compared with the tables",
        "no_statements": "The text states no figure to compare with the tables",
        "section": "Section",
        "excerpt": "Text",
        "stated": "States",
        "table_side": "Tables",
        "verdict": "Result",
        "agrees": "✓ agrees",
        "differs": "▲ differs",
        "nothing": "— nothing in the tables",
        "claim": "(claim)",
        "unknown": "unknown",
        "generator": "made by govinfo",
        "sep": "; ",
    },
}

_STYLE = """\
:root { --err: #b00020; --err-bg: #fde0e0; --warn: #8a5a00; --warn-bg: #fff1c2; --ok: #1b6e3a; --ok-bg: #e3f3e8; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
  font-size: 14px; line-height: 1.45; color: #111; max-width: 70em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.45em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #333; padding-bottom: .2em; margin-top: 1.6em; }
h3 { font-size: 1.08em; margin: 1.2em 0 .4em; }
.legend { font-size: .9em; color: #333; background: #f4f4f4; padding: .4em .7em; border-radius: 3px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .4em 0; }
dl.meta dt { color: #555; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.counts { font-weight: bold; margin: .3em 0 .6em; }
.counts .e { color: var(--err); } .counts .w { color: var(--warn); } .counts .a { color: var(--ok); }
ol.findings { padding-left: 0; list-style: none; }
ol.findings li { border-left: 6px solid #999; padding: .35em .7em; margin: .45em 0; background: #fafafa; }
ol.findings li[data-severity="error"] { border-color: var(--err); background: var(--err-bg); }
ol.findings li[data-severity="warning"] { border-color: var(--warn); background: var(--warn-bg); }
ol.findings li.accepted { border-color: var(--ok); background: var(--ok-bg); color: #333; }
.sev { font-weight: bold; margin-right: .3em; }
li[data-severity="error"] .sev { color: var(--err); } li[data-severity="warning"] .sev { color: var(--warn); }
li.accepted .sev { color: var(--ok); }
.code { font-family: monospace; font-size: .85em; color: #555; }
.where, .details { font-size: .9em; color: #333; }
.details a, .where a { color: inherit; }
table.form { border-collapse: collapse; margin: .4em 0 1em; font-size: 12.5px; }
table.form th, table.form td { border: 1px solid #444; padding: .2em .35em; text-align: center;
  vertical-align: middle; }
table.form th { font-weight: normal; background: #f0f0f0; }
table.form td.label { text-align: left; background: #fbfbfb; }
table.form td.v { min-width: 2.6em; font-variant-numeric: tabular-nums; }
h3.extra { border-left: 4px solid #888; padding-left: .4em; }
p.extra-note { color: #555; font-size: .9em; margin: .2em 0; }
td.v .val { font-size: 1.05em; }
td.v[data-severity] .val { font-weight: bold; font-size: 1.2em; }
td.v[data-severity="error"] { background: var(--err-bg); outline: 3px solid var(--err); outline-offset: -3px; }
td.v[data-severity="warning"] { background: var(--warn-bg); outline: 3px dashed var(--warn); outline-offset: -3px; }
td.v[data-accepted] { background: var(--ok-bg); outline: 2px dotted var(--ok); outline-offset: -2px; }
tr.has-error td.row-label { box-shadow: inset 5px 0 0 var(--err); font-weight: bold; }
tr.has-warning td.row-label { box-shadow: inset 5px 0 0 var(--warn); font-weight: bold; }
td.v.involved { outline: 2px dotted #777; outline-offset: -2px; }
td.v .mark { display: block; font-weight: bold; text-decoration: none; font-size: .85em; white-space: nowrap; }
td.v[data-severity="error"] .mark { color: var(--err); } td.v[data-severity="warning"] .mark { color: var(--warn); }
td.v[data-accepted] .mark { color: var(--ok); }
td.v .fix { display: block; font-size: .8em; font-weight: bold; color: var(--err); white-space: nowrap; }
td.v[data-severity="warning"] .fix { color: var(--warn); }
td.v .raw { display: block; font-size: .8em; color: var(--err); white-space: nowrap; }
td.v .prev, td.v .carry { display: block; font-size: .72em; color: #666; white-space: nowrap; }
td.v .carry a { color: inherit; }
td.v[data-severity] .carry, td.v[data-severity] .prev { color: #222; font-weight: bold; font-size: .78em; }
table.plain { border-collapse: collapse; margin: .4em 0 1em; font-size: .92em; }
table.plain th, table.plain td { border: 1px solid #999; padding: .2em .5em; text-align: left; vertical-align: top; }
table.plain th { background: #f0f0f0; font-weight: normal; }
tr.differs td { background: var(--warn-bg); }
.wide { overflow-x: auto; }
footer { margin-top: 2em; font-size: .8em; color: #666; }
@page { size: A4; margin: 12mm 10mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  section.report + section.report { break-before: page; }
  table.form { font-size: 7.5pt; } table.form th, table.form td { padding: 1px 2px; }
  table.form, tr, ol.findings li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .wide { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}"""


@attrs.frozen
class _Item:
    """One report on the page, with what is said about it."""

    rid: str
    report: AnnualReport
    findings: tuple[Finding, ...]
    accepted: frozenset[int]
    notes: Mapping[int, str]
    file: str | None


@attrs.frozen
class ReviewPage:
    """A rendered review page and what it shows.

    Attributes:
        html: the page.
        errors, warnings: the open findings of those severities, over all reports.
        accepted: the findings a baseline accepts.
    """

    html: str
    errors: int = 0
    warnings: int = 0
    accepted: int = 0


def render_html(
    reports: AnnualReport | Iterable[AnnualReport],
    *,
    language: str = "zh",
    baseline: Baseline | None = None,
    results: Sequence[ValidationReport] | None = None,
    cross: bool = True,
    unreadable: Mapping[str, str] | None = None,
    files: Sequence[str | None] | None = None,
    link_from: str | Path | None = None,
) -> str:
    """The reviewer's page of one report or several (a series of years), as HTML text.

    Args:
        reports: the reports, in any order (a series is shown oldest first).
        language: ``"zh"`` (default) or ``"en"``.
        baseline: accepted findings, shown as accepted rather than marked.
        results: their validation results (default: :func:`~govinfo.validation.validate_many`
            of ``reports``, with the checks across reports unless ``cross`` is false).
        unreadable: files that could not be read at all, with the reason, listed at the top.
        files: the file each report was read from (default: its source name), for links.
        link_from: the directory the page is written to: where given, findings link to
            their source file (relative, ``#page=N`` for a PDF).

    Raises:
        ValueError: an unknown language, or ``results``/``files`` of another length.
    """
    return review_page(
        reports,
        language=language,
        baseline=baseline,
        results=results,
        cross=cross,
        unreadable=unreadable,
        files=files,
        link_from=link_from,
    ).html


def review_page(
    reports: AnnualReport | Iterable[AnnualReport],
    *,
    language: str = "zh",
    baseline: Baseline | None = None,
    results: Sequence[ValidationReport] | None = None,
    cross: bool = True,
    unreadable: Mapping[str, str] | None = None,
    files: Sequence[str | None] | None = None,
    link_from: str | Path | None = None,
) -> ReviewPage:
    """:func:`render_html`, with the counts of what the page shows (same arguments)."""
    check_language(language)
    items_in = [reports] if isinstance(reports, AnnualReport) else list(reports)
    if results is None:
        results = validate_many(items_in, cross=cross, language=language)
    if len(results) != len(items_in) or (files is not None and len(files) != len(items_in)):
        raise ValueError("render_html: one result and one file per report")
    order = sorted(range(len(items_in)), key=lambda i: _series_key(items_in[i], i))
    items: list[_Item] = []
    for n, i in enumerate(order, start=1):
        report = items_in[i]
        found = tuple(results[i].findings)
        accepted, notes = _accepted(baseline, found, report)
        file = files[i] if files is not None else report.metadata.source.name
        items.append(_Item(f"r{n}", report, found, frozenset(accepted), notes, file))
    ui = _UI[language]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{ui["lang"]}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="govinfo">',
        f"<title>{_e(_page_title(items, ui))}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(_page_title(items, ui))}</h1>",
        f'<p class="legend"><b>{_e(ui["legend"])}</b>：{_e(ui["legend_text"])}</p>'
        if language == "zh"
        else f'<p class="legend"><b>{_e(ui["legend"])}</b>: {_e(ui["legend_text"])}</p>',
    ]
    if unreadable:
        out.append(f'<h2>{_e(ui["unreadable_files"])}</h2><ul class="unreadable">')
        out.extend(f"<li><b>{_e(file)}</b>: {_e(reason)}</li>" for file, reason in unreadable.items())
        out.append("</ul>")
    if len(items) > 1:
        out.extend(_series_table(items, ui))
    for index, item in enumerate(items):
        out.extend(_report_section(item, items, index, language, link_from))
    from govinfo import __version__

    out += [f"<footer>{_e(ui['generator'])} {_e(__version__)}</footer>", "</body>", "</html>", ""]
    totals = [_counts(item) for item in items]
    return ReviewPage(
        "\n".join(out),
        errors=sum(t[0] for t in totals),
        warnings=sum(t[1] for t in totals),
        accepted=sum(t[2] for t in totals),
    )


# --- helpers --------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _series_key(report: AnnualReport, index: int) -> tuple[str, int, int]:
    agency = agency_key(report.metadata.agency) or ""
    year = report.metadata.year if report.metadata.year is not None else 10**6
    return agency, year, index


def _accepted(
    baseline: Baseline | None, found: Sequence[Finding], report: AnnualReport
) -> tuple[set[int], dict[int, str]]:
    if baseline is None:
        return set(), {}
    about = subject(report)
    accepted: set[int] = set()
    notes: dict[int, str] = {}
    for i, item in enumerate(found):
        entry = baseline.get(fingerprint(item, about))
        if entry is not None:
            accepted.add(i)
            if entry.note:
                notes[i] = entry.note
    return accepted, notes


def _page_title(items: Sequence[_Item], ui: Mapping[str, str]) -> str:
    if len(items) == 1:
        title = report_title(items[0].report)
        if title:
            return f"{ui['page']}：{title}" if ui["lang"] != "en" else f"{ui['page']}: {title}"
    return ui["page"]


def _number(value: Decimal | int | None, ui: Mapping[str, str]) -> str:
    return ui["blank"] if value is None else format_value(value)


def _cell_id(rid: str, path: str) -> str:
    return f"{rid}-c-{path.replace('/', '--').replace('.', '_')}"


def _previous(items: Sequence[_Item], index: int) -> _Item | None:
    """The report of the same agency for the year before, among those on the page."""
    me = items[index].report.metadata
    key = agency_key(me.agency)
    if key is None or me.year is None:
        return None
    for other in items:
        meta = other.report.metadata
        if agency_key(meta.agency) == key and meta.year == me.year - 1:
            return other
    return None


def _next(items: Sequence[_Item], index: int) -> _Item | None:
    me = items[index].report.metadata
    key = agency_key(me.agency)
    if key is None or me.year is None:
        return None
    for other in items:
        meta = other.report.metadata
        if agency_key(meta.agency) == key and meta.year == me.year + 1:
            return other
    return None


def _counts(item: _Item) -> tuple[int, int, int]:
    errors = sum(1 for i, f in enumerate(item.findings) if f.severity == "error" and i not in item.accepted)
    warnings = sum(1 for i, f in enumerate(item.findings) if f.severity == "warning" and i not in item.accepted)
    return errors, warnings, len(item.accepted)


def _series_table(items: Sequence[_Item], ui: Mapping[str, str]) -> list[str]:
    out = [
        f"<h2>{_e(ui['series'])}</h2>",
        '<table class="plain series"><tr>'
        + "".join(
            f"<th>{_e(ui[k])}</th>" for k in ("year", "agency", "file", "errors", "warnings", "accepted", "carry")
        )
        + "</tr>",
    ]
    for index, item in enumerate(items):
        meta = item.report.metadata
        errors, warnings, accepted = _counts(item)
        previous = _previous(items, index)
        if previous is None:
            carry = _e(ui["carry_none"])
        else:
            bad = [i for i, f in enumerate(item.findings) if f.code == "carry-over-mismatch"]
            if bad:
                carry = f'<a href="#{item.rid}-f{bad[0] + 1}">▲ {_e(ui["carry_bad"])}</a>'
            else:
                carry = f"✓ {_e(ui['carry_ok'])}"
        out.append(
            "<tr>"
            f'<td><a href="#{item.rid}">{_e(meta.year if meta.year is not None else ui["unknown"])}</a></td>'
            f"<td>{_e(meta.agency or ui['unknown'])}</td><td>{_e(item.file or '')}</td>"
            f"<td>{errors}</td><td>{warnings}</td><td>{accepted}</td><td>{carry}</td></tr>"
        )
    out.append("</table>")
    return out


# --- one report -----------------------------------------------------------------------


def _report_section(
    item: _Item, items: Sequence[_Item], index: int, language: str, link_from: str | Path | None
) -> list[str]:
    ui = _UI[language]
    report = item.report
    meta = report.metadata
    en = language == "en"
    tables = {key: table_layout(report, key, language) for key in ("active", "applications", "appeals")}
    extras = [extra_table_layout(t, f"{EXTRA_PREFIX}{n}") for n, t in enumerate(report.extras, start=1)]
    shown = {c.path for t in [*tables.values(), *extras] if t is not None for row in t.rows for c in row if c.path}
    heading = report_title(report) or item.file or ui["unknown"]
    out = [f'<section class="report" id="{item.rid}" data-report="{item.rid}">', f"<h2>{_e(heading)}</h2>"]

    # metadata and reading summary
    out.append(f"<h3>{_e(ui['meta'])}</h3>")
    out.append('<dl class="meta">')
    rows: list[tuple[str, str | None]] = [
        (ui["agency"], meta.agency),
        (ui["year"], None if meta.year is None else str(meta.year)),
        (ui["template"], ui["template_value"].format(t=meta.template)),
        (ui["title"], meta.title),
        (ui["index_number"], meta.index_number),
        (ui["published"], None if meta.published is None else meta.published.isoformat()),
        (ui["file"], item.file),
        (ui["reader"], meta.source.reader),
        (
            ui["encoding"],
            None
            if meta.source.encoding is None
            else meta.source.encoding
            + (
                f" ({meta.source.encoding_reason})"
                if meta.source.encoding_reason and meta.source.encoding_reason != meta.source.encoding
                else ""
            ),
        ),
        (ui["sha256"], meta.source.sha256),
    ]
    for label, value in rows:
        out.append(f"<dt>{_e(label)}</dt><dd>{_e(value if value is not None else ui['unknown'])}</dd>")
    out.append("</dl>")
    cells = list(report.cells())
    blank = sum(1 for _, v in cells if v is None)
    out.append(f"<h3>{_e(ui['reading'])}</h3>")
    out.append(f"<p>{_e(ui['cells_read'].format(n=len(cells), blank=blank))}</p>")
    unread = [
        (i, f)
        for i, f in enumerate(item.findings)
        if code_info(f.code).stage in ("reading", "extraction") and f.severity in ("error", "warning")
    ]
    if unread:
        out.append(
            f'<p>{_e(ui["not_read"])}：</p><ul class="not-read">'
            if not en
            else f'<p>{_e(ui["not_read"])}:</p><ul class="not-read">'
        )
        for i, f in unread:
            out.append(
                f'<li><a href="#{item.rid}-f{i + 1}">{_SYMBOL[f.severity]} {_e(_title(f.code, en))}</a>'
                f"：{_e(f.text(language))}</li>"
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(ui['all_read'])}</p>")

    # findings
    marks = _marks(item, shown)
    out.append(f"<h3>{_e(ui['findings'])}</h3>")
    errors, warnings, accepted = _counts(item)
    out.append(
        f'<p class="counts"><span class="e">✖ {errors}</span> · <span class="w">▲ {warnings}</span> · '
        f'<span class="a">✓ {accepted}</span> — '
        f"{_e(ui['counts'].format(errors=errors, warnings=warnings, accepted=accepted))}</p>"
        if item.findings
        else f'<p class="counts">{_e(ui["none"])}</p>'
    )
    if item.findings:
        out.append('<ol class="findings">')
        for i, f in enumerate(item.findings):
            out.append(_finding_item(item, i, f, language, shown, link_from))
        out.append("</ol>")

    # tables
    previous, following = _previous(items, index), _next(items, index)
    for key, table in tables.items():
        spec = NATIONAL.table(key)
        title = f"{spec.label_en} · {_section_label(key, True)}" if en else f"{spec.label} {_section_label(key, False)}"
        out.append(f'<h3 id="{item.rid}-{key}">{_e(title)}</h3>')
        if table is None:
            out.append(f"<p>{_e(ui['no_table'])}</p>")
            continue
        out.append('<div class="wide">')
        out.extend(_table(item, table, marks, ui, previous, following))
        out.append("</div>")
    for extra, table in zip(report.extras, extras, strict=True):
        # The document's own tables: as printed, after the form's, never compared across years.
        name = extra.heading or ui["extra_untitled"]
        colon = ": " if en else "："
        out.append(
            f'<h3 id="{item.rid}-{_e(table.key)}" class="extra">'
            f"{_e(ui['extra_table'])} {_e(table.key)}{colon}{_e(name)}</h3>"
        )
        out.append(f'<p class="extra-note">{_e(ui["extra_note"])}</p>')
        out.append('<div class="wide">')
        out.extend(_table(item, table, marks, ui, None, None))
        out.append("</div>")

    # narrative
    out.extend(_narrative(item, comparisons(report), language, shown))
    out.append("</section>")
    return out


def _title(code: str, en: bool) -> str:
    info = code_info(code)
    return info.title_en if en else info.title


def _section_label(table: str, en: bool) -> str:
    for section in NATIONAL.sections:
        if section.key == table:
            return section.label_en if en else section.label
    return ""


@attrs.frozen
class _Mark:
    """What a value cell shows of the findings about it."""

    severity: str | None = None  # open findings: the most severe
    accepted: str | None = None  # accepted findings only: their most severe
    links: tuple[tuple[int, str], ...] = ()  # (finding index, symbol)
    fix: str | None = None  # "应为 18"
    involved: bool = False


def _marked_paths(f: Finding) -> tuple[str, ...]:
    """The cells a finding marks: the stated total of a relation, else every cell it names."""
    cells = tuple(p for p in f.paths if p.count("/") == 2)
    if f.code in _RELATION_CODES:
        return cells[:1]
    return cells


def _marks(item: _Item, shown: set[str]) -> dict[str, _Mark]:
    marks: dict[str, _Mark] = {}
    ui_fix: dict[str, str] = {}
    for i, f in enumerate(item.findings):
        if f.severity not in ("error", "warning"):
            continue
        accepted = i in item.accepted
        named = _marked_paths(f)
        for path in named:
            if path not in shown:
                continue
            mark = marks.get(path, _Mark())
            if accepted:
                best = mark.accepted if mark.accepted and _RANK[mark.accepted] <= _RANK[f.severity] else f.severity
                mark = attrs.evolve(mark, accepted=best)
            else:
                best = mark.severity if mark.severity and _RANK[mark.severity] <= _RANK[f.severity] else f.severity
                mark = attrs.evolve(mark, severity=best)
            symbol = _SYMBOL["accepted"] if accepted else _SYMBOL[f.severity]
            mark = attrs.evolve(mark, links=(*mark.links, (i, symbol)))
            if not accepted and f.expected is not None and len(named) == 1 and path == named[0] and mark.fix is None:
                stage = code_info(f.code).stage
                kind = "text_says" if stage == "narrative" else "should_be"
                ui_fix[path] = kind
                mark = attrs.evolve(mark, fix=format_value(f.expected))
            marks[path] = mark
        for path in f.paths:
            if path in shown and path not in named and path not in marks:
                marks[path] = _Mark(involved=True, links=((i, "·"),))
    return {p: attrs.evolve(m, fix=f"{ui_fix[p]}:{m.fix}") if m.fix is not None else m for p, m in marks.items()}


def _table(
    item: _Item,
    table: LayoutTable,
    marks: Mapping[str, _Mark],
    ui: Mapping[str, str],
    previous: _Item | None,
    following: _Item | None,
) -> list[str]:
    lines = [f'<table class="form govinfo-{_e(table.key)}" data-table="{_e(table.key)}">']
    for row in table.rows:
        # A row with a marked cell says so at its label too: the eye finds the row, then the cell.
        levels = {marks[c.path].severity for c in row if c.path is not None and c.path in marks}
        level = next((s for s in ("error", "warning") if s in levels), None)
        opening = f'<tr class="has-{level}">' if level else "<tr>"
        labels = [i for i, c in enumerate(row) if c.path is None and not c.header]
        own = labels[-1] if labels else -1  # the row's own label (not a group label spanning rows)
        cells = "".join(_cell(item, cell, marks, ui, previous, following, i == own) for i, cell in enumerate(row))
        lines.append(f"{opening}{cells}</tr>")
    lines.append("</table>")
    return lines


def _spans(cell: LayoutCell) -> str:
    attrs_ = ""
    if cell.rowspan > 1:
        attrs_ += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs_ += f' colspan="{cell.colspan}"'
    return attrs_


def _cell(
    item: _Item,
    cell: LayoutCell,
    marks: Mapping[str, _Mark],
    ui: Mapping[str, str],
    previous: _Item | None,
    following: _Item | None,
    row_label: bool = False,
) -> str:
    if cell.path is None:
        tag = "th" if cell.header else "td"
        cls = "" if cell.header else (' class="label row-label"' if row_label else ' class="label"')
        return f"<{tag}{_spans(cell)}{cls}>{_e(cell.text)}</{tag}>"
    path = cell.path
    mark = marks.get(path, _Mark())
    attributes = f' id="{_cell_id(item.rid, path)}" data-path="{_e(path)}"'
    classes = ["v"]
    if mark.severity is not None:
        attributes += f' data-severity="{mark.severity}"'
    elif mark.accepted is not None:
        attributes += f' data-accepted="{mark.accepted}"'
    elif mark.involved:
        classes.append("involved")
    parts = [f'<span class="val">{_e(cell.text)}</span>']
    if mark.links and not mark.involved:
        links = " ".join(f'<a href="#{item.rid}-f{i + 1}">{symbol}{i + 1}</a>' for i, symbol in mark.links)
        parts.append(f'<span class="mark">{links}</span>')
    if not cell.text:
        entry = item.report.source_of(path)
        if entry is not None and entry.raw.strip():
            parts.append(f'<span class="raw">{_e(ui["source"])}「{_e(entry.raw.strip())}」</span>')
    if mark.fix is not None:
        kind, value = mark.fix.split(":", 1)
        parts.append(f'<span class="fix">{_e(ui[kind])} {_e(value)}</span>')
    table, row, column = path.split("/")
    if previous is not None and path == f"applications/carried_over/{column}":
        before = _get(previous.report, f"applications/carried_forward/{column}")
        target = _cell_id(previous.rid, f"applications/carried_forward/{column}")
        parts.append(
            f'<span class="carry"><a href="#{target}">{_e(ui["carried_from"])} {_e(_number(before, ui))}</a></span>'
        )
    elif previous is not None and previous.report.has_row(table, row):
        before = _get(previous.report, path)
        parts.append(f'<span class="prev">{_e(ui["last_year"])} {_e(_number(before, ui))}</span>')
    if following is not None and path == f"applications/carried_forward/{column}":
        after = _get(following.report, f"applications/carried_over/{column}")
        target = _cell_id(following.rid, f"applications/carried_over/{column}")
        parts.append(
            f'<span class="carry"><a href="#{target}">{_e(ui["carried_to"])} {_e(_number(after, ui))}</a></span>'
        )
    return f'<td{_spans(cell)}{attributes} class="{" ".join(classes)}">{"".join(parts)}</td>'


def _get(report: AnnualReport, path: str) -> int | Decimal | None:
    try:
        return report.get(path)
    except KeyError:
        return None


def _cell_link(item: _Item, path: str, language: str, shown: set[str]) -> str:
    try:
        name = NATIONAL.cell_name(path, item.report.template, language)
    except (KeyError, ValueError):
        name = path
    if path.startswith(EXTRA_PREFIX):
        name = f"{_UI[language]['extra_table']} {path}"
    target = path if path in shown else next((p for p in sorted(shown) if p.startswith(path + "/")), None)
    if target is None:
        return _e(name)
    return f'<a href="#{_cell_id(item.rid, target)}">{_e(name)}</a>'


def _source_href(item: _Item, f: Finding, link_from: str | Path | None) -> str | None:
    if link_from is None or not item.file:
        return None
    source = Path(item.file)
    if not source.is_file():
        return None
    relative = os.path.relpath(source.resolve(), Path(link_from).resolve())
    href = quote(Path(relative).as_posix())
    page = f.location.page if f.location is not None else None
    if page is None:
        for path in f.paths:
            entry = item.report.source_of(path)
            if entry is not None and entry.location.page is not None:
                page = entry.location.page
                break
    return f"{href}#page={page}" if page is not None else href


def _finding_item(item: _Item, i: int, f: Finding, language: str, shown: set[str], link_from: str | Path | None) -> str:
    ui = _UI[language]
    en = language == "en"
    accepted = i in item.accepted
    info = code_info(f.code)
    severity = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {}}[language].get(
        f.severity, f.severity
    )
    symbol = _SYMBOL["accepted"] if accepted else _SYMBOL.get(f.severity, "")
    attributes = f' id="{item.rid}-f{i + 1}" data-code="{_e(f.code)}" data-fingerprint="{fingerprint(f, item.report)}"'
    if accepted:
        attributes += f' class="accepted" data-accepted="{f.severity}"'
    else:
        attributes += f' data-severity="{f.severity}"'
    state = (" · " + _e(ui["accepted_note"])) if accepted else ""
    head = f'<span class="sev">{symbol} {i + 1}. {_e(severity)}{state}</span>'
    title = info.title_en if en else info.title
    parts = [f'{head}<b>{_e(title)}</b> <span class="code">[{_e(f.code)}]</span><br>{_e(f.text(language))}']
    location = f.location
    if location is None:
        for path in f.paths:
            entry = item.report.source_of(path)
            if entry is not None:
                location = entry.location
                break
    where = place(f, language, location=location, template=item.report.template)
    details: list[str] = []
    if where is not None:
        href = _source_href(item, f, link_from)
        shown_where = f'<a href="{_e(href)}">{_e(where)}</a>' if href else _e(where)
        details.append(f"{_e(ui['at'])} {shown_where}")
    cells = [p for p in f.paths if p.count("/") >= 1]
    if cells:
        listed = ("、" if not en else "; ").join(_cell_link(item, p, language, shown) for p in cells[:8])
        more = f" … (+{len(cells) - 8})" if len(cells) > 8 else ""
        details.append(f"{_e(ui['cells'])} {listed}{more}")
    if f.expected is not None or f.actual is not None:
        details.append(_e(ui["expected"].format(expected=_number(f.expected, ui), actual=_number(f.actual, ui))))
    if accepted and i in item.notes:
        details.append(f"{_e(ui['note'])}：{_e(item.notes[i])}" if not en else f"{_e(ui['note'])}: {_e(item.notes[i])}")
    parts.append(f'<div class="details">{_e(ui["sep"]).join(details)}</div>')
    return f"<li{attributes}>{''.join(parts)}</li>"


def _narrative(item: _Item, found: Sequence[Comparison], language: str, shown: set[str]) -> list[str]:
    ui = _UI[language]
    en = language == "en"
    out = [f'<h3 id="{item.rid}-narrative">{_e(ui["narrative"])}</h3>']
    if not found:
        out.append(f"<p>{_e(ui['no_statements'])}</p>")
        return out
    out.append('<table class="plain narrative"><tr>')
    out.append("".join(f"<th>{_e(ui[k])}</th>" for k in ("section", "excerpt", "stated", "table_side", "verdict")))
    out.append("</tr>")
    by_message = {(f.code, f.message): i for i, f in enumerate(item.findings)}
    for comparison in found:
        statement = comparison.statement
        section = NATIONAL.section(statement.section)
        stated = ui["claim"] if statement.value is None else str(statement.value)
        readings = []
        for name, name_en, value, paths in comparison.readings:
            link = paths[0] if paths else None
            label = _e(name_en if en else name)
            if link is not None and link in shown:
                label = f'<a href="#{_cell_id(item.rid, link)}">{label}</a>'
            readings.append(f"{label} = {_e(format_value(value))}")
        if comparison.agrees is True:
            verdict, cls = _e(ui["agrees"]), "agrees"
        elif comparison.agrees is False:
            verdict, cls = _e(ui["differs"]), "differs"
            if comparison.finding is not None:
                index = by_message.get((comparison.finding.code, comparison.finding.message))
                if index is not None:
                    verdict = f'<a href="#{item.rid}-f{index + 1}">{verdict}</a>'
        else:
            verdict, cls = _e(ui["nothing"]), "nothing"
        out.append(
            f'<tr class="{cls}"><td>{_e(section.label_en if en else section.label)}</td>'
            f"<td>{_e(statement.excerpt)}</td><td>{_e(stated)}</td>"
            f"<td>{'<br>'.join(readings)}</td><td>{verdict}</td></tr>"
        )
    out.append("</table>")
    return out
