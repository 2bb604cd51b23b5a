"""Deprecated: moved to :mod:`govinfo.validation.domain` (importable here for one release)."""

from govinfo.validation.domain import *  # noqa: F403
from govinfo.validation.domain import __all__ as __all__
