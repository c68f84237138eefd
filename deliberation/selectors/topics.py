"""Topics from recurring cases (议题来源: 案件聚类): the same case category recurring in one building or one grid,
at least `DELIBERATION_TOPIC_MIN_CASES` (5) cases in the last `DELIBERATION_TOPIC_DAYS` (90) days, counted in the
database (GROUP BY category and place).

A case's place comes from its unit's materialised path (fixed-width segments, `org.services.next_child_path`): a
case on a house or a building belongs to that building (the first five segments of its path), and every case on
a grid, a building or a house to that grid (the first four). A grid's topic is left out when one building's topic
of the same category already holds all its cases. Merged and unregistered (不予立案) cases do not count. Only the
cases the user may see (cases.view_case) are counted; the page needs meetings.view_body as well."""

import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone

from accounts.roles import MANAGE_BODY, VIEW_CASE
from cases.models import Case, CaseCategory
from cases.workflow import CaseState
from meetings.models import AgendaItem, ItemSource, Meeting
from meetings.workflow import MeetingState
from org.models import Unit

DEFAULT_MIN_CASES = 5
DEFAULT_DAYS = 90
SEGMENT = 6  # "00001." per level of the tree
GRID_DEPTH, BUILDING_DEPTH = 4, 5  # subdistrict 1, area 2, 居民区 3, grid 4, building 5, house 6
TOPIC_LIMIT = 50
CASES_SHOWN = 20


def min_cases() -> int:
    return int(getattr(settings, "DELIBERATION_TOPIC_MIN_CASES", DEFAULT_MIN_CASES))


def window_days() -> int:
    return int(getattr(settings, "DELIBERATION_TOPIC_DAYS", DEFAULT_DAYS))


def counted_cases(user, now=None):
    now = now or timezone.now()
    since = now - datetime.timedelta(days=window_days())
    return Case.objects.for_user(user, VIEW_CASE).filter(created_at__gte=since).exclude(state__in=(CaseState.MERGED, CaseState.REJECTED))


def _grouped(qs, depth: int):
    width = depth * SEGMENT
    return (
        qs.annotate(plen=Length("unit_path"))
        .filter(plen__gte=width)
        .annotate(place_path=Substr("unit_path", 1, width))
        .values("category_id", "place_path")
        .annotate(n=Count("id"), last=Max("created_at"))
        .filter(n__gte=min_cases())
        .order_by("-n", "place_path", "category_id")
    )


def recurring_topics(user, now=None) -> list[dict]:
    """The suggested topics in the user's scope, biggest first: {category, place, count, last, key}. Four queries."""
    qs = counted_cases(user, now)
    buildings = list(_grouped(qs, BUILDING_DEPTH)[:TOPIC_LIMIT])
    grids = list(_grouped(qs, GRID_DEPTH)[:TOPIC_LIMIT])
    held = {(b["category_id"], b["place_path"][: GRID_DEPTH * SEGMENT], b["n"]) for b in buildings}
    grids = [g for g in grids if (g["category_id"], g["place_path"], g["n"]) not in held]
    rows = sorted(buildings + grids, key=lambda r: (-r["n"], r["place_path"], r["category_id"]))[:TOPIC_LIMIT]
    places = {u.path: u for u in Unit.objects.filter(path__in={r["place_path"] for r in rows}).select_related("parent")}
    categories = CaseCategory.objects.in_bulk({r["category_id"] for r in rows})
    out = []
    for r in rows:
        place = places.get(r["place_path"])
        if place is None:
            continue
        out.append({"category": categories[r["category_id"]], "place": place, "count": r["n"], "last": r["last"], "key": f"{r['category_id']}-{place.pk}"})
    return out


def topic_cases(user, topics: list[dict], now=None, limit: int | None = CASES_SHOWN) -> None:
    """Each topic's cases (newest first, at most `limit`), in one query, as topic["cases"]."""
    if not topics:
        return
    q = Q()
    for t in topics:
        q |= Q(category_id=t["category"].pk, unit_path__startswith=t["place"].path)
    rows = counted_cases(user, now).filter(q).select_related("unit").order_by("-created_at", "-id")
    for t in topics:
        t["cases"] = []
    for case in rows:
        for t in topics:
            if case.category_id == t["category"].pk and case.unit_path.startswith(t["place"].path) and (limit is None or len(t["cases"]) < limit):
                t["cases"].append(case)


def topic_items(topics: list[dict], now=None) -> None:
    """The agenda item each topic is already on (the newest, of a meeting not cancelled, added within the window),
    as topic["item"] (None when none): one query."""
    if not topics:
        return
    now = now or timezone.now()
    since = now - datetime.timedelta(days=window_days())
    items = (
        AgendaItem.objects.filter(source=ItemSource.CASE_CLUSTER, created_at__gte=since, case_place_id__in=[t["place"].pk for t in topics])
        .exclude(meeting__state=MeetingState.CANCELLED)
        .select_related("meeting")
        .order_by("-created_at", "-id")
    )
    found = {}
    for item in items:
        found.setdefault((item.case_category_id, item.case_place_id), item)
    for t in topics:
        t["item"] = found.get((t["category"].pk, t["place"].pk))


def meetings_covering(user, places, now=None):
    """The upcoming planned meetings the user may add items to (meetings.manage_body) of bodies whose unit covers one
    of `places`: {place pk: [meetings]} (one query)."""
    now = now or timezone.now()
    prefixes = {p.path[:i] for p in places for i in range(SEGMENT, len(p.path) + 1, SEGMENT)}
    if not prefixes:
        return {}
    rows = list(
        Meeting.objects.for_user(user, MANAGE_BODY)
        .filter(state=MeetingState.PLANNED, starts_at__gte=now, unit_path__in=prefixes)
        .select_related("body")
        .order_by("starts_at", "id")[:200]
    )
    return {p.pk: [m for m in rows if p.path.startswith(m.unit_path)] for p in places}


def find_topic(user, category_id: int, place_id: int, now=None) -> dict | None:
    """The topic of `category_id` at the place `place_id` if it is (still) one in the user's scope, with its cases."""
    for t in recurring_topics(user, now):
        if t["category"].pk == category_id and t["place"].pk == place_id:
            topic_cases(user, [t], now, limit=None)
            return t
    return None
