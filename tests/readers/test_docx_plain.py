"""The DOCX reader's plain-paragraph path against its general walk (issue 7).

libxml2 finds the paragraphs and cells that hold anything but runs of text, tabs and
breaks; the others take their text without the walker's state. On generated documents
(fields spanning paragraphs, tracked changes, content controls, bookmarks, text inside
properties, the strict namespace mixed in, merged and nested cells) the blocks and notes
must be those of the general walk alone.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from govinfo.readers import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"

_TEXTS = st.sampled_from(["一、收到申请数", "12", " ", "", "合计", "a\u3000b"])
_RUN_PARTS = st.sampled_from(
    [
        "t",
        "t",
        "t",
        "tab",
        "br",
        "rPr",
        "rPr-t",
        "noBreakHyphen",
        "lastRenderedPageBreak",
        "fld-begin",
        "fld-separate",
        "fld-end",
        "instrText",
        "sym",
    ]
)


@st.composite
def _run(draw: st.DrawFn) -> str:
    parts = []
    for part in draw(st.lists(_RUN_PARTS, max_size=4)):
        text = draw(_TEXTS)
        parts.append(
            {
                "t": f"<w:t xml:space='preserve'>{text}</w:t>",
                "tab": "<w:tab/>",
                "br": "<w:br/>",
                "rPr": "<w:rPr><w:b/></w:rPr>",
                "rPr-t": f"<w:rPr><w:t>{text}</w:t></w:rPr>",
                "noBreakHyphen": "<w:noBreakHyphen/>",
                "lastRenderedPageBreak": "<w:lastRenderedPageBreak/>",
                "fld-begin": "<w:fldChar w:fldCharType='begin'/>",
                "fld-separate": "<w:fldChar w:fldCharType='separate'/>",
                "fld-end": "<w:fldChar w:fldCharType='end'/>",
                "instrText": "<w:instrText> PAGE </w:instrText>",
                "sym": "<w:sym w:char='2460'/>",
            }[part]
        )
    return "<w:r>" + "".join(parts) + "</w:r>"


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    parts = []
    kinds = st.sampled_from(["r", "r", "r", "mark", "mark-t", "ins", "del", "sdt", "strict"])
    for kind in draw(st.lists(kinds, max_size=4)):
        run = draw(_run())
        parts.append(
            {
                "r": run,
                "mark": "<w:proofErr w:type='spellStart'/><w:bookmarkStart w:id='0' w:name='x'/>",
                "mark-t": f"<w:bookmarkStart w:id='1'>{run}</w:bookmarkStart>",
                "ins": f"<w:ins w:id='2'>{run}</w:ins>",
                "del": f"<w:del w:id='3'><w:r><w:delText>{draw(_TEXTS)}</w:delText></w:r></w:del>",
                "sdt": f"<w:sdt><w:sdtPr/><w:sdtContent>{run}</w:sdtContent></w:sdt>",
                "strict": f"<s:r><s:t>{draw(_TEXTS)}</s:t></s:r>",
            }[kind]
        )
    ppr = "<w:pPr><w:jc w:val='center'/></w:pPr>" if draw(st.booleans()) else ""
    return f"<w:p>{ppr}{''.join(parts)}</w:p>"


@st.composite
def _table(draw: st.DrawFn, depth: int = 0) -> str:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        cells = []
        for _ in range(draw(st.integers(1, 4))):
            props = draw(
                st.sampled_from(
                    ["", "<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>", "<w:tcPr><w:vMerge/></w:tcPr>",
                     "<w:tcPr><w:vMerge w:val='restart'/></w:tcPr>"]
                )
            )  # fmt: skip
            content = "".join(draw(st.lists(_paragraph(), min_size=1, max_size=3)))
            if depth == 0 and draw(st.integers(0, 6)) == 0:
                content += draw(_table(depth + 1)) + "<w:p/>"
            if draw(st.integers(0, 8)) == 0:
                content = f"<w:sdt><w:sdtContent>{content}</w:sdtContent></w:sdt>"
            cells.append(f"<w:tc>{props}{content}</w:tc>")
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    blocks = draw(st.lists(st.one_of(_paragraph(), _table()), min_size=1, max_size=6))
    namespace = draw(st.sampled_from([W, W, STRICT]))
    return (
        f"<w:document xmlns:w='{namespace}' xmlns:s='{STRICT if namespace == W else W}'>"
        f"<w:body>{''.join(blocks)}</w:body></w:document>"
    ).encode()


def _read(xml: bytes, plain: bool) -> tuple[list[object], list[str]]:
    root = etree.fromstring(xml)
    walker = docx._Walker("word/document.xml")
    if plain:
        walker.prepare(root)
    walker.walk(root[0])
    return list(walker.blocks), walker.notes


@given(documents())
def test_plain_paragraphs_read_as_the_general_walk_does(xml: bytes) -> None:
    assert _read(xml, plain=True) == _read(xml, plain=False)


def test_plain_and_complex_paragraphs_are_told_apart() -> None:
    xml = (
        f"<w:document xmlns:w='{W}'><w:body>"
        "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>"
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/><w:instrText>PAGE</w:instrText>"
        "<w:fldChar w:fldCharType='separate'/><w:t>3</w:t><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:t>z</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl></w:body></w:document>"
    ).encode()
    root = etree.fromstring(xml)
    walker = docx._Walker("word/document.xml")
    walker.prepare(root)
    paragraphs = root.findall(f".//{{{W}}}p")
    assert [p in walker.complex_paragraphs for p in paragraphs] == [False, True, False, False, True]
    assert len(walker.complex_cells) == 1
    walker.walk(root[0])
    texts = [getattr(b, "text", None) for b in walker.blocks]
    assert texts[:2] == ["a\tb", "3"]
    table = walker.blocks[2]
    assert [c.text for c in table.cells()] == ["x\ny", "z"]  # type: ignore[union-attr]
