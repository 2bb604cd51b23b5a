"""The typed, immutable model of one annual report.

Every class is a frozen, slotted attrs class; change one with :func:`attrs.evolve`.
Counts are ``int``, money is :class:`decimal.Decimal`, a blank cell is ``None`` (never 0)
and a row the document does not have is ``None`` as a whole.

The attribute names are the stable keys of ``spec/dataset.md`` with ``.`` written as
``_`` (``applications.denied_state_secret`` is row ``denied.state_secret``). Generic
access by key goes through :meth:`AnnualReport.get`, :meth:`AnnualReport.cells` and
:meth:`AnnualReport.with_cell`; cell paths are ``table/row/column``
(``applications/denied.state_secret/natural_person``), the same in the JSON, the CSV and
the findings.

Arithmetic is not checked here (that is :mod:`govinfo.validation`), so an inconsistent
report still loads and can be reported on.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import weakref
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from govinfo._fast import fast_init
from govinfo.document import Location, Source
from govinfo.findings import SEVERITIES, Finding
from govinfo.form import TABLES, iter_cell_specs

__all__ = [
    "Active2019",
    "Active2021",
    "AnnualReport",
    "AppealCounts",
    "Appeals",
    "ApplicantCounts",
    "Applications",
    "CellSource",
    "Decisions",
    "DocumentCounts2019",
    "DocumentCounts2021",
    "ExtraTable",
    "ExtraValue",
    "FeeAmount",
    "FeeItems",
    "Finding",
    "ItemCounts",
    "Metadata",
    "Narrative",
    "Procurement",
    "Source",
    "SourceInfo",
    "Undecided",
    "field_name",
]

TEMPLATES = ("2019", "2021")

CELL_UNITS = ("万元", "元", "亿元", "件", "个", "项", "条", "次", "人次", "家", "宗", "人", "份")
"""The units a cell's number may carry (``251000元``): the ones the text readers recognise."""


def field_name(key: str) -> str:
    """Return the attribute name of a stable row key (``denied.state_secret`` → ``denied_state_secret``)."""
    return key.replace(".", "_")


# Tuple fields accept any iterable and store a tuple (one converter per element type:
# the attrs mypy plugin cannot see through a generic converter).
def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _cell_sources(items: Iterable[CellSource]) -> tuple[CellSource, ...]:
    return tuple(items)


