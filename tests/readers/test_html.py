"""Tests for the HTML reader (govinfo.readers.html), on synthetic inputs written here."""

from __future__ import annotations

import codecs
import importlib.util
import json
import time

import pytest

from govinfo.document import Cell, Document, Location, Paragraph, Table
from govinfo.errors import ReadError
from govinfo.readers.html import MAX_COLSPAN, MAX_HTML_BYTES, HtmlReader
from govinfo.registry import Registry
from tests.conftest import SAMPLES

READER = HtmlReader()


def read(html: str | bytes, name: str | None = "report.html") -> Document:
    data = html.encode("utf-8") if isinstance(html, str) else html
    return READER.read(data, name=name)


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def spanned(table: Table) -> list[list[bool]]:
    return [[cell.spanned for cell in row] for row in table.rows]


# --- spans ----------------------------------------------------------------------------


def test_rowspan_and_colspan_resolve_to_a_grid() -> None:
    doc = read(
        "<table>\n"
        "<tr><td rowspan=2 colspan=2>A</td><td>B</td></tr>\n"
        "<tr><td>C</td></tr>\n"
        "<tr><td>D</td><td colspan=2>E</td></tr>\n"
        "</table>"
    )
    (table,) = doc.tables
    assert texts(table) == [["A", "A", "B"], ["A", "A", "C"], ["D", "E", "E"]]
    assert spanned(table) == [[False, True, False], [True, True, False], [False, False, True]]
    c = table.rows[1][2]
    assert c.location == Location(line=3, table=1, row=2, column=3)
    copy = table.rows[1][1]
    assert copy.location == Location(line=2, table=1, row=2, column=2)  # line of the origin <td>


def test_the_results_label_spans_22_rows_and_row_labels_span_columns() -> None:
    rows = ['<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>' + "<td>1</td>" * 7 + "</tr>"]
    rows.append(
        '<tr><td rowspan="22">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>' + "<td>2</td>" * 7 + "</tr>"
    )
    rows += ["<tr><td>子项</td><td>x</td>" + "<td>0</td>" * 7 + "</tr>"] * 21
    rows.append('<tr><td colspan="3">四、结转下年度继续办理</td>' + "<td>3</td>" * 7 + "</tr>")
    (table,) = read("<table>" + "".join(rows) + "</table>").tables
    assert len(table.rows) == 24
    assert all(len(row) == 10 for row in table.rows)
    label_column = [row[0] for row in table.rows[1:23]]
    assert {c.text for c in label_column} == {"三、本年度办理结果"}
    assert [c.spanned for c in label_column] == [False] + [True] * 21
    assert texts(table)[1][:4] == ["三、本年度办理结果", "（一）予以公开", "（一）予以公开", "2"]
    assert table.rows[2][1] == Cell("子项", Location(line=1, table=1, row=3, column=2))
    assert texts(table)[23][:4] == ["四、结转下年度继续办理"] * 3 + ["3"]


def test_rowspan_past_the_last_row_is_cut_with_a_note() -> None:
    doc = read("<table><tr><td rowspan=99>A</td><td>1</td></tr><tr><td>2</td></tr></table>")
    (table,) = doc.tables
    assert texts(table) == [["A", "1"], ["A", "2"]]
    assert len(table.rows) == 2
    assert any("rowspan 99" in note and "cut to 2" in note for note in doc.notes)


def test_absurd_colspan_is_cut_to_the_html_maximum() -> None:
    doc = read("<table><tr><td colspan=99999999999>A</td><td>B</td></tr></table>")
    (table,) = doc.tables
    assert len(table.rows[0]) == MAX_COLSPAN + 1
    assert table.rows[0][-1].text == "B"
    assert any(f"cut to {MAX_COLSPAN}" in note for note in doc.notes)


