"""Writes to 共建单位, 公益慈善企业 and social organisations, and to their 公益服务项目清单 (S2.2, S2.3).

Every write keeps the matching catalogue in step in the same transaction (resources.catalogue):
an organisation's change resyncs its spaces and projects, a project's change its own row.
Permissions (resources.change_resource at the organisation's unit) are checked at the edge; the rules
of the data are here: a valid unified social credit code (core.validators, GB 32100-2015), unique
when given, a unique name, and a project's fields, period and weekly times. Uniqueness is the
database's (a unique name, a partial unique index on the code); the checks before saving only give
the clear message, and a race that slips past them still ends in the same message, nothing written."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.validators import validate_credit_code
from doorstep.slots import hours_checked
from org.models import Unit, UnitKind
from resources.catalogue import sync, sync_organisation
from resources.models import Organisation, OrganisationKind, Project, ResourceKind, ResourceType

ORG_FIELDS = {"kind", "name", "credit_code", "unit", "address", "lat", "lng", "contact_name", "contact_phone", "description", "is_active"}
PROJECT_FIELDS = {"name", "content", "capacity", "deliveries", "budget", "cost_to_requester", "starts_on", "ends_on", "availability", "is_active"}
ORG_UNIT_KINDS = {UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT}


def _set(obj, allowed: set, fields: dict):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def coordinate(value) -> Decimal | None:
    """A latitude or longitude as the models keep it (6 decimal places, about 0.1 m), from a number or text."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return value  # full_clean reports it


def normalize_credit_code(value) -> str:
    return (value or "").strip().upper()


def check_districts(districts) -> list[Unit]:
    districts = list(districts or [])
    if any(u.kind != UnitKind.DISTRICT for u in districts):
        raise ValidationError({"districts": _("Choose residential districts (居民区) only.")})
    return districts


def check_types(types, kind: str, field: str = "types") -> list[ResourceType]:
    types = list(types or [])
    if not types:
        raise ValidationError({field: _("Choose at least one type.")})
    if any(t.kind != kind for t in types):
        raise ValidationError({field: _("Choose types of this library only.")})
    return types


# --- organisations --------------------------------------------------------------------------------


def _duplicate_errors(org: Organisation) -> dict:
    errors = {}
    others = Organisation.objects.exclude(pk=org.pk)
    if others.filter(name=org.name).exists():
        errors["name"] = _("An organisation named “%(name)s” is already in the library.") % {"name": org.name}
    if org.credit_code and others.filter(credit_code=org.credit_code).exists():
        holder = others.filter(credit_code=org.credit_code).values_list("name", flat=True).first()
        errors["credit_code"] = _("This unified social credit code is already registered for “%(name)s”.") % {"name": holder}
    return errors


def _check_and_save(org: Organisation):
    org.name = (org.name or "").strip()
    org.credit_code = normalize_credit_code(org.credit_code)
    if org.kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("Choose a kind of organisation.")})
    if org.unit.kind not in ORG_UNIT_KINDS:
        raise ValidationError({"unit": _("Attach an organisation to the subdistrict, an area or a residential district.")})
    if org.credit_code:
        try:
            validate_credit_code(org.credit_code)
        except ValidationError as e:
            raise ValidationError({"credit_code": e.messages}) from e
    org.unit_path = org.unit.path
    org.lat, org.lng = coordinate(org.lat), coordinate(org.lng)
    org.full_clean(exclude=["unit_path"], validate_unique=False, validate_constraints=False)
    errors = _duplicate_errors(org)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # a savepoint: a duplicate written meanwhile is refused by the database
            org.save()
    except IntegrityError as e:
        raise ValidationError(_duplicate_errors(org) or _("This organisation is already in the library.")) from e


@transaction.atomic
def organisation_create(*, kind: str, name: str, unit: Unit, by=None, districts=(), **fields) -> Organisation:
    org = Organisation(kind=kind, name=name, unit=unit)
    _set(org, ORG_FIELDS, fields)
    districts = check_districts(districts)
    _check_and_save(org)
    org.districts.set(districts)
    sync_organisation(org)
    return org


@transaction.atomic
def organisation_update(*, organisation: Organisation, by=None, **fields) -> Organisation:
    org = organisation
    districts = check_districts(fields.pop("districts")) if "districts" in fields else None
    _set(org, ORG_FIELDS, fields)
    _check_and_save(org)
    if districts is not None:
        org.districts.set(districts)
    Project.objects.filter(organisation=org).exclude(unit_path=org.unit_path).update(unit_path=org.unit_path)  # projects are scoped as their organisation
    sync_organisation(org)
    return org


# --- projects (公益服务项目清单) -------------------------------------------------------------------


def _check_project(p: Project):
    p.name = (p.name or "").strip()
    try:
        p.availability = hours_checked(p.availability or {})
    except ValidationError as e:
        raise ValidationError({"availability": e.messages}) from e
    if p.starts_on and p.ends_on and p.ends_on < p.starts_on:
        raise ValidationError({"ends_on": _("The project cannot end before it starts.")})
    if p.capacity is not None and p.capacity < 1:
        raise ValidationError({"capacity": _("At least one person per delivery.")})
    if p.deliveries is not None and p.deliveries < 1:
        raise ValidationError({"deliveries": _("At least one delivery per period.")})
    p.unit_path = p.organisation.unit_path
    p.full_clean(exclude=["unit_path", "organisation"])


@transaction.atomic
def project_create(*, organisation: Organisation, name: str, types, by=None, districts=(), **fields) -> Project:
    project = Project(organisation=organisation, name=name)
    _set(project, PROJECT_FIELDS, fields)
    types = check_types(types, ResourceKind.PROJECT)
    districts = check_districts(districts)
    _check_project(project)
    project.save()
    project.types.set(types)
    project.districts.set(districts)
    sync(project)
    return project


@transaction.atomic
def project_update(*, project: Project, by=None, **fields) -> Project:
    types = check_types(fields.pop("types"), ResourceKind.PROJECT) if "types" in fields else None
    districts = check_districts(fields.pop("districts")) if "districts" in fields else None
    _set(project, PROJECT_FIELDS, fields)
    _check_project(project)
    project.save()
    if types is not None:
        project.types.set(types)
    if districts is not None:
        project.districts.set(districts)
    sync(project)
    return project


@transaction.atomic
def project_deactivate(*, project: Project, by=None) -> Project:
    """Take a project off the list: it stays on record (with its matches), no longer matched."""
    return project_update(project=project, by=by, is_active=False)
