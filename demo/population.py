"""Households, residents, owners, community roles and responsible persons of one 居民区, in bulk.

Every resident goes through `people.services.fill_resident`, so pinyin keys and the encrypted,
digested and masked identifiers are exactly what the service path stores.
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from demo.family import Member, fit_people, household_members
from demo.identity import IdNumbers, birth_date, mobile
from demo.names import NamePools
from demo.plan import KnownPerson, UnitSpec
from org.models import Responsible, UnitKind
from people.models import CommunityRole, CommunityRoleKind, Household, Ownership, Relation, Resident, Tenure
from people.services import fill_resident

BATCH = 5000
RENTED_SHARE = 0.15
CO_OWNED_SHARE = 0.15  # of owner-occupied houses with a spouse: about 10% of all houses


@dataclass
class Home:
    house: UnitSpec
    building: UnitSpec
    household: Household
    members: list[Member]
    residents: list[Resident]


def populate(district: UnitSpec, pools: NamePools, ids: IdNumbers, seed: int, known: KnownPerson | None = None, residents: int | None = None) -> Counter:
    rng = Random(f"{seed}:{district.code}:people")
    homes = []
    for building in district.walk(UnitKind.BUILDING):
        for house in building.children:
            named = known if not homes else None
            rented = rng.random() < RENTED_SHARE and named is None
            hh = Household(house=house.unit, unit_path=house.unit.path, number=f"{house.code}-01", tenure=Tenure.RENTED if rented else Tenure.OWNER,
                           address=f"{district.name}{building.name}{house.name}")
            homes.append(Home(house, building, hh, household_members(rng, pools, rented, named), []))
    if residents is not None:
        fit_people(rng, pools, [h.members for h in homes], residents)
    Household.objects.bulk_create([h.household for h in homes], batch_size=BATCH)

    people = [(home, m) for home in homes for m in home.members]
    numbers = [ids.make(rng, birth_date(rng, m.age), m.male, m.region) for _, m in people]
    if known is not None:
        numbers[0] = known.id_number
        ids.used.add(known.id_number)
    numbers = ids.avoid_registered(rng, numbers)
    residents = []
    for (home, m), idn in zip(people, numbers, strict=True):
        r = Resident(household=home.household, house=home.house.unit, relation=m.relation, name=m.name, address=home.household.address)
        fill_resident(r, id_number=idn, mobile=m.mobile)
        home.residents.append(r)
        residents.append(r)
    Resident.objects.bulk_create(residents, batch_size=BATCH)

    ownerships = Ownership.objects.bulk_create(owners(rng, homes), batch_size=BATCH)
    roles = CommunityRole.objects.bulk_create(community_roles(rng, district, homes), batch_size=BATCH)
    staff = Responsible.objects.bulk_create(responsibles(rng, pools, district), batch_size=BATCH)
    return Counter(households=len(homes), residents=len(residents), ownerships=len(ownerships), community_roles=len(roles), responsibles=len(staff))


def certificate(rng: Random) -> tuple[str, datetime.date]:
    year = rng.randint(1998, 2024)
    return f"沪({year})松字不动产权第{rng.randrange(10**6):06d}号", datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def owners(rng: Random, homes: list[Home]) -> list[Ownership]:
    """Owner-occupied: the head owns, sometimes with the spouse; rented: a head living elsewhere owns."""
    out = []
    landlords = [h.residents[0] for h in homes if h.household.tenure == Tenure.OWNER] or [h.residents[0] for h in homes]
    for home in homes:
        house = home.house.unit
        cert, on = certificate(rng)
        if home.household.tenure == Tenure.RENTED:
            out.append(Ownership(house=house, unit_path=house.path, owner=rng.choice(landlords), certificate_no=cert, registered_on=on))
            continue
        head, spouse = home.residents[0], next((r for r in home.residents if r.relation == Relation.SPOUSE), None)
        if spouse is not None and rng.random() < CO_OWNED_SHARE:
            for r, rep in ((head, True), (spouse, False)):
                out.append(Ownership(house=house, unit_path=house.path, owner=r, share_percent=Decimal("50.00"), is_representative=rep, certificate_no=cert, registered_on=on))
        else:
            out.append(Ownership(house=house, unit_path=house.path, owner=head, certificate_no=cert, registered_on=on))
    return out


def community_roles(rng: Random, district: UnitSpec, homes: list[Home]) -> list[CommunityRole]:
    out = []

    def add(resident, kind, unit):
        since = datetime.date(rng.randint(2012, 2024), rng.randint(1, 12), 1)
        out.append(CommunityRole(resident=resident, kind=kind, unit=unit, unit_path=unit.path, since=since))

    by_building: dict[str, list[tuple[Resident, Member]]] = {}
    for home in homes:
        by_building.setdefault(home.building.code, []).extend(zip(home.residents, home.members, strict=True))
    for building in district.walk(UnitKind.BUILDING):
        people = by_building.get(building.code)
        if people:
            fit = [r for r, m in people if 35 <= m.age <= 75] or [r for r, _ in people]
            add(rng.choice(fit), CommunityRoleKind.BUILDING_HEAD, building.unit)
    adults = [(r, m) for home in homes for r, m in zip(home.residents, home.members, strict=True) if m.age >= 18]
    owner_heads = [home.residents[0] for home in homes if home.household.tenure == Tenure.OWNER]
    picks = {
        CommunityRoleKind.REPRESENTATIVE: ([r for r, m in adults if m.age >= 25], math.ceil(len(homes) / 50)),
        CommunityRoleKind.VOLUNTEER: ([r for r, m in adults if m.age <= 75], round(len(adults) * 0.03)),
        CommunityRoleKind.PARTY_MEMBER: ([r for r, _ in adults], round(len(adults) * 0.07)),
        CommunityRoleKind.OWNERS_COMMITTEE: (owner_heads, 5),
        CommunityRoleKind.MEDIATOR: ([r for r, m in adults if m.age >= 40], 2),
        CommunityRoleKind.TALENT: ([r for r, _ in adults], 3),
    }
    for kind, (pool, n) in picks.items():
        for r in rng.sample(pool, min(n, len(pool))):
            add(r, kind, district.unit)
    return out


def responsibles(rng: Random, pools: NamePools, district: UnitSpec) -> list[Responsible]:
    """居委会书记 and 主任 for the 居民区, a 网格长 for each grid."""
    d = district.unit

    def person():
        return pools.person(rng, rng.random() < 0.5)

    out = [
        Responsible(unit=d, name=person(), title="居委会书记", duty="主持居民区党组织和居委会全面工作", phone=d.contact_phone),
        Responsible(unit=d, name=person(), title="居委会主任", duty="负责居民自治、社区服务和居委会日常工作", phone=f"021-57{rng.randint(700, 899)}{rng.randrange(1000):03d}"),
    ]
    for g in district.children:
        out.append(Responsible(unit=g.unit, name=person(), title="网格长", duty="负责网格巡查、信息采集、问题发现与上报", phone=mobile(rng)))
    return out
