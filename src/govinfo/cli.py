"""The ``govinfo`` command line (also ``python -m govinfo``).

Subcommands: ``check`` (validate files), ``convert`` (one report to another layout),
``batch`` (many reports to one long CSV), ``formats`` (readers and writers) and ``rules``
(the rule catalogue and the key ↔ label mapping). See ``docs/cli.md``.

Exit status: 0 success; 1 ``check`` found an error; 2 a file could not be read or
written, or the command line was wrong; 3 an internal error (a bug in govinfo or a
plugin: anything raised that is not a ``GovinfoError`` or an ``OSError``). This is the
only module of govinfo that prints.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import signal
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import govinfo.registry as _registry_module
from govinfo.api import read
from govinfo.document import Location
from govinfo.errors import GovinfoError, ReadError
from govinfo.findings import render, render_details
from govinfo.form import cell_name
from govinfo.model import AnnualReport, Finding
from govinfo.registry import Registry
from govinfo.validation import validate_many
from govinfo.writers import BUILTIN_WRITERS, write

__all__ = ["main"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_FAILURE = 2
EXIT_INTERNAL = 3

_BUG_HINT = "this is a bug in govinfo; please report it, with the file if you can"

_UI: dict[str, dict[str, str]] = {
    "zh": {
        "meta": "读取器 {reader} · 格式 {template} · 年度 {year} · 机关 {agency}",
        "counts": "{errors} 个错误，{warnings} 个警告",
        "none": "未发现问题",
        "cells": "单元格",
        "at": "位置",
        "expected": "应为 {expected}，实为 {actual}",
        "blank": "空白",
        "sep": "；",
        "summary": "共检查 {files} 个文件：{bad} 个有错误，{unreadable} 个无法读取",
        "cross": "跨年度核对（X-1）：同一机关相邻年度的报告 {pairs} 对，{mismatches} 对上年结转不一致",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "unknown": "未知",
        "suppressed": "  另有 {n} 个问题已在基线中接受，未列出",
        "baseline": "基线 {file}：略去 {n} 个已接受的问题；{stale} 个已接受的问题不再出现",
        "stale": "  不再出现：{subject} ［{code}］ {message}",
        "written": "基线 {file}：记录了 {n} 个问题",
        "report_written": "审阅页 {file}：{reports} 份报告，{errors} 个错误，{warnings} 个警告，{accepted} 个已接受",
    },
    "en": {
        "meta": "reader {reader} · template {template} · year {year} · agency {agency}",
        "counts": "{errors} error(s), {warnings} warning(s)",
        "none": "no findings",
        "cells": "cells",
        "at": "at",
        "expected": "expected {expected}, found {actual}",
        "blank": "blank",
        "sep": "; ",
        "summary": "checked {files} files: {bad} with errors, {unreadable} unreadable",
        "cross": "across years (X-1): {pairs} pair(s) of consecutive years of one agency, "
        "{mismatches} with a carry-over mismatch",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "unknown": "unknown",
        "suppressed": "  {n} more finding(s) accepted in the baseline, not listed",
        "baseline": "baseline {file}: {n} accepted finding(s) suppressed; {stale} accepted finding(s) no longer occur",
        "stale": "  no longer found: {subject} [{code}] {message}",
        "written": "baseline {file}: {n} finding(s) recorded",
        "report_written": "review page {file}: {reports} report(s), {errors} error(s), {warnings} warning(s), "
        "{accepted} accepted",
    },
}


# --- helpers ---------------------------------------------------------------------------


def _registry() -> Registry:
    # Looked up on each call so that tests (and embedders) can swap the default registry.
    return _registry_module.default_registry


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _reason(exc: BaseException, file: str | None = None) -> str:
    """One line saying why ``file`` could not be handled (its name is said already)."""
    if isinstance(exc, ReadError):
        return f"{exc.location}: {exc.reason}" if exc.location else exc.reason
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    if isinstance(exc, GovinfoError):
        text = str(exc)
        return text.replace(f" {file!r}", " this file", 1) if file else text
    return f"internal error: {type(exc).__name__}: {exc} ({_BUG_HINT})"


def _fail(file: str, exc: BaseException) -> None:
    _err(f"govinfo: {file}: {_reason(exc, file)}")


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    _err(f"govinfo: warning: {message}")


def _where(location: Location, lang: str) -> str:
    return location.describe("en" if lang == "en" else "zh")


def _finding_location(finding: Finding, report: AnnualReport) -> Location | None:
    if finding.location is not None:
        return finding.location
    for path in finding.paths:
        entry = report.source_of(path)
        if entry is not None:
            return entry.location
    return None


def _findings(report: AnnualReport) -> list[Finding]:
    """Every finding about a report: the extractor's and the rules', most severe first."""
    from govinfo.validation import validate

    return list(validate(report).findings)


@contextlib.contextmanager
def _text_output(path: str | None) -> Iterator[TextIO]:
    """A UTF-8 text stream for CSV (``newline=""``): the file, or standard output."""
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    sys.stdout.flush()
    wrapper = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()  # leave sys.stdout open


def _write_stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _print_json(data: Any) -> None:
    _write_stdout_bytes((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


# --- check -----------------------------------------------------------------------------


class _Checked(NamedTuple):
    file: str
    report: AnnualReport
    findings: list[Finding]
    suppressed: tuple[Finding, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def _checked_json(item: _Checked) -> dict[str, Any]:
    from govinfo.review import fingerprint
    from govinfo.serialize import finding_to_dict

    meta = item.report.metadata
    findings = []
    for finding in item.findings:
        data = finding_to_dict(finding)
        location = _finding_location(finding, item.report)
        data["where"] = None if location is None else location.describe()
        data["fingerprint"] = fingerprint(finding, item.report)
        findings.append(data)
    out = {
        "file": item.file,
        "ok": item.errors == 0,
        "reader": meta.source.reader,
        "template": meta.template,
        "year": meta.year,
        "agency": meta.agency,
        "errors": item.errors,
        "warnings": item.warnings,
        "findings": findings,
    }
    if item.suppressed:
        out["suppressed"] = [{"code": f.code, "fingerprint": fingerprint(f, item.report)} for f in item.suppressed]
    return out


def _print_checked(item: _Checked, lang: str) -> None:
    ui = _UI[lang]
    meta = item.report.metadata
    _out(item.file)
    _out(
        "  "
        + ui["meta"].format(
            reader=meta.source.reader or ui["unknown"],
            template=meta.template,
            year=meta.year if meta.year is not None else ui["unknown"],
            agency=meta.agency or ui["unknown"],
        )
    )
    if not item.findings:
        _out(f"  {ui['none']}")
        if item.suppressed:
            _out(ui["suppressed"].format(n=len(item.suppressed)))
        return
    _out("  " + ui["counts"].format(errors=item.errors, warnings=item.warnings))
    for finding in item.findings:
        location = _finding_location(finding, item.report)
        _out("  " + render(finding, lang, location=location, template=item.report.template))
        names = None
        if lang == "en":
            names = {p: _english_name(p, item.report.template) for p in finding.paths}
        details = render_details(finding, lang, names=names, where=False)
        if details:
            _out("      " + details)
    if item.suppressed:
        _out(ui["suppressed"].format(n=len(item.suppressed)))


def _english_name(path: str, template: str) -> str:
    try:
        return cell_name(path, template, "en")
    except KeyError:
        return path


def _read_input(file: str, format: str | None, registry: Registry) -> AnnualReport:
    """Read a file, or standard input for ``-`` (detected by content unless ``--format``)."""
    if file == "-":
        return read(sys.stdin.buffer, name="<stdin>", format=format, registry=registry)
    return read(file, format=format, registry=registry)


def _cmd_check(args: argparse.Namespace) -> int:
    registry = _registry()
    checked: list[_Checked] = []
    failed: list[dict[str, Any]] = []
    internal = False
    agency_ids = None
    if args.agency_ids:
        try:
            agency_ids = _read_agency_ids(args.agency_ids)
        except (OSError, GovinfoError) as exc:
            _fail(args.agency_ids, exc)
            return EXIT_FAILURE
    for file in args.files:
        try:
            report = _read_input(file, args.format, registry)
            item = _Checked(file, report, [])
        except Exception as exc:  # one line per file, never a traceback (see _reason)
            internal = internal or not isinstance(exc, GovinfoError | OSError)
            _fail(file, exc)
            failed.append({"file": file, "ok": False, "error": _reason(exc, file)})
            continue
        checked.append(item)
    results = validate_many([item.report for item in checked], cross=not args.no_cross, agency_ids=agency_ids)
    checked = [item._replace(findings=list(r.findings)) for item, r in zip(checked, results, strict=True)]
    pairs, mismatches = results.pairs, results.mismatches
    try:
        checked, baseline_lines = _apply_baselines(args, checked)
    except GovinfoError as exc:
        _err(f"govinfo: check: {exc}")
        return EXIT_FAILURE
    if args.json:
        by_file = {item.file: _checked_json(item) for item in checked}
        by_file.update({entry["file"]: entry for entry in failed})
        _print_json([by_file[file] for file in dict.fromkeys(args.files) if file in by_file])
    else:
        for item in checked:
            _print_checked(item, args.lang)
        if len(args.files) > 1:
            bad = sum(1 for item in checked if item.errors)
            ui = _UI[args.lang]
            _out(ui["summary"].format(files=len(args.files), bad=bad, unreadable=len(failed)))
            if pairs:
                _out(ui["cross"].format(pairs=pairs, mismatches=mismatches))
    for line in baseline_lines:
        (_err if args.json else _out)(line)
    if internal:
        return EXIT_INTERNAL
    if failed:
        return EXIT_FAILURE
    return EXIT_ERRORS if any(item.errors for item in checked) else EXIT_OK


def _apply_baselines(args: argparse.Namespace, checked: list[_Checked]) -> tuple[list[_Checked], list[str]]:
    """``--write-baseline`` and ``--baseline``: the findings left open, and the lines to say so."""
    from govinfo.review import Baseline, apply_baseline

    ui = _UI[args.lang]
    lines: list[str] = []
    baseline = Baseline.read(args.baseline) if args.baseline else None
    pairs = [(item.report, item.findings) for item in checked]
    if args.write_baseline:
        previous = baseline
        if previous is None and Path(args.write_baseline).is_file():
            previous = Baseline.read(args.write_baseline)
        written = Baseline.of(pairs, note=args.note or "", previous=previous, language=args.lang)
        try:
            written.write(args.write_baseline)
        except OSError as exc:
            raise GovinfoError(f"{args.write_baseline}: cannot write the baseline: {exc.strerror or exc}") from None
        lines.append(ui["written"].format(file=args.write_baseline, n=len(written)))
    if baseline is None:
        return checked, lines
    applied = apply_baseline(baseline, pairs)
    checked = [
        item._replace(findings=list(kept), suppressed=gone)
        for item, kept, gone in zip(checked, applied.open, applied.suppressed, strict=True)
    ]
    lines.append(ui["baseline"].format(file=args.baseline, n=applied.count, stale=len(applied.stale)))
    lines.extend(ui["stale"].format(subject=e.subject, code=e.code, message=e.message) for e in applied.stale)
    return checked, lines


# --- report ----------------------------------------------------------------------------


def _cmd_report(args: argparse.Namespace) -> int:
    from govinfo.review import Baseline, review_page

    registry = _registry()
    reports: list[AnnualReport] = []
    files: list[str] = []
    unreadable: dict[str, str] = {}
    for file in args.files:
        try:
            reports.append(read(file, format=args.format, registry=registry))
            files.append(file)
        except Exception as exc:  # one line per file, never a traceback (see _reason)
            _fail(file, exc)
            unreadable[file] = _reason(exc, file)
    try:
        baseline = Baseline.read(args.baseline) if args.baseline else None
        page = review_page(
            reports,
            language=args.lang,
            baseline=baseline,
            cross=not args.no_cross,
            unreadable=unreadable,
            files=files,
            link_from=Path(args.output).resolve().parent,
        )
        Path(args.output).write_text(page.html, encoding="utf-8")
    except OSError as exc:
        _fail(args.output, exc)
        return EXIT_FAILURE
    except GovinfoError as exc:
        _err(f"govinfo: report: {exc}")
        return EXIT_FAILURE
    ui = _UI[args.lang]
    _err(
        ui["report_written"].format(
            file=args.output, reports=len(reports), errors=page.errors, warnings=page.warnings, accepted=page.accepted
        )
    )
    return EXIT_FAILURE if unreadable else EXIT_OK


# --- convert ---------------------------------------------------------------------------


def _cmd_convert(args: argparse.Namespace) -> int:
    registry = _registry()
    try:
        writer = registry.get_writer(args.to)
    except GovinfoError as exc:
        _err(f"govinfo: convert: {exc}")
        return EXIT_FAILURE
    if writer.binary and args.output in (None, "-") and sys.stdout.isatty():
        _err(f"govinfo: {args.to} is binary; not writing it to a terminal (use -o FILE)")
        return EXIT_FAILURE
    try:
        report = _read_input(args.file, args.format, registry)
        data = write(report, args.to, registry=registry)
    except Exception as exc:  # GovinfoError, OSError, or a bug: one line either way
        _fail(args.file, exc)
        return EXIT_FAILURE
    if args.output in (None, "-"):
        _write_stdout_bytes(data)
        return EXIT_OK
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        _fail(args.output, exc)
        return EXIT_FAILURE
    return EXIT_OK


# --- formats ---------------------------------------------------------------------------


def _cmd_formats(args: argparse.Namespace) -> int:
    registry = _registry()
    readers: list[dict[str, Any]] = [
        {"name": name, "extensions": list(reader.extensions), "origin": registry.reader_origin(name)}
        for name, reader in registry.readers.items()
    ]
    writers: list[dict[str, Any]] = [
        {
            "name": name,
            "extension": writer.extension,
            "binary": bool(writer.binary),
            "origin": registry.writer_origin(name),
        }
        for name, writer in registry.writers.items()
    ]
    if args.json:
        _print_json({"readers": readers, "writers": writers, "load_errors": list(registry.load_errors)})
        return EXIT_OK
    width = max((len(row["name"]) for row in [*readers, *writers]), default=4)
    _out("Readers (govinfo read / check / convert / batch):")
    for row in readers:
        exts = " ".join(row["extensions"]) or "-"
        _out(f"  {row['name']:<{width}}  {exts:<24}  {row['origin']}")
    _out("Writers (govinfo convert --to):")
    for row in writers:
        ext = row["extension"] + (" (binary)" if row["binary"] else "")
        _out(f"  {row['name']:<{width}}  {ext:<24}  {row['origin']}")
    if registry.load_errors:
        _out("Plugins that failed to load:")
        for message in registry.load_errors:
            _out(f"  {message}")
    return EXIT_OK


# --- rules -----------------------------------------------------------------------------


def _cmd_rules(args: argparse.Namespace) -> int:
    from govinfo.form import cell_catalogue, cells_markdown
    from govinfo.validation import catalogue

    if args.markdown:
        _out(cells_markdown())
        return EXIT_OK
    codes = catalogue()
    cells = cell_catalogue()
    if args.json:
        _print_json({"codes": codes, "rules": [c for c in codes if c["rule"]], "cells": cells})
        return EXIT_OK
    en = args.lang == "en"
    title_key = "title_en" if en else "title"
    _out("Finding codes (code, severity, stage, title):" if en else "检查项目（代码、严重程度、阶段、名称）：")
    width = max((len(c["code"]) for c in codes), default=4)
    for code in codes:
        _out(f"  {code['code']:<{width}}  {code['severity']:<7}  {code['stage']:<12}  {code[title_key]}")
        if code["formula"]:
            _out(f"  {'':<{width}}  {code['formula']}")
    _out("")
    _out("Cells (format, table/row/column, row label / column label):")
    for cell in cells:
        path = f"{cell['table']}/{cell['row']}/{cell['column']}"
        unit = f" ({cell['unit']})" if cell["unit"] else ""
        row, column = ("row_label_en", "column_label_en") if en else ("row_label", "column_label")
        labels = f"{cell[row]} / {cell[column]}"
        _out(f"  {cell['template']}  {path:<58} {labels}{unit}")
    return EXIT_OK


# --- batch -----------------------------------------------------------------------------


def _read_agency_ids(path: str) -> dict[str, str]:
    """``--agency-ids FILE.csv``: two columns, a file path, file name or agency name, and its id."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row and any(cell.strip() for cell in row)]
    if rows and rows[0][-1].strip().lower() == "id":
        rows = rows[1:]
    bad = [i for i, row in enumerate(rows, start=1) if len(row) < 2 or not row[0].strip() or not row[1].strip()]
    if bad:
        raise ReadError(f"line {bad[0]}: expected two columns, a file or agency name and its id", source=path)
    return {row[0].strip(): row[1].strip() for row in rows}


