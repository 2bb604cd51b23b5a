"""Cost grows linearly with the input (issue 7): quadrupling an input must not cost ~16×.

Each case reads and validates a project sample grown by N generated parts (prose lines,
navigation tables around an HTML report, repeated table rows), at N and 4·N. The figure
is the best of several runs of each size, so a busy machine only ever lowers the ratio's
noise; the bound (10× for 4× the input) sits far from linear (4×) and from quadratic (16×).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

import govinfo

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "samples"
BOUND = 10.0


def _cost(make: Callable[[int], bytes], n: int, name: str, runs: int = 5) -> float:
    data = make(n)
    govinfo.validate(govinfo.read(data, name=name))  # warm-up
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        govinfo.validate(govinfo.read(data, name=name))
        best = min(best, time.perf_counter() - start)
    return best


def _prose(n: int) -> bytes:
    text = (SAMPLES / "sample-2021.txt").read_text(encoding="utf-8")
    extra = "".join(f"第{i}项补充说明：本机关按照规定做好有关工作，内容见附件第{i}页。\n" for i in range(n))
    return (text + extra).encode("utf-8")


def _navigation(n: int) -> bytes:
    html = (SAMPLES / "sample-2021.html").read_text(encoding="utf-8")
    chrome = "".join(
        f'<table class="nav"><tr><td><a href="/c{i}">栏目{i}</a></td><td><a href="/d{i}">专题{i}</a></td></tr></table>'
        for i in range(n)
    )
    head, sep, body = html.partition("<body>")
    assert sep, "the sample has a <body>"
    return (head + sep + chrome + body).encode("utf-8")


def _rows(n: int) -> bytes:
    lines = (SAMPLES / "sample-2021.txt").read_text(encoding="utf-8").splitlines()
    extra = [f"|附表行{i}|{i}|{i + 1}|{i + 2}|" for i in range(n)]
    return "\n".join([*lines, "附表", *extra, ""]).encode("utf-8")


@pytest.mark.parametrize(
    ("make", "name", "n"),
    [(_prose, "grown.txt", 400), (_navigation, "grown.html", 300), (_rows, "grown.txt", 300)],
    ids=["prose-lines", "navigation-tables", "table-rows"],
)
def test_cost_grows_linearly(make: Callable[[int], bytes], name: str, n: int) -> None:
    small = _cost(make, n, name)
    large = _cost(make, 4 * n, name)
    assert large / small < BOUND, (
        f"4x the input cost {large / small:.1f}x ({small * 1000:.1f} -> {large * 1000:.1f} ms)"
    )


def test_report_behind_navigation_tables_keeps_its_metadata() -> None:
    """The sample behind 2,000 navigation tables reads as the sample: metadata and cells."""
    page = govinfo.read(_navigation(2000), name="page.html")
    sample = govinfo.read(SAMPLES / "sample-2021.html")
    assert page.metadata.year == sample.metadata.year == 2023
    assert page.metadata.agency == sample.metadata.agency
    assert page.metadata.title == sample.metadata.title
    assert dict(page.cells()) == dict(sample.cells())
    assert not [f for f in govinfo.validate(page).findings if f.severity == "error"]
