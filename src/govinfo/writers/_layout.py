"""A report laid out as the official format prints it, independent of any file format.

Every writer of a printed layout (pipe text, tab text, HTML, DOCX) starts from
:func:`layout`: the title, an optional metadata grid, the six section headings with their
paragraphs, and the three statistical tables with the merged cells of the official
formats (``spec/templates.md`` §2.1–2.3 and §3.1–3.3). Tables are given HTML-style: each
row lists only the cells that start in it; :func:`grid` expands them into a rectangle.

All printed text comes from the form, :mod:`govinfo.form`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from govinfo.errors import WriteError
from govinfo.extraction.values import format_number
from govinfo.form import NATIONAL, Column, GroupSpec, RowSpec, normalize, table_spec
from govinfo.model import EXTRA_PREFIX, AnnualReport, ExtraTable, field_name

__all__ = [
    "Heading",
    "LayoutBlock",
    "LayoutCell",
    "LayoutTable",
    "Para",
    "Slot",
    "check_extras",
    "extra_rows",
    "extra_table_layout",
    "format_value",
    "grid",
    "is_extra",
    "layout",
    "report_title",
    "table_layout",
    "tables",
    "write_lines",
]

_META = {field.key: field.label for field in NATIONAL.metadata}

ACTIVE_WIDTH = 4
"""Columns of table 2: 信息内容 and up to three value columns."""


@attrs.frozen
class LayoutCell:
    """A printed table cell.

    Attributes:
        text: the text as printed (``""`` for a blank value).
        rowspan: rows the cell covers.
        colspan: columns the cell covers.
        path: the cell path ``table/row/column`` of a value cell, ``None`` for labels.
        header: whether the cell is a header (column labels, captions, the corner note).
    """

    text: str
    rowspan: int = 1
    colspan: int = 1
    path: str | None = None
    header: bool = False


@attrs.frozen
class LayoutTable:
    """A printed table: rows of the cells that start in them (HTML-style).

    Attributes:
        key: ``"metadata"``, ``"active"``, ``"applications"`` or ``"appeals"``.
        rows: per row, the cells whose top-left corner is in that row, left to right.
    """

    key: str
    rows: tuple[tuple[LayoutCell, ...], ...]

    @property
    def width(self) -> int:
        """The number of grid columns."""
        return len(grid(self)[0]) if self.rows else 0


@attrs.frozen
class Heading:
    """A heading: the title (``level=1``) or a section heading (``level=2``).

    Attributes:
        text: the heading as printed.
        level: 1 for the title, 2 for the six section headings.
        key: the section key (``overview`` … ``other_matters``), ``None`` for the title.
    """

    text: str
    level: int = 2
    key: str | None = None


@attrs.frozen
class Para:
    """A paragraph of narrative text."""

    text: str


LayoutBlock = Heading | Para | LayoutTable


@attrs.frozen
class Slot:
    """One position of a table grid.

    Attributes:
        cell: the cell covering this position.
        spanned: ``False`` at the cell's top-left position, ``True`` elsewhere.
        rowspanned: whether the position lies below the cell's first row.
    """

    cell: LayoutCell
    spanned: bool = False
    rowspanned: bool = False

    @property
    def text(self) -> str:
        """The covering cell's text."""
        return self.cell.text


# --- values ---------------------------------------------------------------------------


def format_value(value: int | Decimal | None, unit: str | None = None) -> str:
    """Return a value as printed in its cell.

    Integers as digits (signed ones with ``-`` only), decimals with every stored digit
    and never an exponent (``Decimal("0E-5")`` → ``"0.00000"``), ``None`` as ``""``.
    ``unit`` is appended to a value when the cell carries its unit (政府集中采购's
    ``251000元``).
    """
    text = format_number(value)
    return f"{text}{unit}" if text and unit else text


# --- grid -----------------------------------------------------------------------------


def grid(table: LayoutTable) -> list[list[Slot]]:
    """Expand a table's spans into a rectangular grid of :class:`Slot`.

    Raises:
        ValueError: cells overlap or the rows do not fill a rectangle.
    """
    placed: dict[tuple[int, int], Slot] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    pos = (r + dr, c + dc)
                    if pos in placed:
                        raise ValueError(f"table {table.key}: cells overlap at {pos}")
                    placed[pos] = Slot(cell, spanned=(dr, dc) != (0, 0), rowspanned=dr > 0)
            c += cell.colspan
    if not placed:
        return []
    height = max(r for r, _ in placed) + 1
    width = max(c for _, c in placed) + 1
    if height != len(table.rows):
        raise ValueError(f"table {table.key}: a rowspan reaches below the last row")
    out: list[list[Slot]] = []
    for r in range(height):
        row_slots: list[Slot] = []
        for c in range(width):
            slot = placed.get((r, c))
            if slot is None:
                raise ValueError(f"table {table.key}: row {r + 1} has no cell in column {c + 1}")
            row_slots.append(slot)
        out.append(row_slots)
    return out


