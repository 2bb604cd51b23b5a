"""The ``govinfo`` script's entry point: ``--version`` without importing the library.

Everything else is :func:`govinfo.cli.main`, imported only then.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; ``govinfo --version`` answers from the package's constant."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:
        from govinfo import __version__

        sys.stdout.write(f"govinfo {__version__}\n")
        return 0
    from govinfo.cli import main as cli_main

    return cli_main(args)
