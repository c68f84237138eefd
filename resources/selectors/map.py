"""资源共享导图 (S2.4): reads for the resource-sharing map and graph, in the caller's scope (VIEW_RESOURCE).

`map_features` gives one RFC 7946 FeatureCollection: a Point per 社区达人, 共享空间, 公益服务项目 (at its
organisation) and need, and a LineString need → resource per agreement or service (matches agreed or
served). `resource_graph` gives nodes (居民区, organisations, resources) and edges: organisation → the space
or project it offers, resource → the 居民区 it served (weight: matches, with their service records), and
resource → the 居民区 where it is. Both make a constant number of queries however many rows there are.

Privacy: a talent is drawn at the centre of their 居民区, never at home, unless the viewer holds
people.view_pii where the talent lives. A 居民区's position is its own, else the centre of its grids, else
its nearest ancestor's."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import VIEW_PII, VIEW_RESOURCE, VIEW_UNIT
from accounts.scope import has_perm_at, scope_paths
from org.models import SEGMENT, Unit, UnitKind
from resources.models import Match, MatchState, Need, NeedState, OrganisationKind, Resource, ResourceKind, ResourceType, ServiceRecord, TalentState

RESOURCE_KINDS = tuple(k.value for k in ResourceKind)  # talent, space, project
LAYERS = (*RESOURCE_KINDS, "need", "match")
LINE_STATES = (MatchState.AGREED, MatchState.SERVED)  # an agreement made, or a service given
CURRENT_NEED_STATES = (NeedState.OPEN, NeedState.MATCHED, NeedState.SERVED)
DETAIL = {
    "talent": "resources:talent-detail",
    "space": "resources:space-detail",
    "project": "resources:project-detail",
    "need": "resources:need-detail",
    "match": "resources:match-detail",
    "organisation": "resources:organisation-detail",
    "district": "org:unit-detail",
}


def layer_labels() -> dict:
    return {
        "talent": _("Community talents"),
        "space": _("Shared spaces"),
        "project": _("Charity projects"),
        "need": _("Needs"),
        "match": _("Agreements and services"),
    }


def feature_labels() -> dict:
    """What one feature is, for its popup."""
    return {**{k.value: str(k.label) for k in ResourceKind}, "need": _("Need"), "match": _("Agreement or service")}


@dataclass(frozen=True)
class MapQuery:
    """What to draw: layers (kinds), one type, one 居民区 (a Unit), need states, a period of whole days."""

    layers: frozenset = frozenset(LAYERS)
    type_id: int | None = None
    district: Unit | None = None
    need_states: tuple = CURRENT_NEED_STATES
    start: datetime.date | None = None
    end: datetime.date | None = None
    matched_only: bool = False  # graph: only resources with agreements or services

    @property
    def resource_kinds(self) -> list[str]:
        return [k for k in RESOURCE_KINDS if k in self.layers]


def linker(name: str, user=None, perm: str = VIEW_RESOURCE):
    """A function (pk, path) giving the detail URL named `name`; None while that page does not exist, or
    when the object's path is outside the user's scope for `perm` (its page would answer 404)."""
    try:
        sample = reverse(DETAIL[name], args=[987654321])
    except NoReverseMatch:
        return lambda pk, path=None: None
    head, tail = sample.split("987654321", 1)

    def link(pk, path=None):
        if not pk or (user is not None and path is not None and not has_perm_at(user, perm, path)):
            return None
        return f"{head}{pk}{tail}"

    return link


# ---- places ---------------------------------------------------------------------------------------


def _ring_centre(geometry) -> tuple[float, float] | None:
    """The centre (lat, lng) of a GeoJSON geometry's bounding box, or None when it has no positions."""
    xs, ys = [], []

    def walk(c):
        if isinstance(c, list | tuple) and len(c) >= 2 and all(isinstance(v, int | float) for v in c[:2]):
            xs.append(float(c[0]))
            ys.append(float(c[1]))
        elif isinstance(c, list | tuple):
            for x in c:
                walk(x)

    walk((geometry or {}).get("coordinates") if isinstance(geometry, dict) else None)
    return ((min(ys) + max(ys)) / 2, (min(xs) + max(xs)) / 2) if xs else None