# --- the report -----------------------------------------------------------------------

# English for the few printed texts of the form that have no English of their own.
_EN_TEXT = {
    "信息内容": "Information",
    "申请人情况": "Applicants",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）": (
        "(In each column: item 1 plus item 2 equals item 3 plus item 4)"
    ),
}


def _en(text: str, en: bool) -> str:
    """A printed text of the form in English where ``en`` (captions: 第二十条第（一）项 → Article 20 (1))."""
    if not en:
        return text
    article = re.fullmatch(r"第二十条第（(.)）项", text)
    if article:
        return f"Article 20 ({'一二三四五六七八九十'.index(article.group(1)) + 1})"
    return _EN_TEXT.get(text, text)


def table_layout(report: AnnualReport, key: str, language: str = "zh") -> LayoutTable | None:
    """One statistical table of ``report`` as printed (``active``, ``applications``, ``appeals``).

    ``language="en"`` prints the form's English labels (the layout, spans and cell paths
    are the same). ``None`` when the report lacks the table.
    """
    builders = {"active": _active_table, "applications": _applications_table, "appeals": _appeals_table}
    return builders[key](report, language == "en")


def report_title(report: AnnualReport) -> str | None:
    """The title as printed: the report's own, else one made of agency and year."""
    meta = report.metadata
    if meta.title:
        return meta.title
    if meta.agency and meta.year is not None:
        return f"{meta.agency}{meta.year}年度政府信息公开工作年度报告"
    return None


def layout(report: AnnualReport) -> list[LayoutBlock]:
    """Return the blocks of ``report`` in printed order.

    The metadata grid (索引号 / 发布机构 / 发布日期: the index number and publication date
    where the report has them, the agency where the title does not name it), the title, then
    each section heading followed by its narrative paragraphs and, for sections 二–四,
    its table. A table the report lacks (``None``) is left out, its heading kept; a row
    it lacks is left out of its table. Empty narrative lines are dropped.
    """
    if report.template == "2019" and report.metadata.year is None and report.active is None:
        # The readers tell 2019 from 2021 by table 2's columns or by the year: with neither
        # printed, the report would read back as a 2021 one.
        raise WriteError(
            "a 2019-format report with no year and no table 2: nothing a printed layout holds says "
            "its format; write it as JSON or CSV"
        )
    blocks: list[LayoutBlock] = []
    meta_table = _metadata_table(report)
    if meta_table is not None:
        blocks.append(meta_table)
    title = report_title(report)
    if title:
        blocks.append(Heading(title, level=1))
    builders = {
        "active": _active_table,
        "applications": _applications_table,
        "appeals": _appeals_table,
    }
    for key, heading in ((section.key, section.label) for section in NATIONAL.sections):
        blocks.append(Heading(heading, level=2, key=key))
        text: str | None = getattr(report.narrative, key)
        if text:
            blocks.extend(Para(line) for line in text.split("\n") if line.strip())
        builder = builders.get(key)
        if builder is not None:
            table = builder(report)
            if table is not None:
                blocks.append(table)
        for number, extra in enumerate(report.extras, start=1):
            if extra.section == key:
                if extra.heading is not None:
                    blocks.append(Para(extra.heading))
                blocks.append(extra_table_layout(extra, f"{EXTRA_PREFIX}{number}"))
    return blocks


def is_extra(table: LayoutTable) -> bool:
    """Whether ``table`` is one the form does not have (``extra.N``)."""
    return table.key.startswith(EXTRA_PREFIX)


def extra_table_layout(extra: ExtraTable, key: str) -> LayoutTable:
    """A table the form does not have as printed: its rows, padded with empty cells to a rectangle.

    Header rows are header cells; each value cell carries its path ``extra.N/R/C``.
    """
    width = max(len(row) for row in extra.rows)
    paths = {v.path for v in extra.values(key)}
    rows: list[tuple[LayoutCell, ...]] = []
    for r, row in enumerate(extra.rows, start=1):
        cells = []
        for c in range(1, width + 1):
            text = row[c - 1] if c <= len(row) else ""
            path = f"{key}/{r}/{c}"
            cells.append(LayoutCell(text, path=path if path in paths else None, header=r <= extra.header_rows))
        rows.append(tuple(cells))
    return LayoutTable(key, tuple(rows))


