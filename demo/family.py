"""Who lives in a household: a plausible family (or flat-share) with ages, regions and mobiles."""

from dataclasses import dataclass
from random import Random

from core.validators import id_birth_date, id_gender
from demo.identity import REFERENCE_DATE, mobile, region
from demo.names import SONGJIANG, NamePools
from demo.plan import KnownPerson
from people.models import Relation


@dataclass
class Member:
    name: str
    male: bool
    age: int
    relation: str
    region: str
    mobile: str
    family: str = ""  # the household's family name, kept on the head


SIZES, SIZE_WEIGHTS = [1, 2, 3, 4, 5], [20, 35, 25, 15, 5]  # 2.5 people a household


def phone_for(rng: Random, age: int) -> str:
    if age < 14 or rng.random() > (0.7 if age >= 80 else 0.95):
        return ""
    return mobile(rng)


def household_members(rng: Random, pools: NamePools, rented: bool, known: KnownPerson | None = None) -> list[Member]:
    size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
    male = rng.random() < (0.6 if size > 1 else 0.45)
    age = int(rng.triangular(24, 88, 48))
    surname = rng.choice(pools.surnames)
    name = pools.person(rng, male, surname)
    if known is not None:  # name, gender and age as the ID number says
        name, surname, male = known.name, known.name[:1], id_gender(known.id_number) == "M"
        age = (REFERENCE_DATE - id_birth_date(known.id_number)).days // 365
    members = [Member(name, male, age, Relation.HEAD, region(rng, rented), "")]
    if rented and size > 1 and rng.random() < 0.3:
        return members + flatmates(rng, pools, size - 1, members[0])
    family = surname if male else None
    if size > 1 and rng.random() < 0.85:
        s_age = max(20, age + rng.randint(-5, 5))
        s_surname = rng.choice(pools.surnames)
        spouse = Member(pools.person(rng, not male, s_surname), not male, s_age, Relation.SPOUSE, region(rng, rented), "")
        family = family or s_surname
        members.append(spouse)
    family = family or surname
    members[0].family = family
    while len(members) < size:
        extra = len(members) - 1
        if age >= 55 and extra >= 2:
            m_age, rel = max(0, age - rng.randint(48, 60)), Relation.GRANDCHILD
        elif extra >= 3 and age + 22 <= 95:
            m_age, rel = age + rng.randint(22, min(30, 99 - age)), Relation.PARENT
        else:
            m_age, rel = age - rng.randint(22, min(38, age)), Relation.CHILD
        m_male = rng.random() < 0.5
        surname_for = family if rel in (Relation.CHILD, Relation.GRANDCHILD) else None
        members.append(Member(pools.person(rng, m_male, surname_for), m_male, m_age, rel, region(rng, rented and rel != Relation.CHILD), ""))
    for m in members:
        m.mobile = phone_for(rng, m.age)
    if known is not None:
        members[0].mobile = known.mobile
    return members


def flatmates(rng: Random, pools: NamePools, n: int, head: Member) -> list[Member]:
    out = []
    for _ in range(n):
        male = rng.random() < 0.55
        age = rng.randint(20, 40)
        out.append(Member(pools.person(rng, male), male, age, Relation.TENANT, region(rng, True), phone_for(rng, age)))
    head.mobile = phone_for(rng, head.age)
    return out


def child_of(rng: Random, pools: NamePools, head: Member) -> Member:
    male = rng.random() < 0.5
    age = head.age - rng.randint(22, min(38, head.age))
    return Member(pools.person(rng, male, head.family or None), male, age, Relation.CHILD, SONGJIANG, phone_for(rng, age))


def fit_people(rng: Random, pools: NamePools, households: list[list[Member]], target: int) -> None:
    """Add children to, or take the last member from, random households until exactly `target` people live there."""
    total = sum(map(len, households))
    while total < target:
        h = rng.choice(households)
        h.append(child_of(rng, pools, h[0]))
        total += 1
    larger = [h for h in households if len(h) > 1]
    while total > target and larger:
        h = rng.choice(larger)
        h.pop()
        total -= 1
        if len(h) == 1:
            larger.remove(h)
