"""Hypothesis strategies for govinfo models.

- :func:`reports` builds whole reports of either format whose tables satisfy every
  invariant of spec §5 (``consistent=True``, the default).
- :func:`comparable` strips what a round trip through a file legitimately changes
  (provenance, source info), so ``comparable(read(write(r))) == comparable(r)``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from govinfo.labels import APPEAL_ROWS, table_spec
from govinfo.model import AnnualReport, Metadata, Narrative, SourceInfo

APPLICANT = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")
OUTCOMES_2021 = (
    "granted",
    "partially_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.security_stability",
    "denied.third_party_rights",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_file",
    "denied.admin_query",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
    "not_processed.petition_complaint",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirm_or_reissue",
    "other.no_correction",
    "other.fee_unpaid",
    "other.other",
)
OUTCOMES_2019 = (*OUTCOMES_2021[:18], "other")

# Plain Chinese text that cannot be mistaken for a heading, a label or a number.
_HAN = "政府信息公开工作坚持以人民为中心推进规范化标准化建设强化平台管理提升服务质量做好"
narrative_text = st.text(alphabet=_HAN, min_size=4, max_size=40)
agency_names = st.builds(
    lambda core, suffix: core + suffix,
    st.text(alphabet="东南西北中山河湖海城新安和平", min_size=2, max_size=5),
    st.sampled_from(["区人民政府", "县商务局", "市人民政府办公室", "街道办事处", "市教育局"]),
)


def outcome_rows(template: str) -> tuple[str, ...]:
    """The outcome leaf rows of table 3 for a format version."""
    return OUTCOMES_2019 if template == "2019" else OUTCOMES_2021


@st.composite
def applications_cells(draw: Any, template: str, blanks: bool) -> dict[str, int | None]:
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
def appeals_cells(draw: Any, blanks: bool) -> dict[str, int | None]:
    """Cells of a table 4 whose totals add up."""
    out: dict[str, int | None] = {}
    for row in APPEAL_ROWS:
        parts = [draw(st.integers(0, 30)) for _ in range(4)]
        for key, value in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            out[f"{row.key}/{key}"] = None if blanks and value == 0 and draw(st.booleans()) else value
        out[f"{row.key}/total"] = sum(parts)
    return out


@st.composite
def active_cells(draw: Any, template: str, blanks: bool) -> dict[str, int | Decimal | None]:
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
    draw: Any,
    template: str | None = None,
    *,
    blanks: bool | None = None,
    narrative: bool = True,
) -> AnnualReport:
    """A whole report of the given (or a drawn) format whose tables are consistent."""
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
    return set_cells(report, cells)


def set_cells(report: AnnualReport, cells: dict[str, Any]) -> AnnualReport:
    """Return ``report`` with every ``path: value`` of ``cells`` set (rows created as needed)."""
    return report.with_cells(cells)


def comparable(report: AnnualReport) -> AnnualReport:
    """Drop what a round trip through a file may change: provenance and source info."""
    return attrs.evolve(
        report,
        provenance=(),
        metadata=attrs.evolve(report.metadata, source=SourceInfo()),
    )
