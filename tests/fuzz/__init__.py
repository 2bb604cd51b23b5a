"""Fuzzing govinfo: mutated reports of every layout (see :mod:`tests.fuzz.harness`).

A short run is part of the test suite (``tests/fuzz/test_fuzz.py``); a long campaign is
``python -m tests.fuzz --examples 100000``.
"""
