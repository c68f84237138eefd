"""Writes to people data. Pages, API, imports and generators all come through here."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.pinyin import pinyin_keys
from core.protect import decrypt, digest, mask_id_number, mask_mobile, protect
from core.validators import id_birth_date, id_gender, normalize_id_number, normalize_mobile, validate_id_number, validate_mobile
from org.models import Unit, UnitKind
from people.models import CommunityRole, Household, Ownership, Resident


def house_address(house: Unit) -> str:
    names = list(house.ancestors().exclude(kind__in=[UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.GRID]).values_list("name", flat=True))
    return "".join(names + [house.name])


def require_house(unit: Unit) -> None:
    if unit.kind != UnitKind.HOUSE:
        raise ValidationError({"house": _("Choose a house (a unit of exclusive ownership), not a %(kind)s.") % {"kind": unit.get_kind_display()}})


def fill_resident(resident: Resident, *, id_number: str | None = None, mobile: str | None = None) -> Resident:
    """Set the derived columns of a resident: pinyin keys, address, protected identifiers."""
    resident.name_pinyin, resident.name_initials = pinyin_keys(resident.name)
    resident.unit_path = resident.house.path
    if id_number is not None:
        idn = normalize_id_number(id_number)
        p = protect(idn, mask_id_number)
        resident.id_number_enc, resident.id_number_digest, resident.id_number_masked = p.enc, p.digest, p.masked
        resident.birth_date = id_birth_date(idn)
        resident.gender = id_gender(idn)
    if mobile is not None:
        m = normalize_mobile(mobile)
        p = protect(m, mask_mobile)
        resident.mobile_enc, resident.mobile_digest, resident.mobile_masked = p.enc, p.digest, p.masked
    return resident


def validate_identifiers(id_number: str | None, mobile: str | None, exclude_pk=None) -> None:
    errors = {}
    if id_number is not None:
        try:
            validate_id_number(id_number)
            dup = Resident.objects.filter(id_number_digest=digest(normalize_id_number(id_number)))
            if exclude_pk:
                dup = dup.exclude(pk=exclude_pk)
            if dup.exists():
                errors["id_number"] = _("A resident with this ID number is already registered.")
        except ValidationError as e:
            errors["id_number"] = e.messages
    if mobile:
        try:
            validate_mobile(mobile)
        except ValidationError as e:
            errors["mobile"] = e.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def resident_create(*, house: Unit, name: str, id_number: str, mobile: str = "", household: Household | None = None, relation: str = "head", user=None) -> Resident:
    require_house(house)
    validate_identifiers(id_number, mobile)
    resident = Resident(house=house, household=household, name=name.strip(), relation=relation, address=house_address(house), user=user)
    fill_resident(resident, id_number=id_number, mobile=mobile)
    resident.save()
    return resident


@transaction.atomic
def resident_update(*, resident: Resident, id_number: str | None = None, mobile: str | None = None, **fields) -> Resident:
    validate_identifiers(id_number, mobile, exclude_pk=resident.pk)
    for k, v in fields.items():
        setattr(resident, k, v)
    if "house" in fields:
        require_house(resident.house)
        resident.address = house_address(resident.house)
    fill_resident(resident, id_number=id_number, mobile=mobile)
    resident.save()
    return resident


def resident_reveal(*, resident: Resident, field: str, by, ip: str = "") -> str:
    """The full ID or mobile number, for a caller who has the right; writes an audit record."""
    value = decrypt(resident.id_number_enc if field == "id_number" else resident.mobile_enc)
    audit_record(action="view_pii", user=by, obj=resident, ip=ip, changes={"field": field})
    return value


@transaction.atomic
def household_create(*, house: Unit, number: str, tenure: str = "owner") -> Household:
    require_house(house)
    h = Household(house=house, unit_path=house.path, number=number, tenure=tenure, address=house_address(house))
    h.full_clean()
    h.save()
    return h


def lock_house(house_id: int) -> None:
    """Writes to a house's ownerships run one at a time: the checks below read the other rows of the house."""
    list(Unit.objects.select_for_update().filter(pk=house_id).values_list("pk", flat=True))


def check_shares(house_id: int, share, exclude_pk=None) -> None:
    """Co-owners' shares total at most 100% (the owners' vote counts shares, 民法典 Art. 278)."""
    others = Ownership.objects.filter(house_id=house_id).exclude(pk=exclude_pk).aggregate(t=Sum("share_percent"))["t"] or Decimal(0)
    if others + Decimal(share) > 100:
        raise ValidationError({"share_percent": _("The co-owners' shares of this house would total %(total)s%%; they may total at most 100%%. "
                                                  "The others hold %(others)s%%.") % {"total": others + Decimal(share), "others": others}})


def make_representative(ownership: Ownership) -> None:
    """Name this owner the house's voting representative (the caller saves it); the previous one stops being it in the
    same transaction."""
    for previous in Ownership.objects.filter(house_id=ownership.house_id, is_representative=True).exclude(pk=ownership.pk):
        previous.is_representative = False
        previous.save()  # first: at most one representative holds at every row (a unique index)
    ownership.is_representative = True


@transaction.atomic
def ownership_create(*, house: Unit, owner: Resident, share_percent=100, is_representative: bool | None = None, **fields) -> Ownership:
    """A house with owners has exactly one voting representative: the first owner is it; a later owner becomes it
    only when named (`is_representative=True`), and the previous one stops being it."""
    require_house(house)
    lock_house(house.pk)
    check_shares(house.pk, share_percent)
    first = not Ownership.objects.filter(house=house).exists()
    o = Ownership(house=house, unit_path=house.path, owner=owner, share_percent=share_percent, is_representative=False, **fields)
    o.full_clean()
    if first or is_representative:
        make_representative(o)
    o.save()
    return o


@transaction.atomic
def ownership_update(*, ownership: Ownership, **fields) -> Ownership:
    """Shares stay within 100% in total; `is_representative=True` names this owner and unnames the previous one;
    the representative cannot be unnamed without naming another (set it on the other owner instead)."""
    lock_house(ownership.house_id)
    ownership.refresh_from_db()
    if "share_percent" in fields:
        check_shares(ownership.house_id, fields["share_percent"], exclude_pk=ownership.pk)
    rep = fields.pop("is_representative", None)
    if rep is False and ownership.is_representative:
        raise ValidationError({"is_representative": _("A house with owners has exactly one voting representative: name another owner as the "
                                                      "representative instead, and this one stops being it.")})
    for k, v in fields.items():
        setattr(ownership, k, v)
    ownership.full_clean()
    if rep:
        make_representative(ownership)
    ownership.save()
    return ownership


@transaction.atomic
def ownership_delete(*, ownership: Ownership, representative: Ownership | None = None) -> None:
    """Removing the representative of a house with other owners needs the one who takes over (`representative`)."""
    lock_house(ownership.house_id)
    ownership.refresh_from_db()
    others = Ownership.objects.filter(house_id=ownership.house_id).exclude(pk=ownership.pk)
    if ownership.is_representative and others.exists():
        if representative is None or representative.pk == ownership.pk or not others.filter(pk=representative.pk).exists():
            raise ValidationError({"representative": _("Name another owner of this house as the voting representative before removing this one.")})
        successor = others.get(pk=representative.pk)
        make_representative(successor)
        successor.save()
    ownership.delete()


@transaction.atomic
def community_role_create(*, resident: Resident, kind: str, unit: Unit, **fields) -> CommunityRole:
    r = CommunityRole(resident=resident, kind=kind, unit=unit, unit_path=unit.path, **fields)
    r.full_clean()
    r.save()
    return r
