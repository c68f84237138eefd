"""The issue 7 demo (demo/resources.py, demo/resources/matches.py) on a small tree of two 居民区: talents from
the residents, organisations with valid credit codes, projects, shared spaces, needs and matches whose
catalogue rows, counters and timelines agree with what the services would have written."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core.protect import decrypt
from core.validators import validate_credit_code
from demo.geo import contains
from demo.resources import load_demo_resources
from demo.services import load_demo_services
from demo.specs import ZHONGSHAN
from doorstep.models import Room, Slot
from org.models import Unit, UnitKind
from resources import catalogue
from resources.models import (
    Match,
    MatchRound,
    MatchState,
    MatchTransition,
    Need,
    NeedSource,
    NeedState,
    NeedTransition,
    Organisation,
    Project,
    Resource,
    ServiceRecord,
    SharedSpace,
    Talent,
    TalentState,
    TalentTransition,
)
from resources.workflow import MATCH_WORKFLOW, NEED_WORKFLOW, TALENT_WORKFLOW

SMALL = {"districts": 2, "households": 120, "verbosity": 0}
NOW = timezone.make_aware(datetime.datetime(2026, 6, 3, 10, 0))
MODELS = [
    Talent,
    Organisation,
    Project,
    SharedSpace,
    Room,
    Slot,
    Resource,
    Need,
    Match,
    MatchRound,
    ServiceRecord,
    TalentTransition,
    NeedTransition,
    MatchTransition,
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The small demo tree with its 睦邻点 and surveys (a week of bookings), then the resources demo at NOW: loaded
    once for the module in a transaction rolled back at its end (each test runs in a savepoint of it)."""
    skip = lambda *a, **k: {"skipped": True}  # noqa: E731
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as mp:
        for name in ("load_demo_cases", "load_demo_smart", "load_demo_services", "load_demo_resources", "load_demo_deliberation", "load_evaluation_demo"):
            mp.setattr(f"demo.management.commands.load_demo.{name}", skip)
        call_command("load_demo", **SMALL)
        load_demo_services(ZHONGSHAN, now=NOW, booking_days=7, progress=False)
        yield load_demo_resources(ZHONGSHAN, now=NOW, progress=False)
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def replay(steps, workflow, first_actions) -> str:
    first, *rest = steps
    assert first.action in first_actions and first.from_state == "" and first.to_state == workflow.initial, first.action
    state = first.to_state
    for t in rest:
        assert t.from_state == state and workflow.find(state, t.to_state, t.action) is not None, (t.action, t.from_state, t.to_state)
        state = t.to_state
    return state


def grouped(model, key):
    out = defaultdict(list)
    for t in model.objects.order_by(key, "at", "id"):
        out[getattr(t, key)].append(t)
    return out


def test_talents_come_from_the_residents_with_skills_by_age_and_their_phone_protected(demo):
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT, path__startswith=Unit.objects.get(code=ZHONGSHAN).path)
    talents = Talent.objects.select_related("resident")
    assert 2 * 16 + 1 <= talents.count() == demo["talents"] <= 2 * 20 + 1
    states = Counter(talents.values_list("state", flat=True))
    assert states[TalentState.APPLIED] >= 1 and states[TalentState.ACTIVE] >= 25
    assert 0 < talents.filter(public_consent=False).count() < talents.count() / 2
    old_skills = Counter()
    for t in talents:
        assert t.skills.exists() and t.unit.kind == UnitKind.BUILDING and t.unit_path == t.unit.path
        assert any(t.unit_path.startswith(d.path) for d in districts)
        assert t.phone_masked[3:7] == "****" and t.phone_digest
        if t.resident is not None:
            assert decrypt(t.phone_enc) == decrypt(t.resident.mobile_enc) and t.resident.unit_path.startswith(t.unit_path)
            if (NOW.date() - t.resident.birth_date).days >= 60 * 365.25:
                old_skills.update(t.skills.values_list("type__code", flat=True))
    assert old_skills.keys() & {"quyi", "shuhua", "dance", "music"}
    steps = grouped(TalentTransition, "talent_id")
    for t in talents:
        assert replay(steps[t.pk], TALENT_WORKFLOW, {"create", "apply", "import"}) == t.state
        assert steps[t.pk][0].at == t.created_at <= NOW


