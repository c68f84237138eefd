"""Bulk insertion of planned units with the materialised paths `org.services.unit_create` would give.

A unit whose parent already exists is numbered after its last sibling (`next_child_path`, as
`unit_create` does); the children of a unit created here are numbered 1, 2, 3 ... in plan order,
which is what creating them one by one with `unit_create` would produce.
"""

from demo.plan import UnitSpec
from org.models import Unit
from org.services import next_child_path, segment

BATCH = 5000


def new_unit(parent: Unit | None, spec: UnitSpec, path: str, depth: int) -> Unit:
    return Unit(parent=parent, kind=spec.kind, code=spec.code, name=spec.name, path=path, depth=depth, **spec.fields)


def ensure_unit(parent: Unit | None, spec: UnitSpec) -> tuple[Unit, bool]:
    """The unit with the spec's code, created (without its children) when missing."""
    spec.unit = Unit.objects.filter(code=spec.code).first()
    if spec.unit is not None:
        return spec.unit, False
    if parent is not None:
        Unit.objects.select_for_update().filter(pk=parent.pk).first()  # serialise sibling numbering, as unit_create does
    path, depth = next_child_path(parent)
    spec.unit = new_unit(parent, spec, path, depth)
    Unit.objects.bulk_create([spec.unit])
    return spec.unit, True


def insert_subtree(parent: Unit, root: UnitSpec) -> int:
    """Insert `root` under an existing `parent`, then its whole subtree level by level; 0 if it exists."""
    if not ensure_unit(parent, root)[1]:
        return 0
    level, count = [root], 1
    while level:
        children = []
        for spec in level:
            for n, child in enumerate(spec.children, 1):
                child.unit = new_unit(spec.unit, child, spec.unit.path + segment(n), spec.unit.depth + 1)
                children.append(child)
        Unit.objects.bulk_create([c.unit for c in children], batch_size=BATCH)
        count += len(children)
        level = children
    return count
