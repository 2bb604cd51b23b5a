"""Tests for the DOCX reader: body walking, merged cells, and refusing bad packages."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest

from govinfo.document import Document, Location, Paragraph, Table
from govinfo.errors import ReadError
from govinfo.extract import extract
from govinfo.labels import iter_cell_specs
from govinfo.model import AnnualReport, Metadata, Narrative
from govinfo.readers import docx as docx_module
from govinfo.readers.docx import DocxReader
from govinfo.registry import Registry, default_registry
from tests.strategies import comparable, set_cells

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{main}"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="{core}"/>'
    "</Relationships>"
)
TIME_LIMIT = 5.0
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "docx"
reader = DocxReader()


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"
    )


def core_xml(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{title}</dc:title></cp:coreProperties>"
    )


def package(members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def make_docx(
    body: str,
    *,
    title: str | None = None,
    main: str = "word/document.xml",
    core: str = "docProps/core.xml",
    extra: dict[str, str | bytes] | None = None,
) -> bytes:
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS.format(main=main, core=core),
        main: document_xml(body),
    }
    if title is not None:
        members[core] = core_xml(title)
    members.update(extra or {})
    return package(members)


def p(*runs: str, props: str = "") -> str:
    return f"<w:p>{props}{''.join(runs)}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def tc(text: str = "", props: str = "", body: str | None = None) -> str:
    pr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    return f"<w:tc>{pr}{body if body is not None else p(r(text) if text else '')}</w:tc>"


def tr(*cells: str, props: str = "") -> str:
    pr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def tbl(*rows: str, grid: int = 3) -> str:
    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


def span(n: int) -> str:
    return f'<w:gridSpan w:val="{n}"/>'


RESTART = '<w:vMerge w:val="restart"/>'
CONTINUE = "<w:vMerge/>"


def read(body: str, **kwargs: str) -> Document:
    return reader.read(make_docx(body, **kwargs), name="t.docx")


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def spans(table: Table) -> list[list[bool]]:
    return [[c.spanned for c in row] for row in table.rows]


def paragraph_texts(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


# --- paragraphs ---------------------------------------------------------------------


def test_runs_tabs_breaks_and_symbols() -> None:
    body = p(
        r("一、"),
        "<w:r><w:t>总体</w:t><w:tab/><w:t>情况</w:t><w:br/><w:t>下一行</w:t><w:cr/></w:r>",
        '<w:r><w:sym w:font="Wingdings" w:char="2714"/><w:noBreakHyphen/></w:r>',
    )
    assert paragraph_texts(read(body)) == ["一、总体\t情况\n下一行\n\u2714-"]


def test_whitespace_is_kept_as_found() -> None:
    assert paragraph_texts(read(p(r("  总 计 "), r("\u3000")))) == ["  总 计 \u3000"]


def test_hyperlinks_smart_tags_and_custom_xml_are_read_through() -> None:
    body = p(
        f'<w:hyperlink r:id="rId9">{r("政府")}</w:hyperlink>',
        f'<w:smartTag w:uri="u" w:element="e">{r("信息")}</w:smartTag>',
        f'<w:customXml w:element="x">{r("公开")}</w:customXml>',
    )
    assert paragraph_texts(read(body)) == ["政府信息公开"]


def test_simple_field_keeps_its_result() -> None:
    body = p(r("共"), f'<w:fldSimple w:instr=" MERGEFIELD count ">{r("12")}</w:fldSimple>', r("件"))
    assert paragraph_texts(read(body)) == ["共12件"]


def test_complex_field_keeps_the_result_not_the_instruction() -> None:
    body = p(
        r("共"),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText xml:space="preserve"> =SUM(ABOVE) \\# "0" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        r("304"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        r("件"),
    )
    assert paragraph_texts(read(body)) == ["共304件"]


def test_nested_field_inside_an_instruction_is_dropped() -> None:
    body = p(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        "<w:r><w:instrText>IF </w:instrText></w:r>",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        "<w:r><w:instrText>PAGE</w:instrText></w:r>",
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        r("9"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:r><w:instrText> = 9 "yes" "no"</w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        r("yes"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    assert paragraph_texts(read(body)) == ["yes"]


def test_field_spanning_paragraphs() -> None:
    body = (
        p('<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>TOC \\o</w:instrText>'
          '<w:fldChar w:fldCharType="separate"/></w:r>', r("目录一"))
        + p(r("目录二"))
        + p('<w:r><w:fldChar w:fldCharType="end"/></w:r>', r("正文"))
    )  # fmt: skip
    assert paragraph_texts(read(body)) == ["目录一", "目录二", "正文"]


def test_unclosed_field_hides_only_its_own_paragraph() -> None:
    body = p(r("前"), '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText></w:r>')
    document = read(body + p(r("后文")))
    assert paragraph_texts(document) == ["前", "后文"]
    assert any("field" in note for note in document.notes)


def test_insertions_kept_deletions_dropped() -> None:
    body = p(
        r("予以"),
        f'<w:ins w:id="1" w:author="a">{r("公开")}</w:ins>',
        '<w:del w:id="2" w:author="a"><w:r><w:delText>不予</w:delText></w:r></w:del>',
        f'<w:moveFrom w:id="3" w:author="a">{r("旧")}</w:moveFrom>',
        f'<w:moveTo w:id="4" w:author="a">{r("新")}</w:moveTo>',
    )
    assert paragraph_texts(read(body)) == ["予以公开新"]


def test_content_controls_block_and_inline() -> None:
    body = f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>{p(r('块级'))}</w:sdtContent></w:sdt>" + p(
        r("行内"), f"<w:sdt><w:sdtPr/><w:sdtContent>{r('控件')}</w:sdtContent></w:sdt>"
    )
    assert paragraph_texts(read(body)) == ["块级", "行内控件"]


def test_content_control_placeholder_text_is_not_content() -> None:
    placeholder = (
        f"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{r('单击此处输入文字')}</w:sdtContent></w:sdt>"
    )
    body = p(r("数量："), placeholder) + tbl(tr(tc("规章"), tc(body=p(placeholder))), grid=2)
    document = read(body)
    assert paragraph_texts(document) == ["数量："]
    assert texts(document.tables[0]) == [["规章", ""]]


def test_math_text_is_read() -> None:
    body = p("<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>")
    assert paragraph_texts(read(body)) == ["x+1"]


def test_empty_paragraphs_are_skipped_but_counted() -> None:
    document = read(p() + p(r("标题")) + p(r("")) + p(r("正文")))
    assert document.blocks == (
        Paragraph("标题", Location(part="word/document.xml", paragraph=2)),
        Paragraph("正文", Location(part="word/document.xml", paragraph=4)),
    )


def test_title_from_core_properties() -> None:
    assert read(p(r("x")), title=" 某县2023年度报告 ").title == "某县2023年度报告"
    assert read(p(r("x"))).title is None
    assert read(p(r("x")), title="").title is None


def test_parts_found_through_the_package_relationships() -> None:
    document = read(p(r("正文")), main="word/document2.xml", core="docProps/props.xml", title="题")
    assert paragraph_texts(document) == ["正文"]
    assert document.title == "题"
    assert document.blocks[0].location.part == "word/document2.xml"


def test_strict_ooxml_namespace() -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = f'<w:document xmlns:w="{strict}"><w:body>{p(r("严格"))}</w:body></w:document>'
    data = package({"word/document.xml": xml})
    assert paragraph_texts(reader.read(data)) == ["严格"]


# --- tables -------------------------------------------------------------------------


def test_plain_table_with_locations() -> None:
    document = read(p(r("前")) + tbl(tr(tc("a"), tc("b")), tr(tc("1"), tc("")), grid=2))
    (table,) = document.tables
    assert texts(table) == [["a", "b"], ["1", ""]]
    assert table.location == Location(part="word/document.xml", table=1)
    assert table.rows[1][0].location == Location(part="word/document.xml", table=1, row=2, column=1)
    assert not any(c.spanned for c in table.cells())


def test_grid_span_fills_spanned_copies() -> None:
    table = read(tbl(tr(tc("第二十条", span(3))), tr(tc("a"), tc("b", span(2))))).tables[0]
    assert texts(table) == [["第二十条"] * 3, ["a", "b", "b"]]
    assert spans(table) == [[False, True, True], [False, False, True]]
    assert [c.location.column for c in table.rows[1]] == [1, 2, 3]


def test_vertical_merge_restart_and_continue() -> None:
    table = read(
        tbl(
            tr(tc("三、本年度办理结果", RESTART), tc("（一）予以公开"), tc("1")),
            tr(tc("", CONTINUE), tc("（二）部分公开"), tc("2")),
            tr(tc("", '<w:vMerge w:val="continue"/>'), tc("（三）"), tc("3")),
            tr(tc("四、结转"), tc("x"), tc("4")),
        )
    ).tables[0]
    assert [row[0].text for row in table.rows] == ["三、本年度办理结果"] * 3 + ["四、结转"]
    assert [row[0].spanned for row in table.rows] == [False, True, True, False]
    assert table.rows[2][0].location.row == 3


def test_vertical_merge_of_a_wide_cell() -> None:
    note = "（本列数据的勾稽关系）"
    table = read(
        tbl(
            tr(tc(note, span(2) + RESTART), tc("申请人情况")),
            tr(tc("", span(2) + CONTINUE), tc("自然人")),
            grid=3,
        )
    ).tables[0]
    assert texts(table) == [[note, note, "申请人情况"], [note, note, "自然人"]]
    assert spans(table) == [[False, True, False], [True, True, False]]


def test_continuation_without_an_origin_is_an_ordinary_cell() -> None:
    table = read(tbl(tr(tc("x", CONTINUE), tc("y")), grid=2)).tables[0]
    assert texts(table) == [["x", "y"]]
    assert spans(table) == [[False, False]]


def test_text_left_in_a_merged_away_cell_becomes_a_note() -> None:
    document = read(tbl(tr(tc("上", RESTART)), tr(tc("残留", CONTINUE)), grid=1))
    assert texts(document.tables[0]) == [["上"], ["上"]]
    assert any("残留" in note for note in document.notes)
    repeated = read(tbl(tr(tc("上", RESTART)), tr(tc("上", CONTINUE)), grid=1))
    assert texts(repeated.tables[0]) == [["上"], ["上"]]
    assert repeated.notes == ()


def test_grid_before_and_after_keep_columns_in_place() -> None:
    table = read(
        tbl(
            tr(tc("a"), tc("b"), tc("c"), tc("d"), tc("e")),
            tr(tc("x"), tc("y"), props='<w:gridBefore w:val="2"/><w:gridAfter w:val="1"/>'),
            grid=5,
        )
    ).tables[0]
    assert texts(table) == [["a", "b", "c", "d", "e"], ["", "", "x", "y", ""]]
    assert spans(table) == [[False] * 5, [True, True, False, False, True]]


def test_legacy_horizontal_merge() -> None:
    table = read(tbl(tr(tc("合并", '<w:hMerge w:val="restart"/>'), tc("", "<w:hMerge/>"), tc("z")))).tables[0]
    assert texts(table) == [["合并", "合并", "z"]]
    assert spans(table) == [[False, True, False]]


def test_cell_paragraphs_join_with_newlines() -> None:
    table = read(tbl(tr(tc(body=p(r("商业")) + p(r("企业")))), grid=1)).tables[0]
    assert texts(table) == [["商业\n企业"]]


def test_nested_table_follows_the_outer_one() -> None:
    inner = tbl(tr(tc("内1"), tc("内2")), grid=2)
    outer = tbl(
        tr(tc("外"), tc(body=p(r("外层文字")) + inner + p())),
        tr(tc("下"), tc("5")),
        grid=2,
    )
    document = read(outer + p(r("之后")))
    assert [type(b).__name__ for b in document.blocks] == ["Table", "Table", "Paragraph"]
    first, second = document.tables
    assert texts(first) == [["外", "外层文字\n"], ["下", "5"]]
    assert texts(second) == [["内1", "内2"]]
    assert (first.location.table, second.location.table) == (1, 2)
    assert second.rows[0][1].location == Location(part="word/document.xml", table=2, row=1, column=2)


def test_deleted_rows_are_dropped() -> None:
    deleted = tr(tc("删"), props='<w:del w:id="1" w:author="a"/>')
    table = read(tbl(tr(tc("a")), deleted, tr(tc("b")), grid=1)).tables[0]
    assert texts(table) == [["a"], ["b"]]
    assert [row[0].location.row for row in table.rows] == [1, 2]


def test_deleted_cells_are_dropped() -> None:
    table = read(tbl(tr(tc("a"), tc("删", '<w:cellDel w:id="1" w:author="a"/>'), tc("b")))).tables[0]
    assert texts(table) == [["a", "b"]]


def test_rows_and_cells_inside_content_controls() -> None:
    row_sdt = f"<w:sdt><w:sdtContent>{tr(tc('r2'))}</w:sdtContent></w:sdt>"
    cell_sdt = f"<w:sdt><w:sdtContent>{tc('c2')}</w:sdtContent></w:sdt>"
    table = read(tbl(tr(tc("c1"), cell_sdt), row_sdt, grid=2)).tables[0]
    assert texts(table) == [["c1", "c2"], ["r2"]]


def _textbox(content: str) -> str:
    txbx = f"<w:txbxContent>{content}</w:txbxContent>"
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{txbx}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    fallback = f"<mc:Fallback><w:pict><v:shape><v:textbox>{txbx}</v:textbox></v:shape></w:pict></mc:Fallback>"
    return f"<w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"


def test_table_in_a_text_box_is_read_once() -> None:
    box = p(r("框内标题")) + tbl(tr(tc("行政复议"), tc("7")), grid=2)
    document = read(p(r("锚点"), _textbox(box)) + p(r("其后")))
    assert [type(b).__name__ for b in document.blocks] == [
        "Paragraph", "Paragraph", "Table", "Paragraph"
    ]  # fmt: skip
    assert paragraph_texts(document) == ["锚点", "框内标题", "其后"]
    assert texts(document.tables[0]) == [["行政复议", "7"]]


def test_text_box_fallback_alone_is_read() -> None:
    content = p(r("仅备用"))
    run = (
        "<w:r><mc:AlternateContent><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"<w:txbxContent>{content}</w:txbxContent>"
        "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    assert paragraph_texts(read(p(run))) == ["仅备用"]


def test_text_box_inside_a_table_cell_follows_the_table() -> None:
    box = tbl(tr(tc("盒中表")), grid=1)
    cell = tc(body=p(r("格"), _textbox(box)))
    document = read(tbl(tr(cell), grid=1))
    assert [texts(t) for t in document.tables] == [[["格"]], [["盒中表"]]]


def test_alternate_content_at_block_level() -> None:
    body = (
        "<mc:AlternateContent>"
        f'<mc:Choice Requires="w14">{p(r("新版"))}</mc:Choice>'
        f"<mc:Fallback>{p(r('旧版'))}</mc:Fallback>"
        "</mc:AlternateContent>"
    )
    assert paragraph_texts(read(body)) == ["新版"]


# --- detection ----------------------------------------------------------------------


def test_sniff_scores() -> None:
    data = make_docx(p(r("x")))
    assert reader.sniff(data, None) == 0.95
    assert reader.sniff(package({"a.txt": "x"}), None) < 0.5
    assert reader.sniff(b"<html><body>x</body></html>", "x.doc") == 0.0
    assert reader.sniff(b"", None) == 0.0


def test_docx_without_extension_is_detected() -> None:
    registry = Registry([reader], entry_points=False)
    assert registry.detect(make_docx(p(r("x"))), None) is reader
    assert registry.detect(make_docx(p(r("x"))), "download") is reader


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_DOC = OLE_MAGIC + b"\x00" * 64 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
OLE_ENCRYPTED = OLE_MAGIC + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


def test_legacy_doc_is_detected_so_that_reading_can_explain() -> None:
    registry = Registry([reader], entry_points=False)
    assert registry.detect(OLE_DOC, "report.doc") is reader
    assert registry.detect(OLE_ENCRYPTED, "report.docx") is reader
    assert reader.sniff(OLE_MAGIC + b"\x00" * 100, None) == 0.0


# --- bad input ----------------------------------------------------------------------


@contextmanager
def refused(*fragments: str) -> Iterator[None]:
    """Assert a ReadError whose message holds every fragment, raised within the time limit."""
    start = time.monotonic()
    with pytest.raises(ReadError) as info:
        yield
    elapsed = time.monotonic() - start
    assert elapsed < TIME_LIMIT, f"took {elapsed:.1f}s"
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)


def _patch_central_size(data: bytes, member: str, *, size: int | None = None) -> bytes:
    """Rewrite the uncompressed size a member's central directory entry declares."""
    buffer = bytearray(data)
    index = buffer.find(b"PK\x01\x02")
    while index >= 0:
        name_length = struct.unpack_from("<H", buffer, index + 28)[0]
        name = bytes(buffer[index + 46 : index + 46 + name_length]).decode()
        if name == member and size is not None:
            struct.pack_into("<I", buffer, index + 24, size)
        index = buffer.find(b"PK\x01\x02", index + 4)
    return bytes(buffer)


