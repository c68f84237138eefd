from cases.tests.conftest import IN_G1, categories, grids, reported  # noqa: F401  the case fixtures, shared
from tests.browser.conftest import audit_flushable, browser, page_for  # noqa: F401  the browser fixtures, shared

__all__ = ["IN_G1"]
