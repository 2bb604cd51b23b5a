"""Deprecated: the extractor moved to :mod:`govinfo.extraction` (kept importable for one release).

``govinfo.extract`` stays callable as the function, even once this module is imported.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from govinfo.extraction import extract
from govinfo.extraction.tokens import vocabulary as _vocabulary

__all__ = ["extract"]

_VOCABULARY = _vocabulary().words
"""Every label body of the national form (now ``govinfo.extraction.tokens.vocabulary().words``)."""


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`govinfo.extraction.extract` (``govinfo.extract(doc)``)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
