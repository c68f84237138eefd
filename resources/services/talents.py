"""社区达人 (S2.1): entering, applying, reviewing talents, and the resource types as data.

Writes only here. Each function is atomic: it checks everything first and raises one ValidationError
(messages in the user's language, keyed by field) before writing anything; a talent's write ends with
`resources.catalogue.sync` in the same transaction, so the matching catalogue follows its skills
(→ types) and state (→ is_active / is_public). Review steps go through core.workflow (TALENT_WORKFLOW),
so each lands on the talent's timeline; an illegal step raises IllegalTransition and changes nothing.

Permissions are checked at the edge (pages, API); the services also refuse a unit outside the
staff member's `change_resource` scope, so no edge can place a talent where its user cannot."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_RESOURCE
from core.protect import mask_mobile, protect
from core.validators import normalize_mobile, validate_mobile
from core.workflow import begin, transition
from doorstep.slots import hours_checked
from notices.services import notices_send
from org.models import Unit, UnitKind
from people.models import Resident
from resources.catalogue import sync
from resources.models import ResourceKind, ResourceType, SkillLevel, Talent, TalentSkill, TalentSource, TalentState

T = TalentState
HOME_KINDS = (UnitKind.DISTRICT, UnitKind.GRID, UnitKind.BUILDING, UnitKind.HOUSE)  # a 居民区 or below
EDITABLE = (
    "name", "phone", "unit", "resident", "lat", "lng", "bio", "skills", "availability",
    "reach_m", "group_size", "sessions_per_period", "public_consent",
)  # fmt: skip
LIMITS = {"reach_m": (0, 50_000), "group_size": (1, 10_000), "sessions_per_period": (1, 100)}
SIX_PLACES = Decimal("0.000001")


class _Errors(dict):
    def add(self, field: str, message: str):
        self.setdefault(field, []).append(message)

    def raise_if_any(self):
        if self:
            raise ValidationError(dict(self))


# --- checks -----------------------------------------------------------------------------------------


def _coordinate(value, low, high, field, errors):
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value)).quantize(SIX_PLACES)
    except (InvalidOperation, ValueError):
        errors.add(field, _("Give a number."))
        return None
    if not low <= d <= high:
        errors.add(field, _("Give a number between %(low)s and %(high)s.") % {"low": low, "high": high})
        return None
    return d


def skills_checked(skills, errors: _Errors, keep_type_ids=()) -> list[tuple[ResourceType, int, str]]:
    """[(type, level, note)]: at least one; only talent skills in use (or already held); each once."""
    out, seen = [], set()
    items = [(tuple(item) + ("",))[:3] for item in skills or ()]
    fresh = ResourceType.objects.in_bulk([t.pk for t, _level, _note in items if isinstance(t, ResourceType)])  # as stored now
    for rtype, level, note in items:
        rtype = fresh.get(rtype.pk) if isinstance(rtype, ResourceType) else None
        if rtype is None:
            errors.add("skills", _("Choose a skill from the list."))
            continue
        if rtype.kind != ResourceKind.TALENT:
            errors.add("skills", _("“%(name)s” is not a skill of community talents.") % {"name": rtype.name})
            continue
        if not rtype.is_active and rtype.pk not in keep_type_ids:
            errors.add("skills", _("“%(name)s” is no longer in use; choose another skill.") % {"name": rtype.name})
            continue
        if rtype.pk in seen:
            errors.add("skills", _("“%(name)s” is listed twice.") % {"name": rtype.name})
            continue
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = None
        if level not in SkillLevel.values:
            errors.add("skills", _("Choose a level for “%(name)s”.") % {"name": rtype.name})
            continue
        note = (note or "").strip()
        if len(note) > 200:
            errors.add("skills", _("The note on “%(name)s” is longer than 200 characters.") % {"name": rtype.name})
            continue
        seen.add(rtype.pk)
        out.append((rtype, level, note))
    if not out and "skills" not in errors:
        errors.add("skills", _("Give at least one skill."))
    return out


def _well_formed(value) -> bool:
    if not isinstance(value, dict):
        return False
    for periods in value.values():
        if periods in (None, []):
            continue
        if not isinstance(periods, list | tuple):
            return False
        for p in periods:
            if not isinstance(p, list | tuple) or len(p) != 2 or not all(isinstance(x, str) for x in p):
                return False
    return True


def _availability(value, errors: _Errors) -> dict:
    if not _well_formed(value or {}):
        errors.add("availability", _("Give each weekday (0 = Monday … 6 = Sunday) a list of periods, each a start and an end such as 14:00 and 17:00."))
        return {}
    try:
        return hours_checked(value or {})
    except ValidationError as e:
        for m in e.messages:
            errors.add("availability", m)
        return {}


def _number(data, field, errors):
    value = data[field]
    low, high = LIMITS[field]
    try:
        value = int(value)
    except (TypeError, ValueError):
        errors.add(field, _("Give a whole number."))
        return None
    if not low <= value <= high:
        errors.add(field, _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return None
    return value


def _home(unit, by, errors, *, check_scope=True):
    if unit is None:
        errors.add("unit", _("Choose the residential district where the talent lives."))
        return None
    if unit.kind not in HOME_KINDS:
        errors.add("unit", _("A talent lives in a residential district (or a grid, building or house in one), not in “%(name)s”.") % {"name": unit.name})
        return None
    if check_scope and (by is None or not by.has_perm(CHANGE_RESOURCE, unit)):
        errors.add("unit", _("Choose a residential district that you look after."))
        return None
    return unit


def _lock_and_check_duplicate(talent: Talent, resident, user, errors: _Errors):
    """One talent (not rejected) per resident and per account. The resident's (the account's) row is
    locked first, so two staff entering the same person at once are serialised by the database."""
    live = Talent.objects.exclude(state=T.REJECTED).exclude(pk=talent.pk)
    if resident is not None:
        Resident.objects.select_for_update().filter(pk=resident.pk).first()
        dup = live.filter(resident=resident).first()
        if dup is not None:
            errors.add("resident", _("%(name)s is already in the talent library (%(state)s).") % {"name": resident.name, "state": dup.get_state_display()})
            return
    if user is not None:
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        dup = live.filter(user=user).first()
        if dup is not None:
            errors.add("resident", _("This person has already applied or is already in the talent library (%(state)s).") % {"state": dup.get_state_display()})


# --- writing a talent -------------------------------------------------------------------------------


def _fill(talent: Talent, data: dict, *, by, check_scope: bool, errors: _Errors, phone_required: bool = False) -> list | None:
    """Check `data` (a subset of EDITABLE) and set it on `talent` in memory; the checked skills, or None
    when they are not being changed."""
    resident = data.get("resident", talent.resident if talent.resident_id else None)
    if "resident" in data and resident is not None:
        if check_scope and (by is None or not by.has_perm(CHANGE_RESOURCE, resident)):
            errors.add("resident", _("Choose a resident who lives where you look after."))
            resident = None
    if "resident" in data:
        talent.resident = resident
        if resident is not None and resident.user_id and not talent.user_id:
            talent.user_id = resident.user_id
    if resident is not None:  # name and home follow the resident's record
        talent.name = resident.name
        unit = resident.house
        if unit.kind not in HOME_KINDS:
            errors.add("resident", _("This resident's home is not in a residential district."))
        talent.unit, talent.unit_path = unit, unit.path
        if "resident" in data and not data.get("phone") and resident.mobile_enc:
            talent.phone_enc, talent.phone_digest, talent.phone_masked = resident.mobile_enc, resident.mobile_digest, resident.mobile_masked
    else:
        if "name" in data or talent.pk is None:
            name = (data.get("name") or "").strip()
            if not name:
                errors.add("name", _("Give the talent's name."))
            elif len(name) > 50:
                errors.add("name", _("A name has at most 50 characters."))
            talent.name = name
        if "unit" in data or talent.pk is None:
            unit = _home(data.get("unit"), by, errors, check_scope=check_scope)
            if unit is not None:
                talent.unit, talent.unit_path = unit, unit.path
    if data.get("phone"):
        phone = normalize_mobile(data["phone"])
        try:
            validate_mobile(phone)
        except ValidationError as e:
            errors.add("phone", e.messages[0])
        else:
            p = protect(phone, mask_mobile)
            talent.phone_enc, talent.phone_digest, talent.phone_masked = p.enc, p.digest, p.masked
    elif "phone" in data and data["phone"] is not None and resident is None:
        talent.phone_enc = talent.phone_digest = talent.phone_masked = ""  # cleared
    if phone_required and not talent.phone_enc and "phone" not in errors:
        errors.add("phone", _("Give a mobile number, so that the residents' committee can call you."))
    if "lat" in data or "lng" in data:
        lat = _coordinate(data.get("lat", talent.lat), -90, 90, "lat", errors)
        lng = _coordinate(data.get("lng", talent.lng), -180, 180, "lng", errors)
        if (lat is None) != (lng is None) and "lat" not in errors and "lng" not in errors:
            errors.add("lat", _("Give both the latitude and the longitude, or neither."))
        talent.lat, talent.lng = lat, lng
    if "bio" in data:
        talent.bio = (data["bio"] or "").strip()
        if len(talent.bio) > 2000:
            errors.add("bio", _("Keep it under 2,000 characters."))
    if "availability" in data:
        talent.availability = _availability(data["availability"], errors)
    for field in LIMITS:
        if field in data:
            value = _number(data, field, errors)
            if value is not None:
                setattr(talent, field, value)
    if "public_consent" in data:
        consent = bool(data["public_consent"])
        if consent and not (talent.public_consent and talent.consent_at):
            talent.consent_at = timezone.now()
        elif not consent:
            talent.consent_at = None
        talent.public_consent = consent
    if "skills" in data:
        keep = set(talent.skills.values_list("type_id", flat=True)) if talent.pk else set()
        return skills_checked(data["skills"], errors, keep_type_ids=keep)
    return None


def _save(talent: Talent, skills) -> Talent:
    talent.save()
    if skills is not None:
        talent.skills.all().delete()
        TalentSkill.objects.bulk_create([TalentSkill(talent=talent, type=t, level=level, note=note) for t, level, note in skills])
    sync(talent)
    return talent


@transaction.atomic
def talent_create(
    *, by, state: str = T.ACTIVE, source: str = TalentSource.STAFF, note: str = "", check_scope: bool = True, user=None, phone_required: bool = False, **data
) -> Talent:
    """Staff entry (or an import): a talent straight into the library (`state` active) or awaiting
    review (applied). `data`: the EDITABLE fields; with `resident`, the name and home are the resident's."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if state not in (T.ACTIVE, T.APPLIED):
        raise ValueError(f"a talent starts active or applied, not {state!r}")
    data.setdefault("skills", [])
    talent = Talent(state=state, source=source, user=user)
    errors = _Errors()
    skills = _fill(talent, data, by=by, check_scope=check_scope, errors=errors, phone_required=phone_required)
    errors.raise_if_any()
    _lock_and_check_duplicate(talent, talent.resident, talent.user, errors)
    errors.raise_if_any()
    _save(talent, skills)
    begin(talent, by=by, action="create" if source != TalentSource.APPLICATION else "apply", note=note)
    return talent


