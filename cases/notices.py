"""Who hears of a step on a case's timeline, and what they read (issue 4 items 2-3).

- 派遣 / 重新打开: the handlers, i.e. the users holding the role that matches the case's handler kind
  at the handling unit or one of its ancestors (a property company at the 居民区 handles its grids).
- 超期升级: the handlers again, and whoever supervises or dispatches at the unit escalated to.
- 督办: the handlers.
- Every change of state: the case's followers (the reporter, and the reporters of cases merged into
  it), told the new state in plain words, never a staff member's name.

The one who took the step is not told about it. Each event costs a fixed number of queries whatever the
number of recipients: the case, the role grants, the followers, one insert. Text is written in the
site's default language (zh-hans) whatever language the step was taken in: the notice is read later,
by someone else.
"""

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import DISPATCH_CASE, ROLES, SUPERVISE_CASE
from cases.models import Case
from notices.services import notices_build, notices_save

# the roles that handle each kind of case (cases.models.HandlerKind). Departments have no account of
# their own yet: their cases go to the subdistrict administrators, who pass them on.
HANDLER_ROLES = {
    "property": ("property_company",),
    "police": ("police",),
    "committee": ("committee_secretary", "social_worker"),
    "grid": ("grid_worker",),
    "department": ("subdistrict_admin",),
}
SUPERVISOR_ROLES = tuple(code for code, role in ROLES.items() if SUPERVISE_CASE in role.perms or DISPATCH_CASE in role.perms)
HANDLER_ACTIONS = {"dispatch", "reopen", "escalate", "supervise"}

# where a notice links to: the first URL name that exists (the case pages are another part of issue 4)
STAFF_CASE_URLS = ("cases:case-detail",)
FOLLOWER_CASE_URLS = ("cases:mine-detail",)


def ancestor_paths(path: str) -> list[str]:
    """"00001.00003.00012." → ["00001.", "00001.00003.", "00001.00003.00012."]."""
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "."]


def case_url(case, names) -> str:
    for name in names:
        for args in ((case.pk,), (case.number,)):
            try:
                return reverse(name, args=args)
            except NoReverseMatch:
                continue
    return ""


def _local(dt) -> str:
    return f"{timezone.localtime(dt):%Y-%m-%d %H:%M}" if dt else ""


def grants_for(case, action: str) -> tuple[set[int], set[int]]:
    """(handler user ids, supervisor user ids) in one query."""
    q = Q(pk__in=[])
    roles = HANDLER_ROLES.get(case.handler_kind, ())
    above = set(ancestor_paths(case.handling_unit.path)) if case.handling_unit_id else set()
    if above and roles:
        q |= Q(unit_path__in=above, role__in=roles)
    escalated = case.escalated_to_id if action == "escalate" else None
    if escalated:
        q |= Q(unit_id=escalated, role__in=SUPERVISOR_ROLES)
    handlers, supervisors = set(), set()
    for user_id, role, unit_id, path in RoleAssignment.objects.filter(q).values_list("user_id", "role", "unit_id", "unit_path"):
        if role in roles and path in above:
            handlers.add(user_id)
        if escalated and unit_id == escalated and role in SUPERVISOR_ROLES:
            supervisors.add(user_id)
    return handlers, supervisors


def follower_text(case, step) -> str:
    state = step.to_state
    if state == "accepted":
        return _("Your report has been registered and will be handled by %(due)s.") % {"due": _local(case.due_at)}
    if state == "rejected":
        return _("Your report was not registered. Reason: %(reason)s") % {"reason": step.note}
    if state == "merged":
        into = case.merged_into.number if case.merged_into_id else ""
        return _("Your report was merged into case %(number)s about the same problem; you now follow that case.") % {"number": into}
    if state == "dispatched":
        return _("Your case has been passed to the %(handler)s to handle.") % {"handler": case.get_handler_kind_display()}
    if state == "in_progress":
        return _("Work on your case has started.") if step.action != "verify_fail" else _("The check found the problem not yet solved; work goes on.")
    if state == "completed":
        return _("The work on your case is done and will now be checked.")
    if state == "closed":
        return _("Your case is closed. Please tell us how satisfied you are.")
    return case.workflow.label(state)


def handler_text(case, step) -> tuple[str, str]:
    what = f"{case.category.name}：{case.description[:80]}"
    n = {"number": case.number}
    if step.action == "dispatch":
        return _("Case %(number)s is yours to handle") % n, _("%(what)s. Due %(due)s.") % {"what": what, "due": _local(case.due_at)}
    if step.action == "reopen":
        return _("Case %(number)s was reopened") % n, _("%(what)s. It is not solved yet: %(note)s") % {"what": what, "note": step.note}
    if step.action == "escalate":
        return _("Case %(number)s is overdue") % n, _("Overdue, escalated to %(unit)s. %(what)s") % {"unit": case.escalated_to.name, "what": what}
    return _("Case %(number)s is under supervision") % n, _("%(what)s. Supervision note: %(note)s") % {"what": what, "note": step.note}


def supervisor_text(case, step) -> tuple[str, str]:
    return (
        _("Case %(number)s escalated to %(unit)s") % {"number": case.number, "unit": case.escalated_to.name},
        _("Overdue since %(due)s (%(category)s, %(where)s). %(note)s") % {"due": _local(case.running_deadline() or case.due_at), "category": case.category.name, "where": case.unit.name, "note": step.note},
    )


def notify_case_step(step) -> list:
    """The notices for one new timeline record of a case (`cases.CaseTransition`), saved in one insert."""
    changed = bool(step.from_state) and step.from_state != step.to_state
    if step.action not in HANDLER_ACTIONS and not changed:
        return []
    case = Case.objects.select_related("category", "unit", "handling_unit", "escalated_to", "merged_into").get(pk=step.case_id)
    handlers, supervisors = grants_for(case, step.action) if step.action in HANDLER_ACTIONS else (set(), set())
    followers = set(case.followers.values_list("pk", flat=True)) if changed else set()
    skip = {step.by_id}
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        if handlers - skip:
            title, body = handler_text(case, step)
            notices += notices_build(handlers - skip, title, body, case_url(case, STAFF_CASE_URLS), now=step.at)
            skip |= handlers
        if supervisors - skip:
            title, body = supervisor_text(case, step)
            notices += notices_build(supervisors - skip, title, body, case_url(case, STAFF_CASE_URLS), now=step.at)
            skip |= supervisors
        if followers - skip:
            title = _("Your case %(number)s: %(state)s") % {"number": case.number, "state": case.workflow.label(step.to_state)}
            notices += notices_build(followers - skip, title, follower_text(case, step), case_url(case, FOLLOWER_CASE_URLS), now=step.at)
    return notices_save(notices)
