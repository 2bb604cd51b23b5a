"""Checks across reports (spec §7): the series of one agency, year by year.

X-1 (``carry-over-mismatch``), the carry-over of applications; X-3 (``table-unchanged``), a
table copied unchanged from the previous year; X-4 (``stock-flow-mismatch``), the stock and
flow of regulations and normative documents (2021 format); X-5 (``item-count-mismatch``),
the item counts of the 2019 format. All are warnings: agency reorganisations, documents
lapsing by expiry and changes of scope break them legitimately.

The checks work on :class:`SeriesEntry` summaries (a few dozen numbers per report), so a
batch of thousands of reports keeps only those in memory; :func:`cross_check` takes the
reports themselves and locates the findings in them.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from govinfo.findings import finding
from govinfo.form import normalize, table_spec
from govinfo.model import AnnualReport, Finding
from govinfo.validation._common import as_number, cell_name, column_name, fmt, path_order, row_name

__all__ = [
    "CARRY_OVER_MISMATCH",
    "CODES",
    "ITEM_COUNT_MISMATCH",
    "STOCK_FLOW_MISMATCH",
    "TABLE_UNCHANGED",
    "AgencyIds",
    "CrossCheck",
    "SeriesEntry",
    "agency_key",
    "check_carry_over",
    "check_series",
    "cross_check",
    "identity_of",
    "series_entry",
]

CARRY_OVER_MISMATCH = "carry-over-mismatch"
TABLE_UNCHANGED = "table-unchanged"
STOCK_FLOW_MISMATCH = "stock-flow-mismatch"
ITEM_COUNT_MISMATCH = "item-count-mismatch"
CODES = (CARRY_OVER_MISMATCH, TABLE_UNCHANGED, STOCK_FLOW_MISMATCH, ITEM_COUNT_MISMATCH)
"""The codes of the checks across reports."""

UNCHANGED_MIN_VALUES = 3
"""A table is "copied unchanged" (X-3) only with at least this many non-zero cells: an
agency with no applications legitimately prints the same zeros every year."""

_TABLES = ("active", "applications", "appeals")
_STOCK_ROWS = ("regulations", "normative_documents")  # X-4, 2021 format
_ITEM_ROWS = ("licensing", "other_services", "penalty", "coercion", "admin_fees")  # X-5, 2019 format


# --- the summary of one report ----------------------------------------------------------


@attrs.frozen
class SeriesEntry:
    """What the checks across reports need of one report: small and picklable.

    Attributes:
        label: the report's source name (how findings name the reports they compare).
        agency: the agency as printed.
        year, template: the report year and format.
        cells: the numbers of the cells the checks compare (carry-over rows and table 2),
            ``None`` for a blank; a cell that holds no usable number is left out.
        rows: the ``table/row`` paths the document has.
        digests: per table, a digest of all its cells (X-3), with ``nonzero``, the number
            of its non-zero cells.
    """

    label: str | None
    agency: str | None
    year: int | None
    template: str
    cells: Mapping[str, Decimal | None] = attrs.field(factory=dict)
    rows: frozenset[str] = frozenset()
    digests: Mapping[str, str] = attrs.field(factory=dict)
    nonzero: Mapping[str, int] = attrs.field(factory=dict)


def _kept(path: str) -> bool:
    table, row, _ = path.split("/")
    return table == "active" or (table == "applications" and row in ("carried_over", "carried_forward"))


def series_entry(report: AnnualReport) -> SeriesEntry:
    """Summarise ``report`` for :func:`check_series`."""
    cells: dict[str, Decimal | None] = {}
    rows: set[str] = set()
    hashes = {table: hashlib.sha256() for table in _TABLES}
    nonzero = dict.fromkeys(_TABLES, 0)
    for path, value in report.cells():
        table, row, _ = path.split("/")
        rows.add(sys.intern(f"{table}/{row}"))
        number = as_number(value)
        if table in hashes:
            shown = fmt(number) if isinstance(number, Decimal) else ("" if value is None else repr(value))
            hashes[table].update(f"{path}={shown}\n".encode())
            nonzero[table] += isinstance(number, Decimal) and number != 0
        if _kept(path) and (number is None or isinstance(number, Decimal)):
            cells[sys.intern(path)] = number
    meta = report.metadata
    return SeriesEntry(
        label=meta.source.name,
        agency=meta.agency,
        year=meta.year,
        template=report.template,
        cells=cells,
        rows=frozenset(rows),
        digests={table: h.hexdigest() for table, h in hashes.items() if any(r.startswith(f"{table}/") for r in rows)},
        nonzero=nonzero,
    )


def _number(entry: SeriesEntry, path: str) -> tuple[bool, Decimal | None]:
    """Whether the cell can be compared, and its number (blank: ``None``)."""
    row = path.rsplit("/", 1)[0]
    if row not in entry.rows or path not in entry.cells:
        return False, None
    return True, entry.cells[path]


def _year_label(entry: SeriesEntry, fallback: str) -> str:
    return f"{entry.year}年度" if entry.year is not None else fallback


def _make(code: str, zh: str, en: str, **kwargs: object) -> Finding:
    return finding(code, zh, en, **kwargs)  # type: ignore[arg-type]


# --- X-1 carry-over -------------------------------------------------------------------


def _carry_over(previous: SeriesEntry, current: SeriesEntry) -> list[Finding]:
    if "applications/carried_forward" not in previous.rows or "applications/carried_over" not in current.rows:
        return []
    t = current.template
    differences: list[tuple[str, Decimal | None, Decimal | None]] = []
    for column in table_spec("applications").columns:
        ok_now, now = _number(current, f"applications/carried_over/{column.key}")
        ok_before, before = _number(previous, f"applications/carried_forward/{column.key}")
        if ok_now and ok_before and (now or 0) != (before or 0):
            differences.append((column.key, now, before))
    if not differences:
        return []
    prev_label = _year_label(previous, "上一年度")
    year_label = _year_label(current, "本年度")
    listed_zh = "、".join(
        f"{column_name('applications', c, t)} {fmt(now)}（上年报告 {fmt(before)}）" for c, now, before in differences
    )
    listed_en = "; ".join(
        f"column {column_name('applications', c, t, 'en')} {fmt(now)} (last year {fmt(before)})"
        for c, now, before in differences
    )
    _, now, before = differences[0]
    paths = [f"applications/carried_over/{c}" for c, _, _ in differences]
    return [
        _make(
            CARRY_OVER_MISMATCH,
            f"{year_label}“{row_name('applications', 'carried_over', t)}”与{prev_label}报告"
            f"“{row_name('applications', 'carried_forward', previous.template)}”不一致：{listed_zh}"
            "（空白按0计；机构改革、统计口径调整等可致合理差异，宜在报告中说明）",
            f"Table 3, row {row_name('applications', 'carried_over', t, 'en')} differs from last year's "
            f"row {row_name('applications', 'carried_forward', previous.template, 'en')}: "
            f"{listed_en} (blank cells counted as 0; agency reorganisations can explain it)",
            paths=paths,
            expected=before if before is not None else Decimal(0),
            actual=now,
            assumed_zero=[p for p, (_, n, _) in zip(paths, differences, strict=True) if n is None],
        )
    ]


# --- X-3 a table copied unchanged -------------------------------------------------------

_TABLE_NAMES = {"active": ("表二", "Table 2"), "applications": ("表三", "Table 3"), "appeals": ("表四", "Table 4")}


def _unchanged(previous: SeriesEntry, current: SeriesEntry) -> list[Finding]:
    if previous.template != current.template:
        return []  # 2020 → 2021: the formats differ, nothing to compare
    out = []
    for table in _TABLES:
        digest = current.digests.get(table)
        if digest is None or digest != previous.digests.get(table):
            continue
        if current.nonzero.get(table, 0) < UNCHANGED_MIN_VALUES:
            continue
        zh, en = _TABLE_NAMES[table]
        first = min((r for r in current.rows if r.startswith(f"{table}/")), key=path_order, default=None)
        column = table_spec(table).columns[0].key if table != "active" else None
        paths = [f"{first}/{column}"] if first and column else []
        out.append(
            _make(
                TABLE_UNCHANGED,
                f"{_year_label(current, '本年度')}报告的{zh}与{_year_label(previous, '上一年度')}报告完全相同"
                f"（{current.nonzero[table]}个非零数值均未变化）：可能沿用了上年数据，请核实",
                f"{en} of this report is identical to last year's ({current.nonzero[table]} non-zero values, "
                "none changed): last year's figures may have been reused; check them",
                paths=paths,
            )
        )
    return out


# --- X-4 stock and flow of documents (2021) ----------------------------------------------


def _stock_flow(previous: SeriesEntry, current: SeriesEntry) -> list[Finding]:
    if previous.template != "2021" or current.template != "2021":
        return []
    out = []
    for row in _STOCK_ROWS:
        values = {}
        for entry, column, key in (
            (previous, "in_force", "before"),
            (current, "issued", "issued"),
            (current, "repealed", "repealed"),
            (current, "in_force", "now"),
        ):
            ok, value = _number(entry, f"active/{row}/{column}")
            if not ok:
                break
            values[key] = value
        else:
            if values["before"] is None or values["now"] is None:
                continue  # a stock left blank says nothing
            expected = values["before"] + (values["issued"] or 0) - (values["repealed"] or 0)
            if expected == values["now"]:
                continue
            path = f"active/{row}/in_force"
            out.append(
                _make(
                    STOCK_FLOW_MISMATCH,
                    f"{cell_name(path, '2021')} 为 {fmt(values['now'])}，按上年报告现行有效件数 "
                    f"{fmt(values['before'])} 加本年制发 {fmt(values['issued'])}、减本年废止 "
                    f"{fmt(values['repealed'])} 应为 {fmt(expected)}（文件到期失效、统计口径调整等可致合理差异）",
                    f"{cell_name(path, '2021', 'en')} is {fmt(values['now'])}; last year's "
                    f"{fmt(values['before'])} plus {fmt(values['issued'])} issued minus {fmt(values['repealed'])} "
                    f"repealed gives {fmt(expected)} (documents lapsing by expiry can explain it)",
                    paths=[path, f"active/{row}/issued", f"active/{row}/repealed"],
                    expected=expected,
                    actual=values["now"],
                )
            )
    return out


# --- X-5 item counts (2019) ----------------------------------------------------------


def _item_counts(previous: SeriesEntry, current: SeriesEntry) -> list[Finding]:
    if previous.template != "2019" or current.template != "2019":
        return []
    out = []
    checks: list[tuple[str, str, str, str]] = [
        (row, "prev_items", "prev_items", "change") for row in _ITEM_ROWS
    ]  # now = before + flow (of the previous report)
    checks += [(row, "total_published", "total_published", "published") for row in _STOCK_ROWS]
    for row, now_col, before_col, flow_col in checks:
        ok_now, now = _number(current, f"active/{row}/{now_col}")
        ok_before, before = _number(previous, f"active/{row}/{before_col}")
        flow_entry = previous if now_col == "prev_items" else current
        ok_flow, flow = _number(flow_entry, f"active/{row}/{flow_col}")
        if not (ok_now and ok_before and ok_flow) or now is None or before is None:
            continue
        expected = before + (flow or 0)
        if expected == now:
            continue
        path = f"active/{row}/{now_col}"
        flow_zh = "上年报告本年增/减" if now_col == "prev_items" else "本年新公开数量"
        flow_en = "last year's change" if now_col == "prev_items" else "published this year"
        out.append(
            _make(
                ITEM_COUNT_MISMATCH,
                f"{cell_name(path, '2019')} 为 {fmt(now)}，按上年报告 {fmt(before)} 加{flow_zh} {fmt(flow)} "
                f"应为 {fmt(expected)}（事项清单调整等可致合理差异）",
                f"{cell_name(path, '2019', 'en')} is {fmt(now)}; last year's {fmt(before)} plus {flow_en} "
                f"{fmt(flow)} gives {fmt(expected)} (a revised list of items can explain it)",
                paths=[path],
                expected=expected,
                actual=now,
            )
        )
    return out


_PAIR_CHECKS: tuple[Callable[[SeriesEntry, SeriesEntry], list[Finding]], ...] = (
    _carry_over,
    _unchanged,
    _stock_flow,
    _item_counts,
)


# --- one pair, as before ------------------------------------------------------------


def _identity_problem(previous: AnnualReport, current: AnnualReport) -> str | None:
    prev_year, year = previous.metadata.year, current.metadata.year
    if prev_year is not None and year is not None and year != prev_year + 1:
        return f"the reports are for {prev_year} and {year}, not consecutive years"
    prev_agency, agency = previous.metadata.agency, current.metadata.agency
    if prev_agency and agency and normalize(prev_agency) != normalize(agency):
        return f"the reports are from different agencies ({prev_agency!r}, {agency!r})"
    return None


def _locate(items: Iterable[Finding], report: AnnualReport) -> list[Finding]:
    out = []
    for item in items:
        if item.location is None:
            for path in item.paths:
                source = report.source_of(path)
                if source is not None:
                    item = attrs.evolve(item, location=source.location)
                    break
        out.append(item)
    return out


def check_carry_over(previous: AnnualReport, current: AnnualReport, *, check_identity: bool = True) -> list[Finding]:
    """X-1: this year's 上年结转 equals last year's 结转下年度, column by column.

    One warning (``carry-over-mismatch``) lists every column that differs, the first
    first; its paths are cells of ``current``. Blank cells count as 0. Agency mergers and
    renamings (机构改革) break the relation legitimately, hence a warning.

    Args:
        previous: the report for year N-1.
        current: the report for year N of the same agency.
        check_identity: refuse reports whose stated years are not consecutive or whose
            stated agencies differ (unknown years or agencies are not checked).

    Raises:
        ValueError: ``check_identity`` and the two reports are not consecutive years of
            one agency.
    """
    if check_identity:
        problem = _identity_problem(previous, current)
        if problem:
            raise ValueError(f"cannot compare carry-over: {problem}")
    return _locate(_carry_over(series_entry(previous), series_entry(current)), current)


# --- pairing a collection -------------------------------------------------------------

AgencyIds = Sequence[str | None] | Mapping[str, str] | Callable[[AnnualReport], str | None]
"""How a caller says which reports belong to one agency: ids in the order of the reports,
a mapping from a report's source name (its path, or the file name alone) or its agency
name to an id, or a function of the report."""


def agency_key(agency: str | None) -> str | None:
    """The agency name as compared across reports: normalised, stray marks at its ends removed."""
    if not agency:
        return None
    return re.sub(r"^[^\w]+|[^\w]+$", "", normalize(agency)) or None


def _mapped(entry: SeriesEntry, ids: Mapping[str, str]) -> str | None:
    keys: list[str | None] = []
    if entry.label:
        keys += [entry.label, os.path.normpath(entry.label), os.path.basename(entry.label)]
    keys += [entry.agency, agency_key(entry.agency)]
    for key in keys:
        if key is not None and key in ids:
            return ids[key]
    return agency_key(entry.agency)


def identity_of(agency_ids: Mapping[str, str] | None = None) -> Callable[[str | None, str | None], str | None]:
    """The series identity of a report by its label (source name) and agency, as :func:`check_series` pairs them.

    Without ``agency_ids`` the normalised agency name (:func:`agency_key`); with them,
    the id mapped to the label, its file name or the agency name, else the normalised name.
    """
    if agency_ids is None:
        return lambda label, agency: agency_key(agency)
    normalised = {**{agency_key(k) or k: v for k, v in agency_ids.items()}, **agency_ids}
    return lambda label, agency: _mapped(SeriesEntry(label, agency, None, ""), normalised)


def _identities(
    entries: Sequence[SeriesEntry], agency_ids: Sequence[str | None] | Mapping[str, str] | None
) -> list[str | None]:
    if agency_ids is None or isinstance(agency_ids, Mapping):
        identity = identity_of(agency_ids)
        return [identity(e.label, e.agency) for e in entries]
    return [agency_ids[i] if i < len(agency_ids) else None for i in range(len(entries))]


def _label(entry: SeriesEntry) -> str:
    if entry.label:
        return entry.label
    return f"{entry.year}" if entry.year is not None else "?"


@attrs.frozen
class CrossCheck:
    """The findings of the checks across a collection of reports.

    Attributes:
        findings: per report (in the order given), the cross-report findings about it.
        pairs: how many pairs of consecutive years of one agency were compared.
        mismatches: how many of those pairs did not agree on the carry-over (X-1).
    """

    findings: tuple[tuple[Finding, ...], ...]
    pairs: int = 0
    mismatches: int = 0


def check_series(
    entries: Sequence[SeriesEntry], *, agency_ids: Sequence[str | None] | Mapping[str, str] | None = None
) -> CrossCheck:
    """Run the checks across reports on every pair of consecutive years of one agency.

    Reports are paired by agency identity (the normalised agency name, or what
    ``agency_ids`` says) and year; a report without either is not paired, and a year
    without its predecessor (the first of a series, or after a gap) is compared with
    nothing. Where the previous year is given more than once, each is compared and the
    findings they agree on are listed once, naming the reports they were compared with.
    """
    groups: dict[tuple[str, int], list[int]] = {}
    for index, (summary, agency) in enumerate(zip(entries, _identities(entries, agency_ids), strict=True)):
        if agency is not None and summary.year is not None:
            groups.setdefault((agency, summary.year), []).append(index)
    out: list[list[Finding]] = [[] for _ in entries]
    pairs = mismatches = 0
    for (agency, year), currents in groups.items():
        for current in currents:
            found: dict[tuple[str, str, tuple[str, ...]], tuple[Finding, list[str]]] = {}
            for previous in groups.get((agency, year - 1), []):
                pairs += 1
                items = [f for check in _PAIR_CHECKS for f in check(entries[previous], entries[current])]
                mismatches += any(f.code == CARRY_OVER_MISMATCH for f in items)
                for item in items:
                    slot = found.setdefault((item.code, item.message, item.paths), (item, []))
                    slot[1].append(_label(entries[previous]))
            for item, labels in found.values():
                listed = ", ".join(labels)
                out[current].append(
                    attrs.evolve(
                        item,
                        message=f"{item.message}（对照 {listed}）",
                        message_en=f"{item.message_en} (against {listed})",
                    )
                )
    return CrossCheck(tuple(tuple(f) for f in out), pairs, mismatches)


def cross_check(reports: Sequence[AnnualReport], *, agency_ids: AgencyIds | None = None) -> CrossCheck:
    """Run the checks across reports (see :func:`check_series`) and locate the findings in the reports."""
    entries = [series_entry(report) for report in reports]
    ids: Sequence[str | None] | Mapping[str, str] | None
    ids = [agency_ids(r) for r in reports] if callable(agency_ids) else agency_ids
    result = check_series(entries, agency_ids=ids)
    located = tuple(tuple(_locate(f, r)) for f, r in zip(result.findings, reports, strict=True))
    return attrs.evolve(result, findings=located)
