"""Benchmarks of Jitasa Map: each figure printed as a ratio against a baseline measured in the same run.

Run them all with ``python bench/run.py`` (or ``python -m bench``) from the repository root; see bench/README.md.
A benchmark is not a test: nothing here asserts on a timing.
"""