@transaction.atomic
def talent_update(*, talent: Talent, by, check_scope: bool = True, **data) -> Talent:
    """Change any of the EDITABLE fields (skills, when given, replace the old ones); not the state."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    talent = Talent.objects.select_for_update(of=("self",)).select_related("unit", "resident__house").get(pk=talent.pk)
    errors = _Errors()
    old_resident, old_user = talent.resident_id, talent.user_id
    skills = _fill(talent, data, by=by, check_scope=check_scope, errors=errors)
    errors.raise_if_any()
    if talent.resident_id != old_resident or talent.user_id != old_user:
        _lock_and_check_duplicate(talent, talent.resident, talent.user, errors)
        errors.raise_if_any()
    return _save(talent, skills)


@transaction.atomic
def talent_apply(*, user, name: str = "", phone: str = "", unit: Unit | None = None, **data) -> Talent:
    """A signed-in resident applies for themselves: awaiting review, source "own application". With a
    resident record of their own, their name and home come from it."""
    resident = Resident.objects.select_related("house").filter(user=user).first()
    fields = {**data, "phone": phone}
    if resident is not None:
        fields["resident"] = resident
    else:
        fields.update(name=name, unit=unit)
    return talent_create(by=user, state=T.APPLIED, source=TalentSource.APPLICATION, check_scope=False, user=user, phone_required=True, **fields)


# --- review -----------------------------------------------------------------------------------------


def _tell_applicant(talent: Talent, title: str, body: str = ""):
    if talent.user_id and talent.source == TalentSource.APPLICATION:
        notices_send([talent.user_id], title, body, url=reverse("resources:talent-apply"))


def _step(talent: Talent, to: str, by, note: str, action: str) -> Talent:
    transition(talent, to, by, note, action=action, review_note=(note or "")[:200])
    talent = Talent.objects.select_related("unit").get(pk=talent.pk)
    sync(talent)
    return talent


@transaction.atomic
def talent_approve(*, talent: Talent, by, note: str = "") -> Talent:
    """An application accepted: the talent is in the library (and listed publicly if they agreed)."""
    talent = _step(talent, T.ACTIVE, by, (note or "").strip(), "approve")
    _tell_applicant(
        talent, _("Your application as a community talent is accepted"), _("Welcome to the community talent library.") + (f" {note}" if note else "")
    )
    return talent


@transaction.atomic
def talent_reject(*, talent: Talent, by, note: str) -> Talent:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say why the application is not accepted; the applicant is told.")]})
    talent = _step(talent, T.REJECTED, by, note, "reject")
    _tell_applicant(talent, _("Your application as a community talent is not accepted"), note)
    return talent


@transaction.atomic
def talent_retire(*, talent: Talent, by, note: str = "") -> Talent:
    """Out of the library (moved away, no longer willing): no longer matched nor listed."""
    return _step(talent, T.RETIRED, by, (note or "").strip(), "retire")


@transaction.atomic
def talent_reinstate(*, talent: Talent, by, note: str = "") -> Talent:
    return _step(talent, T.ACTIVE, by, (note or "").strip(), "reinstate")


STEPS = {"approve": talent_approve, "reject": talent_reject, "retire": talent_retire, "reinstate": talent_reinstate}


# --- resource types as data -------------------------------------------------------------------------


def _type_fields(errors: _Errors, name: str, name_en: str, group: str, sort) -> dict:
    out = {"name": (name or "").strip(), "name_en": (name_en or "").strip(), "group": (group or "").strip()}
    if not out["name"]:
        errors.add("name", _("Give the type's name."))
    elif len(out["name"]) > 40:
        errors.add("name", _("A name has at most 40 characters."))
    if len(out["name_en"]) > 60:
        errors.add("name_en", _("An English name has at most 60 characters."))
    try:
        validate_slug(out["group"])
    except ValidationError:
        errors.add("group", _("A group is a short code of letters, digits, hyphens or underscores (e.g. arts)."))
    try:
        out["sort"] = int(sort)
        if not 0 <= out["sort"] <= 32767:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("sort", _("Give a whole number from 0 to 32767."))
    return out


@transaction.atomic
def resource_type_create(*, by, code: str, kind: str, name: str, name_en: str = "", group: str, sort: int = 100) -> ResourceType:
    """A new type of talent skill, shared space or charity project; the code is unique (the database says so)."""
    errors = _Errors()
    code = (code or "").strip().lower()
    try:
        validate_slug(code)
        if len(code) > 40:
            raise ValidationError("too long")
    except ValidationError:
        errors.add("code", _("A code is up to 40 letters, digits, hyphens or underscores (e.g. tea_art)."))
    if kind not in ResourceKind.values:
        errors.add("kind", _("Choose the kind of resource."))
    fields = _type_fields(errors, name, name_en, group, sort)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            return ResourceType.objects.create(code=code, kind=kind, **fields)
    except IntegrityError as e:
        raise ValidationError({"code": [_("The code “%(code)s” is taken; choose another.") % {"code": code}]}) from e


@transaction.atomic
def resource_type_update(*, rtype: ResourceType, by, name: str, name_en: str = "", group: str, sort: int, is_active: bool) -> ResourceType:
    """Rename, regroup, reorder, or take out of use (talents and needs keep the types they have)."""
    errors = _Errors()
    fields = _type_fields(errors, name, name_en, group, sort)
    errors.raise_if_any()
    rtype = ResourceType.objects.select_for_update().get(pk=rtype.pk)
    for k, v in fields.items():
        setattr(rtype, k, v)
    rtype.is_active = bool(is_active)
    rtype.save()
    return rtype
