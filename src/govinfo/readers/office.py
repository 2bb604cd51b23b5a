"""Legacy word-processor files (``.doc``, ``.wps``, ``.rtf``, ``.odt``) through LibreOffice.

The file is converted to DOCX by LibreOffice (``soffice --headless --convert-to docx``)
and read by the DOCX reader, so tables, merged cells and paragraphs are handled as there;
locations are those of the converted DOCX (paragraph and table numbers match the
original's order). Needs LibreOffice Writer on the ``PATH`` (``soffice`` or
``libreoffice``; Debian: ``apt-get install libreoffice-writer``); without it, reading
fails with a :class:`~govinfo.errors.ReadError` that says so.

Each conversion runs with a private, temporary LibreOffice profile and directory (so it
never touches or waits for a user's running LibreOffice), no shell, no standard input,
a time limit after which the whole process group is killed, and everything removed
afterwards.

Detection is by content: an OLE2 file with a ``WordDocument`` stream (Word 97–2003 and
WPS Writer), ``{\\rtf``, or an OpenDocument text package (a zip whose ``mimetype`` member
says ``application/vnd.oasis.opendocument.text``). An HTML page saved as ``.doc`` goes to
the HTML reader, and a password-protected DOCX (also OLE2) to the DOCX reader, which
explains it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from govinfo.document import Document, Source
from govinfo.errors import ReadError

__all__ = ["TIMEOUT", "OfficeReader", "find_soffice", "legacy_kind"]

TIMEOUT = 120.0
"""Seconds a conversion may take before LibreOffice is killed."""
INSTALL_HINT = "install LibreOffice Writer (Debian/Ubuntu: apt-get install libreoffice-writer)"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ODT = b"mimetypeapplication/vnd.oasis.opendocument.text"
_SUFFIXES = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}


def legacy_kind(data: bytes) -> str | None:
    """``"doc"``, ``"rtf"`` or ``"odt"`` for the formats this reader converts, else ``None``."""
    if data.startswith(_OLE2):
        head = data[: 1 << 20]
        if _WORD_STREAM in head and _ENCRYPTED_STREAM not in head:
            return "doc"
        return None
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(b"PK\x03\x04") and _ODT in data[:128]:
        return "odt"
    return None


def find_soffice() -> str | None:
    """The LibreOffice executable on the ``PATH``, if there is one."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, kind: str, *, name: str | None, timeout: float = TIMEOUT) -> bytes:
    """Convert a legacy document to DOCX bytes with LibreOffice.

    Raises:
        ReadError: LibreOffice is missing, failed, or took longer than ``timeout``.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(
            f"converting this {kind.upper()} file needs LibreOffice: {INSTALL_HINT}", source=name, reader="office"
        )
    with tempfile.TemporaryDirectory(prefix="govinfo-office-") as work:
        root = Path(work)
        source = root / f"input{_SUFFIXES[kind]}"
        source.write_bytes(data)
        outdir = root / "out"
        outdir.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ]
        env = {**os.environ, "HOME": str(root)}
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=work,
                start_new_session=True,  # its own process group, killed as one on timeout
            )
        except OSError as exc:
            raise ReadError(f"LibreOffice could not be started ({exc})", source=name, reader="office") from None
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise ReadError(
                f"LibreOffice did not convert the file within {timeout:.0f} s", source=name, reader="office"
            ) from None
        result = outdir / "input.docx"
        if process.returncode != 0 or not result.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
            raise ReadError(f"LibreOffice could not convert the file ({detail[0][:200]})", source=name, reader="office")
        return result.read_bytes()


def _kill(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


class OfficeReader:
    """Reader of ``.doc``, ``.wps``, ``.rtf`` and ``.odt`` files via LibreOffice (``format="office"``)."""

    name = "office"
    extensions: tuple[str, ...] = (".doc", ".wps", ".rtf", ".odt")

    def sniff(self, data: bytes, name: str | None = None) -> float:
        """Score ``data``: 0.9 for a Word 97–2003/WPS, RTF or OpenDocument text file."""
        try:
            return 0.9 if legacy_kind(data) else 0.0
        except Exception:  # sniff must never raise
            return 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        """Convert the file to DOCX with LibreOffice and read that.

        Raises:
            ReadError: not one of these formats, LibreOffice missing or failing, or the
                converted DOCX cannot be read.
        """
        kind = legacy_kind(data)
        if kind is None:
            raise ReadError(
                "this is not a Word 97–2003, WPS, RTF or OpenDocument text file", source=name, reader=self.name
            )
        from govinfo.readers.docx import DocxReader

        document = DocxReader().read(convert_to_docx(data, kind, name=name), name=name)
        return Document(
            blocks=document.blocks,
            source=Source(name=name, reader=self.name),
            title=document.title,
            notes=document.notes,
        )
