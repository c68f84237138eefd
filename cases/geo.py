"""Plane geometry on GeoJSON coordinates ([lng, lat]); small enough for a grid's boundary."""

import math


def _in_ring(x: float, y: float, ring) -> bool:
    """Ray casting: count crossings of a ray going east from (x, y). Points on an edge count as inside
    for the left/bottom edges and outside for the right/top ones, so a point on a shared edge belongs
    to exactly one of two neighbouring grids."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = float(ring[i][0]), float(ring[i][1])
        xj, yj = float(ring[j][0]), float(ring[j][1])
        if (yi > y) != (yj > y):
            x_cross = xi + (y - yi) * (xj - xi) / (yj - yi)
            if x < x_cross:
                inside = not inside
        j = i
    return inside


def _in_polygon(x: float, y: float, rings) -> bool:
    if not rings or not _in_ring(x, y, rings[0]):
        return False
    return not any(_in_ring(x, y, hole) for hole in rings[1:])


def point_in_geometry(lng, lat, geometry) -> bool:
    """Whether the point lies in a GeoJSON Polygon or MultiPolygon (holes excluded)."""
    if not geometry:
        return False
    x, y = float(lng), float(lat)
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return _in_polygon(x, y, coords)
    if kind == "MultiPolygon":
        return any(_in_polygon(x, y, poly) for poly in coords)
    return False


def bbox(geometry) -> tuple[float, float, float, float] | None:
    kind = (geometry or {}).get("type")
    coords = geometry.get("coordinates") or [] if geometry else []
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    pts = [(float(p[0]), float(p[1])) for poly in polys for ring in poly[:1] for p in ring]
    if not pts:
        return None
    xs, ys = zip(*pts, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


EARTH_RADIUS_M = 6_371_000


def distance_m(lat1, lng1, lat2, lng2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))
