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
7. :mod:`~govinfo.extraction.narrative` — the six sections.

Cell texts are parsed by :mod:`~govinfo.extraction.values`.
"""

from __future__ import annotations

import attrs

from govinfo.document import Document
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
from govinfo.extraction.tokens import tokenize
from govinfo.findings import Finding, finding
from govinfo.form import NATIONAL, Form
from govinfo.model import AnnualReport

__all__ = ["extract"]


def extract(document: Document, *, form: Form = NATIONAL) -> AnnualReport:
    """Build the typed report from a document, reading it as ``form`` prints its tables.

    Problems with the content (missing rows, values that cannot be placed, an empty
    template) are in ``report.findings``; they are not exceptions.

    Raises:
        UnsupportedFormatError: the document is a pre-2019 report in the old free-form
            format.
    """
    tokens = tokenize(document, form)
    front = read_front_matter(tokens, document)
    check_supported(tokens, front.year, document.source.name)
    decision = decide_template(tokens, front.year, form)
    template = decision.template
    found = find_rows(tokens, template, form)
    placed = place_rows(tokens, found, template, form)
    placed = placed.then(split_runs(tokens, placed, template, form))
    unplaced = unplaced_values(tokens, placed)
    cells = dict(placed.cells)
    report = AnnualReport(metadata=front.metadata(template), narrative=read_narrative(tokens, form))
    report = with_units(report.with_cells(cells), placed.units)
    missing = completeness(report, cells, form)
    empty: tuple[Finding, ...] = ()
    if cells and all(v is None for v in cells.values()):
        empty = (
            finding(
                "no-values",
                "表格有栏目但没有任何数值（空白模板？）",
                "the tables have their labels but no values at all (a blank template?)",
            ),
        )
    notes = tuple(finding("reader-note", note, note) for note in document.notes)
    return attrs.evolve(
        report,
        provenance=placed.provenance,
        findings=(*notes, *decision.findings, *placed.findings, *unplaced, *missing, *empty, *front.findings),
    )
