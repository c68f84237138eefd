"""Reads of cases: scoped lists, a reporter's own cases, the timeline, overdue and nearby open cases."""

import datetime
import math

from django.db.models import Q
from django.utils import timezone

from cases.geo import distance_m
from cases.models import Case, CaseTransition


def element_page(user, element) -> dict:
    """The cases of a shop or public place, for its page in org (registered in CasesConfig.ready)."""
    from accounts.roles import VIEW_CASE
    from core.scoping import has_perm_anywhere

    return {"cases": Case.objects.for_user(user, VIEW_CASE).filter(element=element).order_by("-id")[:20] if has_perm_anywhere(user, VIEW_CASE) else []}


DUPLICATE_RADIUS_M = 100
DUPLICATE_WINDOW = datetime.timedelta(days=7)


def cases_for_user(user, perm: str = "cases.view_case"):
    """The cases in the user's data scope for `perm`."""
    return Case.objects.for_user(user, perm).select_related("category", "grid", "unit", "handling_unit")


def cases_followed_by(user):
    """A resident's own cases: reported by them, or merged into a case they now follow."""
    return Case.objects.filter(Q(reporter=user) | Q(followers=user)).distinct().select_related("category")


def case_by_number(number: str) -> Case | None:
    return Case.objects.filter(number=number).select_related("category").first()


def case_timeline(case: Case):
    return CaseTransition.objects.filter(case=case).select_related("by").order_by("at", "id")


def cases_overdue(now=None):
    """Open cases past their due time (for the periodic escalation task)."""
    return Case.objects.overdue(now or timezone.now()).select_related("category", "unit", "handling_unit")


def duplicate_candidates(case: Case, *, radius_m: float = DUPLICATE_RADIUS_M, window: datetime.timedelta = DUPLICATE_WINDOW) -> list[Case]:
    """Open cases of the same category reported within `window` before this one and `radius_m` of it,
    nearest first. A bounding box narrows the rows in the database; the distance is exact."""
    if case.lat is None or case.lng is None:
        return []
    lat, lng = float(case.lat), float(case.lng)
    dlat = radius_m / 111_320
    dlng = radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    rows = (
        Case.objects.open()
        .filter(category=case.category_id, created_at__gte=case.created_at - window, created_at__lte=case.created_at)
        .filter(lat__gte=lat - dlat, lat__lte=lat + dlat, lng__gte=lng - dlng, lng__lte=lng + dlng)
        .exclude(pk=case.pk)
    )
    near = [(distance_m(lat, lng, c.lat, c.lng), c) for c in rows]
    return [c for d, c in sorted(near, key=lambda t: (t[0], t[1].pk)) if d <= radius_m]


def open_cases_near(category, lat, lng, *, now=None, radius_m: float = DUPLICATE_RADIUS_M, window: datetime.timedelta = DUPLICATE_WINDOW, limit: int = 5) -> list[Case]:
    """Open cases of `category` reported within `window` before `now` and `radius_m` of a point not yet
    saved as a case (the resident's pin while the report is being filled), nearest first. Each result
    carries `distance_m`."""
    if category is None or lat is None or lng is None:
        return []
    now = now or timezone.now()
    lat, lng = float(lat), float(lng)
    dlat = radius_m / 111_320
    dlng = radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    rows = (
        Case.objects.open()
        .filter(category=category, created_at__gte=now - window, created_at__lte=now)
        .filter(lat__gte=lat - dlat, lat__lte=lat + dlat, lng__gte=lng - dlng, lng__lte=lng + dlng)
        .select_related("category")
    )
    near = []
    for c in rows:
        c.distance_m = distance_m(lat, lng, c.lat, c.lng)
        if c.distance_m <= radius_m:
            near.append(c)
    return sorted(near, key=lambda c: (c.distance_m, c.pk))[:limit]


def case_photos(case: Case):
    return case.photos.order_by("uploaded_at", "id")


def report_categories():
    """The active leaf categories a resident chooses from, grouped under their parent: [(parent or None, [leaf, ...]), ...]."""
    from cases.models import CaseCategory

    active = list(CaseCategory.objects.filter(is_active=True).select_related("parent").order_by("code"))
    parents = {c.parent_id for c in active if c.parent_id}
    groups: dict = {}
    for c in active:
        if c.pk in parents:
            continue
        if c.parent_id and not c.parent.is_active:
            continue
        groups.setdefault(c.parent, []).append(c)
    return sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0].code if kv[0] else ""))
