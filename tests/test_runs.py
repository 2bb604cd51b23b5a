"""Splitting digit runs of flattened tables back into cells (govinfo._runs)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govinfo._runs import (
    RunResult,
    chunk_capacity,
    column_keyword,
    label_vocabulary,
    narrative_evidence,
    narrow_by_evidence,
    segment_labels,
    solve_appeals,
    solve_applications,
    solve_free,
    split_run,
)
from govinfo.extract import _VOCABULARY
from govinfo.extraction.runs import Linear, _Search
from govinfo.labels import normalize

from .strategies import APPLICANT, appeals_cells, applications_cells, outcome_rows

COLUMNS = (*APPLICANT, "total")
COUNTS7 = ("count",) * 7
SIGNED_ROW = ("count", "signed", "count")


def rows_of(template: str) -> tuple[str, ...]:
    return ("new_received", "carried_over", *outcome_rows(template), "results_total", "carried_forward")


def row_split(cells: dict[str, Any], row: str) -> tuple[str, ...]:
    return tuple(str(cells[f"{row}/{c}"]) for c in COLUMNS)


# --- split_run: the structure of a run --------------------------------------------------


def test_every_structural_split_has_the_width_and_no_leading_zero() -> None:
    splits = split_run(["713000074"], COUNTS7)
    assert splits is not None
    assert ("71", "3", "0", "0", "0", "0", "74") in splits
    for split in splits:
        assert len(split) == 7
        assert "".join(split) == "713000074"
        assert all(p == "0" or not p.startswith("0") for p in split)


@pytest.mark.parametrize(
    ("chunks", "width", "expected"),
    [
        (["000"], 3, [("0", "0", "0")]),  # as many digits as cells: forced
        (["1100002"], 7, [("1", "1", "0", "0", "0", "0", "2")]),
        (["100"], 2, [("10", "0")]),  # 1|00 has a leading zero
        (["0123"], 2, [("0", "123")]),
        (["12"], 3, []),  # too few digits
        (["1", "2", "3"], 2, []),  # more chunks than cells
    ],
)
def test_leading_zero_rule_and_counts(chunks: list[str], width: int, expected: list[tuple[str, ...]]) -> None:
    assert split_run(chunks, ("count",) * width) == expected


def test_chunk_boundaries_are_cell_boundaries() -> None:
    splits = split_run(["230", "000023"], COUNTS7)
    assert splits is not None
    assert ("23", "0", "0", "0", "0", "0", "23") in splits
    for split in splits:
        # Some cells join up to "230" exactly: no cell straddles the space.
        joined = ""
        for part in split:
            joined += part
            if len(joined) >= 3:
                break
        assert joined == "230"


def test_a_sign_starts_a_chunk_and_needs_a_signed_column() -> None:
    splits = split_run(["2648", "-18538"], SIGNED_ROW)
    assert splits == [
        ("2648", "-1", "8538"),
        ("2648", "-18", "538"),
        ("2648", "-185", "38"),
        ("2648", "-1853", "8"),
    ]
    assert split_run(["35", "-15"], ("count", "signed")) == [("35", "-15")]
    assert split_run(["-5"], ("count",)) == []
    assert split_run(["-0"], ("signed",)) == []


def test_fraction_and_unit_stay_with_the_last_cell_of_their_chunk() -> None:
    splits = split_run(["135.5元"], ("count", "decimal"))
    assert splits == [("1", "35.5元"), ("13", "5.5元")]
    assert split_run(["13.5"], ("decimal", "count")) == []


def test_full_width_digits_count() -> None:
    assert chunk_capacity("７１３") == 3
    assert split_run(["７００"], ("count",) * 3) == [("7", "0", "0")]


def test_number_with_separators_is_one_cell() -> None:
    assert chunk_capacity("3,985,758") == 1
    assert split_run(["3,985,758", "12"], ("count",) * 3) == [("3,985,758", "1", "2")]


def test_search_gives_up_instead_of_running_forever() -> None:
    assert split_run(["1" * 40], ("count",) * 7, limit=1000) is None
    undecided = solve_free(["1" * 60], ("count",) * 12)
    assert not undecided.decided
    assert undecided.unique is None
    assert undecided.agreed(12) == (None,) * 12


def test_stop_after_enough_splits() -> None:
    splits = split_run(["111111"], ("count",) * 3, stop=2)
    assert splits is not None
    assert len(splits) == 2


# --- invariants --------------------------------------------------------------------------


def test_table_4_run_is_split_by_its_three_totals() -> None:
    result = solve_appeals(["10203120001200000"])
    assert result.unique == ("1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0")
    assert result.constrained


def test_table_4_run_with_a_wrong_total_keeps_the_structural_splits() -> None:
    # 1+1+1+1 != 5: no split makes every total add up; the structure alone is ambiguous.
    result = solve_appeals(["1111500000000000"])
    assert len(result.candidates) > 1
    assert not result.constrained


def test_cross_foot_alone_can_leave_two_splits() -> None:
    result = solve_applications({"granted": ["270020130"]}, {})["granted"]
    assert set(result.candidates) == {("27", "0", "0", "2", "0", "1", "30"), ("2", "7", "0", "0", "20", "1", "30")}
    assert result.unique is None
    assert result.agreed(7) == (None, None, "0", None, None, "1", "30")


def _known_rows(values: Mapping[str, tuple[int, ...]]) -> dict[tuple[str, int], int | None]:
    return {(row, i): v for row, cells in values.items() for i, v in enumerate(cells)}


def test_column_identities_decide_between_cross_foot_splits() -> None:
    zero = (0,) * 7
    values = {row: zero for row in rows_of("2021") if row != "granted"}
    values["new_received"] = values["results_total"] = (27, 0, 0, 2, 0, 1, 30)
    result = solve_applications({"granted": ["270020130"]}, _known_rows(values), leaves=outcome_rows("2021"))["granted"]
    assert result.unique == ("27", "0", "0", "2", "0", "1", "30")


def test_a_blank_cell_makes_its_identity_unusable() -> None:
    zero = (0,) * 7
    values = {row: zero for row in rows_of("2021") if row != "granted"}
    values["new_received"] = values["results_total"] = (27, 0, 0, 2, 0, 1, 30)
    known = _known_rows(values)
    known[("results_total", 0)] = None
    known[("new_received", 0)] = None
    result = solve_applications({"granted": ["270020130"]}, known, leaves=outcome_rows("2021"))["granted"]
    # Column 1 (commercial) still decides: 0 there rules out 2|7|….
    assert result.unique == ("27", "0", "0", "2", "0", "1", "30")


def test_an_identity_the_document_breaks_does_not_rule_every_split_out() -> None:
    zero = (0,) * 7
    values = {row: zero for row in rows_of("2021") if row != "granted"}
    values["new_received"] = (27, 0, 0, 2, 0, 1, 30)
    values["results_total"] = (99, 9, 9, 9, 9, 9, 99)  # no split of the run fits this
    result = solve_applications({"granted": ["270020130"]}, _known_rows(values), leaves=outcome_rows("2021"))["granted"]
    assert len(result.candidates) == 2


def test_a_row_whose_own_total_is_wrong_keeps_its_structural_splits() -> None:
    result = solve_applications({"granted": ["12000004"]}, {})["granted"]
    assert set(result.candidates) == {("12", "0", "0", "0", "0", "0", "4"), ("1", "20", "0", "0", "0", "0", "4")}
    assert not result.constrained


def test_every_cell_agreed_when_the_structure_decides() -> None:
    result = solve_free(["000"], ("count",) * 3)
    assert result.unique == ("0", "0", "0")
    assert not result.constrained
    assert result.agreed(3) == ("0", "0", "0")


@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), applications_cells(t, False))))
def test_table_3_runs_hold_the_true_split_and_unique_means_true(case: tuple[str, dict[str, Any]]) -> None:
    template, cells = case
    rows = rows_of(template)
    runs = {row: ["".join(row_split(cells, row))] for row in rows}
    results = solve_applications(runs, {}, leaves=outcome_rows(template))
    for row in rows:
        true = row_split(cells, row)
        result = results[row]
        assert result.decided
        assert true in result.candidates
        if result.unique is not None:
            assert result.unique == true
        assert all(a is None or a == t for a, t in zip(result.agreed(7), true, strict=True))


@given(applications_cells("2021", False), st.data())
def test_table_3_runs_among_rows_read_normally(cells: dict[str, Any], data: st.DataObject) -> None:
    rows = rows_of("2021")
    as_runs = data.draw(st.sets(st.sampled_from(rows), min_size=1))
    runs = {row: ["".join(row_split(cells, row))] for row in as_runs}
    known = {(row, i): cells[f"{row}/{c}"] for row in rows if row not in as_runs for i, c in enumerate(COLUMNS)}
    results = solve_applications(runs, known, leaves=outcome_rows("2021"))
    for row in as_runs:
        true = row_split(cells, row)
        assert true in results[row].candidates
        if results[row].unique is not None:
            assert results[row].unique == true


@given(appeals_cells(False))
def test_table_4_run_holds_the_true_split(cells: dict[str, Any]) -> None:
    groups = ("review", "litigation_direct", "litigation_after_review")
    order = [f"{g}/{c}" for g in groups for c in ("upheld", "corrected", "other", "pending", "total")]
    true = tuple(str(cells[key]) for key in order)
    result = solve_appeals(["".join(true)])
    assert true in result.candidates
    if result.unique is not None:
        assert result.unique == true


# --- labels run together ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "第二十条第（五）项信息内容本年处理决定数量行政许可",
            ["第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可"],
        ),
        (
            "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
            "申请人情况自然人法人或其他组织总计商业 企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量",
            [
                "三、收到和处理政府信息公开申请情况",
                "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
                "申请人情况",
                "自然人",
                "法人或其他组织",
                "总计",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "一、本年新收政府信息公开申请数量",
            ],
        ),
        (
            "三、本年度办理结果（四）无法提供1.本机关不掌握相关政府信息",
            ["三、本年度办理结果", "(四)无法提供", "1.本机关不掌握相关政府信息"],
        ),
        # A heading with a typo: an unknown stretch first, then labels.
        (
            "四、政府信息公开行政法复议、行政诉讼情况行政复议行政诉讼结果维持",
            ["四、政府信息公开行政法复议、行政诉讼情况", "行政复议", "行政诉讼", "结果维持"],
        ),
    ],
)
def test_labels_run_together_are_cut_apart(text: str, pieces: list[str]) -> None:
    assert segment_labels(normalize(text), _VOCABULARY) == pieces


@pytest.mark.parametrize(
    "text",
    [
        "行政许可",  # one label
        "本年收费金额（单位：万元）",
        "因政府信息公开工作被申请行政复议",  # prose ending in one label
        "行政复议和行政诉讼",  # an unknown stretch between labels
        "依法做好政府信息公开工作",
    ],
)
def test_texts_that_are_not_several_labels_stay_whole(text: str) -> None:
    assert segment_labels(normalize(text), _VOCABULARY) is None


def test_vocabulary_comes_from_the_label_catalogue() -> None:
    words = label_vocabulary()
    assert {"予以公开", "属于国家秘密", "本年制发件数", "第二十条第(九)项", "申请人情况", "总体情况"} <= words
    assert "结果" not in words  # truncated headers are the extractor's own additions
    assert "结果" in label_vocabulary(["结果"])


# --- what the prose says ------------------------------------------------------------------


ROW = ("行政规范性文件", "规范性文件")
RIVALS = ("规章", "行政许可")
KEYWORDS = tuple(column_keyword(label) for label in ("本年制发件数", "本年废止件数", "现行有效件数"))


def test_column_keywords() -> None:
    assert KEYWORDS == ("制发", "废止", "现行有效")
    assert column_keyword("上一年项目数量") == "上一年项目"


def test_prose_numbers_tied_to_one_row_and_one_column() -> None:
    prose = [
        "一是做好规范性文件公开，集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。",
        "规范发布规章、行政规范性文件等重要政府信息，制发12件。",  # two rows named
        "清理规范性文件，废止3件并修订4件。",  # two numbers
        "共公布政府信息2599条。",  # no row
    ]
    assert narrative_evidence(prose, ROW, RIVALS, KEYWORDS) == [(2, 698), (0, 88)]


def test_prose_narrows_splits_but_never_rules_them_all_out() -> None:
    result = solve_free(["77132470"], ("count",) * 3)
    narrowed = narrow_by_evidence(result, [(2, 393), (0, 77)])  # 393 fits no split: ignored
    assert narrowed.evidence == ((0, 77),)
    assert {c[0] for c in narrowed.candidates} == {"77"}
    assert narrowed.agreed(3) == ("77", None, None)
    unique = narrow_by_evidence(solve_free(["8855698"], ("count",) * 3), [(2, 698), (0, 88)])
    assert unique.unique == ("88", "55", "698")
    assert narrow_by_evidence(result, []) is result


def test_run_result_without_candidates_agrees_on_nothing() -> None:
    assert RunResult(("1",), ()).agreed(2) == (None, None)


# --- the joint search over the rows of a table ------------------------------------------


@st.composite
def _joint_problems(
    draw: st.DrawFn,
) -> tuple[dict[str, list[tuple[int, ...]]], dict[tuple[str, int], int | None], list[Linear]]:
    width = draw(st.integers(1, 3))
    rows = [f"r{i}" for i in range(draw(st.integers(1, 4)))]
    run_rows = draw(st.lists(st.sampled_from(rows), min_size=1, unique=True))
    cell = st.integers(0, 6)
    domains = {r: draw(st.lists(st.tuples(*[cell] * width), min_size=1, max_size=4, unique=True)) for r in run_rows}
    known: dict[tuple[str, int], int | None] = {
        (r, c): draw(st.none() | cell) for r in rows if r not in domains for c in range(width)
    }
    term = st.tuples(st.sampled_from((1, -1, 2)), st.sampled_from(rows), st.integers(0, width - 1))
    identities = draw(st.lists(st.lists(term, min_size=1, max_size=5).map(tuple), max_size=4))
    return domains, known, identities


@settings(max_examples=300, deadline=None)
@given(_joint_problems())
def test_the_joint_search_finds_exactly_the_combinations_every_usable_identity_allows(
    problem: tuple[dict[str, list[tuple[int, ...]]], dict[tuple[str, int], int | None], list[Linear]],
) -> None:
    # The search keeps running sums and prunes on bounds; the reference tries every
    # combination of candidates against the identities it can decide.
    domains, known, identities = problem
    search = _Search(domains, known, identities)
    search.run({})
    assert search.complete
    usable = [
        i
        for i in identities
        if any(r in domains for _, r, _ in i) and all(r in domains or known.get((r, c)) is not None for _, r, c in i)
    ]
    expected = []
    for combination in itertools.product(*(domains[r] for r in search.order)):
        values = dict(zip(search.order, combination, strict=True))

        def value(row: str, col: int, values: Mapping[str, tuple[int, ...]] = values) -> int:
            found = values[row][col] if row in values else known[(row, col)]
            assert found is not None
            return found

        if all(sum(k * value(r, c) for k, r, c in i) == 0 for i in usable):
            expected.append(values)
    assert search.solutions == expected
    # The running sums are back where they started.
    fresh = _Search(domains, known, identities)
    assert (search.sums, search.rising, search.falling) == (fresh.sums, fresh.rising, fresh.falling)
