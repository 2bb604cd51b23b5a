"""The one mapping between govinfo's stable keys and the Chinese labels of the formats.

Everything that names a cell — the model, the JSON, the long CSV, the findings, the
writers and the extractor's alias table — takes its keys and labels from here
(``spec/dataset.md``). :func:`normalize` is the text normalisation every label goes through
before it is compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import attrs

__all__ = [
    "APPEAL_COLUMNS",
    "APPEAL_ROWS",
    "APPLICANT_COLUMNS",
    "TABLES",
    "Column",
    "RowSpec",
    "TableSpec",
    "cell_label",
    "iter_cell_specs",
    "normalize",
    "strip_numbering",
    "table_spec",
]

_WS = re.compile(r"\s+")
_PUNCT = str.maketrans(
    {
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "：": ":",
        "，": ",",
        "．": ".",
        "。": ".",
        "\u2014": "-",
        "\u2013": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\ufe63": "-",
    }
)


def normalize(text: str) -> str:
    """Return ``text`` in the form labels are compared in.

    NFKC (full-width letters, digits and brackets become ASCII), all whitespace removed
    (including U+3000 and no-break spaces), bracket, colon and dash variants unified.
    Curly quotes are kept: they survive NFKC in the official labels too.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _WS.sub("", text).replace("\u200b", "").replace("\ufeff", "")
    return text.translate(_PUNCT)


_NUMBERING = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]+[、.,]"  # 一、  三.
    r"|\([一二三四五六七八九十]+\)[、.]?"  # (一)
    r"|\d{1,2}(?:[、.,]|\)(?!\d))"  # 1.  1、  1)
    r"|\(\d{1,2}\)"  # (1)
    r")"
)


def strip_numbering(normalized: str) -> tuple[str, str]:
    """Split a normalised label into its numbering prefix and its body.

    ``"(三)不予公开"`` → ``("(三)", "不予公开")``; a label without numbering gives
    ``("", label)``.
    """
    match = _NUMBERING.match(normalized)
    if not match:
        return "", normalized
    return match.group(0), normalized[match.end() :]


@attrs.frozen
class Column:
    """A column of a statistical table.

    Attributes:
        key: the stable key (``natural_person``).
        label: the Chinese column label as the format prints it.
        kind: ``"count"`` (integer ≥ 0), ``"signed"`` (integer) or ``"decimal"`` (money).
        unit: the unit the format fixes for the column, if any (``万元``).
    """

    key: str
    label: str
    kind: str = "count"
    unit: str | None = None


@attrs.frozen
class RowSpec:
    """A row of a statistical table.

    Attributes:
        key: the stable row key (``denied.state_secret``).
        label: the row label as the format prints it, with its numbering.
        columns: the row's columns, in order.
        templates: the format versions that have this row (``"2019"``, ``"2021"``).
        aliases: further label bodies (normalised, numbering stripped) that name this row
            in real documents: typos, older wording.
        group: the key of the printed group the row belongs to (``denied``), if any.
    """

    key: str
    label: str
    columns: tuple[Column, ...]
    templates: frozenset[str] = frozenset({"2019", "2021"})
    aliases: tuple[str, ...] = ()
    group: str | None = None

    @property
    def body(self) -> str:
        """The normalised label without its numbering, as the extractor matches it."""
        return strip_numbering(normalize(self.label))[1]


