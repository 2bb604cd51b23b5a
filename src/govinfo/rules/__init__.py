"""Deprecated: the rules moved to :mod:`govinfo.validation` (importable here for one release)."""
