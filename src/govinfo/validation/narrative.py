"""X-2 (spec §7): the numbers the report's own prose states about its tables.

Reports repeat their key figures in the text (总体情况 mostly): "共收到政府信息公开申请60件，
办结58件，结转下年度继续办理2件", "予以公开及部分公开42件", "行政复议2件、行政诉讼7件，
均已结案". :func:`statements` reads such statements with a small table of general
patterns (digits or Chinese numerals; 未收到… / 未发生… as 0; 均获维持, 均已结案, 未被纠错
as claims about table 4), and :func:`check_narrative` compares each with the table cells,
or with a sensible sum of them (a group of rows, several appeal rows), warning once per
statement that agrees with none.

Only statements that clearly concern this report's applications and appeals are read:
a sentence naming another year is skipped, so are clauses comparing with earlier years
(较上年, 同比), approximate numbers (约, 余, 多), numbers of other things (群众诉求, 公安业务:
the application phrases need 申请 nearby; the appeal phrases a sentence about
disclosure), and subsets (其中…受理). It is a warning: a text that rounds, or counts a
department's own cases inside a consolidated report, can differ from the table for good
reasons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from itertools import combinations

import attrs

from govinfo.form import NATIONAL, row_spec, table_spec
from govinfo.model import AnnualReport, Finding
from govinfo.validation._common import (
    as_number,
    blank_note,
    cell_name,
    fmt,
    make_finding,
    row_name,
    unknown_cells,
)

__all__ = [
    "NARRATIVE_MISMATCH",
    "Comparison",
    "Statement",
    "check_narrative",
    "comparisons",
    "parse_number",
    "statements",
]

NARRATIVE_MISMATCH = "narrative-mismatch"

# --- reading numbers ------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def _chinese(text: str) -> int | None:
    """A Chinese numeral below 10⁸ (``三百零五``, ``十二``, ``二〇``-style digit strings)."""
    if all(ch in _DIGITS for ch in text):  # 一〇五: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def parse_number(text: str) -> int | None:
    """The value of a count as the prose writes it: ``81``, ``1.2万``, ``三十五``, ``零``."""
    if not text:
        return None
    if text[0].isdigit():
        scale = 10000 if text.endswith("万") else 1
        number = Decimal(text.rstrip("万")) * scale
        return int(number) if number == number.to_integral_value() else None
    return _chinese(text)


# --- the pattern table ----------------------------------------------------------------

_NUM = r"(?P<n>\d+(?:\.\d+)?万?|[零〇一二两三四五六七八九十百千万]+)"
_UNIT = r"(?P<u>[件起宗])(?!次)"
# Words that may stand between a phrase and its number: "申请共计81件", "数为0件", "的有1件".
_FILL = r"(?:的|了|为|有|达|共|计|合计|总计|总数|数量?|案件|案|申请件|申请|:)*"
_COUNT = _FILL + _NUM + _UNIT
_APPLY = r"(?:(?:政府)?信息公开|依申请公开|依申请)?(?:申请)?"
_NEXT_YEAR = r"(?P<y>下一?年度?|\d{4}年度?)"
_FORWARD = rf"(?:结转|顺延|转)(?:至|到|入)?{_NEXT_YEAR}"


@attrs.frozen
class _Pattern:
    concept: str
    regex: re.Pattern[str]
    topic: str  # "applications" or "appeals": what the sentence must be about
    subset_guard: bool = False  # skip clauses that start a subset (其中, 含, 包括)


def _p(concept: str, regex: str, topic: str = "applications", *, subset_guard: bool = False) -> _Pattern:
    return _Pattern(concept, re.compile(regex), topic, subset_guard)


# In priority order: a span taken by one pattern is not read again by a later one.
_PATTERNS: tuple[_Pattern, ...] = (
    _p(
        "granted_partial",
        rf"(?:予以公开|同意公开|全部公开)(?:答复)?(?:及|和|与|、|或)(?:同意)?部分公开(?:答复)?{_COUNT}",
    ),
    _p("denied", rf"(?:不予公开|不同意公开)(?:答复)?{_COUNT}"),
    _p("partial", rf"(?:同意)?部分公开(?:答复)?{_COUNT}"),
    _p("granted", rf"(?:予以公开|同意公开|全部公开|公开答复)(?:答复)?{_COUNT}"),
    _p("unavailable", rf"无法提供{_COUNT}"),
    _p("not_processed", rf"不予处理{_COUNT}"),
    _p("other", rf"其他处理{_COUNT}"),
    _p("carried_over", rf"上一?年度?结转(?:下来)?(?:的)?{_APPLY}{_COUNT}"),
    _p("carried_forward", rf"{_FORWARD}(?:继续)?(?:办理|答复|处理)?(?:答复|办理)?(?:的)?{_COUNT}"),
    _p("carried_forward", rf"(?<![\d.]){_NUM}{_UNIT}(?:政府信息公开)?(?:申请)?[^\d,;:]{{0,10}}?{_FORWARD}"),
    _p(
        "received",
        rf"(?:收到|受理|接收|接到|新收|收悉)(?:了)?[^\d,;:]{{0,30}}?申请(?:公开)?{_COUNT}",
        subset_guard=True,
    ),
    _p(
        "received",
        rf"(?:收到|受理|接收|接到|新收)(?:了)?{_NUM}{_UNIT}(?:政府信息公开|信息公开|依申请公开)?申请",
        subset_guard=True,
    ),
    _p("handled", rf"办理(?:了)?[^\d,;:]{{0,30}}?申请(?:公开)?{_COUNT}", subset_guard=True),
    _p(
        "results",
        rf"(?:办结|答复|办理完毕|处理完毕|办理完成)(?:了)?{_APPLY}{_COUNT}",
        subset_guard=True,
    ),
    _p("corrected", rf"(?:结果)?(?:被)?(?:纠正|纠错){_COUNT}", "appeals"),
    _p("review", rf"(?:行政)?复议(?!后){_COUNT}", "appeals"),
    _p("review", rf"(?<![\d.]){_NUM}{_UNIT}(?:涉及|因)?[^\d,;:]{{0,16}}?行政复议(?:案件)?$", "appeals"),
    _p("litigation", rf"(?:行政)?诉讼{_COUNT}", "appeals"),
    _p("litigation", rf"(?<![\d.]){_NUM}{_UNIT}(?:涉及|因)?[^\d,;:]{{0,16}}?行政诉讼(?:案件)?$", "appeals"),
)

# "未收到政府信息公开申请": a stated zero.
_NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|受理|接到|接收)(?:过|到)?[^\d,;:]{0,20}?申请")
# "未发生因政府信息公开引起的行政复议、行政诉讼": zero cases of the groups named.
_NONE_APPEALED = re.compile(
    r"(?:未|没有)(?:发生|出现|产生|收到|涉及)(?:过)?(?P<gap>[^\d,;:]{0,25}?)"
    r"(?P<what>(?:行政)?复议(?:(?:和|、|及|或|与)(?:行政)?诉讼)?|(?:行政)?诉讼(?:(?:和|、|及|或|与)(?:行政)?复议)?)"
    r"(?!纠|被纠|败诉|撤销|结果)"
)
# Claims about the outcome of the cases named earlier in the sentence.
_CLAIMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("all_upheld", re.compile(r"(?:均|全部|都)(?:已)?(?:获|被|予以|得到|依法)?(?:维持|被维持)")),
    ("all_closed", re.compile(r"(?:均|全部|都)(?:已)?(?:结案|审结)")),
    ("none_corrected", re.compile(r"(?:未|没有|无)(?:被)?(?:[^\d,;:]{0,20}?)(?:纠错|纠正|败诉)")),
)

# Clauses about other periods or changes; "上年结转" is a row of the table, not a comparison.
_OTHER_PERIOD = re.compile(
    r"去年|上一?年(?!度?结转)|同比|较|比上|累计|历年|以来|近[一二两三四五六七八九十\d]+年|预计|计划"
)
_SUBSET = re.compile(r"其中|包括|包含|\(含|^含")  # a subset follows
_NOT_A_COUNT_BEFORE = re.compile(r"(?:增加|减少|增长|下降|上升|增|减|超|近|约|逾|第|前|后)$")
_NOT_A_TOTAL_VERB = re.compile(r"(?:化解|调解|撤回|撤销|和解|撤诉|败诉|胜诉|维持|纠正|纠错|终止)[^,;:]{0,4}$")
_FORWARD_RE = re.compile(_FORWARD)
_BOUNDARY = re.compile(r"$|[、和及与。!?]|案")
_YEAR = re.compile(r"(?<!\d)(\d{4})年")
# Cases the agency decided as the reviewing body are not in its table 4.
_REVIEW_BODY = re.compile(r"作为[^,;:。]{0,10}复议机关")
_APPEALS_TOPIC = re.compile(r"信息公开|政务公开|公开类|依申请|公开申请")
# Applications of another kind than table 3's: "行政复议申请" is a table-4 case, "投诉举报申请" not a
# disclosure request. Only the word right before 申请 says what was applied for ("来信…提交的政府
# 信息公开申请" is a disclosure application sent by letter).
_OTHER_POPULATION = re.compile(r"(?:复议|诉讼|起诉|投诉|举报|信访|咨询|督办|建议|提案)(?:类|方面)?的?申请")
_SENTENCE_END = re.compile(r"(?<=[。!?])")
_CLAUSE = re.compile(r"[^,;:()]+")
# Every pattern ends in a number and its unit: a clause without that pair states no count.
_COUNTED = re.compile(r"[\d零〇一二两三四五六七八九十百千万][件起宗]")

_SECTIONS = ("overview", "applications", "appeals", "problems")
"""The sections whose statements are read (their names come from the form)."""


@attrs.frozen
class Statement:
    """One figure the prose states about the tables.

    Attributes:
        concept: what it counts (``received``, ``granted_partial``, ``review`` …, or a
            claim: ``all_upheld``, ``all_closed``, ``none_corrected``).
        value: the number stated (``None`` for a claim).
        section: the narrative section it is in (``overview`` …).
        excerpt: the words that state it, as written (whitespace removed).
        groups: for appeal statements, the table-4 rows the sentence is about.
    """

    concept: str
    value: int | None
    section: str
    excerpt: str
    groups: tuple[str, ...] = ()


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    # Thousands separators would read as clause breaks.
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(_prepare(text)) if s]


def _years_ok(sentence: str, year: int | None) -> bool:
    """No year but the report's in the sentence (the next one only in "结转至2024年")."""
    years = {int(y) for y in _YEAR.findall(_FORWARD_RE.sub("", sentence))}
    forward = {int(y) for y in _YEAR.findall("".join(m.group() for m in _FORWARD_RE.finditer(sentence)))}
    if year is None:
        return not years and not forward
    return years <= {year} and forward <= {year + 1}


