"""The extractor: a format-neutral :class:`~govinfo.document.Document` in, a typed
:class:`~govinfo.model.AnnualReport` out.

It knows the report formats — all of it from the form (:mod:`govinfo.form`) — and
nothing about file formats. One module per pass, each returning an immutable result; the
order is :func:`extract`:

1. :mod:`~govinfo.extraction.tokens` — every paragraph and cell becomes a classified token;
2. :mod:`~govinfo.extraction.metadata` — title, agency, year, the grid (and the pre-2019 guard);
3. :mod:`~govinfo.extraction.template` — the format version, from content;
4. :mod:`~govinfo.extraction.rows` — row labels take their value slots, and are placed;
5. :mod:`~govinfo.extraction.runs` — digit runs split with the form's identities;
6. :mod:`~govinfo.extraction.rows` — numbers no label claims, rows and tables missing;
   :mod:`~govinfo.extraction.extras` — the tables the form does not have;
7. :mod:`~govinfo.extraction.narrative` — the six sections.

Cell texts are parsed by :mod:`~govinfo.extraction.values`.
"""

from __future__ import annotations

import re

import attrs

from govinfo.document import Block, Document, Paragraph, Table
from govinfo.errors import NotAReportError
from govinfo.extraction.extras import find_extras
from govinfo.extraction.metadata import check_supported, read_front_matter
from govinfo.extraction.narrative import read_narrative
from govinfo.extraction.rows import (
    completeness,
    find_rows,
    place_rows,
    split_runs,
    unplaced_values,
    with_units,
)
from govinfo.extraction.template import decide_template
from govinfo.extraction.tokens import SUBJECT, Tokens, tokenize
from govinfo.findings import Finding, finding
from govinfo.form import NATIONAL, Form
from govinfo.model import AnnualReport

__all__ = ["extract", "printable"]

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What _clean changes: a control character (``\r`` among them) or a lone surrogate. Other
# characters ``str.isprintable`` refuses (NBSP, U+3000, line breaks) stay as they are.
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _clean(text: str) -> str:
    if text.isprintable() or _UNCLEAN.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")))


def printable(document: Document) -> Document:
    """``document`` with control characters made spaces and lone surrogates U+FFFD.

    Neither can be written out (a control character makes a text file binary, a lone
    surrogate is no UTF-8), so the report keeps neither; line breaks and tabs stay.
    """
    blocks: list[Block] = []
    for block in document.blocks:  # blocks and cells already printable are kept as they are
        if isinstance(block, Paragraph):
            text = _clean(block.text)
            blocks.append(block if text is block.text else attrs.evolve(block, text=text))
        elif isinstance(block, Table):
            joined = "".join([c.text for row in block.rows for c in row])
            if joined.isprintable() or _UNCLEAN.search(joined) is None:  # no cell needs cleaning
                blocks.append(block)
                continue
            rows = [
                [c if (t := _clean(c.text)) is c.text else attrs.evolve(c, text=t) for c in row] for row in block.rows
            ]
            blocks.append(attrs.evolve(block, rows=rows))
        else:
            blocks.append(block)
    source = document.source
    name = _clean(source.name) if source.name is not None else None
    title = _clean(document.title) if document.title is not None else None
    return attrs.evolve(
        document,
        blocks=blocks,
        source=attrs.evolve(source, name=name),
        title=title,
        notes=[_clean(n) for n in document.notes],
    )


def _mentions_the_form(tokens: Tokens) -> bool:
    """Whether any text is the form's (a heading, row label, header, caption or table value) or names its subject."""
    return tokens.chrome_subject or any(t.kind != "text" or SUBJECT.search(t.norm) for t in tokens)


def extract(document: Document, *, form: Form = NATIONAL) -> AnnualReport:
    """Build the typed report from a document, reading it as ``form`` prints its tables.

    Problems with the content (missing rows, values that cannot be placed, an empty
    template) are in ``report.findings``; they are not exceptions.

    Raises:
        UnsupportedFormatError: the document is a pre-2019 report in the old free-form
            format.
        NotAReportError: nothing in the document is of an annual report (no title, no
            year, none of the form's tables, sections or words: ``hello.txt``).
    """
    document = printable(document)
    tokens = tokenize(document, form)
    front = read_front_matter(tokens, document)
    check_supported(tokens, front.year, document.source.name)
    decision = decide_template(tokens, front.year, form)
    template = decision.template
    found = find_rows(tokens, template, form)
    placed = place_rows(tokens, found, template, form)
    placed = placed.then(split_runs(tokens, placed, template, form))
    extras = find_extras(document, tokens, placed, form)
    # The numbers of a table of the document's own printed inside one of the form's are its.
    unplaced = unplaced_values(tokens, attrs.evolve(placed, consumed=placed.consumed | extras.claimed))
    cells = dict(placed.cells)
    narrative = read_narrative(tokens, form, skip=extras.headings)
    report = AnnualReport(metadata=front.metadata(template), narrative=narrative, extras=extras.tables)
    report = with_units(report.with_cells(cells), placed.units)
    missing = completeness(report, cells, form, merged=placed.merged)
    if not cells and not unplaced and front.year is None and front.title is None and not _mentions_the_form(tokens):
        noted = "".join(f"; {note}" for note in document.notes[:3])  # a scan says so here
        raise NotAReportError(
            f"not an annual report: no title, no year, none of the form's tables, sections or words{noted}",
            source=document.source.name,
            reader=document.source.reader,
        )
    empty: tuple[Finding, ...] = ()
    if cells and all(v is None for v in cells.values()):
        empty = (
            finding(
                "no-values",
                "表格有栏目但没有任何数值（空白模板？）",
                "the tables have their labels but no values at all (a blank template?)",
            ),
        )
    placed_findings = placed.findings
    if empty:  # one finding for the document, not one per blank table besides
        placed_findings = tuple(f for f in placed_findings if f.code != "blank-table")
    notes = tuple(finding("reader-note", note, note) for note in document.notes)
    return attrs.evolve(
        report,
        provenance=(*placed.provenance, *extras.provenance),
        findings=(*notes, *decision.findings, *placed_findings, *unplaced, *missing, *empty, *front.findings),
        undecided=placed.undecided,
    )
