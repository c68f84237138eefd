"""Writes to the stations' four committees (S1.2): members are residents of the station's 居民区 or accounts
holding a role in its line, each with a role in the committee. Permissions are checked at the edge."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from doorstep.models import Committee, CommitteeKind, CommitteeMember, Place, PlaceKind

MEMBER_FIELDS = {"role", "name", "since"}


def committee_get_or_create(*, place: Place, kind: str) -> Committee:
    if place.kind != PlaceKind.STATION:
        raise ValidationError(_("Only a good-neighbour station has the four committees."))
    if kind not in CommitteeKind.values:
        raise ValidationError({"kind": _("Not one of the four committees.")})
    committee, _created = Committee.objects.get_or_create(place=place, kind=kind)
    return committee


def _check_person(committee: Committee, resident, user) -> None:
    path = committee.place.unit_path
    if (resident is None) == (user is None):
        raise ValidationError(_("A member is a resident or an account: choose one of them."))
    if resident is not None and not resident.unit_path.startswith(path):
        raise ValidationError({"resident": _("This resident does not live in the station's residential district.")})
    if user is not None:
        paths = user.role_assignments.values_list("unit_path", flat=True)
        if not any(p.startswith(path) or path.startswith(p) for p in paths):
            raise ValidationError({"user": _("This account holds no role in the station's residential district or above it.")})


@transaction.atomic
def committee_member_add(*, committee: Committee, role: str, resident=None, user=None, name: str = "", since=None) -> CommitteeMember:
    _check_person(committee, resident, user)
    name = (name or "").strip() or (resident.name if resident is not None else (user.display_name or user.username))
    member = CommitteeMember(committee=committee, unit_path=committee.place.unit_path, role=role, name=name, resident=resident, user=user, since=since)
    return _save(member)


@transaction.atomic
def committee_member_update(*, member: CommitteeMember, resident=None, user=None, **fields) -> CommitteeMember:
    """Change the role, published name or date; link a person (a member moved from the old list may have none)."""
    unknown = set(fields) - MEMBER_FIELDS
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if resident is not None or user is not None:
        _check_person(member.committee, resident, user)
        member.resident, member.user = resident, user
    for k, v in fields.items():
        setattr(member, k, v)
    member.name = (member.name or "").strip() or (member.resident.name if member.resident else member.user.display_name if member.user else "")
    return _save(member)


def _save(member: CommitteeMember) -> CommitteeMember:
    """Checked, then saved; the database's one-membership-per-person rule answers in the user's language."""
    member.full_clean(exclude=["unit_path"])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as e:
        raise ValidationError(_("This person is already a member of the committee.")) from e
    return member


@transaction.atomic
def committee_member_remove(*, member: CommitteeMember) -> None:
    member.delete()
