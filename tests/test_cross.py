"""The checks across reports (spec §7): X-1 over series with gaps, X-3, X-4, X-5, agency identity."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from govinfo.findings import CATALOGUE
from govinfo.model import AnnualReport
from govinfo.validation import CROSS_CODES, validate_many
from govinfo.validation.cross import check_series, cross_check, series_entry

from .test_validate import zero_report

AGENCY = "某县商务局"


def _report(year: int, template: str | None = None, agency: str = AGENCY, **cells: Any) -> AnnualReport:
    template = template or ("2019" if year < 2021 else "2021")
    report = zero_report(template, year)
    report = attrs.evolve(report, metadata=attrs.evolve(report.metadata, agency=agency))
    return report.with_cells({k.replace("__", "/"): v for k, v in cells.items()}) if cells else report


def _carry(year: int, over: int, forward: int, **kw: Any) -> AnnualReport:
    """A consistent table 3: ``over`` carried over, ``forward`` carried forward (natural persons)."""
    new = forward - over if forward >= over else 0
    granted = new + over - forward
    cells = {
        "applications/new_received/natural_person": new,
        "applications/new_received/total": new,
        "applications/carried_over/natural_person": over,
        "applications/carried_over/total": over,
        "applications/granted/natural_person": granted,
        "applications/granted/total": granted,
        "applications/results_total/natural_person": granted,
        "applications/results_total/total": granted,
        "applications/carried_forward/natural_person": forward,
        "applications/carried_forward/total": forward,
    }
    report = _report(year, **kw)
    return report.with_cells(cells)


def _codes(reports: list[AnnualReport], **kw: Any) -> list[list[str]]:
    return [[f.code for f in r.findings if f.code in CROSS_CODES] for r in validate_many(reports, **kw)]


def test_cross_codes_are_catalogued_warnings() -> None:
    assert set(CROSS_CODES) == {"carry-over-mismatch", "table-unchanged", "stock-flow-mismatch", "item-count-mismatch"}
    assert all(CATALOGUE[c].severity == "warning" and CATALOGUE[c].stage == "cross-report" for c in CROSS_CODES)


# --- X-1 over a series ----------------------------------------------------------------


def test_carry_over_series_with_a_gap() -> None:
    """2019–2024 without 2022: each consecutive pair is compared, the gap and the first year are not."""
    series = [
        _carry(2019, 0, 2),
        _carry(2020, 2, 1),
        _carry(2021, 1, 4),
        _carry(2023, 9, 0),  # 2022 is missing: 2023's 9 is compared with nothing
        _carry(2024, 5, 0),  # 2023 carried forward 0: a mismatch
    ]
    result = validate_many(series)
    codes = [[f.code for f in r.findings if f.code in CROSS_CODES] for r in result]

    assert codes == [[], [], [], [], ["carry-over-mismatch"]]
    assert result.pairs == 3
    assert result.mismatches == 1


@given(st.lists(st.integers(0, 30), min_size=2, max_size=7), st.data())
def test_carry_over_chain_property(forwards: list[int], data: st.DataObject) -> None:
    """A chain where every year carries over what the year before carried forward has no X-1 finding;
    breaking one link gives exactly one, at the later year."""
    years = list(range(2019, 2019 + len(forwards)))
    chain = [_carry(y, forwards[i - 1] if i else 0, f) for i, (y, f) in enumerate(zip(years, forwards, strict=True))]
    assert all("carry-over-mismatch" not in c for c in _codes(chain))
    broken = data.draw(st.integers(1, len(chain) - 1))
    bad = forwards[broken - 1] + 1
    chain[broken] = _carry(years[broken], bad, forwards[broken])
    codes = _codes(chain)
    assert [i for i, c in enumerate(codes) if "carry-over-mismatch" in c] == [broken]


def test_template_change_2020_2021_is_no_warning() -> None:
    """2020 (2019 format) → 2021 (2021 format): table 3 is compared, table 2 is not, the change is fine."""
    before = _carry(2020, 0, 3, template="2019").with_cells(
        {"active/licensing/decisions": 7, "active/penalty/decisions": 7, "active/coercion/decisions": 7}
    )
    after = _carry(2021, 3, 0, template="2021").with_cells(
        {"active/licensing/decisions": 7, "active/penalty/decisions": 7, "active/coercion/decisions": 7}
    )
    assert _codes([before, after]) == [[], []]
    assert _codes([before, _carry(2021, 2, 0, template="2021")])[1] == ["carry-over-mismatch"]


# --- agency identity ------------------------------------------------------------------


def test_agency_renamed_stays_one_series_with_ids() -> None:
    old = _carry(2021, 0, 3, agency="某县商务局")
    new = _carry(2022, 1, 0, agency="某县商务和粮食局")  # renamed; carried over 1, not 3
    assert _codes([old, new]) == [[], []]  # by name: two agencies, nothing compared
    ids = ["commerce", "commerce"]
    assert _codes([old, new], agency_ids=ids) == [[], ["carry-over-mismatch"]]
    by_name = {"某县商务局": "commerce", "某县商务和粮食局": "commerce"}
    assert _codes([old, new], agency_ids=by_name) == [[], ["carry-over-mismatch"]]


def test_similar_names_do_not_merge_and_ids_by_file_name() -> None:
    one = _carry(2021, 0, 3, agency="平潭综合实验区管委会")
    other = _carry(2022, 1, 0, agency="平潭综合实验区财政金融局")
    assert _codes([one, other]) == [[], []]
    named = [
        attrs.evolve(r, metadata=attrs.evolve(r.metadata, source=attrs.evolve(r.metadata.source, name=n)))
        for r, n in ((one, "/data/a/2021.txt"), (other, "/data/b/2022.txt"))
    ]
    ids = {"/data/a/2021.txt": "x", "2022.txt": "x"}  # a path, or a file name alone
    assert _codes(named, agency_ids=ids) == [[], ["carry-over-mismatch"]]
    assert _codes(named, agency_ids=lambda r: "x") == [[], ["carry-over-mismatch"]]


def test_normalised_names_match() -> None:
    """Full-width / stray marks around a name: one agency."""
    one = _carry(2021, 0, 3, agency="某县商务局")
    other = _carry(2022, 1, 0, agency=" 某县商务局。")
    assert _codes([one, other]) == [[], ["carry-over-mismatch"]]


# --- X-3 a table copied unchanged -------------------------------------------------------

_APPEALS = {
    "appeals/review/upheld": 3,
    "appeals/review/corrected": 1,
    "appeals/review/total": 4,
    "appeals/litigation_direct/upheld": 2,
    "appeals/litigation_direct/total": 2,
}


def test_table_copied_unchanged() -> None:
    before = _carry(2022, 0, 3).with_cells(_APPEALS)
    after = _carry(2023, 3, 0).with_cells(_APPEALS)
    result = validate_many([before, after])
    (finding,) = [f for f in result[1].findings if f.code in CROSS_CODES]

    assert finding.code == "table-unchanged"
    assert finding.severity == "warning"
    assert "表四" in finding.message
    assert finding.paths == ("appeals/review/upheld",)


def test_zeros_every_year_and_different_formats_are_not_copies() -> None:
    """All-zero tables (no applications, no appeals) repeat legitimately; few values are not evidence."""
    assert _codes([_report(2022), _report(2023)]) == [[], []]
    few = {"appeals/review/upheld": 1, "appeals/review/total": 1}
    assert _codes([_report(2022).with_cells(few), _report(2023).with_cells(few)]) == [[], []]
    table2 = {"active/licensing/decisions": 7, "active/penalty/decisions": 8, "active/coercion/decisions": 9}
    assert _codes([_report(2020, "2019").with_cells(few), _report(2021).with_cells(table2)]) == [[], []]


# --- X-4 stock and flow (2021) -----------------------------------------------------------


def test_stock_flow_of_normative_documents() -> None:
    before = _report(2022, active__normative_documents__in_force=20)
    fine = _report(
        2023,
        active__normative_documents__issued=4,
        active__normative_documents__repealed=1,
        active__normative_documents__in_force=23,
    )
    off = fine.with_cell("active/normative_documents/in_force", 21)
    assert _codes([before, fine]) == [[], []]
    result = validate_many([before, off])
    (finding,) = [f for f in result[1].findings if f.code in CROSS_CODES]

    assert finding.code == "stock-flow-mismatch"
    assert (finding.expected, finding.actual) == (Decimal(23), Decimal(21))
    assert finding.paths[0] == "active/normative_documents/in_force"
    assert "到期失效" in finding.message


def test_stock_flow_blank_stock_and_2019_format_are_not_checked() -> None:
    before = _report(2022, active__regulations__in_force=None)
    after = _report(2023, active__regulations__in_force=5)
    assert _codes([before, after]) == [[], []]
    assert _codes([_report(2020, "2019"), _report(2021).with_cell("active/regulations/in_force", 5)]) == [[], []]


# --- X-5 item counts (2019) ---------------------------------------------------------


def test_item_counts_2019_format() -> None:
    before = _report(2019, active__licensing__prev_items=10, active__licensing__change=-2)
    fine = _report(2020, active__licensing__prev_items=8)
    off = _report(2020, active__licensing__prev_items=10)
    assert _codes([before, fine]) == [[], []]
    result = validate_many([before, off])
    (finding,) = [f for f in result[1].findings if f.code in CROSS_CODES]
    assert finding.code == "item-count-mismatch"
    assert (finding.expected, finding.actual) == (Decimal(8), Decimal(10))


def test_total_published_2019_format() -> None:
    before = _report(2019, active__regulations__total_published=30)
    fine = _report(2020, active__regulations__published=5, active__regulations__total_published=35)
    off = fine.with_cell("active/regulations/total_published", 30)
    assert _codes([before, fine]) == [[], []]
    assert _codes([before, off]) == [[], ["item-count-mismatch"]]


# --- the summaries ----------------------------------------------------------------------


def test_series_entries_are_small_and_picklable_and_give_the_same_findings() -> None:
    before = _carry(2022, 0, 3).with_cells(_APPEALS)
    after = _carry(2023, 1, 0).with_cells(_APPEALS)
    entries = [series_entry(r) for r in (before, after)]
    assert pickle.loads(pickle.dumps(entries)) == entries
    assert len(entries[0].cells) < 60
    on_entries = check_series(entries)
    on_reports = cross_check([before, after])
    assert [[f.code for f in fs] for fs in on_entries.findings] == [[f.code for f in fs] for fs in on_reports.findings]
    assert on_entries.pairs == on_reports.pairs == 1
