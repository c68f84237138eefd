"""The case system's configurable time limits (DOMAIN-RULES §3), read from settings with the rules' defaults.

- `CASES_ACCEPT_WORKING_HOURS` (24): from the report to 立案, for categories without their own minutes.
- `CASES_COMPLEX_WORKING_DAYS` (15): a complex matter once its extension is approved, from 立案.
- `CASES_SUPERVISION_WORKING_DAYS` (3): the handler's time to answer a 督办.
- `CASES_VISIT_WORKING_DAYS` (3): the 回访 after 结案.
"""

from django.conf import settings

DEFAULTS = {
    "CASES_ACCEPT_WORKING_HOURS": 24,
    "CASES_COMPLEX_WORKING_DAYS": 15,
    "CASES_SUPERVISION_WORKING_DAYS": 3,
    "CASES_VISIT_WORKING_DAYS": 3,
}


def _get(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def accept_working_hours() -> int:
    return _get("CASES_ACCEPT_WORKING_HOURS")


def complex_working_days() -> int:
    return _get("CASES_COMPLEX_WORKING_DAYS")


def supervision_working_days() -> int:
    return _get("CASES_SUPERVISION_WORKING_DAYS")


def visit_working_days() -> int:
    return _get("CASES_VISIT_WORKING_DAYS")
