"""Drawing distinct values from finite pools, finite by construction.

A retry loop (`while value in used: value = draw()`) never ends once the pool is used up, and whether
it gets there depends on every random number drawn before it. These helpers never retry: a taken draw
moves on to the next free value in a fixed order, and a used-up pool either numbers its repeats or
says so.
"""

from collections.abc import Callable, Sequence
from random import Random


class PoolExhausted(ValueError):
    """Every value of a pool is taken."""


def draw_name(rng: Random, pool: Sequence[str], used: set[str], numbered: Callable[[str, int], str] = lambda s, k: f"{s}{k}") -> str:
    """A name from `pool` not in `used` (added to it); once every name is taken, the drawn name numbered.

    One random draw; a taken name gives way to a random free one, and with none free the drawn name gets
    the smallest number (2, 3, ...) that makes it free: at most len(used) + 1 tries.
    """
    name = rng.choice(pool)
    if name in used:
        free = [n for n in pool if n not in used]
        if free:
            name = rng.choice(free)
        else:
            base, k = name, 2
            name = numbered(base, k)
            while name in used:  # ends: each try is a new number and `used` is finite
                k += 1
                name = numbered(base, k)
    used.add(name)
    return name


def draw_index(rng: Random, size: int, taken: Callable[[int], bool]) -> int:
    """A random index in range(size) for which `taken` is false: the drawn one, or the next free one after it
    (wrapping round). Raises PoolExhausted after `size` probes."""
    if size <= 0:
        raise PoolExhausted("empty pool")
    start = rng.randrange(size)
    for step in range(size):
        i = (start + step) % size
        if not taken(i):
            return i
    raise PoolExhausted(f"all {size} values are taken")
