"""The two national formats (国办公开办函〔2019〕60号 and 〔2021〕30号), as data.

Every table, row, column and group with its key, its Chinese label as printed, the
variants real documents print, its English label and its role; the six sections; the
metadata labels; the markers that tell the formats apart; and the arithmetic identities
of spec §5. A new row or identity is one edit here (a new row also needs its field in the
typed model, :mod:`govinfo.model`; a test checks that the two agree).
"""

from __future__ import annotations

from govinfo.form.spec import (
    Column,
    Form,
    GroupSpec,
    Identity,
    MetadataField,
    RowSpec,
    Section,
    TableSpec,
    Term,
)

__all__ = ["NATIONAL"]

_Y19 = frozenset({"2019"})
_Y21 = frozenset({"2021"})
_BOTH = frozenset({"2019", "2021"})

# --- table 3: applications ------------------------------------------------------------

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人", label_en="Natural person"),
    Column("commercial", "商业企业", label_en="Commercial enterprise", group="org"),
    Column("research", "科研机构", label_en="Research institution", group="org"),
    Column("public_interest", "社会公益组织", label_en="Public interest organisation", group="org"),
    Column("legal_service", "法律服务机构", label_en="Legal service organisation", group="org"),
    Column("other_org", "其他", label_en="Other", group="org"),
    Column("total", "总计", label_en="Total", role="total"),
)


def _app(
    key: str,
    label: str,
    label_en: str,
    *,
    role: str = "outcome",
    group: str | None = None,
    templates: frozenset[str] = _BOTH,
    aliases: tuple[str, ...] = (),
) -> RowSpec:
    if group is None and "." in key:
        group = key.split(".")[0]
    return RowSpec(key, label, APPLICANT_COLUMNS, templates, aliases, group, label_en=label_en, role=role)


APPLICATION_ROWS: tuple[RowSpec, ...] = (
    _app("new_received", "一、本年新收政府信息公开申请数量", "I. New applications received this year", role="in"),
    _app("carried_over", "二、上年结转政府信息公开申请数量", "II. Applications carried over from last year", role="in"),
    _app("granted", "（一）予以公开", "(1) Granted", group="results"),
    _app(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "(2) Partially granted (counted here only, not under any other outcome)",
        group="results",
        aliases=("部分公开",),
    ),
    _app("denied.state_secret", "1.属于国家秘密", "1. State secret"),
    _app(
        "denied.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "2. Prohibited by other laws and administrative regulations",
        aliases=("其他法律行政止公开", "其他法律、行政法规禁止公开"),
    ),
    _app(
        "denied.security_stability",
        "3.危及“三安全一稳定”",
        "3. Endangers the three securities and one stability",
        aliases=('危及"三安全一稳定"',),
    ),
    _app("denied.third_party_rights", "4.保护第三方合法权益", "4. Protects the lawful rights of a third party"),
    _app(
        "denied.internal_affairs",
        "5.属于三类内部事务信息",
        "5. Internal affairs information",
        aliases=("属于三类内容事务信息",),
    ),
    _app("denied.process_info", "6.属于四类过程性信息", "6. Process information"),
    _app("denied.enforcement_file", "7.属于行政执法案卷", "7. Administrative enforcement file"),
    _app("denied.admin_query", "8.属于行政查询事项", "8. Administrative inquiry matter"),
    _app("unavailable.not_held", "1.本机关不掌握相关政府信息", "1. Not held by this agency"),
    _app("unavailable.needs_creation", "2.没有现成信息需要另行制作", "2. Would have to be newly created"),
    _app(
        "unavailable.unclear_after_correction",
        "3.补正后申请内容仍不明确",
        "3. Still unclear after correction",
    ),
    _app("not_processed.petition_complaint", "1.信访举报投诉类申请", "1. Petition, report or complaint"),
    _app("not_processed.duplicate", "2.重复申请", "2. Duplicate application"),
    _app("not_processed.publication", "3.要求提供公开出版物", "3. Request for a published work"),
    _app(
        "not_processed.excessive",
        "4.无正当理由大量反复申请",
        "4. Numerous repeated applications without good reason",
    ),
    _app(
        "not_processed.confirm_or_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        "5. Request to confirm or reissue information already obtained",
    ),
    _app(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1. Applicant did not supply a correction in time; no longer processed",
        templates=_Y21,
        aliases=("申请人无正当理由逾期不补正",),
    ),
    _app(
        "other.fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "2. Applicant did not pay the fee in time; no longer processed",
        templates=_Y21,
        aliases=("申请人逾期未按收费通知要求缴纳费用",),
    ),
    _app("other.other", "3.其他", "3. Other", templates=_Y21),
    # The single (六) row of the 2019 format; documents of 2021 that print it so keep it.
    _app("other", "（六）其他处理", "(6) Other handling", group="results", templates=_Y19),
    _app("results_total", "（七）总计", "(7) Total", role="total", group="results"),
    _app("carried_forward", "四、结转下年度继续办理", "IV. Carried forward to next year", role="out"),
)