def test_rowspan_zero_runs_to_the_end_and_bad_values_count_as_one() -> None:
    (table,) = read(
        "<table><tr><td rowspan=0>A</td><td colspan=x>1</td><td colspan=' 2px'>2</td></tr>"
        "<tr><td>3</td></tr><tr><td>4</td></tr></table>"
    ).tables
    assert texts(table) == [["A", "1", "2", "2"], ["A", "3"], ["A", "4"]]


def test_overlapping_spans_keep_the_first_cell() -> None:
    (table,) = read("<table><tr><td>a</td><td rowspan=2>B</td></tr><tr><td colspan=3>C</td></tr></table>").tables
    assert texts(table) == [["a", "B"], ["C", "B", "C"]]
    assert spanned(table) == [[False, False], [False, True, True]]


def test_holes_left_by_spans_are_empty_cells_that_keep_columns_in_place() -> None:
    (table,) = read("<table><tr><td>a</td><td>b</td><td rowspan=2>c</td></tr><tr><td>d</td></tr></table>").tables
    assert texts(table) == [["a", "b", "c"], ["d", "", "c"]]
    assert table.rows[1][1] == Cell("", Location(line=1, table=1, row=2, column=2))


def test_rows_keep_their_own_length() -> None:
    (table,) = read("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>").tables
    assert [len(row) for row in table.rows] == [3, 1]


def test_too_many_cells_is_a_read_error() -> None:
    html = "<table>" + "<tr><td colspan=1000 rowspan=1000>x</td></tr>" * 1000 + "</table>"
    with pytest.raises(ReadError, match="too large"):
        read(html)


# --- cell text ------------------------------------------------------------------------


def test_cell_text_br_spans_and_empty_markup() -> None:
    (table,) = read(
        "<table><tr>"
        "<td>本年新<br />制作数量</td>"
        "<td><span>一</span><span>、本年新收</span><span>政府信息公开申请数量</span></td>"
        "<td><p class=MsoNormal><span>202</span><span>5</span><o:p></o:p></p></td>"
        "<td><p><o:p>&nbsp;</o:p></p></td>"
        "<td> \n\t </td>"
        "<td>&nbsp;&#12288;</td>"
        "<td><p>商业</p><p>企业</p></td>"
        "<td>信息内容&nbsp;</td>"
        "<td>&nbsp;0</td>"
        "</tr></table>"
    ).tables
    assert texts(table) == [
        [
            "本年新\n制作数量",
            "一、本年新收政府信息公开申请数量",
            "2025",
            "",
            "",
            "",
            "商业\n企业",
            "信息内容\xa0",
            "\xa00",
        ]
    ]


def test_cell_text_collapses_source_whitespace_like_a_browser() -> None:
    (table,) = read("<table><tr><td>\n   1.\n   属于国家秘密\n </td><td><p>\n</p><p>7</p></td></tr></table>").tables
    assert texts(table) == [["1. 属于国家秘密", "7"]]


def test_th_and_thead_tbody_tfoot_rows_in_document_order() -> None:
    (table,) = read(
        "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td></tr></tbody>"
        "<tfoot><tr><td>f</td></tr></tfoot></table>"
    ).tables
    assert texts(table) == [["h"], ["b"], ["f"]]


# --- paragraphs and document structure --------------------------------------------------