_WIDE = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def _excerpt(text: str, start: int, end: int, before: int = 12) -> str:
    """The words from a little before ``start`` to ``end`` (at most 40), punctuation as printed."""
    begin = max(0, start - before, end - 40)
    return ("…" if begin > 0 else "") + text[begin:end].translate(_WIDE)


def _groups(text: str) -> tuple[str, ...]:
    """The table-4 rows a stretch of text speaks of: 复议 → review, 诉讼 → both suits."""
    groups: list[str] = []
    if "复议" in text.replace("复议后起诉", ""):
        groups.append("review")
    if "诉讼" in text or "起诉" in text:
        groups += ["litigation_direct", "litigation_after_review"]
    return tuple(groups)


def _about_appeals(sentence: str, section: str) -> bool:
    """Whether a sentence may state figures of table 4: it is about disclosure cases."""
    if _REVIEW_BODY.search(sentence):
        return False
    return section == "appeals" or bool(_APPEALS_TOPIC.search(sentence))


def _clauses(sentence: str) -> Iterator[tuple[int, str]]:
    for match in _CLAUSE.finditer(sentence):
        yield match.start(), match.group()


def _read_clause(clause: str, offset: int, sentence: str, previous: str, section: str) -> Iterator[Statement]:
    """The counts one clause states (``offset``: where it starts in ``sentence``)."""
    if not _COUNTED.search(clause):
        return
    about_appeals = _about_appeals(sentence, section)
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(clause):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if pattern.topic == "appeals":
                if not about_appeals or _NOT_A_TOTAL_VERB.search(clause[:start]):
                    continue
            elif section != "applications" and "申请" not in previous + sentence[: offset + end]:
                continue
            if pattern.subset_guard and _SUBSET.search(sentence, 0, offset + start):
                continue
            if pattern.topic == "applications" and _OTHER_POPULATION.search(clause, start, end):
                continue  # "收到行政复议申请3件": not the disclosure applications of table 3
            if _NOT_A_COUNT_BEFORE.search(clause[: match.start("n")]):
                continue
            number = match.group("n")
            if not number[0].isdigit() and match.group("u") == "起" and not _BOUNDARY.match(clause, match.end("u")):
                continue  # "诉讼一起纳入": 一起 is "together", not one case
            value = parse_number(number)
            if value is None:
                continue
            groups = _groups(sentence[: offset + end]) if pattern.topic == "appeals" else ()
            if pattern.concept == "corrected" and not groups:
                continue  # 纠正 of what? Only corrections of reviews and suits are in the tables
            taken.append((start, end))
            yield Statement(pattern.concept, value, section, _excerpt(clause, start, end), groups)


