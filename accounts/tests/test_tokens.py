"""API tokens follow the account: a password change ends them, a locked or inactive account cannot use them."""

from django.test import Client
from rest_framework.authtoken.models import Token

NEW_PASSWORD = "Another-Pa55word"


def take_token(password, username="secretary"):
    r = Client().post("/api/token/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 200, r.content
    return r.json()["token"]


def residents(token):
    return Client().get("/api/residents/", HTTP_AUTHORIZATION=f"Token {token}", REMOTE_ADDR="10.0.0.9").status_code


def test_a_token_taken_before_a_password_change_on_the_page_no_longer_works(client, personas, password):
    old = take_token(password)
    assert residents(old) == 200
    client.force_login(personas["secretary"])
    r = client.post("/accounts/password/", {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status_code == 302
    assert residents(old) in (401, 403)
    new = take_token(NEW_PASSWORD)
    assert new != old and residents(new) == 200


def test_every_path_that_sets_a_password_rotates_the_token(personas):
    from accounts.models import User

    user = personas["secretary"]
    token = Token.objects.create(user=user)
    user = User.objects.get(pk=user.pk)  # as the admin and the services load it
    user.set_password(NEW_PASSWORD)
    user.save(update_fields=["password", "password_changed_at"])
    assert not Token.objects.filter(key=token.key).exists()
    other = Token.objects.create(user=personas["grid_worker"])
    personas["grid_worker"].save()  # a save without a new password keeps the token
    assert Token.objects.filter(key=other.key).exists()


def test_the_admin_password_form_rotates_the_token(client, personas):
    from django.contrib.auth.forms import AdminPasswordChangeForm

    user = personas["secretary"]
    token = Token.objects.create(user=user)
    form = AdminPasswordChangeForm(user, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    assert residents(token.key) in (401, 403)


def test_a_token_older_than_the_last_password_change_is_refused(personas):
    from datetime import timedelta

    from accounts.models import User

    token = Token.objects.create(user=personas["secretary"])
    User.objects.filter(pk=personas["secretary"].pk).update(password_changed_at=token.created + timedelta(seconds=1))  # a change that bypassed save()
    assert residents(token.key) in (401, 403)


def test_a_token_is_refused_while_the_account_is_locked(personas, password):
    token = take_token(password)
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "secretary", "password": "wrong-Password1"}, REMOTE_ADDR="10.0.0.7")
    assert residents(token) in (401, 403)
    r = Client().post("/api/token/", {"username": "secretary", "password": password}, REMOTE_ADDR="10.0.0.9")
    assert r.status_code != 200 and "token" not in r.content.decode()


def test_the_lock_lifting_lets_the_token_work_again(personas, password):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    token = take_token(password)
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "secretary", "password": "wrong-Password1"}, REMOTE_ADDR="10.0.0.7")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert residents(token) == 200


def test_a_token_is_refused_for_an_inactive_account(personas, password):
    token = take_token(password)
    personas["secretary"].is_active = False
    personas["secretary"].save()
    assert residents(token) in (401, 403)
