"""Deprecated: moved to :mod:`govinfo.readers` (``decode_text``, ``looks_binary``).

This module re-exports the old names for one release and is removed in 0.3.
"""

from __future__ import annotations

import warnings

from govinfo.readers._decode import Decoded, canonical_charset, declared_charset, decode, looks_binary

__all__ = ["Decoded", "canonical_charset", "declared_charset", "decode", "looks_binary"]

warnings.warn(
    "govinfo._decode is deprecated: use govinfo.readers.decode_text and govinfo.readers.looks_binary",
    DeprecationWarning,
    stacklevel=2,
)
