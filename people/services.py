"""Writes to people data. Pages, API, imports and generators all come through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.pinyin import pinyin_keys
from core.protect import decrypt, digest, mask_id_number, mask_mobile, protect
from core.validators import id_birth_date, id_gender, normalize_id_number, normalize_mobile, validate_id_number, validate_mobile
from org.models import Unit, UnitKind

from .models import CommunityRole, Household, Ownership, Resident


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


@transaction.atomic
def ownership_create(*, house: Unit, owner: Resident, share_percent=100, is_representative: bool | None = None, **fields) -> Ownership:
    require_house(house)
    if is_representative is None:
        is_representative = not Ownership.objects.filter(house=house, is_representative=True).exists()
    o = Ownership(house=house, unit_path=house.path, owner=owner, share_percent=share_percent, is_representative=is_representative, **fields)
    o.full_clean()
    o.save()
    return o


@transaction.atomic
def community_role_create(*, resident: Resident, kind: str, unit: Unit, **fields) -> CommunityRole:
    r = CommunityRole(resident=resident, kind=kind, unit=unit, unit_path=unit.path, **fields)
    r.full_clean()
    r.save()
    return r