def ancestry(path: str) -> list[str]:
    """The path and its ancestors' paths, nearest first."""
    return [path[: i * (SEGMENT + 1)] for i in range(len(path) // (SEGMENT + 1), 0, -1)]


class Places:
    """Subdistricts, areas and 居民区 with their positions, loaded once (two queries)."""

    def __init__(self):
        rows = list(Unit.objects.filter(kind__in=(UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT)).values("id", "kind", "name", "path", "lat", "lng"))
        grids = Unit.objects.filter(kind=UnitKind.GRID, boundary__isnull=False, parent__kind=UnitKind.DISTRICT, parent__lat__isnull=True)
        centres = defaultdict(list)
        for parent_id, boundary in grids.values_list("parent_id", "boundary"):
            c = _ring_centre(boundary)
            if c:
                centres[parent_id].append(c)
        self.by_path = {}
        for r in rows:
            if r["lat"] is not None and r["lng"] is not None:
                r["at"] = (float(r["lat"]), float(r["lng"]))
            elif centres.get(r["id"]):
                cs = centres[r["id"]]
                r["at"] = (sum(c[0] for c in cs) / len(cs), sum(c[1] for c in cs) / len(cs))
            else:
                r["at"] = None
            self.by_path[r["path"]] = r
        self.by_id = {r["id"]: r for r in rows}

    def district(self, path: str) -> dict | None:
        return next((u for p in ancestry(path) if (u := self.by_path.get(p)) and u["kind"] == UnitKind.DISTRICT), None)

    def position(self, path: str) -> tuple[float, float] | None:
        return next((u["at"] for p in ancestry(path) if (u := self.by_path.get(p)) and u["at"]), None)

    def districts_in_scope(self, user) -> list[dict]:
        roots = scope_paths(user, VIEW_RESOURCE) or []
        return sorted(
            (u for u in self.by_path.values() if u["kind"] == UnitKind.DISTRICT and any(u["path"].startswith(r) or r.startswith(u["path"]) for r in roots)),
            key=lambda u: u["path"],
        )


def district_choices(user) -> list[tuple[int, str]]:
    """(id, name) of the 居民区 in the user's scope, including the one above a grid worker's grid (one query)."""
    roots = scope_paths(user, VIEW_RESOURCE) or []
    if not roots:
        return []
    q = Q()
    for r in roots:
        q |= Q(path__startswith=r) | Q(path__in=ancestry(r))
    return list(Unit.objects.filter(q, kind=UnitKind.DISTRICT).order_by("path").values_list("id", "name"))


def type_choices() -> list[tuple[int, str]]:
    return [(t.pk, t.label) for t in ResourceType.objects.filter(is_active=True)]


def _type_label(row: dict, prefix: str) -> str:
    en = (translation.get_language() or "").startswith("en")
    return (row[f"{prefix}name_en"] or row[f"{prefix}name"]) if en else row[f"{prefix}name"]


def _types_of(through, key: str, ids_qs) -> dict[int, list[dict]]:
    """{owner id: [{id, code, name}]} for the rows of `ids_qs` through an M2M to ResourceType (one query)."""
    out = defaultdict(list)
    rows = through.objects.filter(**{f"{key}__in": ids_qs}).order_by("resourcetype__sort", "resourcetype_id")
    for r in rows.values(key, "resourcetype_id", "resourcetype__code", "resourcetype__name", "resourcetype__name_en"):
        out[r[key]].append({"id": r["resourcetype_id"], "code": r["resourcetype__code"], "name": _type_label(r, "resourcetype__")})
    return out


# ---- the querysets, filtered alike for the map and the graph ----------------------------------------


def _day_range(start, end):
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz) if start else None
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz) if end else None
    return lo, hi


def _records_in_period(q: MapQuery) -> Q:
    cond = Q()
    if q.start:
        cond &= Q(records__served_on__gte=q.start)
    if q.end:
        cond &= Q(records__served_on__lte=q.end)
    return cond


