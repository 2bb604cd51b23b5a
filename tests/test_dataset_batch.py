"""``govinfo batch`` in chunks: the same bytes whatever the jobs, resume after Ctrl-C, SIGTERM and SIGKILL."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
import govinfo.registry
from govinfo.dataset import find_sources, write_dataset
from govinfo.dataset.chunks import chunked, entry_from_json, entry_to_json
from govinfo.dataset.journal import JOURNAL
from govinfo.dataset.sources import Source
from govinfo.errors import WriteError
from govinfo.registry import Registry
from govinfo.testing import reports
from govinfo.validation.cross import series_entry
from govinfo.writers import write

from .helpers import example_module

samples = example_module("make_samples")
LAYOUTS = ("text", "tabbed", "html", "docx", "json")


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Registry:
    registry = Registry(entry_points=False)
    monkeypatch.setattr(govinfo.registry, "default_registry", registry)
    return registry


def _reports(folder: Path, count: int, *, layouts: tuple[str, ...] = LAYOUTS) -> Path:
    """``count`` reports of a few agencies over the years (series, so the checks across reports find things)."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = {t: samples.build_report(t) for t in ("2019", "2021")}
    for index in range(count):
        year = 2020 + index % 4
        agency = f"云溪市第{index // 4}局"
        base = bases["2019" if year < 2021 else "2021"]
        if index % 7 == 3:
            base = samples.with_error(base)
        meta = attrs.evolve(base.metadata, year=year, agency=agency, title=f"{agency}{year}年政府信息公开工作年度报告")
        layout = layouts[index % len(layouts)]
        data = write(attrs.evolve(base, metadata=meta), layout)
        (folder / f"{index:04d}.{layout}").write_bytes(data)
    (folder / "zz-notes.md").write_text("# 会议纪要\n", encoding="utf-8")  # unreadable: accounted for too
    return folder


def _outputs(out: Path, cells: str, findings: str, reports: str) -> dict[str, Any]:
    return {
        "output": str(out / f"cells.{cells}"),
        "findings": str(out / f"f.{findings}"),
        "reports": str(out / f"r.{reports}"),
    }


def _bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


FORMATS = [
    ("csv", "csv", "csv"),
    ("jsonl", "jsonl", "csv"),
    ("parquet", "parquet", "parquet"),
    ("sqlite", "jsonl", "csv"),
]


@pytest.mark.parametrize(("cells", "findings", "reports"), FORMATS)
def test_same_bytes_whatever_the_jobs_and_the_chunks(tmp_path: Path, cells: str, findings: str, reports: str) -> None:
    if "parquet" in (cells, findings, reports):
        pytest.importorskip("pyarrow")
    folder = _reports(tmp_path / "in", 23)
    results = {}
    for jobs, chunk in ((1, 8), (2, 8), (2, 1), (1, 3)):
        out = tmp_path / f"out-{jobs}-{chunk}"
        out.mkdir()
        summary = write_dataset([folder], **_outputs(out, cells, findings, reports), jobs=jobs, chunk=chunk)
        assert summary.files == 24
        assert summary.read == 23
        assert summary.findings["inconsistent-cell"] > 0
        assert summary.findings["table-unchanged"] > 0  # across reports, from the journal
        results[(jobs, chunk)] = _bytes(out)
        assert sorted(p.name for p in out.iterdir()) == sorted(results[(jobs, chunk)])  # no work directory left
    assert results[(1, 8)] == results[(2, 8)]
    if cells != "sqlite":  # SQLite: the same rows, but the pages depend on how the parts were inserted
        assert results[(1, 8)] == results[(2, 1)] == results[(1, 3)]


def test_sqlite_same_rows_whatever_the_chunks(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 12)
    dumps = []
    for chunk in (1, 8):
        out = tmp_path / f"{chunk}.sqlite"
        write_dataset([folder], str(out), jobs=2, chunk=chunk)
        dumps.append(list(sqlite3.connect(out).iterdump()))
    assert dumps[0] == dumps[1]


def _names(draw: Any) -> list[str]:
    return draw(st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=60))


