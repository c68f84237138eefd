"""WGS-84 ⇄ GCJ-02 (the coordinate system of Gaode and Tencent maps), so pins and base maps agree.

Stored coordinates and phone GPS are WGS-84. Chinese tile services draw their tiles in GCJ-02, which shifts a
point by a few hundred metres by a published, deterministic formula (the one eviltransform implements). The
same formula is in static/core/maps.js, so a pin placed on a GCJ-02 tile is stored in WGS-84 and drawn back where
it was placed; `settings.MAP_CRS` says which system the tiles use. Outside China the two are the same.
"""

import math

_A = 6378245.0  # the semi-major axis the formula uses (Krasovsky 1940)
_EE = 0.00669342162296594323  # its eccentricity squared

CRS_CHOICES = ("WGS84", "GCJ02")


def out_of_china(lat: float, lng: float) -> bool:
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift(lat: float, lng: float) -> tuple[float, float]:
    """The GCJ-02 offset (dlat, dlng) in degrees at a WGS-84 point."""
    x, y = lng - 105.0, lat - 35.0
    waves = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x)) + waves
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x)) + waves
    dlng += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlng += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = dlat * 180.0 / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = dlng * 180.0 / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if out_of_china(lat, lng):
        return lat, lng
    dlat, dlng = _shift(lat, lng)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """The inverse by fixed-point iteration: the offset changes slowly, so a few steps reach a millimetre."""
    if out_of_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(30):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        elat, elng = glat - lat, glng - lng
        wlat, wlng = wlat - elat, wlng - elng
        if abs(elat) < 1e-10 and abs(elng) < 1e-10:
            break
    return wlat, wlng


def to_display(lat: float, lng: float, crs: str = "WGS84") -> tuple[float, float]:
    """A stored (WGS-84) point in the tiles' coordinate system."""
    return wgs84_to_gcj02(lat, lng) if crs == "GCJ02" else (lat, lng)


def to_stored(lat: float, lng: float, crs: str = "WGS84") -> tuple[float, float]:
    """A point placed on the tiles, in the stored coordinate system (WGS-84)."""
    return gcj02_to_wgs84(lat, lng) if crs == "GCJ02" else (lat, lng)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lat, lng) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))
