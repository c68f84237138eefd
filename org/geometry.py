"""Plain plane geometry for grid boundaries (no GIS library): validity, area, overlap, containment.

Boundaries are GeoJSON Polygons in WGS84 longitude/latitude. Areas and overlaps are computed after a
local equirectangular projection to metres, which at the size of a subdistrict (a few km) is exact
to well under one per cent. Overlap areas come from triangulating both polygons (ear clipping) and
clipping triangle against triangle (Sutherland–Hodgman works for convex clip polygons); the pieces of
a triangulation do not overlap, so the sum of the pieces is the area of the intersection.
"""

import math

M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LNG_EQUATOR = 111_320.0
MAX_VERTICES = 500
EPS = 1e-12


class GeometryError(ValueError):
    """A boundary that is not a valid polygon; the message is an English msgid for gettext."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def ring_of(geometry) -> list[tuple[float, float]]:
    """The exterior ring of a GeoJSON Polygon as (lng, lat) tuples without the closing repeat.

    Raises GeometryError when the value is not a Polygon of one closed, simple ring of valid coordinates."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise GeometryError("The boundary must be a GeoJSON Polygon.")
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or len(rings) != 1 or not isinstance(rings[0], list):
        raise GeometryError("The boundary must be one polygon ring, without holes.")
    points = []
    for position in rings[0]:
        if not isinstance(position, list | tuple) or len(position) < 2 or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position[:2]):
            raise GeometryError("Every vertex must be a [longitude, latitude] pair of numbers.")
        try:
            lng, lat = float(position[0]), float(position[1])
        except OverflowError:
            lng = lat = math.inf
        if not (math.isfinite(lng) and math.isfinite(lat) and -180 <= lng <= 180 and -90 <= lat <= 90):
            raise GeometryError("Every vertex must be a [longitude, latitude] pair of numbers.")
        points.append((lng, lat))
    if len(points) >= 2 and points[0] == points[-1]:
        points.pop()
    deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(deduped) > 1 and deduped[0] == deduped[-1]:
        deduped.pop()
    if len(deduped) < 3:
        raise GeometryError("A boundary needs at least three distinct vertices.")
    if len(deduped) > MAX_VERTICES:
        raise GeometryError("A boundary may have at most %(max)s vertices.", max=MAX_VERTICES)
    return deduped


def to_metres(ring, origin_lat: float) -> list[tuple[float, float]]:
    k = M_PER_DEG_LNG_EQUATOR * math.cos(math.radians(origin_lat))
    return [(lng * k, lat * M_PER_DEG_LAT) for lng, lat in ring]


def signed_area(pts) -> float:
    return sum(pts[i - 1][0] * pts[i][1] - pts[i][0] * pts[i - 1][1] for i in range(len(pts))) / 2.0


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a, b, p) -> bool:
    return min(a[0], b[0]) - EPS <= p[0] <= max(a[0], b[0]) + EPS and min(a[1], b[1]) - EPS <= p[1] <= max(a[1], b[1]) + EPS


def segments_intersect(a, b, c, d) -> bool:
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if ((o1 > 0 and o2 < 0) or (o1 < 0 and o2 > 0)) and ((o3 > 0 and o4 < 0) or (o3 < 0 and o4 > 0)):
        return True
    return (
        (o1 == 0 and _on_segment(a, b, c)) or (o2 == 0 and _on_segment(a, b, d)) or (o3 == 0 and _on_segment(c, d, a)) or (o4 == 0 and _on_segment(c, d, b))
    )


def is_simple(pts) -> bool:
    """No two non-adjacent edges of the closed ring touch or cross (O(n²), n is at most MAX_VERTICES)."""
    n = len(pts)
    edges = [(pts[i], pts[(i + 1) % n]) for i in range(n)]
    boxes = [(min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])) for a, b in edges]
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                continue
            bi, bj = boxes[i], boxes[j]
            if bi[1] < bj[0] or bj[1] < bi[0] or bi[3] < bj[2] or bj[3] < bi[2]:
                continue
            if segments_intersect(*edges[i], *edges[j]):
                return False
    return True


