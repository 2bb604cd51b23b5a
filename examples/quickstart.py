"""Read a report, check it, print the findings, write it as JSON and as a long CSV.

Usage::

    python examples/quickstart.py [REPORT] [OUTDIR]

REPORT defaults to the sample with one wrong cell; OUTDIR (default: the current
directory) receives ``report.json`` and ``report.csv``. The exit status is 1 when the
report has an error, as with ``govinfo check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import govinfo

SAMPLE = Path(__file__).resolve().parent / "samples" / "sample-2021-with-error.txt"


def main(argv: list[str]) -> int:
    """Run the example on ``argv[0]`` (a report file), writing into ``argv[1]``."""
    path = Path(argv[0]) if argv else SAMPLE
    out = Path(argv[1]) if len(argv) > 1 else Path.cwd()

    report = govinfo.read(path)  # detects the layout: pipe text, tabbed text, HTML, DOCX
    meta = report.metadata
    print(f"{meta.agency} · {meta.year}年 · {meta.template}年格式 · read by {meta.source.reader}")
    print("本年新收申请（总计）:", report.get("applications/new_received/total"))

    result = govinfo.validate(report)
    print(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)")
    for finding in result.findings:
        where = f" ({finding.location})" if finding.location else ""
        print(f"  {finding.severity} {finding.code} {', '.join(finding.paths)}{where}")
        print(f"    {finding.message}")

    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(govinfo.to_json(report), encoding="utf-8")
    (out / "report.csv").write_bytes(govinfo.write(report, "csv"))
    print("wrote", out / "report.json", "and", out / "report.csv")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
