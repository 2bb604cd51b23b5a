"""JSON for :class:`~govinfo.model.AnnualReport`: one cattrs converter, lossless.

The JSON shape is the model's, with these conventions (``docs/data-contract.md``):

- the top-level object carries ``"format_version": 1``;
- money (:class:`~decimal.Decimal`) is a string in plain notation, exactly as stated
  (``"1032.60994"``, never a float, never ``"1E+3"``); dates are ISO strings;
- table rows appear under their stable keys (``"denied.state_secret"``,
  ``"other.no_correction"``, ``"other"``); a row the document does not have is left out,
  a blank cell inside a row it has is ``null``;
- ``active`` (table 2) has the shape of ``metadata.template``'s format;
- ``extras`` (the tables the form does not have) is left out when there are none, so a
  report without any has the JSON of earlier releases.

Structuring is strict: numbers must be JSON integers, text must be strings, and unknown
keys are refused, so a typo in a key is an error rather than a silently empty row.
``from_json(to_json(r)) == r`` for every report.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, BaseValidationError, ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _make_json_converter
from cattrs.v import format_exception

from govinfo.document import Location
from govinfo.errors import SerializeError
from govinfo.form import table_spec
from govinfo.limits import MAX_DECIMAL_EXPONENT, MAX_JSON_DEPTH, out_of_range
from govinfo.model import (
    Active2019,
    Active2021,
    AnnualReport,
    Appeals,
    Applications,
    Finding,
    Undecided,
    field_name,
)

__all__ = [
    "FORMAT_VERSION",
    "converter",
    "dump_json_bytes",
    "finding_to_dict",
    "from_dict",
    "from_json",
    "make_converter",
    "to_dict",
    "to_json",
]

FORMAT_VERSION = 1
"""The ``format_version`` written into, and required from, every JSON document."""

_TABLE_CLASSES: dict[type, str] = {
    Active2019: "active",
    Active2021: "active",
    Applications: "applications",
    Appeals: "appeals",
}
_ACTIVE_BY_TEMPLATE: dict[str, type] = {"2019": Active2019, "2021": Active2021}


# --- strict scalar hooks ---------------------------------------------------------------


def _structure_int(obj: Any, _: Any) -> int:
    # cattrs' default int(obj) would accept "3", 3.7 and true; a count is a JSON integer.
    if type(obj) is not int:
        raise TypeError(f"expected an integer, not {type(obj).__name__} {obj!r}")
    return obj


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _structure_str(obj: Any, _: Any) -> str:
    if not isinstance(obj, str):
        raise TypeError(f"expected a string, not {type(obj).__name__} {obj!r}")
    bad = _SURROGATE.search(obj)
    if bad:
        # No UTF-8 holds it: no writer could put it out.
        raise ValueError(f"the string holds a lone surrogate (U+{ord(bad.group()):04X}) at character {bad.start()}")
    return obj


def _printed_problems(report: AnnualReport) -> list[str]:
    """Cells beyond the limits, control characters in what the layouts print (JSON paths)."""
    problems = []
    for path, value in report.cells():
        why = out_of_range(value)
        if why:
            table, row, column = path.split("/")
            problems.append(f"the number {why} (docs/limits.md) @ $.{table}['{row}'].{column}")
    texts = {f"metadata.{k}": getattr(report.metadata, k) for k in ("agency", "title")}
    for number, extra in enumerate(report.extras):
        texts[f"extras[{number}].heading"] = extra.heading
        texts.update(
            {f"extras[{number}].rows[{r}][{c}]": text for r, row in enumerate(extra.rows) for c, text in enumerate(row)}
        )
    texts.update(
        {f"narrative.{f.name}": getattr(report.narrative, f.name) for f in attrs.fields(type(report.narrative))}
    )
    for where, text in texts.items():
        bad = _CONTROL.search(text) if isinstance(text, str) else None
        if bad:
            # A control character makes a written file binary: read(write(r)) == r could not hold.
            problems.append(f"the text holds a control character (U+{ord(bad.group()):04X}) @ $.{where}")
    return problems


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def _structure_decimal(obj: Any, _: Any) -> Decimal:
    # A float has already lost digits; money must arrive as a string.
    if not isinstance(obj, str):
        raise TypeError(f"expected a decimal number as a string, not {type(obj).__name__} {obj!r}")
    try:
        value = Decimal(obj.strip())
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {obj!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite decimal number: {obj!r}")
    if (not value.is_zero() and abs(value.adjusted()) > MAX_DECIMAL_EXPONENT) or -_exponent(
        value
    ) > MAX_DECIMAL_EXPONENT:
        raise ValueError(f"the number {obj[:24]!r} has an exponent beyond ±{MAX_DECIMAL_EXPONENT} (docs/limits.md)")
    return value


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _strings(obj: Any, what: str) -> list[str]:
    if not isinstance(obj, list) or not all(isinstance(item, str) for item in obj):
        raise TypeError(f"{what} is a list of strings, not {type(obj).__name__} {str(obj)[:40]}")
    return obj


def _structure_undecided(obj: Any, _: Any) -> Undecided:
    # cattrs would take a string for a tuple of strings ("27" → ("2", "7")).
    if not isinstance(obj, Mapping):
        raise TypeError(f"expected an object, not {type(obj).__name__}")
    extra = set(obj) - {"paths", "splits"}
    if extra:
        raise ValueError(f"unknown keys {sorted(extra)}")
    splits = obj.get("splits", [])
    if not isinstance(splits, list):
        raise TypeError(f"splits is a list of lists of strings, not {type(splits).__name__}")
    return Undecided(tuple(_strings(obj.get("paths"), "paths")), tuple(tuple(_strings(s, "a split")) for s in splits))


def _structure_date(obj: Any, _: Any) -> dt.date:
    if not isinstance(obj, str):
        raise TypeError(f"expected an ISO date string, not {type(obj).__name__} {obj!r}")
    return dt.date.fromisoformat(obj)


# --- the converter ---------------------------------------------------------------------


def _row_renames(cls: type) -> dict[str, str]:
    """Map field names to row keys (``denied_state_secret`` → ``denied.state_secret``)."""
    spec = table_spec(_TABLE_CLASSES[cls])
    keys = {field_name(row.key): row.key for row in spec.rows}
    return {f.name: keys.get(f.name, f.name) for f in attrs.fields(cls)}


def make_converter() -> JsonConverter:
    """Return a new converter configured for govinfo's JSON (see the module docstring)."""
    conv = _make_json_converter(forbid_extra_keys=True)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(Undecided, _structure_undecided)
    conv.register_structure_hook(dt.date, _structure_date)

    # Locations are mostly empty; leaving out the None fields keeps provenance readable.
    conv.register_unstructure_hook(Location, make_dict_unstructure_fn(Location, conv, _cattrs_omit_if_default=True))

    for cls in _TABLE_CLASSES:
        renames: dict[str, Any] = {name: override(rename=key) for name, key in _row_renames(cls).items()}
        conv.register_unstructure_hook(
            cls,
            make_dict_unstructure_fn(
                cls,
                conv,
                _cattrs_omit_if_default=True,
                **renames,
            ),
        )
        conv.register_structure_hook(
            cls,
            make_dict_structure_fn(cls, conv, **renames),
        )

    # ``undecided`` is written only when a run of digits was left unsplit, ``extras`` only when
    # the document has tables the form lacks (the JSON of other reports is that of earlier releases).
    conv.register_unstructure_hook(
        AnnualReport,
        make_dict_unstructure_fn(
            AnnualReport,
            conv,
            undecided=override(omit_if_default=True),
            extras=override(omit_if_default=True),
        ),
    )

    # ``active`` is a union the JSON cannot disambiguate by itself (both formats have
    # rows called ``regulations``): the template in the metadata decides.
    base = make_dict_structure_fn(AnnualReport, conv, active=override(omit=True))

    def structure_report(obj: Any, _: Any) -> AnnualReport:
        if not isinstance(obj, Mapping):
            raise TypeError(f"expected an object, not {type(obj).__name__}")
        data = dict(obj)
        raw_active = data.pop("active", None)
        errors: list[Exception] = []
        report: AnnualReport | None = None
        active: Active2019 | Active2021 | None = None
        try:
            report = base(data, AnnualReport)
        except ClassValidationError as exc:
            errors.extend(exc.exceptions)
        # Check table 2 even when the rest failed, so one pass reports every problem.
        metadata = data.get("metadata")
        template = metadata.get("template", "2021") if isinstance(metadata, Mapping) else None
        cls = _ACTIVE_BY_TEMPLATE.get(template) if isinstance(template, str) else None
        if raw_active is not None and cls is not None:
            try:
                active = conv.structure(raw_active, cls)
            except Exception as exc:
                # cattrs reads the path from notes (an attribute on Python 3.10 too).
                note = AttributeValidationNote(f"Structuring class {cls.__name__} @ attribute active", "active", cls)
                setattr(exc, "__notes__", [*getattr(exc, "__notes__", []), note])  # noqa: B010
                errors.append(exc)
        if errors or report is None:
            raise ClassValidationError("While structuring AnnualReport", errors, AnnualReport)
        return report if active is None else attrs.evolve(report, active=active)

    conv.register_structure_hook(AnnualReport, structure_report)
    return conv


