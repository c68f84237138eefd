"""What the resource-library importers share: numbers, money, dates, lists of names, resource types,
weekly times, 居民区 by code or name, organisations by name or credit code.

They write model rows directly inside the import's transaction and keep the matching catalogue in
step (resources.catalogue.sync) for every talent, space and project written.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_noop

from core.validators import normalize_mobile, validate_mobile
from imports.kinds.base import NOT_ALLOWED, OUT_OF_SCOPE, REQUIRED, WRONG_TYPE, Importer, chunks, kind_label
from imports.kinds.weekly import TimesError, parse_weekly
from imports.problems import source_messages
from org.models import Unit, UnitKind
from resources.imports.spec import type_names  # noqa: F401  (kept importable from here)
from resources.models import Organisation, ResourceType

SEPARATORS = re.compile(r"[、,，;；/\n]+")

NOT_WHOLE = gettext_noop("Not a whole number: “%(value)s”.")
OUT_OF_RANGE = gettext_noop("Must be from %(min)s to %(max)s.")
BAD_MONEY = gettext_noop("Not an amount: enter yuan, 0 or more, with at most two decimals (for example 200 or 12.5).")
TOO_MUCH = gettext_noop("At most %(max)s yuan.")
BAD_DATE = gettext_noop("“%(value)s” is not a date; write it like 2025-03-01.")
MASKED_MOBILE = gettext_noop(
    "This mobile number is masked (%(value)s): a file exported without the right to see personal data cannot be imported as it is. Enter the full number."
)
UNKNOWN_UNIT_NAME = gettext_noop("No unit has the name or code %(value)s.")
AMBIGUOUS_UNIT = gettext_noop("Several units are named %(value)s; write the unit code instead.")
UNKNOWN_ORG = gettext_noop("No organisation has the name or credit code %(value)s; import it first on the sheet 共建单位与企业.")
DISTRICT_OR_BELOW = gettext_noop("Residential district, or a grid or building in one")
DISTRICT_OR_ABOVE = gettext_noop("Residential district, area or subdistrict")

TALENT_UNITS = ((UnitKind.DISTRICT, UnitKind.GRID, UnitKind.BUILDING, UnitKind.HOUSE), DISTRICT_OR_BELOW)
SPACE_UNITS = ((UnitKind.DISTRICT,), UnitKind.DISTRICT.label)
ORG_UNITS = ((UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT), DISTRICT_OR_ABOVE)
MAX_INT = 32767  # the small positive integer columns
NAMED_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT)  # named by name as well as by code
UNIT_FIELDS = ("id", "code", "name", "kind", "path", "depth", "lat", "lng")


def split_names(value) -> list[str]:
    """The distinct items of a list cell, in order."""
    items = [s.strip() for s in SEPARATORS.split(str(value or "")) if s.strip()]
    return list(dict.fromkeys(items))


class ResourceImporter(Importer):
    """Cells and lookups of the resource libraries; `load` fills the lookups from the cleaned rows."""

    type_kind = ""  # the ResourceKind of the types column

    # cells ------------------------------------------------------------------------------------
    def integer(self, row, key, default=None, low=1, high=MAX_INT) -> int | None:
        value = row.values.get(key)
        if value is None:
            if self.spec.column(key).required:
                self.add(row, key, REQUIRED)
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).replace(",", "").strip()
        if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
            self.add(row, key, NOT_WHOLE, value=value)
            return None
        n = int(text)
        if not low <= n <= high:
            self.add(row, key, OUT_OF_RANGE, min=low, max=high)
            return None
        return n

    def money(self, row, key, max_digits: int = 10) -> Decimal | None:
        value = row.values.get(key)
        if value is None:
            return Decimal("0.00")
        try:
            amount = Decimal(str(value).replace(",", "").replace("元", "").strip())
        except InvalidOperation:
            self.add(row, key, BAD_MONEY)
            return None
        if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
            self.add(row, key, BAD_MONEY)
            return None
        top = Decimal(10) ** (max_digits - 2)
        if amount >= top:
            self.add(row, key, TOO_MUCH, max=f"{top - Decimal('0.01'):,}")
            return None
        return amount.quantize(Decimal("0.01"))

    def date(self, row, key) -> datetime.date | None:
        value = row.values.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except (AttributeError, ValueError):
            self.add(row, key, BAD_DATE, value=text)
            return None

    def weekly(self, row, key) -> dict | None:
        value = self.text(row, key)
        try:
            return parse_weekly(value)
        except TimesError as e:
            self.add(row, key, e.message, **e.params)
            return None

    def names(self, row, key) -> list[str]:
        value = self.text(row, key)
        names = split_names(value)
        if not names and self.spec.column(key).required and value is not None:
            self.add(row, key, REQUIRED)
        return names

    def mobile(self, row, key) -> str | None:
        """'' when empty, None when wrong (reported; never quoting the number)."""
        value = row.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = normalize_mobile(str(value))
        if "*" in value:
            self.add(row, key, MASKED_MOBILE, value=value)
            return None
        try:
            validate_mobile(value)
        except ValidationError as e:
            for message in source_messages(e):
                self.add(row, key, message)
            return None
        return value

    # resource types ---------------------------------------------------------------------------
    def load_types(self) -> None:
        self.types_by_name = {}
        for t in ResourceType.objects.filter(kind=self.type_kind, is_active=True):
            self.types_by_name.setdefault(t.code, t)
            self.types_by_name[t.name] = t
        self.type_labels = "、".join(t.name for t in dict.fromkeys(self.types_by_name.values()))

    def resource_type(self, row, key, name) -> ResourceType | None:
        found = self.types_by_name.get(name)
        if found is None:
            self.add(row, key, NOT_ALLOWED, value=name, allowed=self.type_labels)
        return found

    def resource_types(self, row, key, names) -> list[ResourceType]:
        found = [self.resource_type(row, key, n) for n in names]
        return list(dict.fromkeys(t for t in found if t is not None))

    # units ------------------------------------------------------------------------------------
    def load_units(self, values) -> None:
        """Units named by code, and 街道/片区/居民区 named by name, for every value in `values`."""
        values = {v for v in values if v}
        self.unit_codes = self.units_by_code(values)
        self.unit_names: dict[str, list[Unit]] = {}
        for part in chunks(values - set(self.unit_codes)):
            for unit in Unit.objects.filter(name__in=part, kind__in=NAMED_KINDS).only(*UNIT_FIELDS).order_by("path"):
                self.unit_names.setdefault(unit.name, []).append(unit)

    def unit(self, row, key, value, kinds, scoped: bool = True) -> Unit | None:
        """The unit of code `value`, else the one unit of an allowed type named `value` (inside the scope when `scoped`)."""
        if not value:
            return None
        allowed, expected = kinds
        unit = self.unit_codes.get(value)
        if unit is None:
            named = [u for u in self.unit_names.get(value, []) if u.kind in allowed]
            mine = [u for u in named if self.in_scope(u.path)] if scoped else named
            if len(mine) > 1:
                self.add(row, key, AMBIGUOUS_UNIT, value=value)
                return None
            if not mine:
                self.add(row, key, OUT_OF_SCOPE if named else UNKNOWN_UNIT_NAME, value=value, code=value)
                return None
            unit = mine[0]
        if unit.kind not in allowed:
            self.add(row, key, WRONG_TYPE, translate=("kind", "expected"), code=value, kind=kind_label(unit.kind), expected=str(expected))
            return None
        if scoped and not self.in_scope(unit.path):
            self.add(row, key, OUT_OF_SCOPE, code=value)
            return None
        return unit

    def districts(self, row, key, names) -> list[Unit]:
        found = [self.unit(row, key, n, SPACE_UNITS, scoped=False) for n in names]
        return list(dict.fromkeys(u for u in found if u is not None))

    # organisations ----------------------------------------------------------------------------
    def load_organisations(self, values) -> None:
        values = {v for v in values if v}
        self.orgs_by_key: dict[str, Organisation] = {}
        for part in chunks(values):
            codes = [v.upper() for v in part]
            for org in Organisation.objects.filter(Q(name__in=part) | Q(credit_code__in=codes)).select_related("unit"):
                self.orgs_by_key[org.name] = org
                if org.credit_code:
                    self.orgs_by_key[org.credit_code] = org

    def organisation(self, row, key, value) -> Organisation | None:
        if not value:
            return None
        org = self.orgs_by_key.get(value) or self.orgs_by_key.get(value.upper())
        if org is None:
            self.add(row, key, UNKNOWN_ORG, value=value)
        return org
