"""Importing 片区/居民区/网格 under a parent code, and 楼栋 under a grid."""

from django.utils.translation import gettext_noop

from accounts.models import RoleAssignment, User
from imports.kinds.base import CODE_TAKEN, DUPLICATE_IN_FILE, OUT_OF_SCOPE, UNKNOWN_UNIT, Importer, chunks, kind_label
from imports.spec import BUILDINGS, RESPONSIBLES, SPECS, UNITS
from org.models import CHILD_KIND, Responsible, UnitKind
from org.services import responsible_create, responsible_update, unit_create

PARENT_BELOW = gettext_noop("The unit %(code)s is further down in this file (row %(row)s); put parent units above the units under them.")
NO_RESPONSIBLES_HERE = gettext_noop("%(code)s is of type %(kind)s; responsible persons are kept for subdistricts, areas, residential districts and grids.")
UNKNOWN_ACCOUNT = gettext_noop("No account has the user name %(username)s.")
ACCOUNT_ELSEWHERE = gettext_noop("The account %(username)s holds no role in %(code)s or above or below it.")
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


class ResponsiblesImporter(Importer):
    """人员清: responsible persons of units; a row naming an existing (unit, name, title) updates that person."""

    spec = SPECS[RESPONSIBLES]

    def clean(self, row):
        return {
            "unit_code": self.text(row, "unit_code"),
            "name": self.text(row, "name"),
            "title": self.text(row, "title"),
            "duty": self.text(row, "duty") or "",
            "phone": self.text(row, "phone") or "",
            "username": self.text(row, "username") or "",
        }

    def load(self, rows):
        self.units = self.units_by_code(d["unit_code"] for _r, d in rows)
        names = {d["username"] for _r, d in rows if d["username"]}
        self.users, self.user_paths = {}, {}
        for part in chunks(names):
            self.users.update({u.username: u for u in User.objects.filter(username__in=part)})
        for part in chunks([u.pk for u in self.users.values()]):
            for user_id, path in RoleAssignment.objects.filter(user_id__in=part).values_list("user_id", "unit_path"):
                self.user_paths.setdefault(user_id, []).append(path)
        self.existing = {}
        for part in chunks([u.pk for u in self.units.values()]):
            for r in Responsible.objects.filter(unit_id__in=part):
                self.existing.setdefault((r.unit_id, r.name, r.title), r)
        self.seen = {}

    def relate(self, row, data):
        code, unit = data["unit_code"], None
        if code:
            unit = self.units.get(code)
            if unit is None:
                self.add(row, "unit_code", UNKNOWN_UNIT, code=code)
            elif unit.kind in (UnitKind.BUILDING, UnitKind.HOUSE):
                self.add(row, "unit_code", NO_RESPONSIBLES_HERE, translate=("kind",), code=code, kind=kind_label(unit.kind))
                unit = None
            elif not self.in_scope(unit.path):
                self.add(row, "unit_code", OUT_OF_SCOPE, code=code)
                unit = None
        user = None
        if data["username"]:
            user = self.users.get(data["username"])
            if user is None:
                self.add(row, "username", UNKNOWN_ACCOUNT, username=data["username"])
            elif unit is not None and not any(unit.path.startswith(p) or p.startswith(unit.path) for p in self.user_paths.get(user.pk, [])):
                self.add(row, "username", ACCOUNT_ELSEWHERE, username=data["username"], code=code)
        if unit is not None and data["name"] and data["title"]:
            key = (unit.pk, data["name"], data["title"])
            first = self.seen.setdefault(key, row.number)
            if first != row.number:
                self.add(row, "name", DUPLICATE_IN_FILE, value=f"{code} {data['title']} {data['name']}", row=first)
        return {**data, "unit": unit, "user": user}

    def write(self, item):
        fields = {"duty": item["duty"], "phone": item["phone"], "user": item["user"]}
        existing = self.existing.get((item["unit"].pk, item["name"], item["title"]))
        if existing is not None:
            responsible_update(responsible=existing, **fields)
        else:
            responsible_create(unit=item["unit"], name=item["name"], title=item["title"], **fields)