def test_zip_bomb_by_ratio_is_refused_before_decompressing() -> None:
    zeros = b"<" + b" " * (8 * 1024 * 1024)
    data = make_docx(p(r("x")), extra={"word/media/bomb.bin": zeros})
    with refused("bomb.docx", "word/media/bomb.bin", "zip bomb"):
        reader.read(data, name="bomb.docx")


def test_member_declaring_a_huge_size_is_refused() -> None:
    data = _patch_central_size(make_docx(p(r("x"))), "word/document.xml", size=2**31)
    with refused("big.docx", "word/document.xml", "limit"):
        reader.read(data, name="big.docx")


def test_total_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_module, "MAX_TOTAL_BYTES", 1000)
    data = make_docx(p(r("x" * 2000)))
    with refused("t.docx", "unpack to"):
        reader.read(data, name="t.docx")


def test_member_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_module, "MAX_MEMBERS", 10)
    extra: dict[str, str | bytes] = {f"word/media/{i}.png": b"" for i in range(20)}
    with refused("many.docx", "members"):
        reader.read(make_docx(p(r("x")), extra=extra), name="many.docx")


def test_member_larger_than_its_header_says_is_refused() -> None:
    data = make_docx(p(r("x" * 100000)))
    lying = _patch_central_size(data, "word/document.xml", size=100)
    with refused("lie.docx", "word/document.xml"):
        reader.read(lying, name="lie.docx")


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f"]><w:document {NAMESPACES}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def test_entity_bomb_is_refused() -> None:
    data = package({"word/document.xml": BILLION_LAUGHS})
    with refused("lol.docx", "word/document.xml", "DOCTYPE"):
        reader.read(data, name="lol.docx")


