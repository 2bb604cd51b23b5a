"""Write the synthetic HTML samples of this folder (run: ``python tests/samples/html/generate.py``).

Each sample is a made-up report laid out as the official format (``govinfo.writers._layout``)
but marked up the way real publishers do it, with the quirks of real pages:

- ``word-export-2021.htm``: "Save as web page" from Word, GB2312-declared and GBK-encoded:
  ``MsoNormal`` paragraphs, labels and numbers split over several ``<span>``s, empty
  ``<o:p>&nbsp;</o:p>`` blank cells, conditional comments, a vertical label written one
  character per ``<p>``, the hidden sizing row Word appends to tables.
- ``cms-page-2019.html``: a CMS article page: navigation, scripts, a metadata grid, the
  report inside a layout table (tables nested in tables), ``<br />`` inside header cells,
  zero cells left empty (``&nbsp;``), a ``<meta charset>`` that lies (GBK declared, UTF-8
  bytes), a unit typed into the procurement cell.
- ``fragment-2021.html``: an HTML fragment without ``<html>``: numbers padded with
  ``&nbsp;``, labels ending in ``&nbsp;``, a tab between paragraphs.

Next to each sample, ``<sample>.json`` holds the expected cells (``"table/row/column":
"value"`` as the long CSV prints them, ``""`` for a blank cell) and the template.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

import attrs

from govinfo.labels import iter_cell_specs
from govinfo.model import AnnualReport, Metadata, Narrative, Procurement
from govinfo.values import format_number
from govinfo.writers._layout import Heading, LayoutCell, LayoutTable, Para, layout

HERE = Path(__file__).resolve().parent
APPLICANT = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")


def _applications(rows: dict[str, dict[str, int]], outcome_rows: list[str]) -> dict[str, int]:
    """Table-3 cells from the non-zero values per row, zeros elsewhere, totals computed."""
    cells: dict[str, int] = {}
    for row in ["new_received", "carried_over", *outcome_rows, "results_total", "carried_forward"]:
        values = rows.get(row, {})
        for col in APPLICANT:
            cells[f"applications/{row}/{col}"] = values.get(col, 0)
        cells[f"applications/{row}/total"] = sum(values.values())
    return cells


def _report(template: str, year: int, agency: str, cells: dict[str, Any], narrative: Narrative) -> AnnualReport:
    report = AnnualReport(
        metadata=Metadata(
            agency=agency, year=year, template=template, title=f"{agency}{year}年度政府信息公开工作年度报告"
        ),
        narrative=narrative,
    )
    values: dict[str, Any] = {f"{t.key}/{r.key}/{c.key}": 0 for t, r, c in iter_cell_specs(template)}
    values.update(cells)
    for path, value in values.items():
        report = report.with_cell(path, value)
    return report


OUTCOMES_2021 = [
    "granted", "partially_granted",
    "denied.state_secret", "denied.prohibited_by_law", "denied.security_stability",
    "denied.third_party_rights", "denied.internal_affairs", "denied.process_info",
    "denied.enforcement_file", "denied.admin_query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear_after_correction",
    "not_processed.petition_complaint", "not_processed.duplicate", "not_processed.publication",
    "not_processed.excessive", "not_processed.confirm_or_reissue",
    "other.no_correction", "other.fee_unpaid", "other.other",
]  # fmt: skip
OUTCOMES_2019 = [*OUTCOMES_2021[:18], "other"]


def report_2021() -> AnnualReport:
    cells: dict[str, Any] = _applications(
        {
            "new_received": {"natural_person": 120, "commercial": 3},
            "carried_over": {"natural_person": 2},
            "granted": {"natural_person": 100, "commercial": 1},
            "partially_granted": {"natural_person": 3},
            "denied.internal_affairs": {"natural_person": 1},
            "unavailable.not_held": {"natural_person": 4, "commercial": 2},
            "not_processed.duplicate": {"natural_person": 11},
            "other.other": {"natural_person": 1},
            "results_total": {"natural_person": 120, "commercial": 3},
            "carried_forward": {"natural_person": 2},
        },
        OUTCOMES_2021,
    )
    cells.update(
        {
            "active/regulations/issued": 0,
            "active/normative_documents/issued": 12,
            "active/normative_documents/repealed": 3,
            "active/normative_documents/in_force": 145,
            "active/licensing/decisions": 2650,
            "active/penalty/decisions": 31,
            "active/admin_fees/amount": Decimal("12.50"),
            "appeals/review/upheld": 1,
            "appeals/review/other": 1,
            "appeals/review/total": 2,
            "appeals/litigation_direct/corrected": 1,
            "appeals/litigation_direct/total": 1,
            "appeals/litigation_after_review/pending": 1,
            "appeals/litigation_after_review/total": 1,
        }
    )
    narrative = Narrative(
        overview="2022年，本局坚持以公开为常态、不公开为例外。\n全年主动公开政府信息460条。",
        problems="政策解读形式还不够丰富。",
        other_matters="本年度未收取信息处理费。",
    )
    return _report("2021", 2022, "某市商务局", cells, narrative)


def report_2019() -> AnnualReport:
    cells: dict[str, Any] = _applications(
        {
            "new_received": {"natural_person": 30, "commercial": 5, "legal_service": 1},
            "granted": {"natural_person": 20, "commercial": 4},
            "denied.state_secret": {"natural_person": 2},
            "unavailable.not_held": {"natural_person": 5, "legal_service": 1},
            "other": {"natural_person": 1, "commercial": 1},
            "results_total": {"natural_person": 28, "commercial": 5, "legal_service": 1},
            "carried_forward": {"natural_person": 2},
        },
        OUTCOMES_2019,
    )
    # Zeros are left blank, as many 2019 pages do (the totals stay filled).
    cells = {path: (None if value == 0 and not path.endswith("/total") else value) for path, value in cells.items()}
    cells.update(
        {
            "active/regulations/made": 13,
            "active/regulations/published": 13,
            "active/regulations/total_published": 524,
            "active/normative_documents/made": 60,
            "active/normative_documents/published": 60,
            "active/normative_documents/total_published": 368,
            "active/licensing/prev_items": 396,
            "active/licensing/change": -3,
            "active/licensing/decisions": 181,
            "active/other_services/prev_items": 10,
            "active/other_services/change": 0,
            "active/other_services/decisions": 153,
            "active/penalty/prev_items": 2648,
            "active/penalty/change": 12,
            "active/penalty/decisions": 430,
            "active/coercion/prev_items": 126,
            "active/coercion/change": 0,
            "active/coercion/decisions": 25,
            "active/admin_fees/prev_items": 35,
            "active/admin_fees/change": 0,
            "active/central_procurement/projects": 6,
            "appeals/review/upheld": 5,
            "appeals/review/pending": 2,
            "appeals/review/total": 7,
            "appeals/litigation_direct/total": 0,
            "appeals/litigation_after_review/total": 0,
        }
    )
    narrative = Narrative(
        overview="2019年，本市政府办公厅严格落实《条例》要求。",
        problems="决策公开仍需进一步加强。",
        other_matters="无。",
    )
    report = _report("2019", 2019, "某市人民政府办公厅", cells, narrative)
    active = report.active
    assert active is not None
    procurement = Procurement(projects=6, amount=Decimal("251000"), amount_unit="元")
    return attrs.evolve(report, active=attrs.evolve(active, central_procurement=procurement))


# --- markup dialects --------------------------------------------------------------------


def _word_text(text: str) -> str:
    """Text as Word splits it into runs: labels in 3-character spans, long numbers in two."""
    if not text:
        return "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
    if text.isdigit() and len(text) >= 3:
        pieces = [text[:-1], text[-1]]
    else:
        pieces = [text[i : i + 3] for i in range(0, len(text), 3)]
    runs = "".join(f"<span style='font-family:仿宋_GB2312'>{escape(p, quote=False)}</span>" for p in pieces)
    return runs + "<span lang=EN-US><o:p></o:p></span>"


def word_cell(cell: LayoutCell) -> str:
    span = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (
        f" colspan={cell.colspan}" if cell.colspan > 1 else ""
    )
    style = "style='border:solid windowtext 1.0pt;border-top:none;padding:0cm 5.4pt 0cm 5.4pt'"
    if cell.rowspan > 8:  # the vertical 三、本年度办理结果: one character per paragraph
        body = "".join(f"<p class=MsoNormal align=center>{_word_text(ch)}</p>" for ch in cell.text)
    else:
        body = f"<p class=MsoNormal align=center style='text-align:center'>{_word_text(cell.text)}</p>"
    return f"  <td width=80 valign=top{span} {style}>\n  {body}\n  </td>"


def word_page(report: AnnualReport) -> str:
    out = [
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"',
        'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">',
        "<head>",
        '<meta http-equiv=Content-Type content="text/html; charset=gb2312">',
        "<meta name=ProgId content=Word.Document>",
        '<meta name=Generator content="Microsoft Word 15">',
        f"<title>{escape(report.metadata.title or '')}</title>",
        "<!--[if gte mso 9]><xml>",
        " <o:DocumentProperties><o:Author>一、总体情况</o:Author><o:Pages>5</o:Pages></o:DocumentProperties>",
        "</xml><![endif]-->",
        "<style>",
        "<!--",
        " p.MsoNormal {margin:0cm; text-align:justify; font-size:10.5pt;}",
        "-->",
        "</style>",
        "</head>",
        "<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>",
        "<div class=WordSection1 style='layout-grid:15.6pt'>",
    ]
    for block in layout(report):
        if isinstance(block, Heading):
            out.append(
                "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:黑体'>"
                f"{escape(block.text, quote=False)}<span lang=EN-US><o:p></o:p></span></span></p>"
            )
        elif isinstance(block, Para):
            out.append(f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>{_word_text(block.text)}</p>")
        elif isinstance(block, LayoutTable):
            out.append(
                "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
                "style='border-collapse:collapse;mso-table-layout-alt:fixed'>"
            )
            width = block.width
            for row in block.rows:
                out.append(" <tr style='height:20.0pt'>")
                out.extend(word_cell(cell) for cell in row)
                out.append(" </tr>")
            out.append(" <![if !supportMisalignedColumns]>")
            out.append(" <tr height=0>" + "<td width=80 style='border:none'></td>" * width + "</tr>")
            out.append(" <![endif]>")
            out.append("</table>")
            out.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")
    out += ["</div>", "</body>", "</html>", ""]
    return "\r\n".join(out)


def cms_cell(cell: LayoutCell) -> str:
    span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    text = escape(cell.text, quote=False)
    if cell.header and len(text) > 6 and "（" not in text:
        text = text[:3] + "<br />" + text[3:]  # '本年新<br />制作数量'
    if not text:
        return f"<td{span}>&nbsp;</td>"
    return f"<td{span}><p style='text-align: center'>{text}</p></td>"


def cms_page(report: AnnualReport) -> str:
    title = escape(report.metadata.title or "")
    out = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        '<meta charset="gbk">',
        f"<title>{title}_政府信息公开年报_某市人民政府</title>",
        "<script>var nav = ['一、总体情况', '首页']; document.write('<p>脚本</p>');</script>",
        "<style>.main td { border: 1px solid #000 }</style>",
        "</head>",
        "<body>",
        '<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>',
        '<form><input type="hidden" name="siteId" value="4028"><input type="text" placeholder="请输入搜索内容"></form>',
        '<div style="display: none">登录后可见</div></div>',
        '<table width="100%" class="layout"><tr>',
        '<td class="sidebar"><table><tr><td><a href="#">政府信息公开年报</a></td></tr>',
        '<tr><td><a href="#">政府信息公开指南</a></td></tr></table></td>',
        '<td class="main">',
        '<table class="meta"><tr><td>索引号：</td><td>000014349/2020-00012</td>'
        "<td>发布日期：</td><td>2020-01-31</td></tr></table>",
        f"<h1>{title}</h1>",
        '<div id="zoom">',
    ]
    for block in layout(report):
        if isinstance(block, Heading):
            if block.level == 2:
                out.append(f"<p style='font-weight: bold'>{escape(block.text, quote=False)}</p>")
        elif isinstance(block, Para):
            out.append(f"<p style='text-indent: 2em'>{escape(block.text, quote=False)}</p>")
        elif isinstance(block, LayoutTable):
            out.append('<table align="center" border="1" cellspacing="1">')
            out.append("<tbody>")
            for row in block.rows:
                out.append("<tr>" + "".join(cms_cell(cell) for cell in row) + "</tr>")
            out.append("</tbody></table>")
    out += [
        "</div>",
        "</td></tr></table>",
        '<div class="footer"><p>主办单位：某市人民政府办公厅</p></div>',
        "<noscript>请启用脚本</noscript>",
        '<script>var gklist = {"一、总体情况": [1, 2, 3]};</script>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def fragment_cell(cell: LayoutCell) -> str:
    span = (f" rowspan='{cell.rowspan}'" if cell.rowspan > 1 else "") + (
        f" colspan='{cell.colspan}'" if cell.colspan > 1 else ""
    )
    text = escape(cell.text, quote=False)
    if cell.path is not None:
        text = f"&nbsp;{text}&nbsp;" if text else "&nbsp;"
    elif text:
        text += "&nbsp;"
    return f"<td{span} style='border-width: 1px; border-style: solid'><p>{text}</p></td>"


def fragment(report: AnnualReport) -> str:
    out: list[str] = []
    for block in layout(report):
        if isinstance(block, Heading):
            if block.level == 1:
                out.append(f"<p style='text-align: center;font-weight: bold;'>{escape(block.text, quote=False)}</p>\t")
            else:
                out.append(f"<p>{escape(block.text, quote=False)}</p>")
        elif isinstance(block, Para):
            out.append(f"<p style='text-indent: 2em;'>{escape(block.text, quote=False)}</p>")
        elif isinstance(block, LayoutTable):
            out.append("<table border='1' width='600'><tbody>")
            for row in block.rows:
                out.append("<tr>" + "".join(fragment_cell(cell) for cell in row) + "</tr>")
            out.append("</tbody></table>")
    return "".join(out)


def expected(report: AnnualReport) -> dict[str, Any]:
    cells = {path: format_number(value) for path, value in report.cells()}
    return {"template": report.template, "cells": cells}


SAMPLES: dict[str, tuple[Callable[[], AnnualReport], Callable[[AnnualReport], str], str]] = {
    "word-export-2021.htm": (report_2021, word_page, "gbk"),
    "cms-page-2019.html": (report_2019, cms_page, "utf-8"),
    "fragment-2021.html": (report_2021, fragment, "utf-8"),
}


def main() -> None:
    for name, (make, render, encoding) in SAMPLES.items():
        report = make()
        (HERE / name).write_bytes(render(report).encode(encoding))
        text = json.dumps(expected(report), ensure_ascii=False, indent=1, sort_keys=True)
        (HERE / f"{name}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