@attrs.frozen
class TableSpec:
    """A statistical table of the report.

    Attributes:
        key: ``active``, ``applications`` or ``appeals``.
        section: the section heading the table belongs to.
        rows: every row either format version has, in printed order.
    """

    key: str
    section: str
    rows: tuple[RowSpec, ...]

    def rows_for(self, template: str) -> tuple[RowSpec, ...]:
        """Return the rows the given format version prints, in order."""
        return tuple(row for row in self.rows if template in row.templates)

    def row(self, key: str) -> RowSpec:
        """Return the row with this key (``KeyError`` if there is none)."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


# --- table 3: applications ------------------------------------------------------------

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)

_Y19 = frozenset({"2019"})
_Y21 = frozenset({"2021"})


def _app(
    key: str,
    label: str,
    *,
    templates: frozenset[str] = frozenset({"2019", "2021"}),
    aliases: tuple[str, ...] = (),
) -> RowSpec:
    group = key.split(".")[0] if "." in key else None
    return RowSpec(key, label, APPLICANT_COLUMNS, templates, aliases, group)


APPLICATION_ROWS: tuple[RowSpec, ...] = (
    _app("new_received", "一、本年新收政府信息公开申请数量"),
    _app("carried_over", "二、上年结转政府信息公开申请数量"),
    _app("granted", "（一）予以公开"),
    _app(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        aliases=("部分公开",),
    ),
    _app("denied.state_secret", "1.属于国家秘密"),
    _app(
        "denied.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        aliases=("其他法律行政止公开", "其他法律、行政法规禁止公开"),
    ),
    _app("denied.security_stability", "3.危及“三安全一稳定”", aliases=('危及"三安全一稳定"',)),
    _app("denied.third_party_rights", "4.保护第三方合法权益"),
    _app("denied.internal_affairs", "5.属于三类内部事务信息", aliases=("属于三类内容事务信息",)),
    _app("denied.process_info", "6.属于四类过程性信息"),
    _app("denied.enforcement_file", "7.属于行政执法案卷"),
    _app("denied.admin_query", "8.属于行政查询事项"),
    _app("unavailable.not_held", "1.本机关不掌握相关政府信息"),
    _app("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    _app("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确"),
    _app("not_processed.petition_complaint", "1.信访举报投诉类申请"),
    _app("not_processed.duplicate", "2.重复申请"),
    _app("not_processed.publication", "3.要求提供公开出版物"),
    _app("not_processed.excessive", "4.无正当理由大量反复申请"),
    _app("not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息"),
    _app(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        templates=_Y21,
        aliases=("申请人无正当理由逾期不补正",),
    ),
    _app(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        templates=_Y21,
        aliases=("申请人逾期未按收费通知要求缴纳费用",),
    ),
    _app("other.other", "3.其他", templates=_Y21),
    # The single (六) row of the 2019 format; documents of 2021 that print it so keep it.
    _app("other", "（六）其他处理", templates=_Y19),
    _app("results_total", "（七）总计"),
    _app("carried_forward", "四、结转下年度继续办理"),
)

# Printed group labels of table 3: merged cells with no numbers of their own.
APPLICATION_GROUPS: dict[str, str] = {
    "results": "三、本年度办理结果",
    "denied": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}

# Header texts of table 3 that name no cell (the corner note, the applicant headers).
APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORG_HEADER = "法人或其他组织"

# --- table 4: appeals -----------------------------------------------------------------

APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

APPEAL_ROWS: tuple[RowSpec, ...] = (
    RowSpec("review", "行政复议", APPEAL_COLUMNS),
    RowSpec("litigation_direct", "行政诉讼·未经复议直接起诉", APPEAL_COLUMNS),
    RowSpec("litigation_after_review", "行政诉讼·复议后起诉", APPEAL_COLUMNS),
)

# --- table 2: active disclosure -------------------------------------------------------

_DOCS21 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DOCS19 = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_DECISIONS21 = (Column("decisions", "本年处理决定数量"),)
_ITEMS19 = (
    Column("prev_items", "上一年项目数量"),
    Column("change", "本年增/减", kind="signed"),
    Column("decisions", "处理决定数量"),
)

ACTIVE_ROWS: tuple[RowSpec, ...] = (
    RowSpec("regulations", "规章", _DOCS21, _Y21),
    RowSpec("normative_documents", "行政规范性文件", _DOCS21, _Y21, aliases=("规范性文件",)),
    RowSpec("licensing", "行政许可", _DECISIONS21, _Y21),
    RowSpec("penalty", "行政处罚", _DECISIONS21, _Y21),
    RowSpec("coercion", "行政强制", _DECISIONS21, _Y21),
    RowSpec(
        "admin_fees",
        "行政事业性收费",
        (Column("amount", "本年收费金额（单位：万元）", kind="decimal", unit="万元"),),
        _Y21,
    ),
    RowSpec("regulations", "规章", _DOCS19, _Y19),
    RowSpec("normative_documents", "规范性文件", _DOCS19, _Y19, aliases=("行政规范性文件",)),
    RowSpec("licensing", "行政许可", _ITEMS19, _Y19),
    RowSpec("other_services", "其他对外管理服务事项", _ITEMS19, _Y19),
    RowSpec("penalty", "行政处罚", _ITEMS19, _Y19),
    RowSpec("coercion", "行政强制", _ITEMS19, _Y19),
    RowSpec(
        "admin_fees",
        "行政事业性收费",
        (Column("prev_items", "上一年项目数量"), Column("change", "本年增/减", kind="signed")),
        _Y19,
    ),
    RowSpec(
        "central_procurement",
        "政府集中采购",
        (Column("projects", "采购项目数量"), Column("amount", "采购总金额", kind="decimal")),
        _Y19,
    ),
)

# The article-20 captions of table 2, by row key.
ACTIVE_CAPTIONS: dict[str, str] = {
    "regulations": "第二十条第（一）项",
    "normative_documents": "第二十条第（一）项",
    "licensing": "第二十条第（五）项",
    "other_services": "第二十条第（五）项",
    "penalty": "第二十条第（六）项",
    "coercion": "第二十条第（六）项",
    "admin_fees": "第二十条第（八）项",
    "central_procurement": "第二十条第（九）项",
}

# The first header cell of every table-2 sub-block.
ACTIVE_HEADER = "信息内容"

# Labels of the metadata grid some exports print before the body (without the colon).
METADATA_LABELS: dict[str, str] = {"index_number": "索引号", "published": "发布日期", "agency": "发布机构"}

SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("active", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec("active", "二、主动公开政府信息情况", ACTIVE_ROWS),
    TableSpec("applications", "三、收到和处理政府信息公开申请情况", APPLICATION_ROWS),
    TableSpec("appeals", "四、政府信息公开行政复议、行政诉讼情况", APPEAL_ROWS),
)


def table_spec(key: str) -> TableSpec:
    """Return the table with this key (``KeyError`` if there is none)."""
    for table in TABLES:
        if table.key == key:
            return table
    raise KeyError(key)


def row_spec(table: str, row: str, template: str) -> RowSpec:
    """Return the row of ``table`` with key ``row`` as format ``template`` prints it.

    Rows that belong to the other version only (``other`` in 2021 documents that print
    the single (六) row) are found too.
    """
    spec = table_spec(table)
    fallback: RowSpec | None = None
    for candidate in spec.rows:
        if candidate.key == row:
            if template in candidate.templates:
                return candidate
            fallback = fallback or candidate
    if fallback is None:
        raise KeyError(f"{table}/{row}")
    return fallback


def iter_cell_specs(template: str) -> Iterator[tuple[TableSpec, RowSpec, Column]]:
    """Yield every (table, row, column) the given format version prints, in order."""
    for table in TABLES:
        for row in table.rows_for(template):
            for column in row.columns:
                yield table, row, column


def cell_label(table: str, row: str, column: str, template: str = "2021") -> str:
    """Return the Chinese name of a cell as a reader of the paper form would say it.

    ``cell_label("applications", "denied.state_secret", "total")`` →
    ``"（三）不予公开·1.属于国家秘密 / 总计"``.
    """
    spec = row_spec(table, row, template)
    row_label = spec.label
    if table == "applications" and spec.group in APPLICATION_GROUPS and spec.key != "other":
        row_label = f"{APPLICATION_GROUPS[spec.group]}·{row_label}"
    col = next((c for c in spec.columns if c.key == column), None)
    if col is None:
        raise KeyError(f"{table}/{row}/{column}")
    col_label = col.label
    if table == "applications" and col.key not in ("natural_person", "total"):
        col_label = f"法人或其他组织·{col_label}"
    return f"{row_label} / {col_label}"
