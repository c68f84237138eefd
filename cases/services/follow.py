"""Following a case someone else reported ("this is my problem too"), instead of reporting it again."""

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case
from cases.rules import is_case_reporter
from core.workflow import IllegalTransition


@transaction.atomic
def case_follow(case: Case, user) -> Case:
    """`user` follows an open case: it appears among their cases and they are told what happens to it.
    Following a case one already follows changes nothing; a closed case cannot be followed."""
    if not user.has_perm("cases.follow_case", case):
        raise IllegalTransition(_("Only an open case can be followed."))
    if not is_case_reporter(user, case):
        case.followers.add(user)
    return case