def test_external_entity_is_refused() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<w:document {NAMESPACES}><w:body>{p('<w:r><w:t>&x;</w:t></w:r>')}</w:body></w:document>"
    )
    with refused("xxe.docx", "DOCTYPE"):
        reader.read(package({"word/document.xml": xxe}), name="xxe.docx")


def test_undeclared_entity_is_a_syntax_error_with_a_line() -> None:
    xml = f"<w:document {NAMESPACES}>\n<w:body>{p('<w:r><w:t>&x;</w:t></w:r>')}</w:body></w:document>"
    with refused("e.docx", "word/document.xml, line 2", "not well-formed"):
        reader.read(package({"word/document.xml": xml}), name="e.docx")


def test_doctype_in_core_properties_is_refused() -> None:
    core = '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY t "x">]><c/>'
    data = make_docx(p(r("x")), extra={"docProps/core.xml": core})
    with refused("c.docx", "docProps/core.xml", "DOCTYPE"):
        reader.read(data, name="c.docx")


def test_damaged_core_properties_are_a_note_not_an_error() -> None:
    document = reader.read(make_docx(p(r("x")), extra={"docProps/core.xml": "<broken"}))
    assert document.title is None
    assert any("docProps/core.xml" in note for note in document.notes)


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_truncated_docx_is_refused(keep: float) -> None:
    data = make_docx(p(r("正文" * 2000)), title="t")
    with refused("cut.docx", "truncated", "zip archive"):
        reader.read(data[: int(len(data) * keep)], name="cut.docx")


