"""Which files a batch reads: files, directories (recursive), globs and zip archives.

Every file found is a :class:`Source`; none is left out for its extension (a reader's
extension is a hint to detection, not a filter), so a PDF, a ``.md`` or an HTML page saved
as ``.doc`` is read like the others, and what is not a report is said to be so.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

import attrs

from govinfo.errors import ReadError

__all__ = ["MEMBER_SEPARATOR", "Source", "find_sources", "is_archive"]

MEMBER_SEPARATOR = "!"
"""Between an archive's path and a member's name: ``reports.zip!2023/a.html``."""

_MAGIC = frozenset("*?[")
_PACKAGE_MEMBERS = ("[Content_Types].xml", "mimetype", "META-INF/manifest.xml")  # DOCX, ODT, EPUB …


@attrs.frozen
class Source:
    """One input of a batch: a file, or a member of a zip archive.

    Attributes:
        name: what the outputs call it (the path as given or found; ``archive!member``).
        path: the file on disk (the archive, for a member).
        member: the member's name inside the archive, or ``None``.
    """

    name: str
    path: str
    member: str | None = None

    def load(self, limit: int) -> bytes:
        """Return the bytes.

        Raises:
            ReadError: the file or member cannot be opened, or is larger than ``limit``.
        """
        if self.member is None:
            from govinfo.api import load_bytes

            return load_bytes(self.path)[0]
        try:
            with zipfile.ZipFile(self.path) as archive:
                info = archive.getinfo(self.member)
                if info.file_size > limit:
                    raise ReadError(f"the member is {info.file_size} bytes; the limit is {limit}", source=self.name)
                with archive.open(info) as handle:
                    return handle.read(limit + 1)
        except (OSError, zipfile.BadZipFile, KeyError, RuntimeError) as exc:  # RuntimeError: encrypted
            raise ReadError(f"cannot read the archive member: {exc}", source=self.name) from exc


def is_archive(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a zip archive of files (not a DOCX, ODT or other zip-based document)."""
    try:
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return not any(member in names for member in _PACKAGE_MEMBERS) and not any(n.startswith("word/") for n in names)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; names of Chinese zips made without the UTF-8 flag are GBK."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _hidden(parts: Iterable[str]) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def _members(path: str) -> Iterator[Source]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (OSError, zipfile.BadZipFile):
        yield Source(path, path)
        return
    for info in sorted(infos, key=lambda i: _member_name(i)):
        shown = _member_name(info)
        if not _hidden(PurePosixPath(shown).parts):
            yield Source(f"{path}{MEMBER_SEPARATOR}{shown}", path, info.filename)


def _expand(given: str) -> Iterator[str]:
    path = Path(given)
    if path.is_dir():
        for found in sorted(path.rglob("*")):
            if not _hidden(found.relative_to(path).parts) and found.is_file():
                yield str(found)
    elif not path.exists() and _MAGIC & set(given):
        for match in sorted(glob.glob(given, recursive=True)):
            yield from _expand(match) if Path(match).is_dir() else [match]
    else:
        yield given


def _matches(name: str, patterns: Iterable[str]) -> bool:
    """A pattern with a ``/`` matches the name or its end (``truth/*``), one without the file name."""
    posix = name.replace(os.sep, "/")
    parts = posix.split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    base = parts[-1]
    for pattern in patterns:
        candidates = tails if "/" in pattern else [base]
        if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
            return True
    return False


def find_sources(
    paths: Iterable[str | os.PathLike[str]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    skip: Iterable[str | os.PathLike[str]] = (),
) -> Iterator[Source]:
    """Yield every input ``paths`` name, each once, in the order given.

    A directory is searched recursively in sorted order (hidden files and directories,
    names starting with ``.``, are left out); a path that does not exist but has glob
    characters (``*``, ``?``, ``[``; ``**`` for any depth) is expanded; a zip archive of
    files is opened and each member is an input (``archive.zip!member``). A path that is
    neither is yielded as given, whether it exists or not (reading it says what is wrong).

    Args:
        paths: files, directories, globs, archives.
        include: glob patterns; when given, only inputs matching one are yielded.
        exclude: glob patterns of inputs never to yield (they win over ``include``).
            Patterns with a ``/`` match the name or its last parts, others the file name
            (``--exclude 'truth/*'``, ``--include '*.html'``).
        skip: files never to yield, compared as resolved paths (the batch's own outputs).
    """
    include, exclude = list(include), list(exclude)
    skipped = {Path(p).resolve() for p in skip}
    seen: set[str] = set()
    for given in paths:
        for file in _expand(os.fspath(given)):
            if skipped and Path(file).resolve() in skipped:
                continue
            sources = _members(file) if is_archive(file) else [Source(file, file)]
            for source in sources:
                if source.name in seen:
                    continue
                if include and not _matches(source.name, include):
                    continue
                if exclude and _matches(source.name, exclude):
                    continue
                seen.add(source.name)
                yield source
