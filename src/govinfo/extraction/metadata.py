"""Pass 2: what the report is about — title, agency, year, the metadata grid, the dates.

Also the guard for the pre-2019 free-form reports (:func:`check_supported`): they have
none of the form's row, group or caption labels, and the old indicators of
``form.old_markers`` or a year before 2019.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from govinfo.document import Document, Source
from govinfo.errors import UnsupportedFormatError
from govinfo.extraction.tokens import Tokens
from govinfo.findings import Finding, finding
from govinfo.form.text import normalize
from govinfo.model import Metadata

__all__ = ["FrontMatter", "check_supported", "read_front_matter"]

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


@attrs.frozen
class FrontMatter:
    """What pass 2 returns: the metadata found, before the format version is known.

    Attributes:
        title, agency, year, index_number, published: as found (``None``: not found).
        source: the document's source, as the model records it.
        findings: ``no-year`` and ``no-agency``.
    """

    title: str | None
    agency: str | None
    year: int | None
    index_number: str | None
    published: dt.date | None
    source: Source
    findings: tuple[Finding, ...] = ()

    def metadata(self, template: str) -> Metadata:
        """The report's :class:`~govinfo.model.Metadata`, in format version ``template``."""
        return Metadata(
            agency=self.agency,
            year=self.year,
            template=template,
            title=self.title,
            index_number=self.index_number,
            published=self.published,
            source=self.source,
        )


def _parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


_HEADING_MARKS = re.compile(r"^(?:#{1,6}|[*_]{1,3})\s*")


def _unmark(text: str) -> str:
    """A line without its Markdown heading or emphasis marks (``# 某县`` → ``某县``)."""
    text = text.strip()
    while (stripped := _HEADING_MARKS.sub("", text)) != text:
        text = stripped
    return text.strip().rstrip("*_").strip()


def _clean_agency(text: str) -> str | None:
    text = re.sub(r"^(?:标题|题目|名称)[:：]", "", _unmark(text)).strip(" :：,，、《》\"'")
    text = re.sub(r"(?:关于)$", "", text)
    return text if 2 <= len(text) <= 40 else None


_FILE_TITLE_MAX = 200
"""Characters a file's own title (HTML ``<title>``, DOCX core title) may have to be taken as the report's."""


def _title(tokens: Tokens, document: Document) -> tuple[str | None, int | None, str | None]:
    """(title, year, agency) from the title closest to the body, else the file's own title."""
    # The title closest to the body wins: CMS pages list other reports' titles above it.
    for tok in reversed(tokens.front_matter()):
        if tok.is_cell or len(tok.norm) > 80:
            continue
        match = _TITLE.search(tok.norm)
        if match:
            return _unmark(tok.text), int(match.group("year")), _clean_agency(match.group("agency"))
    # A file's title longer than any title is not one (an unclosed <title> swallows the page).
    if document.title and len(document.title) <= _FILE_TITLE_MAX:
        match = _TITLE.search(normalize(document.title))
        if match:
            return document.title.strip(), int(match.group("year")), _clean_agency(match.group("agency"))
    return None, None, None


def _grid(tokens: Tokens) -> dict[str, str]:
    """The metadata grid before the first heading: field → text (``form.metadata`` labels)."""
    front = tokens.front_matter()
    grid: dict[str, str] = {}
    labels = tuple(label for label, _ in tokens.vocabulary.metadata)
    for i, tok in enumerate(front):
        if not tok.norm.startswith(labels):  # one C-level test for the texts that start with no label
            continue
        for label, field in tokens.vocabulary.metadata:
            if tok.norm.startswith(label) and field not in grid:
                rest = tok.norm[len(label) :].lstrip(":")
                if not rest and i + 1 < len(front):
                    rest = front[i + 1].text.strip()
                if rest:
                    grid[field] = rest
    return grid


def read_front_matter(tokens: Tokens, document: Document) -> FrontMatter:
    """Find the title, agency, year, index number and publication date."""
    findings: list[Finding] = []
    title, year, agency = _title(tokens, document)
    grid = _grid(tokens)
    front = tokens.front_matter()
    opening = " ".join(t.norm for t in front if not t.is_cell and ("公布" in t.norm or "本报告" in t.norm))
    prose = "".join(t.norm for t in tokens if not t.is_cell and t.kind == "text")
    if year is None:
        match = _OPENING.search(opening)
        if match:
            year = int(match.group("year"))
    if year is None:
        match = _PERIOD.search(opening) or _PERIOD.search(prose)
        if match:
            year = int(match.group("year"))
    narrative_start = next(
        (t for t in tokens if t.kind == "text" and not t.is_cell and _LEADING_YEAR.match(t.norm)), None
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
        findings.append(finding("no-agency", "文中未写明报告机关", "the document does not name the reporting agency"))
    source = document.source
    return FrontMatter(
        title=title,
        agency=agency,
        year=year,
        index_number=grid.get("index_number"),
        published=_parse_date(grid["published"]) if "published" in grid else None,
        source=source,
        findings=tuple(findings),
    )


def check_supported(tokens: Tokens, year: int | None, source_name: str | None = None) -> None:
    """Refuse a pre-2019 report in the old free-form format.

    Raises:
        UnsupportedFormatError: the document has no label of the form's tables, and the
            old indicators or a year before 2019.
    """
    if any(t.kind in ("row", "group", "caption") for t in tokens):
        return
    old = sorted({m for t in tokens for m in tokens.vocabulary.old_markers if m in t.norm})
    if old or (year is not None and year <= 2018):
        evidence = "、".join(old[:4]) if old else f"{year}年度"
        raise UnsupportedFormatError(
            "this is a pre-2019 report in the old free-form format "
            f"(found: {evidence}); govinfo reads the 2019 and 2021 national formats only",
            source=source_name,
        )