APPLICATION_GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec("results", "三、本年度办理结果", "III. Results this year", prefix=False),
    GroupSpec("denied", "（三）不予公开", "(3) Denied", parent="results"),
    GroupSpec("unavailable", "（四）无法提供", "(4) Cannot be provided", parent="results"),
    GroupSpec("not_processed", "（五）不予处理", "(5) Not processed", parent="results"),
    GroupSpec("other", "（六）其他处理", "(6) Other handling", parent="results", row="other"),
)

# --- table 4: appeals -----------------------------------------------------------------

APPEAL_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", label_en="Upheld", aliases=("结果", "维持")),
    Column("corrected", "结果纠正", label_en="Corrected", aliases=("结果", "纠正")),
    Column("other", "其他结果", label_en="Other result", aliases=("其他",)),
    Column("pending", "尚未审结", label_en="Pending", aliases=("尚未",)),
    Column("total", "总计", label_en="Total", role="total"),
)

APPEAL_ROWS: tuple[RowSpec, ...] = (
    RowSpec("review", "行政复议", APPEAL_COLUMNS, label_en="Administrative review"),
    RowSpec(
        "litigation_direct",
        "未经复议直接起诉",
        APPEAL_COLUMNS,
        group="litigation",
        label_en="Suit without prior review",
    ),
    RowSpec(
        "litigation_after_review",
        "复议后起诉",
        APPEAL_COLUMNS,
        group="litigation",
        label_en="Suit after review",
    ),
)

APPEAL_GROUPS: tuple[GroupSpec, ...] = (GroupSpec("litigation", "行政诉讼", "Administrative litigation"),)

# --- table 2: active disclosure -------------------------------------------------------

_DOCS21 = (
    Column("issued", "本年制发件数", label_en="Issued this year"),
    Column("repealed", "本年废止件数", label_en="Repealed this year"),
    Column("in_force", "现行有效件数", label_en="In force"),
)
_DOCS19 = (
    Column("made", "本年新制作数量", label_en="Made this year"),
    Column("published", "本年新公开数量", label_en="Published this year"),
    Column("total_published", "对外公开总数量", label_en="Total published"),
)
_DECISIONS21 = (Column("decisions", "本年处理决定数量", label_en="Decisions this year"),)
_ITEMS19 = (
    Column("prev_items", "上一年项目数量", label_en="Items last year"),
    Column("change", "本年增/减", kind="signed", label_en="Change this year"),
    Column("decisions", "处理决定数量", label_en="Decisions"),
)

_ART1 = "第二十条第（一）项"
_ART5 = "第二十条第（五）项"
_ART6 = "第二十条第（六）项"
_ART8 = "第二十条第（八）项"
_ART9 = "第二十条第（九）项"


