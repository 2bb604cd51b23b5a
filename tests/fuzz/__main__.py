"""The long fuzzing campaign: ``python -m tests.fuzz --examples 100000 [--format html] [--jobs 2]``.

Prints, per layout, the count of each outcome (``report``, ``refused:<error>``, and
``FAIL: …`` for a broken property), the slowest input (CPU seconds) and the peak memory
of the processes that ran it. Exits 1 when any property failed or an input took longer
than the limit.

Every input is read, validated and put through the JSON round trip; every
``--full-every``-th input also goes through every writer and is read back from each
layout (the writers cost about five times the rest, so a long campaign can check many
more inputs with, say, ``--full-every 10``). The inputs of each layout are cut into
:data:`SHARES` shares, each with its own random stream, so they depend on ``--seed``
alone; ``--jobs N`` runs the shares of every layout on N processes.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import random
import resource
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

from govinfo.model import AnnualReport
from govinfo.testing import reports

from .harness import EXTENSION, FORMATS, SLOW, mutate, outcome_of, seed_bytes

SEEDS = 40
"""Consistent reports generated per campaign, written in each layout, then mutated."""
SHARES = 8
"""Shares each layout's inputs are cut into (input ``n`` is in share ``n % SHARES``)."""


def _seeds(count: int, seed: int = 0) -> list[AnnualReport]:
    found: list[AnnualReport] = []

    @hypothesis_seed(seed)
    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.booleans().flatmap(lambda extras: reports(extras=extras)))
    def collect(report: AnnualReport) -> None:
        found.append(report)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        collect()
    return found


def _run(fmt: str, base: list[bytes], share: int, examples: int, options: dict[str, Any]) -> dict[str, Any]:
    """One share of a layout: inputs ``share``, ``share + SHARES``, … below ``examples``."""
    rng = random.Random(f"{options['seed']}/{fmt}/{share}")
    save: Path | None = options["save"]
    counts: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    slowest = (0.0, "")
    started = time.monotonic()
    full = 0
    for n in range(share, examples, SHARES):
        if options["seconds"] is not None and time.monotonic() - started > options["seconds"]:
            break
        data, applied = mutate(rng.choice(base), fmt, rng)
        writers = (n // SHARES) % options["full_every"] == 0  # as many in every share
        full += writers
        outcome, seconds, _ = outcome_of(data, "input" + EXTENSION[fmt], writers=writers)
        counts[outcome.split(":")[0] if outcome.startswith("FAIL") else outcome] += 1
        if outcome.startswith("FAIL"):
            failures.append(f"{fmt} #{n} {'+'.join(applied)}: {outcome}")
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"{fmt}-{n}{EXTENSION[fmt]}").write_bytes(data)
        if seconds > slowest[0]:
            slowest = (seconds, f"#{n} {'+'.join(applied)}")
        if seconds > SLOW and save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{fmt}-{n}-slow{EXTENSION[fmt]}").write_bytes(data)
    return {
        "counts": counts,
        "failures": failures,
        "slowest": slowest,
        "full": full,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "fmt": fmt,
    }


def _star(args: tuple[Any, ...]) -> dict[str, Any]:
    return _run(*args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs per layout")
    parser.add_argument("--format", choices=FORMATS, action="append", help="layouts (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="seeds the generated reports and the mutations")
    parser.add_argument("--seconds", type=float, default=None, help="stop each share of a layout after this long")
    parser.add_argument("--save", type=Path, default=None, help="directory to keep failing and slow inputs in")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="processes (default 1)")
    parser.add_argument(
        "--full-every", type=int, default=1, metavar="N", help="run the writers and re-reads on every N-th input (1)"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.full_every < 1 or args.examples < 0:
        parser.error("--jobs and --full-every must be at least 1, --examples at least 0")
    seeds = _seeds(SEEDS, args.seed)
    options = {"seed": args.seed, "seconds": args.seconds, "save": args.save, "full_every": args.full_every}
    formats = args.format or list(FORMATS)
    bases = {fmt: [seed_bytes(r, fmt) for r in seeds] for fmt in formats}
    tasks = [(fmt, bases[fmt], share, args.examples, options) for fmt in formats for share in range(SHARES)]
    started = time.monotonic()
    results: dict[str, list[dict[str, Any]]] = {fmt: [] for fmt in formats}
    pool = None
    if args.jobs == 1:
        finished: Iterator[dict[str, Any]] = map(_star, tasks)
    else:
        # A fresh process per share: its peak memory is its own.
        pool = multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=1)
        finished = pool.imap_unordered(_star, tasks)
    failed = False
    for result in finished:
        fmt = result["fmt"]
        results[fmt].append(result)
        for line in result["failures"]:
            print(f"  {line}", file=sys.stderr, flush=True)
        if len(results[fmt]) < SHARES:
            print(f"  {fmt}: {len(results[fmt])} of {SHARES} shares done", file=sys.stderr, flush=True)
            continue
        counts: collections.Counter[str] = collections.Counter()
        for r in results[fmt]:
            counts.update(r["counts"])
        slowest = max(r["slowest"] for r in results[fmt])
        peak = max(r["peak"] for r in results[fmt])
        failed = failed or any(r["failures"] for r in results[fmt]) or slowest[0] > SLOW
        listed = ", ".join(f"{k} {v}" for k, v in counts.most_common())
        full = sum(r["full"] for r in results[fmt])
        done = sum(counts.values())
        print(f"{fmt}: {done} inputs ({full} through every writer), {time.monotonic() - started:.0f} s: {listed}")
        print(f"  slowest {slowest[0]:.3f} s CPU ({slowest[1]}); peak memory {peak:.0f} MB", flush=True)
    if pool is not None:
        pool.close()
        pool.join()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
