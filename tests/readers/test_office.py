"""The legacy Word reader: detection by content, LibreOffice conversion, clean failures."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import govinfo
from govinfo.errors import ReadError
from govinfo.readers import office
from govinfo.readers.office import OfficeReader, legacy_kind
from govinfo.registry import detect
from tests.strategies import comparable

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "examples" / "samples" / "sample-2021.docx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-writer)"
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _odt_header() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (OLE + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "doc"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (_odt_header(), "odt"),
        (OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le"), None),
        (b"<html><body>report</body></html>", None),
    ],
)
def test_kinds_by_content(data: bytes, kind: str | None) -> None:
    assert legacy_kind(data) == kind


def test_detection_content_beats_the_extension() -> None:
    html = "<html><body><table><tr><td>政府信息公开</td></tr></table></body></html>".encode()
    assert detect(html, "report.doc").name == "html"
    assert detect(b"%PDF-1.7\n%\xe2\xe3", "report.html").name == "pdf"
    assert detect(b"{\\rtf1\\ansi x}", "report.txt").name == "office"
    encrypted = OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert detect(encrypted, "report.docx").name == "docx"


def test_without_libreoffice_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    with pytest.raises(ReadError, match=r"needs LibreOffice.*apt-get install libreoffice-writer") as info:
        OfficeReader().read(b"{\\rtf1\\ansi x}", name="r.rtf")
    assert "r.rtf" in str(info.value)


def test_not_a_legacy_file_is_refused() -> None:
    with pytest.raises(ReadError, match="not a Word 97"):
        OfficeReader().read(b"hello", name="r.doc")


def _convert(source: Path, to: str, tmp: Path) -> bytes:
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(tmp),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp / f"{source.stem}.{to}").read_bytes()


@needs_soffice
@pytest.mark.parametrize("to", ["doc", "rtf", "odt"])
def test_a_legacy_copy_of_the_docx_sample_reads_back_as_the_same_report(to: str, tmp_path: Path) -> None:
    data = _convert(SAMPLE, to, tmp_path)
    report = govinfo.read(data, name=f"sample.{to}")
    assert report.metadata.source.reader == "office"
    assert comparable(report) == comparable(govinfo.read(SAMPLE))


@needs_soffice
def test_a_conversion_that_takes_too_long_is_killed(tmp_path: Path) -> None:
    data = _convert(SAMPLE, "rtf", tmp_path)
    with pytest.raises(ReadError, match="did not convert the file within"):
        office.convert_to_docx(data, "rtf", name="slow.rtf", timeout=0.01)
