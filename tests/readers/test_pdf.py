"""The PDF reader: layout on plain geometry, the pdfplumber adapter, limits, LibreOffice round trips."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

import govinfo
from govinfo.document import Location, Paragraph, Table
from govinfo.errors import GovinfoError, ReadError
from govinfo.extract import extract
from govinfo.model import AnnualReport
from govinfo.readers._pdfgeometry import Glyph, PageGeometry, Segment
from govinfo.readers._pdflayout import build_blocks
from govinfo.readers.pdf import PdfReader
from govinfo.registry import detect
from govinfo.writers.csv import csv_rows
from govinfo.writers.docx import write_docx
from tests.readers.pdfbuild import make_pdf, stream, text_pdf
from tests.strategies import comparable, reports

pytest.importorskip("pdfplumber", reason="the pdf extra is not installed: pip install 'govinfo[pdf]'")

READER = PdfReader()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)"
)


# --- layout on plain geometry ---------------------------------------------------------------


def _glyphs(text: str, x: float, top: float, size: float = 10.0) -> list[Glyph]:
    out = []
    for ch in text:
        width = size if ord(ch) > 0x2E80 else size / 2
        out.append(Glyph(ch, x, top, x + width, top + size, size))
        x += width
    return out


def _grid(xs: list[float], ys: list[float]) -> list[Segment]:
    return [Segment(xs[0], y, xs[-1], y) for y in ys] + [Segment(x, ys[0], x, ys[-1]) for x in xs]


def _page(number: int, glyphs: list[Glyph], segments: list[Segment]) -> PageGeometry:
    return PageGeometry(number, 595.0, 842.0, tuple(glyphs), tuple(segments))


def _texts(table: Table) -> list[list[str]]:
    return [[("~" if c.spanned else "") + c.text for c in row] for row in table.rows]


def test_cells_of_a_ruled_grid_with_a_merged_cell() -> None:
    # Three columns; the first row's label spans all three (no vertical rulings inside it).
    segments = [
        Segment(100, 100, 400, 100),
        Segment(100, 120, 400, 120),
        Segment(100, 140, 400, 140),
        Segment(100, 100, 100, 140),
        Segment(400, 100, 400, 140),
        Segment(200, 120, 200, 140),
        Segment(300, 120, 300, 140),
    ]
    glyphs = _glyphs("第二十条", 110, 105) + _glyphs("规章", 110, 125) + _glyphs("0", 210, 125) + _glyphs("", 0, 0)
    (table,) = build_blocks([_page(1, glyphs, segments)])
    assert isinstance(table, Table)
    assert _texts(table) == [["第二十条", "~第二十条", "~第二十条"], ["规章", "0", ""]]
    assert table.rows[1][1].location == Location(page=1, table=1, row=2, column=2)
    assert not table.rows[1][2].spanned  # an empty cell inside rulings is a blank value


def test_a_number_wrapped_in_a_narrow_cell_is_one_number_and_cells_never_join() -> None:
    segments = _grid([100, 116, 132], [100, 130])
    glyphs = _glyphs("300", 101, 102) + _glyphs("1", 101, 114) + _glyphs("5", 118, 102)
    (table,) = build_blocks([_page(1, glyphs, segments)])
    assert isinstance(table, Table)
    assert _texts(table) == [["3001", "5"]]


def test_page_numbers_are_dropped_and_paragraphs_run_across_pages() -> None:
    width = 20 * 10.0
    first = _glyphs("一、总体情况", 100, 100) + _glyphs("甲" * 20, 100, 120) + _glyphs("- 1 -", 280, 800)
    second = _glyphs("乙" * 5, 100, 100) + _glyphs("第 2 页", 280, 800)
    blocks = build_blocks([_page(1, first, []), _page(2, second, [])])
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["一、总体情况", "甲" * 20 + "乙" * 5]
    assert width == 200.0
    assert blocks[1].location == Location(page=1, paragraph=2)


def test_a_table_continued_on_the_next_page_is_one_table_and_a_cut_label_one_cell() -> None:
    xs = [100.0, 140.0, 300.0, 340.0]
    # Page 1: two rows; the group label (column 1) starts in the last one: "（四）无" fills its width.
    page1 = _grid(xs, [700, 720, 740])
    glyphs1 = (
        _glyphs("（三）", 101, 705)
        + _glyphs("1.甲", 141, 705)
        + _glyphs("7", 301, 705)
        + _glyphs("（四）无", 100.5, 725)
        + _glyphs("1.乙", 141, 725)
        + _glyphs("8", 301, 725)
    )
    # Page 2: the group label's rest spans two rows; one row more.
    page2 = [
        Segment(100, 80, 340, 80),
        Segment(140, 100, 340, 100),
        Segment(100, 120, 340, 120),
        *(Segment(x, 80, x, 120) for x in xs),
    ]
    glyphs2 = (
        _glyphs("法提供", 101, 90)
        + _glyphs("2.丙", 141, 85)
        + _glyphs("9", 301, 85)
        + _glyphs("3.丁", 141, 105)
        + _glyphs("6", 301, 105)
    )
    blocks = build_blocks([_page(1, glyphs1, page1), _page(2, glyphs2, page2)])
    (table,) = blocks
    assert isinstance(table, Table)
    assert _texts(table) == [
        ["（三）", "1.甲", "7"],
        ["（四）无法提供", "1.乙", "8"],
        ["~（四）无法提供", "2.丙", "9"],
        ["~（四）无法提供", "3.丁", "6"],
    ]
    assert table.rows[2][1].location.page == 2
    assert table.rows[1][0].location.page == 1


def test_a_new_group_at_the_top_of_the_next_page_stays_apart() -> None:
    xs = [100.0, 200.0, 300.0]
    glyphs1 = _glyphs("（三）不予", 101, 705) + _glyphs("7", 201, 705)
    glyphs2 = _glyphs("（四）无", 101, 85) + _glyphs("8", 201, 85)
    blocks = build_blocks([_page(1, glyphs1, _grid(xs, [700, 720])), _page(2, glyphs2, _grid(xs, [80, 100]))])
    (table,) = blocks
    assert isinstance(table, Table)
    assert _texts(table) == [["（三）不予", "7"], ["（四）无", "8"]]


# --- the reader and its adapter -------------------------------------------------------------


def test_sniff_by_content_without_importing_pdfplumber() -> None:
    assert READER.sniff(b"%PDF-1.4\n...") == 1.0
    assert READER.sniff(b"<html>") == 0.0
    assert detect(b"%PDF-1.7\n" + b"\x00" * 10, "report.html").name == "pdf"


def test_without_pdfplumber_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    monkeypatch.delitem(sys.modules, "govinfo.readers._pdfplumber", raising=False)
    with pytest.raises(ReadError, match=r"pip install 'govinfo\[pdf\]'") as info:
        READER.read(text_pdf(["hello"]), name="r.pdf")
    assert "r.pdf" in str(info.value)


def test_a_latin_text_pdf_reads_as_paragraphs() -> None:
    data = text_pdf(["Annual report of the office, which has enough text to be read."])
    document = READER.read(data, name="r.pdf")
    assert [p.text for p in document.paragraphs] == ["Annual report of the office, which has enough text to be read."]
    assert document.paragraphs[0].location.page == 1


def _bounded(data: bytes, match: str) -> None:
    started = time.monotonic()
    with pytest.raises(ReadError, match=match) as info:
        READER.read(data, name="bad.pdf")
    assert time.monotonic() - started < 5
    assert "bad.pdf" in str(info.value)
    assert info.value.__cause__ is None or isinstance(info.value, GovinfoError)


def test_truncated_pdf_is_a_read_error() -> None:
    data = text_pdf(["Annual report of the office, which has enough text to be read."] * 3)
    _bounded(data[: len(data) // 2], "not a readable PDF|no text")


def test_random_bytes_after_the_header_are_a_read_error() -> None:
    _bounded(b"%PDF-1.7\n" + bytes(range(256)) * 400, "not a readable PDF")


def test_ten_thousand_pages_are_refused_before_work() -> None:
    pages = 10_000
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    _bounded(make_pdf(objects), "10000 pages")


def test_a_lying_page_count_is_still_bounded() -> None:
    pages = 10_000
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    _bounded(make_pdf(objects), "more than 500 pages")


def _bomb(gigabytes: int = 2) -> bytes:
    """A deflate stream of zeros that inflates to ``gigabytes`` GiB (made in milliseconds)."""
    deflate = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    return first + block * (1024 * gigabytes - 1) + deflate.flush()


def test_a_content_stream_that_inflates_to_gigabytes_is_refused() -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(_bomb(), b"/Filter /FlateDecode "),
    ]
    _bounded(make_pdf(objects), "inflates to more than")


def test_a_scan_without_text_layer_is_refused() -> None:
    image = pytest.importorskip("PIL.Image")
    out = io.BytesIO()
    image.new("RGB", (200, 300), "white").save(out, format="PDF")
    with pytest.raises(ReadError, match=r"no text layer.*scan"):
        READER.read(out.getvalue(), name="scan.pdf")


# --- the round trip through LibreOffice ------------------------------------------------------


def _to_pdf(docx: bytes, tmp: Path, extra: str = "") -> bytes:
    assert SOFFICE is not None
    source = tmp / "report.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf" + extra,
            "--outdir",
            str(tmp),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp / "report.pdf").read_bytes()


@needs_soffice
@settings(
    max_examples=4, deadline=None, derandomize=True, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)
@given(reports())
def test_docx_writer_to_pdf_reads_back_as_the_same_report(report: AnnualReport) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data = _to_pdf(write_docx(report), Path(tmp))
    read_back = govinfo.read(data, name="report.pdf")
    assert comparable(read_back) == comparable(report)
    assert not [f for f in read_back.findings if f.severity == "error"]


@needs_soffice
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_numbered_report_round_trip(template: str, tmp_path: Path) -> None:
    from tests.readers.test_docx import numbered_report

    report = numbered_report(template)
    read_back = govinfo.read(_to_pdf(write_docx(report), tmp_path), name="report.pdf")
    assert comparable(read_back) == comparable(report)
    document = govinfo.read_document(_to_pdf(write_docx(report), tmp_path), name="report.pdf")
    assert all(c.location.page for t in document.tables for c in t.cells())  # type: ignore[union-attr]


@needs_soffice
def test_an_owner_password_pdf_opens_and_a_user_password_one_is_refused(tmp_path: Path) -> None:
    from tests.readers.test_docx import numbered_report

    report = numbered_report("2021")
    owner = json.dumps(
        {
            "EncryptFile": {"type": "boolean", "value": "true"},
            "PermissionPassword": {"type": "string", "value": "owner"},
            "RestrictPermissions": {"type": "boolean", "value": "true"},
        }
    )
    data = _to_pdf(write_docx(report), tmp_path, ":writer_pdf_Export:" + owner)
    assert b"/Encrypt" in data
    assert comparable(govinfo.read(data, name="owner.pdf")) == comparable(report)
    user = json.dumps(
        {"EncryptFile": {"type": "boolean", "value": "true"}, "DocumentOpenPassword": {"type": "string", "value": "u"}}
    )
    data = _to_pdf(write_docx(report), tmp_path, ":writer_pdf_Export:" + user)
    with pytest.raises(ReadError, match="encrypted"):
        govinfo.read(data, name="user.pdf")


# --- the corpus -----------------------------------------------------------------------------

CORPUS_PDFS = ["001_hongze-district-2023.pdf", "002_hongze-district-2024.pdf", "003_huaian-city-2024.pdf"]


def _entry(corpus: Path, file: str) -> dict[str, object]:
    with (corpus / "real" / "manifest.jsonl").open(encoding="utf-8") as handle:
        entries = [json.loads(line) for line in handle if line.strip()]
    return next(e for e in entries if e["file"] == file)


def _cells(report: AnnualReport) -> dict[str, str]:
    return {f"{line[0]}/{line[1]}/{line[2]}": line[3] for line in csv_rows(report)}


# 002 prints an empty label-column cell between （六）其他处理 / （七）总计 and their values; the
# reader keeps it (it is a ruled, empty cell) and the extractor skips it (tests/test_extract.py).
EXTRACTOR_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("file", CORPUS_PDFS)
def test_corpus_pdf_reads_every_truth_cell(corpus: Path, file: str) -> None:
    if file in EXTRACTOR_GAPS:
        pytest.xfail(f"extractor: {EXTRACTOR_GAPS[file]}")
    truth = json.loads((corpus / "real" / "truth" / f"{file}.json").read_text(encoding="utf-8"))["cells"]
    cells = _cells(govinfo.read(corpus / "real" / file))
    assert {p: cells.get(p) for p in truth} == truth
    assert set(cells) <= set(truth)


@pytest.mark.parametrize("file", CORPUS_PDFS)
def test_corpus_pdf_errors_are_the_manifests_source_errors(corpus: Path, file: str) -> None:
    if file in EXTRACTOR_GAPS:
        pytest.xfail(f"extractor: {EXTRACTOR_GAPS[file]}")
    report = govinfo.read(corpus / "real" / file)
    errors = [f for f in (*report.findings, *govinfo.validate(report).findings) if f.severity == "error"]
    expected = _entry(corpus, file)["source_errors"]
    assert isinstance(expected, list)
    assert len({f.paths[0] for f in errors}) == len(expected)
    if file.startswith("001"):
        assert {f.paths[0] for f in errors} == {"appeals/review/total", "appeals/litigation_after_review/total"}


@pytest.mark.parametrize("file", CORPUS_PDFS)
def test_corpus_pdf_document_shape(corpus: Path, file: str) -> None:
    document = govinfo.read_document(corpus / "real" / file)
    assert isinstance(document, govinfo.Document) if hasattr(govinfo, "Document") else True
    tables = [b for b in document.blocks if isinstance(b, Table)]  # type: ignore[union-attr]
    assert len(tables) == 3  # table 2, table 3 (one table across the page break), table 4
    texts = [p.text for p in document.blocks if isinstance(p, Paragraph)]  # type: ignore[union-attr]
    assert not [t for t in texts if t.strip().startswith("-") and t.strip().endswith("-")]
    labels = {c.text for c in tables[1].cells() if not c.spanned}
    if file.startswith("003"):
        assert "（四）无法提供" in labels
    assert extract(document).applications is not None  # type: ignore[arg-type]


def _scan_page(number: int, text: str, images: int) -> PageGeometry:
    glyphs = tuple(Glyph(ch, 10.0 * i, 10.0, 10.0 * i + 9, 20.0, 9.0) for i, ch in enumerate(text))
    return PageGeometry(number, 595.0, 842.0, glyphs, (), images)


def test_image_pages_with_a_watermark_are_noted_as_a_scan_and_the_refusal_says_so() -> None:
    """A scan whose text layer is only a watermark: not "not a report" alone, but "a scan?" too."""
    from govinfo.document import Document, Source
    from govinfo.errors import NotAReportError
    from govinfo.readers.pdf import scan_note

    pages = [_scan_page(n, f"扫描全能王 创建 第{n}页", 1) for n in range(1, 4)]
    note = scan_note(pages)
    assert note is not None
    assert "scan" in note
    assert scan_note([_scan_page(1, "文" * 300, 1)]) is None  # a real text layer over an image
    assert scan_note([_scan_page(1, "扫描全能王", 0)]) is None  # no image: not a scan
    document = Document(
        blocks=[Paragraph(" ".join(g.text for g in pages[0].glyphs))], source=Source(name="s.pdf"), notes=[note]
    )
    with pytest.raises(NotAReportError, match="a scan"):
        extract(document)
