"""What the apps above doorstep add to its pages, registered in their `AppConfig.ready` (as `cases.hooks`).

`POINT_PAGE`: `fn(user, point) -> list of {"title", "rows": [{"when", "text", "url", "note"}], "empty"}`, sections of a
睦邻点's page: the meetings engine shows the deliberation of the body that meets at the point (「充分发挥和睦邻里、
议事协商的作用」), so the point's record shows its deliberation as well as its activities."""

POINT_PAGE: list = []


def point_page_sections(user, point) -> list:
    out = []
    for fn in POINT_PAGE:
        out.extend(fn(user, point))
    return out
