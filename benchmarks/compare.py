"""Two versions of govinfo timed against each other on the same files, in pairs.

Usage::

    git archive <commit> | tar -x -C /tmp/old          # the version to compare with
    python benchmarks/compare.py /tmp/old/src                       # text samples
    python benchmarks/compare.py /tmp/old/src --mode nav --pairs 7  # the 18 MB page

Each pair runs a child process with ``PYTHONPATH`` at the old tree's ``src`` and one with
the new tree's (this checkout's ``src`` unless ``--new`` says otherwise), in alternating
order; each child times its own CPU time (``time.process_time``) over the workload after
one warm-up run. Printed: the median of each side, and the median of the paired ratios
old / new (> 1: the new version is faster). Paired CPU times are what a shared, noisy
machine still measures; this is a measurement, not a test: nothing fails.

Modes (``-n``: repetitions of the workload per child):

- ``seeds``: read + validate the corpus seeds (``../shared/corpus/seeds``);
- ``samples``: read + validate the text samples (2021, 2019, TSV);
- ``html``: read + validate the HTML sample;
- ``nav``: one read + validate of the HTML sample behind 14,000 navigation tables
  (``run.py``'s page), after a warm-up on the sample;
- ``extract``: :func:`govinfo.extraction.extract` alone over the seeds and the two text
  samples, read once beforehand;
- ``read``: :func:`govinfo.api.read_document` alone (detection and the reader) over the
  text samples, the DOCX sample and the corpus DOCX documents: unlike
  ``readers_against.py``, each side has its own ``govinfo.document`` too.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "examples" / "samples"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
MODES = ("seeds", "samples", "html", "nav", "extract", "read")


def _child(mode: str, repeat: int) -> float:
    """CPU seconds per unit of ``mode``'s workload, in this process."""
    import govinfo
    from govinfo.registry import Registry

    registry = Registry(entry_points=False)

    def read_validate(name: str, data: bytes) -> None:
        with contextlib.suppress(govinfo.GovinfoError):  # a refused file still costs its read
            govinfo.validate(govinfo.read(data, name=name, registry=registry))

    text_samples = [SAMPLES / n for n in ("sample-2021.txt", "sample-2019.txt", "sample-2021.tsv")]
    if mode == "nav":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import run

        page = run._navigation_page(14000)
        read_validate("sample-2021.html", (SAMPLES / "sample-2021.html").read_bytes())
        start = time.process_time()
        read_validate("page.html", page)
        return time.process_time() - start
    if mode == "extract":
        from govinfo.api import read_document
        from govinfo.extraction import extract

        documents = []
        for path in [*sorted(SEEDS.iterdir()), *text_samples[:2]]:
            with contextlib.suppress(govinfo.GovinfoError):
                documents.append(read_document(path.read_bytes(), name=path.name, registry=registry))

        def work() -> None:
            for document in documents:
                with contextlib.suppress(govinfo.GovinfoError):
                    extract(document)

        units = len(documents)
    elif mode == "read":
        from govinfo.api import read_document

        corpus_docx = sorted((SEEDS.parent / "real").glob("*.docx"))
        blobs = [(p.name, p.read_bytes()) for p in [*text_samples, SAMPLES / "sample-2021.docx", *corpus_docx]]

        def work() -> None:
            for name, data in blobs:
                with contextlib.suppress(govinfo.GovinfoError):
                    read_document(data, name=name, registry=registry)

        units = len(blobs)
    else:
        paths = {"seeds": sorted(SEEDS.iterdir()), "samples": text_samples, "html": [SAMPLES / "sample-2021.html"]}
        blobs = [(p.name, p.read_bytes()) for p in paths[mode]]

        def work() -> None:
            for name, data in blobs:
                read_validate(name, data)

        units = len(blobs)
    work()
    start = time.process_time()
    for _ in range(repeat):
        work()
    return (time.process_time() - start) / (repeat * units)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", nargs="?", help="the old tree's src directory")
    parser.add_argument("--new", default=str(ROOT / "src"), help="the new tree's src directory (default: this one)")
    parser.add_argument("--mode", choices=MODES, default="samples")
    parser.add_argument("-n", type=int, default=20, help="repetitions of the workload per child")
    parser.add_argument("--pairs", type=int, default=9)
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(_child(args.child, args.n))
        return 0
    if not args.old:
        parser.error("the old tree's src directory is required")

    def run(src: str) -> float:
        env = dict(os.environ, PYTHONPATH=src)
        command = [sys.executable, __file__, "--child", args.mode, "-n", str(args.n)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return float(done.stdout.split()[-1])

    old: list[float] = []
    new: list[float] = []
    for i in range(args.pairs):
        sides = [(old, args.old), (new, args.new)]
        for times, src in sides if i % 2 == 0 else reversed(sides):
            times.append(run(src))
    ratios = [a / b for a, b in zip(old, new, strict=True)]
    unit, scale = ("s", 1.0) if args.mode == "nav" else ("ms", 1000.0)
    print(
        f"{args.mode}: old {statistics.median(old) * scale:.3f} {unit}, new {statistics.median(new) * scale:.3f} "
        f"{unit} (CPU per unit, medians of {args.pairs}); old / new paired: {statistics.median(ratios):.2f}× "
        f"(from {min(ratios):.2f} to {max(ratios):.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
