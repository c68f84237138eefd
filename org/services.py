"""Writes to the unit tree."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from org.geometry import GeometryError, Shape, shape_or_none
from org.models import CHILD_KIND, SEGMENT, GridElement, Responsible, Unit, UnitKind


def segment(n: int) -> str:
    return f"{n:0{SEGMENT}d}."


def next_child_path(parent: Unit | None) -> tuple[str, int]:
    siblings = Unit.objects.filter(parent=parent) if parent else Unit.objects.filter(parent__isnull=True)
    last = siblings.aggregate(m=Max("path"))["m"]
    n = int(last[-(SEGMENT + 1) : -1]) + 1 if last else 1
    prefix = parent.path if parent else ""
    return prefix + segment(n), (parent.depth + 1 if parent else 1)


def check_kind(parent: Unit | None, kind: str) -> None:
    if parent is None and kind != UnitKind.SUBDISTRICT:
        raise ValidationError(_("Only a subdistrict can be at the top of the tree."))
    if parent is not None and CHILD_KIND.get(parent.kind) != kind:
        raise ValidationError(
            _("A %(child)s cannot be placed under a %(parent)s.")
            % {"child": UnitKind(kind).label, "parent": UnitKind(parent.kind).label}
        )


def boundary_error(message: str, **params) -> ValidationError:
    return ValidationError({"boundary": _(message) % params if params else _(message)})


def boundary_check(*, parent: Unit | None, boundary, exclude_pk=None) -> dict | None:
    """A boundary a unit may take under `parent`, normalised (closed ring), or ValidationError.

    区域清: a single simple polygon; inside the parent's boundary (when the parent has one) and
    overlapping no sibling's boundary, both up to settings.BOUNDARY_TOLERANCE of its area."""
    if boundary in (None, "", {}):
        return None
    try:
        shape = Shape(boundary)
    except GeometryError as e:
        raise boundary_error(e.message, **e.params) from e
    tolerance = settings.BOUNDARY_TOLERANCE
    if parent is not None:
        outer = shape_or_none(parent.boundary, shape.origin_lat)
        if outer is not None and shape.area - shape.intersection_area(outer) > tolerance * shape.area:
            raise boundary_error("The boundary goes outside the boundary of %(parent)s.", parent=parent.name)
        siblings = Unit.objects.filter(parent=parent, boundary__isnull=False).exclude(pk=exclude_pk).only("id", "name", "boundary").order_by("path")
        for sibling in siblings:
            other = shape_or_none(sibling.boundary, shape.origin_lat)
            if other is not None and shape.intersection_area(other) > tolerance * min(shape.area, other.area):
                raise boundary_error("The boundary overlaps the boundary of %(sibling)s.", sibling=sibling.name)
    ring = boundary["coordinates"][0]
    closed = ring if ring[0] == ring[-1] else [*ring, ring[0]]
    return {"type": "Polygon", "coordinates": [[[float(c) for c in position[:2]] for position in closed]]}


@transaction.atomic
def unit_create(*, parent: Unit | None, kind: str, code: str, name: str, **fields) -> Unit:
    check_kind(parent, kind)
    if "boundary" in fields:
        fields["boundary"] = boundary_check(parent=parent, boundary=fields["boundary"])
    if parent is not None:
        Unit.objects.select_for_update().filter(pk=parent.pk).first()  # serialise sibling numbering
    path, depth = next_child_path(parent)
    unit = Unit(parent=parent, kind=kind, code=code, name=name, path=path, depth=depth, **fields)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, **fields) -> Unit:
    if "boundary" in fields and fields["boundary"] != unit.boundary:
        Unit.objects.select_for_update().filter(pk=unit.parent_id).first()  # serialise sibling boundary checks
        fields["boundary"] = boundary_check(parent=unit.parent, boundary=fields["boundary"], exclude_pk=unit.pk)
    for k, v in fields.items():
        setattr(unit, k, v)
    unit.full_clean()
    unit.save()
    return unit


def get_or_create_unit(*, parent: Unit | None, kind: str, code: str, name: str, **fields) -> tuple[Unit, bool]:
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing, False
    return unit_create(parent=parent, kind=kind, code=code, name=name, **fields), True


# 人员清: the persons responsible for a unit -------------------------------------------------------------
RESPONSIBLE_FIELDS = ("name", "title", "duty", "phone", "user")


