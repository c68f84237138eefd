"""Daily rhythms shared by the device profiles: smooth curves over the hour of the day (local time)."""

import math
from functools import lru_cache


def bump(h: float, centre: float, width: float) -> float:
    """A bell around `centre` (hours), 1 at the centre; wraps around midnight."""
    d = min(abs(h - centre), 24 - abs(h - centre))
    return math.exp(-0.5 * (d / width) ** 2)


def lift_traffic(h: float) -> float:
    """How busy a residential elevator is, 0-1: peaks 7-9 and 17-19, quiet at night."""
    return min(1.0, 0.04 + 0.8 * bump(h, 8, 0.75) + 0.72 * bump(h, 18, 0.85) + 0.22 * bump(h, 12.5, 2.5) + 0.18 * bump(h, 20.5, 1.2))


def disposal(h: float) -> float:
    """Rubbish brought to a garbage room per hour (relative): Shanghai's 定时投放 7-9 and 18-20."""
    return 0.05 + bump(h, 8, 0.7) + 0.9 * bump(h, 19, 0.8) + 0.1 * bump(h, 12.5, 1.5)


def gate_in(h: float) -> float:
    """Cars driving in per hour (for a gate of size 1)."""
    return 3 + 38 * bump(h, 18.3, 1.2) + 9 * bump(h, 12, 2) + 6 * bump(h, 21, 1.2)


def gate_out(h: float) -> float:
    """Cars driving out per hour (for a gate of size 1)."""
    return 3 + 42 * bump(h, 7.9, 0.9) + 9 * bump(h, 13, 2) + 5 * bump(h, 19.5, 1.5)


def parked(h: float) -> float:
    """Share of the spaces taken: full at night, emptiest early in the afternoon."""
    return 0.92 - 0.45 * bump(h, 13, 3.2)


def outdoor_temperature(h: float) -> float:
    return 17 + 6 * math.sin((h - 9) / 24 * 2 * math.pi)


@lru_cache(maxsize=1)
def _disposal_cumulative() -> list[float]:
    """Cumulative `disposal` by minute of the day (1441 entries)."""
    out, total = [0.0], 0.0
    for m in range(1440):
        total += disposal((m + 0.5) / 60) / 60
        out.append(total)
    return out


def disposal_between(h0: float, h1: float) -> float:
    """Rubbish brought between hour h0 and h1 of the same day (h0 <= h1), from the cumulative table."""
    c = _disposal_cumulative()

    def at(h):
        m = max(0.0, min(1440.0, h * 60))
        i = int(m)
        return c[i] if i >= 1440 else c[i] + (c[i + 1] - c[i]) * (m - i)

    return at(h1) - at(h0)


def disposal_since(h: float, collections: tuple[float, ...]) -> float:
    """Rubbish brought since the last collection before hour `h` (collections: hours of the day, sorted)."""
    before = [c for c in collections if c <= h]
    if before:
        return disposal_between(before[-1], h)
    return disposal_between(collections[-1], 24) + disposal_between(0, h)  # the last collection was yesterday


def max_disposal(collections: tuple[float, ...]) -> float:
    """The most rubbish that piles up between two collections."""
    best = 0.0
    for i, c in enumerate(collections):
        nxt = collections[i + 1] if i + 1 < len(collections) else collections[0] + 24
        best = max(best, disposal_between(c, min(nxt, 24)) + (disposal_between(0, nxt - 24) if nxt > 24 else 0))
    return best