def statements(report: AnnualReport) -> list[Statement]:
    """The figures the narrative states about tables 3 and 4, in reading order."""
    found: list[Statement] = []
    year = report.metadata.year
    for section in _SECTIONS:
        text = getattr(report.narrative, section)
        if not text:
            continue
        previous = ""
        for sentence in _sentences(text):
            if _years_ok(sentence, year):
                found.extend(_read_sentence(sentence, previous, section))
            previous = sentence
    return found


def _read_sentence(sentence: str, previous: str, section: str) -> Iterator[Statement]:
    about_appeals = _about_appeals(sentence, section)
    for offset, clause in _clauses(sentence):
        if _OTHER_PERIOD.search(clause):
            continue
        yield from _read_clause(clause, offset, sentence, previous, section)
        zero = _NONE_RECEIVED.search(clause)
        if (
            zero
            and not _SUBSET.search(sentence, 0, offset + zero.start())
            and not _OTHER_POPULATION.search(zero.group())
        ):
            yield Statement("received", 0, section, _excerpt(clause, zero.start(), zero.end()))
        if about_appeals:
            yield from _zero_appeals(clause, section)
            yield from _claims(clause, offset, sentence, section)


def _zero_appeals(clause: str, section: str) -> Iterator[Statement]:
    for match in _NONE_APPEALED.finditer(clause):
        if re.search(r"纠|败诉|撤|维持", match.group("gap")):
            continue  # "未发生被纠错的行政复议": about outcomes, not the number of cases
        excerpt = _excerpt(clause, match.start(), match.end())
        what = match.group("what")
        if "复议" in what:
            yield Statement("review", 0, section, excerpt, ("review",))
        if "诉讼" in what:
            yield Statement("litigation", 0, section, excerpt, ("litigation_direct", "litigation_after_review"))