def extra_rows(table: LayoutTable) -> list[list[str]]:
    """The printed texts of an extra table's rows, without the padding cells at their ends."""
    out = []
    for row in table.rows:
        texts = [cell.text for cell in row]
        while texts and not texts[-1]:
            texts.pop()
        out.append(texts)
    return out


def check_extras(report: AnnualReport, blocks: Sequence[LayoutBlock], *, joins_tables: bool, layout_name: str) -> None:
    """Refuse what a layout could not give back: ``read(write(r))`` must return ``r.extras``.

    The reader takes the short paragraph right before a table the form lacks for its
    heading, and must not take the table for one of the form's. ``joins_tables``: the
    layout cannot separate two tables without a paragraph between them (the text layouts).

    Raises:
        WriteError: an extra table would not read back as it is.
    """
    from govinfo.document import Cell as DocCell
    from govinfo.document import Document, Paragraph, Table
    from govinfo.extraction.extras import find_extras, heading_text
    from govinfo.extraction.rows import Placement
    from govinfo.extraction.tokens import tokenize

    if not report.extras:
        return
    printed = 0
    previous: LayoutBlock | None = None
    for block in blocks:
        if isinstance(block, LayoutTable) and is_extra(block):
            number = int(block.key.removeprefix(EXTRA_PREFIX))
            extra = report.extras[number - 1]
            what = f"cannot write table {block.key} ({extra.heading or 'untitled'}) in the {layout_name} layout"
            printed += 1
            if number != printed:
                raise WriteError(f"{what}: the tables the form lacks are not in the order of their sections")
            if isinstance(previous, LayoutTable) and joins_tables and extra.heading is None:
                raise WriteError(f"{what}: without a heading it would run into the table before it")
            if extra.heading is None and isinstance(previous, Para) and heading_text(previous.text) is not None:
                raise WriteError(f"{what}: the short paragraph before it would read back as its heading")
            # Read the table alone, after its section's heading, as the extractor will.
            section = NATIONAL.section(extra.section).label
            pieces: list[Paragraph | Table] = [Paragraph(section)]
            if extra.heading is not None:
                pieces.append(Paragraph(extra.heading))
            pieces.append(Table([[DocCell(text) for text in row] for row in extra.rows]))
            document = Document(blocks=pieces)
            found = find_extras(document, tokenize(document), Placement()).tables
            if found != (extra,):
                raise WriteError(f"{what}: its texts would not read back as a table the form lacks")
        previous = block


def write_lines(
    report: AnnualReport,
    table_lines: Callable[[LayoutTable], list[str]],
    *,
    layout_name: str = "text",
    unprintable: Callable[[str], str | None] | None = None,
) -> str:
    """Return ``report`` as lines of text: a line per title, heading or paragraph.

    Each table becomes the lines ``table_lines`` gives for it (the pipe and tab layouts
    differ only there). The text ends with a newline.

    Raises:
        WriteError: a table the form lacks would not read back (:func:`check_extras`), or
            ``unprintable`` says why a line of text would not read back as text.
    """
    lines: list[str] = []
    blocks = layout(report)
    check_extras(report, blocks, joins_tables=True, layout_name=layout_name)
    for block in blocks:
        if isinstance(block, LayoutTable):
            lines.extend(table_lines(block))
        else:
            why = unprintable(block.text) if unprintable is not None else None
            if why is not None:
                raise WriteError(f"{layout_name}: the text {block.text[:40]!r}: {why}")
            lines.append(block.text)
    return "\n".join(lines) + "\n"


def tables(blocks: Sequence[LayoutBlock]) -> Iterator[LayoutTable]:
    """Yield the tables among ``blocks``."""
    for block in blocks:
        if isinstance(block, LayoutTable):
            yield block


def _metadata_table(report: AnnualReport) -> LayoutTable | None:
    meta = report.metadata
    cells: list[LayoutCell] = []
    if meta.index_number:
        cells += [
            LayoutCell(f"{_META['index_number']}：", header=True),
            LayoutCell(meta.index_number),
        ]
    title = report_title(report)
    if meta.agency and (title is None or normalize(meta.agency) not in normalize(title)):
        # A title without the agency (2021年政务信息公开工作年度报告) would lose it.
        cells += [
            LayoutCell(f"{_META['agency']}：", header=True),
            LayoutCell(meta.agency),
        ]
    if meta.published is not None:
        cells += [
            LayoutCell(f"{_META['published']}：", header=True),
            LayoutCell(meta.published.isoformat()),
        ]
    return LayoutTable("metadata", (tuple(cells),)) if cells else None