def test_paragraphs_in_reading_order_without_chrome() -> None:
    doc = read(
        "<!DOCTYPE html>\n<html><head><title>  某局2024年度政府信息公开工作年度报告_网站 </title>\n"
        "<style>p { color: red }</style><script>var x = '一、总体情况';</script></head>\n"
        "<body>\n"
        "<noscript>请启用脚本</noscript><template><p>模板</p></template>\n"
        "<!-- 注释 --><input type=hidden value=secret>\n"
        "<h1>某局2024年度政府信息公开工作年度报告</h1>\n"
        "<div>一、总体情况</div>\n"
        "<p>正文<b>加粗</b>继续</p>\n"
        "<ul><li>第一项</li><li>第二项</li></ul>\n"
        "<div>外层文字<div>内层文字</div>尾部文字</div>\n"
        "<p>第一行<br>第二行</p>\n"
        '<div style="display: none">隐藏</div><p hidden>也隐藏</p>\n'
        "<p>&nbsp;</p>\n"
        "</body></html>"
    )
    assert doc.title == "某局2024年度政府信息公开工作年度报告_网站"
    assert [p.text for p in doc.paragraphs] == [
        "某局2024年度政府信息公开工作年度报告",
        "一、总体情况",
        "正文加粗继续",
        "第一项",
        "第二项",
        "外层文字",
        "内层文字",
        "尾部文字",
        "第一行",
        "第二行",
    ]
    assert doc.paragraphs[0].location == Location(line=7)
    assert doc.paragraphs[1].location == Location(line=8)
    assert doc.tables == ()


def test_paragraphs_and_tables_interleave_in_document_order() -> None:
    doc = read(
        "<p>二、主动公开政府信息情况</p><table><tr><td>规章</td><td>1</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>x</td></tr></table><p>尾</p>"
    )
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Table", "Paragraph"]
    assert [t.location.table for t in doc.tables] == [1, 2]
    assert doc.tables[1].rows[0][0].location.table == 2


def test_caption_becomes_a_paragraph_before_its_table() -> None:
    doc = read("<table><caption>表一</caption><tr><td>1</td></tr></table>")
    assert doc.blocks[0] == Paragraph("表一", Location(line=1))
    assert texts(doc.tables[0]) == [["1"]]


def test_layout_tables_give_paragraphs_and_their_nested_tables() -> None:
    doc = read(
        "<table><tr><td>导航 首页</td></tr><tr><td>\n"
        "<p>一、总体情况</p>\n"
        "<table><tr><td>规章</td><td>5</td></tr></table>\n"
        "<p>中间文字</p>\n"
        "<table><tr><td>"
        "<table><tr><td>深层</td><td rowspan=2>9</td></tr><tr><td>二</td></tr></table>"
        "</td></tr></table>\n"
        "</td></tr><tr><td>页脚</td></tr></table>"
    )
    assert [type(b).__name__ for b in doc.blocks] == [
        "Paragraph", "Paragraph", "Table", "Paragraph", "Table", "Paragraph"
    ]  # fmt: skip
    assert [p.text for p in doc.paragraphs] == ["导航 首页", "一、总体情况", "中间文字", "页脚"]
    first, second = doc.tables
    assert texts(first) == [["规章", "5"]]
    assert texts(second) == [["深层", "9"], ["二", "9"]]
    assert (first.location.table, second.location.table) == (1, 2)
    assert second.rows[1][1].location == Location(line=5, table=2, row=2, column=2)


def test_fragment_without_html_element() -> None:
    doc = read("一、总体情况\n<p>正文</p><table><tr><td>a</td></tr></table>尾巴", name=None)
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "正文", "尾巴"]
    assert texts(doc.tables[0]) == [["a"]]
    assert doc.title is None


def test_word_export_markup() -> None:
    html = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'>\n"
        "<head><meta http-equiv=Content-Type content='text/html; charset=utf-8'>\n"
        "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>张三</o:Author>"
        "</o:DocumentProperties></xml><![endif]-->\n"
        "<style><!-- p.MsoNormal {margin:0cm} --></style></head>\n"
        "<body lang=ZH-CN><div class=WordSection1>\n"
        "<p class=MsoNormal><span lang=EN-US>一、总体情况<o:p></o:p></span></p>\n"
        "<p class=MsoListParagraph><![if !supportLists]><span>1.</span><![endif]>"
        "<span>列表项</span></p>\n"
        "<table class=MsoNormalTable border=1>\n"
        "<tr><td><p class=MsoNormal><span>规章</span><span><o:p></o:p></span></p></td>"
        "<td><p class=MsoNormal><span lang=EN-US>3<o:p></o:p></span></p></td></tr>\n"
        "<![if !supportMisalignedColumns]><tr height=0 style='display:none'>"
        "<td width=100></td><td width=50></td></tr><![endif]>\n"
        "</table>\n"
        "<p class=MsoNormal><span style='display:none;mso-hide:all'>隐藏书签</span>"
        "<o:p>&nbsp;</o:p></p>\n"
        "</div></body></html>"
    )
    doc = read(html)
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "1.列表项"]
    assert texts(doc.tables[0]) == [["规章", "3"]]
    assert "张三" not in str(doc.blocks)


