"""Reads for the Open311 endpoint: services, service definitions, public requests and their updates.

Open311's GET calls are a public read API (no key, like FixMyStreet's). What they show of a case is
limited to non-personal fields (see `serializers.request_repr`); which cases: every case under the
jurisdiction's unit. Each list is one query, whatever its length.
"""

from django.db.models import Case as Choose
from django.db.models import Exists, F, OuterRef, Q, Subquery, When

from cases.models import Case, CaseCategory, CaseTransition
from cases.workflow import OPEN_STATES
from open311 import conf
from open311.models import RequestToken, ServiceAttribute
from org.models import Unit


def jurisdiction_unit() -> Unit | None:
    code = conf.get("OPEN311_UNIT_CODE")
    return Unit.objects.filter(code=code).first() if code else None


def services():
    """The categories a resident can choose on the report page: active, without active subcategories,
    under an active parent (if any); the parent is the group."""
    active_children = CaseCategory.objects.filter(parent=OuterRef("pk"), is_active=True)
    attributes = ServiceAttribute.objects.filter(category=OuterRef("pk"), is_active=True)
    return (
        CaseCategory.objects.filter(is_active=True)
        .filter(Q(parent__isnull=True) | Q(parent__is_active=True))
        .exclude(Exists(active_children))
        .annotate(has_attributes=Exists(attributes))
        .select_related("parent", "open311_profile")
        .order_by("code")
    )


def service(code: str) -> CaseCategory | None:
    return services().filter(code=code).first()


def service_attributes(category: CaseCategory) -> list[ServiceAttribute]:
    return list(category.open311_attributes.filter(is_active=True).order_by("order", "id"))


# what a request's representation reads, as plain values: no model instances to build for 1000 rows
REQUEST_VALUES = [
    "id", "number", "source", "state", "description", "created_at", "updated_at", "due_at", "address", "lat", "lng",
    "category__code", "category__name", "category__time_limit", "category__time_unit",
    "unit__kind", "unit__id", "unit__parent_id", "handling_unit__name", "open311_submission__media_url",
]  # fmt: skip


def public_cases(unit: Unit | None):
    """The cases the public read API shows, as the values their representation needs, in one query."""
    last_change = CaseTransition.objects.filter(case=OuterRef("pk")).exclude(from_state=F("to_state")).order_by("-at", "-id")
    qs = Case.objects.all() if unit is None else Case.objects.filter(unit_path__startswith=unit.path)
    # the closing note is looked up for closed cases only
    last_note = Choose(When(~Q(state__in=OPEN_STATES), then=Subquery(last_change.values("note")[:1])), default=None)
    return qs.annotate(last_note=last_note).values(*REQUEST_VALUES, "last_note")


def requests_by_number(unit: Unit | None, numbers: list[str]):
    return public_cases(unit).filter(number__in=numbers).order_by("-created_at", "-id")


def requests_search(unit: Unit | None, *, start, end, codes=(), statuses=frozenset()):
    """Requested between start and end (inclusive), newest first; by service code and open/closed."""
    qs = public_cases(unit).filter(created_at__gte=start, created_at__lte=end)
    if codes:
        qs = qs.filter(category__code__in=codes)
    if statuses == {"open"}:
        qs = qs.filter(state__in=OPEN_STATES)
    elif statuses == {"closed"}:
        qs = qs.exclude(state__in=OPEN_STATES)
    return qs.order_by("-created_at", "-id")


def request_by_number(unit: Unit | None, number: str) -> Case | None:
    return public_cases(unit).filter(number=number).first()


def case_by_token(unit: Unit | None, token) -> Case | None:
    qs = RequestToken.objects.filter(token=token).select_related("case")
    if unit is not None:
        qs = qs.filter(case__unit_path__startswith=unit.path)
    found = qs.first()
    return found.case if found else None


def updates(unit: Unit | None, *, start, end):
    """State changes (not the report itself, nor a supervision or rating that keeps the state) made
    between start and end, oldest first; as values."""
    qs = CaseTransition.objects.filter(at__gte=start, at__lte=end).exclude(from_state="").exclude(from_state=F("to_state"))
    if unit is not None:
        qs = qs.filter(case__unit_path__startswith=unit.path)
    return qs.values("id", "action", "to_state", "at", "note", "case__number").order_by("at", "id")
