"""The base layer drawn from the project's own records, for maps with no tile server (issue 15 item 3).

What it holds: 居民区 areas (their own boundary, else the outline of their grids) with their names, grid
outlines with their names, buildings as points with their address, and the named street segments of the
grids (全要素) as labels at their point. Roads are not drawn: a street segment is stored as one point, not a
line. Never residents, houses, shops or anyone's contact.

Two sides of one layer:
- staff (a view scope at a grid or above): the units of their scope, each with its id and page;
- everyone else (visitors, residents): every 居民区, grid and building, names and addresses only, which are
  public (they are on the door).

It is built with a fixed number of queries and kept in the cache per side and scope (`layer_for`); a change
to a unit or a grid element moves the version on (org/apps.py), and entries expire after CACHE_SECONDS
anyway (bulk writes send no signal). The search over building addresses and unit names (`search`) reads
the same cached entries, by Chinese text or pinyin initials ("by" finds 白云).
"""

import hashlib

from django.core.cache import cache
from django.urls import reverse

from core.pinyin import pinyin_keys
from core.scoping import scope_paths
from org.geometry import label_point, merged_outline
from org.models import SEGMENT, VIEW_UNIT, ElementKind, GridElement, Unit, UnitKind

CACHE_SECONDS = 600
VERSION_KEY = "org:basemap:version"
KINDS = (UnitKind.DISTRICT, UnitKind.GRID, UnitKind.BUILDING)
STAFF_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)
SEARCH_LIMIT = 10
KIND_RANK = {"district": 0, "grid": 1, "street": 2, "building": 3}


def bump_version(sender=None, instance=None, **_kwargs) -> None:
    """A 居民区, grid, building or grid element changed: the cached layers are out of date (signal receiver)."""
    if sender is Unit and getattr(instance, "kind", None) not in KINDS:
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def staff_roots(user) -> list[str] | None:
    """The paths of the user's view scope at a grid or above, or None when the user sees the public side."""
    paths = scope_paths(user, VIEW_UNIT) if user.is_authenticated else None
    if not paths:
        return None
    roots = sorted(Unit.objects.filter(path__in=paths, kind__in=STAFF_KINDS).values_list("path", flat=True))
    return roots or None


def layer_for(user) -> dict:
    """{"staff": bool, "features": [...], "index": [...]} for the user's side, from the cache when it is there."""
    roots = staff_roots(user)
    scope = "public" if roots is None else hashlib.sha256("|".join(roots).encode()).hexdigest()[:24]
    key = f"org:basemap:{cache.get_or_set(VERSION_KEY, 1, timeout=None)}:{scope}"
    layer = cache.get(key)
    if layer is None:
        layer = build(roots)
        cache.set(key, layer, timeout=CACHE_SECONDS)
    return layer


def _ll(lat, lng):
    return [round(float(lng), 6), round(float(lat), 6)]


def _ancestor(path: str, by_path: dict):
    """The nearest ancestor of `path` among `by_path` (a dict path -> row)."""
    for i in range(path.count(".") - 1, 0, -1):
        row = by_path.get(path[: i * (SEGMENT + 1)])
        if row is not None:
            return row
    return None