def test_libreoffice_export() -> None:
    html = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">\n'
        '<HTML><HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=utf-8">'
        '<TITLE></TITLE><META NAME="GENERATOR" CONTENT="LibreOffice 4.1"></HEAD>\n'
        '<BODY LANG="zh-CN" DIR="LTR"><P ALIGN=CENTER><FONT FACE="SimSun">报告</FONT></P>\n'
        "<TABLE WIDTH=100% BORDER=1><COL WIDTH=85*><TR VALIGN=TOP>"
        "<TD ROWSPAN=2><P>标签</P></TD><TD><P>1</P></TD></TR><TR><TD><P>2</P></TD></TR>"
        "</TABLE></BODY></HTML>"
    )
    doc = read(html)
    assert doc.title is None
    assert [p.text for p in doc.paragraphs] == ["报告"]
    assert texts(doc.tables[0]) == [["标签", "1"], ["标签", "2"]]


# --- encodings ------------------------------------------------------------------------

PAGE = "<html><head>{meta}<title>报告</title></head><body><p>一、总体情况</p></body></html>"


def test_gbk_with_its_declared_charset() -> None:
    data = PAGE.format(meta='<meta charset="gb2312">').encode("gbk")
    doc = READER.read(data)
    assert doc.paragraphs[0].text == "一、总体情况"
    assert (doc.source.encoding, doc.source.encoding_reason) == ("gb18030", "declared")
    assert doc.notes == ()


def test_gbk_with_a_lying_utf8_meta_charset_is_detected_and_noted() -> None:
    data = (PAGE.format(meta='<meta charset="utf-8">') + "<p>政府信息公开工作年度报告</p>" * 20).encode("gbk")
    doc = READER.read(data)
    assert doc.paragraphs[0].text == "一、总体情况"
    assert doc.source.encoding_reason == "detected"
    assert any("utf-8" in note.lower() for note in doc.notes)


def test_gbk_declared_as_latin1_is_not_read_as_mojibake() -> None:
    data = PAGE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    doc = READER.read(data.encode("gbk"))
    assert doc.paragraphs[0].text == "一、总体情况"
    assert doc.source.encoding == "gb18030"
    assert any("iso8859-1" in note for note in doc.notes)


def test_utf8_declared_as_gbk_is_read_as_utf8_with_a_note() -> None:
    doc = READER.read(PAGE.format(meta='<meta charset="gbk">').encode("utf-8"))
    assert doc.paragraphs[0].text == "一、总体情况"
    assert doc.source.encoding == "utf-8"
    assert any("gbk" in note for note in doc.notes)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    data = bom + PAGE.format(meta='<meta charset="gbk">').encode(codec)
    doc = READER.read(data)
    assert doc.title == "报告"
    assert doc.paragraphs[0].text == "一、总体情况"
    assert doc.source.encoding_reason == "bom"
    assert READER.sniff(data, None) >= 0.8


def test_xhtml_with_xml_declaration() -> None:
    data = (
        '<?xml version="1.0" encoding="GBK"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>第一段</p>'
        "<table><tr><td>规章</td></tr></table></body></html>"
    ).encode("gbk")
    doc = READER.read(data, name="r.xhtml")
    assert [p.text for p in doc.paragraphs] == ["第一段"]
    assert texts(doc.tables[0]) == [["规章"]]
    assert doc.source.encoding == "gb18030"


