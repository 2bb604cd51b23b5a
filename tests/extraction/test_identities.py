"""The digit-run solver takes its equations from the form: a made-up identity changes what it decides."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import govinfo.findings as findings_module
from govinfo.document import Cell, Document, Location, Table
from govinfo.extraction import extract
from govinfo.extraction.runs import Equation, joint_identities, run_equations, solve_run
from govinfo.findings import Code, register_code
from govinfo.form import NATIONAL, Form, Identity, Term
from govinfo.model import AnnualReport
from govinfo.readers.flat import FlatTextReader

from ..readers.test_flat import crawled

MADE_UP = "made-up"


@pytest.fixture
def made_up_code() -> Iterator[None]:
    """The code the made-up identities carry, in the catalogue for the test only."""
    register_code(Code(MADE_UP, "error", "arithmetic", "编造的关系", "A made-up identity"))
    yield
    findings_module._CATALOGUE.pop(MADE_UP, None)  # there is no public unregister


def _regulations_form() -> Form:
    # 规章: in force = issued + repealed (not an identity of the national form).
    return NATIONAL.with_identities(
        Identity(MADE_UP, "active", "row", total=("in_force",), parts=("issued", "repealed"), rows=("regulations",))
    )


def _crawled_report(form: Form) -> AnnualReport:
    text = crawled().replace("现行有效件数规章000", "现行有效件数规章1910")
    assert "规章1910行政规范性文件" in text
    document = FlatTextReader().read(text.encode(), name="page.txt")
    assert isinstance(document, Document)
    return extract(document, form=form)


REGULATIONS = tuple(f"active/regulations/{c}" for c in ("issued", "repealed", "in_force"))


def _cells(report: AnnualReport, paths: tuple[str, ...]) -> list[object]:
    values = dict(report.cells())
    return [values[p] for p in paths]


def test_without_the_identity_a_table_2_run_is_ambiguous() -> None:
    report = _crawled_report(NATIONAL)
    assert report.template == "2021"
    assert _cells(report, REGULATIONS) == [None, None, None]
    (ambiguous,) = [f for f in report.findings if f.code == "ambiguous-run"]
    assert ambiguous.paths == REGULATIONS
    for split in ("1|9|10", "1|91|0", "19|1|0"):
        assert split in ambiguous.message
    assert "表二没有勾稽关系可以判定，有3种拆分" in ambiguous.message
    assert ambiguous.message_en.startswith("Table 2, row Regulations: its 3 values ran together")


@pytest.mark.usefixtures("made_up_code")
def test_a_made_up_row_identity_splits_the_table_2_run() -> None:
    report = _crawled_report(_regulations_form())
    assert _cells(report, REGULATIONS) == [1, 9, 10]
    assert not [f for f in report.findings if f.code == "ambiguous-run"]
    notes = [f for f in report.findings if f.code == "split-run" and set(REGULATIONS) <= set(f.paths)]
    assert len(notes) == 1  # split by the identities, and said so
    # The rest of the report reads as with the national form.
    national = dict(_crawled_report(NATIONAL).cells())
    assert {p: v for p, v in report.cells() if p not in REGULATIONS} == {
        p: v for p, v in national.items() if p not in REGULATIONS
    }


def test_the_made_up_identity_becomes_the_runs_equation() -> None:
    form = _regulations_form()
    rows = form.table("active").rows_for("2021")
    regulations, normative = rows[0], rows[1]
    assert run_equations(form, "active", (regulations,)) == (Equation((2,), (0, 1), MADE_UP),)
    assert run_equations(form, "active", (normative,)) == ()  # it names 规章 only
    assert run_equations(NATIONAL, "active", (regulations,)) == ()
    # The 2019 row has other columns: the identity does not hold in it.
    assert run_equations(form, "active", (form.table("active").row("regulations", "2019"),)) == ()


# --- a made-up column identity over table 3 -----------------------------------------------


def _table_3_document() -> Document:
    """Two rows of table 3: 予以公开 as a run of digits, 部分公开 read normally."""
    rows = [
        ["（一）予以公开", "270020130"],
        ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "27", "0", "0", "2", "0", "1", "30"],
    ]
    cells = [
        [Cell(text, Location(table=1, row=r + 1, column=c + 1), joined=(c == 1 and r == 0)) for c, text in
         enumerate(row)]
        for r, row in enumerate(rows)
    ]  # fmt: skip
    return Document(blocks=[Table(rows=cells)])


GRANTED = tuple(f"applications/granted/{c.key}" for c in NATIONAL.table("applications").columns)


def test_without_a_column_identity_the_row_total_leaves_two_splits() -> None:
    report = extract(_table_3_document())
    assert _cells(report, GRANTED) == [None, None, 0, None, None, 1, 30]
    (ambiguous,) = [f for f in report.findings if f.code == "ambiguous-run"]
    assert "27|0|0|2|0|1|30" in ambiguous.message
    assert "2|7|0|0|20|1|30" in ambiguous.message
    assert "2 splits remain under the table's identities" in ambiguous.message_en


@pytest.mark.usefixtures("made_up_code")
def test_a_made_up_column_identity_narrows_a_table_3_run() -> None:
    form = NATIONAL.with_identities(
        Identity(MADE_UP, "applications", "column", total=("granted",), parts=("partially_granted",))
    )
    report = extract(_table_3_document(), form=form)
    assert _cells(report, GRANTED) == [27, 0, 0, 2, 0, 1, 30]
    assert not [f for f in report.findings if f.code == "ambiguous-run"]


def test_column_identities_are_one_per_column_over_the_rows_present() -> None:
    spec = NATIONAL.table("applications")
    rows = {r.key for r in spec.rows_for("2021")}

    def expand(term: Term) -> tuple[str, ...]:
        return spec.leaves(term.group, rows.__contains__, "2021")

    identities = joint_identities(NATIONAL, "applications", 7, rows.__contains__, expand)
    # column balance and outcome partition in each of the 7 columns; （六） has no own row in 2021
    assert len(identities) == 14
    balance = identities[0]
    assert {(c, r) for c, r, _ in balance} == {
        (1, "results_total"), (1, "carried_forward"), (-1, "new_received"), (-1, "carried_over")
    }  # fmt: skip
    partition = identities[1]
    assert partition[0] == (1, "results_total", 0)
    assert {r for _, r, _ in partition[1:]} == {r.key for r in spec.rows_for("2021") if r.role == "outcome"}
    assert all(col == 6 for _, _, col in identities[-1])
    # A row missing: the identities that need it are left out.
    fewer = rows - {"carried_over"}
    assert len(joint_identities(NATIONAL, "applications", 7, fewer.__contains__, expand)) == 7


def test_table_4_equations_come_from_its_row_identity() -> None:
    rows = NATIONAL.table("appeals").rows
    equations = run_equations(NATIONAL, "appeals", rows)
    assert equations == tuple(Equation((5 * n + 4,), tuple(range(5 * n, 5 * n + 4)), "appeal-total") for n in range(3))


def test_an_equation_whose_total_comes_first_is_checked_generically() -> None:
    # 1019 → 1|0|19 or 10|1|9; only the second has its first cell the sum of the others.
    assert len(solve_run(["1019"], ("count",) * 3).candidates) == 2
    result = solve_run(["1019"], ("count",) * 3, (Equation((0,), (1, 2)),))
    assert result.unique == ("10", "1", "9")
    assert result.constrained
