"""The extractor: a format-neutral :class:`Document` in, a typed :class:`AnnualReport` out.

It knows the report formats and nothing about file formats. It works from labels, not
positions:

1. Every paragraph and every table cell (spanned copies skipped) becomes a token, in
   reading order. Each token is classified after :func:`govinfo.labels.normalize`: a
   section heading, a row label, a group label, a column header, a value (number, blank,
   placeholder) or other text.
2. The format version is decided from content (spec §4): table-2 headers first, then the
   structure of （六）其他处理, then the report year.
3. A row label takes the value slots that follow it, up to the row's width: numbers,
   blanks and placeholders, so a blank cell keeps its column. It stops at the next label
   or text. Too few or too many values, text where a number belongs, and numbers no
   label claims are findings with the source location — never silent shifts.
4. Table 4's data row has no label: it is the 15 value slots after the table-4 headers.
5. Metadata comes from the title, the opening sentence, the metadata grid and the
   statistics period; the narrative from the paragraphs under the six headings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

import attrs

from govinfo._runs import (
    BALANCE_ROWS,
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
)
from govinfo.document import Document, Location, Paragraph
from govinfo.errors import UnsupportedFormatError
from govinfo.findings import Finding, finding
from govinfo.labels import (
    ACTIVE_HEADER,
    APPEAL_COLUMNS,
    APPEAL_ROWS,
    APPLICANT_COLUMNS,
    APPLICANT_HEADER,
    APPLICATION_GROUPS,
    ORG_HEADER,
    SECTIONS,
    Column,
    RowSpec,
    cell_label,
    normalize,
    strip_numbering,
    table_spec,
)
from govinfo.model import (
    AnnualReport,
    CellSource,
    Metadata,
    Narrative,
)
from govinfo.values import ParsedCell, parse_cell

__all__ = ["extract"]

# --- vocabulary -----------------------------------------------------------------------

_SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "概述"),
    "active": ("主动公开政府信息情况",),
    "applications": ("收到和处理政府信息公开申请情况",),
    "appeals": (
        "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议,行政诉讼情况",
        "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    ),
    "problems": (
        "存在的主要问题及改进情况",
        "存在的主要问题和改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题和改进情况",
    ),
    "other_matters": ("其他需要报告的事项",),
}

_T21_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
_T19_MARKERS = (
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
)

_T3_HEADERS = frozenset(
    normalize(t) for t in (APPLICANT_HEADER, ORG_HEADER, ACTIVE_HEADER, "小计", *(c.label for c in APPLICANT_COLUMNS))
)
# Table-4 headers as printed, plus the truncations seen in real exports (spec §6: 结果, 尚未).
_T4_HEADERS = frozenset(
    normalize(t)
    for t in (
        *(row.label for row in APPEAL_ROWS),
        *(group.label for group in table_spec("appeals").groups),
        *(label for c in APPEAL_COLUMNS for label in (c.label, *c.aliases)),
    )
)
_T2_HEADERS = frozenset(normalize(c.label) for row in table_spec("active").rows for c in row.columns) | {
    "本年收费金额",
    "处理决定数量",
    normalize(ACTIVE_HEADER),
}

_OLD_MARKERS = tuple(
    normalize(t)
    for t in (
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
)

_GROUP_NORMS = tuple(normalize(label) for label in APPLICATION_GROUPS.values())
_GROUP_BY_BODY = {strip_numbering(normalize(label))[1]: key for key, label in APPLICATION_GROUPS.items()}

_TITLE = re.compile(
    r"(?P<agency>[^:]*?)(?P<year>(?:19|20)\d{2})年度?(?P<rest>[^:]{0,16}?)"
    r"(?:政府|政务)(?:信息)?公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_OPENING = re.compile(r"现(?:予|将)?公布(?P<pre>.*?)(?P<year>(?:19|20)\d{2})年度?(?P<post>.*?)(?:政府|政务)信息公开")
_PERIOD = re.compile(r"(?P<year>(?:19|20)\d{2})年12月31日")
_LEADING_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})年(?:度)?[,，、]")
_AGENCY_LEAD = re.compile(
    r"^(?:19|20)\d{2}年(?:度)?[,，、](?P<agency>[^,，。;；]{2,24}?)"
    r"(?:坚持|紧密|认真|深入|始终|全面|持续|以|按照|在|围绕|进一步|严格|高度|积极|立足|聚焦)"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_META_KEYS = {
    "索引号": "index_number",
    "发布日期": "published",
    "生成日期": "published",
    "发布时间": "published",
    "公开日期": "published",
    "发布机构": "agency",
    "发文机关": "agency",
}


# --- tokens ---------------------------------------------------------------------------


@attrs.frozen
class _Token:
    index: int
    block: int
    text: str
    norm: str
    location: Location
    is_cell: bool
    kind: str  # heading | row | group | header | caption | value | text
    key: str | None = None  # section key, row key (table/key) or group key
    parsed: ParsedCell | None = None
    needs_group: str | None = None
    joined: bool = False  # the cell may hold several cells' numbers run together


def _row_index() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for row in table_spec("applications").rows:
        if row.key == "other":
            continue  # printed as the (六) group label; decided by what follows it
        if row.key == "other.other":
            continue  # body "其他" is ambiguous; handled with its group
        exact[row.body] = row.key
        for alias in row.aliases:
            alias_norm = normalize(alias)
            exact.setdefault(alias_norm, row.key)
            if len(alias_norm) >= 4:
                prefixes.append((alias_norm, row.key))
    prefixes.sort(key=lambda item: -len(item[0]))
    return exact, prefixes


_APP_EXACT, _APP_PREFIXES = _row_index()
_ACTIVE_BODIES = frozenset(normalize(label) for row in table_spec("active").rows for label in (row.label, *row.aliases))
# Every label the classifier knows, to cut cells where crawled text ran several together.
_VOCABULARY = label_vocabulary(
    (*_T2_HEADERS, *_T3_HEADERS, *_T4_HEADERS, *(a for aliases in _SECTION_ALIASES.values() for a in aliases))
)
_SEGMENT_MAX = 600  # longer cells are prose, not labels run together


def _match_section(norm: str) -> str | None:
    prefix, body = strip_numbering(norm)
    body = body.rstrip(":.")
    if len(body) > 40:
        return None
    for key, aliases in _SECTION_ALIASES.items():
        for alias in aliases:
            alias_norm = normalize(alias)
            if body == alias_norm or (prefix and body.startswith(alias_norm) and len(body) - len(alias_norm) <= 4):
                return key
    return None


def _split_heading(text: str) -> tuple[str, str, str] | None:
    """Split a numbered section heading off the prose it was run into, if it was."""
    stripped = text.strip()
    if not strip_numbering(normalize(stripped[:8]))[0] or _match_section(normalize(stripped)):
        return None
    for end in range(4, min(len(stripped), 48)):
        prefix, body = strip_numbering(normalize(stripped[:end]))
        if not prefix:
            continue
        for key, aliases in _SECTION_ALIASES.items():
            if body in (normalize(alias) for alias in aliases):
                rest = stripped[end:].strip()
                return (key, stripped[:end], rest) if rest else None
    return None


def _match_application_row(norm: str) -> tuple[str, str | None] | None:
    """Return (row key, group it needs) for a table-3 row label, or ``None``."""
    prefix, body = strip_numbering(norm)
    if body in _APP_EXACT:
        key = _APP_EXACT[body]
        # Generic bodies ("总计") only count with their numbering.
        if key == "results_total" and not prefix:
            return None
        return key, None
    for alias, key in _APP_PREFIXES:
        if body.startswith(alias):
            return key, None
    if body == "其他" and prefix and prefix[0].isdigit():
        return "other.other", "other"
    return None


def _classify(norm: str, is_cell: bool) -> tuple[str, str | None, str | None]:
    """Return (kind, key, needs_group) for a normalised text."""
    if not is_cell:
        section = _match_section(norm)
        if section:
            return "heading", section, None
    if norm.startswith("第二十条"):
        return "caption", None, None
    prefix, body = strip_numbering(norm)
    if body in _GROUP_BY_BODY and prefix:
        return "group", _GROUP_BY_BODY[body], None
    row = _match_application_row(norm)
    if row:
        return "row", f"applications/{row[0]}", row[1]
    # "(三)不予公开1.属于国家秘密": a group label merged with its first sub-item.
    for group_norm in _GROUP_NORMS:
        if norm.startswith(group_norm) and len(norm) > len(group_norm):
            inner = _match_application_row(norm[len(group_norm) :])
            if inner:
                return "row", f"applications/{inner[0]}", None
    if norm in _ACTIVE_BODIES:
        return "row", f"active/{norm}", None
    if norm in _T3_HEADERS or norm in _T4_HEADERS or norm in _T2_HEADERS:
        return "header", None, None
    if "勾稽关系" in norm or norm.startswith("本年收费金额"):
        return "header", None, None
    return "text", None, None


def _segments(norm: str) -> list[str] | None:
    """The labels a cell holds when crawled text ran several together, or ``None``."""
    return segment_labels(norm, _VOCABULARY) if len(norm) <= _SEGMENT_MAX else None


def _piece_token(index: int, block: int, piece: str, location: Location) -> _Token:
    kind, key, needs = _classify(piece, True)
    return _Token(index, block, piece, piece, location, True, kind, key, needs_group=needs)


def _tokens(document: Document) -> list[_Token]:
    tokens: list[_Token] = []
    for block_no, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            texts: Iterable[tuple[str, Location, bool, bool]] = [(block.text, block.location, False, False)]
        else:
            texts = ((c.text, c.location, True, c.joined) for c in block.cells() if not c.spanned)
        for text, location, is_cell, joined in texts:
            norm = normalize(text)
            if not is_cell and not norm:
                continue
            glued = None if is_cell else _split_heading(text)
            if glued is not None:
                # "五、存在的主要问题及改进情况2023年，…": a heading run into its first paragraph.
                section, heading, text = glued
                tokens.append(
                    _Token(len(tokens), block_no, heading, normalize(heading), location, False, "heading", section)
                )
                norm = normalize(text)
            parsed = parse_cell(text) if is_cell else None
            if parsed is not None and parsed.is_value_slot:
                kind, key, needs = "value", None, None
            else:
                kind, key, needs = _classify(norm, is_cell)
                if not is_cell and kind in ("header", "caption"):
                    kind = "text"  # a paragraph saying "总计" is prose, not a header
                pieces = _segments(norm) if is_cell and kind in ("text", "caption", "header") else None
                if pieces:
                    base = len(tokens)
                    tokens += [_piece_token(base + i, block_no, p, location) for i, p in enumerate(pieces)]
                    continue
            tokens.append(
                _Token(len(tokens), block_no, text, norm, location, is_cell, kind, key, parsed, needs, joined)
            )
    return tokens


# --- findings helpers -----------------------------------------------------------------


# --- the extraction -------------------------------------------------------------------


@attrs.define
class _Occurrence:
    label: _Token
    slots: list[_Token]
    extras: list[_Token]

    @property
    def numbers(self) -> int:
        return sum(1 for t in self.slots if t.parsed is not None and t.parsed.status == "number")


@attrs.define
class _Run:
    """A row whose numbers ran together: fewer number chunks than cells (crawled text)."""

    label: _Token
    slots: list[_Token]
    paths: list[str]
    columns: tuple[Column, ...]

    @property
    def raw(self) -> str:
        return " ".join(t.text.strip() for t in self.slots)


class _Extraction:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.tokens = _tokens(document)
        self.findings: list[Finding] = []
        self.provenance: list[CellSource] = []
        self.cells: dict[str, int | Decimal | None] = {}
        self.units: dict[str, str] = {}
        self.consumed: set[int] = set()
        self.report_blocks: set[int] = set()
        self.template = "2021"
        self.source_name = document.source.name
        self.runs: list[_Run] = []

    # -- template ----------------------------------------------------------------------

    def detect_template(self, year: int | None) -> None:
        norms = [t.norm for t in self.tokens if t.kind != "value"]
        score21 = sum(1 for n in norms if any(n.startswith(m) for m in _T21_MARKERS))
        score19 = sum(1 for n in norms if any(n == m or n.startswith(m) for m in _T19_MARKERS))
        has_other_items = any(
            t.kind == "row" and t.key in ("applications/other.no_correction", "applications/other.fee_unpaid")
            for t in self.tokens
        )
        if score21 or score19:
            self.template = "2021" if score21 >= score19 else "2019"
            if score21 and score19:
                self.findings.append(
                    finding(
                "template-mixed",
                        f"表二同时含有2021年版（{score21}处）和2019年版（{score19}处）的栏目，按{self.template}年版读取",
                        f"table 2 mixes headers of the 2021 format ({score21}) and the 2019 format "
                        f"({score19}); read as the {self.template} format",
                    )
                )
        elif has_other_items:
            self.template = "2021"
        elif year is not None:
            self.template = "2019" if year <= 2020 else "2021"

    # -- rows --------------------------------------------------------------------------

    def _read_slots(self, start: int, width: int) -> tuple[list[_Token], list[_Token]]:
        slots: list[_Token] = []
        extras: list[_Token] = []
        i = start + 1
        while i < len(self.tokens):
            tok = self.tokens[i]
            if tok.kind == "value":
                assert tok.parsed is not None
                if len(slots) < width:
                    slots.append(tok)
                elif tok.parsed.status != "blank":
                    extras.append(tok)
            elif (
                tok.kind == "text"
                and tok.is_cell
                and len(slots) < width
                and re.search(r"\d", tok.norm)
                and not strip_numbering(tok.norm)[0]
            ):
                # Text where a number belongs ("增加3个"): keep its column, report it.
                slots.append(tok)
            else:
                break
            i += 1
        return slots, extras

    def _columns(self, table: str, key: str) -> tuple[RowSpec | None, tuple[Column, ...]]:
        spec = table_spec(table)
        for row in spec.rows_for(self.template):
            if row.key == key:
                return row, row.columns
        for row in spec.rows:
            if row.key == key:
                return row, row.columns
        return None, ()

    def _active_key(self, norm: str) -> str | None:
        for row in table_spec("active").rows_for(self.template):
            if norm in (normalize(row.label), *(normalize(a) for a in row.aliases)):
                return row.key
        return None

    def read_rows(self) -> dict[str, list[_Occurrence]]:
        found: dict[str, list[_Occurrence]] = {}
        group: str | None = None
        for tok in self.tokens:
            if tok.kind == "heading":
                group = None
                continue
            if tok.kind == "group":
                group = tok.key
                nxt = self.tokens[tok.index + 1] if tok.index + 1 < len(self.tokens) else None
                if tok.key == "other" and nxt is not None and nxt.kind == "value":
                    self._occurrence(found, "applications/other", tok)
                continue
            if tok.kind != "row" or tok.key is None:
                continue
            table, _, key = tok.key.partition("/")
            if table == "active":
                active_key = self._active_key(key)
                if active_key is None:
                    continue  # a row of the other format: its numbers end up unplaced
                self._occurrence(found, f"active/{active_key}", tok)
                continue
            if tok.needs_group and tok.needs_group != group:
                continue
            # A sub-item sets its group too: some layouts omit the merged group label.
            group = key.split(".")[0] if "." in key else None
            self._occurrence(found, tok.key, tok)
        return found

    def _occurrence(self, found: dict[str, list[_Occurrence]], row_path: str, tok: _Token) -> None:
        table, _, key = row_path.partition("/")
        _, columns = self._columns(table, key)
        slots, extras = self._read_slots(tok.index, len(columns))
        found.setdefault(row_path, []).append(_Occurrence(tok, slots, extras))

    def place_rows(self, found: dict[str, list[_Occurrence]]) -> None:
        empty: dict[str, list[tuple[str, _Occurrence, tuple[Column, ...]]]] = {}
        for row_path, occurrences in found.items():
            table, _, key = row_path.partition("/")
            _, columns = self._columns(table, key)
            best = max(occurrences, key=lambda o: (o.numbers, len(o.slots)))
            if not best.slots:
                empty.setdefault(table, []).append((row_path, best, columns))
                self.consumed.add(best.label.index)
                continue
            if self._take_run(best.label, best.slots, [f"{row_path}/{c.key}" for c in columns], columns):
                continue
            self.consumed.add(best.label.index)
            self.report_blocks.add(best.label.block)
            for column, slot in zip(columns, best.slots, strict=False):
                self._place(f"{row_path}/{column.key}", column, slot)
            for slot in best.slots:
                self.consumed.add(slot.index)
            if len(best.slots) < len(columns):
                missing = [f"{row_path}/{c.key}" for c in columns[len(best.slots) :]]
                self.findings.append(
                    finding(
                "too-few-values",
                        f"「{best.label.text.strip()}」一行应有{len(columns)}个数值，只找到{len(best.slots)}个；"
                        f"缺少的列记为空白",
                        f"row {key!r} of table {table!r} should have {len(columns)} values but "
                        f"{len(best.slots)} were found; the missing columns are left blank",
                        paths=missing,
                        location=best.label.location,
                    )
                )
            if best.extras:
                texts = "、".join(t.text.strip() for t in best.extras)
                self.findings.append(
                    finding(
                "too-many-values",
                        f"「{best.label.text.strip()}」一行多出{len(best.extras)}个数值（{texts}），未予采用",
                        f"row {key!r} of table {table!r} has {len(best.extras)} value(s) more than "
                        f"its {len(columns)} columns ({texts}); they were not used",
                        paths=[row_path],
                        location=best.extras[0].location,
                    )
                )
                self.consumed.update(t.index for t in best.extras)
            for other in occurrences:
                if other is best or other.numbers == 0:
                    continue
                self.findings.append(
                    finding(
                "duplicate-row",
                        f"「{other.label.text.strip()}」一行出现了不止一次，采用{best.label.location}处的数值",
                        f"row {key!r} of table {table!r} appears more than once; the values at "
                        f"{best.label.location} were used",
                        paths=[row_path],
                        location=other.label.location,
                    )
                )
                self.consumed.add(other.label.index)
                self.consumed.update(t.index for t in other.slots + other.extras)

        for table, rows in empty.items():
            # Labels with no value after them (a blank page, values lost): one finding per table.
            labels = "".join(f"「{o.label.text.strip()}」" for _, o, _ in rows)
            self.findings.append(
                finding(
                "too-few-values",
                    f"{len(rows)}行有栏目而没有任何数值：{labels}",
                    f"{len(rows)} row(s) of table {table!r} have a label but no values: {labels}",
                    paths=[f"{path}/{c.key}" for path, _, columns in rows for c in columns],
                    location=rows[0][1].label.location,
                )
            )

    def _place(self, path: str, column: Column, slot: _Token) -> None:
        assert slot.parsed is not None
        parsed = slot.parsed
        self.provenance.append(CellSource(path, slot.text, slot.location))
        value: int | Decimal | None = None
        if parsed.status == "number" and parsed.value is not None:
            if column.kind == "decimal":
                value = parsed.value
                if parsed.unit and column.unit is None:
                    self.units[path] = parsed.unit
            elif parsed.value == parsed.value.to_integral_value():
                value = int(parsed.value)
            else:
                self._bad_value(path, slot, "不是整数", "is not a whole number")
        elif parsed.status == "text":
            self._bad_value(path, slot, "不是数值", "is not a number")
        self.cells[path] = value

    def _bad_value(self, path: str, slot: _Token, why: str, why_en: str) -> None:
        table, row, column = path.split("/")
        label = cell_label(table, row, column, self.template)
        self.findings.append(
            finding(
                "bad-value",
                f"{label}：「{slot.text.strip()}」{why}，按空白处理",
                f"{path}: {slot.text.strip()!r} {why_en}; read as blank",
                paths=[path],
                location=slot.location,
            )
        )

    # -- table 4 -----------------------------------------------------------------------

    def read_appeals(self) -> bool:
        anchors = [t for t in self.tokens if t.is_cell and t.norm == "行政复议" and t.index not in self.consumed]
        for anchor in anchors:
            last_header = anchor.index
            i = anchor.index + 1
            while i < len(self.tokens):
                tok = self.tokens[i]
                if tok.kind == "header" or (tok.is_cell and tok.norm in _T4_HEADERS):
                    last_header = i
                elif tok.kind == "value":
                    assert tok.parsed is not None
                    if tok.parsed.status != "blank":
                        break
                else:
                    break
                i += 1
            headers = [t for t in self.tokens[anchor.index : last_header + 1] if t.norm in _T4_HEADERS]
            if len(headers) < 4:
                continue
            slots, extras = self._read_slots(last_header, 15)
            if not slots:
                continue
            self.report_blocks.add(anchor.block)
            self.consumed.update(t.index for t in self.tokens[anchor.index : last_header + 1])
            paths = [f"appeals/{row.key}/{c.key}" for row in APPEAL_ROWS for c in APPEAL_COLUMNS]
            if self._take_run(anchor, slots, paths, APPEAL_COLUMNS * len(APPEAL_ROWS)):
                return True
            for path, slot in zip(paths, slots, strict=False):
                self._place(path, APPEAL_COLUMNS[0], slot)
                self.consumed.add(slot.index)
            if len(slots) < 15:
                self.findings.append(
                    finding(
                "too-few-values",
                        f"表四（行政复议、行政诉讼）应有15个数值，只找到{len(slots)}个；缺少的列记为空白",
                        f"table 4 (review and litigation) should have 15 values but {len(slots)} "
                        "were found; the missing ones are left blank",
                        paths=paths[len(slots) :],
                        location=anchor.location,
                    )
                )
            if extras:
                texts = "、".join(t.text.strip() for t in extras)
                self.findings.append(
                    finding(
                "too-many-values",
                        f"表四多出{len(extras)}个数值（{texts}），未予采用",
                        f"table 4 has {len(extras)} value(s) beyond its 15 columns ({texts}); they were not used",
                        paths=["appeals"],
                        location=extras[0].location,
                    )
                )
                self.consumed.update(t.index for t in extras)
            return True
        return False

    # -- runs: cells that lost their separators ----------------------------------------

    def _take_run(self, label: _Token, slots: list[_Token], paths: list[str], columns: tuple[Column, ...]) -> bool:
        """Keep a row as a run when its numbers are too few but their digits could fill it."""
        if not slots or len(slots) >= len(paths) or not all(t.joined for t in slots):
            return False
        if any(t.parsed is None or t.parsed.status != "number" for t in slots):
            return False
        if sum(chunk_capacity(t.text) for t in slots) < len(paths):
            return False
        self.runs.append(_Run(label, slots, paths, columns))
        self.consumed.add(label.index)
        self.consumed.update(t.index for t in slots)
        self.report_blocks.add(label.block)
        return True

    def _leaves(self, rows: set[str]) -> list[str]:
        leaves = [r.key for r in table_spec("applications").rows_for(self.template) if r.key not in BALANCE_ROWS]
        if "other" in rows and not any(r.startswith("other.") for r in rows):
            # （六）其他处理 printed as one row (in a 2021 report too): that row is the leaf.
            leaves = [r for r in leaves if r != "other" and not r.startswith("other.")] + ["other"]
        return leaves

    def solve_runs(self) -> None:
        """Split the runs with the tables' invariants; leave what they cannot decide blank."""
        if not self.runs:
            return
        app_runs = {r.paths[0].split("/")[1]: r for r in self.runs if r.paths[0].startswith("applications/")}
        solved: dict[int, RunResult] = {}
        if app_runs:
            index = {c.key: i for i, c in enumerate(next(iter(app_runs.values())).columns)}
            known: dict[tuple[str, int], int | None] = {}
            for path, value in self.cells.items():
                table, row, column = path.split("/")
                if table == "applications" and column in index:
                    known[(row, index[column])] = int(value) if value is not None else None
            rows = {row for row, _ in known} | set(app_runs)
            chunks = {row: [t.text for t in run.slots] for row, run in app_runs.items()}
            results = solve_applications(chunks, known, width=len(index), leaves=self._leaves(rows))
            solved.update({id(app_runs[row]): result for row, result in results.items()})
        for run in self.runs:
            if id(run) in solved:
                continue
            texts = [t.text for t in run.slots]
            if run.paths[0].startswith("appeals/"):
                solved[id(run)] = solve_appeals(texts, len(APPEAL_COLUMNS))
            else:
                result = solve_free(texts, [c.kind for c in run.columns])
                if result.unique is None:
                    result = narrow_by_evidence(result, self._prose_evidence(run))
                solved[id(run)] = result
        for run in self.runs:
            self._place_run(run, solved[id(run)])
        self._note_splits([run for run in self.runs if solved[id(run)].constrained and solved[id(run)].unique])
        for run in self.runs:
            if solved[id(run)].evidence:
                self._note_evidence(run, solved[id(run)])

    def _prose_evidence(self, run: _Run) -> list[tuple[int, int]]:
        """What the paragraphs say about a table-2 row's cells (it has no invariants)."""
        table, key, _ = run.paths[0].split("/")
        rows = table_spec(table).rows_for(self.template)
        row = next((r for r in rows if r.key == key), None)
        if row is None:
            return []
        rivals = [w for r in rows if r.key != key for w in (r.label, *r.aliases)]
        prose = (t.text for t in self.tokens if not t.is_cell)
        keywords = [column_keyword(c.label) for c in run.columns]
        return narrative_evidence(prose, (row.label, *row.aliases), rivals, keywords)

    def _place_run(self, run: _Run, result: RunResult) -> None:
        agreed = result.agreed(len(run.paths))
        for path, column, part in zip(run.paths, run.columns, agreed, strict=True):
            parsed = parse_cell(part) if part is not None else ParsedCell("blank", raw=run.raw)
            self._place(path, column, attrs.evolve(run.slots[0], text=run.raw, parsed=parsed))
        blank = [path for path, part in zip(run.paths, agreed, strict=True) if part is None]
        if not blank:
            return
        name, name_en = self._run_name(run)
        shown = ["|".join(c) for c in result.candidates[:8]]
        more = len(result.candidates) - len(shown)
        listed = "；".join(shown) + (f"；等共{len(result.candidates)}种" if more else "")
        listed_en = "; ".join(shown) + ("; …" if more else "")
        if not result.decided:
            zh, en = "拆分方式过多，无法判定", "there are too many ways to split it to search them"
        elif run.paths[0].startswith("active/"):
            zh = f"表二没有勾稽关系可以判定，有{len(result.candidates)}种拆分（{listed}）"
            en = f"table 2 has no invariants to decide between {len(result.candidates)} splits ({listed_en})"
        else:
            zh = f"按表格的勾稽关系仍有{len(result.candidates)}种拆分（{listed}）"
            en = f"{len(result.candidates)} splits remain under the table's invariants ({listed_en})"
        self.findings.append(
            finding(
                "ambiguous-run",
                f"{name}的数值在原文中连成一串「{run.raw}」，应拆为{len(run.paths)}个数值，{zh}；"
                f"无法确定的{len(blank)}个单元格留空",
                f"{name_en}: its {len(run.paths)} values ran together in the source ({run.raw!r}); {en}; "
                f"the {len(blank)} cell(s) that differ are left blank",
                paths=blank,
                location=run.slots[0].location,
            )
        )

    @staticmethod
    def _run_name(run: _Run) -> tuple[str, str]:
        if run.paths[0].startswith("appeals/"):
            return "表四（行政复议、行政诉讼）", "table 4"
        return f"「{run.label.text.strip()}」一行", f"row {run.paths[0].rsplit('/', 1)[0]!r}"

    def _note_evidence(self, run: _Run, result: RunResult) -> None:
        name, name_en = self._run_name(run)
        said = "、".join(f"{run.columns[col].label}{value}" for col, value in result.evidence)
        said_en = ", ".join(f"{run.columns[col].key}={value}" for col, value in result.evidence)
        self.findings.append(
            finding(
                "split-run",
                f"{name}的数值在原文中连成一串「{run.raw}」，已参照正文所述（{said}）拆分",
                f"{name_en}: its values ran together in the source ({run.raw!r}); the split follows "
                f"what the text says ({said_en})",
                paths=[run.paths[col] for col, _ in result.evidence],
                location=run.slots[0].location,
            )
        )

    def _note_splits(self, runs: list[_Run]) -> None:
        if not runs:
            return
        example = runs[0]
        self.findings.append(
            finding(
                "split-run",
                f"有{len(runs)}行的数值在原文中连成一串（如「{example.raw}」），已按表格的勾稽关系拆分；"
                "这些行的勾稽关系因此不能再用来核对",
                f"{len(runs)} row(s) had their values run together in the source (e.g. {example.raw!r}) "
                "and were split by the tables' invariants, which therefore no longer check them",
                paths=[p for run in runs for p in run.paths],
                location=example.slots[0].location,
            )
        )

    # -- what nobody claimed -----------------------------------------------------------

    def report_unplaced(self) -> None:
        run: list[_Token] = []

        def flush() -> None:
            if not run:
                return
            texts = "、".join(t.text.strip() for t in run)
            self.findings.append(
                finding(
                "unplaced-value",
                    f"表格中有{len(run)}个数值无法对应到任何一行（{texts}）",
                    f"{len(run)} value(s) in a report table could not be placed in any row ({texts})",
                    location=run[0].location,
                )
            )
            run.clear()

        for tok in self.tokens:
            if (
                tok.kind == "value"
                and tok.block in self.report_blocks
                and tok.index not in self.consumed
                and tok.parsed is not None
                and tok.parsed.status == "number"
            ):
                run.append(tok)
            elif tok.kind != "value" or tok.index in self.consumed:
                flush()
        flush()

    # -- metadata and narrative --------------------------------------------------------

    def narrative(self) -> Narrative:
        sections: dict[str, list[str]] = {}
        current: str | None = None
        for tok in self.tokens:
            if tok.kind == "heading":
                current = tok.key
                sections.setdefault(current or "", [])
                continue
            if current is None or tok.is_cell or tok.kind != "text":
                continue
            sections.setdefault(current, []).append(tok.text.strip())
        values = {key: "\n".join(_without_chrome(sections.get(key, []))) or None for key, _ in SECTIONS}
        return Narrative(**values)

    def front_matter(self) -> list[_Token]:
        first_heading = next((t.index for t in self.tokens if t.kind == "heading"), len(self.tokens))
        return self.tokens[:first_heading]


