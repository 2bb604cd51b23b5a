"""govinfo.dask on a real distributed.LocalCluster with two worker processes: the rows of ``govinfo batch``."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from govinfo.dataset import FINDING_COLUMNS, write_dataset
from govinfo.writers import write

from .helpers import example_module

samples = example_module("make_samples")


def _year(report: Any, year: int) -> Any:
    meta = attrs.evolve(report.metadata, year=year, title=f"{samples.AGENCY}{year}年政府信息公开工作年度报告")
    return attrs.evolve(report, metadata=meta)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # Imported here, not at collection: distributed changes how exceptions pickle (tblib),
    # which test_api's check of an unpicklable reader error must not see.
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_cluster_gives_the_rows_of_batch(client: Any, tmp_path: Path) -> None:
    import pandas

    import govinfo.dask

    folder = tmp_path / "in"
    folder.mkdir()
    report = samples.build_report("2021")
    (folder / "a.txt").write_bytes(write(report, "text"))
    (folder / "b.docx").write_bytes(write(samples.with_error(report), "docx"))
    (folder / "c.tsv").write_bytes(write(samples.build_report("2019"), "tabbed"))
    (folder / "d.txt").write_bytes(b"\x00\x01 not a report")
    cells_csv, findings_csv = tmp_path / "cells.csv", tmp_path / "findings.csv"
    (folder / "e.html").write_bytes(write(_year(report, 2022), "html"))  # a series: findings across reports
    (folder / "f.txt").write_bytes(write(_year(report, 2023), "text"))
    write_dataset([folder], str(cells_csv), findings=str(findings_csv), jobs=1)
    with cells_csv.open(encoding="utf-8", newline="") as handle:
        batch_cells = [tuple(row) for row in csv.reader(handle)][1:]
    with findings_csv.open(encoding="utf-8", newline="") as handle:
        batch_findings = [tuple(row) for row in csv.reader(handle)][1:]

    cells = govinfo.dask.cells_frame([folder], partition_size=1)
    findings = govinfo.dask.findings_frame([folder], partition_size=1)
    outcomes = govinfo.dask.read_bag([folder], partition_size=1).compute()
    cell_rows = [tuple(row) for row in cells.compute().itertuples(index=False)]
    finding_frame = findings.compute()
    # a blank is None, or <NA> where dask makes the columns strings (its "dataframe.convert-string")
    finding_rows = [
        tuple("" if pandas.isna(v) else str(v) for v in row) for row in finding_frame.itertuples(index=False)
    ]

    assert cells.npartitions == 6
    assert len(client.scheduler_info()["workers"]) == 2
    assert cell_rows == batch_cells
    assert list(finding_frame.columns) == list(FINDING_COLUMNS)
    assert finding_rows == batch_findings
    assert {"table-unchanged", "inconsistent-cell"} <= {row[3] for row in finding_rows}
    assert [o.status for o in outcomes] == ["read", "read", "read", "unreadable", "read", "read"]
    alone = govinfo.dask.findings_frame([folder], partition_size=2, cross=False).compute()
    assert len(alone) < len(finding_frame)
    assert "table-unchanged" not in set(alone["code"])
