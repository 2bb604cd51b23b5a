"""Writers: an :class:`~govinfo.model.AnnualReport` out as JSON, CSV, text, HTML or DOCX.

A writer is any object with these members (:class:`Writer` is the protocol; subclassing
it is optional):

- ``name``: a short identifier (``"csv"``), the one ``govinfo convert --to`` takes;
- ``extension``: the file name suffix its output gets (``".csv"``);
- ``binary``: ``True`` when the output is not text (the CLI will not print it to a
  terminal);
- ``write(report) -> bytes``: the report in the writer's layout (text as UTF-8).

A plain function ``(report) -> bytes`` becomes a writer with :class:`FunctionWriter`.
The built-in writers are :data:`BUILTIN_WRITERS`; third-party writers register through
the entry-point group ``govinfo.writers`` or :func:`govinfo.register_writer`, in the
same registry as the readers (:class:`govinfo.Registry`). :func:`write` picks a writer
by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from govinfo.errors import WriteError

if TYPE_CHECKING:
    from govinfo.model import AnnualReport
    from govinfo.registry import Registry

__all__ = ["BUILTIN_WRITERS", "WRITERS", "FunctionWriter", "Writer", "write"]


@runtime_checkable
class Writer(Protocol):
    """What the registry needs of a writer (plain class attributes will do)."""

    @property
    def name(self) -> str:
        """The writer's name: ``govinfo convert --to NAME``, the entry-point name."""
        ...

    @property
    def extension(self) -> str:
        """The suffix of the output's file name, with the dot (``".csv"``)."""
        ...

    @property
    def binary(self) -> bool:
        """Whether the output is binary rather than UTF-8 text."""
        ...

    def write(self, report: AnnualReport) -> bytes:
        """Return ``report`` in this writer's layout."""
        ...


def _default_extension(writer: FunctionWriter) -> str:
    return f".{writer.name}"


@attrs.frozen
class FunctionWriter:
    """A writer made of a function ``(report) -> bytes``.

    >>> FunctionWriter("md", to_markdown, extension=".md")  # doctest: +SKIP

    Attributes:
        name: the writer's name.
        function: the function, or its dotted path ``"module:function"`` (imported on the
            first :meth:`write`, so that listing writers imports none of them).
        extension: the output's file name suffix (default: ``"." + name``).
        binary: whether the output is binary rather than UTF-8 text.
    """

    name: str
    function: Callable[[AnnualReport], bytes] | str
    extension: str = attrs.field(kw_only=True, default=attrs.Factory(_default_extension, takes_self=True))
    binary: bool = attrs.field(kw_only=True, default=False)

    def write(self, report: AnnualReport) -> bytes:
        """Return what the function returns for ``report``."""
        function = self.function
        if isinstance(function, str):
            module_name, _, attr = function.partition(":")
            function = getattr(importlib.import_module(module_name), attr)
        return function(report)


BUILTIN_WRITERS: tuple[FunctionWriter, ...] = (
    FunctionWriter("json", "govinfo.serialize:dump_json_bytes"),
    FunctionWriter("csv", "govinfo.writers.csv:write_csv_bytes"),
    FunctionWriter("text", "govinfo.writers.text:write_text_bytes", extension=".txt"),
    FunctionWriter("tabbed", "govinfo.writers.tabbed:write_tabbed_bytes", extension=".tsv"),
    FunctionWriter("html", "govinfo.writers.html:write_html_bytes"),
    FunctionWriter("docx", "govinfo.writers.docx:write_docx", binary=True),
)
"""The built-in writers, in the order ``govinfo formats`` lists them."""

WRITERS: dict[str, str] = {w.name: str(w.function) for w in BUILTIN_WRITERS}
"""Deprecated (removed in 0.3): built-in writer name → ``module:function``.

Plugins are not in it; use :attr:`govinfo.Registry.writers`.
"""


def write(report: AnnualReport, fmt: str, *, registry: Registry | None = None) -> bytes:
    """Return ``report`` written by the writer named ``fmt``.

    Args:
        report: the report.
        fmt: a writer name: ``json``, ``csv``, ``text``, ``tabbed``, ``html``, ``docx``
            or a plugin's.
        registry: the registry to look the name up in (the default one otherwise).

    Raises:
        WriteError: there is no writer of that name (the message lists the known ones),
            or a cell holds a value beyond govinfo's limits (``docs/limits.md``), which
            no layout could read back.
    """
    from govinfo.limits import describe, out_of_range

    for path, value in report.cells():
        why = out_of_range(value)
        if why:
            raise WriteError(f"cannot write {path}: {describe(value)} {why} (docs/limits.md)")
    if registry is None:
        from govinfo import registry as registry_module

        registry = registry_module.default_registry
    writer = registry.get_writer(fmt)
    data = writer.write(report)
    if not isinstance(data, bytes):
        raise WriteError(f"writer {fmt!r} returned {type(data).__name__}, not bytes")
    return data