def test_corrupt_member_is_refused() -> None:
    data = bytearray(make_docx(p(r("正文" * 2000))))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    data[start + 50 : start + 80] = b"\xff" * 30
    with refused("bad.docx", "word/document.xml", "damaged"):
        reader.read(bytes(data), name="bad.docx")


def test_encrypted_member_is_refused() -> None:
    data = bytearray(make_docx(p(r("x"))))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        index = data.find(signature)
        while index >= 0:
            flags = struct.unpack_from("<H", data, index + offset)[0]
            struct.pack_into("<H", data, index + offset, flags | 1)
            index = data.find(signature, index + 4)
    with refused("enc.docx", "word/document.xml", "encrypted"):
        reader.read(bytes(data), name="enc.docx")


def test_zip_without_a_word_document() -> None:
    with refused("book.xlsx", "word/document.xml", "not a Word document"):
        reader.read(package({"xl/workbook.xml": "<workbook/>"}), name="book.xlsx")


def test_empty_zip() -> None:
    with refused("e.docx", "word/document.xml"):
        reader.read(package({}), name="e.docx")


def test_main_part_that_is_not_a_document() -> None:
    with refused("x.docx", "w:body"):
        reader.read(package({"word/document.xml": "<other/>"}), name="x.docx")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (OLE_DOC, "legacy Word 97-2003 .doc; save it as .docx"),
        (OLE_MAGIC + b"\x00" * 512, "legacy Office 97-2003 file"),
        (OLE_ENCRYPTED, "password-protected"),
        (b"<html><head><meta charset='gbk'></head><body>x</body></html>", "html reader"),
        ("\ufeff<!DOCTYPE html><html>".encode("utf-16-le"), "html reader"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "MIME HTML"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"<?xml version='1.0'?><w:wordDocument/>", "not a DOCX"),
        (b"", "empty"),
        (b"\x00\x01garbage", "zip signature"),
    ],
)
def test_files_that_are_not_docx(data: bytes, expected: str) -> None:
    with refused("report.doc", expected):
        reader.read(data, name="report.doc")