def test_organisations_have_valid_credit_codes_by_kind_and_charities_two_to_five_projects(demo):
    prefixes = {"co_building": {"11", "12", "91"}, "enterprise": {"91"}, "social_org": {"52", "53"}}
    orgs = list(Organisation.objects.all())
    kinds = Counter(o.kind for o in orgs)
    assert kinds["co_building"] >= 4 and kinds["enterprise"] + kinds["social_org"] >= 6 and kinds["social_org"] >= 2
    assert len({o.credit_code for o in orgs}) == len(orgs)
    for o in orgs:
        validate_credit_code(o.credit_code)
        assert o.credit_code[:2] in prefixes[o.kind] and o.contact_name and o.contact_phone and o.lat
        n = o.projects.count()
        assert 2 <= n <= 5 if o.kind != "co_building" else n == 0
    assert Organisation.objects.filter(name="松江区税务局中山税务所", contact_name="郑华").exists()
    for p in Project.objects.all():
        assert p.types.exists() and p.budget > 0 and p.starts_on <= p.ends_on and p.is_active == (p.ends_on >= NOW.date())


def test_spaces_are_shared_rooms_inside_their_district(demo):
    spaces = SharedSpace.objects.select_related("room__unit", "organisation")
    assert 2 * 2 + 4 <= spaces.count() <= 2 * 3 + 4 * 3
    assert spaces.filter(organisation__isnull=True).exists() and spaces.filter(organisation__kind="co_building").exists()
    for s in spaces:
        room = s.room
        assert room.kind == "shared" and room.place_id is None and room.unit.kind == UnitKind.DISTRICT and room.unit_path == s.unit_path == room.unit.path
        assert s.types.exists() and room.capacity > 0 and room.equipment and room.opening_hours
        grids = Unit.objects.filter(kind=UnitKind.GRID, path__startswith=room.unit.path)
        assert any(contains(g.boundary, float(s.lng), float(s.lat)) for g in grids), room.name
        assert Slot.objects.filter(room=room, start__gt=NOW).exists() == room.is_active  # bookable at once, as space_create makes them


def test_every_talent_space_and_project_has_the_catalogue_row_sync_writes(demo):
    def snapshot():
        rows = {}
        for r in Resource.objects.prefetch_related("types", "districts"):
            fields = {f.attname: getattr(r, f.attname) for f in Resource._meta.concrete_fields if f.attname != "updated_at"}
            rows[r.pk] = (fields, sorted(t.pk for t in r.types.all()), sorted(u.pk for u in r.districts.all()))
        return rows

    before = snapshot()
    talents, spaces, projects = list(Talent.objects.all()), list(SharedSpace.objects.select_related("room__unit")), list(Project.objects.all())
    assert len(before) == len(talents) + len(spaces) + len(projects)
    for obj in [*talents, *spaces, *projects]:
        catalogue.sync(obj)
    assert snapshot() == before
    for t in talents:
        assert set(t.resource.types.values_list("id", flat=True)) == set(t.skills.values_list("type_id", flat=True))
    for s in spaces:
        assert set(s.resource.types.all()) == set(s.types.all())
    assert Resource.objects.filter(kind="talent", is_public=False, is_active=True).exists()


def test_the_counters_agree_with_the_matches_and_the_records(demo):
    since = NOW - datetime.timedelta(days=settings.RESOURCES_ASKED_DAYS)
    asked = Counter(Match.objects.filter(created_at__gt=since).values_list("resource_id", flat=True))
    committed = Counter(Match.objects.filter(state=MatchState.AGREED).values_list("resource_id", flat=True))
    served = Counter(ServiceRecord.objects.values_list("match__resource_id", flat=True))
    assert sum(asked.values()) and sum(committed.values()) and sum(served.values())
    for r in Resource.objects.all():
        assert (r.asked, r.committed, r.served) == (asked[r.pk], committed[r.pk], served[r.pk]), r.name
        assert r.committed <= r.capacity_per_period


