"""Deprecated: moved to :mod:`govinfo.validation.conformance` (importable here for one release)."""

from govinfo.validation.conformance import *  # noqa: F403
from govinfo.validation.conformance import __all__ as __all__
