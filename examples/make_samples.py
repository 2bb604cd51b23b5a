"""Write the sample reports in examples/samples/ from one synthetic report.

The agency and every figure are invented; the tables satisfy every invariant of the
formats (column balance, outcome partition, row totals, appeal totals), and the narrative
quotes the same numbers. ``sample-2021-with-error.txt`` is the 2021 report with one typo
(予以公开 / 自然人 18 → 19), which ``govinfo check`` reports.

Usage::

    python examples/make_samples.py            # rewrites examples/samples/
    python examples/make_samples.py OUTDIR     # writes elsewhere

The same script is imported by the tests (``build_report``), so the samples, the
README and the tests all describe one report.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import attrs

from govinfo.errors import WriteError
from govinfo.model import AnnualReport, Metadata, Narrative
from govinfo.writers import write

AGENCY = "云溪市市场监督管理局"

# Table 3, columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他; the 总计 column
# is their sum. Rows missing here are all zeros.
APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")
APPLICATIONS: dict[str, tuple[int, ...]] = {
    "new_received": (46, 9, 1, 0, 3, 1),
    "carried_over": (3, 1, 0, 0, 0, 0),
    "granted": (18, 4, 1, 0, 1, 0),
    "partially_granted": (6, 1, 0, 0, 1, 0),
    "denied.third_party_rights": (1, 0, 0, 0, 0, 0),
    "denied.internal_affairs": (1, 0, 0, 0, 0, 0),
    "denied.process_info": (2, 1, 0, 0, 0, 0),
    "denied.admin_query": (1, 0, 0, 0, 0, 0),
    "unavailable.not_held": (9, 2, 0, 0, 1, 1),
    "unavailable.needs_creation": (2, 0, 0, 0, 0, 0),
    "unavailable.unclear_after_correction": (1, 0, 0, 0, 0, 0),
    "not_processed.petition_complaint": (3, 0, 0, 0, 0, 0),
    "not_processed.duplicate": (1, 0, 0, 0, 0, 0),
    "other.no_correction": (1, 0, 0, 0, 0, 0),
    "other.other": (1, 0, 0, 0, 0, 0),
    "results_total": (47, 8, 1, 0, 3, 1),
    "carried_forward": (2, 2, 0, 0, 0, 0),
}
OUTCOMES = (
    "granted",
    "partially_granted",
    *(
        f"denied.{k}"
        for k in (
            "state_secret",
            "prohibited_by_law",
            "security_stability",
            "third_party_rights",
            "internal_affairs",
            "process_info",
            "enforcement_file",
            "admin_query",
        )
    ),
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
    *(
        f"not_processed.{k}"
        for k in (
            "petition_complaint",
            "duplicate",
            "publication",
            "excessive",
            "confirm_or_reissue",
        )
    ),
)
OTHER_2021 = ("other.no_correction", "other.fee_unpaid", "other.other")

# Table 4: 结果维持, 结果纠正, 其他结果, 尚未审结 (总计 is their sum).
APPEALS = {
    "review": (3, 1, 0, 1),
    "litigation_direct": (2, 0, 1, 0),
    "litigation_after_review": (1, 0, 0, 0),
}

ACTIVE_2021: dict[str, int | Decimal] = {
    "regulations/issued": 0,
    "regulations/repealed": 0,
    "regulations/in_force": 0,
    "normative_documents/issued": 3,
    "normative_documents/repealed": 1,
    "normative_documents/in_force": 27,
    "licensing/decisions": 1864,
    "penalty/decisions": 412,
    "coercion/decisions": 37,
    "admin_fees/amount": Decimal("86.42750"),
}
ACTIVE_2019: dict[str, int | Decimal] = {
    "regulations/made": 0,
    "regulations/published": 0,
    "regulations/total_published": 0,
    "normative_documents/made": 4,
    "normative_documents/published": 4,
    "normative_documents/total_published": 31,
    "licensing/prev_items": 126,
    "licensing/change": -3,
    "licensing/decisions": 1542,
    "other_services/prev_items": 18,
    "other_services/change": 2,
    "other_services/decisions": 97,
    "penalty/prev_items": 35,
    "penalty/change": 0,
    "penalty/decisions": 389,
    "coercion/prev_items": 7,
    "coercion/change": -1,
    "coercion/decisions": 25,
    "admin_fees/prev_items": 4,
    "admin_fees/change": -1,
    "central_procurement/projects": 12,
    "central_procurement/amount": Decimal("386.52"),
}


def _narrative(year: int) -> Narrative:
    return Narrative(
        overview=(
            f"{year}年，{AGENCY}深入贯彻《中华人民共和国政府信息公开条例》，"
            "围绕市场监管重点工作做好政府信息公开。\n"
            "全年共收到政府信息公开申请60件，上年结转4件；办结60件，结转下年度继续办理4件。"
            "因政府信息公开工作被申请行政复议5件，被提起行政诉讼4件。"
        ),
        active="主动公开情况见下表。",
        applications="依申请公开情况见下表。",
        appeals="行政复议、行政诉讼情况见下表。",
        problems="一是部分信息发布不够及时；二是政策解读形式较为单一。下一步将加强审核，丰富解读形式。",
        other_matters="本机关未收取信息处理费。",
    )


def build_report(template: str = "2021") -> AnnualReport:
    """Return the synthetic report in the given format version (2021: year 2023; 2019: 2020)."""
    year = 2023 if template == "2021" else 2020
    report = AnnualReport(
        metadata=Metadata(
            agency=AGENCY,
            year=year,
            template=template,
            title=f"{AGENCY}{year}年政府信息公开工作年度报告",
            index_number=f"11530900MB0Y12345X/{year + 1}-00012",
            published=dt.date(year + 1, 1, 19),
        ),
        narrative=_narrative(year),
    )
    active = ACTIVE_2021 if template == "2021" else ACTIVE_2019
    for path, value in active.items():
        report = report.with_cell(f"active/{path}", value)
    if template == "2021":
        rows = ("new_received", "carried_over", *OUTCOMES, *OTHER_2021, "results_total", "carried_forward")
    else:
        rows = ("new_received", "carried_over", *OUTCOMES, "other", "results_total", "carried_forward")
    for row in rows:
        if row == "other":  # the 2019 format's single (六) row: the three 2021 rows together
            values = tuple(sum(c) for c in zip(*(APPLICATIONS.get(r, (0,) * 6) for r in OTHER_2021), strict=True))
        else:
            values = APPLICATIONS.get(row, (0,) * 6)
        for column, value in zip(APPLICANT_COLUMNS, values, strict=True):
            report = report.with_cell(f"applications/{row}/{column}", value)
        report = report.with_cell(f"applications/{row}/total", sum(values))
    for row, counts in APPEALS.items():
        for column, value in zip(("upheld", "corrected", "other", "pending"), counts, strict=True):
            report = report.with_cell(f"appeals/{row}/{column}", value)
        report = report.with_cell(f"appeals/{row}/total", sum(counts))
    if template == "2019":
        procurement = attrs.evolve(report.active.central_procurement, amount_unit="万元")  # type: ignore[union-attr]
        report = attrs.evolve(report, active=attrs.evolve(report.active, central_procurement=procurement))
    return report


def with_error(report: AnnualReport) -> AnnualReport:
    """Return the report with one typo: 予以公开 / 自然人 18 → 19."""
    return report.with_cell("applications/granted/natural_person", 19)


SAMPLES: tuple[tuple[str, str, str], ...] = (
    # file name, format version, writer
    ("sample-2021.txt", "2021", "text"),
    ("sample-2021.tsv", "2021", "tabbed"),
    ("sample-2021.html", "2021", "html"),
    ("sample-2021.docx", "2021", "docx"),
    ("sample-2019.txt", "2019", "text"),
    ("sample-2021.json", "2021", "json"),
    ("sample-2021.csv", "2021", "csv"),
)


def make_samples(out: Path) -> list[Path]:
    """Write every sample into ``out``; return the files written.

    A layout whose writer is not available is skipped.
    """
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for file_name, template, fmt in SAMPLES:
        try:
            data = write(build_report(template), fmt)
        except (WriteError, ImportError):
            continue
        (out / file_name).write_bytes(data)
        written.append(out / file_name)
    bad = out / "sample-2021-with-error.txt"
    bad.write_bytes(write(with_error(build_report("2021")), "text"))
    written.append(bad)
    return written


def main(argv: list[str]) -> int:
    """Write the samples into ``argv[0]`` (default: examples/samples next to this script)."""
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent / "samples"
    for path in make_samples(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
