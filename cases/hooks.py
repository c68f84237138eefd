"""The hook point after a case step, for the apps above cases (DESIGN convention 10: domain flow in
services, where a reader can follow it).

Every step the case services take (`cases.services.case_step`) runs, in the step's transaction, first the
case's notices (`cases.notices.notify_case_step`) and then every callable registered here with the new
timeline record (`cases.CaseTransition`). An app above cases registers in its AppConfig.ready, e.g.
`smart` clears a closed case's alarms (`smart.bridge.case_step_taken`). A timeline row saved by hand
(a bulk load, a fixture) runs nothing.
"""

AFTER_STEP: list = []


def after_case_step(fn):
    """Register `fn(step)` to run after every case step; returns `fn` (usable as a decorator)."""
    if fn not in AFTER_STEP:
        AFTER_STEP.append(fn)
    return fn


def run_after_step(step) -> None:
    for fn in AFTER_STEP:
        fn(step)


# What the apps above cases add to a case's staff page: `fn(user, case) -> list of {"label", "text", "url"}`
# (deliberation: the resolution's action that opened the case), registered in their AppConfig.ready.
CASE_PAGE: list = []


def case_page_links(user, case) -> list:
    out = []
    for fn in CASE_PAGE:
        out.extend(fn(user, case))
    return out
