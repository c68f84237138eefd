"""Reads of the talent library: scoped querysets with what a list shows (the 居民区 by one subquery, skills
by one prefetch), state counts, the review timeline, a talent's matches and service records, the
public listing, and how a week of availability and a name are shown."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Substr
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import CHANGE_RESOURCE, VIEW_RESOURCE
from accounts.scope import scope_paths
from org.models import KIND_ORDER, SEGMENT, Unit, UnitKind
from resources.models import Match, ResourceKind, ResourceType, ServiceRecord, Talent, TalentSkill, TalentState

DISTRICT_PATH_LEN = (KIND_ORDER.index(UnitKind.DISTRICT) + 1) * (SEGMENT + 1)  # a 居民区 sits at a fixed depth of the tree
WEEKDAYS = [
    gettext_lazy("Monday"), gettext_lazy("Tuesday"), gettext_lazy("Wednesday"), gettext_lazy("Thursday"),
    gettext_lazy("Friday"), gettext_lazy("Saturday"), gettext_lazy("Sunday"),
]  # fmt: skip
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "令狐",
    "慕容",
    "夏侯",
    "长孙",
    "宇文",
    "司徒",
    "端木",
    "独孤",
    "西门",
    "南宫",
)


def district_path(unit_path: str) -> str:
    return unit_path[:DISTRICT_PATH_LEN]


def with_district(qs):
    """Annotate `district_name`: the 居民区 the talent lives in (one correlated subquery on the unique path)."""
    district = Unit.objects.filter(path=Substr(OuterRef("unit_path"), 1, DISTRICT_PATH_LEN))
    return qs.annotate(district_name=Subquery(district.values("name")[:1]))


def skills_prefetch():
    return Prefetch("skills", queryset=TalentSkill.objects.select_related("type").order_by("-level", "type__sort", "id"))


def talents_visible(user, perm: str = VIEW_RESOURCE):
    return Talent.objects.for_user(user, perm)


def talent_rows(qs):
    """What a list row shows, in a constant number of queries."""
    return with_district(qs.select_related("unit")).prefetch_related(skills_prefetch())


def talents_for(user, perm: str = VIEW_RESOURCE):
    """The talents the user may open, with what their page shows."""
    return talent_rows(talents_visible(user, perm).select_related("resident", "user"))


def talent_one(user, pk, perm: str = VIEW_RESOURCE) -> Talent | None:
    return talents_for(user, perm).filter(pk=pk).first()


def state_counts(qs) -> dict[str, int]:
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    return {s: counts.get(s, 0) for s in TalentState.values}


def review_queue(user):
    """Applications awaiting review where the user may review them, oldest first."""
    qs = talents_visible(user, CHANGE_RESOURCE).filter(state=TalentState.APPLIED)
    return talent_rows(qs.select_related("user")).order_by("created_at", "id")


def talent_timeline(talent: Talent):
    return list(talent.transitions.select_related("by").order_by("at", "id"))


def talent_service(talent: Talent) -> tuple[list, list]:
    """The matches proposed to this talent and the services given (through its catalogue row)."""
    resource = getattr(talent, "resource", None) if talent.pk else None
    if resource is None:
        return [], []
    matches = list(Match.objects.filter(resource=resource).select_related("need__unit").order_by("-created_at", "-id")[:50])
    records = list(ServiceRecord.objects.filter(match__resource=resource).select_related("match__need").order_by("-served_on", "-id")[:50])
    return matches, records


def talent_types(include_inactive: bool = False):
    qs = ResourceType.objects.filter(kind=ResourceKind.TALENT)
    return (qs if include_inactive else qs.filter(is_active=True)).order_by("sort", "code")


def districts_for(user, perm: str = VIEW_RESOURCE):
    """居民区 the user's `perm` reaches (the whole subtree under each of the user's units)."""
    paths = scope_paths(user, perm) or []
    if not paths:
        return Unit.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p) | Q(path=p[:DISTRICT_PATH_LEN])
    return Unit.objects.filter(q, kind=UnitKind.DISTRICT).order_by("path")


def homes_for(user, perm: str = CHANGE_RESOURCE):
    """Units a talent may live in that the user looks after: 居民区 and the grids and buildings in them."""
    paths = scope_paths(user, perm) or []
    if not paths:
        return Unit.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind__in=(UnitKind.DISTRICT, UnitKind.GRID, UnitKind.BUILDING)).order_by("path")


def all_districts():
    return Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path")


def public_talents():
    """Talents in the library who agreed to be listed: what a resident may see (masked names, no contact)."""
    qs = Talent.objects.filter(state=TalentState.ACTIVE, public_consent=True)
    return with_district(qs).prefetch_related(skills_prefetch()).order_by("unit_path", "id")


def my_talent(user) -> Talent | None:
    """The signed-in person's own talent record (their latest), for the application page."""
    return Talent.objects.filter(Q(user=user) | Q(resident__user=user)).prefetch_related(skills_prefetch()).order_by("-created_at", "-id").first()


def mask_name(name: str) -> str:
    """钱书法 → 钱*, 欧阳明 → 欧阳*: the surname and one star (how many characters the given name has is not shown)."""
    name = (name or "").strip()
    if not name:
        return ""
    surname = name[:2] if name.startswith(COMPOUND_SURNAMES) and len(name) > 2 else name[:1]
    return f"{surname}*"


def week_rows(availability: dict | None) -> list[tuple[str, list[list[str]]]]:
    """[(weekday label, periods)] for the seven days, Monday first; an empty week means "by arrangement"."""
    availability = availability or {}
    return [(str(WEEKDAYS[d]), availability.get(str(d), [])) for d in range(7)]


def week_summary(availability: dict | None) -> str:
    """A short line for a list: "Mon, Wed 14:00-17:00" style, or "by arrangement"."""
    availability = availability or {}
    if not availability:
        return _("By arrangement")
    by_periods: dict[str, list[int]] = {}
    for d in range(7):
        periods = availability.get(str(d))
        if periods:
            key = ", ".join(f"{a}-{b}" for a, b in periods)
            by_periods.setdefault(key, []).append(d)
    return "; ".join(f"{_days_text(days)} {key}" for key, days in by_periods.items())


def _days_text(days: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] → "周一–周五、周日" ("Monday–Friday, Sunday"): three or more days in a row as a range."""
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAYS[run[0]]}–{WEEKDAYS[run[-1]]}")
        else:
            parts.extend(str(WEEKDAYS[d]) for d in run)
    return ("、" if (translation.get_language() or "zh-hans").startswith("zh") else ", ").join(parts)  # the list comma of the language