def _claims(clause: str, offset: int, sentence: str, section: str) -> Iterator[Statement]:
    for concept, regex in _CLAIMS:
        match = regex.search(clause)
        if match is None:
            continue
        through = sentence[: offset + match.end()]
        groups = _groups(through)
        if not groups:
            continue
        first = min(through.find(w) for w in ("复议", "诉讼") if w in through)
        start = min(max(sentence.rfind(c, 0, first) for c in ",;:(") + 1, offset + match.start())
        yield Statement(concept, None, section, _excerpt(sentence, start, offset + match.end(), 0), groups)


# --- table values ---------------------------------------------------------------------


@attrs.frozen
class _Value:
    """A table figure: its value, the cells it is made of, and how blanks were read."""

    value: Decimal
    paths: tuple[str, ...]
    blank: tuple[str, ...] = ()  # blank cells counted as 0
    derived: tuple[str, ...] = ()  # blank total cells replaced by the sum of their row


def _sum(values: Sequence[_Value]) -> _Value:
    return _Value(
        sum((v.value for v in values), Decimal(0)),
        tuple(p for v in values for p in v.paths),
        tuple(p for v in values for p in v.blank),
        tuple(p for v in values for p in v.derived),
    )


def _total(report: AnnualReport, table: str, row: str) -> _Value | None:
    """A row's 总计: as printed; if blank, the sum of its row (blanks as 0); ``None`` if unusable."""
    if not report.has_row(table, row):
        return None
    path = f"{table}/{row}/total"
    total = as_number(report.get(path))
    if isinstance(total, Decimal):
        return _Value(total, (path,))
    if total is not None:
        return None  # not a number: the domain rule says so
    parts: list[tuple[str, Decimal | None]] = []
    for column in row_spec(table, row, report.template).columns:
        if column.key == "total":
            continue
        part_path = f"{table}/{row}/{column.key}"
        value = as_number(report.get(part_path))
        if not isinstance(value, Decimal | None):
            return None
        parts.append((part_path, value))
    if all(v is None for _, v in parts):
        return _Value(Decimal(0), (path,), blank=(path,))
    return _Value(
        sum((v for _, v in parts if v is not None), Decimal(0)),
        (path,),
        blank=tuple(p for p, v in parts if v is None),
        derived=(path,),
    )


