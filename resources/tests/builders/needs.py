"""Makers shared by the needs and ranking tests, and the scope matrix's needs (tests/test_scope_matrix.py
MORE_WORLD: inside D1, in D2, and in the other subdistrict). No tests here.

`bulk_resources(unit, n)` writes a large catalogue fast (bulk inserts of talents, spaces and projects
with their Resource rows), for tests that grow the data and for timing the ranking."""

import random

from doorstep.models import Room, RoomKind
from org.models import Unit
from resources.models import Organisation, Project, Resource, ResourceKind, ResourceType, SharedSpace, Talent, TalentState
from resources.tests.builders import D1_AT, make_need

PATTERNS = [
    {},  # by arrangement
    {str(d): [["14:00", "17:00"]] for d in range(5)},
    {str(d): [["09:00", "11:30"]] for d in range(5)},
    {"5": [["09:00", "17:00"]], "6": [["09:00", "17:00"]]},
    {"2": [["14:00", "16:00"]]},
    {"0": [["19:00", "21:00"]], "3": [["19:00", "21:00"]]},
]


def scope_needs(tree, world) -> tuple:
    """A need inside D1, one in D2 and one in the other subdistrict's D1."""
    return tuple(make_need(unit, title=f"{unit.name}老年书法班") for unit in (tree.D1, tree.D2, Unit.objects.get(code="OD1")))


def bulk_resources(unit, n: int, seed: int = 7, spread_deg: float = 0.03, org_name: str = "批量公益基金会") -> int:
    """`n` active resources around D1 (60% talents, 20% spaces, 20% projects) with random types, places,
    reach, sizes, weekly times and use counts; the catalogue rows are written directly (no per-row sync)."""
    rng = random.Random(seed)
    types = {k: list(ResourceType.objects.filter(kind=k).values_list("id", flat=True)) for k in ResourceKind.values}
    n_talent, n_space = int(n * 0.6), int(n * 0.2)
    n_project = n - n_talent - n_space

    def around():
        return round(D1_AT[0] + rng.uniform(-spread_deg, spread_deg), 6), round(D1_AT[1] + rng.uniform(-spread_deg, spread_deg), 6)

    talents = Talent.objects.bulk_create(
        [Talent(name=f"达人{i}", unit=unit, unit_path=unit.path, state=TalentState.ACTIVE) for i in range(n_talent)], batch_size=2000
    )
    rooms = Room.objects.bulk_create(
        [Room(place=None, unit=unit, unit_path=unit.path, kind=RoomKind.SHARED, name=f"空间{i}", capacity=30) for i in range(n_space)], batch_size=2000
    )
    spaces = SharedSpace.objects.bulk_create([SharedSpace(room=r, unit_path=unit.path) for r in rooms], batch_size=2000)
    org = Organisation.objects.filter(name=org_name).first() or Organisation.objects.create(kind="enterprise", name=org_name, unit=unit, unit_path=unit.path)
    projects = Project.objects.bulk_create([Project(organisation=org, unit_path=unit.path, name=f"项目{i}") for i in range(n_project)], batch_size=2000)
    rows = []
    for kind, sources, key, reach in (("talent", talents, "talent", None), ("space", spaces, "space", 3000), ("project", projects, "project", 20000)):
        for src in sources:
            lat, lng = around()
            rows.append(
                Resource(
                    kind=kind, name=str(getattr(src, "name", "") or f"空间{src.pk}"), unit=unit, unit_path=unit.path, lat=lat, lng=lng,
                    reach_m=reach or rng.choice([1000, 2000, 3000, 5000]), capacity=rng.choice([5, 10, 20, 30, 50, 100]),
                    capacity_per_period=rng.choice([1, 2, 4, 8]), availability=rng.choice(PATTERNS), asked=rng.choice([0, 0, 0, 1, 2, 5]),
                    is_active=True, is_public=True, **{key: src},
                )
            )  # fmt: skip
    made = Resource.objects.bulk_create(rows, batch_size=2000)
    through = Resource.types.through
    links = []
    for r in made:
        for t in rng.sample(types[r.kind], rng.choice([1, 1, 2])):
            links.append(through(resource_id=r.pk, resourcetype_id=t))
    through.objects.bulk_create(links, batch_size=5000)
    return len(made)


def closed_survey(unit, chosen: list[list[int]], by=None):
    """A closed survey on `unit` (surveys.tests.builders.QUESTIONS) whose multiple choice question
    "您希望开展哪些活动？" (手工, 读书, 健康讲座, 议事协商) was answered once per list in `chosen`."""
    from core.testing import make_user
    from surveys.models import Answer, Response, SurveyState
    from surveys.tests.builders import make_survey

    survey = make_survey(unit, by=by, purpose="needs")
    question = survey.questions.get(kind="multiple")
    for i, picks in enumerate(chosen):
        response = Response.objects.create(survey=survey, user=make_user(f"respondent-{survey.pk}-{i}"))
        Answer.objects.create(response=response, question=question, choices=picks)
    survey.state = SurveyState.CLOSED
    survey.save(update_fields=["state"])
    return survey, question
