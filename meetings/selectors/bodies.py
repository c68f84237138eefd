"""Reads of bodies, seats and members: what a user may see (staff by scope, members their own bodies), the
body list's rows and the body page's seats with their current holders."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from accounts.roles import VIEW_BODY
from core.scoping import scope_paths
from doorstep.models import Room
from meetings.models import Body, Membership, Seat

# A body's roles as its page names them (召集人, 记录人, 成员), not as a committee's (主任, 委员).
ROLE_LABELS = {
    "chair": pgettext_lazy("deliberative body", "Chair"),
    "secretary": pgettext_lazy("deliberative body", "Secretary"),
    "member": pgettext_lazy("deliberative body", "Member"),
}


def scope_q(user, perm: str, field: str = "unit_path") -> Q | None:
    """Q of the rows under the units where `user` holds `perm`, or None when nowhere."""
    paths = scope_paths(user, perm)
    if paths is None:
        return None
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def member_body_ids(user):
    """The bodies of which `user` is a current member (a subquery)."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none().values("body_id")
    return Membership.objects.current().filter(user=user).values("body_id")


def bodies_visible_to(user, perm: str = VIEW_BODY):
    """Bodies under the user's `perm` scope, and the bodies they sit on."""
    q = Q(pk__in=member_body_ids(user))
    scoped = scope_q(user, perm)
    return Body.objects.filter(q | scoped if scoped is not None else q)


def body_rows(qs):
    """The body list: kind, unit, seats in use and current members counted in the same query."""
    today = timezone.localdate()
    members = Membership.objects.current(today).filter(body=OuterRef("pk")).order_by().values("body").annotate(n=Count("id")).values("n")
    return qs.select_related("kind", "unit", "point").annotate(
        n_seats=Count("seats", filter=Q(seats__is_active=True), distinct=True), n_members=Coalesce(Subquery(members), 0)
    )


def seats_with_holders(body: Body) -> list[Seat]:
    """The body's seats in use, each with `holder` (its current membership or None). Two queries."""
    current = Membership.objects.current().filter(body=body).select_related("user", "resident").order_by("start", "id")
    seats = list(
        Seat.objects.filter(body=body, is_active=True)
        .select_related("organisation", "party_unit")
        .prefetch_related(Prefetch("memberships", current, to_attr="held"))
    )
    for s in seats:
        s.holder = s.held[-1] if s.held else None
        if s.holder is not None:
            s.holder.role_label = ROLE_LABELS.get(s.holder.role, s.holder.role)
    return seats


def past_members(body: Body, limit: int = 50):
    return Membership.objects.filter(body=body, end__lt=timezone.localdate()).select_related("seat").order_by("-end", "-id")[:limit]


def rooms_for(body: Body):
    """Bookable rooms that serve the body's unit: those of its unit and below, and of the units above it (the
    subdistrict's centre)."""
    path = body.unit_path
    above = [path[:i] for i in range(1, len(path) + 1) if i == len(path) or path[i] == "."]
    return (
        Room.objects.filter(Q(unit_path__startswith=path) | Q(unit_path__in=above), bookable=True, is_active=True)
        .select_related("place")
        .order_by("place__name", "name")
    )