def _cmd_batch(args: argparse.Namespace) -> int:
    from govinfo.dataset import write_dataset

    registry = _registry()
    agency_ids = None
    try:
        if args.agency_ids:
            agency_ids = _read_agency_ids(args.agency_ids)
    except (OSError, GovinfoError) as exc:
        _fail(args.agency_ids, exc)
        return EXIT_FAILURE
    output: Any = args.output
    if output in (None, "-"):
        sys.stdout.flush()
        output = sys.stdout.buffer
    bar: Any = None

    def on_total(total: int) -> None:
        nonlocal bar
        if not args.quiet and sys.stderr.isatty() and total:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)

    def progress(outcome: Any) -> None:
        if bar is not None:
            bar.update(1)

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt  # SIGTERM finishes the outputs like Ctrl-C

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        summary = write_dataset(
            args.paths,
            output,
            findings=args.findings,
            reports=args.reports,
            jobs=args.jobs,
            include=args.include,
            exclude=args.exclude,
            format=args.format,
            registry=registry,
            excel=args.excel,
            resume=args.resume,
            cross=not args.no_cross,
            agency_ids=agency_ids,
            progress=progress,
            on_total=on_total,
        )
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
        _err("govinfo: batch: interrupted; the outputs hold the files done (--resume continues)")
        return 130
    except (GovinfoError, OSError, ValueError) as exc:
        if bar is not None:
            bar.close()
        _err(f"govinfo: batch: {exc}")
        return EXIT_FAILURE
    finally:
        signal.signal(signal.SIGTERM, previous)
    if bar is not None:
        bar.close()
    if summary.files == 0 and not summary.resumed:
        _err("govinfo: batch: no files found")
        return EXIT_FAILURE
    target = args.output if args.output not in (None, "-") else "standard output"
    unreadable = sum(summary.unreadable.values())
    _err(
        f"govinfo: batch: {summary.files} files, {summary.read} read ({summary.cells} cells to {target}), "
        f"{unreadable} unreadable" + (f", {summary.resumed} done before" if summary.resumed else "")
    )
    if summary.unreadable:
        listed = ", ".join(f"{reason} {n}" for reason, n in sorted(summary.unreadable.items()))
        _err(f"govinfo: batch: unreadable by reason: {listed}")
    if summary.findings:
        listed = ", ".join(f"{code} {n}" for code, n in summary.findings.items())
        _err(f"govinfo: batch: findings by code: {listed}")
    for file, reason, detail in summary.failures:
        _err(f"govinfo: {file}: {reason}: {detail}")
    return EXIT_FAILURE if unreadable else EXIT_OK