@given(st.data(), st.integers(1, 9))
def test_chunks_depend_on_the_names_only(data: st.DataObject, size: int) -> None:
    names = _names(data.draw)
    sources = [Source(n, n) for n in names]
    chunks = list(chunked(sources, size))
    assert [s for c in chunks for s in c] == sources
    assert all(1 <= len(c) <= 4 * size for c in chunks)
    # an input added changes only the chunks around it: those before it stay
    extra = data.draw(st.text(min_size=7, max_size=9))
    at = data.draw(st.integers(0, len(sources)))
    changed = list(chunked([*sources[:at], Source(extra, extra), *sources[at:]], size))
    before = [c for c in chunks[:-1] if sources.index(c[-1]) < at]  # the last one may grow
    assert changed[: len(before)] == before


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "govinfo", "batch", *args]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_and_stop(
    argv: list[str], workdir: Path, sig: int, *, chunks: int = 2
) -> tuple[subprocess.Popen[bytes], list[int]]:
    """Start ``govinfo batch``; send ``sig`` once ``chunks`` chunks are written, before it ends."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    children: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if Path("/proc").is_dir():
            children = sorted(set(children) | set(_children(process.pid)))
        if workdir.is_dir() and len(list(workdir.glob("*.cells.csv"))) >= chunks:
            process.send_signal(sig)
            break
        time.sleep(0.005)
    process.wait(timeout=120)
    return process, children


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _reports(tmp_path_factory.mktemp("many") / "in", 160, layouts=("text", "tabbed", "html"))


def _reference(many: Path, tmp_path: Path) -> dict[str, bytes]:
    ref = tmp_path / "ref"
    ref.mkdir()
    write_dataset([many], **_outputs(ref, "csv", "csv", "csv"), jobs=1)
    return _bytes(ref)


def _done_before(stderr: bytes) -> int:
    text = stderr.decode()
    assert ", 0 unreadable" not in text
    return int(text.split(" done before")[0].rsplit(", ", 1)[1])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_sigkill_then_resume(many: Path, tmp_path: Path) -> None:
    """A hard kill leaves the earlier outputs untouched; --resume redoes only the chunks not done."""
    reference = _reference(many, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    outputs = ["-o", str(out / "cells.csv"), "--findings", str(out / "f.csv"), "--reports", str(out / "r.csv")]
    earlier = subprocess.run(_cli(str(many / "0000.text"), *outputs, "-q"), capture_output=True, check=False)
    assert earlier.returncode == 0, earlier.stderr
    before = _bytes(out)

    process, children = _start_and_stop(
        _cli(str(many), *outputs, "-q", "-j", "2"), out / ".cells.csv.batch", signal.SIGKILL
    )
    assert process.returncode == -signal.SIGKILL, "the batch ended before it was killed"
    assert _bytes(out) == before  # the earlier outputs are whole, untouched
    journal = sqlite3.connect(out / ".cells.csv.batch" / JOURNAL)
    done = journal.execute("SELECT count(*) FROM items").fetchone()[0]
    journal.close()
    assert 0 < done < 161
    if children:  # the workers end with their parent, not left running
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(c) for c in children)

    again = subprocess.run(_cli(str(many), *outputs, "-q", "-j", "2", "--resume"), capture_output=True, check=False)
    assert again.returncode == 2, again.stderr  # the Markdown file is unreadable
    assert _done_before(again.stderr) == done  # what the journal had is not read again
    assert _bytes(out) == reference
    assert not (out / ".cells.csv.batch").exists()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
def test_sigterm_writes_the_files_done_then_resume(many: Path, tmp_path: Path) -> None:
    reference = _reference(many, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    outputs = ["-o", str(out / "cells.csv"), "--findings", str(out / "f.csv"), "--reports", str(out / "r.csv")]

    process, _ = _start_and_stop(_cli(str(many), *outputs, "-j", "2"), out / ".cells.csv.batch", signal.SIGTERM)
    stderr = process.stderr.read() if process.stderr else b""
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr
    with (out / "r.csv").open(encoding="utf-8", newline="") as handle:
        done = [row["file"] for row in csv.DictReader(handle)]
    order = [s.name for s in find_sources([many])]
    assert 0 < len(done) < len(order)
    assert done == [name for name in order if name in set(done)]  # in input order
    with (out / "cells.csv").open(encoding="utf-8", newline="") as handle:
        sources = {row["source"] for row in csv.DictReader(handle)}
    assert sources == {name for name in done if not name.endswith(".md")}  # well-formed, every cell of the files done

    again = subprocess.run(_cli(str(many), *outputs, "-q", "-j", "2", "--resume"), capture_output=True, check=False)
    assert again.returncode == 2, again.stderr
    assert _done_before(again.stderr) == len(done)
    assert _bytes(out) == reference


def test_resume_after_the_inputs_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Resume redoes the chunks whose inputs changed (added, modified); the outputs are those of a fresh run."""
    monkeypatch.chdir(tmp_path)  # relative names: the chunks (cut by name) are the same every time
    folder = _reports(Path("in"), 14)
    out = tmp_path / "cells.jsonl"
    seen: list[str] = []

    def stop(outcome: Any) -> None:
        seen.append(outcome.file)
        if len(seen) == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_dataset([folder], str(out), jobs=1, chunk=2, progress=stop)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    done = [line["file"] for line in lines]
    assert done == [s.name for s in find_sources([folder])][: len(done)]  # the chunks done, in order
    assert set(seen) <= set(done)
    assert {line["kind"] for line in lines} == {"report"}  # no checks across reports yet
    (folder / "0001.tabbed").write_bytes(write(samples.build_report("2019"), "html"))  # modified, done before
    os.utime(folder / "0001.tabbed", ns=(1, 1))
    (folder / "0007b.text").write_bytes(write(samples.build_report("2021"), "text"))  # added
    redone: list[str] = []
    summary = write_dataset([folder], str(out), jobs=2, chunk=2, resume=True, progress=lambda o: redone.append(o.file))
    fresh = tmp_path / "fresh.jsonl"
    write_dataset([folder], str(fresh), jobs=1, chunk=2)
    assert out.read_bytes() == fresh.read_bytes()
    assert str(folder / "0001.tabbed") in redone
    assert str(folder / "0007b.text") in redone
    assert done == [str(folder / f"{i:04d}.{LAYOUTS[i % 5]}") for i in range(7)]  # chunks [0], [1, 2] … [5, 6]
    assert summary.resumed == 5  # the chunk [1, 2] of the modified file was redone
    assert summary.resumed + len(redone) == summary.files == 16