def _active(
    key: str,
    label: str,
    label_en: str,
    columns: tuple[Column, ...],
    templates: frozenset[str],
    caption: str,
    aliases: tuple[str, ...] = (),
) -> RowSpec:
    return RowSpec(key, label, columns, templates, aliases, label_en=label_en, caption=caption)


ACTIVE_ROWS: tuple[RowSpec, ...] = (
    _active("regulations", "规章", "Regulations", _DOCS21, _Y21, _ART1),
    _active(
        "normative_documents",
        "行政规范性文件",
        "Administrative normative documents",
        _DOCS21,
        _Y21,
        _ART1,
        aliases=("规范性文件",),
    ),
    _active("licensing", "行政许可", "Administrative licensing", _DECISIONS21, _Y21, _ART5),
    _active("penalty", "行政处罚", "Administrative penalties", _DECISIONS21, _Y21, _ART6),
    _active("coercion", "行政强制", "Administrative coercion", _DECISIONS21, _Y21, _ART6),
    _active(
        "admin_fees",
        "行政事业性收费",
        "Administrative fees",
        (
            Column(
                "amount",
                "本年收费金额（单位：万元）",
                kind="decimal",
                unit="万元",
                label_en="Fees this year (10,000 yuan)",
            ),
        ),
        _Y21,
        _ART8,
    ),
    _active("regulations", "规章", "Regulations", _DOCS19, _Y19, _ART1),
    _active(
        "normative_documents",
        "规范性文件",
        "Normative documents",
        _DOCS19,
        _Y19,
        _ART1,
        aliases=("行政规范性文件",),
    ),
    _active("licensing", "行政许可", "Administrative licensing", _ITEMS19, _Y19, _ART5),
    _active(
        "other_services",
        "其他对外管理服务事项",
        "Other external management and service matters",
        _ITEMS19,
        _Y19,
        _ART5,
    ),
    _active("penalty", "行政处罚", "Administrative penalties", _ITEMS19, _Y19, _ART6),
    _active("coercion", "行政强制", "Administrative coercion", _ITEMS19, _Y19, _ART6),
    _active(
        "admin_fees",
        "行政事业性收费",
        "Administrative fees",
        (
            Column("prev_items", "上一年项目数量", label_en="Items last year"),
            Column("change", "本年增/减", kind="signed", label_en="Change this year"),
        ),
        _Y19,
        _ART8,
    ),
    _active(
        "central_procurement",
        "政府集中采购",
        "Centralised government procurement",
        (
            Column("projects", "采购项目数量", label_en="Procurement projects"),
            Column("amount", "采购总金额", kind="decimal", label_en="Total procurement amount"),
        ),
        _Y19,
        _ART9,
    ),
)

# --- sections, metadata, markers ------------------------------------------------------

SECTIONS: tuple[Section, ...] = (
    Section("overview", "一、总体情况", "I. Overview", aliases=("概述",)),
    Section("active", "二、主动公开政府信息情况", "II. Proactive disclosure"),
    Section(
        "applications",
        "三、收到和处理政府信息公开申请情况",
        "III. Applications received and handled",
    ),
    Section(
        "appeals",
        "四、政府信息公开行政复议、行政诉讼情况",
        "IV. Administrative review and litigation",
        aliases=(
            "政府信息公开行政复议,行政诉讼情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        ),
    ),
    Section(
        "problems",
        "五、存在的主要问题及改进情况",
        "V. Main problems and improvements",
        aliases=(
            "存在的主要问题和改进情况",
            "政府信息公开工作存在的主要问题及改进情况",
            "政府信息公开工作存在的主要问题和改进情况",
        ),
    ),
    Section("other_matters", "六、其他需要报告的事项", "VI. Other matters to report"),
)

METADATA: tuple[MetadataField, ...] = (
    MetadataField("index_number", "索引号"),
    MetadataField("published", "发布日期", aliases=("生成日期", "发布时间", "公开日期")),
    MetadataField("agency", "发布机构", aliases=("发文机关",)),
)

MARKERS: dict[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
        "第二十条第(九)项",
    ),
}

