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
                     "<w:tcPr><w:vMerge w:val='restart'/></w:tcPr>", "<w:tcPr><w:hMerge/></w:tcPr>",
                     "<w:tcPr><w:cellDel/></w:tcPr>", "<w:tcPr><w:tcW w:w='9'/><s:gridSpan s:val='3'/></w:tcPr>",
                     "<w:tcPr><w:tcW w:w='9'/></w:tcPr>", "<!--c--><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>"]
                )
            )  # fmt: skip
            content = "".join(draw(st.lists(_paragraph(), min_size=1, max_size=3)))
            if depth == 0 and draw(st.integers(0, 6)) == 0:
                content += draw(_table(depth + 1)) + "<w:p/>"
            if draw(st.integers(0, 8)) == 0:
                content = f"<w:sdt><w:sdtContent>{content}</w:sdtContent></w:sdt>"
            cells.append(f"<w:tc>{props}{content}</w:tc>")
        row_props = draw(
            st.sampled_from(
                ["", "", "<w:trPr><w:gridBefore w:val='1'/></w:trPr>", "<w:trPr><w:gridAfter w:val='2'/></w:trPr>",
                 "<w:trPr><w:del w:id='4'/></w:trPr>", "<w:trPr><w:trHeight w:val='9'/></w:trPr>",
                 "<w:tblPrEx/><w:trPr><s:gridBefore s:val='1'/></w:trPr>"]
            )
        )  # fmt: skip
        rows.append("<w:tr>" + row_props + "".join(cells) + "</w:tr>")
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


# The XPath queries the Python scan of ``_not_plain`` replaced (issue 7): the reference.
def _any_of(names: tuple[str, ...]) -> str:
    return " or ".join(f"self::w:{name}" for name in names)


_NOT_PLAIN_P = (
    f"//w:p[*[not({_any_of(('pPr', 'r', *docx._MARKS))})] or w:r/*[not({_any_of(docx._PLAIN_RUN)})]"
    " or w:proofErr/* or w:bookmarkStart/* or w:bookmarkEnd/* or w:r/w:lastRenderedPageBreak/*]"
)
_NOT_PLAIN_TC = f"//w:tc[*[not({_any_of(('tcPr', 'p'))})]]"

_SPRINKLES = [
    ("</w:t>", "</w:t><!--c-->"),
    ("<w:tab/>", "<w:tab/><?pi x?>"),
    ("<w:lastRenderedPageBreak/>", "<w:lastRenderedPageBreak><w:t>x</w:t></w:lastRenderedPageBreak>"),
    ("<w:lastRenderedPageBreak/>", "<w:lastRenderedPageBreak><!--c--></w:lastRenderedPageBreak>"),
    ("<w:proofErr w:type='spellStart'/>", "<w:proofErr w:type='spellStart'><!--c--></w:proofErr>"),
    ("<w:pPr>", "<!--c--><w:pPr>"),
    ("<w:tcPr>", "<?pi x?><w:tcPr>"),
    ("<w:tcPr>", "<w:bookmarkStart w:id='9'/><w:tcPr>"),
    ("<w:r>", "<w:r><!--c-->"),
]


@given(documents(), st.lists(st.sampled_from(_SPRINKLES), unique=True))
def test_the_plain_scan_finds_what_the_xpath_queries_found(xml: bytes, sprinkles: list[tuple[str, str]]) -> None:
    text = xml.decode()
    for old, new in sprinkles:
        text = text.replace(old, new)
    root = etree.fromstring(text.encode())
    namespace = root.tag[1:].partition("}")[0]
    assert docx._not_plain_paragraphs(root, namespace) == root.xpath(_NOT_PLAIN_P, namespaces={"w": namespace})
    assert docx._not_plain_cells(root, namespace) == root.xpath(_NOT_PLAIN_TC, namespaces={"w": namespace})


@given(documents())
def test_cells_placed_inline_equal_the_general_placement(xml: bytes) -> None:
    inline = _read(xml, plain=True)
    try:
        docx._INLINE_CELLS = False
        general = _read(xml, plain=True)
    finally:
        docx._INLINE_CELLS = True
    assert inline == general
