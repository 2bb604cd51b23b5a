"""The reader registry: built-ins, entry-point plugins, in-process registration, detection.

Detection (DESIGN.md): every reader scores the input with ``sniff``; a reader whose
extensions include the file's suffix gets +0.5; the best score wins, ties go to the
reader registered first; a best score below 0.5 raises
:class:`~govinfo.errors.UnknownFormatError` listing every score. Content beats a
misleading extension because the bonus alone (0.5) does not beat a confident sniff plus
nothing. There is no silent fallback to another reader after a failure.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Iterable
from importlib.metadata import entry_points
from types import MappingProxyType
from typing import Any

from govinfo.errors import ReaderConflictError, ReaderLoadError, UnknownFormatError
from govinfo.readers import BUILTIN_READERS, Reader
from govinfo.readers._sniff import foreign_format

__all__ = [
    "ENTRY_POINT_GROUP",
    "Registry",
    "default_registry",
    "detect",
    "get_reader",
    "readers",
    "register_reader",
    "unregister_reader",
]

ENTRY_POINT_GROUP = "govinfo.readers"
EXTENSION_BONUS = 0.5
THRESHOLD = 0.5


def _load(dotted: str) -> Any:
    module_name, _, attr = dotted.partition(":")
    module = importlib.import_module(module_name)
    obj = getattr(module, attr)
    return obj() if isinstance(obj, type) else obj


def _check_reader(obj: Any, origin: str) -> Reader:
    missing = [m for m in ("name", "extensions", "sniff", "read") if not hasattr(obj, m)]
    if missing:
        raise ReaderLoadError(f"{origin} is not a reader: it lacks {', '.join(missing)}")
    return obj  # type: ignore[no-any-return]


def _suffixes(name: str | None) -> list[str]:
    if not name:
        return []
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    parts = base.split(".")[1:]
    return ["." + ".".join(parts[i:]) for i in range(len(parts))]


class Registry:
    """An ordered set of readers with detection.

    Args:
        builtins: dotted paths (``module:Class``) or reader objects to start with.
        entry_points: whether to load plugins from the ``govinfo.readers`` group.
    """

    def __init__(
        self,
        builtins: Iterable[str | Reader] = BUILTIN_READERS,
        *,
        entry_points: bool = True,
    ) -> None:
        self._readers: dict[str, Reader] = {}
        self._pending: list[str | Reader] = list(builtins)
        self._use_entry_points = entry_points
        self._loaded = False
        self.load_errors: list[str] = []

    # -- loading -----------------------------------------------------------------------

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for item in self._pending:
            reader = _check_reader(_load(item), item) if isinstance(item, str) else item
            self._readers.setdefault(reader.name, reader)
        if self._use_entry_points:
            self._load_entry_points()

    def _load_entry_points(self) -> None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            try:
                reader = _check_reader(_load(ep.value), f"entry point {ep.name!r}")
            except Exception as exc:  # a broken plugin must never break the built-ins
                message = f"reader plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
                self.load_errors.append(message)
                warnings.warn(message, RuntimeWarning, stacklevel=3)
                continue
            if reader.name in self._readers:
                message = f"reader plugin {ep.name!r} uses the name {reader.name!r}, taken already"
                self.load_errors.append(message)
                warnings.warn(message, RuntimeWarning, stacklevel=3)
                continue
            self._readers[reader.name] = reader

    # -- registration ------------------------------------------------------------------

    def register(self, reader: Reader, *, replace: bool = False) -> None:
        """Add a reader; a name in use raises :class:`ReaderConflictError` unless ``replace``."""
        self._ensure_loaded()
        reader = _check_reader(reader, repr(reader))
        if reader.name in self._readers and not replace:
            raise ReaderConflictError(f"a reader named {reader.name!r} is registered already; pass replace=True")
        self._readers[reader.name] = reader

    def unregister(self, name: str) -> None:
        """Remove the reader with this name (``UnknownFormatError`` if there is none)."""
        self._ensure_loaded()
        if name not in self._readers:
            raise UnknownFormatError(f"no reader named {name!r}")
        del self._readers[name]

    # -- lookup ------------------------------------------------------------------------

    @property
    def readers(self) -> MappingProxyType[str, Reader]:
        """The readers by name, in registration order (read-only)."""
        self._ensure_loaded()
        return MappingProxyType(self._readers)

    def get(self, name: str) -> Reader:
        """Return the reader with this name."""
        self._ensure_loaded()
        try:
            return self._readers[name]
        except KeyError:
            known = ", ".join(self._readers)
            raise UnknownFormatError(f"no reader named {name!r} (known: {known})") from None

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


def detect(data: bytes, name: str | None = None) -> Reader:
    """Return the default registry's choice of reader for the input."""
    return default_registry.detect(data, name)