OLD_MARKERS: tuple[str, ...] = (
    "主动公开政府信息数",
    "主动公开文件数",
    "制发规范性文件总数",
    "收到申请数",
    "受理依申请公开信息总数",
    "申请办结数",
    "属于已主动公开范围数",
    "同意公开答复数",
    "不同意公开答复数",
    "对申请的答复总数",
    "指标名称",
    "政府网站公开数",
    "行政申诉数",
)

# --- the identities of spec §5 --------------------------------------------------------

_APPLICANT_PARTS = tuple(c.key for c in APPLICANT_COLUMNS if c.role != "total")
_APPEAL_PARTS = tuple(c.key for c in APPEAL_COLUMNS if c.role != "total")

IDENTITIES: tuple[Identity, ...] = (
    Identity(
        "column-balance",
        "applications",
        "column",
        total=("results_total", "carried_forward"),
        parts=("new_received", "carried_over"),
        spec="A21-1, A19-1",
        title="表三各列：本年新收加上年结转，等于办理结果总计加结转下年度",
        title_en="Table 3, each column: new + carried over = results total + carried forward",
    ),
    Identity(
        "outcome-partition",
        "applications",
        "column",
        total=("results_total",),
        parts=(Term("results"),),
        spec="A21-2, A19-2",
        title="表三各列：（七）总计等于各项办理结果之和",
        title_en="Table 3, each column: results total = sum of the outcome rows",
        parts_name=("各项办理结果之和（{n}项）", "the sum of the {n} outcome rows"),
    ),
    Identity(
        "outcome-partition",
        "applications",
        "column",
        total=("other",),
        parts=(Term("other"),),
        spec="A21-2, A19-2",
        title="表三各列：（六）其他处理等于其下各项之和",
        title_en="Table 3, each column: (6) other handling = the sum of its sub-rows",
        parts_name=("其下各项之和", "the sum of its sub-rows"),
    ),
    Identity(
        "row-total",
        "applications",
        "row",
        total=("total",),
        parts=_APPLICANT_PARTS,
        spec="A21-3, A19-3",
        title="表三各行：总计等于自然人与法人或其他组织各列之和",
        title_en="Table 3, each row: total = natural person + the five organisation columns",
        parts_name=("自然人与法人或其他组织各列之和", "the applicant columns add up to"),
    ),
    Identity(
        "appeal-total",
        "appeals",
        "row",
        total=("total",),
        parts=_APPEAL_PARTS,
        spec="A21-4..6, A19-4..6",
        title="表四各行：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        title_en="Table 4, each row: total = upheld + corrected + other + pending",
        parts_name=("结果维持、结果纠正、其他结果、尚未审结之和", "its parts add up to"),
    ),
)

# --- the form -------------------------------------------------------------------------

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "active",
        "二、主动公开政府信息情况",
        ACTIVE_ROWS,
        number=2,
        label="表二",
        label_en="Table 2",
        row_header="信息内容",
    ),
    TableSpec(
        "applications",
        "三、收到和处理政府信息公开申请情况",
        APPLICATION_ROWS,
        number=3,
        label="表三",
        label_en="Table 3",
        groups=APPLICATION_GROUPS,
        column_groups={"org": ("法人或其他组织", "Legal person or other organisation")},
        header="申请人情况",
        note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        header_aliases=("小计",),
    ),
    TableSpec(
        "appeals",
        "四、政府信息公开行政复议、行政诉讼情况",
        APPEAL_ROWS,
        number=4,
        label="表四",
        label_en="Table 4",
        groups=APPEAL_GROUPS,
    ),
)

NATIONAL = Form(
    tables=TABLES,
    sections=SECTIONS,
    identities=IDENTITIES,
    metadata=METADATA,
    markers=MARKERS,
    old_markers=OLD_MARKERS,
)
"""The national formats of 2019 and 2021: the form govinfo reads, checks and writes."""