def test_html_saved_as_doc_is_left_to_the_html_reader() -> None:
    page = "<html><body><p>一、总体情况</p></body></html>".encode("gb18030")
    assert reader.sniff(page, "report.doc") == 0.0
    assert default_registry.detect(page, "report.doc").name == "html"
    assert default_registry.detect(make_docx(p(r("x"))), None).name == "docx"


def test_deep_but_legal_nesting_reads() -> None:
    body = "<w:hyperlink>" * 200 + r("x") + "</w:hyperlink>" * 200
    assert paragraph_texts(read(p(body))) == ["x"]


def test_absurdly_deep_nesting_is_refused() -> None:
    body = "<w:hyperlink>" * 20000 + r("x") + "</w:hyperlink>" * 20000
    with refused("deep.docx", "word/document.xml, line 1", "not well-formed"):
        reader.read(make_docx(p(body)), name="deep.docx")


def test_huge_grid_span_is_refused() -> None:
    with refused("span.docx", "grid columns"):
        reader.read(make_docx(tbl(tr(tc("x", span(10**9))))), name="span.docx")


# --- project samples (written by govinfo's DOCX writer; one re-saved by LibreOffice) ---


def numbered_report(template: str) -> AnnualReport:
    """A report with every printed cell set: distinct numbers, a decimal, a negative, a blank."""
    cells: dict[str, int | Decimal | None] = {}
    for i, (table, row, column) in enumerate(iter_cell_specs(template)):
        value: int | Decimal | None = i
        if column.kind == "decimal":
            value = Decimal(f"{i}.25")
        elif column.kind == "signed":
            value = -i
        cells[f"{table.key}/{row.key}/{column.key}"] = value
    cells["appeals/review/pending"] = None
    agency, year = "某县人民政府办公室", 2020 if template == "2019" else 2023
    report = AnnualReport(
        metadata=Metadata(
            agency=agency,
            year=year,
            template=template,
            title=f"{agency}{year}年度政府信息公开工作年度报告",
        ),
        narrative=Narrative(overview="总体情况正文", problems="问题正文", other_matters="未收取信息处理费"),
    )
    return set_cells(report, cells)