def _cell(report: AnnualReport, path: str) -> _Value | None:
    table, row, _ = path.split("/")
    if not report.has_row(table, row):
        return None
    value = as_number(report.get(path))
    if value is None:
        return _Value(Decimal(0), (path,), blank=(path,))
    return _Value(value, (path,)) if isinstance(value, Decimal) else None


def _rows(report: AnnualReport, rows: Sequence[str], table: str = "applications") -> _Value | None:
    """The sum of the 总计 of these rows; ``None`` unless every one is usable."""
    values = [_total(report, table, row) for row in rows]
    if any(v is None for v in values):
        return None
    return _sum([v for v in values if v is not None])


def _group(report: AnnualReport, group: str) -> _Value | None:
    """The sum of the rows of a table-3 group (（三）不予公开 …); ``None`` if one is absent.

    （六）其他处理 is either its three 2021 rows or the single row of 2019 (a 2021 report
    may print that one): whichever the document has in full.
    """
    spec = table_spec("applications")
    keys = [row.key for row in spec.rows_for(report.template) if row.key.startswith(group + ".")]
    choices = [keys]
    if group == "other":
        subrows = [row.key for row in spec.rows if row.key.startswith("other.")]
        choices = [subrows, ["other"]] if report.template == "2021" else [["other"], subrows]
    for rows in choices:
        if rows and all(report.has_row("applications", k) for k in rows):
            return _rows(report, rows)
    return None


@attrs.frozen
class _Reading:
    """One way the table can back a statement: a value and its Chinese/English names."""

    value: _Value
    name: str
    name_en: str


def _app_name(report: AnnualReport, row: str) -> str:
    name = row_name("applications", row, report.template)
    return re.sub(r"（区分处理的.*）$", "", name)


def _applications_readings(report: AnnualReport, concept: str) -> list[_Reading]:
    def rows(*keys: str) -> _Reading | None:
        value = _rows(report, keys)
        if value is None:
            return None
        name = "、".join(_app_name(report, k) for k in keys)
        name_en = " + ".join(cell_name(f"applications/{k}/total", report.template, "en") for k in keys)
        return _Reading(value, f"{name}之和" if len(keys) > 1 else name, name_en)

    def group(key: str) -> _Reading | None:
        value = _group(report, key)
        if value is None:
            return None
        group_spec = table_spec("applications").group(key)
        return _Reading(value, f"{group_spec.label}各项之和", f"the sum of the rows of {group_spec.label_en}")

    options: dict[str, list[Callable[[], _Reading | None]]] = {
        "received": [lambda: rows("new_received"), lambda: rows("new_received", "carried_over")],
        "handled": [
            lambda: rows("new_received"),
            lambda: rows("new_received", "carried_over"),
            lambda: rows("results_total"),
        ],
        "results": [lambda: rows("results_total")],
        "carried_over": [lambda: rows("carried_over")],
        "carried_forward": [lambda: rows("carried_forward")],
        "granted_partial": [lambda: rows("granted", "partially_granted")],
        "granted": [lambda: rows("granted")],
        "partial": [lambda: rows("partially_granted")],
        "denied": [lambda: group("denied")],
        "unavailable": [lambda: group("unavailable")],
        "not_processed": [lambda: group("not_processed")],
        "other": [lambda: group("other")],
    }
    return [r for make in options.get(concept, []) if (r := make()) is not None]


