"""Reads of needs: the scoped list with counts, one need's page (its ranked suggestions with the reasons
in words, its matches and timeline), and the choices the need forms offer (居民区, 睦邻点, types, survey
questions). A fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from accounts.roles import VIEW_RESOURCE, VIEW_SURVEY
from accounts.scope import scope_paths
from doorstep.models import NeighbourhoodPoint
from org.models import Unit, UnitKind
from resources.matching.rank import KINDS, Suggestion, rank
from resources.matching.reasons import explain
from resources.models import Need, NeedState, ResourceKind, ResourceType
from resources.services.needs import POINT_STATES
from resources.workflow import LIVE_MATCH_STATES

SECTION_TITLES = {
    ResourceKind.TALENT: gettext_lazy("Community talents"),  # 社区达人
    ResourceKind.SPACE: gettext_lazy("Shared spaces"),  # 共享空间
    ResourceKind.PROJECT: gettext_lazy("Charity projects"),  # 公益项目
}
ACTION_LABELS = {
    "create": gettext_lazy("Need entered"),
    "edit": gettext_lazy("Details changed"),
    "agree": gettext_lazy("Agreement made"),
    "serve": gettext_lazy("Service given"),
    "close": gettext_lazy("Need closed"),
    "reopen": gettext_lazy("Open again (agreement cancelled)"),
    "cancel": gettext_lazy("Need cancelled"),
}


def needs_visible(user, perm: str = VIEW_RESOURCE):
    return Need.objects.for_user(user, perm)


def need_list(user):
    """The user's needs for the list page and the API: district, point and types loaded, live matches counted."""
    live = Count("matches", filter=Q(matches__state__in=LIVE_MATCH_STATES), distinct=True)
    return needs_visible(user).select_related("unit", "point", "survey").prefetch_related("types").annotate(live_matches=live)


def state_counts(qs) -> list[tuple[str, str, int]]:
    """[(state, label, n)] over `qs` (one query), every state listed."""
    by_state = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    return [(s.value, s.label, by_state.get(s.value, 0)) for s in NeedState]


def _districts_under(paths) -> "QuerySet[Unit]":  # noqa: F821
    if not paths:
        return Unit.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind=UnitKind.DISTRICT).order_by("path")


def districts_for(user, perm: str):
    """居民区 where `perm` holds for the user (inside their subtrees; a role below a 居民区 gives none)."""
    return _districts_under(scope_paths(user, perm))


def points_for(districts):
    """睦邻点 of those 居民区 that may still take needs."""
    return NeighbourhoodPoint.objects.filter(unit__in=districts, state__in=POINT_STATES).select_related("unit").order_by("unit__path", "name")


def types_by_kind() -> list[tuple[str, list[ResourceType]]]:
    """The types in use, grouped by kind (talent skills, kinds of space, fields of projects), one query."""
    types = list(ResourceType.objects.filter(is_active=True).order_by("kind", "sort", "code"))
    return [(str(label), [t for t in types if t.kind == kind]) for kind, label in ResourceKind.choices]


def choice_questions_for(user):
    """Single and multiple choice questions of the closed surveys the user may see."""
    from surveys.models import Question, QuestionKind, Survey, SurveyState

    surveys = Survey.objects.for_user(user, VIEW_SURVEY).filter(state=SurveyState.CLOSED)
    return (
        Question.objects.filter(survey__in=surveys, kind__in=(QuestionKind.SINGLE, QuestionKind.MULTIPLE))
        .select_related("survey")
        .order_by("-survey_id", "position")
    )


def need_timeline(need: Need) -> list[dict]:
    wf = need.workflow
    return [
        {"at": t.at, "action": ACTION_LABELS.get(t.action, t.action), "code": t.action, "from": wf.label(t.from_state) if t.from_state else "",
         "to": wf.label(t.to_state), "by": str(t.by) if t.by_id else "", "note": t.note}
        for t in need.transitions.select_related("by").order_by("at", "id")
    ]  # fmt: skip


def need_matches(need: Need) -> list:
    return list(need.matches.select_related("resource").order_by("-created_at", "-id"))


def url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def resource_url(resource) -> str | None:
    """The page of the talent, space or project behind a catalogue row (when its owner's pages are there)."""
    if resource is None:
        return None
    source = {"talent": ("resources:talent-detail", resource.talent_id), "space": ("resources:space-detail", resource.space_id)}
    source["project"] = ("resources:project-detail", resource.project_id)
    name, pk = source.get(resource.kind, ("", None))
    return url_or_none(name, pk=pk) if pk else None


@dataclass
class Section:
    kind: str
    title: str
    rows: list = field(default_factory=list)  # [(Suggestion, [reasons.Line], url)]


def suggestions(need: Need, limit: int = 10, asked=None, user=None) -> list[Section]:
    """The need's ranked suggestions, one section per kind (社区达人, 共享空间, 公益项目), each row with its
    reasons in words; the types are named from the rows already loaded (`asked`: the need's types). A row
    links to the resource's own page only when `user` may open it (resources.view_resource there)."""
    asked = list(need.types.all()) if asked is None else asked
    found: list[Suggestion] = rank(need, limit=limit)
    sections = {k: Section(k, str(SECTION_TITLES[k])) for k in KINDS}
    for s in found:
        offered = list(s.resource.types.all()) if s.resource else []
        url = resource_url(s.resource) if user is None or user.has_perm(VIEW_RESOURCE, s.resource) else None
        sections[s.kind].rows.append((s, explain(s.reasons, asked, offered), url))
    return [sections[k] for k in KINDS]