@pytest.mark.parametrize(
    ("sample", "template"),
    [("report-2019.docx", "2019"), ("report-2021-libreoffice.docx", "2021")],
)
def test_samples_read_back_exactly(sample: str, template: str) -> None:
    data = (SAMPLES / sample).read_bytes()
    assert reader.sniff(data, None) == 0.95
    report = extract(reader.read(data, name=sample))
    assert comparable(report) == comparable(numbered_report(template))
    assert report.source_of("appeals/review/upheld") is not None


# --- the real blank template --------------------------------------------------------


BLANK = "real/004_blank-template-2021-format.docx"


def _value_cells(document: Document) -> Iterator[str]:
    """Texts of the value positions of the three tables of the 2021 template."""
    active, applications, appeals = document.tables
    for row in active.rows:
        if row[0].text in ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"):
            yield from (c.text for c in row[1:] if not c.spanned)
    for row in applications.rows[3:]:
        yield from (c.text for c in row[3:])
    yield from (c.text for c in appeals.rows[-1])


def test_blank_template_reads(corpus: Path) -> None:
    document = reader.read((corpus / BLANK).read_bytes(), name=BLANK)
    tables = document.tables
    assert [(len(t.rows), {len(row) for row in t.rows}) for t in tables] == [
        (14, {4}), (28, {10}), (4, {15})
    ]  # fmt: skip
    headings = [t for t in paragraph_texts(document) if t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert len(headings) == 6
    values = list(_value_cells(document))
    assert len(values) == 3 * 2 + 4 + 25 * 7 + 15
    assert all(not v.strip() for v in values), [v for v in values if v.strip()]
    results = [row[0] for row in tables[1].rows[5:27]]
    assert results[0].text == "三、本年度办理结果"
    assert not results[0].spanned
    assert all(c.spanned and c.text == "三、本年度办理结果" for c in results[1:])


def test_blank_template_extracts_to_no_values(corpus: Path) -> None:
    report = extract(reader.read((corpus / BLANK).read_bytes(), name=BLANK))
    cells = list(report.cells())
    assert report.template == "2021"
    assert len(cells) == 200
    assert all(value is None for _, value in cells), [c for c in cells if c[1] is not None]
    codes = {f.code for f in report.findings}
    assert "no-values" in codes, codes
