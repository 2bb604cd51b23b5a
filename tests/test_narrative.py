"""Tests for govinfo.validation.narrative: X-2, the figures the text states against the tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govinfo
from govinfo.errors import GovinfoError
from govinfo.labels import table_spec
from govinfo.model import AnnualReport, Narrative
from govinfo.validation import get_rule, validate
from govinfo.validation.narrative import NARRATIVE_MISMATCH, check_narrative, parse_number, statements

from .helpers import example_module
from .strategies import reports

samples = example_module("make_samples")


def sample(overview: str, **cells: Any) -> AnnualReport:
    """The consistent sample report (2023) with this overview and cells changed."""
    report = samples.build_report("2021")
    report = attrs.evolve(report, narrative=Narrative(overview=overview))
    return report.with_cells({k.replace("__", "/"): v for k, v in cells.items()})


def said(report: AnnualReport) -> list[tuple[str, int | None]]:
    return [(s.concept, s.value) for s in statements(report)]


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("81", 81),
        ("0", 0),
        ("1.2万", 12000),
        ("零", 0),
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("三十五", 35),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千零三", 2003),
        ("一万零五", 10005),
        ("一〇五", 105),
        ("1.5", None),
        ("", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


# --- what is read -------------------------------------------------------------------------


def test_the_sample_narrative_is_read_and_agrees() -> None:
    report = samples.build_report("2021")
    assert said(report) == [
        ("received", 60),
        ("carried_over", 4),
        ("results", 60),
        ("carried_forward", 4),
        ("review", 5),
        ("litigation", 4),
    ]
    assert check_narrative(report) == []
    assert check_narrative(samples.build_report("2019")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年共收到政府信息公开申请60件。", [("received", 60)]),
        (
            "本年度全区共收到60件申请，及时办结60件，4件结转下年度继续办理。",
            [("received", 60), ("results", 60), ("carried_forward", 4)],
        ),
        ("接收通过邮寄、网络提交的各类政府信息公开申请共计60件。", [("received", 60)]),
        ("全年办理政府信息公开申请64件。", [("handled", 64)]),
        (
            "答复政府信息公开申请60件（含上年度结转申请4件，另有4件申请按照《条例》顺延到下年度答复）。",
            [("results", 60), ("carried_over", 4), ("carried_forward", 4)],
        ),
        (
            "全区共收到政府信息公开申请60件，共办结60件，结转至2024年4件。",
            [("received", 60), ("results", 60), ("carried_forward", 4)],
        ),
        ("收到申请六十件，上年结转四件。", [("received", 60), ("carried_over", 4)]),
        (
            "共收到政府信息公开申请60件。其中，予以公开及部分公开38件，不予公开5件，无法提供16件，不予处理4件，其他处理2件。",
            [
                ("received", 60),
                ("granted_partial", 38),
                ("denied", 5),
                ("unavailable", 16),
                ("not_processed", 4),
                ("other", 2),
            ],
        ),
        (
            "办结的申请中同意公开答复24件，部分公开答复8件，不予公开答复5件，转下一年度办理答复的有4件。",
            [("granted", 24), ("partial", 8), ("denied", 5), ("carried_forward", 4)],
        ),
        ("2023年本机关未收到政府信息公开申请。", [("received", 0)]),
        (
            "因政府信息公开工作被申请行政复议5件、被提起行政诉讼4件，均已结案。",
            [("review", 5), ("litigation", 4), ("all_closed", None)],
        ),
        ("因政府信息公开申请引发的行政复议五起，行政诉讼四起。", [("review", 5), ("litigation", 4)]),
        ("全年未发生因政府信息公开引起的行政复议和行政诉讼。", [("review", 0), ("litigation", 0)]),
        ("涉及的政府信息公开行政诉讼数为4件。", [("litigation", 4)]),
    ],
)
def test_statements(text: str, expected: list[tuple[str, int | None]]) -> None:
    assert said(sample(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "较上年多收到政府信息公开申请10件。",  # the change, not the count
        "申请数量较上年增加10件。",
        "申请数量较去年增长12件。",
        "2022年共收到政府信息公开申请50件。",  # another year
        "自新《条例》施行以来，累计收到政府信息公开申请300件。",
        "共收到政府信息公开申请约60件。",
        "全年收到政府信息公开申请60余件。",
        "收到群众诉求348件，现场解决162件。",  # not applications
        "网上服务平台共受理公安业务6945件，办结率达99.3%。",
        "主动公开政府信息1200条，其中规范性文件12件。",
        "依据《条例》第二十条第（一）项的规定。",
        "予以公开及部分公开占33.9%。",
        "三是提前化解行政复议案件1起，切实增强政府公信力。",  # not about disclosure
        "政府信息公开方面，提前化解行政复议案件1起。",  # resolved, not the number of cases
        "共办理行政复议案件500件。",  # all review cases the body handled, not disclosure cases
        "其中，区本级受理政府信息公开申请20件。",  # a subset
        "政府信息公开工作中，将行政复议和行政诉讼一起纳入考核。",  # 一起 = together
        "本机关作为复议机关，办理政府信息公开类行政复议案件30件。",  # not as the respondent
        "政府信息公开自查发现问题5个，已纠正3件。",  # corrections of what the tables do not count
    ],
)
def test_not_read_as_figures_of_this_report(text: str) -> None:
    assert said(sample(text)) == []
    assert check_narrative(sample(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A review application is a table-4 case: a zero of reviews, not of table 3's applications.
        ("本年度未收到政府信息公开类行政复议申请。", [("review", 0)]),
        ("全年收到政府信息公开相关行政复议申请3件。", [("review", 3)]),
        ("共收到信息公开投诉举报申请12件。", []),
        ("未收到政府信息公开方面的投诉申请。", []),
        # The channel or the subject of a disclosure application is not another population.
        ("收到当面、来信、网络等方式提交的政府信息公开申请60件。", [("received", 60)]),
        ("受理经政务服务热线转办的政府信息公开申请60件。", [("received", 60)]),
    ],
)
def test_a_statement_about_another_population_is_not_compared_with_table_3(
    text: str, expected: list[tuple[str, int | None]]
) -> None:
    report = sample(text)
    assert said(report) == expected
    received = [f for f in check_narrative(report) if any(p.startswith("applications/") for p in f.paths)]
    assert received == []  # the sample received 60: the disclosure statements agree


def test_an_outcome_is_not_a_number_of_cases() -> None:
    report = sample("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。")
    assert said(report) == [("none_corrected", None)]
    (finding,) = check_narrative(report)  # the sample has one corrected review
    assert finding.paths == ("appeals/review/corrected",)


def test_the_next_year_only_in_a_carry_forward() -> None:
    assert said(sample("2024年将继续做好依申请公开工作，力争收到申请80件。")) == []
    assert said(sample("结转至2025年4件申请。")) == []  # 2025 is not the year after 2023
    assert said(sample("共收到申请60件，结转至2024年4件。")) == [("received", 60), ("carried_forward", 4)]


# --- findings -----------------------------------------------------------------------------


def test_mismatch_names_excerpt_number_value_and_cells() -> None:
    report = sample("2023年共收到政府信息公开申请61件，办结60件。")
    (finding,) = check_narrative(report)
    assert finding.code == NARRATIVE_MISMATCH
    assert finding.severity == "warning"
    assert finding.paths == ("applications/new_received/total",)
    assert finding.expected == Decimal(61)
    assert finding.actual == Decimal(60)
    assert "共收到政府信息公开申请61件" in finding.message
    assert "一、本年新收政府信息公开申请数量为60" in finding.message
    assert "Table 3, row I. New applications received this year, column Total = 60" in finding.message_en
    assert "(61)" in finding.message_en


def test_group_sums_and_the_combined_phrase() -> None:
    text = "共收到政府信息公开申请60件。其中予以公开及部分公开32件，不予公开6件，无法提供16件。"
    assert check_narrative(sample(text)) == []
    findings = check_narrative(sample(text.replace("无法提供16件", "无法提供12件")))
    assert [f.paths for f in findings] == [
        (
            "applications/unavailable.not_held/total",
            "applications/unavailable.needs_creation/total",
            "applications/unavailable.unclear_after_correction/total",
        )
    ]
    assert "（四）无法提供各项之和为16" in findings[0].message
    # Only the granted cell of the combined figure: still a mismatch.
    (finding,) = check_narrative(sample(text.replace("32件", "24件")))
    assert finding.paths == ("applications/granted/total", "applications/partially_granted/total")
    assert finding.actual == 32


def test_blank_cells_count_as_zero_and_blank_totals_as_their_row() -> None:
    blank_totals = {"applications__granted__total": None, "applications__partially_granted__total": None}
    assert check_narrative(sample("共收到政府信息公开申请60件。予以公开及部分公开32件。", **blank_totals)) == []
    (finding,) = check_narrative(sample("共收到政府信息公开申请60件。予以公开及部分公开31件。", **blank_totals))
    assert finding.actual == 32  # 24 + 8, each the sum of its row
    assert "总计空白的行按本行各列之和计" in finding.message
    assert "blank total cells replaced by their row's sum" in finding.message_en
    blank_row = {
        "applications__other.no_correction__total": None,
        "applications__other.no_correction__natural_person": None,
    }
    (other,) = check_narrative(sample("共收到政府信息公开申请60件。其他处理2件。", **blank_row))
    assert other.actual == 1  # the blank row counts as 0, 其他 1
    assert "空白单元格按0计" in other.message
    assert "applications/other.no_correction/natural_person" in other.assumed_zero


def test_a_statement_about_absent_rows_is_not_compared() -> None:
    report = sample("行政复议7件。共收到政府信息公开申请60件，不予公开9件。")
    apps = attrs.evolve(report.applications, denied_state_secret=None)
    report = attrs.evolve(report, applications=apps, appeals=None)
    assert check_narrative(report) == []


def test_corrected_can_be_a_sum_across_appeal_rows() -> None:
    # Seed 000's case: 纠正2件 = 1 direct suit + 1 suit after review.
    cells = {
        "appeals__review__corrected": 0,
        "appeals__review__upheld": 4,
        "appeals__litigation_direct__corrected": 1,
        "appeals__litigation_direct__upheld": 1,
        "appeals__litigation_after_review__corrected": 1,
        "appeals__litigation_after_review__upheld": 0,
    }
    text = "因政府信息公开引起行政诉讼结果纠正{}件。"
    assert check_narrative(sample(text.format(2), **cells)) == []
    assert check_narrative(sample(text.format(1), **cells)) == []  # one of the two rows
    (finding,) = check_narrative(sample(text.format(3), **cells))
    assert finding.paths == ("appeals/litigation_direct/corrected", "appeals/litigation_after_review/corrected")
    assert finding.actual == 2


def test_litigation_is_both_suit_rows_or_direct_suits() -> None:
    text = "政府信息公开行政诉讼{}件。"
    assert check_narrative(sample(text.format(4))) == []  # 3 direct + 1 after review
    assert check_narrative(sample(text.format(3))) == []  # direct only
    (finding,) = check_narrative(sample(text.format(5)))
    assert (
        "Table 4, row Administrative litigation · Suit without prior review, column Total + "
        "Table 4, row Administrative litigation · Suit after review, column Total = 4"
    ) in finding.message_en


def test_claims_about_outcomes() -> None:
    # The sample's reviews: 3 upheld, 1 corrected, 1 pending; its suits: 3 upheld, 1 other.
    (finding,) = check_narrative(sample("信息公开类行政复议5件，均获维持。"))
    assert finding.paths == ("appeals/review/corrected", "appeals/review/pending")
    assert "信息公开类行政复议5件，均获维持" in finding.message
    assert "行政复议 / 尚未审结 1" in finding.message
    (finding,) = check_narrative(sample("政府信息公开行政复议5件，均已审结。"))
    assert finding.paths == ("appeals/review/pending",)
    assert check_narrative(sample("政府信息公开行政诉讼4件，均已审结。")) == []
    (finding,) = check_narrative(sample("政府信息公开行政诉讼4件，均获维持。"))
    assert finding.paths == ("appeals/litigation_direct/other",)
    (finding,) = check_narrative(sample("政府信息公开行政复议5件，未被纠错。"))
    assert finding.paths == ("appeals/review/corrected",)
    assert check_narrative(sample("政府信息公开行政诉讼4件，未被纠错。")) == []


def test_the_same_statement_twice_gives_one_finding() -> None:
    report = attrs.evolve(
        sample("共收到政府信息公开申请61件。"),
        narrative=Narrative(overview="共收到政府信息公开申请61件。", problems="本年共收到政府信息公开申请61件。"),
    )
    assert len(check_narrative(report)) == 1


def test_the_rule_in_the_catalogue() -> None:
    rule = get_rule(NARRATIVE_MISMATCH)
    assert (rule.severity, rule.spec) == ("warning", "X-2")
    result = validate(sample("共收到政府信息公开申请61件。"))
    assert [f.code for f in result.warnings] == [NARRATIVE_MISMATCH]
    assert result.ok
    assert validate(sample("共收到政府信息公开申请61件。"), severities={NARRATIVE_MISMATCH: "info"}).warnings == ()


# --- property: a text written from the tables agrees with them -----------------------------

_CN = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """A count in Chinese numerals (below 100000)."""
    if n < 10:
        return _CN[n]
    out = ""
    zero = False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += ("" if unit == "十" and digit == 1 and not out else _CN[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


@pytest.mark.parametrize(
    ("n", "text"), [(10, "十"), (15, "十五"), (20, "二十"), (105, "一百零五"), (1010, "一千零一十")]
)
def test_chinese_helper(n: int, text: str) -> None:
    assert chinese(n) == text
    assert parse_number(text) == n


def _value(report: AnnualReport, path: str) -> int:
    return int(report.get(path) or 0)


def _rows_total(report: AnnualReport, keys: list[str]) -> int:
    return sum(_value(report, f"applications/{k}/total") for k in keys)


def _figures(report: AnnualReport) -> dict[str, int]:
    """The figures a text would state, from the tables (blank cells as 0)."""
    keys = [row.key for row in table_spec("applications").rows_for(report.template)]

    def group(prefix: str) -> int:
        return _rows_total(report, [k for k in keys if k.startswith(prefix)])

    appeal_rows = ("review", "litigation_direct", "litigation_after_review")
    return {
        "received": _value(report, "applications/new_received/total"),
        "carried_over": _value(report, "applications/carried_over/total"),
        "results": _value(report, "applications/results_total/total"),
        "carried_forward": _value(report, "applications/carried_forward/total"),
        "granted": _value(report, "applications/granted/total"),
        "partial": _value(report, "applications/partially_granted/total"),
        "denied": group("denied."),
        "unavailable": group("unavailable."),
        "not_processed": group("not_processed."),
        "other": group("other"),
        "review": _value(report, "appeals/review/total"),
        "litigation": _value(report, "appeals/litigation_direct/total")
        + _value(report, "appeals/litigation_after_review/total"),
        "corrected": sum(_value(report, f"appeals/{r}/corrected") for r in appeal_rows),
    }


PHRASES: dict[str, list[str]] = {
    "received": ["共收到政府信息公开申请{}件", "受理政府信息公开申请{}件", "新收政府信息公开申请共计{}件"],
    "carried_over": ["上年结转{}件", "上年度结转政府信息公开申请{}件"],
    "results": ["办结{}件", "答复政府信息公开申请{}件"],
    "carried_forward": ["结转下年度继续办理{}件", "{}件结转下年度继续办理", "结转至{next}年{}件"],
    "granted": ["予以公开{}件", "同意公开答复{}件"],
    "partial": ["部分公开{}件"],
    "denied": ["不予公开{}件"],
    "unavailable": ["无法提供{}件"],
    "not_processed": ["不予处理{}件"],
    "other": ["其他处理{}件"],
    "review": ["被申请行政复议{}件", "行政复议案件{}起"],
    "litigation": ["被提起行政诉讼{}件", "行政诉讼{}起"],
    "corrected": ["结果纠正{}件", "被纠错{}件"],
}
SENTENCES = (
    ("received", "carried_over", "results", "carried_forward"),
    ("granted", "partial", "denied", "unavailable", "not_processed", "other"),
    ("review", "litigation", "corrected"),
)


@st.composite
def narrated(draw: Any) -> tuple[AnnualReport, dict[str, str], dict[str, bool], dict[str, int]]:
    report = draw(reports())
    figures = _figures(report)
    phrases = {k: draw(st.sampled_from(v)) for k, v in PHRASES.items()}
    in_chinese = {k: draw(st.booleans()) for k in PHRASES}
    return report, phrases, in_chinese, figures


def _text(report: AnnualReport, phrases: dict[str, str], in_chinese: dict[str, bool], figures: dict[str, int]) -> str:
    year = report.metadata.year
    assert year is not None

    def phrase(key: str) -> str:
        number = chinese(figures[key]) if in_chinese[key] and figures[key] < 100000 else str(figures[key])
        return phrases[key].replace("{next}", str(year + 1)).format(number)

    first, outcomes, appeals = SENTENCES
    return (
        f"{year}年，本机关" + "，".join(phrase(k) for k in first) + "。"
        "其中，" + "，".join(phrase(k) for k in outcomes) + "。"
        "因政府信息公开工作" + "，".join(phrase(k) for k in appeals) + "。"
    )


@given(narrated(), st.data())
def test_a_text_from_the_tables_agrees_and_one_changed_figure_is_found(
    case: tuple[AnnualReport, dict[str, str], dict[str, bool], dict[str, int]], data: st.DataObject
) -> None:
    report, phrases, in_chinese, figures = case
    text = _text(report, phrases, in_chinese, figures)
    report = attrs.evolve(report, narrative=Narrative(overview=text))
    assert sorted(s.concept for s in statements(report)) == sorted(PHRASES), text
    assert check_narrative(report) == [], text

    key = data.draw(st.sampled_from(sorted(PHRASES)))
    wrong = dict(figures, **{key: 100000 + data.draw(st.integers(0, 99))})
    changed = attrs.evolve(report, narrative=Narrative(overview=_text(report, phrases, in_chinese, wrong)))
    findings = check_narrative(changed)
    assert len(findings) == 1, (key, [f.message for f in findings])
    assert findings[0].expected == wrong[key]
    assert findings[0].actual == figures[key]


# --- the corpus -----------------------------------------------------------------------------


# Documents whose tables govinfo still misreads, so that their text disagrees with what was
# read, not with the report: 002 (PDF) has an empty label-column cell before the values of
# （六）/（七）, 014 (Markdown) row labels separated from their values.
READ_GAPS = frozenset({"002_hongze-district-2024.pdf", "014_shanghai-stcsm-2024.md"})


def test_corpus_only_the_known_mismatches(corpus: Path) -> None:
    """Over every readable real document and seed, exactly spec §7's three Shanghai 2019 findings."""
    found: dict[str, list[str]] = {}
    read = 0
    for path in sorted([*(corpus / "real").iterdir(), *(corpus / "seeds").iterdir()]):
        if not path.is_file() or path.suffix in (".jsonl",):
            continue
        if path.name in READ_GAPS:
            continue
        try:
            report = govinfo.read(path)
        except GovinfoError:
            continue
        read += 1
        findings = check_narrative(report)
        if findings:
            found[path.name] = [f.message for f in findings]
    assert read >= 25
    assert list(found) == ["012_shanghai-gov-office-2019.html"], found
    messages = found["012_shanghai-gov-office-2019.html"]
    assert len(messages) == 3
    assert "予以公开及部分公开258件" in messages[0]
    assert "275" in messages[0]
    assert "无法提供265件" in messages[1]
    assert "337" in messages[1]
    assert "均获维持" in messages[2]
    assert "尚未审结 2" in messages[2]


