"""Export buttons on the lists that can be exported (issue 15 item 7): the residents directory and a unit's page
post to the audited export of the imports app, with the list's unit, and only for users who may export."""

from audit.models import AuditLog


def buttons(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('data-export="')[1:]]


def test_the_secretary_exports_the_residents_of_her_district_from_the_directory(login, personas, tree, people):
    c = login(personas["secretary"])
    html = c.get("/people/").content.decode()
    assert buttons(html) == ["residents"]
    assert 'action="/imports/export/"' in html and f'name="unit" value="{tree.D1.pk}"' in html
    r = c.post("/imports/export/", {"kind": "residents", "unit": tree.D1.pk})
    assert r.status_code == 200 and AuditLog.objects.filter(action="export", object_id=str(tree.D1.pk)).exists()


def test_the_button_carries_the_directorys_unit_filter(login, personas, tree, people):
    html = login(personas["subdistrict_admin"]).get(f"/people/?under={tree.G1.pk}").content.decode()
    assert buttons(html) == ["residents"] and f'name="unit" value="{tree.G1.pk}"' in html


def test_no_export_button_for_those_who_may_not_export(login, personas, tree, people):
    assert buttons(login(personas["grid_worker"]).get("/people/").content.decode()) == []
    assert buttons(login(personas["grid_worker"]).get(f"/org/units/{tree.G1.pk}/").content.decode()) == []
    assert buttons(login(personas["grid_worker"]).get("/org/").content.decode()) == []


def test_the_unit_tree_exports_what_is_under_the_users_only_unit_or_lets_her_choose(login, personas, tree, people):
    html = login(personas["secretary"]).get("/org/").content.decode()
    assert buttons(html) == ["units", "buildings", "responsibles"] and f'name="unit" value="{tree.D1.pk}"' in html


def test_a_units_page_offers_the_exports_under_it(login, personas, tree, people):
    html = login(personas["secretary"]).get(f"/org/units/{tree.D1.pk}/").content.decode()
    assert buttons(html) == ["units", "buildings", "responsibles", "households", "residents"]
    assert html.count(f'name="unit" value="{tree.D1.pk}"') == 5
    assert buttons(login(personas["secretary"]).get(f"/org/units/{tree.B1.pk}/").content.decode()) == ["households", "residents"]


def test_with_several_units_the_button_opens_the_export_form_to_choose_one(login, personas, tree, people):
    from accounts.services import role_assign
    from core.testing import make_user

    both = make_user("two_districts")
    for unit in (tree.D1, tree.D2):
        role_assign(user=both, role="committee_secretary", unit=unit)
    html = login(both).get("/people/").content.decode()
    assert buttons(html) == ["residents"] and 'href="/imports/?export=residents#export"' in html and 'action="/imports/export/"' not in html
    form = login(both).get("/imports/?export=residents").context["export_form"]
    assert (form["kind"].value(), form["unit"].value()) == ("residents", None)
