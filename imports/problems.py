"""Problems found in a workbook, kept language-neutral and shown in the reader's language.

A problem stores the English source message and its parameters; it is translated when it is
shown, so the same job reads in Chinese for one user and in English for another. Parameters
named in `translate` are themselves source strings (for example a unit type).
"""

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

MAX_STORED = 10_000

UNEXPECTED = gettext_noop("The import stopped because of an unexpected error. Nothing was imported; please try again or tell the system administrator.")


@dataclass
class Problem:
    row: int  # the row number as Excel shows it (the header is row 1); 0 for the file as a whole
    column: str  # the column header as written in the file
    message: str  # English source string
    params: dict = field(default_factory=dict)
    translate: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class FileProblem(Exception):
    """The upload as a whole cannot be read (not an xlsx, too large, missing columns...)."""

    def __init__(self, *problems: Problem):
        super().__init__(problems[0].message)
        self.problems = list(problems)

    @classmethod
    def of(cls, message: str, **params) -> "FileProblem":
        return cls(Problem(row=0, column="", message=message, params=params))


def source_messages(error: ValidationError) -> list[str]:
    """The English source strings of a ValidationError raised with lazy translated messages."""
    with translation.override(None):
        return [str(m) for m in error.messages]


def render(problem: dict) -> str:
    """The message of a stored problem in the active language."""
    params = dict(problem.get("params") or {})
    for key in problem.get("translate") or ():
        if key in params:
            params[key] = gettext(params[key])
    text = gettext(problem["message"])
    return text % params if params else text


def rendered(problems: list[dict]) -> list[dict]:
    return [{"row": p["row"], "column": p["column"], "text": render(p)} for p in problems]