# --- hostile and broken input -----------------------------------------------------------


def test_entity_bomb_is_not_expanded() -> None:
    entities = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + entities + "\n]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml"><body>\n<p>正文&a9;</p><p>&amp;&lt;</p>'
        "</body></html>"
    ).encode()
    start = time.perf_counter()
    doc = READER.read(data, name="bomb.xhtml")
    assert time.perf_counter() - start < 2
    assert [p.text for p in doc.paragraphs] == ["正文&a9;", "&<"]
    assert doc.paragraphs[0].location.line == 6  # the blanked subset keeps line numbers
    assert "哈" not in "".join(p.text for p in doc.paragraphs)


def test_external_entity_is_not_fetched(tmp_path: pytest.TempPathFactory) -> None:
    secret = tmp_path / "secret.txt"  # type: ignore[operator]
    secret.write_text("TOP-SECRET-CONTENT")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<html><body><p>a&xxe;b</p><img src="http://127.0.0.1:9/x.png"/></body></html>'
    ).encode()
    doc = READER.read(data, name="xxe.xhtml")
    assert "TOP-SECRET" not in repr(doc)
    assert [p.text for p in doc.paragraphs] == ["a&xxe;b"]


@pytest.mark.parametrize("close", ["]>", "] >", "]\n>"])
def test_doctype_internal_subset_leaves_no_text_behind(close: str) -> None:
    doc = read(f'<!DOCTYPE html [\n<!ENTITY x "y">\n{close}\n<p>正文</p>')
    assert [p.text for p in doc.paragraphs] == ["正文"]
    assert doc.paragraphs[0].location.line == 4 + close.count("\n")


def test_a_50_mb_page_is_refused_quickly() -> None:
    row = b"<tr><td>" + b"1" * 90 + b"</td></tr>\n"
    data = b"<html><body><table>" + row * (50 * 1024 * 1024 // len(row)) + b"</table></body></html>"
    assert len(data) > MAX_HTML_BYTES
    start = time.perf_counter()
    with pytest.raises(ReadError, match="limit") as info:
        READER.read(data, name="huge.html")
    assert time.perf_counter() - start < 2
    assert "huge.html" in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (bytes(range(256)) * 40, "binary"),
        (b"PK\x03\x04" + b"\x00" * 100, "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        ("一、总体情况\n| 规章 | 0 |\n".encode(), "no tags"),
    ],
)
def test_non_html_is_a_read_error_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message) as info:
        READER.read(data, name="fake.html")
    assert str(info.value).startswith("fake.html: ")


def test_truncated_html_still_reads_what_is_there() -> None:
    html = "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>1</td></tr><tr><td>行政规范性文件</td><td>2"
    doc = read(html)
    assert [p.text for p in doc.paragraphs] == ["一、总体情况"]
    assert texts(doc.tables[0]) == [["规章", "1"], ["行政规范性文件", "2"]]
    assert any("truncated" in note for note in doc.notes)


def test_nesting_beyond_the_parser_limit_is_a_read_error_with_a_location() -> None:
    html = "<p>前</p>" + "<div>" * 5000 + "深" + "</div>" * 5000 + "<p>后</p>"
    with pytest.raises(ReadError, match="cannot be parsed") as info:
        read(html, name="deep.html")
    assert str(info.value.location).startswith("line 1,")


def test_an_lxml_exception_becomes_a_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import lxml.etree

    def broken(*args: object, **kwargs: object) -> None:
        raise lxml.etree.XMLSyntaxError("boom", 1, 7, 3, "x")  # type: ignore[call-arg]

    monkeypatch.setattr(lxml.etree, "fromstring", broken)
    with pytest.raises(ReadError, match="cannot be parsed: boom") as info:
        read("<p>x</p>", name="bad.html")
    assert str(info.value).startswith("bad.html, line 7, column 3: ")


