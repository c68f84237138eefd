"""Every persona × every API model: objects outside the persona's scope answer 404, in lists they do
not appear; objects inside answer 200 exactly when the persona's role grants the view.

Adding a model to the API router without adding it to `world` fails `test_every_api_model_is_in_the_matrix`."""

import pytest

from config.api import router
from core.testing import PERSONAS, built_once, fresh, make_people, make_personas, make_tree, sampled
from core.views import ScopedDetailView, ScopedObjectView

ALL_PERSONAS = list(PERSONAS) + ["outsider"]
# The personas each test asks: all of them, except on CI's SQLite pass (after PostgreSQL's pass asked all of them):
# there the widest scope (the subdistrict), a 居民区, a house (a resident: their own records too) and none. Every
# scope is the same query (units under a path), whatever its level; what SQLite could change is that query, not
# the roles' rights, which PostgreSQL's pass checked for every persona.
SCOPE_LEVELS = {"subdistrict_admin", "secretary", "resident", "outsider"}
MATRIX_PERSONAS = sampled(ALL_PERSONAS, lambda i, p: p in SCOPE_LEVELS)

# Who may see the object inside D1 (zsf's house H1 and its people), per model.
SEES_INSIDE = {
    "unit": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "owners_committee", "property_company", "police", "volunteer", "resident", "sysadmin"},
    "resident": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "police", "resident"},
    "household": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "property_company", "police", "resident"},
    "ownership": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "owners_committee", "police", "resident"},
    "communityrole": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "police"},
    "roleassignment": {"subdistrict_admin", "area_manager", "secretary", "security_admin"},
    "case": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "property_company", "police"},
    "survey": {"subdistrict_admin", "area_manager", "secretary", "social_worker"},
    "device": {"subdistrict_admin", "area_manager", "secretary", "grid_worker", "property_company", "police", "sysadmin"},
    "alarm": {"subdistrict_admin", "area_manager", "secretary", "grid_worker", "property_company", "police", "sysadmin"},
}
# Models whose objects are not in tests/conftest.py's `world`: model -> fn(tree, world) giving (inside D1, in D2, far).
MORE_WORLD = {"survey": "surveys.tests.builders:scope_world"}
MORE_WORLD |= {"device": "smart.tests.builders.pages:scope_devices", "alarm": "smart.tests.builders.pages:scope_alarms"}  # alarm after device
SEES_INSIDE |= {m: {"subdistrict_admin", "area_manager", "secretary", "social_worker"} for m in ("point", "duty-shift")}  # services.view_service at D1
SEES_INSIDE |= {"reception": {"subdistrict_admin", "secretary", "social_worker"}}  # services.receive_visitor at D1 (not the grid worker at G1)
MORE_WORLD |= {m: f"doorstep.tests.builders.points:scope_{m.replace('-', '_')}s" for m in ("point", "duty-shift", "reception")}
SEES_INSIDE |= {m: {"subdistrict_admin", "area_manager", "secretary", "social_worker"} for m in ("place", "room", "slot")}  # services.view_service at D1
SEES_INSIDE |= {"booking": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "resident"}}  # staff at D1, and the resident who booked it
MORE_WORLD |= {m: f"doorstep.tests.builders.bookings:scope_{m}s" for m in ("place", "room", "slot", "booking")}  # in this order: each uses the one before
STAFF_D1 = {"subdistrict_admin", "area_manager", "secretary", "social_worker"}  # resources.view_resource at D1
SEES_INSIDE |= {"talent": STAFF_D1 | {"grid_worker"}, "need": STAFF_D1}  # the inside talent lives in H1, under the grid worker's G1
SEES_INSIDE |= {m: STAFF_D1 for m in ("organisation", "shared-space", "charity-project", "match", "service-record", "match-round")}
MORE_WORLD |= {"talent": "resources.tests.builders.talents:scope_talents", "need": "resources.tests.builders.needs:scope_needs"}
MORE_WORLD |= {m: f"resources.tests.builders.spaces:scope_{m.replace('-', '_')}s" for m in ("organisation", "shared-space", "charity-project")}  # in this order
MORE_WORLD |= {"match": "resources.tests.builders.matches:scope_matches", "service-record": "resources.tests.builders.matches:scope_service_records"}
MORE_WORLD |= {"match-round": "resources.tests.builders.rounds:scope_match_rounds"}
SEES_INSIDE |= {m: SEES_INSIDE["unit"] - {"resident"} for m in ("responsible", "grid-element")}  # org.view_unit at G1 (the resident's scope is the house H1)
MORE_WORLD |= {m: f"org.tests.builders:scope_{m.replace('-', '_')}s" for m in ("responsible", "grid-element")}
SEES_INSIDE |= {"committee-member": {"subdistrict_admin", "area_manager", "secretary", "social_worker"}}  # services.view_service at D1
MORE_WORLD |= {"committee-member": "doorstep.tests.builders.committees:scope_committee_members"}
MORE_WORLD |= {"service": "doorstep.tests.builders.bookings:scope_services"}  # pages only (the API has no menu model)
BODY_VIEWERS = {"subdistrict_admin", "area_manager", "secretary", "social_worker", "property_company", "police"}  # meetings.view_body at D1 (the grid worker's G1 is below the body)
SEES_INSIDE |= {m: BODY_VIEWERS for m in ("body", "seat", "membership", "meeting", "agenda-item", "decision", "vote", "minutes", "summons")}
MORE_WORLD |= {m: f"meetings.tests.builders.bodies:scope_{p}" for m, p in (("body", "bodies"), ("seat", "seats"), ("membership", "memberships"), ("meeting", "meetings"))}  # in this order
MORE_WORLD |= {m: f"meetings.tests.builders.decisions:scope_{m.replace('-', '_')}s" for m in ("agenda-item", "decision", "vote")}  # in this order
MORE_WORLD |= {m: f"meetings.tests.builders.decisions:scope_{m}" for m in ("minutes", "attachments")}  # attachments: pages only
MORE_WORLD |= {"summons": "deliberation.tests.builders.summons:scope_summonses"}
SEES_INSIDE |= {"resolution": BODY_VIEWERS, "action": BODY_VIEWERS}  # the action's owner is D1, whose staff hold VIEW_BODY there
SEES_INSIDE |= {m: {"subdistrict_admin", "area_manager", "secretary", "auditor"} for m in ("matter", "spending")}  # deliberation.view_matter
MORE_WORLD |= {"resolution": "deliberation.tests.builders.actions:scope_resolutions", "action": "deliberation.tests.builders.actions:scope_actions"}
MORE_WORLD |= {m: f"deliberation.tests.builders.matters:scope_{m}s" for m in ("matter", "spending")}  # after resolution: their bodies
SEES_INSIDE |= {m: STAFF_D1 | {"property_company"} for m in ("evaluation-period", "evaluation-result")}  # evaluation.view_evaluation at D1
MORE_WORLD |= {m: f"evaluation.tests.builders:scope_{m.replace('-', '_')}s" for m in ("evaluation-period", "evaluation-result")}  # in this order


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The tree, personas, people and every model's objects at three distances, built once for the module
    (about 700 tests read it; each test's own writes are rolled back after it)."""
    from importlib import import_module

    from tests.conftest import build_world

    with built_once(django_db_blocker):
        tree = make_tree()
        personas, people = make_personas(tree), make_people(tree)
        world = build_world(tree, personas, people)
        for model, where in MORE_WORLD.items():
            module, fn = where.split(":")
            world[model] = getattr(import_module(module), fn)(tree, world)
        yield tree, personas, world


@pytest.fixture
def tree(matrix, db):
    return matrix[0]


@pytest.fixture
def personas(matrix, db):
    return fresh(matrix[1])


@pytest.fixture
def world(matrix, db):
    return matrix[2]
# Personas whose scope covers the whole subdistrict, so D2 is inside for them.
SUBDISTRICT_WIDE = {"subdistrict_admin", "sysadmin", "security_admin", "auditor"}


def test_every_api_model_is_in_the_matrix():
    registered = {basename for _, _, basename in router.registry} - {"auditlog"}
    assert registered == set(SEES_INSIDE)


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
@pytest.mark.parametrize("model", list(SEES_INSIDE))
def test_api_answers_404_outside_the_scope_and_200_inside_when_allowed(api, personas, world, persona, model):
    client = api(personas[persona])
    inside, d2, far = world[model]
    sees = persona in SEES_INSIDE[model]
    url = f"/api/{model_url(model)}/"
    assert client.get(f"{url}{far.pk}/").status_code == 404
    expected_d2 = 200 if sees and persona in SUBDISTRICT_WIDE else 404
    assert client.get(f"{url}{d2.pk}/").status_code == expected_d2
    assert client.get(f"{url}{inside.pk}/").status_code == (200 if sees else 404)
    listed = {row["id"] for row in client.get(url, {"page_size": 200}).json()["results"]}
    assert far.pk not in listed
    assert (inside.pk in listed) == sees


def model_url(model):
    return {"communityrole": "community-roles", "roleassignment": "role-assignments", "match": "matches", "minutes": "minutes", "summons": "summonses", "body": "bodies"}.get(model, model + "s")


PAGES = {"unit": "/org/units/{}/", "resident": "/people/residents/{}/", "household": "/people/households/{}/"}
PAGES |= {"device": "/smart/devices/{}/"}


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
@pytest.mark.parametrize("model", list(PAGES))
def test_pages_answer_404_outside_the_scope(login, personas, world, persona, model):
    client = login(personas[persona])
    inside, d2, far = world[model]
    page = PAGES[model]
    assert client.get(page.format(far.pk)).status_code == 404
    assert client.get(page.format(inside.pk)).status_code == (200 if persona in SEES_INSIDE[model] else 404)
    if persona not in SUBDISTRICT_WIDE:
        assert client.get(page.format(d2.pk)).status_code == 404


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
def test_only_auditors_read_the_audit_log(api, login, personas, world, persona):
    rows = api(personas[persona]).get("/api/audit-logs/").json()["results"]
    page = login(personas[persona]).get("/audit/")
    if persona == "auditor":
        assert rows and page.status_code == 200
    else:
        assert rows == [] and page.status_code == 403


def test_the_people_directory_is_forbidden_without_a_people_role(login, personas):
    assert login(personas["volunteer"]).get("/people/").status_code == 403
    assert login(personas["outsider"]).get("/people/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    assert client.get("/people/").status_code == 302
    assert client.get("/api/residents/").status_code in (401, 403)


# Who may change the object inside D1, per writable model (PATCH).
CHANGES_INSIDE = {
    "unit": {"subdistrict_admin", "sysadmin"},
    "resident": {"subdistrict_admin", "secretary", "social_worker", "grid_worker"},
    "household": {"subdistrict_admin", "secretary", "social_worker", "grid_worker"},
    "ownership": {"subdistrict_admin", "secretary", "social_worker", "grid_worker"},
    "device": {"subdistrict_admin", "sysadmin"},
}
CHANGES_INSIDE |= {"committee-member": {"subdistrict_admin", "secretary", "social_worker"}}  # services.change_service at D1
CHANGES_INSIDE |= {"responsible": CHANGES_INSIDE["unit"], "grid-element": {"subdistrict_admin", "secretary", "social_worker", "grid_worker"}}  # org.change_unit; org.change_gridelement
CHANGES_INSIDE |= {m: {"subdistrict_admin", "secretary", "social_worker"} for m in ("talent", "organisation", "shared-space", "charity-project", "need")}  # resources.change_resource, match_resource


def test_every_writable_api_model_is_in_the_write_matrix():
    writable = {basename for _, viewset, basename in router.registry if hasattr(viewset, "partial_update") and "patch" in viewset.http_method_names}
    assert writable == set(CHANGES_INSIDE)


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
@pytest.mark.parametrize("model", list(CHANGES_INSIDE))
def test_writes_answer_404_outside_the_scope_and_403_without_the_right(api, personas, world, persona, model):
    client = api(personas[persona])
    inside, d2, far = world[model]
    url = f"/api/{model_url(model)}/"
    assert client.patch(f"{url}{far.pk}/", {}, format="json").status_code == 404
    expected = 200 if persona in CHANGES_INSIDE[model] else (403 if persona in SEES_INSIDE[model] else 404)
    assert client.patch(f"{url}{inside.pk}/", {}, format="json").status_code == expected


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
def test_only_the_security_administrator_revokes_roles(api, personas, world, persona):
    inside = world["roleassignment"][0]
    expected = 204 if persona == "security_admin" else (403 if persona in SEES_INSIDE["roleassignment"] else 404)
    assert api(personas[persona]).delete(f"/api/role-assignments/{inside.pk}/").status_code == expected


# Case writes (POST /api/cases/{id}/<step>/) on the reported case inside D1: who holds the right for each
# step, and what a holder gets in the case's state (200, or 409 when the state does not allow the step).
CASE_STEPS_INSIDE = {
    "accept": ({"subdistrict_admin", "secretary", "grid_worker"}, {}, 200),
    "reject": ({"subdistrict_admin", "secretary", "grid_worker"}, {"reason": "不属于受理范围"}, 200),
    "dispatch": ({"subdistrict_admin", "secretary"}, {"handling_unit": "D1"}, 409),
    "start": (set(), {}, 409),  # nobody handles a case not yet dispatched
    "verify": ({"subdistrict_admin", "secretary", "grid_worker"}, {"passed": True}, 409),
    "supervise": ({"subdistrict_admin", "area_manager"}, {}, 409),
}


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
@pytest.mark.parametrize("step", list(CASE_STEPS_INSIDE))
def test_case_steps_answer_404_outside_the_scope_403_without_the_right(api, personas, world, tree, persona, step):
    client = api(personas[persona])
    inside, d2, far = world["case"]
    holders, body, holder_status = CASE_STEPS_INSIDE[step]
    body = {k: getattr(tree, v).pk if k == "handling_unit" else v for k, v in body.items()}
    assert client.post(f"/api/cases/{far.pk}/{step}/", body, format="json").status_code == 404
    expected = holder_status if persona in holders else (403 if persona in SEES_INSIDE["case"] else 404)
    assert client.post(f"/api/cases/{inside.pk}/{step}/", body, format="json").status_code == expected


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
def test_only_case_registrars_report_cases_through_the_api(api, personas, world, tree, persona):
    from cases.models import CaseCategory

    body = {"category": CaseCategory.objects.get(code="W-1").pk, "description": "堆物", "unit": tree.G1.pk}
    expected = 201 if persona in {"subdistrict_admin", "secretary", "grid_worker"} else 403
    assert api(personas[persona]).post("/api/cases/", body, format="json").status_code == expected


# Permission and scope before the body (core/api.py): an out-of-scope write answers 404 and a write without
# the right 403 whatever the body, and a create that references objects of another subdistrict (a copy of
# an existing object there: the uniqueness validators would say "must be unique") answers like one that
# references nothing that exists. One test per model over every persona, on one world.
MISSING_ID = 2**62


def writable_fields(model):
    from importlib import import_module

    if model in WRITE_SERIALIZERS:
        module, name = WRITE_SERIALIZERS[model].split(":")
        serializer = getattr(import_module(module), name)()
    else:
        serializer = next(v for _, v, b in router.registry if b == model).serializer_class()
    return {name: f for name, f in serializer.fields.items() if not f.read_only}


def garbage(model) -> dict:
    """A body no field of which is valid."""
    return {name: [{"x": 1}] for name in writable_fields(model)} or {"name": [{"x": 1}]}


def far_copy(model, far, missing=False) -> dict:
    """The body of `far` (in another subdistrict) as the model's serializer writes it; with `missing`, every
    reference replaced by an id that does not exist."""
    from rest_framework import relations

    fields = writable_fields(model)
    viewset = next(v for _, v, b in router.registry if b == model)
    data = dict(viewset.serializer_class(far).data)
    body = {k: v for k, v in data.items() if k in fields and v is not None}
    if missing:
        for name, f in fields.items():
            if name in body and scoped(f.child_relation if isinstance(f, relations.ManyRelatedField) else f):
                body[name] = [MISSING_ID for _ in body[name]] if isinstance(f, relations.ManyRelatedField) else MISSING_ID
            elif name in body and name in ("unit", "point"):  # ids read as plain integers (CUSTOM_CREATE)
                body[name] = MISSING_ID
    return body


def scoped(field) -> bool:
    from django.db.models import Manager
    from rest_framework import relations

    from core.scoping import ScopedQuerySet

    qs = getattr(field, "queryset", None)
    return isinstance(field, relations.RelatedField) and isinstance(qs.all() if isinstance(qs, Manager) else qs, ScopedQuerySet)


@pytest.mark.parametrize("model", list(CHANGES_INSIDE))
def test_writes_check_the_right_and_the_scope_before_the_body(api, personas, world, model):
    inside, d2, far = world[model]
    url = f"/api/{model_url(model)}/"
    bad = garbage(model)
    holders = {p for p in ALL_PERSONAS if p in CHANGES_INSIDE[model]}
    assert api(personas["subdistrict_admin"]).patch(f"{url}{inside.pk}/", bad, format="json").status_code == 400  # the body is invalid
    for persona in MATRIX_PERSONAS:
        client = api(personas[persona])
        assert client.patch(f"{url}{far.pk}/", bad, format="json").status_code == 404, persona
        if persona not in holders:
            assert client.patch(f"{url}{inside.pk}/", bad, format="json").status_code == (403 if persona in SEES_INSIDE[model] else 404), persona
            assert client.post(url, bad, format="json").status_code == 403, persona
        copy, nothing = client.post(url, far_copy(model, far), format="json"), client.post(url, far_copy(model, far, missing=True), format="json")
        assert copy.status_code in (403, 404) if model not in CUSTOM_CREATE else copy.status_code in (400, 403, 404), (persona, copy.content)
        assert (copy.status_code, copy.json()) == (nothing.status_code, nothing.json()), persona  # existence elsewhere changes nothing


# Their own create and update read the body with a serializer of ints, and answer an unknown or foreign place with one 400.
CUSTOM_CREATE = {"device", "need"}
WRITE_SERIALIZERS = {"device": "smart.serializers:DeviceWriteSerializer", "need": "resources.serializers.needs:NeedWriteSerializer"}


def test_an_existing_ownership_elsewhere_is_not_confirmed_by_a_create(api, personas, world):
    _inside, d2, far = world["ownership"]
    for persona in ("volunteer", "secretary", "grid_worker", "outsider"):
        for target in (d2, far):
            r = api(personas[persona]).post("/api/ownerships/", {"house": target.house_id, "owner": target.owner_id, "share_percent": "100"}, format="json")
            assert r.status_code in (403, 404) and "unique" not in r.content.decode(), (persona, r.content)


# --- Pages: every page URL that takes an object id, discovered from the URL patterns. -------------------
# A URL with an `<id:...>` parameter must be served by a scoped base view (core.views: ScopedObjectView and
# its StepView, ScopedDetailView), which fetches the object through the view's scoped queryset; its model's
# objects are in `world` (MODEL_KEYS), so the matrix below asks it for an object inside, in D2 and far away.
# A URL served otherwise is listed in NOT_SCOPED with the reason; `test_every_page_object_url_is_scoped_or_listed`
# fails for a new one that is neither, and for a scoped page whose model has no objects in the world (MODEL_KEYS)
# and is not one of the UNSCOPED_MODELS (rows hung on no unit, or a person's own). For each scoped URL:
# in D2 (for a D1 persona) and far away (for the subdistrict admin) GET answers 404 (PUBLIC_PAGES excepted)
# and POST 403/404/405, never a change; inside, the subdistrict admin (or IN_SCOPE's persona) gets 200/302/405.
SCOPED_BASES = (ScopedObjectView, ScopedDetailView)
NOT_SCOPED = {
    "cases:photo": "a photo answers to its own rule (a follower of its case, or VIEW_CASE on the case), 404 otherwise: cases/tests",
    "cases:photo-thumb": "as cases:photo",
    "smart:event-snapshot": "a camera snapshot answers to its device (devices_visible), 404 for anyone else, signed in or not: smart/tests",
    "smart:vendor-edit": "vendors are the platform's one list, hung on no unit: CapabilityMixin (CHANGE_DEVICE somewhere)",
    "smart:vendor-key": "as smart:vendor-edit",
    "smart:maintainer-edit": "as smart:vendor-edit",
    "smart:rule-edit": "alarm rules are per device type, platform-wide (no unit): CapabilityMixin (CHANGE_DEVICE somewhere)",
    "services:menu-service": "public (no sign-in): the station's menu item; staff links by has_perm on it",
    "services:room-week": "public (no sign-in): a room's week of slots",
    "services:room-feed": "public iCalendar feed of a room (no sign-in)",
    "services:place-feed": "public iCalendar feed of a place (no sign-in)",
    "services:slot-book": "any signed-in resident books any open slot; who may is the booking service's rule (eligibility, capacity)",
    "services:station-detail": "public (no sign-in): a station's page",
    "resources:type-edit": "resource types are the platform's one catalogue, hung on no unit: a CapabilityView (VIEW_RESOURCE) with can_edit_types",
}
# The world's key of each model a scoped page shows (app_label.model_name -> key of `world`).
MODEL_KEYS = {
    "org.unit": "unit", "people.resident": "resident", "people.household": "household", "accounts.roleassignment": "roleassignment",
    "cases.case": "case", "surveys.survey": "survey", "smart.device": "device", "smart.alarm": "alarm",
    "services.neighbourhoodpoint": "point", "services.dutyshift": "duty-shift", "services.receptionlog": "reception", "services.place": "place",
    "services.room": "room", "services.slot": "slot", "services.booking": "booking", "services.service": "service",
    "services.committeemember": "committee-member", "resources.talent": "talent", "resources.need": "need",
    "resources.organisation": "organisation", "resources.sharedspace": "shared-space", "resources.project": "charity-project",
    "resources.match": "match", "resources.servicerecord": "service-record", "resources.matchround": "match-round",
    "org.responsible": "responsible", "org.gridelement": "grid-element",
    "meetings.body": "body", "meetings.meeting": "meeting",
    "deliberation.action": "action", "deliberation.matter": "matter", "deliberation.spending": "spending",
}
MODEL_KEYS |= {"meetings.meeting": "meeting", "meetings.agendaitem": "agenda-item", "meetings.decision": "decision", "meetings.minutes": "minutes", "meetings.attachment": "attachments"}
MODEL_KEYS |= {"deliberation.summons": "summons"}
MODEL_KEYS |= {"evaluation.period": "evaluation-period", "evaluation.result": "evaluation-result"}
# Models a scoped page base serves that hang on no unit, so there is no scope to test: model -> reason.
UNSCOPED_MODELS = {"services.operator": "operators are the subdistrict's one list; only whoever commissions changes them (may_edit_operators)"}
UNSCOPED_MODELS |= {"imports.importjob": "a person's own import jobs (imports.selectors.user_jobs): another's is 404, imports/tests"}
UNSCOPED_MODELS |= {"notices.notice": "a person's own notices (notices_for): another's is 404, notices/tests"}
UNSCOPED_MODELS |= {"evaluation.plan": "evaluation plans are the platform's one list, hung on no unit: VIEW_EVALUATION anywhere (Plan.objects.for_user)"}
# The URL's other parameters, from the object (a step's action, a revealed field, ...).
EXTRA_KWARGS = {
    "cases:case-step": lambda obj: {"action": "accept"},
    "people:resident-reveal": lambda obj: {"field": "id_number"},
    "surveys:question-edit": lambda obj: {"qid": a_question(obj).pk},
    "surveys:question-move": lambda obj: {"qid": a_question(obj).pk},
    "surveys:question-delete": lambda obj: {"qid": a_question(obj).pk},
    "org:responsible-edit": lambda obj: {"unit_pk": obj.unit_id},
    "org:responsible-delete": lambda obj: {"unit_pk": obj.unit_id},
    "services:point-step": lambda obj: {"action": "approve"},
    "resources:talent-step": lambda obj: {"action": "approve"},
    "resources:record-feedback": lambda obj: {"side": "need"},
    "smart:alarm-action": lambda obj: {"action": "ack"},
    "meetings:body-step": lambda obj: {"action": "add-seat"},
    "meetings:meeting-step": lambda obj: {"action": "open"},
    "deliberation:action-step": lambda obj: {"step": "progress"},
    "deliberation:matter-step": lambda obj: {"step": "execute"},
    "deliberation:spending-step": lambda obj: {"step": "approve"},
}
EXTRA_KWARGS |= {"meetings:item-move": lambda obj: {"direction": "up"}, "meetings:minutes-step": lambda obj: {"action": "approve"}}
EXTRA_KWARGS |= {"deliberation:summons-step": lambda obj: {"action": "answer"}}
# The objects a page is asked for, when not the world's objects of its model (inside, in D2, far).
OBJECTS_OF = {"org:element-add": lambda world: tuple(e.grid for e in world["grid-element"])}  # grids, not houses
OBJECTS_OF |= {"deliberation:action-create": lambda world: tuple(world["resolution"])}  # adopted decisions: a vote still open has no actions yet
# Who is in scope for the inside object, when not the subdistrict admin; None: nobody the matrix knows (the
# page is one person's own, e.g. the reporter's case; only the outside answers are checked).
# Pages whose objects are public to every signed-in user once offered (the resources library's directory):
# their GET is not scope-bound; their writes still are.
PUBLIC_PAGES = {n: "the resources library lists offered items to everyone (selectors_spaces._public_or_scoped)" for n in ("resources:organisation-detail", "resources:project-detail", "resources:space-detail")}
IN_SCOPE = {"meetings:attachment": None,  # the matrix's attachment has no file on disk (404): only the outside answers are checked
    "surveys:answer": None, "surveys:thanks": None, "cases:mine-detail": None, "cases:mine-verify": None, "cases:mine-rate": None, "cases:mine-reopen": None, "cases:follow": None}


def a_question(survey):
    """The survey's first question (one made when it has none; rolled back after the test)."""
    return survey.questions.first() or survey.questions.create(position=1, kind="text", text="您的建议")


def walk_urls(resolver=None, prefix="", ns=""):
    from django.urls import URLResolver, get_resolver

    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from walk_urls(p, prefix + str(p.pattern), ":".join(x for x in (ns, p.namespace) if x))
        else:
            yield prefix + str(p.pattern), ":".join(x for x in (ns, p.name) if x), p


def page_object_urls():
    """name -> (view class or function, the model's label) of every page URL taking an object id."""
    out = {}
    for route, name, p in walk_urls():
        if "<id:" not in route or route.startswith(("api/", "django-admin/")):
            continue
        view = getattr(p.callback, "view_class", p.callback)
        model = getattr(view, "model", None)
        out[name] = (view, model._meta.label_lower if model else None)
    return out


PAGE_URLS = page_object_urls()
SCOPED_PAGE_URLS = sorted(n for n, (view, _) in PAGE_URLS.items() if isinstance(view, type) and issubclass(view, SCOPED_BASES))
MATRIX_PAGE_URLS = [n for n in SCOPED_PAGE_URLS if PAGE_URLS[n][1] not in UNSCOPED_MODELS]


def test_every_page_object_url_is_scoped_or_listed():
    unscoped = {n for n in PAGE_URLS if n not in SCOPED_PAGE_URLS}
    assert unscoped == set(NOT_SCOPED), "a page URL taking an object id must be served by a scoped base view (core.views)"
    missing = {n: PAGE_URLS[n][1] for n in SCOPED_PAGE_URLS if PAGE_URLS[n][1] not in MODEL_KEYS | UNSCOPED_MODELS}
    assert missing == {}, "each scoped page's model needs objects in the matrix world (MODEL_KEYS)"


def page_url(name, obj):
    from django.urls import reverse

    kwargs = {PAGE_URLS[name][0].pk_url_kwarg: obj.pk} | (EXTRA_KWARGS[name](obj) if name in EXTRA_KWARGS else {})
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", MATRIX_PAGE_URLS)
def test_every_object_page_answers_404_outside_the_scope(login, personas, world, name):
    inside, d2, far = OBJECTS_OF[name](world) if name in OBJECTS_OF else world[MODEL_KEYS[PAGE_URLS[name][1]]]
    public = name in PUBLIC_PAGES
    near = login(personas["secretary"])  # D1 only: D2 is outside
    assert public or near.get(page_url(name, d2)).status_code == 404
    assert near.post(page_url(name, d2)).status_code in (403, 404, 405)
    admin = login(personas["subdistrict_admin"])  # the whole subdistrict: the other subdistrict is outside
    assert public or admin.get(page_url(name, far)).status_code == 404
    assert admin.post(page_url(name, far)).status_code in (403, 404, 405)
    if (persona := IN_SCOPE.get(name, "subdistrict_admin")) is not None:
        assert login(personas[persona]).get(page_url(name, inside)).status_code in (200, 302, 405)
