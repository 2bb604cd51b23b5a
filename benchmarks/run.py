"""Speed and peak memory of reading each layout, relative to a plain parse of the same bytes.

Usage::

    python benchmarks/run.py                 # the samples in examples/samples/
    python benchmarks/run.py FILE... [-n N]  # your own files

For each file, govinfo's full read (detection, reader, extraction) is timed against a
reference that does the least any program must do with those bytes, in the same process:

- pipe and tabbed text: ``bytes.decode`` and ``str.splitlines``;
- HTML: ``lxml.html.document_fromstring``;
- DOCX: opening the zip and ``lxml.etree.fromstring`` of ``word/document.xml``;
- JSON: ``json.loads``; then ``govinfo.from_json`` is what is timed.

PDF (``--pdf FILE...``; by default the corpus PDFs when ``../shared/corpus`` is there) has
its own figure: govinfo's read plus validation against pdfplumber opening the file and
extracting every page's text, run alternately in the same process; the figure is the
median of the paired ratios (and the medians of both times).

Times are the best of N runs (after one warm-up). Memory is measured twice: the growth of
the peak resident set size over one cold run in a fresh child process (``rss``: counts
lxml's C allocations too, page-granular) and the peak of one run under
:mod:`tracemalloc` (``py``: the Python heap only, exact). Ratios are govinfo / reference:
they say what the model, the labels and the provenance cost on top of parsing,
independent of the machine's speed. This is a measurement tool, not a test: nothing
fails whatever the numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.etree
import lxml.html

import govinfo
from govinfo.registry import Registry

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "samples"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
DEFAULT = (
    "sample-2021.txt",
    "sample-2021.tsv",
    "sample-2021.html",
    "sample-2021.docx",
    "sample-2019.txt",
    "sample-2021.json",
)


def _reference(path: Path, data: bytes) -> tuple[str, Callable[[], object]]:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "lxml.html", lambda: lxml.html.document_fromstring(data)
    if suffix == ".docx":

        def unzip_parse() -> object:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return lxml.etree.fromstring(archive.read("word/document.xml"))

        return "zip+lxml", unzip_parse
    if suffix == ".json":
        return "json.loads", lambda: json.loads(data)
    return "splitlines", lambda: data.decode("utf-8", errors="replace").splitlines()


def _subject(path: Path, data: bytes, registry: Registry) -> Callable[[], object]:
    if path.suffix.lower() == ".json":
        return lambda: govinfo.from_json(data)
    return lambda: govinfo.read(data, name=path.name, registry=registry)


def _best_time(func: Callable[[], object], repeat: int) -> float:
    func()  # warm-up: imports, caches
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def _paired(subject: Callable[[], object], reference: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Medians of govinfo's time, the reference's and of their ratio, run alternately in pairs."""
    import statistics

    subject()
    reference()
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(repeat):
        pair = [(subject, ours), (reference, theirs)]
        for func, times in pair if i % 2 == 0 else reversed(pair):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


def import_figure(repeat: int = 7) -> None:
    """Print the wall time of ``import govinfo`` and ``govinfo --version`` in fresh processes."""
    import statistics

    def run(code: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, *code], check=True, capture_output=True)
        return time.perf_counter() - start

    cases = {
        "python (nothing)": ["-c", "pass"],
        "import govinfo": ["-c", "import govinfo"],
        "govinfo --version": ["-m", "govinfo", "--version"],
        "import govinfo + read a text": ["-c", f"import govinfo; govinfo.read({str(SAMPLES / 'sample-2021.txt')!r})"],
    }
    print(f"{'process':<30} {f'ms (median of {repeat})':>20}")
    for label, code in cases.items():
        print(f"{label:<30} {statistics.median(run(code) for _ in range(repeat)) * 1000:>20.0f}")


def _navigation_page(tables: int) -> bytes:
    """The HTML sample behind ``tables`` generated navigation tables (a CMS page's chrome)."""
    html = (SAMPLES / "sample-2021.html").read_text(encoding="utf-8")
    chrome = "".join(
        f'<table class="nav"><tr><td><a href="/c{i}">栏目{i}</a></td><td><a href="/d{i}">专题{i}</a></td>'
        + "".join(f'<td><a href="/e{i}/{k}">{"导航链接" * 24}</a></td>' for k in range(4))
        + "</tr></table>"
        for i in range(tables)
    )
    head, _, body = html.partition("<body>")
    return (head + "<body>" + chrome + body).encode("utf-8")


