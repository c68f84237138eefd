from cases.tests.conftest import IN_G1, categories, grids, reported  # noqa: F401  the case fixtures, shared

__all__ = ["IN_G1"]