def lines(user, q: MapQuery):
    """Matches agreed or served in the user's scope (the need's), filtered; made in the period or served in it."""
    qs = Match.objects.for_user(user, VIEW_RESOURCE).filter(state__in=LINE_STATES)
    kinds = q.resource_kinds
    if kinds and len(kinds) < len(RESOURCE_KINDS):
        qs = qs.filter(resource__kind__in=kinds)
    if q.type_id:
        need_has = Need.types.through.objects.filter(need_id=OuterRef("need_id"), resourcetype_id=q.type_id)
        resource_has = Resource.types.through.objects.filter(resource_id=OuterRef("resource_id"), resourcetype_id=q.type_id)
        qs = qs.filter(Q(Exists(need_has)) | Q(Exists(resource_has)))
    if q.district is not None:
        qs = qs.filter(Q(unit_path__startswith=q.district.path) | Q(resource__unit_path__startswith=q.district.path))
    if q.start or q.end:
        lo, hi = _day_range(q.start, q.end)
        made = Q()
        if lo:
            made &= Q(made_at__gte=lo)
        if hi:
            made &= Q(made_at__lt=hi)
        served = ServiceRecord.objects.filter(match_id=OuterRef("pk"))
        if q.start:
            served = served.filter(served_on__gte=q.start)
        if q.end:
            served = served.filter(served_on__lte=q.end)
        qs = qs.annotate(made_at=Coalesce("agreed_at", "created_at")).filter(made | Q(Exists(served)))
    return qs


def resources(user, q: MapQuery, kinds=None):
    """Resources that can be matched, in the user's scope, filtered."""
    qs = Resource.objects.for_user(user, VIEW_RESOURCE).filter(is_active=True, kind__in=q.resource_kinds if kinds is None else kinds)
    if q.type_id:
        qs = qs.filter(types=q.type_id)
    if q.start:
        qs = qs.filter(Q(available_to__isnull=True) | Q(available_to__gte=q.start))
    if q.end:
        qs = qs.filter(Q(available_from__isnull=True) | Q(available_from__lte=q.end))
    return qs


def needs(user, q: MapQuery):
    qs = Need.objects.for_user(user, VIEW_RESOURCE).filter(state__in=q.need_states)
    if q.type_id:
        qs = qs.filter(types=q.type_id)
    if q.district is not None:
        qs = qs.filter(unit_path__startswith=q.district.path)
    if q.start:
        qs = qs.filter(end_date__gte=q.start)
    if q.end:
        qs = qs.filter(start_date__lte=q.end)
    return qs


# ---- the map -----------------------------------------------------------------------------------------


def _point(at: tuple[float, float]) -> dict:
    return {"type": "Point", "coordinates": [round(at[1], 6), round(at[0], 6)]}


def _at(lat, lng) -> tuple[float, float] | None:
    return (float(lat), float(lng)) if lat is not None and lng is not None else None


class _Placer:
    """Where a resource is drawn: its own position, except a talent's (their 居民区's, unless the viewer may see personal data there)."""

    def __init__(self, user, places: Places):
        self.user, self.places = user, places

    def resource(self, kind, unit_path, lat, lng) -> tuple[tuple[float, float] | None, str]:
        if kind == ResourceKind.TALENT and not has_perm_at(self.user, VIEW_PII, unit_path):
            return self.places.position(unit_path), "district"
        own = _at(lat, lng)
        return (own, "own") if own else (self.places.position(unit_path), "district")

    def need(self, unit_path, lat, lng, point_lat, point_lng) -> tuple[float, float] | None:
        return _at(lat, lng) or _at(point_lat, point_lng) or self.places.position(unit_path)


def _district_ref(places: Places, path: str) -> dict | None:
    d = places.district(path)
    return {"id": d["id"], "name": d["name"]} if d else None


