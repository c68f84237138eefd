"""The export form guides (issue 15 item 7): a user's only unit is chosen for them, a list's export button asks for
its kind, and a missing unit keeps the chosen data and shows the error at the top of the page."""

import re

from django import forms

from core.forms import only_root, preselect_only_choice
from org.models import Unit


def export_section(html: str) -> str:
    return html[html.index('action="/imports/export/"') :]


def test_a_secretarys_only_unit_is_chosen_for_her(login, personas, tree):
    form = login(personas["secretary"]).get("/imports/").context["export_form"]
    assert form["unit"].value() == tree.D1.pk


def test_a_list_button_asks_for_its_kind_and_unit(login, personas, tree):
    form = login(personas["subdistrict_admin"]).get(f"/imports/?export=residents&unit={tree.D2.pk}").context["export_form"]
    assert (form["kind"].value(), form["unit"].value()) == ("residents", tree.D2.pk)
    form = login(personas["subdistrict_admin"]).get("/imports/?export=nonsense&unit=x").context["export_form"]
    assert form["kind"].value() != "nonsense" and form["unit"].value() == tree.S.pk  # the admin's only root


def test_a_missing_unit_keeps_the_data_type_and_shows_the_error_at_the_top(login, personas, tree):
    c = login(personas["subdistrict_admin"])
    r = c.post("/imports/export/", {"kind": "households", "unit": ""})
    html = r.content.decode()
    assert r.status_code == 400
    assert html.index('id="form-errors"') < html.index('id="step-templates"'), "the error summary opens the page"
    assert 'href="#export_unit"' in html
    assert re.search(r'<option value="households" selected>', export_section(html))
    assert 'id="export_kind"' in html and html.count('id="id_kind"') == 1, "the two forms' fields keep ids of their own"


class UnitForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        preselect_only_choice(self, "unit")


def test_the_helper_takes_a_tree_under_one_unit_as_one_choice_and_leaves_bound_forms_alone(tree):
    under_d1 = Unit.objects.filter(path__startswith=tree.D1.path)
    assert only_root(under_d1) == tree.D1.pk and UnitForm(units=under_d1)["unit"].value() == tree.D1.pk
    assert UnitForm(units=Unit.objects.filter(pk__in=[tree.D1.pk, tree.D2.pk]))["unit"].value() is None
    assert UnitForm(units=Unit.objects.filter(pk=tree.G2.pk))["unit"].value() == tree.G2.pk
    assert UnitForm({"unit": ""}, units=under_d1)["unit"].value() in ("", None)
    assert UnitForm(units=Unit.objects.none())["unit"].value() is None
