"""Every write to an audited model leaves a record (a cross-cutting concern, so a signal). Personal fields are
recorded as markers only (audit.personal)."""

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from audit.models import AuditAction
from audit.personal import redact_diff, redact_snapshot
from audit.services import audit_record

AUDITED = ["org.Unit", "org.Responsible", "people.Resident", "people.Household", "people.Ownership", "people.CommunityRole", "accounts.User", "accounts.RoleAssignment", "cases.Case", "cases.CaseTransition", "cases.CaseCategory", "cases.Holiday", "open311.ApiKey", "open311.ServiceAttribute", "smart.DeviceType", "smart.Vendor", "smart.Maintainer", "smart.Device", "smart.AlarmRule"]
AUDITED += ["org.GridElement", "services.CommitteeMember"]  # a grid's shops and public places; the stations' committee members
HIDDEN = {"password", "contact_phone_enc", "digest", "id_number_enc", "mobile_enc", "id_number_digest", "mobile_digest", "name_pinyin", "name_initials", "last_login", "token_digest", "key_digest", "mqtt_password_hash"}


def snapshot(instance) -> dict:
    out = {}
    for f in instance._meta.concrete_fields:
        if f.name in HIDDEN:
            continue
        v = getattr(instance, f.attname)
        out[f.name] = v if isinstance(v, (int, float, bool, str, type(None), dict, list)) else str(v)  # a JSON field stays JSON
    return out


def before_save(sender, instance, **kwargs):
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        instance._audit_before = snapshot(old) if old is not None else None


def after_save(sender, instance, created, **kwargs):
    now = snapshot(instance)
    if created:
        audit_record(action=AuditAction.CREATE, obj=instance, changes=redact_snapshot(sender, now))
        return
    before = getattr(instance, "_audit_before", None) or {}
    diff = {k: [before.get(k), v] for k, v in now.items() if before.get(k) != v and k != "updated_at"}
    if diff:
        audit_record(action=AuditAction.UPDATE, obj=instance, changes=redact_diff(sender, diff))


def after_delete(sender, instance, **kwargs):
    audit_record(action=AuditAction.DELETE, obj=instance, changes=redact_snapshot(sender, snapshot(instance)))


def connect():
    for label in AUDITED:
        model = apps.get_model(label)
        pre_save.connect(before_save, sender=model, dispatch_uid=f"audit-pre-{label}")
        post_save.connect(after_save, sender=model, dispatch_uid=f"audit-post-{label}")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"audit-del-{label}")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, user=user, obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, user=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(action=AuditAction.LOGIN_FAILED, success=False, object_type="accounts.user", object_repr=str(credentials.get("username", ""))[:200])
