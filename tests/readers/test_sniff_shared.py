"""The text sniffers' shared lines and prefilters against the per-sniffer code (issue 7).

The text, tabbed, flat and Markdown sniffers share one list of non-blank lines and skip
their Markdown-rule and tab scans when the sample holds no ``---`` or no tab. On
generated samples the results must be those of the code they replaced (below).
"""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from govinfo.readers import _sniff, flat, markdown, tabbed, text
from govinfo.readers._sniff import layout_score, report_marker_score

_MD_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*$")
_RULE = re.compile(r"^\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def _old_layout_lines(sample: str) -> tuple[int, int, int]:
    lines = [line for line in sample.splitlines() if line.strip()]
    piped = sum(1 for line in lines if line.rstrip().endswith("|"))
    tabs = sum(1 for line in lines if "\t" in line.strip(" \r\u3000") or line.startswith("\t"))
    return len(lines), piped, tabs


def _old_markdown_tables(sample: str) -> int:
    lines = [line for line in sample.splitlines() if line.strip()]
    return sum(
        1 for a, b in itertools.pairwise(lines) if _RULE.match(b.strip()) and markdown._is_row(a) and not _RULE.match(a)
    )


def _old_text_score(sample: str) -> float:
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines or text._JSON_START.match(sample.lstrip("\ufeff")):
        return 0.0
    stripped = [line.strip() for line in lines]
    pairs = itertools.pairwise(stripped)
    if any(_MD_RULE.match(rule) and "|" in row and not _MD_RULE.match(row) for row, rule in pairs):
        return 0.3
    piped = sum(1 for line in lines if line.rstrip().endswith("|"))
    markers = report_marker_score(sample)
    if piped >= 5 and piped / len(lines) >= 0.2:
        return layout_score(piped, len(lines), markers)
    return 0.2 + 0.3 * markers


def _old_tabbed_score(sample: str) -> float:
    lines = [line for line in sample.splitlines() if line.strip(" \r\u3000")]
    if not lines:
        return 0.0
    tabs = sum(1 for line in lines if line.startswith("\t"))
    piped = sum(1 for line in lines if line.rstrip().endswith("|"))
    markers = report_marker_score(sample)
    if tabs >= 5 and tabs / len(lines) >= 0.2 and tabs > piped:
        return layout_score(tabs, len(lines), markers)
    return 0.1 * markers


_LINES = st.sampled_from(
    [
        "政府信息公开工作年度报告",
        "主动公开 |",
        "| a | b |",
        "|---|---|",
        "| :---: | --- |",
        "---",
        "\t行政许可\t12",
        "\t\t",
        "a\tb",
        "收到申请数 | 3 | 4 |",
        "|",
        "||",
        "",
        " ",
        "\u3000",
        "\r",
        "申请人情况 5 6 7",
        '{"format_version": 1}',
    ]
)


@given(st.lists(_LINES, max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_the_shared_lines_give_the_scores_of_the_per_sniffer_code(lines: list[str], newline: str) -> None:
    sample = newline.join(lines)
    data = sample.encode("utf-8")
    decoded = _sniff.sniffable_text(data)
    if decoded is None:
        return
    assert flat._layout_lines(decoded) == _old_layout_lines(decoded)
    assert markdown.markdown_tables(decoded) == _old_markdown_tables(decoded)
    assert text.PipeTextReader().sniff(data) == _old_text_score(decoded)
    assert tabbed.TabbedTextReader().sniff(data) == _old_tabbed_score(decoded)


def test_the_lines_are_kept_for_the_last_sample_only() -> None:
    first, second = "a |\n\nb", "c"
    assert _sniff.nonblank_lines(first) == (("a |", "b"), 1)
    assert _sniff.nonblank_lines(first) == (("a |", "b"), 1)
    assert _sniff.nonblank_lines(second) == (("c",), 0)
