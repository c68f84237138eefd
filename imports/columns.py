"""A workbook format: a kind of data is one sheet of columns (imports.spec, and each app's `imports` module)."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    max_length: int | None = None
    choices: tuple = ()  # (value written in the file, value stored)
    check: str = ""  # Excel data validation besides choices: "id", "mobile", "area", "int", "money"
    width: int = 16
    note: str = ""  # help on the instructions sheet
    options: Callable[[], list[str]] | None = None  # the allowed values, looked up when a template is made, listed on the instructions sheet

    def choice_labels(self) -> list[str]:
        return [label for label, _value in self.choices]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # interface label (translated)
    sheet: str  # name of the data sheet
    columns: tuple
    example: tuple  # the grey example row of the template
    import_perms: tuple  # capabilities needed at the unit the rows go under
    view_perm: str  # capability needed to export
    intro: tuple = field(default=())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)