def _findings(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


def _extra_tables(items: Iterable[ExtraTable]) -> tuple[ExtraTable, ...]:
    return tuple(items)


def _grid(rows: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _undecided(items: Iterable[Undecided]) -> tuple[Undecided, ...]:
    return tuple(items)


__all__ += ["SEVERITIES"]


# --- table 3 and 4 rows ---------------------------------------------------------------


@fast_init
@attrs.frozen(kw_only=True)
class ApplicantCounts:
    """One row of table 3: applications by applicant type."""

    natural_person: int | None = None
    commercial: int | None = None
    research: int | None = None
    public_interest: int | None = None
    legal_service: int | None = None
    other_org: int | None = None
    total: int | None = None


@fast_init
@attrs.frozen(kw_only=True)
class AppealCounts:
    """One row of table 4: review or litigation cases by outcome."""

    upheld: int | None = None
    corrected: int | None = None
    other: int | None = None
    pending: int | None = None
    total: int | None = None


@fast_init
@attrs.frozen(kw_only=True)
class Applications:
    """Table 3 (三、收到和处理政府信息公开申请情况), both formats.

    The 2019 format prints （六）其他处理 as one row (``other``); the 2021 format prints its
    three sub-rows (``other_no_correction``, ``other_fee_unpaid``, ``other_other``).
    A document has one or the other; the rows it does not have are ``None``.
    """

    new_received: ApplicantCounts | None = None
    carried_over: ApplicantCounts | None = None
    granted: ApplicantCounts | None = None
    partially_granted: ApplicantCounts | None = None
    denied_state_secret: ApplicantCounts | None = None
    denied_prohibited_by_law: ApplicantCounts | None = None
    denied_security_stability: ApplicantCounts | None = None
    denied_third_party_rights: ApplicantCounts | None = None
    denied_internal_affairs: ApplicantCounts | None = None
    denied_process_info: ApplicantCounts | None = None
    denied_enforcement_file: ApplicantCounts | None = None
    denied_admin_query: ApplicantCounts | None = None
    unavailable_not_held: ApplicantCounts | None = None
    unavailable_needs_creation: ApplicantCounts | None = None
    unavailable_unclear_after_correction: ApplicantCounts | None = None
    not_processed_petition_complaint: ApplicantCounts | None = None
    not_processed_duplicate: ApplicantCounts | None = None
    not_processed_publication: ApplicantCounts | None = None
    not_processed_excessive: ApplicantCounts | None = None
    not_processed_confirm_or_reissue: ApplicantCounts | None = None
    other_no_correction: ApplicantCounts | None = None
    other_fee_unpaid: ApplicantCounts | None = None
    other_other: ApplicantCounts | None = None
    other: ApplicantCounts | None = None
    results_total: ApplicantCounts | None = None
    carried_forward: ApplicantCounts | None = None


@fast_init
@attrs.frozen(kw_only=True)
class Appeals:
    """Table 4 (四、政府信息公开行政复议、行政诉讼情况), both formats."""

    review: AppealCounts | None = None
    litigation_direct: AppealCounts | None = None
    litigation_after_review: AppealCounts | None = None


# --- table 2 --------------------------------------------------------------------------


@fast_init
@attrs.frozen(kw_only=True)
class DocumentCounts2021:
    """规章 / 行政规范性文件 row of the 2021 table 2."""

    issued: int | None = None
    repealed: int | None = None
    in_force: int | None = None


@fast_init
@attrs.frozen(kw_only=True)
class Decisions:
    """行政许可 / 行政处罚 / 行政强制 row of the 2021 table 2."""

    decisions: int | None = None


@fast_init
@attrs.frozen(kw_only=True)
class FeeAmount:
    """行政事业性收费 row of the 2021 table 2: the amount in 万元."""

    amount: Decimal | None = None


@fast_init
@attrs.frozen(kw_only=True)
class Active2021:
    """Table 2 (二、主动公开政府信息情况) of the 2021 format."""

    regulations: DocumentCounts2021 | None = None
    normative_documents: DocumentCounts2021 | None = None
    licensing: Decisions | None = None
    penalty: Decisions | None = None
    coercion: Decisions | None = None
    admin_fees: FeeAmount | None = None


@fast_init
@attrs.frozen(kw_only=True)
class DocumentCounts2019:
    """规章 / 规范性文件 row of the 2019 table 2."""

    made: int | None = None
    published: int | None = None
    total_published: int | None = None


@fast_init
@attrs.frozen(kw_only=True)
class ItemCounts:
    """行政许可 / 其他对外管理服务事项 / 行政处罚 / 行政强制 row of the 2019 table 2.

    ``change`` (本年增/减) is signed.
    """

    prev_items: int | None = None
    change: int | None = None
    decisions: int | None = None


@fast_init
@attrs.frozen(kw_only=True)
class FeeItems:
    """行政事业性收费 row of the 2019 table 2: fee *items*, not money."""

    prev_items: int | None = None
    change: int | None = None


@attrs.frozen(kw_only=True)
class Procurement:
    """政府集中采购 row of the 2019 table 2.

    The format fixes no unit for the amount; filers type one into the cell
    (``251000元``). ``amount`` is the number as stated, ``amount_unit`` the unit typed
    with it (``None`` when the cell had none).
    """

    projects: int | None = None
    amount: Decimal | None = None
    amount_unit: str | None = attrs.field(
        default=None, metadata={"cell": False}, validator=attrs.validators.optional(attrs.validators.in_(CELL_UNITS))
    )


@fast_init
@attrs.frozen(kw_only=True)
class Active2019:
    """Table 2 (二、主动公开政府信息情况) of the 2019 format."""

    regulations: DocumentCounts2019 | None = None
    normative_documents: DocumentCounts2019 | None = None
    licensing: ItemCounts | None = None
    other_services: ItemCounts | None = None
    penalty: ItemCounts | None = None
    coercion: ItemCounts | None = None
    admin_fees: FeeItems | None = None
    central_procurement: Procurement | None = None


ROW_CLASSES: dict[tuple[str, str, str], type] = {}
"""(template, table, row key) → the attrs class of that row."""


def _register_row_classes() -> None:
    tables: dict[str, dict[str, type]] = {
        "2019": {"active": Active2019, "applications": Applications, "appeals": Appeals},
        "2021": {"active": Active2021, "applications": Applications, "appeals": Appeals},
    }
    for template, classes in tables.items():
        for table, cls in classes.items():
            hints = attrs.resolve_types(cls)
            for field in attrs.fields(hints):
                row_type = field.type
                args = [a for a in getattr(row_type, "__args__", (row_type,)) if a is not type(None)]
                ROW_CLASSES[(template, table, field.name)] = args[0]


# --- metadata, narrative, provenance, findings ----------------------------------------


SourceInfo = Source
"""Deprecated alias of :class:`govinfo.document.Source` (removed in 0.3)."""


def _check_template(_: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in TEMPLATES:
        raise ValueError(f"{attribute.name} must be one of {TEMPLATES}, not {value!r}")


@attrs.frozen(kw_only=True)
class Metadata:
    """What the report is about.

    Attributes:
        agency: the reporting agency, where the document names it.
        year: the report year (the year the statistics cover, not the publication year).
        template: the national format the tables follow: ``"2019"`` or ``"2021"``.
        title: the document title, if it has one.
        index_number: 索引号 from the metadata grid, if any.
        published: publication date (生成日期 / 发布日期), if stated.
        source: the input the report was read from.
    """

    agency: str | None = None
    year: int | None = None
    template: str = attrs.field(default="2021", validator=_check_template)
    title: str | None = None
    index_number: str | None = None
    published: dt.date | None = None
    source: Source = Source()


@attrs.frozen(kw_only=True)
class Narrative:
    """The text of the six sections, paragraphs joined by newlines (``None`` if absent)."""

    overview: str | None = None
    active: str | None = None
    applications: str | None = None
    appeals: str | None = None
    problems: str | None = None
    other_matters: str | None = None


@fast_init
@attrs.frozen
class CellSource:
    """Where one value came from.

    Attributes:
        path: the cell path ``table/row/column``.
        raw: the cell text as found (``"251000元"``, ``"/"``, ``""``).
        location: where in the source.
    """

    path: str
    raw: str
    location: Location = Location()


# --- tables the form does not have ----------------------------------------------------


SECTION_KEYS = ("overview", "active", "applications", "appeals", "problems", "other_matters")
"""The keys of the form's six sections, in printed order."""

EXTRA_PREFIX = "extra."
"""Table keys of the tables the form does not have start with it: ``extra.1``, ``extra.2`` …"""


def _check_section(_: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in SECTION_KEYS:
        raise ValueError(f"{attribute.name} must be one of {SECTION_KEYS}, not {value!r}")


def _check_grid(
    _: Any, attribute: attrs.Attribute[tuple[tuple[str, ...], ...]], rows: tuple[tuple[str, ...], ...]
) -> None:
    if not rows:
        raise ValueError(f"{attribute.name}: a table has at least one row")
    for number, row in enumerate(rows, start=1):
        if not row or not row[-1].strip():
            raise ValueError(f"{attribute.name}: row {number} is empty or ends in an empty cell")
        for text in row:
            if not isinstance(text, str) or text != text.strip() or any(c in text for c in "|\t\n\r"):
                raise ValueError(
                    f"{attribute.name}: row {number} holds {text!r}; a cell is text without surrounding "
                    "spaces, line breaks, tabs or '|'"
                )


@attrs.frozen(kw_only=True)
class ExtraValue:
    """One cell of a data row of an :class:`ExtraTable`: what it prints, and the number it states.

    Attributes:
        path: ``extra.N/R/C`` (1-based row and column of the printed grid).
        raw: the text as printed (``"380"``, ``"380元"``, ``"/"``, ``""``).
        value: the number it states (``Decimal``; no column of the form says whether it is
            a count or money), ``None`` when it states none or one beyond govinfo's limits.
        unit: a unit typed with the number (``元``), if any.
        row_label: the row's label (its first cell), ``""`` if the row has none.
        column_label: the header over the column (header rows joined with ``·``), ``""``
            if the table has none.
        status: ``value``, ``blank``, ``placeholder``, ``text`` or ``invalid`` (as in the CSV).
    """

    path: str
    raw: str
    value: Decimal | None
    unit: str | None
    row_label: str
    column_label: str
    status: str


@attrs.frozen(kw_only=True)
class ExtraTable:
    """A table the document prints that the form does not have (信息处理费收取情况 …).

    Its numbers are never any of the form's cells and no rule checks them; they are kept
    as printed. ``rows`` is the printed grid, row by row, each cell's text (merged cells
    as their top-left text only; a row keeps no trailing empty cells). The leading rows
    without a number are its header rows; the first cell of every other row that is not a
    number is that row's label. Where each cell was found is in
    :attr:`AnnualReport.provenance` (paths ``extra.N/R/C``).

    Attributes:
        heading: the short paragraph printed right before the table (its caption, or a
            section heading of its own such as ``七、信息处理费收取情况``), ``None`` if none.
        section: the key of the form section it is printed in (the last of the six
            headings before it).
        rows: the printed cell texts.
    """

    heading: str | None = None
    section: str = attrs.field(default="other_matters", validator=_check_section)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_grid, validator=_check_grid)

    @property
    def header_rows(self) -> int:
        """How many leading rows hold no number (the column headers)."""
        for index, row in enumerate(self.rows):
            if any(_extra_status(text) in ("value", "invalid") for text in row):
                return index
        return len(self.rows)

    def labelled(self, row: int) -> bool:
        """Whether printed row ``row`` (0-based) starts with a label: text, or an empty cell."""
        return _extra_status(self.rows[row][0]) in ("text", "blank")

    def values(self, key: str) -> Iterator[ExtraValue]:
        """Yield every cell of the data rows but their labels; ``key`` is the table's (``extra.1``)."""
        top = self.header_rows
        headers = self.rows[:top]
        for r in range(top, len(self.rows)):
            row = self.rows[r]
            start = 1 if self.labelled(r) else 0
            label = row[0] if start else ""
            for c in range(start, len(row)):
                column = "·".join(dict.fromkeys(h[c] for h in headers if c < len(h) and h[c]))
                parsed_value = _extra_number(row[c])
                yield ExtraValue(
                    path=f"{key}/{r + 1}/{c + 1}",
                    raw=row[c],
                    value=parsed_value,
                    unit=_extra_unit(row[c]) if parsed_value is not None else None,
                    row_label=label,
                    column_label=column,
                    status=_extra_status(row[c]),
                )


def _extra_status(text: str) -> str:
    from govinfo.extraction.values import parse_cell
    from govinfo.limits import out_of_range

    parsed = parse_cell(text)
    if parsed.status == "number":
        return "invalid" if out_of_range(parsed.value) else "value"
    return parsed.status


def _extra_number(text: str) -> Decimal | None:
    from govinfo.extraction.values import parse_cell
    from govinfo.limits import out_of_range

    parsed = parse_cell(text)
    if parsed.status != "number" or out_of_range(parsed.value):
        return None
    return parsed.value


def _extra_unit(text: str) -> str | None:
    from govinfo.extraction.values import parse_cell

    return parse_cell(text).unit


# --- the report -----------------------------------------------------------------------


def _split_path(path: str) -> tuple[str, str, str]:
    parts = path.split("/")
    if len(parts) != 3 or not all(parts):
        raise KeyError(f"a cell path is table/row/column, not {path!r}")
    return parts[0], parts[1], parts[2]


@functools.lru_cache(maxsize=4096)
def _is_cell(template: str, table: str, row: str, column: str) -> bool:
    """Whether ``table/row/column`` names a cell of the ``template`` model."""
    cls = ROW_CLASSES.get((template, table, field_name(row)))
    return cls is not None and column in attrs.fields_dict(cls)


@functools.lru_cache(maxsize=4096)
def _cell_target(template: str, path: str) -> tuple[str, str, str]:
    """``(table, row field, column)`` of a cell path of ``template``; KeyError if it names no cell."""
    table, row, column = _split_path(path)
    if not _is_cell(template, table, row, column):
        raise KeyError(f"no cell {table}/{row}/{column} in a {template} report")
    return table, field_name(row), column


_TABLE_FIELDS = frozenset(("active", "applications", "appeals"))

_LAST_CELLS: list[tuple[weakref.ref[AnnualReport], tuple[tuple[str, int | Decimal | None], ...]] | None] = [None]
"""The report :meth:`AnnualReport.cells` walked last (weakly), and its cells."""


@functools.cache
def _other_plan(template: str) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """The rows only the other version prints: table, row key, (column, path) of each cell not in
    :func:`_cell_plan` (those are :meth:`AnnualReport.cells`' already)."""
    planned = {path for _, _, cells in _cell_plan(template) for _, path in cells}
    return tuple(
        (
            table.key,
            row.key,
            tuple(
                (column.key, path)
                for column in row.columns
                if (path := f"{table.key}/{row.key}/{column.key}") not in planned
            ),
        )
        for table in TABLES
        for row in table.rows
        if template not in row.templates
    )


@functools.cache
def _cell_plan(template: str) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """Each printed row of ``template`` once, in order: table, row field, (column, path) of its cells."""
    seen: set[str] = set()
    plan: list[tuple[str, str, list[tuple[str, str]]]] = []  # runs of consecutive cells of one row
    for table, row, column in iter_cell_specs(template):
        path = f"{table.key}/{row.key}/{column.key}"
        if path in seen:
            continue
        seen.add(path)
        where = (table.key, field_name(row.key))
        if not plan or plan[-1][:2] != where:
            plan.append((*where, []))
        plan[-1][2].append((column.key, path))
    return tuple((t, r, tuple(cells)) for t, r, cells in plan)


_SPLIT_PART = re.compile(r"[0-9]{1,16}(?:\.[0-9]{1,10})?")
"""A number of a candidate split: what a cell of a run may hold (no cell has over 16 digits)."""


def _sequence(items: Iterable[Any], what: str) -> tuple[Any, ...]:
    if isinstance(items, str | bytes):
        raise TypeError(f"{what} is a sequence of strings, not the string {items[:40]!r}")
    return tuple(items)


def _splits(items: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(_sequence(split, "a split") for split in _sequence(items, "splits"))


def _paths(items: Iterable[str]) -> tuple[str, ...]:
    return _sequence(items, "paths")


@attrs.frozen
class Undecided:
    """Cells whose numbers ran together in the source and that the identities could not tell apart.

    The cells are blank in the report; ``splits`` lists what each candidate split gives
    them (empty when there were too many splits to list). Validation checks a relation
    over these cells under every split: it holds (checked) or fails (an error) whatever
    the split, or it is left undecided (the ``ambiguous-run`` warning says so).

    Attributes:
        paths: the blank cells, in printed order.
        splits: per candidate split, the number it gives each of ``paths``, as printed.
    """

    paths: tuple[str, ...] = attrs.field(converter=_paths)
    splits: tuple[tuple[str, ...], ...] = attrs.field(converter=_splits, default=())

    @paths.validator
    def _check_paths(self, _: Any, paths: tuple[str, ...]) -> None:
        if not paths or len(set(paths)) != len(paths) or not all(isinstance(p, str) for p in paths):
            raise ValueError(f"paths are distinct cell paths, at least one: {paths[:4]!r}")

    @splits.validator
    def _check(self, _: Any, splits: tuple[tuple[str, ...], ...]) -> None:
        for split in splits:
            if len(split) != len(self.paths) or not all(_SPLIT_PART.fullmatch(part) for part in split):
                raise ValueError(f"a split gives one number (ASCII digits) per path, not {split!r}")


@attrs.frozen(kw_only=True)
class AnnualReport:
    """One annual report: metadata, the three tables, the narrative, provenance.

    Attributes:
        metadata: agency, year, template, source.
        active: table 2, :class:`Active2019` or :class:`Active2021` after the template.
        applications: table 3.
        appeals: table 4.
        narrative: the six sections' text.
        provenance: where each value came from, one entry per cell found.
        findings: what the extractor had to say (missing rows, values it could not place).
        extras: the tables the document prints that the form does not have, in printed
            order; the N-th has the table key ``extra.N``.
        undecided: cells left blank because their run of digits has several splits.
    """

    metadata: Metadata = Metadata()
    active: Active2019 | Active2021 | None = None
    applications: Applications | None = None
    appeals: Appeals | None = None
    narrative: Narrative = Narrative()
    provenance: tuple[CellSource, ...] = attrs.field(converter=_cell_sources, default=())
    findings: tuple[Finding, ...] = attrs.field(converter=_findings, default=())
    extras: tuple[ExtraTable, ...] = attrs.field(converter=_extra_tables, default=())
    undecided: tuple[Undecided, ...] = attrs.field(converter=_undecided, default=())

    @undecided.validator
    def _check_undecided(self, _: Any, undecided: tuple[Undecided, ...]) -> None:
        seen: set[str] = set()
        for entry in undecided:
            for path in entry.paths:
                parts = path.split("/")
                if len(parts) != 3 or not _is_cell(self.metadata.template, *parts):
                    raise ValueError(f"undecided: no cell {path} in a {self.metadata.template} report")
                if path in seen:
                    raise ValueError(f"undecided: the cell {path} is in two runs")
                seen.add(path)

    @property
    def template(self) -> str:
        """The format version, ``"2019"`` or ``"2021"``."""
        return self.metadata.template

    def _row(self, table: str, row: str) -> Any:
        table_obj = getattr(self, table, None) if table in ("active", "applications", "appeals") else None
        if table_obj is None:
            return None
        return getattr(table_obj, field_name(row), None)

    def get(self, path: str) -> int | Decimal | None:
        """Return the value at ``table/row/column`` (``None`` if blank or absent).

        Raises:
            KeyError: the path names no cell of this report's format.
        """
        table, row, column = _split_path(path)
        self._check_path(table, row, column)
        row_obj = self._row(table, row)
        return None if row_obj is None else getattr(row_obj, column)

    def has_row(self, table: str, row: str) -> bool:
        """Return whether the document has this row (blank or not)."""
        return self._row(table, row) is not None

    def _check_path(self, table: str, row: str, column: str) -> None:
        if not _is_cell(self.template, table, row, column):
            raise KeyError(f"no cell {table}/{row}/{column} in a {self.template} report")

    def cells(self) -> Iterator[tuple[str, int | Decimal | None]]:
        """Yield ``(path, value)`` for every cell of every row the document has, in printed order."""
        # Validation walks the cells of one report several times: the last report's are kept
        # (the report and its rows are frozen, so they cannot change).
        last = _LAST_CELLS[0]
        if last is not None and last[0]() is self:
            return iter(last[1])
        walked = tuple(self._walk_cells())
        _LAST_CELLS[0] = (weakref.ref(self), walked)
        return iter(walked)

    def _walk_cells(self) -> Iterator[tuple[str, int | Decimal | None]]:
        template = self.template
        for table_key, row_name, cells in _cell_plan(template):
            table_obj = getattr(self, table_key, None) if table_key in _TABLE_FIELDS else None
            row_obj = None if table_obj is None else getattr(table_obj, row_name, None)
            if row_obj is not None:
                for column_key, path in cells:
                    yield path, getattr(row_obj, column_key)
        # Rows of the other version a document printed anyway (a 2021 report with one (六) row).
        # Their cells that are cells of the plan too were yielded above if the row is there.
        seen: set[str] = set()
        for table_key, row_key, cells in _other_plan(template):
            row_obj = self._row(table_key, row_key)
            if row_obj is None or not attrs.has(type(row_obj)):
                continue
            for column_key, path in cells:
                if path not in seen and column_key in attrs.fields_dict(type(row_obj)):
                    seen.add(path)
                    yield path, getattr(row_obj, column_key)

    def with_cell(self, path: str, value: int | Decimal | None) -> AnnualReport:
        """Return a copy with the cell at ``path`` set (creating its row if absent)."""
        return self.with_cells({path: value})

    def with_cells(self, cells: Mapping[str, int | Decimal | None]) -> AnnualReport:
        """Return a copy with every ``path: value`` of ``cells`` set (rows created as needed).

        Raises:
            KeyError: a path names no cell of this report's format.
        """
        template = self.template
        by_table: dict[str, dict[str, dict[str, int | Decimal | None]]] = {}
        for path, value in cells.items():
            table, name, column = _cell_target(template, path)
            rows = by_table.get(table)
            if rows is None:
                rows = by_table[table] = {}
            values = rows.get(name)
            if values is None:
                values = rows[name] = {}
            values[column] = value
        changes: dict[str, Any] = {}
        for table, rows in by_table.items():
            table_obj = getattr(self, table)
            new_rows: dict[str, Any] = {}
            for name, values in rows.items():
                row_obj = None if table_obj is None else getattr(table_obj, name)
                if row_obj is None:
                    new_rows[name] = ROW_CLASSES[(template, table, name)](**values)
                else:
                    new_rows[name] = attrs.evolve(row_obj, **values)
            if table_obj is None:
                changes[table] = TABLE_CLASSES[(template, table)](**new_rows)
            else:
                changes[table] = attrs.evolve(table_obj, **new_rows)
        return attrs.evolve(self, **changes)

    def extra_values(self) -> Iterator[ExtraValue]:
        """Yield every value cell of :attr:`extras`, table by table, in printed order."""
        for number, table in enumerate(self.extras, start=1):
            yield from table.values(f"{EXTRA_PREFIX}{number}")

    def source_of(self, path: str) -> CellSource | None:
        """Return the provenance entry of a cell, if the report has one."""
        for entry in self.provenance:
            if entry.path == path:
                return entry
        return None


TABLE_CLASSES: dict[tuple[str, str], type] = {
    ("2019", "active"): Active2019,
    ("2021", "active"): Active2021,
    ("2019", "applications"): Applications,
    ("2021", "applications"): Applications,
    ("2019", "appeals"): Appeals,
    ("2021", "appeals"): Appeals,
}

_register_row_classes()
