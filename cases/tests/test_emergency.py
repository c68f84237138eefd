"""Emergency advice (issue 15 item 5): a category flagged urgent as data shows, above the report form, the numbers
to call first as tap-to-call links and what to do; a plain category shows none; the report form stays usable."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from cases.models import CaseCategory, HandlerKind
from core.testing import make_user


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def trapped(categories):
    return CaseCategory.objects.create(
        code="FAC-02",
        name="电梯困人",
        handler_kind=HandlerKind.PROPERTY,
        emergency_advice="不要扒门，按警铃，等待救援。",
        emergency_numbers=[{"label": "电梯应急", "number": "96333"}, {"label": "急救", "number": "120"}],
    )


def box(html, category):
    """The emergency box of a category in the page, with whether it is hidden; None when absent."""
    at = html.find(f'<section class="emergency" id="emergency-{category.pk}"')
    if at < 0:
        return None
    end = html.index("</section>", at)
    return html[at:end], " hidden>" in html[at : html.index(">", at) + 1]


def test_it_shows_the_advice_and_tap_to_call_links_for_an_urgent_category_chosen_beforehand(client, trapped):
    html = client.get(f"/cases/report/?category={trapped.pk}").content.decode()
    section, hidden = box(html, trapped)
    assert not hidden
    assert 'href="tel:96333"' in section and 'href="tel:120"' in section and "不要扒门" in section
    assert html.index('id="emergency"') < html.index('id="step-category"')  # before the rest of the form
    assert f'value="{trapped.pk}" required checked' in html  # the category stays chosen; the report continues
    assert 'type="submit"' in html


def test_it_renders_the_urgent_box_hidden_until_that_category_is_chosen(client, trapped, categories):
    html = client.get(f"/cases/report/?category={categories['clutter'].pk}").content.decode()
    _section, hidden = box(html, trapped)
    assert hidden  # report.js shows it when 电梯困人 is chosen
    assert box(html, categories["clutter"]) is None and box(html, categories["lift"]) is None


def test_it_shows_no_emergency_box_when_no_category_is_urgent(client, categories):
    html = client.get(f"/cases/report/?category={categories['clutter'].pk}").content.decode()
    assert 'id="emergency"' not in html and "tel:" not in html


def test_it_keeps_the_advice_when_the_report_comes_back_with_an_error(client, trapped):
    r = client.post("/cases/report/", {"category": trapped.pk, "description": ""})
    assert r.status_code == 400
    section, hidden = box(r.content.decode(), trapped)
    assert not hidden and 'href="tel:96333"' in section


def test_it_ignores_a_category_parameter_that_is_not_a_number(client, trapped):
    r = client.get("/cases/report/?category=abc")
    assert r.status_code == 200 and box(r.content.decode(), trapped)[1]


def test_the_defaults_give_lifts_96333_and_gas_962777(db):
    call_command("cases_defaults", stdout=io.StringIO())
    numbers = {c.code: [n["number"] for n in c.emergency_calls()] for c in CaseCategory.objects.all() if c.is_urgent}
    assert numbers["FAC-LIFT-TRAP"][0] == "96333"
    assert numbers["SAFE-GAS"][0] == "962777"
    assert numbers["SAFE-SMOKE"][0] == "119"
    assert not CaseCategory.objects.get(code="ORDER-DISPUTE").is_urgent


def test_loading_the_defaults_again_keeps_advice_edited_in_the_admin(db):
    call_command("cases_defaults", stdout=io.StringIO())
    CaseCategory.objects.filter(code="SAFE-GAS").update(emergency_advice="本小区燃气由某公司供应。", emergency_numbers=[{"label": "燃气", "number": "12345678"}])
    call_command("cases_defaults", stdout=io.StringIO())
    gas = CaseCategory.objects.get(code="SAFE-GAS")
    assert gas.emergency_advice == "本小区燃气由某公司供应。" and gas.emergency_calls() == [{"label": "燃气", "number": "12345678"}]


def test_the_numbers_are_cleaned_for_a_tel_link():
    c = CaseCategory(emergency_numbers=[{"label": "燃气抢修", "number": "96 27-77"}, {"label": "空", "number": ""}, "119"])
    assert c.emergency_calls() == [{"label": "燃气抢修", "number": "962777"}]


def test_an_administrator_edits_the_advice_in_the_admin(client, trapped):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    url = f"/django-admin/cases/casecategory/{trapped.pk}/change/"
    assert "emergency_advice" in client.get(url).content.decode()
    form = {
        "code": trapped.code, "name": trapped.name, "parent": "", "handler_kind": trapped.handler_kind, "time_limit": 1,
        "time_unit": trapped.time_unit, "accept_minutes": "15", "is_active": "on",
        "emergency_advice": "先拨打 96333。", "emergency_numbers": '[{"label": "电梯应急", "number": "96333"}, {"label": "报警", "number": "110"}]',
    }  # fmt: skip
    assert client.post(url, form).status_code == 302
    trapped.refresh_from_db()
    assert trapped.emergency_advice == "先拨打 96333。" and [n["number"] for n in trapped.emergency_calls()] == ["96333", "110"]
    form["emergency_numbers"] = '{"number": "96333"}'
    r = client.post(url, form)
    assert r.status_code == 200 and "emergency_numbers" in r.context["adminform"].form.errors
