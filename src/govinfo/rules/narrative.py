"""Deprecated: moved to :mod:`govinfo.validation.narrative` (importable here for one release)."""

from govinfo.validation.narrative import *  # noqa: F403
from govinfo.validation.narrative import __all__ as __all__
