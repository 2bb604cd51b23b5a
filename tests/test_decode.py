"""Decoding bytes to text: BOM, strict UTF-8, declared charset, detection, mojibake guard."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from govinfo.errors import ReadError
from govinfo.readers._decode import canonical_charset, declared_charset, decode, looks_binary

TEXT = "一、本年新收政府信息公开申请数量，二、上年结转政府信息公开申请数量。"


@pytest.mark.parametrize(
    ("data", "encoding", "reason"),
    [
        (codecs.BOM_UTF8 + TEXT.encode(), "utf-8", "bom"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16", "bom"),
        (TEXT.encode(), "utf-8", "utf-8"),
    ],
)
def test_bom_and_utf8(data: bytes, encoding: str, reason: str) -> None:
    """A BOM decides; else strict UTF-8; the text comes back unchanged."""
    decoded = decode(data)

    assert (TEXT, encoding, reason) == (decoded.text, decoded.encoding, decoded.reason)


def test_declared_gbk_is_read_as_gb18030() -> None:
    """A declared GB2312/GBK is read with its superset GB18030."""
    decoded = decode(TEXT.encode("gbk"), declared="gb2312")

    assert (TEXT, "gb18030", "declared") == (decoded.text, decoded.encoding, decoded.reason)


def test_gbk_without_declaration_is_detected() -> None:
    """GBK bytes with nothing declared are detected, not turned into mojibake."""
    decoded = decode((TEXT * 3).encode("gbk"))

    assert TEXT * 3 == decoded.text
    assert "detected" == decoded.reason


def test_utf8_bytes_declared_gbk_are_read_as_utf8_with_a_note() -> None:
    """A page that declares the wrong charset is read right and the mismatch is noted."""
    decoded = decode(TEXT.encode(), declared="gbk")

    assert TEXT == decoded.text
    assert 1 == len(decoded.notes)


def test_latin1_declaration_over_chinese_bytes_is_not_mojibake() -> None:
    """Chinese bytes under a lying single-byte charset are read as GB18030, with a note."""
    decoded = decode(TEXT.encode("gbk"), declared="iso-8859-1")

    assert (TEXT, "gb18030") == (decoded.text, decoded.encoding)
    assert any("GB18030" in note for note in decoded.notes)


def test_crlf_becomes_lf() -> None:
    """CR LF and lone CR line ends become LF."""
    assert "a\nb\nc" == decode(b"a\r\nb\rc").text


def test_binary_is_refused_with_the_file_name() -> None:
    """Binary data is a ReadError naming the source, not text."""
    with pytest.raises(ReadError, match=r"report\.txt: this is binary"):
        decode(bytes(range(256)) * 4, source="report.txt")


@given(st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cs", "Cc")), max_size=200))
def test_any_gb18030_text_round_trips(text: str) -> None:
    """GB18030 text decodes back to itself (unless its bytes are also valid UTF-8, which wins)."""
    data = text.encode("gb18030")
    assume(not looks_binary(data))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)  # short byte strings can be valid UTF-8 by accident; UTF-8 is tried first

    assert text.replace("\r\n", "\n").replace("\r", "\n") == decode(data, declared="gb18030").text


def test_declared_charset_is_found_in_meta_and_xml() -> None:
    """<meta charset>, http-equiv and XML declarations are all found."""
    assert "gbk" == declared_charset(b'<meta charset="gbk">')
    assert "GB2312" == declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    assert "utf-8" == declared_charset(b'<?xml version="1.0" encoding="utf-8"?>')
    assert declared_charset(b"<p>no declaration</p>") is None
    assert "gb18030" == canonical_charset("GBK")
    assert canonical_charset("no-such-charset") is None


def test_utf8_cut_inside_its_last_character_is_read_with_a_note() -> None:
    """A file truncated mid-character is read up to there, and the truncation is noted."""
    data = TEXT.encode()[:-1]

    decoded = decode(data)

    assert TEXT[:-1] == decoded.text
    assert ("utf-8", 1) == (decoded.encoding, len(decoded.notes))


def test_public_decode_text_follows_the_policy() -> None:
    """govinfo.readers.decode_text reads a declared GBK as GB18030 and names the file in errors."""
    from govinfo.readers import decode_text

    decoded = decode_text(TEXT.encode("gbk"), name="r.txt", declared="GBK")

    assert (TEXT, "gb18030", "declared") == (decoded.text, decoded.encoding, decoded.reason)
    with pytest.raises(ReadError, match="binary") as info:
        decode_text(b"\x00\x01\x02" * 20, name="r.bin", reader="mine")
    assert ("r.bin", "mine") == (info.value.source, info.value.reader)


def test_old_module_still_imports_with_a_warning() -> None:
    """govinfo._decode keeps working for one release, and says where the helpers went."""
    import importlib
    import sys

    sys.modules.pop("govinfo._decode", None)
    with pytest.warns(DeprecationWarning, match=r"govinfo\.readers\.decode_text"):
        old = importlib.import_module("govinfo._decode")

    assert old.decode is decode


def test_undeclared_gb2312_text_is_gb18030_without_chardet() -> None:
    """Every character in GB2312: GB18030 is taken before any detection (issue 7)."""
    decoded = decode(TEXT.encode("gbk"))

    assert (TEXT, "gb18030", "detected") == (decoded.text, decoded.encoding, decoded.reason)


def test_big5_is_not_taken_for_gb18030() -> None:
    """Big5 bytes also decode as GB18030, to rarer characters: chardet decides them."""
    text = "政府資訊公開年度報告：本年度受理申請件數與處理結果統計表，以及行政復議和行政訴訟情況。" * 4
    decoded = decode(text.encode("big5"))

    assert decoded.encoding.startswith("big5")
    assert decoded.text == text
