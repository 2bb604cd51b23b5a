"""Tests for the DOCX writer: package structure, layout, and round trips through the reader."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from govinfo.document import Table
from govinfo.extract import extract
from govinfo.labels import APPLICATION_GROUPS, SECTIONS
from govinfo.model import Active2019, AnnualReport, Metadata, Narrative
from govinfo.readers.docx import DocxReader
from govinfo.writers import write
from govinfo.writers.docx import write_docx
from tests.readers.test_docx import numbered_report
from tests.strategies import comparable, reports

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
reader = DocxReader()
round_trip = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _w(local: str) -> str:
    return f"{{{W}}}{local}"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        return {name: package.read(name) for name in package.namelist()}


def _document(data: bytes) -> etree._Element:
    return etree.fromstring(_parts(data)["word/document.xml"])


def _attr(element: etree._Element, path: str, name: str, default: int) -> int:
    found = element.find(path, NS)
    return default if found is None else int(found.get(_w(name)) or default)


def _example(template: str = "2021") -> AnnualReport:
    return numbered_report(template)


# --- round trips --------------------------------------------------------------------


@round_trip
@given(reports("2021"))
def test_round_trip_2021(report: AnnualReport) -> None:
    read_back = extract(reader.read(write_docx(report), name="r.docx"))
    assert comparable(read_back) == comparable(report)
    assert not [f for f in read_back.findings if f.severity == "error"]


@round_trip
@given(reports("2019"))
def test_round_trip_2019(report: AnnualReport) -> None:
    read_back = extract(reader.read(write_docx(report), name="r.docx"))
    assert comparable(read_back) == comparable(report)
    assert not [f for f in read_back.findings if f.severity == "error"]


def test_dispatch_through_write() -> None:
    report = _example()
    assert write(report, "docx") == write_docx(report)


def test_output_is_deterministic() -> None:
    report = _example("2019")
    assert write_docx(report) == write_docx(report)


# --- package structure --------------------------------------------------------------


def test_package_parts_content_types_and_relationships() -> None:
    parts = _parts(write_docx(_example()))
    assert next(iter(parts)) == "[Content_Types].xml"
    assert set(parts) == {
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "docProps/core.xml",
    }
    for name, data in parts.items():
        root = etree.fromstring(data)  # every part is well-formed XML
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"), name
        assert root.getroottree().docinfo.doctype == ""
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {e.get("PartName"): e.get("ContentType") for e in types if e.get("PartName")}
    defaults = {e.get("Extension") for e in types if e.get("Extension")}
    assert defaults == {"rels", "xml"}
    assert overrides["/word/document.xml"].endswith("wordprocessingml.document.main+xml")
    assert overrides["/word/styles.xml"].endswith("wordprocessingml.styles+xml")
    assert overrides["/docProps/core.xml"].endswith("core-properties+xml")
    for rels, base in (("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")):
        for rel in etree.fromstring(parts[rels]):
            assert base + rel.get("Target") in parts


def test_core_properties_carry_the_title() -> None:
    report = _example()
    core = etree.fromstring(_parts(write_docx(report))["docProps/core.xml"])
    title = core.find("{http://purl.org/dc/elements/1.1/}title")
    assert title is not None
    assert title.text == report.metadata.title
    assert reader.read(write_docx(report)).title == report.metadata.title


def test_body_order_and_section_properties() -> None:
    body = _document(write_docx(_example())).find(_w("body"))
    assert body is not None
    children = [etree.QName(child).localname for child in body]
    assert children[-1] == "sectPr"
    assert children[-2] == "p"  # a body must not end with a table
    assert children.count("tbl") == 3
    text = ["".join(p.itertext()) for p in body.findall(_w("p")) if p.find("w:pPr/w:pStyle", NS) is not None]
    assert text[1:] == [heading for _, heading in SECTIONS]


def test_tables_have_a_grid_and_rows_that_fill_it() -> None:
    for template in ("2019", "2021"):
        root = _document(write_docx(_example(template)))
        tables = root.findall(".//w:tbl", NS)
        assert [len(t.findall("w:tblGrid/w:gridCol", NS)) for t in tables] == [4, 10, 15]
        for tbl in tables:
            width = len(tbl.findall("w:tblGrid/w:gridCol", NS))
            grid_total = sum(int(c.get(_w("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS))
            assert tbl.find("w:tblPr/w:tblBorders/w:insideH", NS) is not None
            for tr in tbl.findall("w:tr", NS):
                cells = tr.findall("w:tc", NS)
                assert sum(_attr(tc, "w:tcPr/w:gridSpan", "val", 1) for tc in cells) == width
                assert sum(_attr(tc, "w:tcPr/w:tcW", "w", 0) for tc in cells) == grid_total
                for tc in cells:
                    assert tc.find("w:p", NS) is not None  # a cell must hold a paragraph


def test_merged_cells_of_table_3_use_vmerge() -> None:
    root = _document(write_docx(_example()))
    applications = root.findall(".//w:tbl", NS)[1]
    rows = applications.findall("w:tr", NS)
    first = rows[0].findall("w:tc", NS)[0]
    assert first.find("w:tcPr/w:gridSpan", NS).get(_w("val")) == "3"
    assert first.find("w:tcPr/w:vMerge", NS).get(_w("val")) == "restart"
    below = rows[1].findall("w:tc", NS)[0]
    assert below.find("w:tcPr/w:gridSpan", NS).get(_w("val")) == "3"
    assert below.find("w:tcPr/w:vMerge", NS).get(_w("val")) is None
    assert "".join(below.itertext()) == ""
    results = [r for r in rows if "".join(r.itertext()).startswith(APPLICATION_GROUPS["results"])]
    assert len(results) == 1
    continued = [r for r in rows if r.find("w:tc/w:tcPr/w:vMerge", NS) is not None]
    assert len(continued) >= 22


def test_blank_values_are_empty_cells() -> None:
    report = _example().with_cell("applications/granted/research", None)
    document = reader.read(write_docx(report))
    assert extract(document).get("applications/granted/research") is None
    table = document.tables[1]
    row = next(r for r in table.rows if r[1].text.startswith("（一）予以公开"))
    assert row[5].text == ""
    assert not row[5].spanned


def test_metadata_grid_and_units_round_trip() -> None:
    report = _example("2019")
    active = report.active
    assert isinstance(active, Active2019)
    assert active.central_procurement is not None
    report = attrs.evolve(
        report,
        metadata=attrs.evolve(report.metadata, index_number="11320800/2024-00012", published=dt.date(2021, 1, 17)),
        active=attrs.evolve(active, central_procurement=attrs.evolve(active.central_procurement, amount_unit="元")),
    )
    document = reader.read(write_docx(report))
    assert len(document.tables) == 4  # the metadata grid first
    assert comparable(extract(document)) == comparable(report)


def test_report_without_tables_or_narrative() -> None:
    report = AnnualReport(metadata=Metadata(agency="某县商务局", year=2023, template="2021"))
    document = reader.read(write_docx(report))
    assert document.tables == ()
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "某县商务局2023年度政府信息公开工作年度报告"
    assert texts[1:] == [heading for _, heading in SECTIONS]


def test_text_that_xml_cannot_carry_is_dropped_and_tabs_kept() -> None:
    report = AnnualReport(
        metadata=Metadata(title="标题\x0b2023", template="2021"),
        narrative=Narrative(overview="甲\x00乙\t丙", problems="一行\n二行"),
    )
    document = reader.read(write_docx(report))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "标题2023"
    assert "甲乙\t丙" in texts
    assert texts[texts.index(SECTIONS[4][1]) + 1 : texts.index(SECTIONS[5][1])] == ["一行", "二行"]


# --- LibreOffice ------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_libreoffice_opens_and_resaves_the_output(template: str, tmp_path: Path) -> None:
    report = _example(template)
    source = tmp_path / "report.docx"
    source.write_bytes(write_docx(report))
    out = tmp_path / "out"
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = reader.read((out / "report.docx").read_bytes(), name="resaved.docx")
    assert all(isinstance(t, Table) for t in resaved.tables)
    assert comparable(extract(resaved)) == comparable(report)
