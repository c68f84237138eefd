"""Shared test personas and a small tree, made in one place (DESIGN convention 7).

The tree: subdistrict 中山街道 (S) → two areas (A1, A2) → districts D1 (in A1) and D2 (in A2) →
grids G1 (in D1), G2 (in D2) → buildings B1, B2 → houses H1, H2 (plus H1b in B1).
Personas hold roles at these units; `outsider` holds none.
"""

import contextlib
import datetime
import itertools
import os
import zoneinfo
from dataclasses import dataclass

from accounts.models import User
from accounts.services import role_assign
from core.validators import id_check_digit
from org.models import Unit, UnitKind
from org.services import unit_create
from people.services import household_create, resident_create

# The instant the date-dependent tests run at: a Wednesday morning in Shanghai with no public holiday near, so a
# run that crosses midnight (16:00 UTC) or a holiday does not move "today" under a test (see `fixed_clock`).
FIXED_NOW = datetime.datetime(2026, 3, 11, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
FIXED_TODAY = FIXED_NOW.date()

# CI's second pass on SQLite (`make test-sqlite` sets JIAYUAN_SQLITE_PASS=1; the first pass ran every test on
# PostgreSQL): a test that repeats one database-independent check over many inputs runs a spread sample of them
# (`sampled`). `make test-sqlite-full` leaves it unset and runs every input on SQLite too.
SQLITE_PASS = os.environ.get("JIAYUAN_SQLITE_PASS") == "1"


def sampled(values, keep):
    """`values`, or only those `keep` admits on CI's SQLite pass (`SQLITE_PASS`): a parametrisation whose every
    input PostgreSQL's pass already ran, repeated on SQLite only as far as the database could make a difference."""
    values = list(values)
    return [v for i, v in enumerate(values) if keep(i, v)] if SQLITE_PASS else values


PASSWORD = "Jiayuan-2021"  # noqa: S105  the test personas' password, never used outside tests
_seq = itertools.count(1)


def make_id_number(birth=datetime.date(1980, 1, 1), region="310117", seq=None) -> str:
    n = next(_seq) if seq is None else seq
    first17 = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def make_user(username, **kw) -> User:
    user = User(username=username, display_name=kw.pop("display_name", username), **kw)
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class Tree:
    S: Unit
    A1: Unit
    A2: Unit
    D1: Unit
    D2: Unit
    G1: Unit
    G2: Unit
    B1: Unit
    B2: Unit
    H1: Unit
    H1b: Unit
    H2: Unit


SQUARE = {"type": "Polygon", "coordinates": [[[121.22, 31.02], [121.23, 31.02], [121.23, 31.03], [121.22, 31.03], [121.22, 31.02]]]}


def make_tree(prefix="T") -> Tree:
    S = unit_create(parent=None, kind=UnitKind.SUBDISTRICT, code=f"{prefix}S", name="中山街道")
    A1 = unit_create(parent=S, kind=UnitKind.AREA, code=f"{prefix}A1", name="第一片区")
    A2 = unit_create(parent=S, kind=UnitKind.AREA, code=f"{prefix}A2", name="第二片区")
    D1 = unit_create(parent=A1, kind=UnitKind.DISTRICT, code=f"{prefix}D1", name="白云居民区")
    D2 = unit_create(parent=A2, kind=UnitKind.DISTRICT, code=f"{prefix}D2", name="蓝天居民区")
    G1 = unit_create(parent=D1, kind=UnitKind.GRID, code=f"{prefix}G1", name="白云1号网格", boundary=SQUARE)
    G2 = unit_create(parent=D2, kind=UnitKind.GRID, code=f"{prefix}G2", name="蓝天1号网格", boundary=SQUARE)
    B1 = unit_create(parent=G1, kind=UnitKind.BUILDING, code=f"{prefix}B1", name="1号楼")
    B2 = unit_create(parent=G2, kind=UnitKind.BUILDING, code=f"{prefix}B2", name="2号楼")
    H1 = unit_create(parent=B1, kind=UnitKind.HOUSE, code=f"{prefix}H1", name="101室", exclusive_area="89.50", area_source="registry")
    H1b = unit_create(parent=B1, kind=UnitKind.HOUSE, code=f"{prefix}H1b", name="102室", exclusive_area="70.00", area_source="registry")
    H2 = unit_create(parent=B2, kind=UnitKind.HOUSE, code=f"{prefix}H2", name="201室", exclusive_area="120.00", area_source="survey")
    return Tree(S, A1, A2, D1, D2, G1, G2, B1, B2, H1, H1b, H2)


# persona name -> (role, unit attribute of the tree)
PERSONAS = {
    "subdistrict_admin": ("subdistrict_admin", "S"),
    "area_manager": ("area_manager", "A1"),
    "secretary": ("committee_secretary", "D1"),
    "social_worker": ("social_worker", "D1"),
    "grid_worker": ("grid_worker", "G1"),
    "owners_committee": ("owners_committee", "D1"),
    "property_company": ("property_company", "D1"),
    "police": ("police", "D1"),
    "volunteer": ("volunteer", "D1"),
    "resident": ("resident", "H1"),
    "sysadmin": ("sysadmin", "S"),
    "security_admin": ("security_admin", "S"),
    "auditor": ("auditor", "S"),
}


def make_personas(tree: Tree) -> dict[str, User]:
    users = {}
    for name, (role, unit_attr) in PERSONAS.items():
        users[name] = make_user(name)
        role_assign(user=users[name], role=role, unit=getattr(tree, unit_attr))
    users["outsider"] = make_user("outsider")
    return users


def make_people(tree: Tree) -> dict:
    """张三丰 lives in H1 (district D1); 李四 lives in H2 (district D2)."""
    h1 = household_create(house=tree.H1, number="HH-1")
    h2 = household_create(house=tree.H2, number="HH-2", tenure="rented")
    zsf = resident_create(house=tree.H1, household=h1, name="张三丰", id_number="11010519491231002X", mobile="13812341234")
    wife = resident_create(house=tree.H1, household=h1, name="王芳", id_number=make_id_number(datetime.date(1952, 3, 4)), relation="spouse")
    lisi = resident_create(
        house=tree.H2, household=h2, name="李四", id_number=make_id_number(datetime.date(1990, 6, 1)), mobile="13900001111", relation="tenant"
    )
    return {"h1": h1, "h2": h2, "zsf": zsf, "wife": wife, "lisi": lisi}


@contextlib.contextmanager
def built_once(django_db_blocker):
    """Data that a whole module (or session) shares, for a module- or session-scoped fixture: built inside one
    transaction that is rolled back at the end; each test runs inside it in a savepoint of its own (pytest-django's
    `db`), so a test's writes vanish after it while the shared rows stay. Tests that use it must not need
    `transactional_db`. Model instances handed out should be fetched afresh per test (`fresh`), since objects cache
    things (a user's grants)."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def fresh(objects: dict) -> dict:
    """The same rows as new instances (one query per model): no cache of one test leaks into the next."""
    by_model = {}
    for key, obj in objects.items():
        by_model.setdefault(type(obj), {})[key] = obj.pk
    out = {}
    for model, keys in by_model.items():
        rows = model.objects.in_bulk(list(keys.values()))
        out |= {key: rows[pk] for key, pk in keys.items()}
    return out


def fresh_tree(tree: Tree) -> Tree:
    """The same units as new instances (one query)."""
    units = Unit.objects.in_bulk([u.pk for u in vars(tree).values()])
    return Tree(**{k: units[u.pk] for k, u in vars(tree).items()})


def rules_left_untested(label: str, listed, test_file: str | list) -> dict:
    """The guard of each app's `tests/test_rules.py`: the named rules registered under `label` (beyond the
    capabilities) that its `rules.RULES` does not list, those listed but not registered, and those that no
    test in `test_file` names (as a string literal). All three are empty when every rule is listed and tested."""
    from pathlib import Path

    from accounts.rules import rules_of

    registered, listed = rules_of(label), set(listed)
    files = [test_file] if isinstance(test_file, str) else test_file  # an app whose rules are split by sub-domain: each test file
    source = "\n".join(Path(f).read_text(encoding="utf-8") for f in files)
    return {
        "not listed": sorted(registered - listed),
        "not registered": sorted(listed - registered),
        "not tested": sorted(name for name in listed if f'"{name}"' not in source),
    }
