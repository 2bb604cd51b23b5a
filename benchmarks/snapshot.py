"""Snapshots of what govinfo makes of a set of documents, to compare two versions.

For every file (the real documents of the shared corpus, the seeds, and the project's own
samples) it writes one JSON file: the report's JSON as ``govinfo.to_json`` gives it, and
the validation findings (code, severity, paths, expected, actual, Chinese message), or the
error that refused the file. ``--compare`` reports every file whose snapshot differs.

Usage::

    .venv/bin/python benchmarks/snapshot.py --write /tmp/before
    ... change the code ...
    .venv/bin/python benchmarks/snapshot.py --compare /tmp/before          # report JSON and findings
    .venv/bin/python benchmarks/snapshot.py --compare /tmp/before --report-only

``--report-only`` compares the report JSON alone (byte for byte) and ignores the findings,
for changes that reword messages on purpose. ``--documents`` snapshots what the readers
make of the same files instead (every block, cell, location and note of the
:class:`~govinfo.document.Document`), plus generated variants of the HTML and DOCX files
(truncated, bytes flipped, behind navigation tables), for reader changes that must not
change the reader's output. The exit status is 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVINFO_CORPUS", ROOT.parent / "shared" / "corpus"))


def documents() -> Iterator[Path]:
    """Every document snapshotted: corpus (when present), seeds, project samples."""
    for folder in (CORPUS / "real", CORPUS / "seeds"):
        if folder.is_dir():
            yield from sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".jsonl")
    for folder in (ROOT / "examples" / "samples", ROOT / "tests" / "samples"):
        yield from sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".json"))


def snapshot(path: Path) -> dict[str, Any]:
    """What govinfo makes of one file."""
    import govinfo

    try:
        report = govinfo.read(path)
    except govinfo.GovinfoError as exc:
        return {"refused": type(exc).__name__}
    findings = [
        {
            "code": f.code,
            "severity": f.severity,
            "paths": list(f.paths),
            "expected": None if f.expected is None else str(f.expected),
            "actual": None if f.actual is None else str(f.actual),
            "message": f.message,
        }
        for f in govinfo.validate(report).findings
    ]
    return {"report": govinfo.to_json(report), "findings": findings}


def _variants(path: Path) -> Iterator[tuple[str, bytes]]:
    """The file itself, and for HTML and DOCX some damaged or padded variants of it."""
    import random

    data = path.read_bytes()
    yield "", data
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".docx"):
        return
    rng = random.Random(path.name)  # the same variants every run
    for k in range(3):
        cut = rng.randrange(len(data) // 4, len(data))
        yield f"-cut{k}", data[:cut]
    if suffix == ".docx":
        return
    for k in range(3):
        flipped = bytearray(data)
        for _ in range(40):
            flipped[rng.randrange(len(flipped))] = rng.choice(b"<>/=\"' \ntdr")
        yield f"-flip{k}", bytes(flipped)
    nav = "".join(
        f'<table class="nav"><tr><td><a href="/c{i}">栏目{i}</a></td><td rowspan="2">专题</td></tr>'
        f"<tr><td>{i}</td></tr></table>"
        for i in range(20)
    ).encode("utf-8")
    head, sep, body = data.partition(b"<body")
    if sep:
        end = body.find(b">") + 1
        yield "-nav", head + sep + body[:end] + nav + body[end:]


def document_snapshot(data: bytes, name: str) -> dict[str, Any]:
    """What the detected reader makes of ``data``: the Document's repr, or the refusal."""
    import govinfo
    from govinfo.api import read_document

    try:
        document = read_document(data, name=name)
    except govinfo.GovinfoError as exc:
        return {"refused": type(exc).__name__, "message": str(exc)}
    return {"document": repr(document)}


def _key(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT)).replace("/", "__")
    except ValueError:
        return "corpus__" + path.parent.name + "__" + path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", metavar="DIR", type=Path)
    action.add_argument("--compare", metavar="DIR", type=Path)
    parser.add_argument("--report-only", action="store_true", help="compare the report JSON only")
    parser.add_argument("--documents", action="store_true", help="snapshot the readers' documents instead")
    args = parser.parse_args(argv)
    differ = 0
    count = 0
    items: Iterator[tuple[str, Path, Any]]
    if args.documents:
        items = (
            (_key(path) + tag, path, lambda d=data, n=path.name: document_snapshot(d, n))
            for path in documents()
            for tag, data in _variants(path)
        )
    else:
        items = ((_key(path), path, lambda p=path: snapshot(p)) for path in documents())
    for key, _path, take in items:
        count += 1
        snap = take()
        target = (args.write or args.compare) / (key + ".json")
        if args.write:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(snap, ensure_ascii=False, indent=1), encoding="utf-8")
            continue
        if not target.exists():
            print(f"new      {key}")
            differ += 1
            continue
        before = json.loads(target.read_text(encoding="utf-8"))
        if args.report_only:
            before.pop("findings", None)
            snap.pop("findings", None)
        if before != snap:
            differ += 1
            what = "report" if before.get("report") != snap.get("report") else "findings"
            if args.documents:
                what = "document"
            print(f"differs  {key} ({what})")
    verb = "written" if args.write else f"compared, {differ} differ"
    print(f"{count} documents {verb}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
