"""The reviewer's tools: the HTML review page, finding fingerprints and baselines.

- :func:`render_html`: one self-contained HTML page of one report or a series of years,
  the three tables laid out as the paper form, the wrong cells marked (see
  :mod:`govinfo.review.page`).
- :func:`fingerprint` / :func:`subject`: a finding's stable identity across runs.
- :class:`Baseline`: the findings a reviewer has accepted, kept in a JSON file, so that
  ``govinfo check --baseline`` does not ask again.
"""

from __future__ import annotations

from govinfo.review.baseline import Accepted, Applied, Baseline, BaselineError, apply_baseline
from govinfo.review.fingerprint import fingerprint, subject
from govinfo.review.page import CSP, ReviewPage, render_html, review_page

__all__ = [
    "CSP",
    "Accepted",
    "Applied",
    "Baseline",
    "BaselineError",
    "ReviewPage",
    "apply_baseline",
    "fingerprint",
    "render_html",
    "review_page",
    "subject",
]