_APPEAL_ROWS = ("review", "litigation_direct", "litigation_after_review")


def _appeal_name(report: AnnualReport, rows: Sequence[str], column: str) -> tuple[str, str]:
    names = [row_name("appeals", r, report.template) for r in rows]
    column_zh = "总计" if column == "total" else "结果纠正"
    joined = "、".join(names)
    name = f"{joined} {column_zh}" + ("之和" if len(rows) > 1 else "")
    return name, " + ".join(cell_name(f"appeals/{r}/{column}", report.template, "en") for r in rows)


def _appeal_readings(report: AnnualReport, statement: Statement) -> list[_Reading]:
    readings: list[_Reading] = []

    def add(rows: Sequence[str], column: str) -> None:
        if column == "total":
            value = _rows(report, rows, "appeals")
        else:
            cells = [_cell(report, f"appeals/{r}/{column}") for r in rows]
            value = None if any(c is None for c in cells) else _sum([c for c in cells if c is not None])
        if value is not None:
            readings.append(_Reading(value, *_appeal_name(report, rows, column)))

    if statement.concept == "review":
        add(["review"], "total")
    elif statement.concept == "litigation":
        add(["litigation_direct", "litigation_after_review"], "total")
        add(["litigation_direct"], "total")
    elif statement.concept == "corrected":
        groups = statement.groups or _APPEAL_ROWS
        # A total in the text can be a sum across rows (seed: 纠正2件 = 1 direct + 1 after review).
        for size in range(len(groups), 0, -1):
            for subset in combinations(groups, size):
                add(subset, "corrected")
    return readings


# --- the check ------------------------------------------------------------------------


def _section_names(section: str) -> tuple[str, str]:
    spec = NATIONAL.section(section)
    return spec.body, f"section {spec.label_en}"


def _notes(value: _Value, report: AnnualReport) -> tuple[str, str]:
    zh, en = "", ""
    if value.derived:
        zh += "（总计空白的行按本行各列之和计）"
        en += " (blank total cells replaced by their row's sum)"
    blank_zh, blank_en = blank_note(value.blank, report.template)
    return zh + blank_zh, en + blank_en


def _mismatch(report: AnnualReport, statement: Statement, readings: list[_Reading]) -> Finding:
    reading = readings[0]
    section_zh, section_en = _section_names(statement.section)
    note_zh, note_en = _notes(reading.value, report)
    also_zh = "".join(f"；{r.name}为{fmt(r.value.value)}" for r in readings[1:])
    also_en = "".join(f"; {r.name_en} is {fmt(r.value.value)}" for r in readings[1:])
    return make_finding(
        report,
        code=NARRATIVE_MISMATCH,
        message=(
            f"“{section_zh}”称“{statement.excerpt}”（{statement.value}），"
            f"与表格不符：{reading.name}为{fmt(reading.value.value)}{also_zh}{note_zh}"
        ),
        message_en=(
            f"{section_en} states “{statement.excerpt}” ({statement.value}), but the table has "
            f"{reading.name_en} = {fmt(reading.value.value)}{also_en}{note_en}"
        ),
        paths=reading.value.paths,
        expected=Decimal(statement.value or 0),
        actual=reading.value.value,
        assumed_zero=reading.value.blank,
    )


_CLAIM_COLUMNS = {
    "all_upheld": ("corrected", "other", "pending"),
    "all_closed": ("pending",),
    "none_corrected": ("corrected",),
}
_CLAIM_WORDS = {
    "all_upheld": ("即无结果纠正、其他结果、尚未审结", "i.e. none corrected, other or pending"),
    "all_closed": ("即无尚未审结", "i.e. none pending"),
    "none_corrected": ("即无结果纠正", "i.e. none corrected"),
}


