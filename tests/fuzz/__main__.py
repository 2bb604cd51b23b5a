"""The long fuzzing campaign: ``python -m tests.fuzz --examples 100000 [--format html]``.

Prints, per layout, the count of each outcome (``report``, ``refused:<error>``, and
``FAIL: …`` for a broken property), the slowest input and the peak memory. Exits 1 when
any property failed or an input took longer than the limit.
"""

from __future__ import annotations

import argparse
import collections
import random
import resource
import sys
import time
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

from govinfo.model import AnnualReport
from govinfo.testing import reports

from .harness import EXTENSION, FORMATS, SLOW, mutate, outcome_of, seed_bytes


def _seeds(count: int) -> list[AnnualReport]:
    found: list[AnnualReport] = []

    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.booleans().flatmap(lambda extras: reports(extras=extras)))
    def collect(report: AnnualReport) -> None:
        found.append(report)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        collect()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs per layout")
    parser.add_argument("--format", choices=FORMATS, action="append", help="layouts (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=None, help="stop each layout after this long")
    parser.add_argument("--save", type=Path, default=None, help="directory to keep failing and slow inputs in")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    seeds = _seeds(20)
    failed = False
    for fmt in args.format or FORMATS:
        base = [seed_bytes(r, fmt) for r in seeds]
        counts: collections.Counter[str] = collections.Counter()
        slowest = (0.0, "")
        started = time.monotonic()
        done = 0
        for n in range(args.examples):
            if args.seconds is not None and time.monotonic() - started > args.seconds:
                break
            data, applied = mutate(rng.choice(base), fmt, rng)
            outcome, seconds, _ = outcome_of(data, "input" + EXTENSION[fmt])
            counts[outcome.split(":")[0] if outcome.startswith("FAIL") else outcome] += 1
            done += 1
            if outcome.startswith("FAIL"):
                failed = True
                print(f"  {fmt} #{n} {'+'.join(applied)}: {outcome}", file=sys.stderr)
                if args.save is not None:
                    args.save.mkdir(parents=True, exist_ok=True)
                    (args.save / f"{fmt}-{n}{EXTENSION[fmt]}").write_bytes(data)
            if seconds > slowest[0]:
                slowest = (seconds, f"#{n} {'+'.join(applied)}")
            if seconds > SLOW and args.save is not None:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{fmt}-{n}-slow{EXTENSION[fmt]}").write_bytes(data)
        failed = failed or slowest[0] > SLOW
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        listed = ", ".join(f"{k} {v}" for k, v in counts.most_common())
        print(f"{fmt}: {done} inputs in {time.monotonic() - started:.0f} s: {listed}")
        print(f"  slowest {slowest[0]:.3f} s ({slowest[1]}); peak memory {peak:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