_SENTENCE = re.compile(r"[。；;，,：:！？!?]")


def _without_chrome(paragraphs: list[str]) -> list[str]:
    """Drop what follows the report's text in a saved web page.

    After the last section come the page's link lists and footer (友情链接, 网站标识码 …):
    a run of three or more short lines that are not sentences ends the narrative.
    """
    kept = [p for p in paragraphs if p]
    for start in range(1, len(kept)):
        run = kept[start : start + 3]
        if len(run) == 3 and all(len(p) <= 20 and not _SENTENCE.search(p) for p in run):
            return kept[:start]
    return kept


def _parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _clean_agency(text: str) -> str | None:
    text = re.sub(r"^(?:标题|题目|名称)[:：]", "", text).strip(" :：,，、《》\"'")
    text = re.sub(r"(?:关于)$", "", text)
    return text if 2 <= len(text) <= 40 else None


def _metadata(ex: _Extraction) -> tuple[Metadata, list[Finding]]:
    findings: list[Finding] = []
    front = ex.front_matter()
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    # The title closest to the body wins: CMS pages list other reports' titles above it.
    for tok in reversed(front):
        if tok.is_cell or len(tok.norm) > 80:
            continue
        match = _TITLE.search(tok.norm)
        if match:
            title = tok.text.strip()
            year = int(match.group("year"))
            agency = _clean_agency(match.group("agency"))
            break
    if title is None and ex.document.title:
        match = _TITLE.search(normalize(ex.document.title))
        if match:
            title = ex.document.title.strip()
            year = int(match.group("year"))
            agency = _clean_agency(match.group("agency"))
    grid: dict[str, str] = {}
    for i, tok in enumerate(front):
        for label, field in _META_KEYS.items():
            if tok.norm.startswith(label) and field not in grid:
                rest = tok.norm[len(label) :].lstrip(":")
                if not rest and i + 1 < len(front):
                    rest = front[i + 1].text.strip()
                if rest:
                    grid[field] = rest
    opening = " ".join(t.norm for t in front if not t.is_cell and ("公布" in t.norm or "本报告" in t.norm))
    prose = "".join(t.norm for t in ex.tokens if not t.is_cell and t.kind == "text")
    if year is None:
        match = _OPENING.search(opening)
        if match:
            year = int(match.group("year"))
    if year is None:
        match = _PERIOD.search(opening) or _PERIOD.search(prose)
        if match:
            year = int(match.group("year"))
    narrative_start = next(
        (t for t in ex.tokens if t.kind == "text" and not t.is_cell and _LEADING_YEAR.match(t.norm)), None
    )
    if year is None and narrative_start is not None:
        match = _LEADING_YEAR.match(narrative_start.norm)
        year = int(match.group("year")) if match else None
    if agency is None:
        match = _OPENING.search(opening)
        if match:
            agency = _clean_agency(match.group("pre")) or _clean_agency(match.group("post"))
    if agency is None and "agency" in grid:
        agency = _clean_agency(grid["agency"])
    if agency is None and narrative_start is not None:
        match = _AGENCY_LEAD.match(narrative_start.norm)
        if match:
            agency = _clean_agency(match.group("agency"))
    if year is None:
        findings.append(
            finding(
                "no-year",
                "未能从标题、开头或统计期限中确定报告年度",
                "the report year could not be found in the title, the opening or the statistics period",
            )
        )
    if agency is None:
        findings.append(
            finding(
                "no-agency",
                "文中未写明报告机关",
                "the document does not name the reporting agency",
            )
        )
    source = ex.document.source
    metadata = Metadata(
        agency=agency,
        year=year,
        template="2021",
        title=title,
        index_number=grid.get("index_number"),
        published=_parse_date(grid["published"]) if "published" in grid else None,
        source=source,
    )
    return metadata, findings


