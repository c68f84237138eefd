"""Menu entries as data: each app lists the entries it contributes in its own `nav.py` as `ENTRIES`
(and, for the top app, `GROUPS`); the top app (`home`) assembles the menu from them.

An entry names a URL, a label, the capability that shows it (None: everyone signed in; a tuple: any of
them), the group it belongs to (a key of a `Group`; "" for the top level) and its order in that group.

Each entry also names its *front*: who it is listed for. Staff (anyone holding a role with work to do)
see the staff menu; residents and other people without staff work see the resident front; visitors
without an account see the public pages. `front` is one of

- "staff" (the default): the back office only;
- "resident": the resident front only;
- "both": the resident front and the back office;
- "public": also visitors without an account (the page must answer them without sign-in);
- "visitor": visitors without an account only (e.g. tracking a case by its number).

`front_group` and `front_order` place the entry in the resident and visitor fronts when they differ from
the staff menu (None: the same as `group` / `order`; "" puts it at the top level, one tap away).
"""

from dataclasses import dataclass

VISITOR, RESIDENT, STAFF = "visitor", "resident", "staff"
FRONTS = {
    "staff": frozenset({STAFF}),
    "resident": frozenset({RESIDENT}),
    "both": frozenset({RESIDENT, STAFF}),
    "public": frozenset({VISITOR, RESIDENT, STAFF}),
    "visitor": frozenset({VISITOR}),
}


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
    front: str = "staff"
    front_group: str | None = None
    front_order: int | None = None

    def __post_init__(self):
        if self.front not in FRONTS:
            raise ValueError(f"{self.url}: front must be one of {sorted(FRONTS)}, not {self.front!r}")

    @property
    def audiences(self) -> frozenset:
        return FRONTS[self.front]

    def placed_for(self, audience: str) -> tuple[str, int]:
        """(group key, order) of the entry in the menu of `audience`."""
        if audience == STAFF:
            return self.group, self.order
        group = self.group if self.front_group is None else self.front_group
        return group, self.order if self.front_order is None else self.front_order