def _claim(report: AnnualReport, statement: Statement) -> Finding | None:
    t = report.template
    broken: list[_Value] = []
    for row in statement.groups:
        for column in _CLAIM_COLUMNS[statement.concept]:
            cell = _cell(report, f"appeals/{row}/{column}")
            if cell is not None and cell.value != 0:
                broken.append(cell)
    if not broken:
        return None
    section_zh, section_en = _section_names(statement.section)
    word_zh, word_en = _CLAIM_WORDS[statement.concept]
    listed_zh = "、".join(f"{cell_name(v.paths[0], t)} {fmt(v.value)}" for v in broken)
    listed_en = "; ".join(f"{cell_name(v.paths[0], t, 'en')} = {fmt(v.value)}" for v in broken)
    return make_finding(
        report,
        code=NARRATIVE_MISMATCH,
        message=f"“{section_zh}”称“{statement.excerpt}”（{word_zh}），与表格不符：{listed_zh}",
        message_en=f"{section_en} states “{statement.excerpt}” ({word_en}), but the table has {listed_en}",
        paths=[v.paths[0] for v in broken],
        expected=Decimal(0),
        actual=broken[0].value,
    )


def check_narrative(report: AnnualReport) -> list[Finding]:
    """X-2: each figure the narrative states equals its table cell or a sensible sum.

    One warning (``narrative-mismatch``) per statement that no reading of the table
    matches: the excerpt, the number stated, the table value with its cells (``paths``),
    ``expected`` = the number stated, ``actual`` = the table's. Blank cells count as 0,
    a blank 总计 as the sum of its row, and the message says so.
    """
    findings: list[Finding] = []
    for statement, readings in _compared(report):
        if readings is None:
            finding = _claim(report, statement)
            if finding is not None:
                findings.append(finding)
        elif readings and not any(r.value.value == statement.value for r in readings):
            findings.append(_mismatch(report, statement, readings))
    return findings


def _compared(report: AnnualReport) -> Iterator[tuple[Statement, list[_Reading] | None]]:
    """Each statement once, with the tables' readings of it (``None`` for a claim without a number)."""
    seen: set[tuple[str, int | None, tuple[str, ...]]] = set()
    unknown = set(unknown_cells(report))
    for statement in statements(report):
        key = (statement.concept, statement.value, statement.groups)
        if key in seen:
            continue
        seen.add(key)
        if statement.value is None:
            if not any(p.startswith("appeals/") for p in unknown):
                yield statement, None  # a claim about table 4 with cells unknown is not judged
        else:
            if statement.concept in ("review", "litigation", "corrected"):
                readings = _appeal_readings(report, statement)
            else:
                readings = _applications_readings(report, statement.concept)
            # A reading over cells of an unsplit run is unknown, not a sum with blanks as 0;
            # and then the statement may be about that reading: it is not compared at all.
            if any(unknown.intersection((*r.value.paths, *r.value.derived, *r.value.blank)) for r in readings):
                continue
            yield statement, readings


# --- what was compared, for people ------------------------------------------------------


@attrs.frozen
class Comparison:
    """One statement of the prose and what the tables say about it (for the reviewer's page).

    Attributes:
        statement: the statement read from the text.
        readings: the ways the tables can back it: ``(name, name_en, value, paths)``, the
            first the one a mismatch is reported against (empty for a claim, or where the
            table has none of the cells concerned).
        agrees: ``True`` when a reading equals the number stated (or the claim holds),
            ``False`` when none does, ``None`` when the tables have nothing to compare.
        finding: the ``narrative-mismatch`` warning for it, when it disagrees.
    """

    statement: Statement
    readings: tuple[tuple[str, str, Decimal, tuple[str, ...]], ...]
    agrees: bool | None
    finding: Finding | None = None


def comparisons(report: AnnualReport) -> list[Comparison]:
    """Every statement :func:`check_narrative` compares, with the tables' side and the verdict.

    The same statements, in the same order, as the check reads them (a repeated one once);
    the disagreeing ones carry the finding the check gives.
    """
    out: list[Comparison] = []
    for statement, readings in _compared(report):
        if readings is None:
            claim = _claim(report, statement)
            out.append(Comparison(statement, (), claim is None, claim))
            continue
        shown = tuple((r.name, r.name_en, r.value.value, r.value.paths) for r in readings)
        if not readings:
            out.append(Comparison(statement, (), None))
        elif any(r.value.value == statement.value for r in readings):
            out.append(Comparison(statement, shown, True))
        else:
            out.append(Comparison(statement, shown, False, _mismatch(report, statement, readings)))
    return out
