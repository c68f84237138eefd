"""Writes to the unit tree."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .models import CHILD_KIND, SEGMENT, Unit, UnitKind


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


@transaction.atomic
def unit_create(*, parent: Unit | None, kind: str, code: str, name: str, **fields) -> Unit:
    check_kind(parent, kind)
    if parent is not None:
        Unit.objects.select_for_update().filter(pk=parent.pk).first()  # serialise sibling numbering
    path, depth = next_child_path(parent)
    unit = Unit(parent=parent, kind=kind, code=code, name=name, path=path, depth=depth, **fields)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, **fields) -> Unit:
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
