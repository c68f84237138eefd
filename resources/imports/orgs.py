"""Importing 共建单位 and 公益慈善企业 (S2.2, S2.3) and their 公益服务项目清单: two kinds, two sheets of one
workbook (the export writes both). Organisations first: a project row names its organisation by name
or by unified social credit code, which must already be registered.

An organisation's name and its credit code are each unique on the platform; a project's name is
unique within its organisation. Each project written gets its catalogue row.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from core.validators import validate_credit_code
from imports.kinds.base import DUPLICATE_IN_FILE, OUT_OF_SCOPE, chunks
from imports.problems import source_messages
from resources.catalogue import sync
from resources.imports.base import ORG_UNITS, ResourceImporter
from resources.imports.spec import ORGANISATIONS, PROJECTS, RESOURCE_SPECS
from resources.models import Organisation, OrganisationKind, Project, ResourceKind

NAME_TAKEN = gettext_noop("An organisation named %(value)s is already registered.")
CODE_TAKEN = gettext_noop("The credit code %(value)s is already registered for %(name)s.")
CODE_NEEDED = gettext_noop("Required for a charity enterprise.")
BAD_PHONE = gettext_noop("Not a phone number: use digits, with - between the area code and the number (for example 021-57000000).")
PROJECT_TAKEN = gettext_noop("%(org)s already has a project named %(value)s.")
ENDS_BEFORE = gettext_noop("The end date is before the start date.")

PHONE_RE = re.compile(r"^[0-9+()（）\- ]{5,20}$")


class OrganisationsImporter(ResourceImporter):
    spec = RESOURCE_SPECS[ORGANISATIONS]

    def clean(self, row):
        return {
            "name": self.text(row, "name"),
            "kind": self.choice(row, "kind"),
            "credit_code": self.credit_code(row),
            "unit": self.text(row, "unit"),
            "districts": self.names(row, "districts"),
            "address": self.text(row, "address") or "",
            "contact_name": self.text(row, "contact_name") or "",
            "contact_phone": self.phone(row),
            "active": self.choice(row, "active", default=True),
            "description": self.text(row, "description") or "",
        }

    def credit_code(self, row) -> str | None:
        value = self.text(row, "credit_code")
        if value is None:
            return ""
        value = value.replace(" ", "").upper()
        try:
            validate_credit_code(value)
        except ValidationError as e:
            for message in source_messages(e):
                self.add(row, "credit_code", message)
            return None
        return value

    def phone(self, row) -> str:
        value = self.text(row, "contact_phone")
        if value and not PHONE_RE.match(value):
            self.add(row, "contact_phone", BAD_PHONE)
        return value or ""

    def load(self, rows):
        data = [d for _r, d in rows]
        self.load_units([d["unit"] for d in data] + [n for d in data for n in d["districts"]])
        self.load_organisations([d["name"] for d in data] + [d["credit_code"] for d in data if d["credit_code"]])
        self.seen_names, self.seen_codes = {}, {}

    def relate(self, row, data):
        name, code = data["name"], data["credit_code"]
        if name:
            taken = self.orgs_by_key.get(name)
            if taken is not None and taken.name == name:
                self.add(row, "name", NAME_TAKEN, value=name)
            else:
                self.duplicate(self.seen_names, name, row, "name")
        if code:
            taken = self.orgs_by_key.get(code)
            if taken is not None and taken.credit_code == code:
                self.add(row, "credit_code", CODE_TAKEN, value=code, name=taken.name)
            else:
                self.duplicate(self.seen_codes, code, row, "credit_code")
        elif code == "" and data["kind"] == OrganisationKind.ENTERPRISE:
            self.add(row, "credit_code", CODE_NEEDED)
        unit = self.unit(row, "unit", data["unit"], ORG_UNITS)
        return {**data, "unit": unit, "districts": self.districts(row, "districts", data["districts"])}

    def write(self, item):
        unit = item["unit"]
        org = Organisation.objects.create(
            kind=item["kind"], name=item["name"], credit_code=item["credit_code"], unit=unit, unit_path=unit.path, address=item["address"],
            contact_name=item["contact_name"], contact_phone=item["contact_phone"], description=item["description"], is_active=item["active"],
        )  # fmt: skip
        if item["districts"]:
            org.districts.set(item["districts"])


class ProjectsImporter(ResourceImporter):
    spec = RESOURCE_SPECS[PROJECTS]
    type_kind = ResourceKind.PROJECT

    def clean(self, row):
        starts, ends = self.date(row, "starts_on"), self.date(row, "ends_on")
        if starts and ends and ends < starts:
            self.add(row, "ends_on", ENDS_BEFORE)
        return {
            "organisation": self.text(row, "organisation"),
            "name": self.text(row, "name"),
            "types": self.names(row, "types"),
            "content": self.text(row, "content") or "",
            "capacity": self.integer(row, "capacity", default=30, high=100_000),
            "deliveries": self.integer(row, "deliveries", default=4),
            "budget": self.money(row, "budget", max_digits=12),
            "cost": self.money(row, "cost"),
            "starts_on": starts,
            "ends_on": ends,
            "districts": self.names(row, "districts"),
            "availability": self.weekly(row, "availability"),
            "active": self.choice(row, "active", default=True),
        }

    def load(self, rows):
        data = [d for _r, d in rows]
        self.load_types()
        self.load_units(n for d in data for n in d["districts"])
        self.load_organisations(d["organisation"] for d in data)
        org_ids = {o.pk for o in self.orgs_by_key.values()}
        names = {d["name"] for d in data if d["name"]}
        self.taken = set()
        for ids in chunks(org_ids):
            for part in chunks(names):
                self.taken.update(Project.objects.filter(organisation_id__in=ids, name__in=part).values_list("organisation_id", "name"))
        self.seen = {}

    def relate(self, row, data):
        org = self.organisation(row, "organisation", data["organisation"])
        if org is not None and not self.in_scope(org.unit_path):
            self.add(row, "organisation", OUT_OF_SCOPE, code=data["organisation"])
            org = None
        name = data["name"]
        if org is not None and name:
            if (org.pk, name) in self.taken:
                self.add(row, "name", PROJECT_TAKEN, value=name, org=org.name)
            else:
                first = self.seen.setdefault((org.pk, name), row.number)
                if first != row.number:
                    self.add(row, "name", DUPLICATE_IN_FILE, value=name, row=first)
        types = self.resource_types(row, "types", data["types"])
        return {**data, "org": org, "types": types, "districts": self.districts(row, "districts", data["districts"])}

    def write(self, item):
        org = item["org"]
        project = Project.objects.create(
            organisation=org, unit_path=org.unit_path, name=item["name"], content=item["content"], capacity=item["capacity"],
            deliveries=item["deliveries"], budget=item["budget"], cost_to_requester=item["cost"], starts_on=item["starts_on"],
            ends_on=item["ends_on"], availability=item["availability"], is_active=item["active"],
        )  # fmt: skip
        project.types.set(item["types"])
        if item["districts"]:
            project.districts.set(item["districts"])
        sync(project)
