"""Importing 片区/居民区/网格 under a parent code, and 楼栋 under a grid."""

from django.utils.translation import gettext_noop

from org.models import CHILD_KIND, UnitKind
from org.services import unit_create

from ..spec import BUILDINGS, SPECS, UNITS
from .base import CODE_TAKEN, OUT_OF_SCOPE, UNKNOWN_UNIT, Importer, kind_label

PARENT_BELOW = gettext_noop("The unit %(code)s is further down in this file (row %(row)s); put parent units above the units under them.")
CANNOT_PLACE = gettext_noop("A unit of type %(child)s cannot be placed under %(code)s, which is of type %(parent)s.")


class UnitsImporter(Importer):
    spec = SPECS[UNITS]

    def clean(self, row):
        return {
            "parent_code": self.text(row, "parent_code"),
            "kind": self.choice(row, "kind"),
            "code": self.text(row, "code"),
            "name": self.text(row, "name"),
            "address": self.text(row, "address") or "",
            "contact_phone": self.text(row, "contact_phone") or "",
        }

    def load(self, rows):
        self.existing = self.units_by_code([d["parent_code"] for _r, d in rows] + [d["code"] for _r, d in rows])
        self.first_row = {}
        for row, data in rows:
            self.first_row.setdefault(data["code"], row.number)
        self.declared = {}  # code -> type of the units created by earlier rows
        self.seen = {}
        self.created = {}

    def relate(self, row, data):
        code, kind, parent_code = data["code"], data["kind"], data["parent_code"]
        if code:
            if code in self.existing:
                self.add(row, "code", CODE_TAKEN, code=code)
            else:
                self.duplicate(self.seen, code, row, "code")
        parent, parent_kind = None, None
        if parent_code:
            parent, parent_kind = self.find_parent(row, parent_code, code)
        if parent_kind and kind and CHILD_KIND.get(parent_kind) != kind:
            self.add(row, "kind", CANNOT_PLACE, translate=("child", "parent"), child=kind_label(kind), code=parent_code, parent=kind_label(parent_kind))
        if code and kind and code not in self.existing:
            self.declared.setdefault(code, kind)
        return {**data, "parent": parent}

    def find_parent(self, row, parent_code, code):
        """(existing parent or None, its type) — the parent may be made by an earlier row."""
        unit = self.existing.get(parent_code)
        if unit is not None:
            if not self.in_scope(unit.path):
                self.add(row, "parent_code", OUT_OF_SCOPE, code=parent_code)
                return None, None
            return unit, unit.kind
        if parent_code in self.declared:
            return None, self.declared[parent_code]
        if parent_code in self.first_row and parent_code != code:
            self.add(row, "parent_code", PARENT_BELOW, code=parent_code, row=self.first_row[parent_code])
        else:
            self.add(row, "parent_code", UNKNOWN_UNIT, code=parent_code)
        return None, None

    def write(self, item):
        parent = item["parent"] or self.created[item["parent_code"]]
        unit = unit_create(
            parent=parent, kind=item["kind"], code=item["code"], name=item["name"], address=item["address"], contact_phone=item["contact_phone"]
        )
        self.created[unit.code] = unit


class BuildingsImporter(Importer):
    spec = SPECS[BUILDINGS]

    def clean(self, row):
        return {
            "grid_code": self.text(row, "grid_code"),
            "code": self.text(row, "code"),
            "name": self.text(row, "name"),
            "address": self.text(row, "address") or "",
        }

    def load(self, rows):
        self.existing = self.units_by_code([d["grid_code"] for _r, d in rows] + [d["code"] for _r, d in rows])
        self.seen = {}

    def relate(self, row, data):
        code, grid_code = data["code"], data["grid_code"]
        if code:
            if code in self.existing:
                self.add(row, "code", CODE_TAKEN, code=code)
            else:
                self.duplicate(self.seen, code, row, "code")
        grid = None
        if grid_code:
            grid = self.existing.get(grid_code)
            if not self.check_parent(row, "grid_code", grid, grid_code, UnitKind.GRID):
                grid = None
        return {**data, "grid": grid}

    def write(self, item):
        unit_create(parent=item["grid"], kind=UnitKind.BUILDING, code=item["code"], name=item["name"], address=item["address"])
