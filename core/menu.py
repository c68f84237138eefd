"""Menu entries as data: each app lists the entries it contributes in its own `nav.py` as `ENTRIES`
(and, for the top app, `GROUPS`); the top app (`home`) assembles the menu from them.

An entry names a URL, a label, the capability that shows it (None: everyone signed in; a tuple: any of
them), the group it belongs to (a key of a `Group`; "" for the top level) and its order in that group.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    order: int


@dataclass(frozen=True)
class Entry:
    url: str
    label: str
    perm: str | tuple | None
    group: str
    order: int
