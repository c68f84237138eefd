"""Identifiers for generated people: ID numbers (GB 11643-1999) and mobile numbers (DOMAIN-RULES §6).

An ID number is region + birth date + 3-digit sequence (odd for men) + check digit, so the birth
date and gender that `fill_resident` derives from it are the ones the generator chose.
ID numbers are unique: within a run by a set, against the database by their digest.
"""

import datetime
from random import Random

from core.protect import digest
from core.validators import id_check_digit
from demo.names import OTHER_REGIONS, SHANGHAI_REGIONS, SONGJIANG
from demo.unique import draw_index
from people.models import Resident

# Ages are counted back from a fixed day, so the data is the same whenever it is generated.
REFERENCE_DATE = datetime.date(2025, 6, 30)
CHECK_CHUNK = 900  # digests per IN (...) query; below SQLite's 999 parameters


def birth_date(rng: Random, age: int) -> datetime.date:
    return REFERENCE_DATE - datetime.timedelta(days=age * 365 + rng.randrange(365))


def region(rng: Random, migrant: bool = False) -> str:
    x = rng.random()
    if migrant:
        return rng.choice(OTHER_REGIONS) if x < 0.8 else rng.choice(SHANGHAI_REGIONS)
    if x < 0.62:
        return SONGJIANG
    return rng.choice(SHANGHAI_REGIONS) if x < 0.8 else rng.choice(OTHER_REGIONS)


def mobile(rng: Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


class IdNumbers:
    """Hands out ID numbers never handed out before in this run.

    `slot` of `slots` restricts the sequence numbers, so subdistricts generated at the same time in
    different processes draw from disjoint sets of numbers and cannot collide.
    """

    def __init__(self, slot: int = 0, slots: int = 1, used: set[str] | None = None):
        self.used = used if used is not None else set()
        self.slot, self.slots = slot, slots

    def make(self, rng: Random, born: datetime.date, male: bool, region_code: str) -> str:
        def number(i: int) -> str:
            first17 = f"{region_code}{born:%Y%m%d}{(i * self.slots + self.slot) * 2 + int(male):03d}"
            return first17 + id_check_digit(first17)

        idn = number(draw_index(rng, 500 // self.slots, lambda i: number(i) in self.used))
        self.used.add(idn)
        return idn

    def again(self, rng: Random, idn: str) -> str:
        """Another number with the same region, birth date and gender."""
        born = datetime.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
        return self.make(rng, born, int(idn[16]) % 2 == 1, idn[:6])

    def avoid_registered(self, rng: Random, ids: list[str]) -> list[str]:
        """Replace the numbers already in the database (by digest) until none is.

        Ends: every replacement is a number never handed out before in this run (`make`), so each round
        uses up the finite pool further, and `make` raises PoolExhausted rather than loop."""
        ids = list(ids)
        todo = range(len(ids))
        while todo:
            by_digest = {digest(ids[i]): i for i in todo}
            keys = list(by_digest)
            taken = set()
            for k in range(0, len(keys), CHECK_CHUNK):
                chunk = keys[k : k + CHECK_CHUNK]
                taken.update(Resident.objects.filter(id_number_digest__in=chunk).values_list("id_number_digest", flat=True))
            todo = [by_digest[d] for d in taken]
            for i in todo:
                ids[i] = self.again(rng, ids[i])
        return ids
