import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from accounts.models import RoleAssignment, User
from accounts.roles import ROLES, VIEW_RESIDENT
from audit.models import AuditLog
from core.protect import decrypt
from core.testing import built_once
from core.validators import id_birth_date, id_gender, validate_id_number, validate_mobile
from demo.accounts import DEMO_PASSWORD, DEMO_USERS
from demo.geo import contains
from demo.specs import YUEYANG, ZHONGSHAN
from org.models import CHILD_KIND, Responsible, Unit, UnitKind
from org.services import segment, unit_create
from people.filtersets import ResidentFilterSet
from people.models import CommunityRole, CommunityRoleKind, Household, Ownership, Resident
from people.services import fill_resident, house_address

SMALL = {"districts": 2, "households": 120, "verbosity": 0}
MODELS = [Unit, Household, Resident, Ownership, CommunityRole, Responsible, User, RoleAssignment, AuditLog]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The tree, people and accounts, loaded once for the module; the later steps (cases, devices, services,
    resources) have their own tests."""
    with built_once(django_db_blocker), pytest.MonkeyPatch.context() as mp:
        for name in ("load_demo_cases", "load_demo_smart", "load_demo_services", "load_demo_resources", "load_demo_deliberation", "load_evaluation_demo"):
            mp.setattr(f"demo.management.commands.load_demo.{name}", lambda *a, **k: {"skipped": True})
        call_command("load_demo", **SMALL)
        yield


@pytest.fixture
def demo(loaded, db):
    return None


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_running_it_twice_creates_nothing_new(demo, capsys):
    before = counts()
    call_command("load_demo", districts=2, households=120)
    assert counts() == before
    assert "already loaded" in capsys.readouterr().out


def test_it_makes_two_subdistricts_with_areas_districts_grids_buildings_and_houses(demo):
    kinds = dict(Unit.objects.filter(path__startswith=Unit.objects.get(code=ZHONGSHAN).path).values_list("kind").annotate(n=Count("id")))
    assert kinds["area"] == 2 and kinds["district"] == 2 and 8 <= kinds["grid"] <= 10
    assert kinds["building"] >= 2 and kinds["house"] == Household.objects.filter(number__startswith=ZHONGSHAN).count()
    assert Unit.objects.get(code=YUEYANG).children.get().children.get().children.count() == 2
    for d in Unit.objects.filter(kind=UnitKind.DISTRICT):
        assert {r.title for r in d.responsibles.all()} == {"居委会书记", "居委会主任"} and d.contact_phone


def test_paths_are_what_unit_create_would_give(demo):
    units = {u.pk: u for u in Unit.objects.all()}
    siblings = {}
    for u in units.values():
        if u.parent_id is None:
            assert u.kind == UnitKind.SUBDISTRICT and u.depth == 1
            continue
        parent = units[u.parent_id]
        assert CHILD_KIND[parent.kind] == u.kind and u.depth == parent.depth + 1 and u.path.startswith(parent.path)
        siblings.setdefault(parent.pk, []).append(u.path)
    for pk, paths in siblings.items():
        assert sorted(paths) == [units[pk].path + segment(n) for n in range(1, len(paths) + 1)]
    building = Unit.objects.filter(kind=UnitKind.BUILDING).first()
    n = building.children.count()
    house = unit_create(parent=building, kind=UnitKind.HOUSE, code="NEW-HOUSE", name="999室")
    assert house.path == building.path + segment(n + 1)


def test_every_id_number_and_mobile_is_valid_and_unique(demo):
    residents = list(Resident.objects.all())
    ids = [decrypt(r.id_number_enc) for r in residents]
    assert len(set(ids)) == len(ids)
    for r, idn in zip(residents, ids, strict=True):
        validate_id_number(idn)
        assert r.birth_date == id_birth_date(idn) and r.gender == id_gender(idn)
        if r.mobile_enc:
            validate_mobile(decrypt(r.mobile_enc))
    assert sum(1 for r in residents if r.mobile_enc) > len(residents) * 0.7


def test_derived_columns_are_those_of_the_service_path(demo):
    for r in Resident.objects.select_related("house", "household").order_by("?")[:20]:
        again = fill_resident(Resident(house=r.house, name=r.name), id_number=decrypt(r.id_number_enc), mobile=decrypt(r.mobile_enc))
        for f in ["name_pinyin", "name_initials", "unit_path", "id_number_digest", "id_number_masked", "mobile_digest", "mobile_masked", "birth_date", "gender"]:
            assert getattr(again, f) == getattr(r, f), f
        assert r.address == r.household.address == house_address(r.house)


def test_each_house_has_exactly_one_representative_owner(demo):
    houses = Unit.objects.filter(kind=UnitKind.HOUSE).annotate(reps=Count("ownerships", filter=Q(ownerships__is_representative=True)))
    assert houses.exists() and not houses.exclude(reps=1).exists()
    assert Ownership.objects.values("house").annotate(n=Count("id")).filter(n=2).exists()  # some are co-owned
    assert Household.objects.filter(tenure="rented").exists()


def test_grids_have_polygon_boundaries_with_their_buildings_inside(demo):
    for grid in Unit.objects.filter(kind=UnitKind.GRID):
        ring = grid.boundary["coordinates"][0]
        assert grid.boundary["type"] == "Polygon" and len(ring) == 5 and ring[0] == ring[-1]
        assert all(121 < lng < 122 and 30.9 < lat < 31.2 for lng, lat in ring)
        assert grid.responsibles.filter(title="网格长").exists()
        for b in grid.children.all():
            assert contains(grid.boundary, float(b.lng), float(b.lat))


def test_every_building_has_a_building_head(demo):
    buildings = Unit.objects.filter(kind=UnitKind.BUILDING)
    heads = set(CommunityRole.objects.filter(kind=CommunityRoleKind.BUILDING_HEAD).values_list("unit_id", flat=True))
    assert heads == set(buildings.values_list("id", flat=True))


def test_the_demo_users_exist_with_their_roles(demo):
    assert {u.role for u in DEMO_USERS} == set(ROLES)
    for du in DEMO_USERS:
        user = User.objects.get(username=du.username)
        assert user.check_password(DEMO_PASSWORD) and user.display_name
        assert list(user.role_assignments.values_list("role", flat=True)) == [du.role]
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert admin.role_assignments.get().unit.code == ZHONGSHAN
    assert User.objects.get(username="gridworker").role_assignments.get().unit.code == f"{ZHONGSHAN}-D01-G1"
    assert Resident.objects.get(user__username="resident").name == "张三丰"


def test_a_social_worker_finds_zhang_sanfeng_by_initials(demo):
    user = User.objects.get(username="socialworker")
    rows = ResidentFilterSet({"q": "zsf"}, queryset=Resident.objects.for_user(user, VIEW_RESIDENT)).qs
    assert "张三丰" in {r.name for r in rows}
    zsf = rows.get(name="张三丰")
    assert (zsf.id_number_masked, zsf.mobile_masked, zsf.relation) == ("1****************X", "138****1234", "head")  # as the README says
    assert rows.first().unit_path.startswith(Unit.objects.get(code=f"{ZHONGSHAN}-D01-G1").path)


def test_one_audit_record_summarises_the_load(demo):
    record = AuditLog.objects.get(action="import", object_type="demo.load_demo")
    assert record.changes["created"]["residents"] == Resident.objects.count()
    assert not AuditLog.objects.filter(object_type="people.resident").exists()
