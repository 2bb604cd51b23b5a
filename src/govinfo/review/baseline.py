"""Baselines: the findings a reviewer has accepted, so that they are not asked again.

A baseline is a JSON file (UTF-8) listing accepted findings by :func:`fingerprint`, each
with what it was about (so a person can read the file) and an optional note::

    {
      "govinfo_baseline": 1,
      "findings": [
        {"fingerprint": "3f0c…", "subject": "agency:淮安市洪泽区人民政府:2023",
         "code": "appeal-total", "severity": "error",
         "paths": ["appeals/litigation_after_review/total", …],
         "message": "…", "note": "原表如此，已向报送单位核实"}
      ]
    }

:meth:`Baseline.split` separates the findings of a report into those still to be looked at
and those accepted; :meth:`Baseline.stale` names the accepted ones that no longer occur in
the reports checked. Only ``fingerprint`` is compared; the other fields are for people
(``note`` is kept when the baseline is written again).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from govinfo.errors import GovinfoError
from govinfo.model import AnnualReport, Finding
from govinfo.review.fingerprint import fingerprint, subject

__all__ = ["BASELINE_VERSION", "Accepted", "Applied", "Baseline", "BaselineError", "apply_baseline"]

BASELINE_VERSION = 1


class BaselineError(GovinfoError, ValueError):
    """A baseline file that cannot be read or does not have the baseline's shape."""


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Accepted:
    """One accepted finding of a baseline.

    Attributes:
        fingerprint: the finding's :func:`~govinfo.review.fingerprint`.
        subject: the report it is about (:func:`~govinfo.review.subject`).
        code, severity, paths, message: the finding as it was when accepted (for people).
        note: why it was accepted (``""`` if nobody said).
    """

    fingerprint: str
    subject: str = ""
    code: str = ""
    severity: str = ""
    paths: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    message: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready builtins."""
        data = attrs.asdict(self)
        data["paths"] = list(self.paths)
        return data


def _entries(items: Iterable[Accepted]) -> tuple[Accepted, ...]:
    return tuple(items)


@attrs.frozen
class Baseline:
    """The accepted findings, by fingerprint (see the module docstring)."""

    entries: tuple[Accepted, ...] = attrs.field(default=(), converter=_entries)

    @property
    def fingerprints(self) -> frozenset[str]:
        """The fingerprints of every accepted finding."""
        return frozenset(e.fingerprint for e in self.entries)

    def get(self, key: str) -> Accepted | None:
        """The entry with this fingerprint, if any."""
        return next((e for e in self.entries if e.fingerprint == key), None)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, key: object) -> bool:
        return key in self.fingerprints

    # -- use ---------------------------------------------------------------------------

    def split(self, findings: Iterable[Finding], report: AnnualReport) -> tuple[list[Finding], list[Finding]]:
        """The findings of ``report`` still open, and those accepted, each in the given order."""
        keys = self.fingerprints
        about = subject(report)
        open_: list[Finding] = []
        accepted: list[Finding] = []
        for item in findings:
            (accepted if fingerprint(item, about) in keys else open_).append(item)
        return open_, accepted

    def stale(
        self, found: Mapping[str, Iterable[Finding]] | Iterable[tuple[AnnualReport, Iterable[Finding]]]
    ) -> list[Accepted]:
        """The accepted findings about the reports checked that none of their findings is any more.

        ``found`` gives each report checked with all its findings (accepted ones included),
        as pairs or as a mapping from :func:`subject` to findings. Entries about reports
        that were not checked are not stale: they were not looked at.
        """
        by_subject: dict[str, set[str]] = {}
        pairs = found.items() if isinstance(found, Mapping) else ((subject(r), f) for r, f in found)
        for about, findings in pairs:
            seen = by_subject.setdefault(about, set())
            seen.update(fingerprint(f, about) for f in findings)
        return [e for e in self.entries if e.subject in by_subject and e.fingerprint not in by_subject[e.subject]]

    # -- making and writing ------------------------------------------------------------

    @classmethod
    def of(
        cls,
        checked: Iterable[tuple[AnnualReport, Iterable[Finding]]],
        *,
        note: str = "",
        previous: Baseline | None = None,
        language: str = "zh",
    ) -> Baseline:
        """A baseline accepting every finding of ``checked`` (report, findings pairs).

        A finding ``previous`` accepted already keeps its note; new ones get ``note``.
        Entries of ``previous`` about reports not in ``checked`` are kept as they are.
        """
        entries: dict[str, Accepted] = {}
        subjects: set[str] = set()
        for report, findings in checked:
            about = subject(report)
            subjects.add(about)
            for item in findings:
                key = fingerprint(item, about)
                if key in entries:
                    continue
                old = previous.get(key) if previous is not None else None
                entries[key] = Accepted(
                    fingerprint=key,
                    subject=about,
                    code=item.code,
                    severity=item.severity,
                    paths=item.paths,
                    message=item.text(language),
                    note=old.note if old is not None and old.note else note,
                )
        kept = [
            e
            for e in (previous.entries if previous else ())
            if e.subject not in subjects and e.fingerprint not in entries
        ]
        return cls((*kept, *entries.values()))

    def to_json(self) -> str:
        """The baseline as the JSON text of its file."""
        data = {"govinfo_baseline": BASELINE_VERSION, "findings": [e.to_dict() for e in self.entries]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: str | Path) -> None:
        """Write the baseline to ``path`` (UTF-8)."""
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def from_json(cls, text: str, name: str = "<baseline>") -> Baseline:
        """Read a baseline's JSON text.

        Raises:
            BaselineError: not JSON, or not a baseline (naming ``name`` and what is wrong).
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{name}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        if not isinstance(data, dict) or "govinfo_baseline" not in data:
            raise BaselineError(f"{name}: not a govinfo baseline (no 'govinfo_baseline' key)")
        if data["govinfo_baseline"] != BASELINE_VERSION:
            raise BaselineError(
                f"{name}: baseline version {data['govinfo_baseline']!r}, this govinfo reads {BASELINE_VERSION}"
            )
        items = data.get("findings")
        if not isinstance(items, list):
            raise BaselineError(f"{name}: 'findings' must be a list")
        entries: list[Accepted] = []
        fields = {f.name for f in attrs.fields(Accepted)}
        for index, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
                raise BaselineError(f"{name}: finding {index} has no 'fingerprint' string")
            values = {k: v for k, v in item.items() if k in fields}
            if not all(isinstance(v, str) for k, v in values.items() if k != "paths") or not isinstance(
                values.get("paths", []), list
            ):
                raise BaselineError(f"{name}: finding {index}: its fields must be strings ('paths' a list)")
            entries.append(Accepted(**values))
        return cls(entries)

    @classmethod
    def read(cls, path: str | Path) -> Baseline:
        """Read a baseline file.

        Raises:
            BaselineError: the file cannot be read or is not a baseline.
        """
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BaselineError(f"{path}: cannot read the baseline: {reason}") from None
        return cls.from_json(text, str(path))


