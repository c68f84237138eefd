"""Needs (S2.2-S2.3): what a 居民区, a 睦邻点 or a group of residents needs, entered by staff or made
from a closed survey's results. Pages, the API and commands all come through here.

    need_create(by=user, title="老年书法班", unit=district, types=[shuhua], start_date=..., end_date=...,
                people=20, budget=None, time_windows={"2": [["14:00", "16:00"]]}, point=None, ...)
    need_update(need=need, by=user, people=25, ...)     # open or agreed needs; the timeline notes the change
    need_cancel(need=need, by=user, note="...")          # its live matches are cancelled with it
    needs_from_survey(survey, question, user)            # one need per option chosen by enough respondents

Every service is one transaction: bad input raises ValidationError (a dict naming the fields, in the
user's language) and nothing is written. The 居民区 must be one where `by` may match resources
(resources.match_resource); the other permission checks are the edge's.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import MATCH_RESOURCE
from accounts.scope import has_perm_at
from core.workflow import begin, record, transition
from doorstep.models import NeighbourhoodPoint
from doorstep.slots import hours_checked
from doorstep.workflow import PointState
from org.models import Unit, UnitKind
from resources.catalogue import place_of
from resources.models import Need, NeedSource, NeedState, ResourceType
from resources.rules import need_is_open

N = NeedState
STAFF_SOURCES = (NeedSource.STAFF, NeedSource.POINT, NeedSource.RESIDENTS)
POINT_STATES = (PointState.PROPOSED, PointState.ACTIVE, PointState.FLAGGED, PointState.UNDER_REVIEW)  # not declined or retired
MAX_PEOPLE = 100_000
MAX_BUDGET = Decimal("9999999999.99")
MAX_DAYS = 3 * 366  # a need covers at most about three years
FIELDS = (
    "title", "description", "unit", "point", "requester", "types", "people", "budget", "start_date", "end_date",
    "time_windows", "place", "lat", "lng", "source",
)  # fmt: skip


def _line(value, limit: int) -> str:
    """One line of text: runs of white space made one space."""
    return re.sub(r"\s+", " ", str(value or "")).strip()[:limit]


def _position(value, low, high):
    if value in (None, ""):
        return None
    v = Decimal(str(value)).quantize(Decimal("0.000001"))
    return v if low <= v <= high else False


def checked(v: dict, by) -> dict:
    """The need's fields checked and completed (position and place from the 睦邻点 or the 居民区), or a
    ValidationError naming every field in error."""
    errors = {}
    v["title"] = _line(v.get("title"), 100)
    if not v["title"]:
        errors["title"] = _("Give the need a short title.")
    v["description"] = str(v.get("description") or "").strip()[:4000]
    v["requester"] = _line(v.get("requester"), 100)
    v["place"] = _line(v.get("place"), 200)
    unit = v.get("unit")
    if not isinstance(unit, Unit) or unit.kind != UnitKind.DISTRICT:
        errors["unit"] = _("Choose a residential district.")
    elif by is not None and not has_perm_at(by, MATCH_RESOURCE, unit.path):
        errors["unit"] = _("Choose a residential district where you match resources.")
    point = v.get("point")
    if point is not None and isinstance(unit, Unit) and (point.unit_id != unit.pk or point.state not in POINT_STATES):
        errors["point"] = _("Choose a neighbourhood point of this residential district that is not retired.")
    types = list(v.get("types") or [])
    if not types:
        errors["types"] = _("Choose at least one type of what is needed.")
    elif not all(isinstance(t, ResourceType) and t.is_active for t in types):
        errors["types"] = _("Choose types that are in use.")
    v["types"] = types
    people = v.get("people")
    if not isinstance(people, int) or isinstance(people, bool) or not 1 <= people <= MAX_PEOPLE:
        errors["people"] = _("Give the number of people, from 1 to %(max)s.") % {"max": MAX_PEOPLE}
    budget = v.get("budget")
    if budget not in (None, ""):
        budget = Decimal(str(budget))
        if budget < 0 or budget > MAX_BUDGET:
            errors["budget"] = _("The budget must be 0 or more (empty: no money).")
    v["budget"] = None if budget in (None, "") else budget
    start, end = v.get("start_date"), v.get("end_date")
    if not isinstance(start, datetime.date):
        errors["start_date"] = _("Give the first day.")
    if not isinstance(end, datetime.date):
        errors["end_date"] = _("Give the last day.")
    elif isinstance(start, datetime.date) and end < start:
        errors["end_date"] = _("The last day must not be before the first.")
    elif isinstance(start, datetime.date) and (end - start).days > MAX_DAYS:
        errors["end_date"] = _("A need covers at most three years; enter a new one after that.")
    try:
        v["time_windows"] = hours_checked(v.get("time_windows") or {})
    except ValidationError as e:
        errors["time_windows"] = e.messages
    lat, lng = _position(v.get("lat"), -90, 90), _position(v.get("lng"), -180, 180)
    if lat is False or lng is False or (lat is None) != (lng is None):
        errors["lat"] = _("Give both latitude and longitude, or neither (the point's or the district's position is used).")
    if v.get("source") not in NeedSource.values:
        errors["source"] = _("Choose where the need comes from.")
    if errors:
        raise ValidationError(errors)
    if lat is None:
        if point is not None and point.lat is not None and point.lng is not None:
            lat, lng = point.lat, point.lng
        else:
            plat, plng = place_of(unit)
            lat, lng = (None, None) if plat is None else (Decimal(str(plat)).quantize(Decimal("0.000001")), Decimal(str(plng)).quantize(Decimal("0.000001")))
    v["lat"], v["lng"] = lat, lng
    if not v["place"] and point is not None:
        v["place"] = point.address[:200]
    return v


@transaction.atomic
def need_create(
    *,
    by,
    title: str,
    unit: Unit,
    types,
    start_date: datetime.date,
    end_date: datetime.date,
    description: str = "",
    point: NeighbourhoodPoint | None = None,
    requester: str = "",
    people: int = 10,
    budget=None,
    time_windows: dict | None = None,
    place: str = "",
    lat=None,
    lng=None,
    source: str = NeedSource.STAFF,
    survey=None,
    note: str = "",
) -> Need:
    """A new open need on its 居民区 (entered by staff, for a 睦邻点 or a group of residents, or from a survey)."""
    v = checked(
        {
            "title": title, "description": description, "unit": unit, "point": point, "requester": requester, "types": types,
            "people": people, "budget": budget, "start_date": start_date, "end_date": end_date, "time_windows": time_windows,
            "place": place, "lat": lat, "lng": lng, "source": source,
        },
        by,
    )  # fmt: skip
    types = v.pop("types")
    need = Need.objects.create(**v, unit_path=unit.path, survey=survey, created_by=by if getattr(by, "pk", None) else None)
    need.types.set(types)
    begin(need, by=by, note=note)
    return need


def _current(need: Need) -> dict:
    return {f: (list(need.types.all()) if f == "types" else getattr(need, f)) for f in FIELDS}


@transaction.atomic
def need_update(*, need: Need, by, note: str = "", **changes) -> Need:
    """Change an open or agreed need's details (any of FIELDS but the source of a survey's need); the
    timeline notes which fields changed. Refused, with nothing written, once served, closed or cancelled."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"need_update() got unexpected fields {sorted(unknown)}")
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if not need_is_open(by, locked):
        raise ValidationError(_("This need is %(state)s; it can no longer be changed.") % {"state": locked.get_state_display()})
    before = _current(locked)
    if locked.source == NeedSource.SURVEY:
        changes.pop("source", None)
    moved = any(f in changes and changes[f] != before[f] for f in ("unit", "point"))
    if moved and "lat" not in changes and "lng" not in changes:
        changes.update(lat=None, lng=None)  # another district or point: its position, unless one is given
    v = checked({**before, **changes}, by)
    changed = [f for f in FIELDS if f in changes and _differs(before[f], v[f])]
    if not changed:
        return locked
    types = v.pop("types")
    for name, value in v.items():
        setattr(locked, name, value)
    locked.unit_path = locked.unit.path
    locked.save()
    if "types" in changed:
        locked.types.set(types)
    labels = ", ".join(str(Need._meta.get_field(f).verbose_name) for f in changed)
    record(locked, locked.workflow, action="edit", from_state=locked.state, to_state=locked.state, by=by, note=(note or "").strip() or labels)
    return locked