# --- the parser ------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govinfo",
        description="Read, check and write 政府信息公开工作年度报告 "
        "(Chinese government information disclosure annual reports).",
    )
    from govinfo import __version__

    parser.add_argument("--version", action="version", version=f"govinfo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> Any:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(func=func)
        return command

    def fmt_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--format", metavar="NAME", help="use this reader instead of detecting one")

    def lang_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages (zh)")

    check = add("check", _cmd_check, "validate reports and list what is wrong, cell by cell")
    check.add_argument("files", nargs="+", metavar="FILE", help="report files; - reads standard input")
    check.add_argument("--json", action="store_true", help="one JSON document for machines")
    check.add_argument(
        "--no-cross",
        action="store_true",
        help="no checks across files (carry-over between consecutive years of one agency)",
    )
    check.add_argument("--baseline", metavar="FILE", help="leave out the findings this baseline accepts")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings as accepted in FILE")
    check.add_argument("--note", metavar="TEXT", help="with --write-baseline: the note of newly accepted findings")
    check.add_argument("--agency-ids", metavar="FILE.csv", help="file paths or agency names → agency ids (series)")
    fmt_option(check)
    lang_option(check)

    review = add("report", _cmd_report, "write the reviewer's page: the tables as printed, the wrong cells marked")
    review.add_argument("files", nargs="+", metavar="FILE")
    review.add_argument("-o", "--output", required=True, metavar="OUT", help="the HTML page to write")
    review.add_argument("--baseline", metavar="FILE", help="show the findings this baseline accepts as accepted")
    review.add_argument("--no-cross", action="store_true", help="no checks across files")
    fmt_option(review)
    lang_option(review)

    convert = add("convert", _cmd_convert, "write a report in another layout")
    convert.add_argument("file", metavar="FILE", help="a report file; - reads standard input")
    convert.add_argument(
        "--to",
        required=True,
        metavar="NAME",
        help=f"output layout: {', '.join(w.name for w in BUILTIN_WRITERS)} or a plugin's (govinfo formats)",
    )
    convert.add_argument("-o", "--output", metavar="OUT", help="output file (default or -: stdout)")
    fmt_option(convert)

    batch = add("batch", _cmd_batch, "turn many reports into a dataset: cells, findings, one row per file")
    batch.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (searched recursively), globs or zip archives; every file is read by content",
    )
    batch.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the cells: .csv, .jsonl, .parquet or .sqlite (default: CSV on stdout; - for stdout)",
    )
    batch.add_argument("--findings", metavar="FILE", help="one row per finding: .csv, .jsonl or .parquet")
    batch.add_argument("--reports", metavar="FILE", help="one row per file found: .csv or .parquet")
    batch.add_argument(
        "-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default 0: one per CPU)"
    )
    batch.add_argument(
        "--include", action="append", default=[], metavar="GLOB", help="only files matching (repeatable)"
    )
    batch.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="never files matching (repeatable)"
    )
    batch.add_argument("--excel", action="store_true", help="CSV outputs with a UTF-8 byte-order mark, for Excel")
    batch.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted or killed batch with the same outputs: only what it had not done is read",
    )
    batch.add_argument("--no-cross", action="store_true", help="no checks across reports")
    batch.add_argument("--agency-ids", metavar="FILE.csv", help="file paths or agency names → agency ids (series)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    fmt_option(batch)

    formats = add("formats", _cmd_formats, "list the readers and writers")
    formats.add_argument("--json", action="store_true")

    rules = add("rules", _cmd_rules, "list the validation rules and every cell's key and label")
    rules.add_argument("--json", action="store_true")
    rules.add_argument("--markdown", action="store_true", help="only the key ↔ label tables, as Markdown")
    lang_option(rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: the arguments after the program name (``sys.argv[1:]`` when ``None``).
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_FAILURE
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            result: int = args.func(args)
        except KeyboardInterrupt:
            _err("govinfo: interrupted")
            return 130
        except BrokenPipeError:
            # The reader of our output went away (``| head``): point stdout at devnull so
            # the interpreter's final flush does not fail a second time.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_FAILURE
        except Exception as exc:  # a bug: one line and its own status, never a traceback
            _err(f"govinfo: internal error: {type(exc).__name__}: {exc} (please report it)")
            return EXIT_INTERNAL
    return result
