"""The resident's mobile number on the page and in the API goes through the one normaliser
(core.validators.normalize_mobile): +86, spaces and hyphens are taken, the 11 digits are kept."""

from core.protect import decrypt, digest
from core.testing import make_id_number
from people.forms import ResidentForm
from people.models import Resident


def test_the_resident_form_takes_a_number_with_the_country_code_and_cleans_it_to_11_digits(db):
    form = ResidentForm({"name": "王五", "id_number": make_id_number(), "mobile": "+86 138-0013-8000", "relation": "head"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "13800138000"
    assert not ResidentForm({"name": "王五", "id_number": make_id_number(), "mobile": "+1 138 0013 8000", "relation": "head"}).is_valid()


def test_the_api_keeps_the_normalised_number(api, personas, tree):
    body = {"name": "王五", "id_number": make_id_number(), "mobile": "86 139 1234 5678", "house": tree.H1.pk, "relation": "head"}
    r = api(personas["subdistrict_admin"]).post("/api/residents/", body, format="json")
    assert r.status_code == 201, r.json()
    resident = Resident.objects.get(pk=r.json()["id"])
    assert decrypt(resident.mobile_enc) == "13912345678" and resident.mobile_digest == digest("13912345678")