def tools_figure(repeat: int) -> None:
    """Paired medians of govinfo read+validate against lxml, pandas.read_html and python-docx."""
    registry = Registry(entry_points=False)

    def ours(data: bytes, name: str) -> Callable[[], object]:
        return lambda: govinfo.validate(govinfo.read(data, name=name, registry=registry))

    cases: list[tuple[str, Callable[[], object], str, Callable[[], object]]] = []
    # The LibreOffice export of the samples, and up to three real CMS pages with site chrome.
    html_files = [SAMPLES / "sample-2021.html", *sorted((CORPUS / "real").glob("*-page.htm*"))[:3]]
    for path in html_files:
        data = path.read_bytes()
        cases.append((path.name, ours(data, path.name), "lxml.html", lambda d=data: lxml.html.document_fromstring(d)))
        try:
            import pandas

            cases.append(
                (path.name, ours(data, path.name), "pandas.read_html", lambda d=data: pandas.read_html(io.BytesIO(d)))
            )
        except ImportError:
            pass
    page = _navigation_page(14000)
    cases.append(
        (
            f"navigation page {len(page) >> 20} MB",
            ours(page, "page.html"),
            "lxml.html",
            lambda: lxml.html.document_fromstring(page),
        )
    )
    docx = SAMPLES / "sample-2021.docx"
    data = docx.read_bytes()

    def unzip_parse(d: bytes = data) -> object:
        with zipfile.ZipFile(io.BytesIO(d)) as archive:
            return lxml.etree.fromstring(archive.read("word/document.xml"))

    cases.append((docx.name, ours(data, docx.name), "zip+lxml", unzip_parse))
    try:
        import docx as python_docx

        def every_cell(d: bytes = data) -> object:
            document = python_docx.Document(io.BytesIO(d))
            return [cell.text for table in document.tables for row in table.rows for cell in row.cells]

        cases.append((docx.name, ours(data, docx.name), "python-docx", every_cell))
    except ImportError:
        pass
    print(f"{'read + validate of':<34} {'against':<17} {'govinfo ms':>10} {'theirs ms':>9} {'ratio':>6}")
    for label, subject, ref_name, reference in cases:
        runs = repeat if "page" not in label else max(3, repeat // 10)
        ours_ms, theirs_ms, ratio = _paired(subject, reference, runs)
        print(f"{label:<34} {ref_name:<17} {ours_ms * 1000:>10.2f} {theirs_ms * 1000:>9.2f} {ratio:>6.2f}")
    if not any(name == "pandas.read_html" for _, _, name, _ in cases):
        print("(pandas, python-docx: pip install 'govinfo[bench]')")


def batch_figure(repeat: int) -> None:
    """Reports per second over the seeds (or the samples), read + validate, one process."""
    import statistics

    folder = CORPUS / "seeds"
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    files = files or [SAMPLES / name for name in DEFAULT if not name.endswith(".json")]
    blobs = [(p.name, p.read_bytes()) for p in files]
    registry = Registry(entry_points=False)

    def batch() -> None:
        for name, data in blobs:
            with contextlib.suppress(govinfo.GovinfoError):  # a refused seed still costs its read
                govinfo.validate(govinfo.read(data, name=name, registry=registry))

    batch()
    times = []
    for _ in range(max(3, repeat // 5)):
        start = time.perf_counter()
        batch()
        times.append(time.perf_counter() - start)
    print(
        f"batch: {len(blobs)} files from {files[0].parent.name}/, {len(blobs) / statistics.median(times):.0f} reports/s"
    )


def _peak_memory(func: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def _rss_growth_child(which: str, path: Path) -> int:
    """In a fresh process: KiB by which one cold run raises the peak resident set size."""
    data = path.read_bytes()
    registry = Registry(entry_points=False)
    # Import everything a read touches before the baseline, without running a read.
    import govinfo.extraction
    import govinfo.serialize  # noqa: F401

    assert registry.readers
    func = _subject(path, data, registry) if which == "govinfo" else _reference(path, data)[1]
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = func()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del result
    return max(after - before, 0)


def _rss_growth(which: str, path: Path) -> int:
    out = subprocess.run(
        [sys.executable, __file__, "--rss-child", which, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


def pdf_figure(files: list[Path], repeat: int) -> None:
    """Print govinfo read+validate vs pdfplumber text of every page, paired medians."""
    try:
        import pdfplumber
    except ImportError:
        print("PDF: pdfplumber is not installed (pip install 'govinfo[pdf]')")
        return
    import statistics

    def plumber(data: bytes) -> object:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() for page in pdf.pages]

    registry = Registry(entry_points=False)
    print(f"{'PDF':<32} {'pages':>5} {'govinfo ms':>10} {'pdfplumber ms':>13} {'ratio':>6}")
    all_ratios: list[float] = []
    for path in files:
        data = path.read_bytes()

        def subject(data: bytes = data, name: str = path.name) -> object:
            return govinfo.validate(govinfo.read(data, name=name, registry=registry))

        subject()
        plumber(data)
        ours: list[float] = []
        theirs: list[float] = []
        for i in range(repeat):
            pair = [(subject, ours), (lambda data=data: plumber(data), theirs)]
            for func, times in pair if i % 2 == 0 else reversed(pair):
                start = time.perf_counter()
                func()
                times.append(time.perf_counter() - start)
        ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
        all_ratios += ratios
        pages = len(plumber(data))  # type: ignore[arg-type]
        print(
            f"{path.name:<32} {pages:>5} {statistics.median(ours) * 1000:>10.1f} "
            f"{statistics.median(theirs) * 1000:>13.1f} {statistics.median(ratios):>6.2f}"
        )
    if all_ratios:
        print(f"{'median of all pairs':<32} {'':>5} {'':>10} {'':>13} {statistics.median(all_ratios):>6.2f}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="*", type=Path, help="files to read (default: the samples)")
    parser.add_argument("-n", "--repeat", type=int, default=50, help="timed runs per file (50)")
    parser.add_argument("--pdf", nargs="*", type=Path, help="PDFs for the PDF figure (default: the corpus PDFs)")
    parser.add_argument("--rss-child", nargs=2, metavar=("WHICH", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        print(_rss_growth_child(args.rss_child[0], Path(args.rss_child[1])))
        return 0
    files = args.files or [SAMPLES / name for name in DEFAULT if (SAMPLES / name).exists()]
    registry = Registry(entry_points=False)

    w = max([22, *(len(path.name) for path in files)])
    header = (
        f"{'file':<{w}} {'bytes':>6} {'reference':<11} {'govinfo ms':>10} {'ref ms':>7} "
        f"{'time x':>7} {'paired x':>8} {'per s':>6} "
        f"{'rss KiB':>8} {'ref rss':>7} {'rss x':>6} {'py KiB':>7} {'ref py':>6}"
    )
    print(header)
    print("-" * len(header))
    for path in files:
        data = path.read_bytes()
        ref_name, reference = _reference(path, data)
        subject = _subject(path, data, registry)
        t_subject = _best_time(subject, args.repeat)
        t_reference = _best_time(reference, args.repeat)
        m_subject, _, paired = _paired(subject, reference, args.repeat)
        py_subject = _peak_memory(subject)
        py_reference = _peak_memory(reference)
        rss_subject = _rss_growth("govinfo", path)
        rss_reference = _rss_growth("reference", path)
        rss_ratio = f"{rss_subject / rss_reference:>6.1f}" if rss_reference else f"{'-':>6}"
        print(
            f"{path.name:<{w}} {len(data):>6} {ref_name:<11} {t_subject * 1000:>10.2f} "
            f"{t_reference * 1000:>7.3f} {t_subject / t_reference:>7.1f} {paired:>8.1f} {1 / m_subject:>6.0f} "
            f"{rss_subject:>8} {rss_reference:>7} {rss_ratio} "
            f"{py_subject / 1024:>7.0f} {py_reference / 1024:>6.0f}"
        )
    print()
    print("time x, rss x: govinfo / reference. rss: growth of peak RSS over one cold run in a")
    print("fresh process ('-': the reference fits in memory already mapped); py: tracemalloc")
    print("peak (Python heap only; lxml's own memory is not in it). paired x: median of the")
    print("ratios of alternated runs; per s: govinfo reads per second (median run, one core).")
    print()
    tools_figure(args.repeat)
    print()
    batch_figure(args.repeat)
    print()
    import_figure()
    pdfs = args.pdf if args.pdf else sorted((CORPUS / "real").glob("*.pdf"))
    if pdfs:
        print()
        pdf_figure(pdfs, max(5, min(args.repeat, 15)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
