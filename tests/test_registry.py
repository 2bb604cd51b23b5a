"""The registry: detection by score, extension bonus, registration rules, writers, origins."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govinfo.document import Document
from govinfo.errors import ReaderConflictError, ReaderLoadError, UnknownFormatError, WriteError, WriterConflictError
from govinfo.model import AnnualReport
from govinfo.registry import Registry
from govinfo.writers import BUILTIN_WRITERS, FunctionWriter, write


class FakeReader:
    """A reader that scores a fixed amount for inputs starting with its magic."""

    def __init__(self, name: str, magic: bytes, score: float, extensions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.magic = magic
        self.score = score
        self.extensions = extensions

    def sniff(self, data: bytes, name: str | None = None) -> float:
        return self.score if data.startswith(self.magic) else 0.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        return Document()


class RaisingReader(FakeReader):
    def sniff(self, data: bytes, name: str | None = None) -> float:
        raise RuntimeError("broken sniff")


def registry(*readers: FakeReader) -> Registry:
    return Registry(list(readers), entry_points=False)


def test_best_score_wins() -> None:
    """The highest sniff score picks the reader."""
    reg = registry(FakeReader("a", b"x", 0.6), FakeReader("b", b"x", 0.9))

    assert "b" == reg.detect(b"x...").name


def test_extension_bonus_breaks_a_close_call_but_content_beats_extension() -> None:
    """+0.5 for a matching extension; a confident sniff still beats a misleading one."""
    reg = registry(FakeReader("html", b"<", 0.9, (".html",)), FakeReader("docx", b"PK", 0.95, (".docx", ".doc")))

    assert "html" == reg.detect(b"<html>", "page.doc").name
    assert "docx" == reg.detect(b"PK\x03\x04", "noext").name
    assert {"html": 0.5, "docx": 0.0} == reg.scores(b"zzz", "PAGE.HTML")


def test_ties_go_to_the_first_registered() -> None:
    """Equal scores: registration order decides, deterministically."""
    reg = registry(FakeReader("first", b"x", 0.7), FakeReader("second", b"x", 0.7))

    assert "first" == reg.detect(b"x").name


def test_nothing_recognised_lists_every_score() -> None:
    """Below 0.5 everywhere: UnknownFormatError with each reader's score."""
    reg = registry(FakeReader("a", b"x", 0.9), RaisingReader("b", b"x", 0.9))

    with pytest.raises(UnknownFormatError, match=r"a=0\.00, b=0\.00") as info:
        reg.detect(b"nothing", "file.bin")

    assert {"a": 0.0, "b": 0.0} == info.value.scores


def test_duplicate_names_need_replace() -> None:
    """Registering a taken name fails unless replace=True."""
    reg = registry(FakeReader("a", b"x", 0.6))
    newer = FakeReader("a", b"y", 0.9)

    with pytest.raises(ReaderConflictError):
        reg.register(newer)
    reg.register(newer, replace=True)

    assert newer is reg.get("a")


def test_unregister_and_unknown_name() -> None:
    """A removed reader is gone; asking for it names the known ones."""
    reg = registry(FakeReader("a", b"x", 0.6), FakeReader("b", b"x", 0.6))
    reg.unregister("a")

    with pytest.raises(UnknownFormatError, match=r"known: b"):
        reg.get("a")


def test_something_that_is_not_a_reader_is_refused() -> None:
    """An object lacking the protocol's members cannot be registered."""
    with pytest.raises(ReaderLoadError, match="lacks"):
        registry().register(object())  # type: ignore[arg-type]


def test_builtins_are_loaded_by_dotted_path() -> None:
    """The default built-ins load lazily, in their fixed order."""
    names = list(Registry(entry_points=False).readers)

    assert ["text", "tabbed", "html", "docx"] == names[:4]


