"""Throughput and memory of ``govinfo batch`` over thousands of reports.

Usage::

    python benchmarks/batch.py            # 2,000 reports (and 200 for the memory figure)
    python benchmarks/batch.py -n 500 -r 1   # fewer, once

Writes N reports with the project's own writers, in every layout govinfo reads back
(pipe text, tab text, HTML, DOCX, JSON), each a different agency and year, into a temporary
directory; then runs the batch (cells CSV, findings and reports files, checks across
reports) in a fresh child process with 1 and with 2 jobs, printing reports/s and the CPU
time of the parent process and of its workers, and the peak resident set size of the
parent process for N/10 and N reports (1 job: the reading happens in that process). Each
measurement is repeated (``-r``), interleaved, and the load average is printed, since a
shared machine's other work changes the times. Targets on a 2-core machine: 2 jobs ≥
1.7× the throughput of 1 job; the peak for N within 1.2× of that for N/10. A
measurement, not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ("text", "tabbed", "html", "docx", "json")
EXTENSIONS = {"text": ".txt", "tabbed": ".tsv", "html": ".html", "docx": ".docx", "json": ".json"}

_CHILD = """
import json, resource, sys, time
from govinfo.dataset import write_dataset
folder, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
summary = write_dataset([folder], out + "/cells.csv", findings=out + "/findings.csv",
                        reports=out + "/reports.csv", jobs=jobs)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"files": summary.files, "read": summary.read, "seconds": seconds, "peak_kib": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime, "workers_cpu": workers.ru_utime + workers.ru_stime}))
"""


def _samples() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "examples" / "make_samples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_reports(folder: Path, count: int) -> None:
    """Write ``count`` reports, cycling through the layouts, agencies and years."""
    from govinfo import write

    samples = _samples()
    bases = {t: samples.build_report(t) for t in ("2019", "2021")}  # type: ignore[attr-defined]
    for index in range(count):
        year = 2020 + index % 5
        template = "2019" if year < 2021 else "2021"
        agency = f"云溪市第{index // 5}局"
        base = bases[template]
        meta = attrs.evolve(base.metadata, year=year, agency=agency, title=f"{agency}{year}年政府信息公开工作年度报告")
        layout = LAYOUTS[index % len(LAYOUTS)]
        sub = folder / f"{index // 100:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{index:05d}{EXTENSIONS[layout]}").write_bytes(write(attrs.evolve(base, metadata=meta), layout))


def run_batch(folder: Path, jobs: int) -> dict[str, float]:
    """Run the batch in a fresh child process; its time, peak RSS and CPU (its own and its workers')."""
    with tempfile.TemporaryDirectory(prefix="govinfo-batch-out-") as out:
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder), out, str(jobs)],
            capture_output=True,
            text=True,
            check=True,
        )
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    data["load"] = os.getloadavg()[0]
    return data


def _line(jobs: int, run: dict[str, float]) -> str:
    rate = run["read"] / run["seconds"]
    return (
        f"{jobs} job{'s' if jobs > 1 else ' '}: {run['read']:.0f} of {run['files']:.0f} read in {run['seconds']:.1f} s"
        f" = {rate:.1f} reports/s (CPU: parent {run['cpu']:.1f} s, workers {run['workers_cpu']:.1f} s;"
        f" load after {run['load']:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="reports (default 2000)")
    parser.add_argument("-r", "--repeat", type=int, default=3, help="repetitions of each measurement (default 3)")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="govinfo-batch-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        big.mkdir()
        small.mkdir()
        start = time.perf_counter()
        make_reports(big, args.n)
        make_reports(small, max(args.n // 10, 1))
        print(f"wrote {args.n} + {max(args.n // 10, 1)} reports in {time.perf_counter() - start:.1f} s")
        ratios, peaks = [], []
        for repeat in range(args.repeat):  # 1 job, 2 jobs, N/10: interleaved, so each ratio is of one moment
            one = run_batch(big, 1)
            two = run_batch(big, 2)
            little = run_batch(small, 1)
            ratio = (two["read"] / two["seconds"]) / (one["read"] / one["seconds"])
            peak = one["peak_kib"] / little["peak_kib"]
            ratios.append(ratio)
            peaks.append(peak)
            print(f"run {repeat + 1}:")
            print("  " + _line(1, one))
            print("  " + _line(2, two))
            print(f"  speed-up 2 jobs / 1 job: {ratio:.2f}x")
            print(
                f"  peak RSS, 1 job: {little['peak_kib'] / 1024:.1f} MiB for {little['files']:.0f} reports, "
                f"{one['peak_kib'] / 1024:.1f} MiB for {one['files']:.0f}: {peak:.2f}x"
            )
    print(
        f"speed-up 2 jobs / 1 job: median {statistics.median(ratios):.2f}x, best {max(ratios):.2f}x "
        f"of {len(ratios)} (target >= 1.7)"
    )
    print(f"peak RSS N / N/10: median {statistics.median(peaks):.2f}x, worst {max(peaks):.2f}x (target <= 1.2)")


if __name__ == "__main__":
    main()