def test_resume_refuses_other_outputs_and_a_finished_batch(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 6)
    out = tmp_path / "cells.csv"

    def stop(outcome: Any) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_dataset([folder], str(out), jobs=1, chunk=1, progress=stop)
    with pytest.raises(WriteError, match="other outputs or options"):
        write_dataset([folder], str(out), findings=str(tmp_path / "f.csv"), resume=True)
    with pytest.raises(WriteError, match="other outputs or options"):
        write_dataset([folder], str(out), resume=True, cross=False)
    write_dataset([folder], str(out), resume=True, chunk=1)
    with pytest.raises(WriteError, match="complete"):
        write_dataset([folder], str(out), resume=True)
    assert write_dataset([folder], str(out)).files == 7  # without resume: afresh


def test_resume_reads_again_a_chunk_whose_parts_are_gone(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 8)
    out, whole = tmp_path / "cells.sqlite", tmp_path / "whole.sqlite"
    write_dataset([folder], str(whole), jobs=1, chunk=1)
    seen: list[str] = []

    def stop(outcome: Any) -> None:
        seen.append(outcome.file)
        if len(seen) == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_dataset([folder], str(out), jobs=1, chunk=1, progress=stop)
    parts = sorted((tmp_path / ".cells.sqlite.batch").glob("*.cells.sqlite"))
    assert len(parts) == 4
    parts[0].unlink()
    summary = write_dataset([folder], str(out), jobs=2, chunk=1, resume=True)
    assert summary.resumed == 3
    assert list(sqlite3.connect(out).iterdump()) == list(sqlite3.connect(whole).iterdump())


@given(reports(blanks=True))
def test_series_summaries_survive_the_journal(report: govinfo.AnnualReport) -> None:
    """A report's summary for the checks across reports comes back from its JSON exactly."""
    entry = series_entry(report)
    assert entry_from_json(entry_to_json(entry)) == entry