def test_corpus_seed_sum_across_rows_is_read(corpus: Path) -> None:
    report = govinfo.read(next((corpus / "seeds").glob("000_*")))
    assert ("corrected", 2) in said(report)
    assert check_narrative(report) == []


_CLAUSE_WORDS = st.sampled_from(
    ["收到", "申请", "予以公开", "部分公开", "不予公开", "行政复议", "诉讼", "纠正", "结转至下年度", "其中",
     "3", "12", "一", "三十五", "1.2万", "件", "起", "宗", "次", "共计", "均", "维持", "信息公开", "未", "政府"]
)  # fmt: skip


@given(st.lists(_CLAUSE_WORDS, max_size=10), st.sampled_from(["overview", "applications", "appeals"]))
def test_the_count_prefilter_drops_no_statement(words: list[str], section: str) -> None:
    """A clause without a number and its unit states nothing: skipping it changes nothing."""
    import re

    from govinfo.validation import narrative

    clause = "".join(words)
    fast = list(narrative._read_clause(clause, 0, clause, "申请", section))
    saved = narrative._COUNTED
    narrative._COUNTED = re.compile("")
    try:
        slow = list(narrative._read_clause(clause, 0, clause, "申请", section))
    finally:
        narrative._COUNTED = saved
    assert fast == slow
