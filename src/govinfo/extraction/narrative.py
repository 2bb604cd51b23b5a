"""Pass 7: the text of the six sections, by their headings (``form.sections``)."""

from __future__ import annotations

import re
from collections.abc import Collection

from govinfo.extraction.tokens import Tokens
from govinfo.form import NATIONAL, Form
from govinfo.model import Narrative

__all__ = ["read_narrative", "without_chrome"]

_SENTENCE = re.compile(r"[。；;，,：:！？!?]")


def without_chrome(paragraphs: list[str]) -> list[str]:
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


def read_narrative(tokens: Tokens, form: Form = NATIONAL, *, skip: Collection[int] = ()) -> Narrative:
    """The paragraphs under each section heading, joined by newlines (``None``: no text).

    ``skip``: indices of paragraph tokens that are not narrative (the headings of the
    tables the form does not have, :mod:`govinfo.extraction.extras`).
    """
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for tok in tokens:
        if tok.kind == "heading":
            current = tok.key
            sections.setdefault(current or "", [])
            continue
        if current is None or tok.is_cell or tok.kind != "text" or tok.index in skip:
            continue
        sections.setdefault(current, []).append(tok.text.strip())
    values = {s.key: "\n".join(without_chrome(sections.get(s.key, []))) or None for s in form.sections}
    return Narrative(**values)
