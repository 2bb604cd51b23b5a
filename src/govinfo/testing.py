"""Hypothesis strategies and a round-trip check, for govinfo's tests and for plugin authors.

Shipped with the package so that a reader or writer plugin can test itself the way
govinfo tests its own formats. It needs Hypothesis (``pip install 'govinfo[test]'``).

- :func:`reports` builds whole reports of either format whose tables satisfy every
  invariant of spec §5 (``consistent=True``, the default).
- :func:`comparable` strips what a round trip through a file legitimately changes
  (provenance, source info), so ``comparable(read(write(r))) == comparable(r)``.
- :func:`assert_round_trip` checks exactly that for a writer and a reader, on one report
  or on as many generated ones as Hypothesis likes.

>>> from govinfo.testing import assert_round_trip
>>> assert_round_trip("text")                      # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

try:
    import hypothesis
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "govinfo.testing needs Hypothesis, which the 'test' extra installs: pip install 'govinfo[test]'"
    ) from exc

from govinfo.document import Source
from govinfo.form import NATIONAL, table_spec
from govinfo.form.national import APPEAL_ROWS
from govinfo.model import SECTION_KEYS, AnnualReport, ExtraTable, Metadata, Narrative
from govinfo.readers import Reader
from govinfo.registry import Registry
from govinfo.writers import FunctionWriter, Writer

__all__ = [
    "APPLICANT",
    "OUTCOMES_2019",
    "OUTCOMES_2021",
    "active_cells",
    "agency_names",
    "appeals_cells",
    "applications_cells",
    "assert_round_trip",
    "comparable",
    "extra_tables",
    "narrative_text",
    "outcome_rows",
    "reports",
    "set_cells",
]

_APPLICATIONS = NATIONAL.table("applications")
APPLICANT = tuple(c.key for c in _APPLICATIONS.columns if c.role != "total")


def _printed_leaves(template: str) -> tuple[str, ...]:
    """The outcome leaf rows a document of ``template`` prints (from the form)."""
    printed = {row.key for row in _APPLICATIONS.rows_for(template)}
    return _APPLICATIONS.leaves("results", printed.__contains__, template)


OUTCOMES_2021 = _printed_leaves("2021")
OUTCOMES_2019 = _printed_leaves("2019")

# Plain Chinese text that cannot be mistaken for a heading, a label or a number.
_HAN = "政府信息公开工作坚持以人民为中心推进规范化标准化建设强化平台管理提升服务质量做好"
narrative_text = st.text(alphabet=_HAN, min_size=4, max_size=40)
agency_names = st.builds(
    lambda core, suffix: core + suffix,
    st.text(alphabet="东南西北中山河湖海城新安和平", min_size=2, max_size=5),
    st.sampled_from(["区人民政府", "县商务局", "市人民政府办公室", "街道办事处", "市教育局"]),
)


# Texts of tables the form does not have: none of them is a text of the form.
EXTRA_HEADINGS = (
    "七、信息处理费收取情况",
    "信息处理费收取情况",
    "（一）信息处理费收取情况",
    "附表 政务咨询情况",
    "八、政务新媒体情况",
)
EXTRA_HEADERS = ("项目", "通知收取件数", "金额（元）", "实际收取金额（元）", "备注", "合计", "数量", "总计", "")
EXTRA_LABELS = ("信息处理费", "电话咨询", "现场咨询", "网上咨询", "政务微博", "合计", "")
_EXTRA_NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(["12.50", "380元", "0.5", "1,200", "/", "无", ""]),
)


def _trimmed(row: list[str]) -> tuple[str, ...]:
    while row and not row[-1]:
        row.pop()
    return tuple(row)


@st.composite
def extra_tables(draw: st.DrawFn, *, sections: tuple[str, ...] = SECTION_KEYS) -> ExtraTable:
    """A table the form does not have, as the extractor keeps one (信息处理费收取情况 …).

    Its texts come from small lists none of whose words is the form's; it has at least one
    number and one text, no empty row and no row ending in an empty cell.
    """
    width = draw(st.integers(2, 5))
    rows: list[tuple[str, ...]] = []
    for _ in range(draw(st.integers(0, 2))):
        header = _trimmed([draw(st.sampled_from(EXTRA_HEADERS)) for _ in range(width)])
        if header:
            rows.append(header)
    first = (draw(st.sampled_from(EXTRA_LABELS[:-1])), str(draw(st.integers(0, 10**6))))
    rows.append(_trimmed([*first, *(draw(_EXTRA_NUMBERS) for _ in range(width - 2))]))
    for _ in range(draw(st.integers(0, 3))):
        row = _trimmed([draw(st.sampled_from(EXTRA_LABELS)), *(draw(_EXTRA_NUMBERS) for _ in range(width - 1))])
        if row:
            rows.append(row)
    heading = draw(st.none() | st.sampled_from(EXTRA_HEADINGS))
    return ExtraTable(heading=heading, section=draw(st.sampled_from(sections)), rows=rows)


def outcome_rows(template: str) -> tuple[str, ...]:
    """The outcome leaf rows of table 3 for a format version."""
    return OUTCOMES_2019 if template == "2019" else OUTCOMES_2021


@st.composite
def applications_cells(draw: st.DrawFn, template: str, blanks: bool) -> dict[str, int | None]:
    """Cells of a table 3 that satisfies A-1, A-2 and A-3 (blank cells only where 0)."""
    small = st.integers(min_value=0, max_value=40)
    cells: dict[str, int] = {}
    outcomes = outcome_rows(template)
    for col in APPLICANT:
        sparse = draw(st.booleans())
        for row in outcomes:
            value = draw(small) if not sparse or draw(st.integers(0, 4)) == 0 else 0
            cells[f"{row}/{col}"] = value
        results = sum(cells[f"{row}/{col}"] for row in outcomes)
        forward = draw(small)
        over = draw(st.integers(min_value=0, max_value=results + forward))
        cells[f"results_total/{col}"] = results
        cells[f"carried_forward/{col}"] = forward
        cells[f"carried_over/{col}"] = over
        cells[f"new_received/{col}"] = results + forward - over
    rows = ("new_received", "carried_over", *outcomes, "results_total", "carried_forward")
    for row in rows:
        cells[f"{row}/total"] = sum(cells[f"{row}/{col}"] for col in APPLICANT)
    out: dict[str, int | None] = dict(cells)
    if blanks:
        for key, value in cells.items():
            if value == 0 and draw(st.integers(0, 3)) == 0:
                out[key] = None
    return out


@st.composite
def appeals_cells(draw: st.DrawFn, blanks: bool) -> dict[str, int | None]:
    """Cells of a table 4 whose totals add up."""
    out: dict[str, int | None] = {}
    for row in APPEAL_ROWS:
        parts = [draw(st.integers(0, 30)) for _ in range(4)]
        for key, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            out[f"{row.key}/{key}"] = None if blanks and value == 0 and draw(st.booleans()) else value
        out[f"{row.key}/total"] = sum(parts)
    return out


@st.composite
def active_cells(draw: st.DrawFn, template: str, blanks: bool) -> dict[str, int | Decimal | None]:
    """Cells of a table 2 (no invariants hold between them)."""
    out: dict[str, int | Decimal | None] = {}
    for row in table_spec("active").rows_for(template):
        for column in row.columns:
            value: int | Decimal | None
            if column.kind == "decimal":
                value = draw(
                    st.decimals(
                        min_value=0,
                        max_value=100000,
                        places=draw(st.integers(0, 5)),
                        allow_nan=False,
                        allow_infinity=False,
                    )
                )
            elif column.kind == "signed":
                value = draw(st.integers(-500, 500))
            else:
                value = draw(st.integers(0, 20000))
            if blanks and draw(st.integers(0, 9)) == 0:
                value = None
            out[f"{row.key}/{column.key}"] = value
    return out


@st.composite
def reports(
    draw: st.DrawFn,
    template: str | None = None,
    *,
    blanks: bool | None = None,
    narrative: bool = True,
    extras: bool = False,
) -> AnnualReport:
    """A whole report of the given (or a drawn) format whose tables are consistent.

    ``extras=True``: it also prints up to three tables the form does not have
    (:func:`extra_tables`).
    """
    template = template or draw(st.sampled_from(["2019", "2021"]))
    use_blanks = draw(st.booleans()) if blanks is None else blanks
    year = draw(st.integers(2019, 2020) if template == "2019" else st.integers(2021, 2026))
    agency = draw(agency_names)
    report = AnnualReport(
        metadata=Metadata(
            agency=agency,
            year=year,
            template=template,
            title=f"{agency}{year}年度政府信息公开工作年度报告",
        ),
        narrative=Narrative(
            overview=draw(narrative_text),
            problems=draw(narrative_text),
            other_matters=draw(narrative_text),
        )
        if narrative
        else Narrative(),
    )
    cells: dict[str, Any] = {}
    cells.update({f"active/{k}": v for k, v in draw(active_cells(template, use_blanks)).items()})
    cells.update({f"applications/{k}": v for k, v in draw(applications_cells(template, use_blanks)).items()})
    cells.update({f"appeals/{k}": v for k, v in draw(appeals_cells(use_blanks)).items()})
    report = set_cells(report, cells)
    if extras:
        tables = draw(st.lists(extra_tables(), max_size=3))
        # In printed order: the order of their sections.
        tables.sort(key=lambda t: SECTION_KEYS.index(t.section))
        report = attrs.evolve(report, extras=tables)
    return report


def set_cells(report: AnnualReport, cells: dict[str, Any]) -> AnnualReport:
    """Return ``report`` with every ``path: value`` of ``cells`` set (rows created as needed)."""
    return report.with_cells(cells)


def comparable(report: AnnualReport) -> AnnualReport:
    """Drop what a round trip through a file may change: provenance and source info."""
    return attrs.evolve(
        report,
        provenance=(),
        metadata=attrs.evolve(report.metadata, source=Source()),
    )


# --- the round trip -----------------------------------------------------------------------


def assert_round_trip(
    writer: str | Writer | Callable[[AnnualReport], bytes],
    reader: str | Reader | None = None,
    *,
    report: AnnualReport | None = None,
    normalize: Callable[[AnnualReport], object] = comparable,
    registry: Registry | None = None,
    max_examples: int | None = None,
) -> None:
    """Check that what ``writer`` writes, ``reader`` reads back as the same report.

    The property is ``normalize(read(write(r))) == normalize(r)``: what a file cannot keep
    (provenance, source info) aside, the report comes back, and reading it finds nothing
    to complain about (its ``findings`` are compared too).

    Without ``report``, the check runs on reports drawn from :func:`reports` (both formats,
    blank cells, narrative), as a Hypothesis test: call it from a plain test function. Inside
    your own ``@given`` test, pass the drawn report as ``report``. A failing report is
    reported as drawn, not shrunk.

    Args:
        writer: a writer's name in ``registry``, a writer object, or a function
            ``(report) -> bytes``.
        reader: a reader's name in ``registry``, a reader object (it need not be
            registered), or ``None`` for detection, on a file named ``report`` plus the
            writer's extension.
        report: the one report to check (otherwise generated ones).
        normalize: what must survive the round trip. :func:`comparable` by default; a
            format that keeps less needs its own, such as ``lambda r: list(r.cells())``.
        registry: where names are looked up and detection runs (the default registry).
        max_examples: how many reports Hypothesis draws (its current profile's default
            otherwise).

    Raises:
        AssertionError: a report did not come back; the message says what differed.
    """
    from govinfo import registry as registry_module

    registry = registry or registry_module.default_registry
    out = _as_writer(writer, registry)
    fmt: str | None = None
    read_with = registry
    if isinstance(reader, str):
        fmt = reader
    elif reader is not None:
        fmt = reader.name
        read_with = Registry([reader], writers=(), entry_points=False)
    name = f"report{out.extension}" if out.extension else None

    def check(original: AnnualReport) -> None:
        from govinfo.api import read

        back = read(out.write(original), name=name, format=fmt, registry=read_with)
        if normalize(back) != normalize(original):
            how = f"reader {fmt!r}" if fmt else f"the detected reader {back.metadata.source.reader!r}"
            details = "\n  ".join(_differences(original, back)) or "(they differ in what normalize keeps)"
            raise AssertionError(f"writer {out.name!r} → {how}: the report did not come back:\n  {details}")

    if report is not None:
        check(report)
        return
    # No shrinking: the message already names what differs, and shrinking a whole report
    # costs hundreds of round trips (minutes through a slow reader).
    options: dict[str, Any] = {
        "deadline": None,
        "suppress_health_check": [hypothesis.HealthCheck.too_slow],
        "phases": [p for p in hypothesis.Phase if p is not hypothesis.Phase.shrink],
    }
    if max_examples is not None:
        options["max_examples"] = max_examples

    @hypothesis.settings(**options)
    @hypothesis.given(reports())
    def property_holds(generated: AnnualReport) -> None:
        check(generated)

    property_holds()


def _as_writer(writer: str | Writer | Callable[[AnnualReport], bytes], registry: Registry) -> Writer:
    if isinstance(writer, str):
        return registry.get_writer(writer)
    if all(hasattr(writer, m) for m in ("name", "extension", "binary", "write")):
        return writer  # type: ignore[return-value]
    if callable(writer):
        return FunctionWriter(getattr(writer, "__name__", "writer"), writer, extension="")
    raise TypeError(f"not a writer: {writer!r}")


def _differences(expected: AnnualReport, got: AnnualReport, limit: int = 10) -> list[str]:
    """Say what differs between two reports, cells first (at most ``limit`` of them)."""
    out: list[str] = []
    wrote, read = dict(expected.cells()), dict(got.cells())
    for path in dict.fromkeys([*wrote, *read]):
        if wrote.get(path, "absent") != read.get(path, "absent"):
            out.append(f"{path}: wrote {wrote.get(path, 'no such cell')!r}, read {read.get(path, 'no such cell')!r}")
    out = out[:limit] + ([f"... and {len(out) - limit} more cells"] if len(out) > limit else [])
    if got.findings != expected.findings:
        out += [f"finding on reading: {f.code}: {f.message}" for f in got.findings[:limit]]
    for field in ("metadata", "narrative"):
        before, after = getattr(expected, field), getattr(got, field)
        for sub in attrs.fields(type(before)):
            old, new = getattr(before, sub.name), getattr(after, sub.name)
            if sub.name != "source" and old != new:
                out.append(f"{field}.{sub.name}: wrote {old!r}, read {new!r}")
    return out
