"""The evaluation's named rules (django-rules): who runs and publishes a period, who rates a subject, and
who sees a published result on the resident front.

Running and publishing a period is the capability MANAGE_EVALUATION at the period's unit.

Registered here (the guard test in `tests/test_rules.py` reads `evaluation/tests/test_rules.py`):
"""

import rules
from django.db.models import Q

from accounts.rules import object_predicate
from evaluation.workflow import PeriodState


def raters_q(estate) -> Q:
    """Who may rate in an estate, as a filter on users: a current seat on the estate's council, or the
    residents' representative role at the estate (or above it, or inside it)."""
    from django.utils import timezone

    today = timezone.localdate()
    seat = Q(
        memberships__body__unit=estate,
        memberships__body__kind__code="council",
        memberships__body__is_active=True,
    ) & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=today))
    return seat | Q(role_assignments__role="representative", role_assignments__unit__path__startswith=estate.path)


@object_predicate
def may_rate_in_estate(user, estate) -> bool:
    """A member of the estate's 1+3+N council or a residents' representative there."""
    from accounts.models import User

    if not getattr(user, "is_authenticated", False):
        return False
    if User.objects.filter(raters_q(estate), pk=user.pk).exists():
        return True
    rep_paths = user.role_assignments.filter(role="representative").values_list("unit__path", flat=True)
    return any(estate.path.startswith(p) for p in rep_paths)


@object_predicate
def lives_in_result_estate(user, result) -> bool:
    from people.models import Resident

    return getattr(user, "is_authenticated", False) and Resident.objects.filter(user=user, unit_path__startswith=result.unit_path).exists()


@object_predicate
def result_is_published(user, result) -> bool:
    return result.period.state == PeriodState.PUBLISHED


RULES = {
    # rating a subject in an estate: a council member or a representative of the estate
    "evaluation.rate_in_estate": may_rate_in_estate,
    # the resident front: a published result of the estate one lives in
    "evaluation.see_published_result": lives_in_result_estate & result_is_published,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
