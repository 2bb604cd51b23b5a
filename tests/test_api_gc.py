"""A read pauses the cyclic garbage collector and always gives it back (issue 7)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import govinfo
from govinfo.api import read, read_document
from govinfo.document import Document, Paragraph
from govinfo.errors import ReadError
from govinfo.registry import Registry


class RecordingReader:
    """Records whether the collector ran during its read; raises when told to."""

    name = "recording"
    extensions: tuple[str, ...] = ()

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.seen: list[bool] = []

    def sniff(self, data: bytes, name: str | None = None) -> float:
        return 1.0

    def read(self, data: bytes, *, name: str | None = None) -> Document:
        self.seen.append(gc.isenabled())
        if self.fail:
            raise ReadError("broken on purpose", source=name)
        return Document(blocks=[Paragraph("2023年政府信息公开工作年度报告")])


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.parametrize("function", [read, read_document])
@pytest.mark.parametrize("fail", [False, True])
def test_the_collector_is_paused_during_a_read_and_enabled_after(
    collector_on: None, function: object, fail: bool
) -> None:
    reader = RecordingReader(fail=fail)
    registry = Registry([reader], entry_points=False)
    assert callable(function)
    if fail:
        with pytest.raises(ReadError):
            function(b"data", registry=registry)
    else:
        function(b"data", registry=registry)
    assert reader.seen == [False]
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        reader = RecordingReader()
        read(b"data", registry=Registry([reader], entry_points=False))
        assert not gc.isenabled()
        with pytest.raises(ReadError):
            read(b"data", registry=Registry([RecordingReader(fail=True)], entry_points=False))
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_extraction_errors_give_the_collector_back(collector_on: None) -> None:
    """A document that is no report raises from the extraction: the collector is on again."""

    class Hello(RecordingReader):
        def read(self, data: bytes, *, name: str | None = None) -> Document:
            return Document(blocks=[Paragraph("hello")])

    with pytest.raises(govinfo.NotAReportError):
        read(b"data", registry=Registry([Hello()], entry_points=False))
    assert gc.isenabled()
