import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import RoleAssignment
from accounts.services import role_assign
from audit.models import AuditLog


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.9")


def test_an_account_locks_after_five_failures_even_with_the_right_password(client, personas, password):
    codes = [sign_in(client, "secretary", "wrong-Password1").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    r = sign_in(client, "secretary", password)
    assert r.status_code == 429 and "_auth_user_id" not in client.session
    assert AuditLog.objects.filter(action="login_failed", success=False).count() >= 5


def test_a_correct_sign_in_resets_the_failure_count(client, personas, password):
    for _ in range(4):
        sign_in(client, "secretary", "wrong-Password1")
    assert sign_in(client, "secretary", password).status_code == 302
    assert AuditLog.objects.filter(action="login", username="secretary").exists()


def test_the_lock_lifts_after_thirty_minutes(client, personas, password, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(5):
        sign_in(client, "secretary", "wrong-Password1")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "secretary", password).status_code == 302


@pytest.mark.parametrize("pw", ["short1A", "alllowercaseletters", "lowercase123", "12345678901"])
def test_weak_passwords_are_refused(pw):
    with pytest.raises(ValidationError):
        validate_password(pw)


def test_a_password_of_three_classes_is_accepted():
    validate_password("Zhongshan-2021")


def test_a_session_idle_for_thirty_minutes_is_signed_out(client, personas):
    client.force_login(personas["secretary"])
    assert client.get("/people/").status_code == 200
    session = client.session
    session["last_seen"] = time.time() - 31 * 60
    session.save()
    r = client.get("/people/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_three_administrator_roles_belong_to_different_people(tree, personas):
    with pytest.raises(ValidationError):
        role_assign(user=personas["sysadmin"], role="auditor", unit=tree.S)
    with pytest.raises(ValidationError):
        role_assign(user=personas["auditor"], role="security_admin", unit=tree.S)


def test_the_separated_administrators_see_no_personal_data(api, personas, people):
    for name in ("sysadmin", "security_admin", "auditor"):
        assert api(personas[name]).get("/api/residents/").json()["results"] == []


def test_the_security_administrator_grants_and_revokes_roles(login, personas, tree):
    client = login(personas["security_admin"])
    outsider = personas["outsider"]
    r = client.post("/accounts/roles/", {"username": "outsider", "role": "grid_worker", "unit_code": tree.G2.code})
    assert r.status_code == 302
    ra = RoleAssignment.objects.get(user=outsider)
    assert ra.unit == tree.G2 and ra.granted_by == personas["security_admin"]
    assert client.post(f"/accounts/roles/{ra.pk}/revoke/").status_code == 302
    assert not RoleAssignment.objects.filter(user=outsider).exists()


def test_a_secretary_may_not_grant_roles(login, api, personas, tree):
    r = login(personas["secretary"]).post("/accounts/roles/", {"username": "outsider", "role": "grid_worker", "unit_code": tree.G1.code})
    assert r.status_code == 403
    r = api(personas["secretary"]).post("/api/role-assignments/", {"user": personas["outsider"].pk, "role": "grid_worker", "unit": tree.G1.pk}, format="json")
    assert r.status_code == 403
    assert not RoleAssignment.objects.filter(user=personas["outsider"]).exists()


def test_granting_an_unknown_unit_code_explains_itself(login, personas):
    r = login(personas["security_admin"]).post("/accounts/roles/", {"username": "outsider", "role": "grid_worker", "unit_code": "NOPE"})
    assert r.status_code == 400 and "unit_code" in r.context["grant_form"].errors


def test_api_token_authentication_works(client, personas):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=personas["secretary"])
    r = client.get("/api/residents/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert r.status_code == 200


def test_an_old_password_must_be_changed_before_working_on(client, personas, settings):
    from datetime import timedelta

    from django.utils import timezone

    user = personas["secretary"]
    type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS + 1))
    client.force_login(user)
    r = client.get("/people/")
    assert r.status_code == 302 and r["Location"].endswith("/accounts/password/")


def test_api_errors_follow_the_requested_language(api, personas, tree):
    r = api(personas["secretary"]).post("/api/residents/", {"name": "x", "id_number": "123", "house": tree.H1.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "18 characters" in str(r.json()["id_number"])