def resource_features(user, q: MapQuery, places: Places, placer: _Placer, counts: dict) -> list[dict]:
    qs = resources(user, q)
    if q.district is not None:
        qs = qs.filter(unit_path__startswith=q.district.path)
    types = _types_of(Resource.types.through, "resource_id", qs.values("pk"))
    links = {k: linker(k) for k in RESOURCE_KINDS}
    org_link = linker("organisation", user)
    labels = feature_labels()
    fields = ("id", "kind", "name", "unit_path", "lat", "lng", "capacity", "capacity_per_period", "committed", "reach_m", "cost")
    fields += ("talent_id", "space_id", "project_id", "talent__state", "organisation_id", "organisation__name", "organisation__unit_path")
    out = []
    for r in qs.order_by("kind", "unit_path", "id").values(*fields):
        at, placed = placer.resource(r["kind"], r["unit_path"], r["lat"], r["lng"])
        if at is None:
            continue
        source_id = r["talent_id"] or r["space_id"] or r["project_id"]
        state = r["talent__state"] or "active"
        n = counts.get(r["id"], {})
        out.append({
            "type": "Feature", "id": f"{r['kind']}-{source_id}", "geometry": _point(at),
            "properties": {
                "layer": r["kind"], "kind_label": labels[r["kind"]], "id": source_id, "resource_id": r["id"], "name": r["name"],
                "types": types.get(r["id"], []), "district": _district_ref(places, r["unit_path"]), "placed": placed,
                "capacity": r["capacity"], "per_period": r["capacity_per_period"], "committed": r["committed"], "reach_m": r["reach_m"],
                "cost": float(r["cost"]), "state": state, "state_label": _state_label(r["kind"], state),
                "organisation": {"id": r["organisation_id"], "name": r["organisation__name"], "url": org_link(r["organisation_id"], r["organisation__unit_path"])} if r["organisation_id"] else None,
                "matches": n.get("matches", 0), "records": n.get("records", 0), "url": links[r["kind"]](source_id),
            },
        })  # fmt: skip
    return out


def _state_label(kind: str, state: str) -> str:
    if kind == ResourceKind.TALENT:
        return str(TalentState(state).label) if state in TalentState.values else state
    return _("Offered")


def need_features(user, q: MapQuery, places: Places, placer: _Placer) -> list[dict]:
    qs = needs(user, q)
    types = _types_of(Need.types.through, "need_id", qs.values("pk"))
    link, label = linker("need"), feature_labels()["need"]
    rows = (
        qs.order_by("unit_path", "id")
        .annotate(
            n_proposed=Count("matches", filter=Q(matches__state=MatchState.PROPOSED)),
            n_agreed=Count("matches", filter=Q(matches__state__in=LINE_STATES)),
        )
        .values("id", "title", "state", "unit_path", "lat", "lng", "point__lat", "point__lng", "point__name", "people", "budget", "start_date", "end_date", "requester", "n_proposed", "n_agreed")
    )  # fmt: skip
    out = []
    for r in rows:
        at = placer.need(r["unit_path"], r["lat"], r["lng"], r["point__lat"], r["point__lng"])
        if at is None:
            continue
        out.append({
            "type": "Feature", "id": f"need-{r['id']}", "geometry": _point(at),
            "properties": {
                "layer": "need", "kind_label": label, "id": r["id"], "name": r["title"], "types": types.get(r["id"], []),
                "district": _district_ref(places, r["unit_path"]), "point": r["point__name"], "requester": r["requester"],
                "capacity": r["people"], "people": r["people"], "budget": float(r["budget"]) if r["budget"] is not None else None,
                "from": r["start_date"].isoformat(), "to": r["end_date"].isoformat(),
                "state": r["state"], "state_label": str(NeedState(r["state"]).label),
                "proposed": r["n_proposed"], "matches": r["n_agreed"], "url": link(r["id"]),
            },
        })  # fmt: skip
    return out