def test_needs_and_matches_replay_their_workflows_and_agree_with_each_other(demo):
    needs = Need.objects.all()
    assert 2 * 10 <= needs.count() == demo["needs"] <= 2 * 13 + 4
    states = Counter(needs.values_list("state", flat=True))
    assert states[NeedState.OPEN] > needs.count() / 3 and states[NeedState.SERVED] and states[NeedState.CLOSED] and states[NeedState.MATCHED]
    assert {NeedSource.STAFF, NeedSource.POINT, NeedSource.RESIDENTS} <= set(needs.values_list("source", flat=True))
    for n in needs.filter(source=NeedSource.POINT).select_related("point"):
        assert n.point.unit_id == n.unit_id
    assert all(n.survey_id for n in needs.filter(source=NeedSource.SURVEY))
    need_steps, match_steps = grouped(NeedTransition, "need_id"), grouped(MatchTransition, "match_id")
    by_need = defaultdict(Counter)
    for m in Match.objects.all():
        assert replay(match_steps[m.pk], MATCH_WORKFLOW, {"create"}) == m.state and m.created_at <= NOW
        assert {r["factor"] for r in m.reasons} == {"type", "distance", "time", "capacity", "load"} and 0 < m.score <= 1
        assert (m.agreed_at is not None) == (m.state in (MatchState.AGREED, MatchState.SERVED) or "agree" in {s.action for s in match_steps[m.pk]})
        by_need[m.need_id][m.state] += 1
    for n in needs:
        assert replay(need_steps[n.pk], NEED_WORKFLOW, {"create"}) == n.state and n.start_date <= n.end_date
        live = by_need[n.pk]
        assert live[MatchState.AGREED] == (n.state == NeedState.MATCHED)
        assert live[MatchState.SERVED] == (n.state in (NeedState.SERVED, NeedState.CLOSED))
    for r in ServiceRecord.objects.select_related("match__need"):
        assert r.match.state == MatchState.SERVED and r.served_on <= NOW.date() and 1 <= r.requester_rating <= 5 and 1 <= r.provider_rating <= 5
        assert r.match.agreed_at <= r.created_at <= NOW and r.unit_path == r.match.need.unit_path


def test_the_demo_accounts_find_their_own_resources_at_work(demo):
    gao = Talent.objects.get(user__username="talent")
    assert gao.name == "高雅" and gao.state == TalentState.ACTIVE and gao.resource.is_public
    assert ServiceRecord.objects.filter(match__resource__talent=gao).exists()
    assert ServiceRecord.objects.filter(match__resource__space__organisation__contact_name="郑华").exists()
    assert Match.objects.filter(resource__project__organisation__contact_name="马丽", state=MatchState.AGREED).exists()
    assert Match.objects.filter(resource__project__organisation__contact_name="林芳", state=MatchState.PROPOSED).exists()


def test_one_round_is_run_and_left_for_staff_to_apply(demo):
    rounds = MatchRound.objects.all()
    assert rounds.count() == demo["rounds"] == 1
    r = rounds.get()
    assert r.applied_at is None and r.needs_count == Need.objects.filter(state=NeedState.OPEN).count() and r.optimal_total >= r.greedy_total > 0


def test_a_second_load_adds_nothing(demo, monkeypatch):
    before = [m.objects.count() for m in MODELS]
    assert load_demo_resources(ZHONGSHAN, now=NOW, progress=False) == {"skipped": True}
    monkeypatch.setattr("demo.management.commands.load_demo.load_demo_resources", load_demo_resources)  # the command's own step
    call_command("load_demo", **SMALL)
    assert [m.objects.count() for m in MODELS] == before
