"""Benchmarks of accesspack (run them as modules, e.g. ``python -m benchmarks.collation``).

They are never timed tests: they print measurements for a person to compare.
"""
