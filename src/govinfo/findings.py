"""Findings: what govinfo has to say about a report, the catalogue of every code, one renderer.

Every finding the library can emit — while reading (extraction), from the in-table rules,
the conformance and narrative checks, and across reports — has its code in
:data:`CATALOGUE`, with its default severity, the stage that emits it and a title and a
description in Chinese and English. :func:`finding` is the one way findings are made (the
severity comes from the catalogue unless the caller overrides it), and :func:`render` the
one way they are turned into text, in Chinese (the default, the words of the paper form)
or English.

Severity means something: an **error** is something wrong or missing in the report
itself; a **warning** is something govinfo could not decide from the source, or a check
that real documents break for legitimate reasons; an **info** is context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol

import attrs

from govinfo.document import Location

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "SEVERITIES",
    "STAGES",
    "Code",
    "Finding",
    "ValidationReport",
    "check_language",
    "check_severity",
    "code_info",
    "finding",
    "place",
    "register_code",
    "render",
    "render_details",
    "unregister_code",
]

SEVERITIES = ("error", "warning", "info")
"""The severities, most severe first."""

LANGUAGES = ("zh", "en")
"""Languages a finding can be shown in (both messages are always in the data)."""

STAGES = ("reading", "extraction", "arithmetic", "domain", "conformance", "narrative", "cross-report")
"""The stages that emit findings, in pipeline order."""

_SEVERITY_NAMES = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def check_severity(value: str, what: str = "severity") -> str:
    """Return ``value`` if it is a severity; raise ``ValueError`` naming ``what`` otherwise."""
    if value not in SEVERITIES:
        raise ValueError(f"{what} must be one of {SEVERITIES}, not {value!r}")
    return value


def check_language(value: str) -> str:
    """Return ``value`` if it is a language govinfo speaks; raise ``ValueError`` otherwise."""
    if value not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {value!r}")
    return value


def _validate_severity(_: Any, attribute: attrs.Attribute[str], value: str) -> None:
    check_severity(value, attribute.name)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


@attrs.frozen(kw_only=True)
class Finding:
    """One thing extraction or validation has to say about a report.

    Attributes:
        code: the stable code (``column-balance``, ``missing-row`` …); see :data:`CATALOGUE`.
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        message: in Chinese, naming rows and columns as printed.
        message_en: the same in English.
        paths: the cell paths concerned, the likely culprit first.
        location: where in the source (the first path's cell, or the text concerned).
        expected: the value that would make the relationship hold (for the culprit).
        actual: the value the document has.
        assumed_zero: paths of blank cells that were counted as 0 to reach this finding.
    """

    code: str
    severity: str = attrs.field(validator=_validate_severity)
    message: str
    message_en: str = ""
    paths: tuple[str, ...] = attrs.field(converter=_strings, default=())
    location: Location | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    assumed_zero: tuple[str, ...] = attrs.field(converter=_strings, default=())

    def text(self, language: str = "zh") -> str:
        """The message in ``language`` (English falls back to Chinese where it has none)."""
        check_language(language)
        return (self.message_en or self.message) if language == "en" else self.message

    def __str__(self) -> str:
        return render(self)


# --- the catalogue --------------------------------------------------------------------


@attrs.frozen
class Code:
    """A code in the catalogue.

    Attributes:
        code: the stable code findings carry.
        severity: its default severity.
        stage: the stage that emits it (one of :data:`STAGES`).
        title, title_en: what it says, in a few words.
        description, description_en: when it is emitted and what to do about it.
        spec: the invariant or check of ``spec/templates.md`` it implements, if any.
    """

    code: str
    severity: str = attrs.field(validator=_validate_severity)
    stage: str
    title: str
    title_en: str
    description: str = ""
    description_en: str = ""
    spec: str = ""


def _c(code: str, severity: str, stage: str, title: str, title_en: str, description: str, description_en: str,
       spec: str = "") -> Code:  # fmt: skip
    return Code(code, severity, stage, title, title_en, description, description_en, spec)


_BUILTIN: tuple[Code, ...] = (
    # -- reading and extraction ----------------------------------------------------------
    _c(
        "reader-note",
        "warning",
        "reading",
        "读取时的说明",
        "A note from the reader",
        "读取器发现并绕过的问题（声明的编码有误、文件被截断、表格需要修复），读取结果可能不完整。",
        "Something the reader noticed and read past (a wrong declared charset, a truncated file, a "
        "table it had to repair); what was read may be incomplete.",
    ),
    _c(
        "template-mixed",
        "warning",
        "extraction",
        "表格混用两个年版的格式",
        "The tables mix the two formats",
        "表二同时含有2019年版和2021年版的栏目，或2021年版报告将（六）其他处理印为一行；按较符合的年版读取。",
        "Table 2 has headers of both formats, or a 2021 report prints (6) other handling as one row; "
        "it is read as the format it fits best.",
        "§4",
    ),
    _c(
        "missing-table",
        "error",
        "extraction",
        "未找到表格",
        "A table was not found",
        "报告缺少某个统计表，或表格以图片发布、不是可读的文字。",
        "A statistical table is missing, or was published as an image rather than as text.",
        "X-8",
    ),
    _c(
        "missing-row",
        "warning",
        "extraction",
        "表格缺少行",
        "A table lacks rows",
        "找到了表格，但缺少格式规定的若干行；依赖这些行的勾稽关系无法核对。",
        "The table was found but lacks rows of the format; the identities that need them cannot be checked.",
        "X-8",
    ),
    _c(
        "no-values",
        "error",
        "extraction",
        "表格没有数值",
        "The tables hold no values",
        "表格有栏目而没有任何数值（空白模板？）。",
        "The tables have their labels but no values at all (a blank template?).",
    ),
    _c(
        "blank-table",
        "error",
        "extraction",
        "表格全部空白",
        "A table is all blank",
        "找到了表格的栏目，但没有印出任何数值；该表的数值都缺失。",
        "The table's labels are there but none of its values is printed; all its numbers are missing.",
        "X-8",
    ),
    _c(
        "merged-cells",
        "warning",
        "extraction",
        "数值单元格跨行合并",
        "A value cell is merged across rows",
        "一个数值单元格合并了几行（如（六）其他处理的三个子项）：数值属于这几行之和。为0时各行均为0（计数不为负）；"
        "不为0时各行数值不明，合计仍用于核对。",
        "A value cell covers several rows (the three sub-rows of (6) other handling, say): the value is their "
        "sum. When it is 0 every row is 0 (counts are never negative); otherwise the rows are unknown and the "
        "sum is still checked.",
    ),
    _c(
        "too-few-values",
        "error",
        "extraction",
        "一行的数值少于列数",
        "A row has fewer values than columns",
        "某行找到的数值少于格式规定的列数；缺少的列记为空白，不会把其他列的数值移过来。",
        "A row has fewer values "
        "than the format's columns; the missing ones are left blank, nothing is shifted into them.",
    ),
    _c(
        "too-many-values",
        "error",
        "extraction",
        "一行的数值多于列数",
        "A row has more values than columns",
        "某行的数值多于格式规定的列数；多出的数值未予采用。",
        "A row has more values than the format's columns; the extra ones were not used.",
    ),
    _c(
        "duplicate-row",
        "warning",
        "extraction",
        "同一行出现多次",
        "A row appears more than once",
        "同一行标签出现不止一次，采用数值最完整的一处。",
        "A row label appears more than once; the occurrence with the most values was used.",
    ),
    _c(
        "bad-value",
        "error",
        "extraction",
        "单元格不是可用的数值",
        "A cell holds no usable number",
        "单元格的文字不是数值（或计数不是整数），按空白处理。",
        "A cell's text is not a number (or a count is not a whole number); it is read as blank.",
    ),
    _c(
        "unplaced-value",
        "error",
        "extraction",
        "数值无法对应到任何一行",
        "Values could not be placed",
        "报告表格中的数值没有任何行标签可以认领。",
        "Numbers of a report table that no row label claims.",
    ),
    _c(
        "ambiguous-run",
        "warning",
        "extraction",
        "连成一串的数值无法唯一拆分",
        "Run-together values cannot be split",
        "原文丢失了单元格分隔，连成一串的数字按表格的勾稽关系仍有多种拆法；无法确定的单元格留空。",
        "The source lost the separators between cells and the digits can still be split in several ways "
        "under the tables' identities; the cells that differ are left blank.",
    ),
    _c(
        "split-run",
        "info",
        "extraction",
        "连成一串的数值已拆分",
        "Run-together values were split",
        "原文丢失了单元格分隔，数值已按表格的勾稽关系或正文所述拆开。",
        "The source lost the separators between "
        "cells; the values were split by the tables' identities or by what the text says.",
    ),
    _c(
        "no-year",
        "warning",
        "extraction",
        "未能确定报告年度",
        "No report year",
        "标题、开头和统计期限都没有写明报告年度。",
        "Neither the title, the opening nor the statistics period states the report year.",
    ),
    _c(
        "no-agency",
        "info",
        "extraction",
        "未写明报告机关",
        "No agency",
        "文中未写明报告机关。",
        "The document does not name the reporting agency.",
    ),
    # -- in-table rules -------------------------------------------------------------------
    _c(
        "column-balance",
        "error",
        "arithmetic",
        "表三各列收支不平",
        "Table 3: a column does not balance",
        "表三每一列：本年新收加上年结转，应等于办理结果总计加结转下年度（表格角注所述的勾稽关系）。",
        "In every column of table 3, new plus carried-over applications equal the results total plus "
        "those carried forward (the identity the table's corner note states).",
        "A21-1, A19-1",
    ),
    _c(
        "outcome-partition",
        "error",
        "arithmetic",
        "表三办理结果之和与总计不符",
        "Table 3: the outcomes do not add up to the total",
        "表三每一列：（七）总计应等于各项办理结果之和（每件申请只计入一种结果）。",
        "In every column of table 3, the results total equals the sum of the outcome rows (each "
        "application has exactly one outcome).",
        "A21-2, A19-2",
    ),
    _c(
        "row-total",
        "error",
        "arithmetic",
        "表三一行的总计与各列之和不符",
        "Table 3: a row's total does not add up",
        "表三每一行：总计应等于自然人与法人或其他组织各列之和。",
        "In every row of table 3, the total equals the natural-person and organisation columns.",
        "A21-3, A19-3",
    ),
    _c(
        "appeal-total",
        "error",
        "arithmetic",
        "表四一行的总计与各项之和不符",
        "Table 4: a row's total does not add up",
        "表四每一组：总计应等于结果维持、结果纠正、其他结果、尚未审结之和。",
        "In table 4, each total equals upheld + corrected + other + pending.",
        "A21-4..6, A19-4..6",
    ),
    _c(
        "inconsistent-cell",
        "error",
        "arithmetic",
        "可能填错的单元格",
        "The likely wrong cell",
        "唯一一个（或一个单元格及其行总计）改动后能使所在各项勾稽关系都成立的单元格；附上应填的数值。",
        "The one cell (or a cell and its row total) whose change by one amount makes every identity it is "
        "in hold; the value that would is given.",
        "§5.1",
    ),
    _c(
        "blank-total",
        "error",
        "arithmetic",
        "总计单元格空白",
        "Total cells left blank",
        "本行有数而总计单元格空白；按各行之和填入后表格即可平衡。",
        "Total cells left blank on rows whose parts are filled; filled with the row sums, the table adds up.",
        "§5.1",
    ),
    _c(
        "negative-value",
        "error",
        "domain",
        "负数",
        "A negative number",
        "件数与金额不能为负数（2019年版“本年增/减”除外）。",
        "Counts and amounts are not negative (except the 2019 change columns).",
        "A21-7, A19-7",
    ),
    _c(
        "wrong-number-type",
        "error",
        "domain",
        "数值类型不对",
        "Not a whole number",
        "件数应为整数，金额应为数字。",
        "Counts are whole numbers, amounts are numbers.",
        "A21-7, A19-7",
    ),
    # -- conformance and narrative --------------------------------------------------------
    _c(
        "format-missing-row",
        "warning",
        "conformance",
        "缺少格式规定的行或表格",
        "A row or table of the format is missing",
        "报告缺少所用年版格式规定的行或表格（提取时未另行报告的）。",
        "A row or table of the report's format is missing (where extraction did not say so already).",
        "X-8",
    ),
    _c(
        "template-year-mismatch",
        "warning",
        "conformance",
        "表格格式与报告年度不符",
        "The format does not fit the report year",
        "2021年度起应使用2021年版格式（国办公开办函〔2021〕30号），此前为2019年版。",
        "Reports from year 2021 on use the 2021 format (国办公开办函〔2021〕30号), earlier ones the 2019 one.",
        "X-8",
    ),
    _c(
        "extra-table",
        "info",
        "conformance",
        "格式之外的表格",
        "A table the form does not have",
        "报告印有格式规定之外的表格（如信息处理费收取情况）；按原样保留（表格键 extra.N），"
        "其数值不计入格式的任何单元格，也不核对。",
        "The report prints a table the national format does not have (such as the information "
        "processing fees collected); it is kept as printed (table key extra.N), its numbers are never "
        "taken for any cell of the format, and nothing checks them.",
        "X-8",
    ),
    _c(
        "narrative-mismatch",
        "warning",
        "narrative",
        "正文所述数字与表格不符",
        "A figure of the text differs from the tables",
        "报告正文（如总体情况）所述的数字与对应的表格单元格或其合计不符。",
        "A figure the report's text states "
        "(the overview, mostly) differs from the table cell or sum of cells it is about.",
        "X-2",
    ),
    # -- across reports --------------------------------------------------------------------
    _c(
        "carry-over-mismatch",
        "warning",
        "cross-report",
        "上年结转与上年报告不一致",
        "Carried over differs from last year's report",
        "本年“上年结转”应等于同一机关上年报告的“结转下年度继续办理”；机构改革等可致合理差异。",
        "This year's carried-over applications equal last year's carried-forward ones for the same agency; "
        "reorganisations can explain a difference.",
        "X-1",
    ),
    _c(
        "table-unchanged",
        "warning",
        "cross-report",
        "表格与上年报告完全相同",
        "A table is identical to last year's",
        "同一机关相邻年度报告的某个统计表所有数值完全相同（至少3个非零数值），可能沿用了上年数据（“内容雷同”）。",
        "A statistical table of this report equals last year's of the same agency in every cell (with at least "
        "3 non-zero values): last year's figures may have been reused.",
        "X-3",
    ),
    _c(
        "stock-flow-mismatch",
        "warning",
        "cross-report",
        "现行有效件数与上年报告及本年增减不符",
        "Documents in force do not follow from last year's",
        "2021年版表二：现行有效件数应约等于上年报告的现行有效件数加本年制发、减本年废止；文件到期失效等可致合理差异。",
        "2021 table 2: documents in force are about last year's in force plus those issued minus those "
        "repealed this year; documents lapsing by expiry can explain a difference.",
        "X-4",
    ),
    _c(
        "item-count-mismatch",
        "warning",
        "cross-report",
        "事项数量与上年报告不符",
        "Item counts do not follow from last year's",
        "2019年版表二：上一年项目数量应等于上年报告的上一年项目数量加本年增/减，对外公开总数量约等于上年报告的总数量加本年新公开数量。",
        "2019 table 2: items last year equal last year's items plus last year's change, and the total "
        "published is about last year's total plus this year's newly published.",
        "X-5",
    ),
)

_CATALOGUE: dict[str, Code] = {c.code: c for c in _BUILTIN}
CATALOGUE: Mapping[str, Code] = MappingProxyType(_CATALOGUE)
"""Every code govinfo can emit, by code, in pipeline order (read-only; see :func:`register_code`)."""


def code_info(code: str) -> Code:
    """Return the catalogue entry of ``code``.

    Raises:
        KeyError: the code is not in the catalogue.
    """
    try:
        return _CATALOGUE[code]
    except KeyError:
        raise KeyError(f"no finding code {code!r} in the catalogue") from None


def register_code(entry: Code, *, replace: bool = False) -> None:
    """Add a code to the catalogue (for the findings of a custom rule).

    Raises:
        ValueError: the code is in the catalogue already and ``replace`` is false.
    """
    if entry.code in _CATALOGUE and not replace:
        raise ValueError(f"finding code {entry.code!r} is in the catalogue already")
    _CATALOGUE[entry.code] = entry


def unregister_code(code: str) -> None:
    """Remove a code added with :func:`register_code` (``KeyError`` if it is not there)."""
    if code in {c.code for c in _BUILTIN}:
        raise ValueError(f"{code!r} is a built-in code")
    del _CATALOGUE[code]


class _Provenance(Protocol):
    def source_of(self, path: str) -> Any: ...


def finding(
    code: str,
    message: str,
    message_en: str,
    *,
    severity: str | None = None,
    paths: Iterable[str] = (),
    location: Location | None = None,
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    assumed_zero: Iterable[str] = (),
    report: _Provenance | None = None,
) -> Finding:
    """Make a finding; the one factory every stage uses.

    Args:
        code: a code of :data:`CATALOGUE` (``KeyError`` otherwise).
        message, message_en: what it says, in Chinese and English.
        severity: overrides the catalogue's default severity.
        paths: the cells concerned, the likely culprit first.
        location: where in the source; without it, the location of the first path that
            ``report`` has provenance for.
        expected, actual: the values at stake.
        assumed_zero: blank cells counted as 0.
        report: the report, to find the location of ``paths``.
    """
    entry = code_info(code)
    paths = tuple(paths)
    if location is None and report is not None:
        for path in paths:
            source = report.source_of(path)
            if source is not None:
                location = source.location
                break
    return Finding(
        code=code,
        severity=severity or entry.severity,
        message=message,
        message_en=message_en,
        paths=paths,
        location=location,
        expected=expected,
        actual=actual,
        assumed_zero=tuple(assumed_zero),
    )


# --- rendering ------------------------------------------------------------------------


def _number(value: Decimal | None, language: str) -> str:
    if value is None:
        return "空白" if language == "zh" else "blank"
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def place(
    finding: Finding,
    language: str = "zh",
    *,
    location: Location | None = None,
    template: str | None = None,
) -> str | None:
    """Where a finding is, in words a reviewer of the paper form can follow.

    The form's table with the printed row and column labels of the finding's first cell
    (``表三 （一）予以公开 / 自然人``, ``Table 3, row (1) Granted, column Natural person``),
    then the page (PDF), paragraph and line of the source. The position in the file's own
    tables (``第3个表格第6行第3列``) is left out once the form's cell is named: it counts
    the page's tables, not the form's; it stays in :attr:`Finding.location` for tools.
    ``location`` is used where the finding has none of its own; ``template`` picks the
    labels of that format (default 2021). ``None`` when nothing is known.
    """
    check_language(language)
    zh = language == "zh"
    where = finding.location or location
    cell = _form_name(finding.paths[0], template or "2021", language) if finding.paths else None
    if cell is None:
        return None if where is None else where.describe(language)
    parts = [cell]
    if where is not None:
        if where.page is not None:
            parts.append(f"第{where.page}页" if zh else f"page {where.page}")
        if where.line is not None:
            parts.append(f"第{where.line}行" if zh else f"line {where.line}")
        if where.paragraph is not None:
            parts.append(f"第{where.paragraph}段" if zh else f"paragraph {where.paragraph}")
    return ("，" if zh else ", ").join(parts)


def _form_name(path: str, template: str, language: str) -> str | None:
    """A cell, row or table path named as the form prints it, its table included."""
    from govinfo.form import NATIONAL

    try:
        name = NATIONAL.cell_name(path, template, language)
        table = NATIONAL.table(path.split("/")[0])
    except KeyError:
        return None
    if language == "en" or "/" not in path:
        return name
    return f"{table.label} {name}"


def render(
    finding: Finding,
    language: str = "zh",
    *,
    location: Location | None = None,
    template: str | None = None,
) -> str:
    """One line for a person: severity, code, message and where (:func:`place`), in ``language``.

    ``错误［inconsistent-cell］（一）予以公开 / 自然人 为 19，…（表三 （一）予以公开 / 自然人，第68行）``;
    ``error [inconsistent-cell] Table 3, row (1) Granted, column Natural person is 19; … (Table 3, row (1)
    Granted, column Natural person, line 68)``. ``location`` is used where the finding has none of
    its own; ``template`` names the cells as that format prints them.
    """
    check_language(language)
    where = place(finding, language, location=location, template=template)
    severity = _SEVERITY_NAMES[language].get(finding.severity, finding.severity)
    if language == "en":
        text = f"{severity} [{finding.code}] {finding.text('en')}"
        return f"{text} ({where})" if where is not None else text
    text = f"{severity}［{finding.code}］{finding.message}"
    return f"{text}（{where}）" if where is not None else text


def render_details(
    finding: Finding,
    language: str = "zh",
    *,
    location: Location | None = None,
    names: Mapping[str, str] | None = None,
    where: bool = True,
    template: str | None = None,
) -> str:
    """The particulars of a finding in one line: the cells, where, expected and found.

    ``names`` maps cell paths to the words they are shown in (English names of the form,
    say); paths not in it are shown as they are. ``where=False`` leaves the location
    (:func:`place`) out (when :func:`render` has said it).
    """
    check_language(language)
    zh = language == "zh"
    parts: list[str] = []
    if finding.paths:
        shown = [(names or {}).get(p, p) for p in finding.paths]
        parts.append(("单元格 " if zh else "cells ") + ("、" if zh else "; ").join(shown))
    known = finding.location is not None or location is not None
    spot = place(finding, language, location=location, template=template) if where and known else None
    if spot is not None:
        parts.append(("位置 " if zh else "at ") + spot)
    if finding.expected is not None or finding.actual is not None:
        expected, actual = _number(finding.expected, language), _number(finding.actual, language)
        parts.append(f"应为 {expected}，实为 {actual}" if zh else f"expected {expected}, found {actual}")
    return ("；" if zh else "; ").join(parts)


def _findings(items: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(items)


@attrs.frozen
class ValidationReport:
    """The findings about one report, most severe first, then in printed order.

    Attributes:
        findings: the extractor's findings and those of the rules.
        source: the name of the file the report was read from, if known.
        template: the report's format version.
        language: the language ``str()`` shows findings in (``zh`` or ``en``).
    """

    findings: tuple[Finding, ...] = attrs.field(converter=_findings)
    source: str | None = None
    template: str | None = None
    language: str = "zh"

    @property
    def ok(self) -> bool:
        """``True`` when there is no error (warnings and infos allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return self._of("error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return self._of("warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity ``info``."""
        return self._of("info")

    def _of(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    def by_code(self, code: str) -> tuple[Finding, ...]:
        """The findings with this code."""
        return tuple(f for f in self.findings if f.code == code)

    def raise_for_errors(self) -> ValidationReport:
        """Raise :class:`~govinfo.errors.ValidationError` if there is an error; return ``self`` otherwise."""
        from govinfo.errors import ValidationError

        errors = self.errors
        if errors:
            where = f"{self.source}: " if self.source else ""
            raise ValidationError(f"{where}{len(errors)} error(s); first: {errors[0].text(self.language)}", self)
        return self

    def format(self, language: str | None = None) -> str:
        """The findings, one line each, in ``language`` (default: the report's)."""
        return "\n".join(render(f, language or self.language, template=self.template) for f in self.findings)

    def __str__(self) -> str:
        return self.format()