def responsible_check_user(unit: Unit, user) -> None:
    """An account linked to a responsible person must hold a role somewhere in the unit's line (above or below)."""
    if user is None:
        return
    paths = list(user.role_assignments.values_list("unit_path", flat=True))
    if not any(unit.path.startswith(p) or p.startswith(unit.path) for p in paths):
        raise ValidationError({"user": _("This account holds no role in %(unit)s or above it.") % {"unit": unit.name}})


@transaction.atomic
def responsible_create(*, unit: Unit, name: str, title: str, duty: str = "", phone: str = "", user=None) -> Responsible:
    if unit.kind in (UnitKind.BUILDING, UnitKind.HOUSE):
        raise ValidationError(_("Responsible persons are kept for subdistricts, areas, residential districts and grids."))
    responsible_check_user(unit, user)
    r = Responsible(unit=unit, name=name, title=title, duty=duty, phone=phone, user=user)
    r.full_clean()
    r.save()
    return r


@transaction.atomic
def responsible_update(*, responsible: Responsible, **fields) -> Responsible:
    fields.pop("unit", None)
    if "user" in fields:
        responsible_check_user(responsible.unit, fields["user"])
    for k, v in fields.items():
        if k in RESPONSIBLE_FIELDS:
            setattr(responsible, k, v)
    responsible.full_clean()
    responsible.save()
    return responsible


@transaction.atomic
def responsible_delete(*, responsible: Responsible) -> None:
    responsible.delete()


# 区域清: boundaries from a GeoJSON file ------------------------------------------------------------------
class BoundaryImportError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def boundaries_import(*, root: Unit, collection: dict, units) -> int:
    """Set the boundaries of units under `root` from a FeatureCollection (properties.code names the unit).

    `units` is the queryset of units the caller may change. Every boundary is checked as a page's would be,
    against the file's other boundaries rather than the ones they replace; one problem and nothing is saved."""
    problems, by_code = [], {}
    for n, feature in enumerate(collection.get("features", []), start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        code = str((props or {}).get("code") or "").strip()
        if not code:
            problems.append(_("Feature %(n)s: properties.code is missing.") % {"n": n})
        elif code in by_code:
            problems.append(_("Feature %(n)s: the code %(code)s appears more than once.") % {"n": n, "code": code})
        else:
            by_code[code] = (n, feature.get("geometry"))
    found = {u.code: u for u in units.filter(code__in=list(by_code), path__startswith=root.path).exclude(pk=root.pk)}
    for code, (n, _geometry) in by_code.items():
        if code not in found:
            problems.append(_("Feature %(n)s: no unit under %(root)s that you may change has the code %(code)s.") % {"n": n, "root": root.name, "code": code})
    if problems:
        raise BoundaryImportError(problems)
    Unit.objects.filter(pk__in=[u.pk for u in found.values()]).update(boundary=None)
    for unit in sorted(found.values(), key=lambda u: u.path):
        n, geometry = by_code[unit.code]
        unit.boundary = None
        try:
            unit_update(unit=unit, boundary=geometry)
        except ValidationError as e:
            messages = e.message_dict.get("boundary", e.messages) if hasattr(e, "error_dict") else e.messages
            problems.extend(_("Feature %(n)s (%(code)s): %(problem)s") % {"n": n, "code": unit.code, "problem": m} for m in messages)
    if problems:
        transaction.set_rollback(True)
        raise BoundaryImportError(problems)
    return len(found)


# 全要素: shops, public places and street segments of a grid -------------------------------------------------
ELEMENT_FIELDS = ("kind", "name", "address", "lat", "lng", "contact_name", "contact_phone", "credit_code", "note", "is_active")


def element_check_grid(grid: Unit) -> None:
    if grid.kind != UnitKind.GRID:
        raise ValidationError({"grid": _("Shops, public places and street segments belong to a grid.")})


@transaction.atomic
def element_create(*, grid: Unit, kind: str, name: str, **fields) -> GridElement:
    element_check_grid(grid)
    element = GridElement(grid=grid, unit_path=grid.path, kind=kind, name=name, **{k: v for k, v in fields.items() if k in ELEMENT_FIELDS})
    element.full_clean()
    element.save()
    return element


@transaction.atomic
def element_update(*, element: GridElement, grid: Unit | None = None, **fields) -> GridElement:
    if grid is not None and grid.pk != element.grid_id:
        element_check_grid(grid)
        element.grid, element.unit_path = grid, grid.path
    for k, v in fields.items():
        if k in ELEMENT_FIELDS:
            setattr(element, k, v)
    element.full_clean()
    element.save()
    return element
