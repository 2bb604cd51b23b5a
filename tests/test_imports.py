"""Lazy imports: ``import govinfo`` and ``govinfo --version`` load nothing heavy (issue 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("cattrs", "chardet", "lxml", "importlib.metadata", "concurrent.futures", "govinfo.model")


def _loaded(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    return set(out.split())


def test_import_govinfo_loads_nothing_heavy() -> None:
    loaded = _loaded("import govinfo")
    assert not loaded & set(HEAVY)


def test_version_loads_nothing_heavy() -> None:
    loaded = _loaded(
        "import contextlib, io\n"
        "from govinfo._console import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    assert main(['--version']) == 0\n"
        "assert out.getvalue().startswith('govinfo ')"
    )
    assert not loaded & set(HEAVY)


def test_reading_text_loads_no_serializer_or_detector() -> None:
    sample = Path(__file__).resolve().parent.parent / "examples" / "samples" / "sample-2021.txt"
    loaded = _loaded(f"import govinfo\nassert govinfo.validate(govinfo.read({str(sample)!r})).ok")
    assert "govinfo.model" in loaded  # the read really ran
    assert not loaded & {"cattrs", "chardet", "concurrent.futures", "lxml"}  # the HTML sniff needs no lxml


def test_reading_undeclared_gbk_text_needs_no_detector(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "examples" / "samples" / "sample-2021.txt"
    path = tmp_path / "gbk.txt"
    path.write_bytes(sample.read_text(encoding="utf-8").encode("gbk"))
    loaded = _loaded(f"import govinfo\nr = govinfo.read({str(path)!r})\nassert r.metadata.source.encoding == 'gb18030'")
    assert not loaded & {"chardet", "lxml"}


def test_public_names_resolve_lazily() -> None:
    import govinfo

    assert callable(govinfo.validate)
    assert callable(govinfo.read)
    for name in govinfo.__all__:
        assert getattr(govinfo, name) is not None
    assert govinfo.registry.__name__ == "govinfo.registry"
    with pytest.raises(AttributeError):
        _ = govinfo.no_such_name  # type: ignore[attr-defined]


def test_python_m_govinfo_version() -> None:
    out = subprocess.run([sys.executable, "-m", "govinfo", "--version"], check=True, capture_output=True, text=True)
    assert out.stdout.strip().startswith("govinfo ")
