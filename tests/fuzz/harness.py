"""Mutations of written reports and the properties every mutated input must keep.

The seeds are consistent reports (:func:`govinfo.testing.reports`) written in each layout
(``text``, ``tabbed``, ``html``, ``docx``, ``json``, and crawled text: the pipe text with
its cells run together). A mutation changes the bytes (truncation, byte flips, dropped,
duplicated or swapped lines and cells, nesting), the numbers (huge, negative, decimal,
fullwidth, digitless ``〇``/``O``/``l``, foreign digits), the labels (typos), the encoding,
or a DOCX's zip members (LZMA or bzip2 with spoiled data, truncated members). For each
input :func:`check` asserts:

- ``read`` returns a report or raises a :class:`~govinfo.errors.GovinfoError`;
- on a report, ``validate``, ``to_json``/``from_json`` and every writer never raise;
- ``from_json(to_json(r)) == r``, and each layout gives the cells, the tables the form
  lacks (``extras``) and metadata back (or says why it cannot: ``WriteError``);
- nothing takes more than :data:`SLOW` seconds.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from collections.abc import Callable
from typing import Any

import attrs

from govinfo.api import read
from govinfo.errors import GovinfoError, WriteError
from govinfo.model import AnnualReport
from govinfo.serialize import from_json, to_json
from govinfo.validation import validate
from govinfo.writers import write

__all__ = ["FORMATS", "MUTATIONS", "SLOW", "check", "crawled", "mutate", "seed_bytes"]

FORMATS = ("text", "tabbed", "html", "docx", "json", "crawled")
WRITERS = ("json", "csv", "text", "tabbed", "html", "docx")
ROUND_TRIP = ("json", "text", "tabbed", "html", "docx")
SLOW = 1.0
"""CPU seconds one input may take: read, validate, every writer and the re-reads together
(process time, so a loaded machine does not make an input look slow)."""
EXTENSION = {"text": ".txt", "tabbed": ".tsv", "html": ".html", "docx": ".docx", "json": ".json", "crawled": ".txt"}

_NUMBERS = (
    "9" * 20, "1" + "0" * 15, "7" * 5000, "-3", "+4", "2.5", "0.000000000001", "１２", "〇", "O", "l",
    "٣", "⑤", "1e999999999", "NaN", "", " ", "/", "3,985,758", "12元",
)  # fmt: skip


def crawled(report: AnnualReport) -> bytes:
    """A crawler's text of ``report``: the pipe layout on one line, the cells run together."""
    text = write(report, "text").decode("utf-8")
    lines = [line.rstrip(" |") for line in text.splitlines()]
    header = "标题: " + (report.metadata.title or "") + "\n==================== 正文 ====================\n"
    return (header + "".join(lines) + "\n").encode("utf-8")


def seed_bytes(report: AnnualReport, fmt: str) -> bytes:
    """``report`` written in layout ``fmt`` (without its extra tables where the layout refuses them)."""
    try:
        return crawled(report) if fmt == "crawled" else write(report, fmt)
    except WriteError:
        report = attrs.evolve(report, extras=())
        return crawled(report) if fmt == "crawled" else write(report, fmt)


# --- mutations ------------------------------------------------------------------------------


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    how = rng.choice(("drop", "dup", "swap"))
    if how == "drop":
        del lines[i]
    elif how == "dup":
        lines.insert(j, lines[i])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _cells(data: bytes, rng: random.Random) -> bytes:
    """Drop, duplicate or swap one cell of a text layout (a ``|``- or tab-separated piece)."""
    text = data.decode("utf-8", "replace")
    sep = "\t" if "\t" in text else "|"
    pieces = text.split(sep)
    if len(pieces) < 3:
        return data
    i, j = rng.randrange(len(pieces)), rng.randrange(len(pieces))
    how = rng.choice(("drop", "dup", "swap"))
    if how == "drop":
        del pieces[i]
    elif how == "dup":
        pieces.insert(j, pieces[i])
    else:
        pieces[i], pieces[j] = pieces[j], pieces[i]
    return sep.join(pieces).encode("utf-8")


def _number(data: bytes, rng: random.Random) -> bytes:
    """Replace one number of the text with a strange one."""
    text = data.decode("utf-8", "replace")
    spots = [i for i, c in enumerate(text) if c.isdigit() and (i == 0 or not text[i - 1].isdigit())]
    if not spots:
        return data
    start = rng.choice(spots)
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return (text[:start] + rng.choice(_NUMBERS) + text[end:]).encode("utf-8")


def _typo(data: bytes, rng: random.Random) -> bytes:
    """Drop or double one Han character (a label typo)."""
    text = data.decode("utf-8", "replace")
    han = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return data
    i = rng.choice(han)
    return (text[:i] + (text[i] * 2 if rng.random() < 0.5 else "") + text[i + 1 :]).encode("utf-8")


def _encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    encoding = rng.choice(("gb18030", "utf-16", "big5", "latin-1", "utf-8-sig"))
    return text.encode(encoding, "replace")


