"""The commands in README.md and docs/*.md work as written, and CI runs the README's tests."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import govinfo.registry
from govinfo.cli import main
from govinfo.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"```(?:sh|console)\n(.*?)```", re.S)
_INLINE = re.compile(r"`((?:\.venv/bin/)?govinfo [^`]+)`")
_VALUE_OPTIONS = frozenset(
    {"-o", "--output", "--to", "--format", "--lang", "-j", "--jobs", "--baseline", "--write-baseline", "--note"}
)
_SUBCOMMANDS = frozenset({"check", "convert", "batch", "formats", "rules", "report"})


def _command_lines(text: str) -> list[str]:
    lines = [line for block in _BLOCK.findall(text) for line in block.splitlines()]
    lines += _INLINE.findall(text)
    commands = []
    for line in lines:
        for part in line.removeprefix("$ ").split(" && "):
            part = part.split("  #", 1)[0].strip()
            if part.startswith(("govinfo ", ".venv/bin/govinfo ")):
                commands.append(part)
    return commands


def _runnable(words: list[str]) -> bool:
    """Whether the command names files and they exist (``FILE...``, ``reports/`` are placeholders).

    ``govinfo check`` alone is the name of a command in prose, not a command to run.
    """
    files: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in _VALUE_OPTIONS:
            skip = True
        elif not word.startswith("-") and word not in _SUBCOMMANDS:
            files.append(word)
    needs_files = bool(words) and words[0] in ("check", "convert", "batch", "report")
    return all((ROOT / f).exists() for f in files) and (bool(files) or not needs_files)


def documented_commands() -> list[tuple[str, list[str]]]:
    """Each runnable command once, with the page it is first found on."""
    found: dict[tuple[str, ...], str] = {}
    for page in PAGES:
        for command in _command_lines(page.read_text(encoding="utf-8")):
            words = shlex.split(command)[1:]
            if _runnable(words):
                found.setdefault(tuple(words), f"{page.name}: {command}")
    return [(where, list(words)) for words, where in found.items()]


COMMANDS = documented_commands()


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(govinfo.registry, "default_registry", Registry(entry_points=False))


def test_the_docs_have_commands_to_run() -> None:
    assert len(COMMANDS) >= 8
    assert {words[0] for _, words in COMMANDS} >= {"check", "convert", "formats"}


@pytest.mark.parametrize(("where", "words"), COMMANDS, ids=[where for where, _ in COMMANDS])
def test_documented_command_works(
    where: str,
    words: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(ROOT)
    argv = list(words)
    for i, word in enumerate(argv[:-1]):
        if word in ("-o", "--output", "--write-baseline"):
            argv[i + 1] = str(tmp_path / argv[i + 1])  # outputs go to a temporary directory
    status = main(argv)
    captured = capsysbinary.readouterr()

    with_errors = argv[0] == "check" and any("with-error" in word for word in argv)
    assert status == (1 if with_errors else 0), (where, captured.err.decode())
    assert b"Traceback" not in captured.err
    assert captured.out or any(word in ("-o", "--output") for word in argv) or argv == ["--version"]


def test_readme_has_one_command_to_try_it_and_one_to_test() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.strip() for block in _BLOCK.findall(readme)]
    try_it = [b for b in blocks if "pip install -e ." in b and "govinfo check examples/samples/" in b]
    tests = [b for b in blocks if "pytest" in b]

    assert len(try_it) == 1
    assert len(try_it[0].splitlines()) == 1
    assert len(tests) == 1
    assert len(tests[0].splitlines()) == 1


def test_ci_runs_the_readme_test_command_in_a_clean_clone() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = next(block.strip() for block in _BLOCK.findall(readme) if "pytest" in block)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")

    assert test_command in ci.splitlines()
    assert "git clone" in ci