class Shape:
    """A validated polygon, in metres around a common origin latitude, with its triangulation."""

    def __init__(self, geometry, origin_lat: float | None = None):
        ring = ring_of(geometry)
        self.origin_lat = origin_lat if origin_lat is not None else sum(lat for _lng, lat in ring) / len(ring)
        pts = to_metres(ring, self.origin_lat)
        if not is_simple(pts):
            raise GeometryError("The boundary crosses itself.")
        area = signed_area(pts)
        if abs(area) < 1e-6:
            raise GeometryError("The boundary encloses no area.")
        if area < 0:
            pts.reverse()
        self.pts = pts
        self.area = abs(area)
        self._triangles = None
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        self.box = (min(xs), max(xs), min(ys), max(ys))

    @property
    def triangles(self):
        if self._triangles is None:
            self._triangles = triangulate(self.pts)
        return self._triangles

    def intersection_area(self, other: "Shape") -> float:
        a, b = self.box, other.box
        if a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]:
            return 0.0
        if len(other.pts) < len(self.pts):
            return other.intersection_area(self)
        # clip the larger polygon (concave allowed: Sutherland–Hodgman against a convex clip region gives the
        # right area, its degenerate edges enclosing none) by each triangle of the smaller one
        total = 0.0
        for t in self.triangles:
            tb = _box(t)
            if tb[1] <= b[0] or b[1] <= tb[0] or tb[3] <= b[2] or b[3] <= tb[2]:
                continue
            total += abs(signed_area(clip_convex(other.pts, t)))
        return total


def _box(tri):
    xs, ys = [p[0] for p in tri], [p[1] for p in tri]
    return (min(xs), max(xs), min(ys), max(ys))


def _point_in_triangle(p, a, b, c) -> bool:
    return _orient(a, b, p) >= 0 and _orient(b, c, p) >= 0 and _orient(c, a, p) >= 0


def triangulate(pts) -> list[tuple]:
    """Ear clipping of a simple counter-clockwise polygon: n - 2 triangles covering it exactly."""
    idx = list(range(len(pts)))
    out = []
    guard = 0
    while len(idx) > 3 and guard < 10 * len(pts) * len(pts):
        guard += 1
        n = len(idx)
        for k in range(n):
            i0, i1, i2 = idx[k - 1], idx[k], idx[(k + 1) % n]
            a, b, c = pts[i0], pts[i1], pts[i2]
            if _orient(a, b, c) <= 0:
                continue  # reflex or flat corner
            if any(_point_in_triangle(pts[j], a, b, c) for j in idx if j not in (i0, i1, i2) and pts[j] not in (a, b, c)):
                continue
            out.append((a, b, c))
            idx.pop(k)
            break
        else:  # numerical trouble: drop the flattest corner and go on
            k = min(range(n), key=lambda k: abs(_orient(pts[idx[k - 1]], pts[idx[k]], pts[idx[(k + 1) % n]])))
            idx.pop(k)
    if len(idx) == 3:
        out.append(tuple(pts[i] for i in idx))
    return out


def clip_convex(subject, clip) -> list:
    """Sutherland–Hodgman: the part of polygon `subject` inside the convex counter-clockwise `clip`."""
    output = list(subject)
    for i in range(len(clip)):
        a, b = clip[i - 1], clip[i]
        inp, output = output, []
        if not inp:
            break
        for j in range(len(inp)):
            p, q = inp[j - 1], inp[j]
            p_in, q_in = _orient(a, b, p) >= 0, _orient(a, b, q) >= 0
            if q_in:
                if not p_in:
                    output.append(_cross_point(p, q, a, b))
                output.append(q)
            elif p_in:
                output.append(_cross_point(p, q, a, b))
    return output if len(output) >= 3 else []


