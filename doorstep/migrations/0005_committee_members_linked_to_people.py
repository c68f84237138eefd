"""A station committee's members become rows linked to people (issue 13 item 22).

The JSON list [{"name", "role"}] of each committee is moved into CommitteeMember rows: a name that is exactly
one resident of the station's 居民区 links that resident; otherwise exactly one account of that name holding a
role in the district's line links the account; otherwise the member keeps the name, unlinked, for staff to link.
Roles 主任/副主任 become chair/vice-chair, anything else member. Reversible (the rows go back to the JSON list)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.models

ROLES = {"主任": "chair", "副主任": "vice_chair"}
RANKS = {"chair": 0, "vice_chair": 1, "member": 2}
LABELS = {"chair": "主任", "vice_chair": "副主任", "member": "委员"}


def members_to_rows(apps, schema_editor):
    Committee = apps.get_model("services", "Committee")
    Member = apps.get_model("services", "CommitteeMember")
    Resident = apps.get_model("people", "Resident")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    rows = []
    for committee in Committee.objects.select_related("place").iterator():
        path = committee.place.unit_path
        for m in committee.members_json or []:
            if not isinstance(m, dict) or not str(m.get("name") or "").strip():
                continue
            name = str(m["name"]).strip()[:50]
            role = ROLES.get(str(m.get("role") or "").strip(), "member")
            residents = list(Resident.objects.filter(unit_path__startswith=path, name=name).values_list("pk", flat=True)[:2])
            resident_id = residents[0] if len(residents) == 1 else None
            user_id = None
            if resident_id is None:
                users = {
                    uid for uid, upath in RoleAssignment.objects.filter(user__display_name=name).values_list("user_id", "unit_path")
                    if upath.startswith(path) or path.startswith(upath)
                }
                user_id = users.pop() if len(users) == 1 else None
            rows.append(Member(committee=committee, unit_path=path, name=name, role=role, rank=RANKS[role], resident_id=resident_id, user_id=user_id))
    seen = set()
    unique = []
    for row in rows:  # one seat per person and committee
        key = (row.committee_id, "r", row.resident_id) if row.resident_id else (row.committee_id, "u", row.user_id) if row.user_id else None
        if key is None or key not in seen:
            seen.add(key)
            unique.append(row)
    Member.objects.bulk_create(unique, batch_size=2000)


def rows_to_members(apps, schema_editor):
    Committee = apps.get_model("services", "Committee")
    Member = apps.get_model("services", "CommitteeMember")
    by_committee = {}
    for m in Member.objects.order_by("committee_id", "rank", "id"):
        by_committee.setdefault(m.committee_id, []).append({"name": m.name, "role": LABELS.get(m.role, "委员")})
    for committee in Committee.objects.filter(pk__in=list(by_committee)):
        committee.members_json = by_committee[committee.pk]
        committee.save(update_fields=["members_json"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_remove_roleassignment_acc_role_unit_path_and_more'),
        ('people', '0002_remove_communityrole_ppl_commrole_path_and_more'),
        ('services', '0004_book_calendar_feed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='committee', old_name='members', new_name='members_json'),
        migrations.CreateModel(
            name='CommitteeMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('unit_path', core.models.PathField(editable=False, max_length=120)),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice-chair'), ('member', 'Member')], default='member', max_length=16, verbose_name='role in the committee')),
                ('rank', models.PositiveSmallIntegerField(default=2, editable=False)),
                ('name', models.CharField(max_length=50, verbose_name='name')),
                ('since', models.DateField(blank=True, null=True, verbose_name='member since')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='members', to='services.committee', verbose_name='committee')),
                ('resident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='committee_seats', to='people.resident', verbose_name='resident')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='committee_seats', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'committee member',
                'verbose_name_plural': 'committee members',
                'ordering': ['committee_id', 'rank', 'id'],
                'indexes': [models.Index(fields=['unit_path', 'id'], name='svc_cmember_path')],
                'constraints': [models.UniqueConstraint(fields=('committee', 'resident'), name='svc_cmember_resident_once'), models.UniqueConstraint(fields=('committee', 'user'), name='svc_cmember_user_once')],
            },
        ),
        migrations.RunPython(members_to_rows, rows_to_members),
        migrations.RemoveField(model_name='committee', name='members_json'),
    ]
