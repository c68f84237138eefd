"""Grid boundaries: a lattice of slightly irregular quadrilaterals that tile a subdistrict.

Neighbouring cells share their corner points, so the polygons never overlap. Rings are closed,
counter-clockwise, in GeoJSON order [lng, lat] (RFC 7946).
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from random import Random

CELL_LNG = 0.0035  # about 330 m at 31°N
CELL_LAT = 0.0030  # about 330 m
JITTER = 0.12  # of a cell, so each quadrilateral stays convex


@dataclass(frozen=True)
class Lattice:
    lat0: float
    lng0: float
    cols: int
    rows: int
    seed: str

    @classmethod
    def around(cls, center: tuple[float, float], cells: int, seed: str) -> "Lattice":
        cols = max(1, math.ceil(math.sqrt(cells)))
        rows = max(1, math.ceil(cells / cols))
        lat, lng = center
        return cls(lat - rows * CELL_LAT / 2, lng - cols * CELL_LNG / 2, cols, rows, seed)

    def corner(self, row: int, col: int) -> tuple[float, float]:
        rng = Random(f"{self.seed}:{row}:{col}")
        dx, dy = (rng.uniform(-JITTER, JITTER) for _ in range(2))
        return round(self.lng0 + (col + dx) * CELL_LNG, 6), round(self.lat0 + (row + dy) * CELL_LAT, 6)

    def cell(self, n: int) -> tuple[int, int]:
        """The n-th cell in snake order, so consecutive cells are neighbours."""
        row, col = divmod(n, self.cols)
        return row, (col if row % 2 == 0 else self.cols - 1 - col)

    def quad(self, n: int) -> list[tuple[float, float]]:
        r, c = self.cell(n)
        return [self.corner(r, c), self.corner(r, c + 1), self.corner(r + 1, c + 1), self.corner(r + 1, c)]

    def polygon(self, n: int) -> dict:
        ring = [list(p) for p in self.quad(n)]
        return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def point_in_quad(quad: list[tuple[float, float]], u: float, v: float) -> tuple[float, float]:
    """Bilinear interpolation: (u, v) in the unit square maps inside a convex quadrilateral."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    x = (1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3
    y = (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3
    return x, y


def centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def contains(polygon: dict, lng: float, lat: float) -> bool:
    """Ray casting on the exterior ring."""
    ring = polygon["coordinates"][0]
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