def _cross_point(p, q, a, b):
    dpx, dpy = q[0] - p[0], q[1] - p[1]
    dax, day = b[0] - a[0], b[1] - a[1]
    denom = dpx * day - dpy * dax
    if denom == 0:
        return q
    t = ((a[0] - p[0]) * day - (a[1] - p[1]) * dax) / denom
    return (p[0] + t * dpx, p[1] + t * dpy)


def shape_or_none(geometry, origin_lat: float | None = None) -> Shape | None:
    """The Shape of a stored boundary, or None when it is missing or not a valid polygon."""
    if not geometry:
        return None
    try:
        return Shape(geometry, origin_lat)
    except GeometryError:
        return None


def _closed(ring) -> list[list[float]]:
    return [list(p) for p in ring] + [list(ring[0])]


def _inside(p, ring) -> bool:
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def merged_outline(boundaries) -> dict | None:
    """The outline of polygons that tile an area edge to edge (a 居民区 drawn as the union of its grids).

    Grids drawn against each other share their corners: an edge used by two grids in opposite directions is
    inside the union and cancels, the edges left chain into the outer rings (counter-clockwise) and holes
    (clockwise). Polygons that do not meet corner to corner (an edge ending on a neighbour's edge, overlaps)
    give a MultiPolygon of the polygons as they are, which draws the same area without one outline."""
    rings = []
    for b in boundaries:
        try:
            ring = ring_of(b)
        except GeometryError:
            continue
        rings.append(ring if signed_area(ring) > 0 else ring[::-1])
    if not rings:
        return None
    as_they_are = {"type": "MultiPolygon", "coordinates": [[_closed(r)] for r in rings]}
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": [_closed(rings[0])]}
    edges = {}
    for r in rings:
        for i in range(len(r)):
            e = (r[i], r[(i + 1) % len(r)])
            if e in edges:
                return as_they_are  # two polygons run along one edge the same way: they overlap
            edges[e] = True
    nxt = {}
    for a, b in edges:
        if (b, a) in edges:
            continue
        if a in nxt:
            return as_they_are  # two outline edges leave one corner: a pinch, ambiguous to chain
        nxt[a] = b
    out, holes = [], []
    while nxt:
        start, here = next(iter(nxt.items()))
        ring = [start]
        del nxt[start]
        while here != start:
            if here not in nxt or len(ring) > len(edges):
                return as_they_are
            ring.append(here)
            here = nxt.pop(here)
        if len(ring) < 3 or not is_simple(ring):
            return as_they_are
        (out if signed_area(ring) > 0 else holes).append(ring)
    if not out:
        return as_they_are
    polygons = [[r] for r in out]
    for h in holes:
        owner = next((p for p in polygons if _inside(h[0], p[0]) or _inside(((h[0][0] + h[1][0]) / 2, (h[0][1] + h[1][1]) / 2), p[0])), None)
        if owner is None:
            return as_they_are
        owner.append(h)
    polygons = [[_closed(r) for r in p] for p in polygons]
    return {"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1 else {"type": "MultiPolygon", "coordinates": polygons}


def label_point(geometry) -> tuple[float, float] | None:
    """Where a polygon's name goes, as (lng, lat): the area centroid of its largest outer ring."""
    if not geometry:
        return None
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    outers = [p[0] for p in coords] if kind == "MultiPolygon" else [coords[0]] if kind == "Polygon" and coords else []
    best, best_area = None, 0.0
    for ring in outers:
        pts = [(float(p[0]), float(p[1])) for p in ring[:-1]] if len(ring) > 3 else []
        area = signed_area(pts) if pts else 0.0
        if abs(area) > best_area:
            cx = sum((pts[i - 1][0] + pts[i][0]) * (pts[i - 1][0] * pts[i][1] - pts[i][0] * pts[i - 1][1]) for i in range(len(pts))) / (6 * area)
            cy = sum((pts[i - 1][1] + pts[i][1]) * (pts[i - 1][0] * pts[i][1] - pts[i][0] * pts[i - 1][1]) for i in range(len(pts))) / (6 * area)
            best, best_area = (cx, cy), abs(area)
    return best
