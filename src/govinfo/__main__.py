"""``python -m govinfo``: the command line, as the ``govinfo`` script runs it."""

from govinfo.cli import main

raise SystemExit(main())
