"""``python -m govinfo``: the command line, as the ``govinfo`` script runs it."""

from govinfo._console import main

raise SystemExit(main())
