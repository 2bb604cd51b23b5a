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

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def _checked_json(item: _Checked) -> dict[str, Any]:
    from govinfo.serialize import finding_to_dict

    meta = item.report.metadata
    findings = []
    for finding in item.findings:
        data = finding_to_dict(finding)
        location = _finding_location(finding, item.report)
        data["where"] = None if location is None else location.describe()
        findings.append(data)
    return {
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
        return
    _out("  " + ui["counts"].format(errors=item.errors, warnings=item.warnings))
    for finding in item.findings:
        location = _finding_location(finding, item.report)
        _out("  " + render(finding, lang, location=location))
        names = None
        if lang == "en":
            names = {p: _english_name(p, item.report.template) for p in finding.paths}
        details = render_details(finding, lang, names=names, where=False)
        if details:
            _out("      " + details)


def _english_name(path: str, template: str) -> str:
    try:
        return cell_name(path, template, "en")
    except KeyError:
        return path


def _cmd_check(args: argparse.Namespace) -> int:
    registry = _registry()
    checked: list[_Checked] = []
    failed: list[dict[str, Any]] = []
    internal = False
    for file in args.files:
        try:
            report = read(file, format=args.format, registry=registry)
            item = _Checked(file, report, [])
        except Exception as exc:  # one line per file, never a traceback (see _reason)
            internal = internal or not isinstance(exc, GovinfoError | OSError)
            _fail(file, exc)
            failed.append({"file": file, "ok": False, "error": _reason(exc, file)})
            continue
        checked.append(item)
    results = validate_many([item.report for item in checked], cross=not args.no_cross)
    checked = [item._replace(findings=list(r.findings)) for item, r in zip(checked, results, strict=True)]
    pairs, mismatches = results.pairs, results.mismatches
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
    if internal:
        return EXIT_INTERNAL
    if failed:
        return EXIT_FAILURE
    return EXIT_ERRORS if any(item.errors for item in checked) else EXIT_OK


# --- convert ---------------------------------------------------------------------------


def _cmd_convert(args: argparse.Namespace) -> int:
    registry = _registry()
    try:
        writer = registry.get_writer(args.to)
    except GovinfoError as exc:
        _err(f"govinfo: convert: {exc}")
        return EXIT_FAILURE
    if writer.binary and args.output is None and sys.stdout.isatty():
        _err(f"govinfo: {args.to} is binary; not writing it to a terminal (use -o FILE)")
        return EXIT_FAILURE
    try:
        report = read(args.file, format=args.format, registry=registry)
        data = write(report, args.to, registry=registry)
    except Exception as exc:  # GovinfoError, OSError, or a bug: one line either way
        _fail(args.file, exc)
        return EXIT_FAILURE
    if args.output is None:
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


def _cmd_batch(args: argparse.Namespace) -> int:
    from govinfo.api import iter_files, read_many
    from govinfo.writers.csv import COLUMNS, csv_rows

    registry = _registry()
    files = list(iter_files(args.paths, registry=registry, exclude=[args.output] if args.output else []))
    if not files:
        _err("govinfo: batch: no report files found")
        return EXIT_FAILURE
    progress = not args.quiet
    tty = sys.stderr.isatty()
    failures: list[tuple[str, str]] = []
    with_errors = 0
    lines = 0
    results = read_many(files, jobs=max(args.jobs, 0), format=args.format, registry=registry)
    try:
        with _text_output(args.output) as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for index, result in enumerate(results, start=1):
                reason = None if result.error is None else _reason(result.error, result.path)
                if result.report is not None:
                    try:
                        rows = list(csv_rows(result.report))
                        errors = any(f.severity == "error" for f in _findings(result.report))
                    except Exception as exc:  # a bad file must not stop the batch (see _reason)
                        reason = _reason(exc, result.path)
                    else:
                        writer.writerows(rows)
                        lines += len(rows)
                        with_errors += errors
                if reason is not None:
                    failures.append((result.path, reason))
                if progress:
                    status = "ok" if reason is None else "unreadable"
                    end = "" if tty and index < len(files) else "\n"
                    prefix = "\r\x1b[K" if tty else ""
                    sys.stderr.write(f"{prefix}[{index}/{len(files)}] {result.path}: {status}{end}")
                    sys.stderr.flush()
    except OSError as exc:
        _fail(args.output or "<stdout>", exc)
        return EXIT_FAILURE
    target = args.output or "standard output"
    _err(
        f"govinfo: batch: {len(files)} files, {len(files) - len(failures)} read "
        f"({lines} cells to {target}), {with_errors} with error findings, "
        f"{len(failures)} unreadable"
    )
    for file, reason in failures:
        _err(f"govinfo: {file}: {reason}")
    return EXIT_FAILURE if failures else EXIT_OK


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
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--json", action="store_true", help="one JSON document for machines")
    check.add_argument(
        "--no-cross",
        action="store_true",
        help="no checks across files (carry-over between consecutive years of one agency)",
    )
    fmt_option(check)
    lang_option(check)

    convert = add("convert", _cmd_convert, "write a report in another layout")
    convert.add_argument("file", metavar="FILE")
    convert.add_argument(
        "--to",
        required=True,
        metavar="NAME",
        help=f"output layout: {', '.join(w.name for w in BUILTIN_WRITERS)} or a plugin's (govinfo formats)",
    )
    convert.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    fmt_option(convert)

    batch = add("batch", _cmd_batch, "turn many reports into one long CSV")
    batch.add_argument(
        "paths",
        nargs="+",
        metavar="DIR_OR_FILE",
        help="files, or directories searched for files with a reader's extension",
    )
    batch.add_argument("-o", "--output", metavar="OUT", help="CSV file (default: stdout)")
    batch.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0: one per CPU)")
    batch.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
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