def _check_supported(ex: _Extraction, year: int | None) -> None:
    new_labels = any(t.kind in ("row", "group", "caption") for t in ex.tokens)
    if new_labels:
        return
    old = sorted({m for t in ex.tokens for m in _OLD_MARKERS if m in t.norm})
    if old or (year is not None and year <= 2018):
        evidence = "、".join(old[:4]) if old else f"{year}年度"
        raise UnsupportedFormatError(
            "this is a pre-2019 report in the old free-form format "
            f"(found: {evidence}); govinfo reads the 2019 and 2021 national formats only",
            source=ex.source_name,
        )


def _build(ex: _Extraction, metadata: Metadata, narrative: Narrative) -> AnnualReport:
    report = AnnualReport(metadata=attrs.evolve(metadata, template=ex.template), narrative=narrative)
    report = report.with_cells(ex.cells)
    for path, unit in ex.units.items():
        if path == "active/central_procurement/amount" and report.active is not None:
            row = getattr(report.active, "central_procurement", None)
            if row is not None:
                report = attrs.evolve(
                    report,
                    active=attrs.evolve(report.active, central_procurement=attrs.evolve(row, amount_unit=unit)),
                )
    return report


def _missing_rows(ex: _Extraction, report: AnnualReport) -> None:
    tables_present = {path.split("/")[0] for path in ex.cells}
    single_other = report.applications is not None and report.applications.other is not None
    for key in ("active", "applications", "appeals"):
        spec = table_spec(key)
        if key not in tables_present:
            ex.findings.append(
                finding(
                "missing-table",
                    f"未找到表格「{spec.section}」（可能以图片发布，或格式不符）",
                    f"the table of section {spec.section!r} was not found as text "
                    "(published as an image, or not in a national format?)",
                    paths=[key],
                )
            )
            continue
        if key == "appeals":
            continue
        missing: list[RowSpec] = []
        for row in spec.rows_for(ex.template):
            if report.has_row(key, row.key):
                continue
            if key == "applications" and single_other and row.key.startswith("other."):
                continue
            if (
                key == "applications"
                and row.key == "other"
                and any(report.has_row(key, k) for k in ("other.no_correction", "other.fee_unpaid", "other.other"))
            ):
                continue
            missing.append(row)
        if missing:
            # One finding per table: a truncated table must not flood the report.
            labels = "".join(f"「{row.label}」" for row in missing)
            ex.findings.append(
                finding(
                "missing-row",
                    f"表格「{spec.section}」缺少{len(missing)}行：{labels}",
                    f"table {key!r} lacks {len(missing)} row(s): {', '.join(row.key for row in missing)}",
                    paths=[f"{key}/{row.key}" for row in missing],
                )
            )
    if ex.template == "2021" and single_other:
        ex.findings.append(
            finding(
                "template-mixed",
                "（六）其他处理按2019年版印为一行，未分列2021年版的三个子项",
                "（六）其他处理 is printed as one row (2019 style) instead of the three sub-rows of the 2021 format",
                paths=["applications/other"],
            )
        )


def extract(document: Document) -> AnnualReport:
    """Build the typed report from a document.

    Problems with the content (missing rows, values that cannot be placed, an empty
    template) are in ``report.findings``; they are not exceptions.

    Raises:
        UnsupportedFormatError: the document is a pre-2019 report in the old free-form
            format.
    """
    ex = _Extraction(document)
    metadata, meta_findings = _metadata(ex)
    _check_supported(ex, metadata.year)
    ex.detect_template(metadata.year)
    found = ex.read_rows()
    ex.place_rows(found)
    ex.read_appeals()
    ex.solve_runs()
    ex.report_unplaced()
    report = _build(ex, metadata, ex.narrative())
    _missing_rows(ex, report)
    if ex.cells and all(v is None for v in ex.cells.values()):
        ex.findings.append(
            finding(
                "no-values",
                "表格有栏目但没有任何数值（空白模板？）",
                "the tables have their labels but no values at all (a blank template?)",
            )
        )
    notes = [finding(
                "reader-note", note, note) for note in document.notes]
    return attrs.evolve(
        report,
        provenance=tuple(ex.provenance),
        findings=(*notes, *ex.findings, *meta_findings),
    )
