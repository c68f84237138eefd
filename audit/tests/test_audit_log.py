import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AuditLog, ImmutableError


def test_every_write_through_the_api_is_recorded_with_who_what_and_where(api, personas, people):
    client = api(personas["secretary"])
    r = client.patch(f"/api/residents/{people['zsf'].pk}/", {"name": "张三风", "relation": "other"}, format="json", REMOTE_ADDR="10.1.2.3")
    assert r.status_code == 200
    rec = AuditLog.objects.filter(action="update", object_type="people.resident", object_id=str(people["zsf"].pk)).get()
    assert rec.username == "secretary" and rec.ip == "10.1.2.3" and rec.success
    assert rec.changes["name"] == "(changed)" and rec.object_repr == f"#{people['zsf'].pk}"  # personal data: a marker only


def test_identifiers_never_enter_the_audit_log_in_clear_text(api, personas, people):
    api(personas["secretary"]).patch(f"/api/residents/{people['zsf'].pk}/", {"mobile": "13700000000"}, format="json")
    dump = repr(list(AuditLog.objects.values_list("changes", flat=True)))
    assert "13700000000" not in dump and "11010519491231002X" not in dump


def test_a_refused_write_is_recorded_as_a_failure(api, personas, people):
    r = api(personas["volunteer"]).patch(f"/api/residents/{people['zsf'].pk}/", {"name": "x"}, format="json")
    assert r.status_code == 404
    assert AuditLog.objects.filter(action="request", success=False, username="volunteer").exists()


def test_the_application_cannot_change_or_delete_a_record(people):
    rec = AuditLog.objects.first()
    rec.action = "delete"
    with pytest.raises(ImmutableError):
        rec.save()
    with pytest.raises(ImmutableError):
        rec.delete()
    with pytest.raises(ImmutableError):
        AuditLog.objects.all().update(action="x")
    with pytest.raises(ImmutableError):
        AuditLog.objects.all().delete()


def test_the_database_refuses_raw_updates_and_early_deletes(people):
    rec = AuditLog.objects.first()
    for sql in ("UPDATE audit_auditlog SET action = 'x' WHERE id = %s", "DELETE FROM audit_auditlog WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [rec.pk])
    assert AuditLog.objects.filter(pk=rec.pk, action=rec.action).exists()


def test_records_older_than_the_retention_period_may_be_purged(db):
    old = timezone.now() - datetime.timedelta(days=181)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO audit_auditlog (at, username, action, object_type, object_id, object_repr, changes, path, success) VALUES (%s, 'x', 'login', '', '', '', '{}', '', %s)",
            [old if connection.vendor == "postgresql" else old.strftime("%Y-%m-%d %H:%M:%S.%f"), True],
        )
        cur.execute("DELETE FROM audit_auditlog WHERE username = 'x'")
        assert cur.rowcount == 1


def test_the_auditor_filters_records_by_user_and_action(login, personas, people):
    client = login(personas["auditor"])
    r = client.get("/audit/", {"action": "create", "object_type": "people.resident"})
    assert r.status_code == 200 and f"#{people['zsf'].pk}" in r.content.decode() and "张三丰" not in r.content.decode()
    r = client.get("/audit/", {"username": "nobody"})
    assert "张三丰" not in r.content.decode()


def test_the_purge_command_keeps_recent_records(people):
    from django.core.management import call_command

    before = AuditLog.objects.count()
    call_command("purge_audit")
    assert AuditLog.objects.count() == before