def test_detection_needs_no_reader_module() -> None:
    """Naming a foreign format on failure does not import any reader (the registry only uses private helpers)."""
    code = (
        "import sys\n"
        "from govinfo.registry import Registry\n"
        "try:\n"
        "    Registry([], entry_points=False).detect(b'%PDF-1.7', 'r.pdf')\n"
        "except LookupError as exc:\n"
        "    print(exc)\n"
        "print(sorted(m for m in sys.modules if m.startswith('govinfo.readers.') and '._' not in m))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)

    assert "it is a PDF file" in result.stdout
    assert "[]" == result.stdout.splitlines()[-1]


# --- writers and origins ------------------------------------------------------------------


class YearWriter:
    """A writer object: the report's year as text."""

    name = "year"
    extension = ".year"
    binary = False

    def write(self, report: AnnualReport) -> bytes:
        return f"{report.metadata.year}".encode()


def test_writers_register_replace_and_unregister() -> None:
    """Writers follow the readers' rules: a taken name needs replace=True, a removed one is gone."""
    reg = Registry(entry_points=False)
    reg.register_writer(YearWriter())
    report = AnnualReport().with_cell("appeals/review/total", 1)

    assert b"None" == write(report, "year", registry=reg)
    with pytest.raises(WriterConflictError, match="'year'"):
        reg.register_writer(YearWriter())
    reg.register_writer(FunctionWriter("year", lambda r: b"y"), replace=True)
    assert b"y" == write(report, "year", registry=reg)
    reg.unregister_writer("year")
    with pytest.raises(WriteError, match=r"no writer named 'year' \(known: json, csv, text, tabbed, html, docx\)"):
        write(report, "year", registry=reg)
    with pytest.raises(WriteError):
        reg.unregister_writer("year")


def test_a_function_is_not_a_writer_until_wrapped() -> None:
    """register_writer wants the protocol; FunctionWriter gives a function its name and extension."""
    reg = Registry(entry_points=False)

    with pytest.raises(TypeError, match="lacks name, extension, binary, write"):
        reg.register_writer(lambda r: b"")  # type: ignore[arg-type]
    wrapped = FunctionWriter("md", lambda r: b"# report")
    assert (".md", False) == (wrapped.extension, wrapped.binary)


def test_a_writer_must_return_bytes() -> None:
    """A writer returning text is a WriteError that names it, not a failure later on."""
    reg = Registry(entry_points=False)
    reg.register_writer(FunctionWriter("str", lambda r: "text"))  # type: ignore[arg-type,return-value]

    with pytest.raises(WriteError, match="writer 'str' returned str, not bytes"):
        write(AnnualReport(), "str", registry=reg)


def test_origins_come_from_the_registry() -> None:
    """Built-ins are built-in, what is added later is registered, replacing a built-in included."""
    reg = Registry(entry_points=False)
    reg.register(FakeReader("fake", b"x", 0.6))
    reg.register_writer(YearWriter())
    reg.register_writer(FunctionWriter("csv", lambda r: b""), replace=True)

    assert "built-in" == reg.reader_origin("text")
    assert "registered" == reg.reader_origin("fake")
    assert "built-in" == reg.writer_origin("docx")
    assert "registered" == reg.writer_origin("year")
    assert "registered" == reg.writer_origin("csv")
    with pytest.raises(UnknownFormatError):
        reg.reader_origin("nope")
    with pytest.raises(WriteError):
        reg.writer_origin("nope")


def test_builtin_writers_load_lazily() -> None:
    """Listing the writers imports none of their modules; their metadata is enough for the CLI."""
    code = (
        "import sys\n"
        "from govinfo.registry import Registry\n"
        "print(list(Registry(entry_points=False).writers))\n"
        "print(sorted(m for m in sys.modules if m.startswith('govinfo.writers.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)

    assert str([w.name for w in BUILTIN_WRITERS]) == result.stdout.splitlines()[0]
    assert "[]" == result.stdout.splitlines()[1]
