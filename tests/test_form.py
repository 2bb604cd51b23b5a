"""The form as data: its rows agree with the typed model, its names, its lookups, its leaves."""

from __future__ import annotations

import attrs
import pytest

from govinfo.form import NATIONAL, TEMPLATES, Identity, Term, lookup
from govinfo.model import ROW_CLASSES, TABLE_CLASSES, field_name


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_row_of_the_form_has_its_model_field_and_back(template: str) -> None:
    for table in NATIONAL.tables:
        cls = TABLE_CLASSES[(template, table.key)]
        fields = set(attrs.fields_dict(cls))
        printed = {field_name(r.key) for r in table.rows_for(template)}
        assert printed <= fields, (template, table.key, printed - fields)
        other = {field_name(r.key) for r in table.rows}
        assert fields <= other, (template, table.key, fields - other)
        for row in table.rows_for(template):
            columns = set(attrs.fields_dict(ROW_CLASSES[(template, table.key, field_name(row.key))]))
            assert {c.key for c in row.columns} <= columns


def test_every_label_has_an_english_label() -> None:
    for table in NATIONAL.tables:
        assert table.label_en
        for row in table.rows:
            assert row.label_en, row.key
            assert all(c.label_en for c in row.columns), row.key
        assert all(g.label_en for g in table.groups)
    assert all(s.label_en for s in NATIONAL.sections)


def test_names_of_cells() -> None:
    assert NATIONAL.cell_label("applications", "denied.state_secret", "commercial") == (
        "（三）不予公开·1.属于国家秘密 / 法人或其他组织·商业企业"
    )
    assert NATIONAL.cell_label("appeals", "litigation_direct", "upheld") == "行政诉讼·未经复议直接起诉 / 结果维持"
    assert NATIONAL.cell_name("applications/other/total", "2019") == "（六）其他处理 / 总计"
    assert (
        NATIONAL.cell_name("appeals/review/total", language="en") == "Table 4, row Administrative review, column Total"
    )


def test_lookup_from_printed_text() -> None:
    assert lookup("5．属于三类内容事务信息") == (("applications", "denied.internal_affairs"),)
    assert lookup(" 行政 许可 ") == (("active", "licensing"),)
    assert len(lookup("3.其他")) == 1
    assert lookup("没有这一行") == ()


def _present(keys: set[str]):  # type: ignore[no-untyped-def]
    return lambda row: row in keys


def test_leaves_follow_the_rows_the_document_has() -> None:
    table = NATIONAL.table("applications")
    subs = {"other.no_correction", "other.fee_unpaid", "other.other"}
    everything = {r.key for r in table.rows}
    leaves21 = table.leaves("results", _present(everything - {"other"}), "2021")
    assert len(leaves21) == 21
    assert set(leaves21) >= subs
    leaves19 = table.leaves("results", _present(everything - subs), "2021")
    assert len(leaves19) == 19
    assert leaves19[-1] == "other"
    assert table.leaves("results", _present(set()), "2019")[-1] == "other"
    expected = ("other.no_correction", "other.fee_unpaid", "other.other")
    assert table.leaves("other", _present(everything), "2021") == expected


def test_identity_formula_is_derived() -> None:
    made_up = Identity(
        "made-up", "active", "row", total=("in_force",), parts=("issued", "repealed"), rows=("regulations",)
    )
    assert NATIONAL.identity_formula(made_up) == "∀r ∈ {regulations}: r.in_force == r.issued + r.repealed"
    partition = next(i for i in NATIONAL.identities if i.parts == (Term("results"),))
    assert NATIONAL.identity_formula(partition) == "∀c: results_total[c] == leaves(results)[c]"
    with pytest.raises(ValueError, match="over"):
        Identity("x", "active", "diagonal", total=(), parts=())