def _nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((10, 100, 3000, 50_000))
    if data.lstrip().startswith(b"{"):
        return b'{"format_version": 1, "metadata": ' + b"[" * depth + b"]" * depth + b"}"
    return b"<table><tr><td>" * depth + data


def _zip(data: bytes, rng: random.Random) -> bytes:
    """Recompress, truncate or spoil one member of a zip package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            members = [(info, src.read(info)) for info in src.infolist()]
    except Exception:
        return _flip(data, rng)
    out = io.BytesIO()
    victim = rng.randrange(len(members)) if members else -1
    how = rng.choice(("lzma", "bzip2", "truncate", "garbage", "huge"))
    with zipfile.ZipFile(out, "w") as dst:
        for n, (info, body) in enumerate(members):
            compress = info.compress_type
            if n == victim:
                if how in ("lzma", "bzip2"):
                    compress = zipfile.ZIP_LZMA if how == "lzma" else zipfile.ZIP_BZIP2
                elif how == "truncate":
                    body = body[: rng.randrange(len(body) + 1)]
                elif how == "garbage":
                    body = bytes(rng.randrange(256) for _ in range(64)) + body
                else:
                    body = body + b" " * 2_000_000
            dst.writestr(info, body, compress_type=compress)
    result = bytearray(out.getvalue())
    if how in ("lzma", "bzip2"):
        # Spoil some bytes of the compressed data (the LZMA properties come first).
        at = result.find(b"PK\x03\x04")
        for _ in range(3):
            if at >= 0 and len(result) > at + 60:
                result[rng.randrange(at + 30, min(len(result), at + 200))] = rng.randrange(256)
    return bytes(result)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": _truncate,
    "flip": _flip,
    "lines": _lines,
    "cells": _cells,
    "number": _number,
    "typo": _typo,
    "encoding": _encoding,
    "nesting": _nesting,
    "zip": _zip,
}


def mutate(data: bytes, fmt: str, rng: random.Random, steps: int | None = None) -> tuple[bytes, list[str]]:
    """Apply one to three mutations fitting ``fmt``; return the bytes and their names."""
    names = [n for n in MUTATIONS if (n == "zip") == (fmt == "docx") or n in ("truncate", "flip")]
    applied = []
    for _ in range(steps if steps is not None else rng.randint(1, 3)):
        name = rng.choice(names)
        data = MUTATIONS[name](data, rng)
        applied.append(name)
    return data, applied


# --- the properties -------------------------------------------------------------------------


def _same(a: AnnualReport, b: AnnualReport) -> bool:
    keep = ("template",)  # agency and year come back from the title, which JSON may leave inconsistent
    return (
        list(a.cells()) == list(b.cells())
        and a.extras == b.extras
        and all(getattr(a.metadata, k) == getattr(b.metadata, k) for k in keep)
    )


def check(data: bytes, name: str, *, writers: bool = True) -> tuple[str, float]:
    """Run every property on one input; return (outcome, CPU seconds). Raises AssertionError.

    With ``writers=False`` only ``read``, ``validate`` and the JSON round trip run (the
    campaign's cheaper pass; see ``python -m tests.fuzz --full-every``).
    """
    started = time.process_time()
    try:
        report = read(data, name=name)
    except GovinfoError as exc:
        return f"refused:{type(exc).__name__}", time.process_time() - started
    except Exception as exc:
        raise AssertionError(f"read raised {type(exc).__name__}: {exc}") from exc
    problems: list[str] = []
    unwritable: list[str] = []
    try:
        validate(report)
        text = to_json(report)
        if from_json(text) != report:
            problems.append("from_json(to_json(r)) != r")
        for fmt in WRITERS if writers else ():
            try:
                out = write(report, fmt)
            except WriteError as exc:
                # Allowed when the writer says why (a layout that cannot hold the report).
                if fmt in ("json", "csv") or not str(exc):
                    raise
                unwritable.append(fmt)
                continue
            if fmt in ROUND_TRIP and fmt != "json":
                try:
                    back = read(out, name="report" + EXTENSION[fmt])
                except GovinfoError as exc:
                    problems.append(f"{fmt}: what it wrote is refused: {exc}")
                    continue
                if not _same(back, report):
                    problems.append(f"{fmt}: read(write(r)) differs")
    except Exception as exc:
        raise AssertionError(f"a step after read raised {type(exc).__name__}: {exc}") from exc
    seconds = time.process_time() - started
    if problems:
        raise AssertionError("; ".join(problems))
    return ("report, unwritable in " + "+".join(unwritable)) if unwritable else "report", seconds


def outcome_of(data: bytes, name: str, *, writers: bool = True) -> tuple[str, float, Any]:
    """Like :func:`check`, but a failed property is an outcome (``"FAIL: …"``), not an exception."""
    started = time.process_time()
    try:
        outcome, seconds = check(data, name, writers=writers)
    except AssertionError as exc:
        return f"FAIL: {str(exc)[:160]}", time.process_time() - started, exc
    return outcome, seconds, None
