"""The five seed reports the project started from are read exactly (needs ../shared)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import govinfo

# What a person reads in seed 000 (every cell not listed is 0).
SEED_000_NONZERO: dict[str, int | Decimal] = {
    "active/normative_documents/issued": 6,
    "active/normative_documents/repealed": 3,
    "active/normative_documents/in_force": 18,
    "active/licensing/decisions": 9893,
    "active/penalty/decisions": 269,
    "active/coercion/decisions": 33,
    "active/admin_fees/amount": Decimal("1032.60994"),
    "applications/new_received/natural_person": 298,
    "applications/new_received/commercial": 3,
    "applications/new_received/legal_service": 1,
    "applications/new_received/total": 302,
    "applications/carried_over/natural_person": 3,
    "applications/carried_over/commercial": 1,
    "applications/carried_over/total": 4,
    "applications/granted/natural_person": 109,
    "applications/granted/total": 109,
    "applications/partially_granted/natural_person": 37,
    "applications/partially_granted/commercial": 3,
    "applications/partially_granted/total": 40,
    "applications/denied.third_party_rights/natural_person": 2,
    "applications/denied.third_party_rights/total": 2,
    "applications/denied.process_info/natural_person": 4,
    "applications/denied.process_info/total": 4,
    "applications/denied.enforcement_file/natural_person": 4,
    "applications/denied.enforcement_file/total": 4,
    "applications/unavailable.not_held/natural_person": 136,
    "applications/unavailable.not_held/commercial": 1,
    "applications/unavailable.not_held/legal_service": 1,
    "applications/unavailable.not_held/total": 138,
    "applications/not_processed.duplicate/natural_person": 4,
    "applications/not_processed.duplicate/total": 4,
    "applications/other.no_correction/natural_person": 1,
    "applications/other.no_correction/total": 1,
    "applications/other.other/natural_person": 2,
    "applications/other.other/total": 2,
    "applications/results_total/natural_person": 299,
    "applications/results_total/commercial": 4,
    "applications/results_total/legal_service": 1,
    "applications/results_total/total": 304,
    "applications/carried_forward/natural_person": 2,
    "applications/carried_forward/total": 2,
    "appeals/review/upheld": 11,
    "appeals/review/other": 3,
    "appeals/review/pending": 4,
    "appeals/review/total": 18,
    "appeals/litigation_direct/upheld": 7,
    "appeals/litigation_direct/corrected": 1,
    "appeals/litigation_direct/other": 3,
    "appeals/litigation_direct/total": 11,
    "appeals/litigation_after_review/upheld": 3,
    "appeals/litigation_after_review/corrected": 1,
    "appeals/litigation_after_review/other": 1,
    "appeals/litigation_after_review/total": 5,
}

SEEDS = [
    # file prefix, reader, year, agency
    ("000", "text", 2024, "长春净月高新技术产业开发区"),
    ("001", "text", 2023, "青云谱区商务局"),  # published 2024-01-17, statistics to 2023-12-31
    ("002", "text", 2024, "高屯街道"),
    ("003", "text", 2024, "朝阳区科技局"),
    ("004", "tabbed", 2021, "中韩示范区党政综合办公室"),
]


def seed(corpus: Path, prefix: str) -> Path:
    (path,) = sorted((corpus / "seeds").glob(f"{prefix}_*.txt"))
    return path


@pytest.mark.parametrize(("prefix", "reader", "year", "agency"), SEEDS)
def test_seed_is_read_exactly(corpus: Path, prefix: str, reader: str, year: int, agency: str) -> None:
    """Every cell, the year and the agency of each seed; no finding at all."""
    report = govinfo.read(seed(corpus, prefix))

    expected = SEED_000_NONZERO if prefix == "000" else {}
    cells = dict(report.cells())
    assert 200 == len(cells)
    assert {path: expected.get(path, 0) for path in cells} == cells
    assert (reader, year, agency, "2021") == (
        report.metadata.source.reader,
        report.metadata.year,
        report.metadata.agency,
        report.template,
    )
    assert [] == list(report.findings)


@pytest.mark.parametrize("prefix", [s[0] for s in SEEDS])
def test_seed_passes_check(corpus: Path, prefix: str) -> None:
    """Every seed is consistent: validation finds no error."""
    result = govinfo.validate(govinfo.read(seed(corpus, prefix)))

    assert [] == [f.code for f in result.findings if f.severity == "error"]


def test_seed_000_narrative_sections(corpus: Path) -> None:
    """The six sections' text is kept, headings with spaces or Arabic numbering included."""
    report = govinfo.read(seed(corpus, "000"))

    assert report.narrative.overview is not None
    assert report.narrative.overview.startswith("2024年,净月高新区坚持")
    assert report.narrative.other_matters == "2024年度本单位未收取信息处理费。"
    tabbed = govinfo.read(seed(corpus, "004"))
    assert tabbed.narrative.other_matters is not None
    assert tabbed.narrative.other_matters.startswith("（一）通过政务微信公众号")