def line_features(user, q: MapQuery, places: Places, placer: _Placer) -> list[dict]:
    link, label = linker("match"), feature_labels()["match"]
    fields = ("id", "state", "agreed_at", "unit_path", "need_id", "need__title", "need__lat", "need__lng", "need__point__lat", "need__point__lng")
    fields += ("resource_id", "resource__kind", "resource__name", "resource__unit_path", "resource__lat", "resource__lng")
    rows = (
        lines(user, q)
        .order_by("id")
        .annotate(n_records=Count("records", filter=_records_in_period(q)), n_people=Sum("records__people_served", filter=_records_in_period(q)))
        .values(*fields, "n_records", "n_people")
    )
    out = []
    for r in rows:
        a = placer.need(r["unit_path"], r["need__lat"], r["need__lng"], r["need__point__lat"], r["need__point__lng"])
        b, _placed = placer.resource(r["resource__kind"], r["resource__unit_path"], r["resource__lat"], r["resource__lng"])
        if a is None or b is None:
            continue
        out.append({
            "type": "Feature", "id": f"match-{r['id']}",
            "geometry": {"type": "LineString", "coordinates": [_point(a)["coordinates"], _point(b)["coordinates"]]},
            "properties": {
                "layer": "match", "kind_label": label, "id": r["id"], "name": f"{r['need__title']} ← {r['resource__name']}",
                "need": {"id": r["need_id"], "name": r["need__title"]}, "resource": {"id": r["resource_id"], "kind": r["resource__kind"], "name": r["resource__name"]},
                "district": _district_ref(places, r["unit_path"]), "state": r["state"], "state_label": str(MatchState(r["state"]).label),
                "agreed_at": timezone.localtime(r["agreed_at"]).date().isoformat() if r["agreed_at"] else None,
                "records": r["n_records"], "people_served": r["n_people"] or 0, "url": link(r["id"]),
            },
        })  # fmt: skip
    return out


def match_counts(user, q: MapQuery) -> dict[int, dict]:
    """{resource id: {"matches": n, "records": n}} of the agreements and services in the user's scope (one query)."""
    rows = lines(user, MapQuery(start=q.start, end=q.end)).order_by().values("resource_id")
    rows = rows.annotate(matches=Count("id", distinct=True), records=Count("records", filter=_records_in_period(q)))
    return {r["resource_id"]: {"matches": r["matches"], "records": r["records"]} for r in rows}


def map_features(user, q: MapQuery) -> dict:
    """The filtered layers as one GeoJSON FeatureCollection (coordinates [lng, lat], WGS 84)."""
    places = Places()
    placer = _Placer(user, places)
    features = []
    if q.resource_kinds:
        features += resource_features(user, q, places, placer, match_counts(user, q))
    if "need" in q.layers:
        features += need_features(user, q, places, placer)
    if "match" in q.layers:
        features += line_features(user, q, places, placer)
    return {"type": "FeatureCollection", "features": features}


# ---- the graph ---------------------------------------------------------------------------------------

CATEGORIES = ("district", OrganisationKind.CO_BUILDING.value, OrganisationKind.ENTERPRISE.value, OrganisationKind.SOCIAL_ORG.value, *RESOURCE_KINDS)


def category_labels() -> dict:
    return {
        "district": _("Residential districts"),
        OrganisationKind.CO_BUILDING.value: _("Co-building units"),
        OrganisationKind.ENTERPRISE.value: _("Charity enterprises"),
        OrganisationKind.SOCIAL_ORG.value: _("Social organisations"),
        **{k: v for k, v in layer_labels().items() if k in RESOURCE_KINDS},
    }


def category_label_one() -> dict:
    """A category's name for one node (the table's tags)."""
    return {
        "district": str(UnitKind.DISTRICT.label),
        **{k.value: str(k.label) for k in OrganisationKind},
        **{k.value: str(k.label) for k in ResourceKind},
    }


def relation_labels() -> dict:
    return {"serves": _("served"), "offers": _("offers"), "located": _("is in")}


@dataclass
class Graph:
    nodes: dict = field(default_factory=dict)  # id -> node
    edges: list = field(default_factory=list)

    def node(self, nid, name, category, kind, url):
        if nid not in self.nodes:
            self.nodes[nid] = {"id": nid, "name": name, "category": CATEGORIES.index(category), "kind": kind, "matches": 0, "records": 0, "url": url}
        return self.nodes[nid]


