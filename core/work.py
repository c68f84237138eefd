"""Today's work as data: each app lists what waits for its staff in its own `work.py` as `ITEMS`; the top
app (`home`) discovers them (core.discovery.app_modules("work")) and shows, on a staff member's home, each
item they may act on with its count and a link to the list filtered to exactly what was counted.

A `WorkItem` names a label, the list's URL name and query string (the list's FilterSet must take every key),
the capability that shows it (a tuple: any of them), a function `count(user, now)` (`now` an aware datetime; `timezone.localdate(now)` is today) returning a queryset
(counted here) or a number — scoped to what the user may see, one query whatever the data — its order,
and its tone ("danger" for what cannot wait: overdue cases, critical alarms).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass(frozen=True)
class WorkItem:
    key: str
    label: str
    url: str
    perm: str | tuple
    count: Callable
    order: int
    query: dict | Callable = field(default_factory=dict)  # or a function of `now` (e.g. today's date)
    tone: str = ""

    @property
    def perms(self) -> tuple:
        return self.perm if isinstance(self.perm, tuple) else (self.perm,)

    def query_string(self, now) -> str:
        return urlencode(self.query(now) if callable(self.query) else self.query)

    def how_many(self, user, now) -> int:
        got = self.count(user, now)
        return got if isinstance(got, int) else got.count()


def counted_once(user, key: str, count: Callable) -> dict:
    """`count()` (a dict of counts, e.g. one `aggregate` for several items of an app) once per user object and
    request: the items of one app share one query (kept on the user object, as `accounts.scope.grants` is)."""
    cache = user.__dict__.setdefault("_jiayuan_work_counts", {})
    if key not in cache:
        cache[key] = count()
    return cache[key]
