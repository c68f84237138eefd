"""Keeping the matching catalogue (`Resource`) in step with talents, shared spaces and projects.

Every service that writes a talent, a space, a project or an organisation calls `sync(obj)` in
the same transaction, so the catalogue never disagrees with the libraries."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from org.models import Unit
from resources.models import Project, Resource, ResourceKind, SharedSpace, Talent, TalentState


def place_of(unit: Unit, lat=None, lng=None) -> tuple[float | None, float | None]:
    """The given position, else the nearest of the unit and its ancestors that has one."""
    if lat is not None and lng is not None:
        return float(lat), float(lng)
    prefixes = unit.ancestor_paths() + [unit.path]
    row = Unit.objects.filter(path__in=prefixes, lat__isnull=False, lng__isnull=False).order_by("-depth").values_list("lat", "lng").first()
    return (float(row[0]), float(row[1])) if row else (None, None)


def _fields_talent(t: Talent) -> dict:
    lat, lng = place_of(t.unit, t.lat, t.lng)
    return {
        "kind": ResourceKind.TALENT, "name": t.name, "unit": t.unit, "unit_path": t.unit_path, "organisation": None,
        "lat": lat, "lng": lng, "reach_m": t.reach_m, "capacity": t.group_size, "capacity_per_period": t.sessions_per_period,
        "cost": 0, "availability": t.availability or {}, "available_from": None, "available_to": None,
        "is_active": t.state == TalentState.ACTIVE, "is_public": t.state == TalentState.ACTIVE and t.public_consent,
    }  # fmt: skip


def _fields_space(s: SharedSpace) -> dict:
    room = s.room
    lat, lng = place_of(room.unit, s.lat, s.lng)
    return {
        "kind": ResourceKind.SPACE, "name": room.name, "unit": room.unit, "unit_path": room.unit_path, "organisation": s.organisation,
        "lat": lat, "lng": lng, "reach_m": settings.RESOURCES_SPACE_REACH_M, "capacity": room.capacity,
        "capacity_per_period": s.uses_per_period, "cost": s.fee, "availability": room.opening_hours or {},
        "available_from": None, "available_to": None, "is_active": s.is_active and room.is_active and room.bookable, "is_public": True,
    }  # fmt: skip


def _fields_project(p: Project) -> dict:
    org = p.organisation
    lat, lng = place_of(org.unit, org.lat, org.lng)
    return {
        "kind": ResourceKind.PROJECT, "name": p.name, "unit": org.unit, "unit_path": org.unit_path, "organisation": org,
        "lat": lat, "lng": lng, "reach_m": settings.RESOURCES_PROJECT_REACH_M, "capacity": p.capacity,
        "capacity_per_period": p.deliveries, "cost": p.cost_to_requester, "availability": p.availability or {},
        "available_from": p.starts_on, "available_to": p.ends_on, "is_active": p.is_active and org.is_active, "is_public": True,
    }  # fmt: skip


def sync(obj: Talent | SharedSpace | Project) -> Resource:
    """Create or update the catalogue row of a talent, a space or a project, with its types and the
    居民区 it is limited to. Lowering what it offers per period below what is already agreed is refused."""
    if isinstance(obj, Talent):
        key, fields = "talent", _fields_talent(obj)
        type_ids = list(obj.skills.values_list("type_id", flat=True))
        district_ids = []
    elif isinstance(obj, SharedSpace):
        key, fields = "space", _fields_space(obj)
        type_ids = list(obj.types.values_list("id", flat=True))
        district_ids = []
    elif isinstance(obj, Project):
        key, fields = "project", _fields_project(obj)
        type_ids = list(obj.types.values_list("id", flat=True))
        district_ids = list(obj.districts.values_list("id", flat=True)) or list(obj.organisation.districts.values_list("id", flat=True))
    else:
        raise TypeError(f"not a resource: {obj!r}")
    res = Resource.objects.filter(**{key: obj}).first()
    if res is not None and fields["capacity_per_period"] < res.committed:
        raise ValidationError(
            _("%(name)s already has %(n)s agreed services not yet given; it cannot offer fewer than that per period.")
            % {"name": fields["name"], "n": res.committed}
        )
    if res is None:
        res = Resource.objects.create(**{key: obj}, **fields)
    else:
        for k, v in fields.items():
            setattr(res, k, v)
        res.save()
    res.types.set(type_ids)
    res.districts.set(district_ids)
    return res


def sync_organisation(org) -> int:
    """An organisation's place, districts or activity changed: resync its spaces and projects."""
    n = 0
    for space in SharedSpace.objects.filter(organisation=org).select_related("room__unit", "organisation"):
        sync(space)
        n += 1
    for project in Project.objects.filter(organisation=org).select_related("organisation__unit"):
        sync(project)
        n += 1
    return n