def resource_graph(user, q: MapQuery) -> dict:
    """Which units and resources serve which 居民区: {"categories", "nodes", "edges"}; node "matches" counts
    the agreements and services it took part in, edge "matches"/"records" those along the edge."""
    places = Places()
    scope_districts = places.districts_in_scope(user)
    kinds = q.resource_kinds or list(RESOURCE_KINDS)
    served = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # resource id -> district id -> [matches, records]
    rows = lines(user, q).order_by().values("resource_id", "unit_path")
    for r in rows.annotate(matches=Count("id", distinct=True), records=Count("records", filter=_records_in_period(q))):
        d = places.district(r["unit_path"])
        if d is not None:
            served[r["resource_id"]][d["id"]][0] += r["matches"]
            served[r["resource_id"]][d["id"]][1] += r["records"]

    mine = resources(user, q, kinds)
    if q.district is not None:
        mine = mine.filter(unit_path__startswith=q.district.path)
    if q.matched_only:
        mine = mine.none()
    matched_ids = lines(user, q).values("resource_id")
    fields = (
        "id",
        "kind",
        "name",
        "unit_path",
        "talent_id",
        "space_id",
        "project_id",
        "organisation_id",
        "organisation__name",
        "organisation__kind",
        "organisation__unit_path",
    )
    res_rows = list(Resource.objects.filter(Q(pk__in=mine.values("pk")) | Q(pk__in=matched_ids)).order_by("kind", "unit_path", "id").values(*fields))

    g = Graph()
    labels = category_labels()
    district_link = linker("district", user, VIEW_UNIT)
    for d in scope_districts:
        if q.district is None or d["id"] == q.district.pk:
            g.node(f"d{d['id']}", d["name"], "district", "district", district_link(d["id"], d["path"]))
    links = {k: linker(k, user) for k in RESOURCE_KINDS}
    org_link = linker("organisation", user)
    for r in res_rows:
        rid = f"r{r['id']}"
        source_id = r["talent_id"] or r["space_id"] or r["project_id"]
        g.node(rid, r["name"], r["kind"], r["kind"], links[r["kind"]](source_id, r["unit_path"]))
        for d_id, (n, recs) in served.get(r["id"], {}).items():
            d = places.by_id[d_id]
            g.node(f"d{d_id}", d["name"], "district", "district", district_link(d_id, d["path"]))
            g.edges.append({"source": rid, "target": f"d{d_id}", "relation": "serves", "matches": n, "records": recs})
            for nid in (rid, f"d{d_id}"):
                g.nodes[nid]["matches"] += n
                g.nodes[nid]["records"] += recs
        home = places.district(r["unit_path"])
        if home is not None and (f"d{home['id']}" in g.nodes or q.district is None):
            g.node(f"d{home['id']}", home["name"], "district", "district", district_link(home["id"], home["path"]))
            g.edges.append({"source": rid, "target": f"d{home['id']}", "relation": "located", "matches": 0, "records": 0})
        if r["organisation_id"]:
            oid = f"o{r['organisation_id']}"
            org = g.node(oid, r["organisation__name"], r["organisation__kind"], "organisation", org_link(r["organisation_id"], r["organisation__unit_path"]))
            g.edges.append({"source": oid, "target": rid, "relation": "offers", "matches": 0, "records": 0})
            org["matches"] += g.nodes[rid]["matches"]
            org["records"] += g.nodes[rid]["records"]
    rel = relation_labels()
    order = {"serves": 0, "offers": 1, "located": 2}
    g.edges.sort(key=lambda e: (order[e["relation"]], -e["matches"], e["source"], e["target"]))
    for e in g.edges:
        e["relation_label"] = rel[e["relation"]]
        e["weight"] = e["matches"]
    return {
        "categories": [{"key": c, "name": labels[c]} for c in CATEGORIES],
        "nodes": list(g.nodes.values()),
        "edges": g.edges,
        "totals": {
            "matches": sum(n for per in served.values() for n, _r in per.values()),
            "records": sum(r for per in served.values() for _n, r in per.values()),
        },
    }
