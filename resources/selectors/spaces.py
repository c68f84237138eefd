"""Reads for 社区共享空间, 共建单位 / 公益慈善企业 and their projects (S2.2, S2.3).

Two audiences, one rule: anyone signed in (residents too) sees what is offered publicly (active
spaces, active organisations and their active projects), without contacts; staff holding
resources.view_resource also see everything in their units, offered or not, with contacts.
Lists stay O(1) in queries: related rows are joined or prefetched, counts annotated."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_RESOURCE, VIEW_RESOURCE
from accounts.scope import scope_paths
from doorstep.models import Slot
from doorstep.selectors import bookings
from org.models import SEGMENT, Unit, UnitKind
from resources.models import Organisation, Project, ResourceKind, ResourceType, SharedSpace


def _scope_q(user, field: str = "unit_path", perm: str = VIEW_RESOURCE) -> Q | None:
    paths = scope_paths(user, perm) or []
    if not paths:
        return None
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def _public_or_scoped(qs, public: Q, user):
    scoped = _scope_q(user)
    return qs.filter(public | scoped) if scoped is not None else qs.filter(public)


# --- spaces ---------------------------------------------------------------------------------------

SPACE_PUBLIC = Q(is_active=True, room__is_active=True)


def visible_spaces(user):
    return _public_or_scoped(SharedSpace.objects.all(), SPACE_PUBLIC, user)


def space_rows(user, now=None):
    """The visible spaces for a list: room, 居民区, organisation joined, types prefetched, free slots in the
    next 7 days counted."""
    now = now or timezone.now()
    free = Q(
        room__slots__start__gt=now,
        room__slots__start__lt=now + datetime.timedelta(days=7),
        room__slots__is_cancelled=False,
        room__slots__booked=0,
    )
    return (
        visible_spaces(user)
        .select_related("room__unit", "organisation")
        .prefetch_related(Prefetch("types", queryset=ResourceType.objects.order_by("sort", "code")))
        .annotate(free_slots=Count("room__slots", filter=free))
        .order_by("room__unit_path", "room__name", "id")
    )


def spaces_for(user):
    """The spaces the user may open, with what their page shows."""
    return visible_spaces(user).select_related("room__unit", "organisation").prefetch_related(Prefetch("types", queryset=ResourceType.objects.order_by("sort", "code")))


def space_for(user, pk) -> SharedSpace | None:
    return spaces_for(user).filter(pk=pk).first()


def space_week(space: SharedSpace, monday: datetime.date, user=None, now=None):
    """The space's slots of one week from the booking engine (services), as a grid."""
    return bookings.room_week(space.room, monday, user=user, now=now)


def readable_week(hours: dict) -> list[tuple[str, list[str]]]:
    """Opening hours as a readable week: runs of days with the same periods together, e.g.
    [("Monday to Friday", ["09:00-12:00", "14:00-17:00"]), ("Saturday", ["09:00-12:00"])]; all seven
    alike: "Every day"."""
    from doorstep.forms.bookings import WEEKDAY_LABELS

    days = [tuple(f"{a}-{b}" for a, b in hours.get(str(d), [])) for d in range(7)]
    if days[0] and len(set(days)) == 1:
        return [(_("Every day"), list(days[0]))]
    rows, d = [], 0
    while d < 7:
        end = d
        while end + 1 < 7 and days[end + 1] == days[d]:
            end += 1
        if days[d]:
            label = str(WEEKDAY_LABELS[d]) if end == d else _("%(first)s to %(last)s") % {"first": WEEKDAY_LABELS[d], "last": WEEKDAY_LABELS[end]}
            rows.append((label, list(days[d])))
        d = end + 1
    return rows


def week_counts(week) -> dict:
    """Slots offered and taken in a week grid (no queries): {"offered", "taken", "free", "rate"}."""
    cells = [c for c in week.cells.values() if c.status != "cancelled"]
    taken = sum(1 for c in cells if c.slot.booked)
    offered = len(cells)
    return {"offered": offered, "taken": taken, "free": offered - taken, "rate": (taken / offered) if offered else None}


def space_occupancy(space: SharedSpace, monday: datetime.date):
    """services' occupancy figures of the space's room for the week (staff: bookings, no-shows, waitlist)."""
    return bookings.occupancy(Slot.objects.filter(room=space.room), monday, monday + datetime.timedelta(days=6)).totals


# --- organisations and projects ---------------------------------------------------------------------

ORG_PUBLIC = Q(is_active=True)
PROJECT_PUBLIC = Q(is_active=True, organisation__is_active=True)


def visible_organisations(user):
    return _public_or_scoped(Organisation.objects.all(), ORG_PUBLIC, user)


def organisation_rows(user):
    live_projects = Q(projects__is_active=True)
    return (
        visible_organisations(user)
        .select_related("unit")
        .annotate(n_projects=Count("projects", filter=live_projects, distinct=True), n_spaces=Count("spaces", filter=Q(spaces__is_active=True), distinct=True))
        .order_by("kind", "name", "id")
    )


def organisation_for(user, pk) -> Organisation | None:
    return visible_organisations(user).select_related("unit").prefetch_related("districts").filter(pk=pk).first()


def visible_projects(user):
    return _public_or_scoped(Project.objects.all(), PROJECT_PUBLIC, user)


def project_rows(user, organisation: Organisation | None = None):
    qs = visible_projects(user).select_related("organisation").prefetch_related("types", "districts")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("-is_active", "name", "id")


def project_for(user, pk) -> Project | None:
    return visible_projects(user).select_related("organisation__unit").prefetch_related("types", "districts").filter(pk=pk).first()


def organisation_spaces(user, organisation: Organisation):
    return visible_spaces(user).filter(organisation=organisation).select_related("room__unit").prefetch_related("types").order_by("room__name", "id")


# --- choices for forms and filters ------------------------------------------------------------------


def types_of(kind: str):
    return ResourceType.objects.filter(kind=kind, is_active=True).order_by("sort", "code")


def space_types():
    return types_of(ResourceKind.SPACE)


def project_types():
    return types_of(ResourceKind.PROJECT)


def districts_for(user):
    """The 居民区 of the subdistricts where the user works (for "districts served" and filters): every
    居民区 under the root of each of the user's units."""
    paths = scope_paths(user, VIEW_RESOURCE) or []
    roots = {p[: SEGMENT + 1] for p in paths}
    q = Q()
    for r in roots:
        q |= Q(path__startswith=r)
    if not roots:
        return Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path")
    return Unit.objects.filter(q, kind=UnitKind.DISTRICT).order_by("path")


def change_units(user, kinds):
    """Units where the user may enter library rows (resources.change_resource), of the given kinds."""
    return Unit.objects.for_user(user, CHANGE_RESOURCE).filter(kind__in=list(kinds)).order_by("path")


def offering_organisations(current: Organisation | None = None):
    """Organisations a space may be offered by: the active ones (public), and the current one."""
    q = Q(is_active=True)
    if current is not None:
        q |= Q(pk=current.pk)
    return Organisation.objects.filter(q).order_by("kind", "name")