def build(roots: list[str] | None) -> dict:
    """The layer for a scope (a list of root paths) or for the public (None): three queries."""
    from django.db.models import Q

    where = Q()
    for p in roots or []:
        where |= Q(path__startswith=p)
    units = list(Unit.objects.filter(where, kind__in=KINDS).order_by("path").values("pk", "kind", "name", "path", "address", "boundary", "lat", "lng"))
    have = {u["path"] for u in units if u["kind"] == UnitKind.DISTRICT}
    # the 居民区 a grid worker's buildings belong to, named in their addresses though outside the scope
    missing = {u["path"][: i * (SEGMENT + 1)] for u in units for i in range(1, u["path"].count("."))} - have if roots is not None else set()
    outside = {d["path"]: d for d in Unit.objects.filter(path__in=missing, kind=UnitKind.DISTRICT).values("pk", "name", "path")} if missing else {}
    districts = {u["path"]: u for u in units if u["kind"] == UnitKind.DISTRICT}
    named = {**outside, **districts}
    streets = GridElement.objects.filter(kind=ElementKind.STREET, is_active=True, lat__isnull=False, lng__isnull=False)
    if roots is not None:
        street_where = Q()
        for p in roots:
            street_where |= Q(unit_path__startswith=p)
        streets = streets.filter(street_where)
    streets = list(streets.order_by("unit_path", "name").values("pk", "name", "unit_path", "lat", "lng"))

    staff = roots is not None
    features, index = [], []

    def add(kind, row, geometry, label_at, **props):
        props = {"kind": kind, "name": row["name"], **props}
        if label_at is not None:
            props["at"] = [round(label_at[0], 6), round(label_at[1], 6)]
        if staff and kind != "street":
            props.update(id=row["pk"], url=reverse("org:unit-detail", args=[row["pk"]]))
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
        text = props.get("address") or props["name"]
        full, initials = pinyin_keys(text)
        name_full, name_initials = pinyin_keys(row["name"])
        index.append(
            {
                "kind": kind,
                "label": text,
                "name": row["name"],
                "keys": (text.lower(), full, initials, name_full, name_initials),
                "at": props.get("at"),
                "box": _box(geometry),
            }
        )

    grid_shapes = {}
    for u in units:
        district = _ancestor(u["path"], districts) if u["kind"] == UnitKind.GRID and u["boundary"] else None
        if district is not None:
            grid_shapes.setdefault(district["path"], []).append(u["boundary"])
    for u in units:
        if u["kind"] != UnitKind.DISTRICT:
            continue
        geometry = u["boundary"] or merged_outline(grid_shapes.get(u["path"], []))
        if not geometry:
            continue
        at = (float(u["lng"]), float(u["lat"])) if u["lat"] is not None and u["lng"] is not None else label_point(geometry)
        add("district", u, geometry, at)
    for u in units:
        if u["kind"] != UnitKind.GRID or not u["boundary"]:
            continue
        district = _ancestor(u["path"], named)
        at = (float(u["lng"]), float(u["lat"])) if u["lat"] is not None and u["lng"] is not None else label_point(u["boundary"])
        add("grid", u, u["boundary"], at, district=district["name"] if district else "")
    for u in units:
        if u["kind"] != UnitKind.BUILDING or u["lat"] is None or u["lng"] is None:
            continue
        district = _ancestor(u["path"], named)
        address = u["address"] or ((district["name"] if district else "") + u["name"])
        point = _ll(u["lat"], u["lng"])
        add("building", u, {"type": "Point", "coordinates": point}, point, address=address)
    for s in streets:
        point = _ll(s["lat"], s["lng"])
        add("street", s, {"type": "Point", "coordinates": point}, point)
    return {"staff": staff, "features": features, "index": index}


def _box(geometry) -> list[float] | None:
    """[west, south, east, north] of a polygon, None for a point."""
    if geometry.get("type") == "Point":
        return None
    coords = geometry["coordinates"]
    rings = [r for p in coords for r in p] if geometry["type"] == "MultiPolygon" else coords
    xs = [float(p[0]) for r in rings for p in r]
    ys = [float(p[1]) for r in rings for p in r]
    return [min(xs), min(ys), max(xs), max(ys)] if xs else None


def _score(entry, tokens) -> int | None:
    """How well every token matches an entry (lower is better), or None when one does not."""
    text, full, initials, name_full, name_initials = entry["keys"]
    score = KIND_RANK[entry["kind"]]
    for t in tokens:
        if t.isascii() and t.isalpha():
            if name_initials.startswith(t) or name_full.startswith(t):
                continue
            if initials.startswith(t) or full.startswith(t):
                score += 1
            elif t in initials or t in full:
                score += 3
            else:
                return None
        elif t in text:
            score += 0 if text.startswith(t) or entry["name"].lower() == t else 1
        else:
            return None
    return score


def search(user, query: str, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Building addresses and unit names (居民区, grid, building, street) matching every word of `query`, best
    first: Chinese text anywhere in the address or name, Latin letters as pinyin (initials or full)."""
    tokens = [t for t in query.lower().split() if t][:5]
    if not tokens:
        return []
    found = []
    for n, entry in enumerate(layer_for(user)["index"]):
        s = _score(entry, tokens)
        if s is not None:
            found.append((s, len(entry["label"]), n, entry))
    found.sort(key=lambda x: x[:3])
    return [
        {
            "kind": e["kind"],
            "label": e["label"],
            "lat": e["at"][1] if e["at"] else None,
            "lng": e["at"][0] if e["at"] else None,
            "bounds": [[e["box"][1], e["box"][0]], [e["box"][3], e["box"][2]]] if e["box"] else None,
        }
        for *_rest, e in found[:limit]
    ]
