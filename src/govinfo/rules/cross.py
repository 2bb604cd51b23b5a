"""Deprecated: moved to :mod:`govinfo.validation.cross` (importable here for one release)."""

from govinfo.validation.cross import *  # noqa: F403
from govinfo.validation.cross import __all__ as __all__
