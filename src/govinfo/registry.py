"""The registry: readers and writers, built-in, from entry-point plugins, or registered in-process.

Detection (DESIGN.md): every reader scores the input with ``sniff``; a reader whose
extensions include the file's suffix gets +0.5; the best score wins, ties go to the
reader registered first; a best score below 0.5 raises
:class:`~govinfo.errors.UnknownFormatError` listing every score. Content beats a
misleading extension because the bonus alone (0.5) does not beat a confident sniff plus
nothing. There is no silent fallback to another reader after a failure.

Writers are looked up by name only. Readers and writers are loaded lazily, each kind on
its first use, so reading a file imports no writer plugin.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from govinfo.errors import (
    ReaderConflictError,
    ReaderLoadError,
    UnknownFormatError,
    WriteError,
    WriterConflictError,
)
from govinfo.readers import BUILTIN_READERS, Reader
from govinfo.readers._sniff import foreign_format
from govinfo.writers import BUILTIN_WRITERS, FunctionWriter, Writer

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

__all__ = [
    "BUILT_IN",
    "ENTRY_POINT_GROUP",
    "REGISTERED",
    "WRITER_ENTRY_POINT_GROUP",
    "Registry",
    "default_registry",
    "detect",
    "get_reader",
    "get_writer",
    "readers",
    "register_reader",
    "register_writer",
    "unregister_reader",
    "unregister_writer",
    "writers",
]

ENTRY_POINT_GROUP = "govinfo.readers"
"""The entry-point group of reader plugins."""
WRITER_ENTRY_POINT_GROUP = "govinfo.writers"
"""The entry-point group of writer plugins."""
EXTENSION_BONUS = 0.5
THRESHOLD = 0.5

BUILT_IN = "built-in"
"""The origin of a reader or writer the registry was built with."""
REGISTERED = "registered"
"""The origin of a reader or writer added with ``register``/``register_writer``."""

_WRITER_MEMBERS = ("name", "extension", "binary", "write")


def _import(dotted: str) -> Any:
    module_name, _, attr = dotted.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _load(dotted: str) -> Any:
    obj = _import(dotted)
    return obj() if isinstance(obj, type) else obj


def _check_reader(obj: Any, origin: str) -> Reader:
    missing = [m for m in ("name", "extensions", "sniff", "read") if not hasattr(obj, m)]
    if missing:
        raise ReaderLoadError(f"{origin} is not a reader: it lacks {', '.join(missing)}")
    return obj  # type: ignore[no-any-return]


def _check_writer(obj: Any, origin: str) -> Writer:
    missing = [m for m in _WRITER_MEMBERS if not hasattr(obj, m)]
    if missing:
        raise TypeError(f"{origin} is not a writer: it lacks {', '.join(missing)}")
    return obj  # type: ignore[no-any-return]


def _plugin_writer(obj: Any, name: str) -> Writer:
    """An entry point's object as a writer: a class is built, a plain function wrapped."""
    if isinstance(obj, type):
        obj = obj()
    if not all(hasattr(obj, m) for m in _WRITER_MEMBERS) and callable(obj):
        return FunctionWriter(name, obj)
    return _check_writer(obj, f"entry point {name!r}")


