"""Stable fingerprints of findings: the same problem of the same report, run after run.

A fingerprint is made of what identifies the problem, not of how it is worded or where the
file lies: the report (its agency and year, or the digest of its source where either is
unknown), the finding's code and its cell paths. The message text, the file name, the
reader's physical location and the severity are not part of it, so rewording a message,
renaming or re-exporting a file, or overriding a severity keeps a reviewer's decision.
"""

from __future__ import annotations

import hashlib
import json

from govinfo.model import AnnualReport, Finding
from govinfo.validation.cross import agency_key

__all__ = ["FINGERPRINT_VERSION", "fingerprint", "subject"]

FINGERPRINT_VERSION = 1
"""Bumped when the recipe changes (old baselines then no longer match, and say so)."""


def subject(report: AnnualReport) -> str:
    """What a report's findings are about: ``agency:<normalised agency>:<year>``, else ``sha256:<digest>``.

    The agency is compared as the cross-report checks compare it (normalised, stray marks
    at its ends removed). A report with neither agency and year nor a digest (one built in
    Python) is ``unknown``.
    """
    meta = report.metadata
    agency = agency_key(meta.agency)
    if agency is not None and meta.year is not None:
        return f"agency:{agency}:{meta.year}"
    if meta.source.sha256:
        return f"sha256:{meta.source.sha256}"
    return "unknown"


def fingerprint(finding: Finding, report: AnnualReport | str) -> str:
    """The finding's fingerprint: 20 hex digits of a SHA-256 over subject, code and cell paths.

    ``report`` is the report the finding is about, or its :func:`subject`. The paths are
    taken as a set (their order, culprit first, may change with the rules' wording).
    """
    about = report if isinstance(report, str) else subject(report)
    material = json.dumps([FINGERPRINT_VERSION, about, finding.code, sorted(set(finding.paths))], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]
