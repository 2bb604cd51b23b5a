"""Hypothesis strategies for govinfo's tests: they live in :mod:`govinfo.testing` now."""

from __future__ import annotations

from govinfo.testing import (
    APPLICANT,
    OUTCOMES_2019,
    OUTCOMES_2021,
    active_cells,
    agency_names,
    appeals_cells,
    applications_cells,
    comparable,
    narrative_text,
    outcome_rows,
    reports,
    set_cells,
)

__all__ = [
    "APPLICANT",
    "OUTCOMES_2019",
    "OUTCOMES_2021",
    "active_cells",
    "agency_names",
    "appeals_cells",
    "applications_cells",
    "comparable",
    "narrative_text",
    "outcome_rows",
    "reports",
    "set_cells",
]