def _differs(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return {getattr(x, "pk", x) for x in a} != {getattr(x, "pk", x) for x in b}
    return a != b


@transaction.atomic
def need_cancel(*, need: Need, by, note: str = "") -> Need:
    """The need is no longer wanted: cancelled, and its proposed and agreed matches with it (giving back
    the resources' services: resources.services.matches.match_cancel). Refused (IllegalTransition) once served."""
    from resources.services.matches import match_cancel
    from resources.workflow import LIVE_MATCH_STATES

    transition(need, N.CANCELLED, by=by, note=(note or "").strip(), action="cancel")  # locks the need; from open or agreed only
    for match in need.matches.filter(state__in=LIVE_MATCH_STATES).order_by("id"):
        match_cancel(match, by, note=(note or "").strip() or _("The need was cancelled."))
    return need


# --- needs from a survey ----------------------------------------------------------------------------------


MIN_PERCENT = 30  # an option chosen by at least this share of those who answered the question ...
MIN_COUNT = 3  # ... and by at least this many people


@dataclass
class SurveyNeeds:
    created: list = field(default_factory=list)  # the new needs
    skipped: list = field(default_factory=list)  # [(option, why)]


def types_for(option: str, types=None) -> list[ResourceType]:
    """The resource types an option's text names: those whose name (or English name) it contains or that
    contain it; else those sharing the most two-character pieces with it (健康讲座 → 健康养生, 健康义诊)."""
    text = re.sub(r"\s+", "", option or "").lower()
    if not text:
        return []
    types = list(types if types is not None else ResourceType.objects.filter(is_active=True))

    def names(t):
        return [n for n in (t.name, (t.name_en or "").lower().replace(" ", "")) if n]

    found = [t for t in types if any(n in text or text in n for n in names(t))]
    if found:
        return found
    pieces = {text[i : i + 2] for i in range(len(text) - 1)}
    shared = {t.pk: len(pieces & {t.name[i : i + 2] for i in range(len(t.name) - 1)}) for t in types}
    best = max(shared.values(), default=0)
    return [t for t in types if best and shared[t.pk] == best]


def district_of(unit: Unit) -> Unit | None:
    if unit.kind == UnitKind.DISTRICT:
        return unit
    return Unit.objects.filter(path__in=unit.ancestor_paths(), kind=UnitKind.DISTRICT).first()


@transaction.atomic
def needs_from_survey(
    survey,
    question,
    user,
    *,
    unit: Unit | None = None,
    min_percent: float = MIN_PERCENT,
    min_count: int = MIN_COUNT,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    budget=None,
) -> SurveyNeeds:
    """One need per option of a closed survey's choice question chosen by at least `min_percent` % of
    those who answered it and at least `min_count` people, with the types its text names (types_for),
    for as many people as chose it, on the survey's 居民区 (or `unit` when the survey covers more than
    one). An option already turned into a need of this survey is skipped, so running it twice adds nothing
    (the survey row is locked meanwhile, so two staff running it at once do not both add)."""
    from surveys.models import QuestionKind, Survey, SurveyState
    from surveys.selectors import survey_results

    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != SurveyState.CLOSED:
        raise ValidationError({"survey": _("Needs are made from a closed survey's results; close the survey first.")})
    if question.survey_id != survey.pk or question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        raise ValidationError({"question": _("Choose a single or multiple choice question of this survey.")})
    district = unit or district_of(survey.unit)
    if district is None or district.kind != UnitKind.DISTRICT:
        raise ValidationError({"unit": _("This survey covers more than one residential district: choose the one the needs are for.")})
    if not (district.path.startswith(survey.unit_path) or survey.unit_path.startswith(district.path)):
        raise ValidationError({"unit": _("Choose a residential district the survey covers.")})
    result = next((q for q in survey_results(survey).questions if q.question.pk == question.pk), None)
    today = timezone.localdate()
    start = start_date or today
    end = end_date or start + datetime.timedelta(days=90)
    done = set(Need.objects.filter(survey=survey).exclude(state=N.CANCELLED).values_list("title", flat=True))
    all_types = list(ResourceType.objects.filter(is_active=True))
    out = SurveyNeeds()
    for option in result.options if result else []:
        title = option.label.strip()[:100]
        if option.count < min_count or option.percent < min_percent:
            out.skipped.append((option.label, _("chosen by %(n)s (%(p)s%%), fewer than asked") % {"n": option.count, "p": option.percent}))
            continue
        if title in done:
            out.skipped.append((option.label, _("already a need of this survey")))
            continue
        types = types_for(option.label, all_types)
        if not types:
            out.skipped.append((option.label, _("no resource type matches its words")))
            continue
        description = _("From the survey “%(survey)s”, question “%(question)s”: %(n)s of %(of)s who answered (%(p)s%%) chose “%(option)s”.") % {
            "survey": survey.title, "question": question.text, "n": option.count, "of": result.answered, "p": option.percent, "option": option.label,
        }  # fmt: skip
        need = need_create(
            by=user, title=title, unit=district, types=types, start_date=start, end_date=end, description=description,
            people=max(1, min(option.count, MAX_PEOPLE)), budget=budget, requester=_("Survey respondents"),
            source=NeedSource.SURVEY, survey=survey,
        )  # fmt: skip
        out.created.append(need)
    return out