def _row_obj(report: AnnualReport, table: str, row: str) -> Any:
    table_obj = getattr(report, table)
    return None if table_obj is None else getattr(table_obj, field_name(row))


def _value_cell(table: str, row: RowSpec, column: Column, row_obj: Any, colspan: int = 1) -> LayoutCell:
    unit = getattr(row_obj, "amount_unit", None) if column.key == "amount" else None
    return LayoutCell(
        format_value(getattr(row_obj, column.key), unit),
        colspan=colspan,
        path=f"{table}/{row.key}/{column.key}",
    )


def _spans(n: int, width: int) -> list[int]:
    """Column spans of ``n`` value columns filling ``width`` (the last one widens)."""
    return [1] * (n - 1) + [width - (n - 1)]


# table 2 ------------------------------------------------------------------------------


def _active_table(report: AnnualReport, en: bool = False) -> LayoutTable | None:
    width = ACTIVE_WIDTH - 1
    rows: list[tuple[LayoutCell, ...]] = []
    blocks: list[tuple[str, list[tuple[RowSpec, Any]]]] = []
    for spec in table_spec("active").rows_for(report.template):
        row_obj = _row_obj(report, "active", spec.key)
        if row_obj is None:
            continue
        caption = spec.caption or ""
        if not blocks or blocks[-1][0] != caption:
            blocks.append((caption, []))
        blocks[-1][1].append((spec, row_obj))
    if not blocks:
        return None
    for caption, members in blocks:
        columns = members[0][0].columns
        spans = _spans(len(columns), width)
        rows.append((LayoutCell(_en(caption, en), colspan=ACTIVE_WIDTH, header=True),))
        rows.append(
            (
                LayoutCell(_en(table_spec("active").row_header or "", en), header=True),
                *(
                    LayoutCell(col.label_en if en else col.label, colspan=span, header=True)
                    for col, span in zip(columns, spans, strict=True)
                ),
            )
        )
        for spec, row_obj in members:
            row_spans = _spans(len(spec.columns), width)
            rows.append(
                (
                    LayoutCell(spec.label_en if en else spec.label),
                    *(
                        _value_cell("active", spec, col, row_obj, span)
                        for col, span in zip(spec.columns, row_spans, strict=True)
                    ),
                )
            )
    return LayoutTable("active", tuple(rows))


# table 3 ------------------------------------------------------------------------------


def _application_rows(report: AnnualReport) -> list[tuple[RowSpec, Any]]:
    """The rows table 3 prints: the template's, each group in the variant the report has.

    A group that has a row of its own (（六）其他处理 in 2019) is printed either as that row
    or as its sub-rows: as the report has it, else as the template prints it.
    """
    spec = table_spec("applications")
    template = report.template
    present: dict[str, bool] = {}
    for group in spec.groups:
        if group.row is None:
            continue
        subs = any(_row_obj(report, "applications", r.key) is not None for r in spec.members(group.key))
        single = _row_obj(report, "applications", group.row) is not None
        if subs and single:
            # One printed table cannot hold both: the group's row would be dropped silently.
            raise WriteError(
                f"table 3 has both the row {group.row!r} and its sub-rows ({group.key}.*): "
                "no printed layout holds both; write it as JSON or CSV"
            )
        if template in spec.row(group.row).templates:
            present[group.key] = not (subs and not single)
        else:
            present[group.key] = single and not subs
    own = {g.row: g.key for g in spec.groups if g.row is not None}
    out: list[tuple[RowSpec, Any]] = []
    for row in spec.rows:
        if row.key in own:
            if not present[own[row.key]]:
                continue
        elif row.group in present:
            if present[row.group]:
                continue
        elif template not in row.templates:
            continue
        row_obj = _row_obj(report, "applications", row.key)
        if row_obj is not None:
            out.append((row, row_obj))
    return out


