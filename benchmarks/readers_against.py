"""Paired in-process timing of this tree's readers and detection against another tree's.

Usage (the other tree unpacked, e.g. ``git archive 872d6f9 | tar -x -C /tmp/base``)::

    .venv/bin/python benchmarks/readers_against.py /tmp/base/src [pairs]

The other tree's reader modules are loaded under other names; what they import
(``govinfo.document``, ``govinfo.readers._decode`` ...) comes from this tree, so compare
trees that differ in the reader modules only. Each pair runs the other tree's function
and this tree's alternately (CPU time); a line gives the medians and the median of the
per-pair ratios this/other (< 1: this tree is faster). Both must give equal results.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from run import CORPUS, SAMPLES, _navigation_page

from govinfo.readers import docx, html, tabbed, text
from govinfo.registry import Registry

_MODULES = ("text", "tabbed", "html", "docx", "flat", "markdown")


def _load(src: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"other_{name}", src / "govinfo" / "readers" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cases(src: Path) -> list[tuple[str, Callable[[], Any], Callable[[], Any], int]]:
    other = {name: _load(src, name) for name in _MODULES}
    mine = Registry(entry_points=False)

    def theirs(reader: Any) -> Any:
        module = other.get(reader.name)
        return getattr(module, type(reader).__name__)() if module else reader

    their_registry = Registry([theirs(r) for r in mine.readers.values()], entry_points=False)
    cases: list[tuple[str, Callable[[], Any], Callable[[], Any], int]] = []
    for name in ("sample-2021.txt", "sample-2019.txt", "sample-2021.tsv"):
        data = (SAMPLES / name).read_bytes()
        cases.append(
            (
                f"detect {name}",
                lambda d=data: their_registry.detect(bytes(d), "x.txt").name,
                lambda d=data: mine.detect(bytes(d), "x.txt").name,
                20,
            )
        )
    readers = [
        ("sample-2021.txt", "text", text.PipeTextReader, 10),
        ("sample-2019.txt", "text", text.PipeTextReader, 10),
        ("sample-2021.tsv", "tabbed", tabbed.TabbedTextReader, 10),
        ("sample-2021.docx", "docx", docx.DocxReader, 3),
        ("sample-2021.html", "html", html.HtmlReader, 3),
    ]
    files = [(SAMPLES / name, module, cls, inner) for name, module, cls, inner in readers]
    corpus = CORPUS / "real"
    files += [(corpus / "004_blank-template-2021-format.docx", "docx", docx.DocxReader, 2)]
    for name in ("018_pingtan-2019-page.html", "021_pingtan-2022-page.html", "022_pingtan-2023-page.html"):
        files.append((corpus / name, "html", html.HtmlReader, 1))
    for path, module, cls, inner in files:
        if not path.exists():
            continue
        data = path.read_bytes()
        old_cls = getattr(other[module], cls.__name__)
        cases.append(
            (f"read {path.name}", lambda d=data, c=old_cls: c().read(d), lambda d=data, c=cls: c().read(d), inner)
        )
    page = _navigation_page(3000)
    old_html = other["html"].HtmlReader
    label = "read sample + 3,000 nav tables"
    cases.append((label, lambda: old_html().read(page), lambda: html.HtmlReader().read(page), 1))
    return cases


def main(argv: list[str]) -> int:
    """Print one line per case."""
    src = Path(argv[0])
    pairs = int(argv[1]) if len(argv) > 1 else 15
    for label, old, new, inner in _cases(src):
        if old() != new():
            print(f"{label}: the results differ")
            return 1
        ratios: list[float] = []
        times: dict[str, list[float]] = {"old": [], "new": []}
        for i in range(pairs if "nav" not in label else max(3, pairs // 3)):
            order = [("old", old), ("new", new)] if i % 2 == 0 else [("new", new), ("old", old)]
            for key, fn in order:
                start = time.process_time()
                for _ in range(inner):
                    fn()
                times[key].append((time.process_time() - start) / inner)
            ratios.append(times["new"][-1] / times["old"][-1] if times["old"][-1] else float("nan"))
        median = statistics.median
        print(
            f"{label:34s} other {median(times['old']) * 1e3:8.3f} ms  this {median(times['new']) * 1e3:8.3f} ms"
            f"  paired this/other {median(ratios):5.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
