"""Reads for 睦邻点 and the station map: scoped lists, what needs attention, dashboard figures, GeoJSON."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone

from accounts.roles import VIEW_SERVICE
from accounts.scope import has_perm_anywhere
from doorstep.models import NeighbourhoodPoint, Place, PointActivity, PointState, SupervisionVisit

P = PointState
RUNNING = (P.ACTIVE, P.FLAGGED, P.UNDER_REVIEW)
ENDING_DAYS = 30


def points_visible(user):
    return NeighbourhoodPoint.objects.for_user(user, VIEW_SERVICE)


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass
class Attention:
    flagged: list
    ending: list
    not_visited: list
    today: datetime.date
    quarter_start: datetime.date

    @property
    def total(self) -> int:
        return len(self.flagged) + len(self.ending) + len(self.not_visited)


def needs_attention(user, today: datetime.date | None = None, limit: int = 200) -> Attention:
    """Flagged points (and those under review), running points whose project period ends within 30 days,
    and active points without a supervision visit this quarter."""
    today = today or timezone.localdate()
    q0 = quarter_start(today)
    base = points_visible(user).select_related("unit", "operator")
    visited = SupervisionVisit.objects.filter(point=OuterRef("pk"), date__gte=q0)
    return Attention(
        flagged=list(base.filter(state__in=(P.FLAGGED, P.UNDER_REVIEW)).order_by("state", "unit_path", "id")[:limit]),
        ending=list(
            base.filter(state__in=RUNNING, project_end__gte=today, project_end__lte=today + datetime.timedelta(days=ENDING_DAYS)).order_by("project_end", "id")[
                :limit
            ]
        ),
        not_visited=list(base.filter(state=P.ACTIVE).exclude(Exists(visited)).order_by("unit_path", "id")[:limit]),
        today=today,
        quarter_start=q0,
    )


def point_timeline(point):
    return list(point.transitions.select_related("by").order_by("at", "id"))


# ---- dashboard ----------------------------------------------------------------------------------


def activity_figures(points, year: int) -> dict:
    """Activities and attendance by month for the given points' queryset: in total, per 居民区, per point;
    and the points' states. Four grouped queries whatever the number of points."""
    acts = PointActivity.objects.filter(point__in=points.values("pk"), date__year=year)
    months = [0] * 12
    people = [0] * 12
    for row in acts.annotate(m=ExtractMonth("date")).values("m").annotate(n=Count("id"), a=Sum("attendance")):
        months[row["m"] - 1], people[row["m"] - 1] = row["n"], row["a"] or 0
    by_district, by_point = {}, {}
    for row in acts.annotate(m=ExtractMonth("date")).values("point__unit_id", "point__unit__name", "m").annotate(n=Count("id"), a=Sum("attendance")):
        d = by_district.setdefault(row["point__unit_id"], {"name": row["point__unit__name"], "n": [0] * 12, "a": [0] * 12})
        d["n"][row["m"] - 1], d["a"][row["m"] - 1] = row["n"], row["a"] or 0
    for row in acts.annotate(m=ExtractMonth("date")).values("point_id", "m").annotate(n=Count("id"), a=Sum("attendance")):
        d = by_point.setdefault(row["point_id"], {"n": [0] * 12, "a": [0] * 12})
        d["n"][row["m"] - 1], d["a"][row["m"] - 1] = row["n"], row["a"] or 0
    point_rows = []
    for p in points.select_related("unit").order_by("unit_path", "name").only("id", "name", "state", "is_model", "unit__name", "unit_path"):
        d = by_point.get(p.pk, {"n": [0] * 12, "a": [0] * 12})
        point_rows.append({"point": p, "n": d["n"], "a": d["a"], "total_n": sum(d["n"]), "total_a": sum(d["a"])})
    district_rows = sorted(
        ({"name": d["name"], "n": d["n"], "a": d["a"], "total_n": sum(d["n"]), "total_a": sum(d["a"])} for d in by_district.values()), key=lambda r: r["name"]
    )
    states = dict(points.order_by().values_list("state").annotate(n=Count("id")))
    return {
        "months": months,
        "attendance": people,
        "districts": district_rows,
        "points": point_rows,
        "states": [(s, P(s).label, states.get(s.value, 0)) for s in P],
        "models": points.filter(is_model=True).count(),
    }


# ---- the map of stations and points ---------------------------------------------------------------


def place_features() -> list[dict]:
    """Every station and the centre: public."""
    base = reverse("services:station-detail", args=[0])[:-2]
    rows = Place.objects.filter(lat__isnull=False, lng__isnull=False).values("id", "kind", "name", "address", "lat", "lng")
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r["lng"]), float(r["lat"])]},
            "properties": {"layer": "place", "id": r["id"], "kind": r["kind"], "name": r["name"], "address": r["address"], "url": f"{base}{r['id']}/"},
        }
        for r in rows
    ]


def point_features(user, qs=None) -> list[dict]:
    """The 睦邻点 the user may see (none for the public), with their state."""
    if not getattr(user, "is_authenticated", False) or not has_perm_anywhere(user, VIEW_SERVICE):
        return []
    qs = points_visible(user) if qs is None else qs
    base = reverse("services:point-detail", args=[0])[:-2]
    rows = (
        qs.filter(lat__isnull=False, lng__isnull=False)
        .exclude(state__in=(P.DECLINED, P.RETIRED))
        .values("id", "name", "theme", "state", "is_model", "host_name", "lat", "lng", "unit__name")
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r["lng"]), float(r["lat"])]},
            "properties": {
                "layer": "point",
                "id": r["id"],
                "name": r["name"],
                "theme": r["theme"],
                "state": r["state"],
                "state_label": str(P(r["state"]).label),
                "is_model": r["is_model"],
                "district": r["unit__name"],
                "url": f"{base}{r['id']}/",
            },
        }
        for r in rows
    ]


def map_geojson(user, points_qs=None, with_places=True) -> dict:
    features = (place_features() if with_places else []) + point_features(user, points_qs)
    return {"type": "FeatureCollection", "features": features}


def point_counts_by_state(qs) -> dict:
    return dict(qs.order_by().values_list("state").annotate(n=Count("id")))


def recent_activity_counts(point_ids, since: datetime.date) -> dict:
    return dict(PointActivity.objects.filter(point_id__in=point_ids, date__gte=since).values_list("point_id").annotate(n=Count("id")))
