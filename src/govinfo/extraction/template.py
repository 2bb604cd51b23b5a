"""Pass 3: which format version the document is in (spec §4).

The table-2 headers first (the form's markers of each version); then the structure of
the groups with an own row (（六）其他处理: its sub-rows exist in 2021 only); then the
report year.
"""

from __future__ import annotations

import attrs

from govinfo.extraction.tokens import Tokens
from govinfo.findings import Finding, finding
from govinfo.form import NATIONAL, Form

__all__ = ["TemplateDecision", "decide_template"]

_NEWER, _OLDER = "2021", "2019"


@attrs.frozen
class TemplateDecision:
    """What pass 3 returns.

    Attributes:
        template: the format version (``"2019"`` or ``"2021"``).
        scores: format version → how many of its markers the document has.
        findings: ``template-mixed`` when table 2 has markers of both.
    """

    template: str
    scores: tuple[tuple[str, int], ...] = ()
    findings: tuple[Finding, ...] = ()


def _sub_rows_of_newer(form: Form, generic: frozenset[str]) -> frozenset[str]:
    """``table/row`` of the sub-rows of groups with an own row that only the newer version prints.

    Generic labels (``3.其他``) are left out: alone, they do not say which row they are.
    """
    out: set[str] = set()
    for table in form.tables:
        for group in table.groups:
            if group.row is None:
                continue
            out |= {
                f"{table.key}/{row.key}" for row in table.members(group.key) if row.templates == frozenset({_NEWER})
            }
    return frozenset(out - generic)


def decide_template(tokens: Tokens, year: int | None, form: Form = NATIONAL) -> TemplateDecision:
    """Decide the format version of the tokens' document; ``year`` is the last resort."""
    markers = tokens.vocabulary.markers
    # str.startswith over a tuple is any(startswith) in C (a text equal to a marker starts with it).
    new_marks, old_marks = tuple(markers.get(_NEWER, ())), tuple(markers.get(_OLDER, ()))
    # A text starting with a marker starts with its first two characters (or is it, if shorter).
    heads = frozenset(m[:2] for m in (*new_marks, *old_marks))
    every = "" in heads  # an empty marker: every text starts with it
    score21 = score19 = 0
    for t in tokens.items:
        norm = t.norm
        if t.kind != "value" and (every or norm[:2] in heads or norm[:1] in heads):
            score21 += norm.startswith(new_marks)
            score19 += norm.startswith(old_marks)
    scores = ((_NEWER, score21), (_OLDER, score19))
    if score21 or score19:
        template = _NEWER if score21 >= score19 else _OLDER
        if not (score21 and score19):
            return TemplateDecision(template, scores)
        mixed = finding(
            "template-mixed",
            f"表二同时含有2021年版（{score21}处）和2019年版（{score19}处）的栏目，按{template}年版读取",
            f"Table 2 mixes headers of the 2021 format ({score21}) and the 2019 format ({score19}); "
            f"read as the {template} format",
        )
        return TemplateDecision(template, scores, (mixed,))
    newer_rows = _sub_rows_of_newer(form, frozenset(g.path for g in tokens.vocabulary.generic.values()))
    if any(t.kind == "row" and t.key in newer_rows for t in tokens):
        return TemplateDecision(_NEWER, scores)
    if year is not None:
        return TemplateDecision(_OLDER if year <= 2020 else _NEWER, scores)
    return TemplateDecision(_NEWER, scores)