converter = make_converter()
"""The converter :func:`to_json` and :func:`from_json` use."""


def _format_exception(exc: BaseException, type_: type | None) -> str:
    # Our hooks and the model's validators say what they expected; keep their words.
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return str(exc)
    return format_exception(exc, type_)


_FIELD_TO_KEY: dict[str, str] = {
    name: key for cls in _TABLE_CLASSES for name, key in _row_renames(cls).items() if name != key
}
_PATH_FIELD = re.compile(r"\.(\w+)(?=[.\[]|$)")


def _json_path(message: str) -> str:
    """Write renamed fields in a cattrs error path as the JSON keys they are."""
    text, sep, path = message.rpartition(" @ ")
    if not sep:
        return message
    path = _PATH_FIELD.sub(
        lambda m: f"['{_FIELD_TO_KEY[m.group(1)]}']" if m.group(1) in _FIELD_TO_KEY else m.group(0),
        path,
    )
    return f"{text} @ {path}"


# --- public API ------------------------------------------------------------------------


def to_dict(report: AnnualReport) -> dict[str, Any]:
    """Return ``report`` as JSON-ready builtins (dicts, lists, strings, ints, ``None``)."""
    data: dict[str, Any] = {"format_version": FORMAT_VERSION}
    data.update(converter.unstructure(report, AnnualReport))
    return data