def _plugin_origin(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return f"plugin ({dist.name if dist is not None else ep.value})"


def _suffixes(name: str | None) -> list[str]:
    if not name:
        return []
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    parts = base.split(".")[1:]
    return ["." + ".".join(parts[i:]) for i in range(len(parts))]


class Registry:
    """An ordered set of readers, with detection, and of writers.

    Args:
        builtins: dotted paths (``module:Class``) or reader objects to start with.
        writers: the writers to start with (:data:`govinfo.writers.BUILTIN_WRITERS`).
        entry_points: whether to load plugins from the ``govinfo.readers`` and
            ``govinfo.writers`` groups.

    Attributes:
        load_errors: one message per plugin that failed to load or whose name was
            taken, readers' and writers' alike.
    """

    def __init__(
        self,
        builtins: Iterable[str | Reader] = BUILTIN_READERS,
        *,
        writers: Iterable[Writer] = BUILTIN_WRITERS,
        entry_points: bool = True,
    ) -> None:
        self._readers: dict[str, Reader] = {}
        self._writers: dict[str, Writer] = {}
        self._origins: dict[tuple[str, str], str] = {}  # (group, name) -> origin
        self._failed: dict[tuple[str, str], str] = {}  # (group, name) -> load error
        self._pending: list[str | Reader] = list(builtins)
        self._pending_writers: list[Writer] = list(writers)
        self._use_entry_points = entry_points
        self._loaded = False
        self._writers_loaded = False
        self.load_errors: list[str] = []

    # -- loading -----------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for item in self._pending:
            reader = _check_reader(_load(item), item) if isinstance(item, str) else item
            if reader.name not in self._readers:
                self._readers[reader.name] = reader
                self._origins[(ENTRY_POINT_GROUP, reader.name)] = BUILT_IN
        if self._use_entry_points:
            self._load_entry_points(ENTRY_POINT_GROUP, self._readers, _check_reader)

    def _ensure_writers_loaded(self) -> None:
        if self._writers_loaded:
            return
        self._writers_loaded = True
        for writer in self._pending_writers:
            writer = _check_writer(writer, repr(writer))
            if writer.name not in self._writers:
                self._writers[writer.name] = writer
                self._origins[(WRITER_ENTRY_POINT_GROUP, writer.name)] = BUILT_IN
        if self._use_entry_points:
            self._load_entry_points(WRITER_ENTRY_POINT_GROUP, self._writers, _plugin_writer)

    def _load_entry_points(self, group: str, into: dict[str, Any], build: Callable[[Any, str], Any]) -> None:
        kind = "reader" if group == ENTRY_POINT_GROUP else "writer"
        from importlib.metadata import entry_points  # only when plugins are looked for

        for ep in entry_points(group=group):
            try:
                obj = build(_load(ep.value) if kind == "reader" else _import(ep.value), ep.name)
            except Exception as exc:  # a broken plugin must never break the built-ins
                message = f"{kind} plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
                self._failed[(group, ep.name)] = message
                self.load_errors.append(message)
                warnings.warn(message, RuntimeWarning, stacklevel=4)
                continue
            if obj.name in into:
                message = f"{kind} plugin {ep.name!r} uses the name {obj.name!r}, taken already"
                self.load_errors.append(message)
                warnings.warn(message, RuntimeWarning, stacklevel=4)
                continue
            into[obj.name] = obj
            self._origins[(group, obj.name)] = _plugin_origin(ep)

    # -- readers -----------------------------------------------------------------------

    def register(self, reader: Reader, *, replace: bool = False) -> None:
        """Add a reader; a name in use raises :class:`ReaderConflictError` unless ``replace``."""
        self._ensure_loaded()
        reader = _check_reader(reader, repr(reader))
        if reader.name in self._readers and not replace:
            raise ReaderConflictError(f"a reader named {reader.name!r} is registered already; pass replace=True")
        self._readers[reader.name] = reader
        self._origins[(ENTRY_POINT_GROUP, reader.name)] = REGISTERED

    def unregister(self, name: str) -> None:
        """Remove the reader with this name (``UnknownFormatError`` if there is none)."""
        self._ensure_loaded()
        if name not in self._readers:
            raise UnknownFormatError(f"no reader named {name!r}")
        del self._readers[name]
        del self._origins[(ENTRY_POINT_GROUP, name)]

    @property
    def readers(self) -> MappingProxyType[str, Reader]:
        """The readers by name, in registration order (read-only)."""
        self._ensure_loaded()
        return MappingProxyType(self._readers)

    def get(self, name: str) -> Reader:
        """Return the reader with this name.

        Raises:
            UnknownFormatError: there is none; the message lists the known names, or why
                the plugin of that name failed to load.
        """
        self._ensure_loaded()
        try:
            return self._readers[name]
        except KeyError:
            raise UnknownFormatError(self._unknown("reader", name, self._readers)) from None

    def reader_origin(self, name: str) -> str:
        """Return where the reader comes from.

        Returns:
            :data:`BUILT_IN`, ``"plugin (DIST)"`` with the distribution that declares its
            entry point, or :data:`REGISTERED`.
        """
        self.get(name)
        return self._origins[(ENTRY_POINT_GROUP, name)]

    # -- writers -----------------------------------------------------------------------

    def register_writer(self, writer: Writer, *, replace: bool = False) -> None:
        """Add a writer; a name in use raises :class:`WriterConflictError` unless ``replace``.

        Raises:
            TypeError: ``writer`` lacks a member of the :class:`~govinfo.writers.Writer`
                protocol (wrap a plain function in :class:`~govinfo.writers.FunctionWriter`).
        """
        self._ensure_writers_loaded()
        writer = _check_writer(writer, repr(writer))
        if writer.name in self._writers and not replace:
            raise WriterConflictError(f"a writer named {writer.name!r} is registered already; pass replace=True")
        self._writers[writer.name] = writer
        self._origins[(WRITER_ENTRY_POINT_GROUP, writer.name)] = REGISTERED

    def unregister_writer(self, name: str) -> None:
        """Remove the writer with this name (``WriteError`` if there is none)."""
        self._ensure_writers_loaded()
        if name not in self._writers:
            raise WriteError(f"no writer named {name!r}")
        del self._writers[name]
        del self._origins[(WRITER_ENTRY_POINT_GROUP, name)]

    @property
    def writers(self) -> MappingProxyType[str, Writer]:
        """The writers by name, in registration order (read-only)."""
        self._ensure_writers_loaded()
        return MappingProxyType(self._writers)

    def get_writer(self, name: str) -> Writer:
        """Return the writer with this name.

        Raises:
            WriteError: there is none; the message lists the known names, or why the
                plugin of that name failed to load.
        """
        self._ensure_writers_loaded()
        try:
            return self._writers[name]
        except KeyError:
            raise WriteError(self._unknown("writer", name, self._writers)) from None

    def writer_origin(self, name: str) -> str:
        """Return where the writer comes from (as :meth:`reader_origin` does)."""
        self.get_writer(name)
        return self._origins[(WRITER_ENTRY_POINT_GROUP, name)]

    # -- lookup ------------------------------------------------------------------------

    def _unknown(self, kind: str, name: str, known: Iterable[str]) -> str:
        group = ENTRY_POINT_GROUP if kind == "reader" else WRITER_ENTRY_POINT_GROUP
        failed = self._failed.get((group, name))
        if failed is not None:
            return f"no {kind} named {name!r}: {failed}"
        return f"no {kind} named {name!r} (known: {', '.join(known)})"

    def scores(self, data: bytes, name: str | None = None) -> dict[str, float]:
        """Return every reader's score for the input, extension bonus included."""
        self._ensure_loaded()
        suffixes = _suffixes(name)
        result: dict[str, float] = {}
        for reader_name, reader in self._readers.items():
            try:
                score = float(reader.sniff(data, name))
            except Exception:  # sniff must never raise; a reader that does scores 0
                score = 0.0
            score = min(max(score, 0.0), 1.0)
            if any(s in (e.lower() for e in reader.extensions) for s in suffixes):
                score += EXTENSION_BONUS
            result[reader_name] = score
        return result

    def detect(self, data: bytes, name: str | None = None) -> Reader:
        """Return the reader that should read the input.

        Raises:
            UnknownFormatError: no reader scored at least 0.5.
        """
        scores = self.scores(data, name)
        best_name: str | None = None
        for reader_name, score in scores.items():  # first registered wins ties
            if best_name is None or score > scores[best_name]:
                best_name = reader_name
        if best_name is None or scores[best_name] < THRESHOLD:
            listing = ", ".join(f"{k}={v:.2f}" for k, v in scores.items())
            what = f"{name!r}" if name else "the input"
            foreign = foreign_format(data)
            hint = f": it is {foreign}, which govinfo has no reader for" if foreign else ""
            raise UnknownFormatError(f"no reader recognises {what}{hint} (scores: {listing})", scores=scores)
        return self._readers[best_name]


default_registry = Registry()


def register_reader(reader: Reader, *, replace: bool = False) -> None:
    """Register a reader in the default registry (see :meth:`Registry.register`)."""
    default_registry.register(reader, replace=replace)


def unregister_reader(name: str) -> None:
    """Remove a reader from the default registry."""
    default_registry.unregister(name)


def get_reader(name: str) -> Reader:
    """Return the reader with this name from the default registry."""
    return default_registry.get(name)


def readers() -> MappingProxyType[str, Reader]:
    """Return the default registry's readers by name."""
    return default_registry.readers


def register_writer(writer: Writer, *, replace: bool = False) -> None:
    """Register a writer in the default registry (see :meth:`Registry.register_writer`)."""
    default_registry.register_writer(writer, replace=replace)


def unregister_writer(name: str) -> None:
    """Remove a writer from the default registry."""
    default_registry.unregister_writer(name)


def get_writer(name: str) -> Writer:
    """Return the writer with this name from the default registry."""
    return default_registry.get_writer(name)


def writers() -> MappingProxyType[str, Writer]:
    """Return the default registry's writers by name."""
    return default_registry.writers


def detect(data: bytes, name: str | None = None) -> Reader:
    """Return the default registry's choice of reader for the input."""
    return default_registry.detect(data, name)
