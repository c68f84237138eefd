"""What the widened crawl (tests/browser/test_crawl.py) found: links shown to personas who may not follow
them, and the icon browsers ask for at /favicon.ico. The same checks, without a browser."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_talent_pages_offer_review_and_adding_only_to_who_may_change_talents(client, personas):
    client.force_login(personas["area_manager"])  # sees the talent library, may not change it
    html = client.get(reverse("resources:talent-list")).content.decode()
    assert client.get(reverse("resources:talent-list")).status_code == 200
    assert reverse("resources:talent-review") not in html
    assert reverse("resources:talent-create") not in html
    assert client.get(reverse("resources:talent-review")).status_code == 403


def test_the_point_pages_offer_recording_an_activity_only_to_who_may_record(client, personas):
    for persona, shown in (("area_manager", False), ("grid_worker", False), ("social_worker", True)):
        client.force_login(personas[persona])
        response = client.get(reverse("services:point-list"))
        assert response.status_code == 200
        assert (reverse("services:point-quick") in response.content.decode()) is shown, persona
        assert client.get(reverse("services:point-quick")).status_code == (200 if shown else 403), persona


def test_favicon_ico_leads_to_the_site_icon_instead_of_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.svg")