def from_dict(data: Any) -> AnnualReport:
    """Build a report from the builtins :func:`to_dict` returns.

    Raises:
        SerializeError: ``data`` does not have the report's shape, or its
            ``format_version`` is missing or not one this version reads.
    """
    if not isinstance(data, Mapping):
        raise SerializeError(
            "a govinfo report is a JSON object",
            [f"expected an object, not {type(data).__name__} @ $"],
        )
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        what = "missing" if "format_version" not in data else repr(version)
        raise SerializeError(
            f"unsupported format_version {what}: this govinfo reads version {FORMAT_VERSION}",
            [f"format_version must be {FORMAT_VERSION}, not {what} @ $.format_version"],
        )
    body = {k: v for k, v in data.items() if k != "format_version"}
    try:
        report = converter.structure(body, AnnualReport)
    except BaseValidationError as exc:
        messages = [_json_path(m) for m in cattrs.transform_error(exc, "$", _format_exception)]
        raise SerializeError("the JSON does not fit the report model: " + "; ".join(messages), messages) from exc
    except (ValueError, TypeError, KeyError) as exc:
        # attrs validators (an unknown template, severity) raise plain ValueErrors.
        message = f"{type(exc).__name__}: {exc}"
        raise SerializeError("the JSON does not fit the report model: " + message, [message]) from exc
    problems = _printed_problems(report)
    if problems:
        raise SerializeError("the JSON holds what no layout can write: " + "; ".join(problems), problems)
    return report


def to_json(report: AnnualReport, *, indent: int | None = 2) -> str:
    """Return ``report`` as a JSON document (Chinese text as is, not ``\\u`` escaped)."""
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> AnnualReport:
    """Read a report from a JSON document written by :func:`to_json`.

    Raises:
        SerializeError: the text is not JSON, or does not fit the model; ``.messages``
            has one line per problem with its JSON path.
    """
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SerializeError(f"not a JSON document: {exc}", [f"{exc} @ $"]) from exc
    except RecursionError:
        data = _TOO_DEEP
    if data is _TOO_DEEP or _too_deep(data):
        message = f"the JSON nests arrays and objects more than {MAX_JSON_DEPTH} levels deep (docs/limits.md)"
        raise SerializeError(message, [f"{message} @ $"])
    return from_dict(data)


_TOO_DEEP = object()


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests deeper than :data:`~govinfo.limits.MAX_JSON_DEPTH` (no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def dump_json_bytes(report: AnnualReport) -> bytes:
    """Return :func:`to_json` as UTF-8 bytes, with a final newline (the ``json`` writer)."""
    return (to_json(report) + "\n").encode("utf-8")


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """Return one finding as JSON-ready builtins."""
    data: dict[str, Any] = converter.unstructure(finding, Finding)
    return data