def test_control_characters_do_not_escape_as_exceptions() -> None:
    doc = read("<p>第一段文字</p>".encode() * 50 + b"<p>a\x0bb\x01c</p>")
    assert len(doc.paragraphs) == 51


def test_location_lines_follow_the_source() -> None:
    doc = read("<html>\r\n<body>\r\n<p>一</p>\r\n\r\n<table>\r\n<tr>\r\n<td>x</td></tr></table></body></html>")
    assert doc.paragraphs[0].location.line == 3
    assert doc.tables[0].location.line == 5
    assert doc.tables[0].rows[0][0].location.line == 7


# --- sniffing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body></body></html>",
        b"\xef\xbb\xbf\n  <html xmlns:o='urn:schemas-microsoft-com:office:office'>",
        b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>",
        b"<meta charset=gbk><p>x</p>",
        b"<table><tr><td>1</td></tr></table>",
        "<p style='text-align:center'>报告</p>\t<p>发布日期</p>".encode(),
        b"<!-- saved from url -->\n<html>",
    ],
)
def test_sniff_recognises_html(data: bytes) -> None:
    assert READER.sniff(data, None) >= 0.8


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"PK\x03\x04\x14\x00\x06\x00" + b"<html>" * 10,
        b"%PDF-1.4 <html>",
        bytes(range(256)),
        "一、总体情况\n|规章|0|0|0|\n".encode(),
        "\t自然人\t商业企业\n".encode("gbk"),
    ],
)
def test_sniff_rejects_non_html(data: bytes) -> None:
    assert READER.sniff(data, "x.html") < 0.5


def test_sniff_never_raises() -> None:
    assert READER.sniff(None, None) == 0.0  # type: ignore[arg-type]


def test_html_saved_as_doc_is_detected_as_html() -> None:
    data = (
        "<html xmlns:w='urn:schemas-microsoft-com:office:word'><head>"
        "<meta name=ProgId content=Word.Document></head><body><p class=MsoNormal>报告</p>"
        "</body></html>"
    ).encode("gbk")
    registry = Registry([READER], entry_points=False)
    assert registry.detect(data, "年报.doc") is READER
    doc = READER.read(data, name="年报.doc")
    assert doc.paragraphs[0].text == "报告"


def test_word_sizing_row_of_zero_height_is_dropped() -> None:
    (table,) = read(
        "<table><tr><td>规章</td><td>0</td></tr>"
        "<![if !supportMisalignedColumns]><tr height=0><td width=80 style='border:none'></td>"
        "<td width=40 style='border:none'></td></tr><![endif]>"
        "<tr><td></td><td></td></tr></table>"
    ).tables
    assert texts(table) == [["规章", "0"], ["", ""]]  # an empty row of normal height stays


# --- the synthetic samples of tests/samples/html (see generate.py there) ------------------

SAMPLE_NAMES = ("word-export-2021.htm", "cms-page-2019.html", "fragment-2021.html")


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_samples_read_exactly_end_to_end(sample: str) -> None:
    from govinfo.api import read as read_report
    from govinfo.writers.csv import csv_rows

    path = SAMPLES / "html" / sample
    expected = json.loads(path.with_name(sample + ".json").read_text(encoding="utf-8"))
    report = read_report(path)
    assert report.metadata.source.reader == "html"
    assert report.template == expected["template"]
    cells = {f"{line[0]}/{line[1]}/{line[2]}": line[3] for line in csv_rows(report)}
    assert cells == expected["cells"]
    assert [f for f in report.findings if f.severity == "error"] == []
    assert report.narrative.overview


def test_samples_are_what_generate_py_writes() -> None:
    spec = importlib.util.spec_from_file_location("html_samples", SAMPLES / "html" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, (make, render, encoding) in module.SAMPLES.items():
        assert (SAMPLES / "html" / name).read_bytes() == render(make()).encode(encoding), name
