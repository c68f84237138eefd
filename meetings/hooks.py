"""What the apps above meetings add to a decision's page: `fn(user, decision) -> list of {"label", "text", "url"}`
(deliberation: the resolution's actions, and assigning one to an adopted decision), registered in their
AppConfig.ready, like `cases.hooks.CASE_PAGE`."""

DECISION_PAGE: list = []


def decision_page_links(user, decision) -> list:
    out = []
    for fn in DECISION_PAGE:
        out.extend(fn(user, decision))
    return out
