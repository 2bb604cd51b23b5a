"""Deprecated: moved to :mod:`govinfo.validation.arithmetic` (importable here for one release)."""

from govinfo.validation.arithmetic import *  # noqa: F403
from govinfo.validation.arithmetic import __all__ as __all__
