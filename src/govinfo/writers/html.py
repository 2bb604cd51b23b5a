"""Writing a report as an HTML page laid out as the official format prints it.

The page is what :class:`~govinfo.readers.html.HtmlReader` reads back: the title as
``<h1>`` (and ``<title>``), the six section headings as ``<h2>``, narrative lines as
``<p>``, and the statistical tables with real ``rowspan``/``colspan`` as in the official
annex (:mod:`govinfo.writers._layout`). Header cells are ``<th>``; each value cell carries
its cell path in ``data-path`` (``applications/granted/total``) for scripts. A blank value
is an empty ``<td>``. The page is UTF-8 and says so (``<meta charset="utf-8">``).

HTML collapses runs of spaces, so narrative text round-trips only up to whitespace inside
a line; line breaks are kept (one ``<p>`` per line).
"""

from __future__ import annotations

from html import escape

from govinfo.model import AnnualReport
from govinfo.writers._layout import Heading, LayoutCell, LayoutTable, Para, check_extras, layout, report_title

__all__ = ["write_html", "write_html_bytes"]

_STYLE = """\
body { font-family: "FangSong", "仿宋", "SimSun", serif; max-width: 60em; margin: 2em auto; }
h1 { text-align: center; font-size: 1.5em; }
h2 { font-size: 1.15em; }
p { text-indent: 2em; line-height: 1.8; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #000; padding: 0.25em 0.5em; text-align: center; }
th { font-weight: normal; }"""


def write_html(report: AnnualReport) -> str:
    """Return ``report`` as an HTML page (text).

    Raises:
        WriteError: a table the form lacks would not read back (its heading, its texts).
    """
    title = report_title(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="generator" content="govinfo">',
    ]
    if title:
        out.append(f"<title>{_text(title)}</title>")
    out += [f"<style>\n{_STYLE}\n</style>", "</head>", "<body>"]
    blocks = layout(report)
    check_extras(report, blocks, joins_tables=False, layout_name="HTML")
    for block in blocks:
        if isinstance(block, LayoutTable):
            out.extend(_table(block))
        elif isinstance(block, Heading):
            tag = "h1" if block.level == 1 else "h2"
            out.append(f"<{tag}>{_text(block.text)}</{tag}>")
        elif isinstance(block, Para):
            out.append(f"<p>{_text(block.text)}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_html_bytes(report: AnnualReport) -> bytes:
    """Return ``report`` as an HTML page, UTF-8 encoded (the ``html`` writer)."""
    return write_html(report).encode("utf-8")


def _text(text: str) -> str:
    return "<br>".join(escape(line, quote=False) for line in text.split("\n"))


def _table(table: LayoutTable) -> list[str]:
    lines = [f'<table class="govinfo-{escape(table.key)}" border="1">']
    for row in table.rows:
        lines.append("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>")
    lines.append("</table>")
    return lines


def _cell(cell: LayoutCell) -> str:
    tag = "th" if cell.header else "td"
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.path is not None:
        attrs += f' data-path="{escape(cell.path)}"'
    return f"<{tag}{attrs}>{_text(cell.text)}</{tag}>"
