"""Cell accuracy of govinfo on the real documents of the shared corpus.

For every document of ``corpus/real/manifest.jsonl`` in the chosen formats it reads the
file with govinfo and compares every cell with the person-read truth
(``truth/<file>.json``: ``"table/row/column": "value"``, ``""`` for a blank cell), as the
long CSV prints the value (digits for counts, plain decimals for money). It prints one
line per document:

- ``right``: cells whose value equals the truth / cells in the truth;
- ``extra``: cells govinfo reports that the truth does not have;
- ``findings``: error codes of the extractor and of validation (``code×count``);
- ``source``: how many inconsistencies the document itself has (``source_errors``);
- ``verdict``: ``exact`` (every cell right, no extra, errors found exactly where the
  document has some), ``cells`` (cells wrong), ``findings`` (cells right, but findings and
  ``source_errors`` disagree), ``refused`` / ``NOT REFUSED`` for pre-2019 reports, which
  must be refused as unsupported.

Usage::

    .venv/bin/python benchmarks/accuracy.py                 # html and docx
    .venv/bin/python benchmarks/accuracy.py --formats all -v
    .venv/bin/python benchmarks/accuracy.py --cli           # through `govinfo convert --to csv`

The exit status is 0 when every document with a truth file is exact and every pre-2019
one is refused, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("GOVINFO_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT_FORMATS = ("html", "docx")
UNSUPPORTED = "pre-2019"


@attrs.frozen
class Result:
    """What govinfo made of one corpus document.

    Attributes:
        file: the file name.
        fmt: the manifest's format (``html``, ``docx`` …).
        template: the truth's template (``2019``/``2021``/``pre-2019``), or ``None``.
        got_template: the template govinfo decided, ``None`` if it did not read the file.
        right: cells equal to the truth.
        total: cells in the truth (0 without a truth file).
        extra: cell paths govinfo reports that the truth does not have.
        wrong: ``(path, truth, got)`` of every cell that differs (``None``: not reported).
        codes: error finding codes, extractor and validation.
        source_errors: the document's own inconsistencies, from the manifest.
        error: the exception govinfo raised, as ``Type: message``.
        refused: whether govinfo raised ``UnsupportedFormatError``.
    """

    file: str
    fmt: str
    template: str | None
    got_template: str | None = None
    right: int = 0
    total: int = 0
    extra: tuple[str, ...] = ()
    wrong: tuple[tuple[str, str, str | None], ...] = ()
    codes: tuple[str, ...] = ()
    source_errors: tuple[str, ...] = ()
    error: str | None = None
    refused: bool = False

    @property
    def has_truth(self) -> bool:
        """Whether a person-read truth exists for the document."""
        return self.total > 0

    @property
    def cells_exact(self) -> bool:
        """Every truth cell right and nothing extra."""
        return self.has_truth and self.error is None and self.right == self.total and not self.extra

    @property
    def findings_agree(self) -> bool:
        """Errors reported exactly when the document has inconsistencies of its own."""
        return bool(self.codes) == bool(self.source_errors)

    @property
    def verdict(self) -> str:
        """``exact``, ``cells``, ``findings``, ``refused``, ``NOT REFUSED``, ``error`` or ``read``."""
        if self.template == UNSUPPORTED:
            return "refused" if self.refused else "NOT REFUSED"
        if self.error is not None:
            return "error"
        if not self.has_truth:
            return "read"
        if not self.cells_exact:
            return "cells"
        return "exact" if self.findings_agree else "findings"

    @property
    def ok(self) -> bool:
        """Whether the document meets the expectation (see :attr:`verdict`)."""
        return self.verdict in ("exact", "refused", "read")


def manifest(corpus: Path) -> list[dict[str, Any]]:
    """The entries of ``real/manifest.jsonl``."""
    path = corpus / "real" / "manifest.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def truth_of(corpus: Path, entry: dict[str, Any]) -> dict[str, Any] | None:
    """The truth file of a manifest entry, if it has one."""
    if not entry.get("truth"):
        return None
    with (corpus / "real" / entry["truth"]).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _cells_in_process(path: Path) -> tuple[dict[str, str], str, tuple[str, ...]]:
    from govinfo.api import read
    from govinfo.writers.csv import csv_rows

    report = read(path)
    cells = {f"{line[0]}/{line[1]}/{line[2]}": line[3] for line in csv_rows(report)}
    return cells, report.template, _error_codes(report)


def _error_codes(report: Any) -> tuple[str, ...]:
    findings = list(report.findings)
    try:
        from govinfo.validation import validate
    except ImportError:  # validation not built yet: the arithmetic rules directly
        from govinfo.validation.arithmetic import all_relations, explain

        findings += explain(report, all_relations(report))
    else:
        outcome = validate(report)
        findings += list(getattr(outcome, "findings", outcome))
    seen: dict[int, Any] = {id(f): f for f in findings}
    return tuple(f.code for f in seen.values() if f.severity == "error")


def _cells_cli(path: Path) -> tuple[dict[str, str], str, tuple[str, ...]]:
    command = [sys.executable, "-m", "govinfo", "convert", str(path), "--to", "csv"]
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if "pre-2019" in message or "unsupported" in message.lower():
            from govinfo.errors import UnsupportedFormatError

            raise UnsupportedFormatError(message)
        raise RuntimeError(message or f"exit status {done.returncode}")
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))
    cells = {f"{r['table']}/{r['row']}/{r['column']}": r["value"] for r in rows}
    template = rows[0]["template"] if rows else "?"
    check = subprocess.run(
        [sys.executable, "-m", "govinfo", "check", "--json", str(path)],
        capture_output=True,
        check=False,
    )
    codes: list[str] = []
    try:
        data = json.loads(check.stdout.decode("utf-8"))
    except ValueError:
        data = None
    for item in _walk_json(data):
        if isinstance(item, dict) and item.get("severity") == "error" and "code" in item:
            codes.append(str(item["code"]))
    return cells, template, tuple(codes)


def _walk_json(data: Any) -> Iterator[Any]:
    yield data
    if isinstance(data, dict):
        for value in data.values():
            yield from _walk_json(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk_json(value)


def evaluate(corpus: Path, entry: dict[str, Any], *, cli: bool = False) -> Result:
    """Read one manifest entry with govinfo and compare it with its truth."""
    from govinfo.errors import UnsupportedFormatError

    truth = truth_of(corpus, entry)
    template = truth["template"] if truth else entry.get("template")
    base = Result(
        file=entry["file"],
        fmt=entry["format"],
        template=template,
        source_errors=tuple(entry.get("source_errors") or ()),
    )
    path = corpus / "real" / entry["file"]
    try:
        cells, got_template, codes = (_cells_cli if cli else _cells_in_process)(path)
    except UnsupportedFormatError as exc:
        return attrs.evolve(base, error=f"{type(exc).__name__}: {exc}", refused=True)
    except Exception as exc:
        return attrs.evolve(base, error=f"{type(exc).__name__}: {exc}")
    if truth is None:
        return attrs.evolve(base, got_template=got_template, codes=codes)
    expected: dict[str, str] = truth["cells"]
    wrong = tuple((path_, value, cells.get(path_)) for path_, value in expected.items() if cells.get(path_) != value)
    return attrs.evolve(
        base,
        got_template=got_template,
        right=len(expected) - len(wrong),
        total=len(expected),
        extra=tuple(p for p in cells if p not in expected),
        wrong=wrong,
        codes=codes,
    )


def run(corpus: Path, formats: Iterable[str] | None, *, cli: bool = False) -> list[Result]:
    """Evaluate every manifest entry in ``formats`` (``None``: every format)."""
    wanted = None if formats is None else set(formats)
    return [
        evaluate(corpus, entry, cli=cli) for entry in manifest(corpus) if wanted is None or entry["format"] in wanted
    ]


def _codes(codes: tuple[str, ...]) -> str:
    counts = Counter(codes)
    return ", ".join(f"{code}×{n}" if n > 1 else code for code, n in sorted(counts.items())) or "-"


def table(results: list[Result]) -> str:
    """The results as a Markdown table, with a total line."""
    header = ["document", "fmt", "template", "cells right", "extra", "findings", "source errors", "verdict"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    right = total = 0
    for r in results:
        template = r.template or "-"
        if r.got_template and r.got_template != r.template:
            template += f" (got {r.got_template})"
        cells = f"{r.right}/{r.total}" if r.has_truth else "-"
        findings = "refused (unsupported)" if r.refused else _codes(r.codes)
        if r.error and not r.refused:
            findings = r.error[:60]
        lines.append(
            f"| {r.file} | {r.fmt} | {template} | {cells} | {len(r.extra) if r.has_truth else '-'} "
            f"| {findings} | {len(r.source_errors)} | {r.verdict} |"
        )
        right += r.right
        total += r.total
    exact = sum(1 for r in results if r.verdict == "exact")
    with_truth = sum(1 for r in results if r.has_truth)
    lines.append(
        f"| **total** | | | {right}/{total} | {sum(len(r.extra) for r in results)} | | | {exact}/{with_truth} exact |"
    )
    return "\n".join(lines)


def details(results: list[Result], limit: int = 20) -> str:
    """The wrong and extra cells and the errors, per document."""
    out: list[str] = []
    for r in results:
        if r.ok and r.findings_agree:
            continue
        out.append(f"{r.file}: {r.verdict}")
        if r.error:
            out.append(f"  {r.error}")
        for path, truth, got in r.wrong[:limit]:
            out.append(f"  {path}: truth {truth!r}, got {got!r}")
        if len(r.wrong) > limit:
            out.append(f"  … {len(r.wrong) - limit} more wrong cells")
        for path in r.extra[:limit]:
            out.append(f"  extra {path}")
        if r.source_errors or r.codes:
            out.append(f"  findings: {_codes(r.codes)}; source_errors: {list(r.source_errors)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the corpus folder")
    parser.add_argument(
        "--formats",
        default=",".join(DEFAULT_FORMATS),
        help="comma-separated manifest formats (html,docx,txt,md,pdf) or 'all'",
    )
    parser.add_argument("--cli", action="store_true", help="read through `govinfo convert --to csv`")
    parser.add_argument("-v", "--verbose", action="store_true", help="list wrong and extra cells")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    formats = None if args.formats == "all" else [f.strip() for f in args.formats.split(",") if f.strip()]
    if not (args.corpus / "real" / "manifest.jsonl").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    results = run(args.corpus, formats, cli=args.cli)
    if args.json:
        print(json.dumps([{**attrs.asdict(r), "verdict": r.verdict} for r in results], ensure_ascii=False, indent=1))
    else:
        print(table(results))
        if args.verbose:
            text = details(results)
            if text:
                print()
                print(text)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