def _applications_table(report: AnnualReport, en: bool = False) -> LayoutTable | None:
    printed = _application_rows(report)
    if not printed:
        return None
    spec = table_spec("applications")
    columns = spec.columns
    n = len(columns)
    orgs = [c for c in columns if c.group == "org"]

    def label(item: Column | RowSpec | GroupSpec) -> str:
        return (item.label_en or item.label) if en else item.label

    rows: list[tuple[LayoutCell, ...]] = [
        (
            LayoutCell(_en(spec.note or "", en), rowspan=3, colspan=3, header=True),
            LayoutCell(_en(spec.header or "", en), colspan=n, header=True),
        ),
        (
            LayoutCell(label(columns[0]), rowspan=2, header=True),
            LayoutCell(spec.column_groups["org"][1 if en else 0], colspan=len(orgs), header=True),
            LayoutCell(label(columns[-1]), rowspan=2, header=True),
        ),
        tuple(LayoutCell(label(col), header=True) for col in orgs),
    ]

    def outer(row: RowSpec) -> str | None:
        """The unprefixed group around a row (三、本年度办理结果), if any."""
        chain = spec.ancestors(row)
        return chain[0].key if chain and not chain[0].prefix else None

    def inner(row: RowSpec) -> str | None:
        """The printed sub-group of a row (（三）不予公开), if any."""
        chain = [g for g in spec.ancestors(row) if g.prefix]
        return chain[-1].key if chain else None

    outer_sizes: dict[str, int] = {}
    inner_sizes: dict[str, int] = {}
    for row, _ in printed:
        for key, sizes in ((outer(row), outer_sizes), (inner(row), inner_sizes)):
            if key is not None:
                sizes[key] = sizes.get(key, 0) + 1
    started: set[str] = set()
    for row, obj in printed:
        cells: list[LayoutCell] = []
        group = outer(row)
        if group is None:
            cells.append(LayoutCell(label(row), colspan=3))
        else:
            if group not in started:
                started.add(group)
                cells.append(LayoutCell(label(spec.group(group)), rowspan=outer_sizes[group]))
            sub = inner(row)
            if sub is not None:
                if sub not in started:
                    started.add(sub)
                    cells.append(LayoutCell(label(spec.group(sub)), rowspan=inner_sizes[sub]))
                cells.append(LayoutCell(label(row)))
            else:
                cells.append(LayoutCell(label(row), colspan=2))
        cells.extend(_value_cell("applications", row, col, obj) for col in row.columns)
        rows.append(tuple(cells))
    return LayoutTable("applications", tuple(rows))


# table 4 ------------------------------------------------------------------------------


def _appeals_table(report: AnnualReport, en: bool = False) -> LayoutTable | None:
    """Table 4 as printed: the column groups of the rows the report has (all 15 columns in full).

    An absent row is left out with its header band rather than printed blank: blank cells
    would read back as a row the report does not have.
    """
    appeal_rows = table_spec("appeals").rows
    appeal_columns = table_spec("appeals").columns
    objs = [_row_obj(report, "appeals", spec.key) for spec in appeal_rows]
    if all(obj is None for obj in objs):
        return None
    n = len(appeal_columns)
    top: list[LayoutCell] = []
    middle: list[LayoutCell] = []
    bottom: list[LayoutCell] = []
    values: list[LayoutCell] = []
    appeals = table_spec("appeals")
    groups: dict[str, list[str]] = {}
    present = [(spec, obj) for spec, obj in zip(appeal_rows, objs, strict=True) if obj is not None]
    if [spec.key for spec, _ in present] != [spec.key for spec in appeal_rows[: len(present)]]:
        # The readers find table 4 by its first group's words and take its value groups in
        # order: a table with a gap would read back with other rows than it has.
        missing = [spec.key for spec, obj in zip(appeal_rows, objs, strict=True) if obj is None]
        raise WriteError(
            f"table 4 has rows ({', '.join(spec.key for spec, _ in present)}) but not {', '.join(missing)} "
            "before them: no printed layout holds that so that it reads back; write it as JSON or CSV"
        )
    banded = any(spec.group is not None for spec, _ in present)  # a sub-group band below the groups
    for spec, _ in present:
        row_label = (spec.label_en or spec.label) if en else spec.label
        if spec.group is None:
            groups.setdefault(row_label, []).append("")
        else:
            group_spec = appeals.group(spec.group)
            groups.setdefault((group_spec.label_en or group_spec.label) if en else group_spec.label, []).append(
                row_label
            )
    for group, subs in groups.items():
        if subs == [""]:
            # A group without sub-groups (行政复议): its column labels span two rows.
            top.append(LayoutCell(group, colspan=n, header=True))
            middle.extend(
                LayoutCell((col.label_en or col.label) if en else col.label, rowspan=2 if banded else 1, header=True)
                for col in appeal_columns
            )
        else:
            top.append(LayoutCell(group, colspan=n * len(subs), header=True))
            for sub in subs:
                middle.append(LayoutCell(sub, colspan=n, header=True))
                bottom.extend(
                    LayoutCell((col.label_en or col.label) if en else col.label, header=True) for col in appeal_columns
                )
    for spec, obj in present:
        values.extend(_value_cell("appeals", spec, col, obj) for col in spec.columns)
    bands = (tuple(top), tuple(middle), tuple(bottom)) if banded else (tuple(top), tuple(middle))
    return LayoutTable("appeals", (*bands, tuple(values)))
