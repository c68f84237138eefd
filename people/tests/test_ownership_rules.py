"""Issue 13 item 18: co-owners' shares total at most 100%, and a house with owners has exactly one voting
representative after every committed write (services and API; the database too, see migration 0004)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from people.models import Ownership
from people.services import ownership_create, ownership_delete, ownership_update


def reps(house):
    return list(Ownership.objects.filter(house=house, is_representative=True).values_list("owner__name", flat=True))


def test_shares_over_100_percent_are_refused_with_a_clear_error(tree, people):
    ownership_create(house=tree.H1, owner=people["zsf"], share_percent=60)
    with pytest.raises(ValidationError) as e:
        ownership_create(house=tree.H1, owner=people["wife"], share_percent=50)
    assert "100%" in str(e.value.message_dict["share_percent"]) and "110" in str(e.value.message_dict["share_percent"])
    b = ownership_create(house=tree.H1, owner=people["wife"], share_percent=40)
    with pytest.raises(ValidationError):
        ownership_update(ownership=b, share_percent=Decimal("40.01"))
    assert Ownership.objects.filter(house=tree.H1).count() == 2


def test_the_first_owner_is_the_representative_even_if_asked_otherwise(tree, people):
    a = ownership_create(house=tree.H1, owner=people["zsf"], share_percent=50, is_representative=False)
    b = ownership_create(house=tree.H1, owner=people["wife"], share_percent=50)
    a.refresh_from_db()
    assert a.is_representative and not b.is_representative and reps(tree.H1) == ["张三丰"]


def test_naming_another_representative_replaces_the_previous_one_and_unnaming_is_refused(tree, people):
    a = ownership_create(house=tree.H1, owner=people["zsf"], share_percent=50)
    b = ownership_create(house=tree.H1, owner=people["wife"], share_percent=50, is_representative=True)
    assert reps(tree.H1) == ["王芳"]
    with pytest.raises(ValidationError) as e:
        ownership_update(ownership=b, is_representative=False)
    assert "is_representative" in e.value.message_dict and reps(tree.H1) == ["王芳"]
    ownership_update(ownership=a, is_representative=True)
    assert reps(tree.H1) == ["张三丰"]


def test_removing_the_representative_needs_a_successor(tree, people):
    a = ownership_create(house=tree.H1, owner=people["zsf"], share_percent=50)
    b = ownership_create(house=tree.H1, owner=people["wife"], share_percent=50)
    with pytest.raises(ValidationError):
        ownership_delete(ownership=a)
    ownership_delete(ownership=a, representative=b)
    assert reps(tree.H1) == ["王芳"]
    ownership_delete(ownership=b)  # the last owner: no representative is needed
    assert not Ownership.objects.filter(house=tree.H1).exists()


def test_the_api_refuses_excess_shares_and_an_unnamed_representative_and_switches_on_request(api, personas, tree, people):
    client = api(personas["secretary"])
    r = client.post("/api/ownerships/", {"house": tree.H1.pk, "owner": people["zsf"].pk, "share_percent": "70"}, format="json")
    assert r.status_code == 201 and r.json()["is_representative"] is True
    first = r.json()["id"]
    r = client.post("/api/ownerships/", {"house": tree.H1.pk, "owner": people["wife"].pk, "share_percent": "40"}, format="json")
    assert r.status_code == 400 and "share_percent" in r.json()
    r = client.post("/api/ownerships/", {"house": tree.H1.pk, "owner": people["wife"].pk, "share_percent": "30", "is_representative": True}, format="json")
    assert r.status_code == 201, r.content
    second = r.json()["id"]
    assert reps(tree.H1) == ["王芳"]
    assert client.patch(f"/api/ownerships/{second}/", {"is_representative": False}, format="json").status_code == 400
    assert client.patch(f"/api/ownerships/{first}/", {"is_representative": True}, format="json").status_code == 200
    assert reps(tree.H1) == ["张三丰"]
    assert client.patch(f"/api/ownerships/{first}/", {"share_percent": "71"}, format="json").status_code == 400


def test_the_database_refuses_shares_over_100_percent(tree, people):
    ownership_create(house=tree.H1, owner=people["zsf"], share_percent=60)
    with pytest.raises(IntegrityError), transaction.atomic():
        if connection.vendor == "postgresql":
            connection.cursor().execute("SET CONSTRAINTS people_ownership_check IMMEDIATE")
        Ownership.objects.create(house=tree.H1, unit_path=tree.H1.path, owner=people["wife"], share_percent=50, is_representative=False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no deferred triggers; the services check it there")
def test_postgresql_refuses_at_commit_a_house_left_without_a_representative(tree, people):
    ownership_create(house=tree.H1, owner=people["zsf"], share_percent=50)
    b = ownership_create(house=tree.H1, owner=people["wife"], share_percent=50)
    with transaction.atomic():  # within a transaction the representative may change hands
        connection.cursor().execute("SET CONSTRAINTS people_ownership_check DEFERRED")
        Ownership.objects.filter(house=tree.H1).update(is_representative=False)
        Ownership.objects.filter(pk=b.pk).update(is_representative=True)
        connection.cursor().execute("SET CONSTRAINTS people_ownership_check IMMEDIATE")  # what COMMIT does
    with pytest.raises(IntegrityError), transaction.atomic():
        Ownership.objects.filter(house=tree.H1).update(is_representative=False)
        connection.cursor().execute("SET CONSTRAINTS people_ownership_check IMMEDIATE")