def accepted_of(baseline: Baseline | None, findings: Sequence[Finding], report: AnnualReport) -> set[int]:
    """Indexes of ``findings`` that ``baseline`` accepts (none without a baseline)."""
    if baseline is None:
        return set()
    about = subject(report)
    keys = baseline.fingerprints
    return {i for i, f in enumerate(findings) if fingerprint(f, about) in keys}


@attrs.frozen
class Applied:
    """What a baseline did to the findings of the reports checked.

    Attributes:
        open: per report (in the order given), the findings still to be looked at.
        suppressed: per report, the findings the baseline accepts.
        stale: the accepted findings about these reports that no longer occur.
    """

    open: tuple[tuple[Finding, ...], ...]
    suppressed: tuple[tuple[Finding, ...], ...]
    stale: tuple[Accepted, ...]

    @property
    def count(self) -> int:
        """How many findings were suppressed."""
        return sum(len(s) for s in self.suppressed)


def apply_baseline(baseline: Baseline, checked: Sequence[tuple[AnnualReport, Sequence[Finding]]]) -> Applied:
    """Split the findings of each (report, findings) pair by ``baseline`` and name the stale entries."""
    open_: list[tuple[Finding, ...]] = []
    suppressed: list[tuple[Finding, ...]] = []
    for report, findings in checked:
        kept, accepted = baseline.split(findings, report)
        open_.append(tuple(kept))
        suppressed.append(tuple(accepted))
    return Applied(tuple(open_), tuple(suppressed), tuple(baseline.stale(checked)))
