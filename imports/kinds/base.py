"""What every kind of import shares: reading cells, scope, lookups in batches, problems per row.

An importer checks the whole file first (`check` returns a plan, one item per row, and fills
`problems`); only when there are no problems does the caller `write` each item, inside one
transaction, through the services of `org` and `people`.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_noop

from accounts.scope import scope_paths
from imports.problems import Problem
from imports.reader import Row
from imports.spec import Kind
from org.models import Unit, UnitKind

Progress = Callable[[str, int, int], None]
CHUNK = 500

REQUIRED = gettext_noop("Required; this cell is empty.")
TOO_LONG = gettext_noop("Too long: at most %(max)s characters.")
NOT_ALLOWED = gettext_noop("“%(value)s” is not one of the allowed values: %(allowed)s.")
NOT_A_NUMBER = gettext_noop("Not a number: enter the area in square metres, for example 89.5.")
BAD_AREA = gettext_noop("The area must be greater than 0 and have at most two decimals.")
UNKNOWN_UNIT = gettext_noop("No unit has the code %(code)s.")
OUT_OF_SCOPE = gettext_noop("%(code)s is outside the units where you may import this data.")
WRONG_TYPE = gettext_noop("%(code)s is of type %(kind)s; a unit of type %(expected)s is needed here.")
CODE_TAKEN = gettext_noop("The code %(code)s is already used by another unit.")
DUPLICATE_IN_FILE = gettext_noop("%(value)s appears more than once in this file (first in row %(row)s).")


def chunks(values: Iterable, size: int = CHUNK):
    values = list(values)
    for i in range(0, len(values), size):
        yield values[i : i + size]


def kind_label(kind: str) -> str:
    """The English source label of a unit type, to be translated when the problem is shown."""
    with translation.override(None):
        return str(UnitKind(kind).label)


class Importer(ABC):
    spec: Kind

    def __init__(self, user):
        self.user = user
        self.problems: list[Problem] = []
        self.scopes = [scope_paths(user, perm) or [] for perm in self.spec.import_perms]

    # problems -------------------------------------------------------------------------------
    def add(self, at: Row, key: str, message: str, translate=(), **params) -> None:
        self.problems.append(Problem(row=at.number, column=self.spec.column(key).header, message=message, params=params, translate=list(translate)))

    def duplicate(self, seen: dict, value, row: Row, key: str) -> bool:
        """Remember the first row of `value`; report later rows as duplicates."""
        first = seen.setdefault(value, row.number)
        if first != row.number:
            self.add(row, key, DUPLICATE_IN_FILE, value=value, row=first)
            return True
        return False

    # scope and the unit tree ------------------------------------------------------------------
    def in_scope(self, path: str) -> bool:
        return all(any(path.startswith(p) for p in paths) for paths in self.scopes)

    def units_by_code(self, codes: Iterable[str]) -> dict:
        found = {}
        for part in chunks({c for c in codes if c}):
            for unit in Unit.objects.filter(code__in=part).only("id", "code", "name", "kind", "path", "depth", "exclusive_area"):
                found[unit.code] = unit
        return found

    def check_parent(self, row: Row, key: str, unit: Unit | None, code: str, expected: str) -> bool:
        """An existing unit of type `expected`, inside the user's scope."""
        if unit is None:
            self.add(row, key, UNKNOWN_UNIT, code=code)
        elif unit.kind != expected:
            self.add(row, key, WRONG_TYPE, translate=("kind", "expected"), code=code, kind=kind_label(unit.kind), expected=kind_label(expected))
        elif not self.in_scope(unit.path):
            self.add(row, key, OUT_OF_SCOPE, code=code)
        else:
            return True
        return False

    # cells --------------------------------------------------------------------------------------
    def text(self, row: Row, key: str) -> str | None:
        column = self.spec.column(key)
        value = row.values.get(key)
        if value is None:
            if column.required:
                self.add(row, key, REQUIRED)
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value).strip()
        if column.max_length and len(value) > column.max_length:
            self.add(row, key, TOO_LONG, max=column.max_length)
            return None
        return value

    def choice(self, row: Row, key: str, default: str | None = None) -> str | None:
        column = self.spec.column(key)
        label = self.text(row, key)
        if label is None:
            return default
        values = {**{v: v for _label, v in column.choices}, **dict(column.choices)}
        if label not in values:
            self.add(row, key, NOT_ALLOWED, value=label, allowed="、".join(column.choice_labels()))
            return None
        return values[label]

    def area(self, row: Row, key: str) -> Decimal | None:
        value = row.values.get(key)
        if value is None:
            return None
        try:
            area = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            self.add(row, key, NOT_A_NUMBER)
            return None
        if not area.is_finite() or area <= 0 or area >= Decimal("1e8") or area != area.quantize(Decimal("0.01")):
            self.add(row, key, BAD_AREA)
            return None
        return area.quantize(Decimal("0.01"))

    # the two phases -----------------------------------------------------------------------------
    @abstractmethod
    def clean(self, row: Row) -> dict:
        """Cell-by-cell checks of one row; None for a bad or empty cell."""

    @abstractmethod
    def load(self, rows: list[tuple[Row, dict]]) -> None:
        """Look up, in batches, the existing records the rows refer to."""

    @abstractmethod
    def relate(self, row: Row, data: dict):
        """Checks against the database, the user's scope and the other rows; a plan item."""

    @abstractmethod
    def write(self, item) -> None:
        """Create the records of one plan item through the services."""

    def finish(self) -> None:  # noqa: B027  optional hook, not abstract
        """After the last item, in the same transaction: work done once for the whole file."""

    def check(self, rows: list[Row], progress: Progress) -> list[tuple[Row, dict]]:
        """The plan: (row, item) for every row, in file order; `problems` says whether it may run."""
        cleaned = [(row, self.clean(row)) for row in rows]
        self.load(cleaned)
        plan = []
        for done, (row, data) in enumerate(cleaned, start=1):
            plan.append((row, self.relate(row, data)))
            progress("checking", done, len(cleaned))
        return plan

