"""约请 (summons): send, answer with a date, schedule the meeting (with its agenda item), mark it met, withdraw, and
the periodic escalation of a summons left unanswered.

A party holding a seat on a body (or staff holding `meetings.manage_body` for it) summons another party of the same
body; the summoned seat's holder answers with a proposed date within `DELIBERATION_SUMMONS_DAYS` working days (the
case system's calendar). Unanswered past that, the summons goes to the 居民区's party secretary (level 1: notices to
the committee secretaries of the body's 居民区), then, another `DELIBERATION_SUMMONS_DAYS` working days later, to
the 片区 (level 2: notices to its area managers). Every refusal is in the user's language, changes nothing and is
audited (`audit.AuditAction.REQUEST`, success False, the reason in its details)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import MANAGE_BODY
from accounts.scope import has_perm_at
from audit.models import AuditAction
from audit.services import audit_record
from cases.calendar import add_working_time
from core.workflow import IllegalTransition, begin, record, transition
from deliberation.models import Summons
from deliberation.rules.summons import holds_seat
from deliberation.workflow import SummonsState
from meetings.models import ItemSource, Membership
from meetings.workflow import MeetingState
from notices.services import notices_send
from org.models import UnitKind

DEFAULT_SUMMONS_DAYS = 5
DEFAULT_ANSWER_MAX_DAYS = 60
DEFAULT_MEETING_HOURS = 2
# who an escalated summons goes to, by the kind of unit it reached: the 居民区's party secretary, the 片区's managers
ESCALATION_ROLES = {UnitKind.DISTRICT: "committee_secretary", UnitKind.AREA: "area_manager"}


def summons_days() -> int:
    return int(getattr(settings, "DELIBERATION_SUMMONS_DAYS", DEFAULT_SUMMONS_DAYS))


def answer_max_days() -> int:
    """How far ahead (calendar days) a summoned party may propose to meet."""
    return int(getattr(settings, "DELIBERATION_SUMMONS_ANSWER_MAX_DAYS", DEFAULT_ANSWER_MAX_DAYS))


def refuse(by, message: str, *, obj=None, field: str | None = None, **details):
    """Audit a refused 约请 request (nothing else is written) and raise it as a ValidationError."""
    audit_record(
        action=AuditAction.REQUEST,
        user=by,
        obj=obj,
        success=False,
        object_type="" if obj is not None else "deliberation.summons",
        object_repr="" if obj is not None else _("约请"),
        changes={"method": "POST", "status": 400, "refused": str(message), **{k: str(v) for k, v in details.items()}},
    )
    raise ValidationError({field: message} if field else message)


def _holder(seat):
    return Membership.objects.current().filter(seat=seat).select_related("user").first()


def _notify(users, title: str, summons: Summons, body: str = "") -> None:
    users = [u for u in users if u is not None]
    if users:
        notices_send(users, title, body, reverse("deliberation:summons-detail", args=[summons.pk]))


def may_act_for(user, seat) -> bool:
    """The seat's current holder, or staff holding meetings.manage_body over its body."""
    return holds_seat(user, seat.pk) or has_perm_at(user, MANAGE_BODY, seat.body.unit_path)


def summons_send(*, body, from_seat, subject: str, by, to_seat=None, to_organisation=None, description: str = "", now=None) -> Summons:
    """A new 约请 from `from_seat` to `to_seat` (or to the seat `to_organisation` holds) on `body`. Refused when the
    summoned party holds no seat on the body, its seat is retired or empty, a party summons itself, the sender may not
    act for `from_seat`, or the matter is missing."""
    now = now or timezone.now()
    subject = (subject or "").strip()
    details = {"body": body.pk}
    if to_seat is None and to_organisation is not None:
        to_seat = body.seats.filter(organisation=to_organisation).first()
        if to_seat is None:
            refuse(
                by,
                _("%(party)s holds no seat on %(body)s: only a party of the body can be summoned.") % {"party": to_organisation, "body": body},
                field="to_seat",
                **details,
            )
    if to_seat is None:
        refuse(by, _("Choose the party to summon."), field="to_seat", **details)
    if from_seat.body_id != body.pk:
        refuse(by, _("You can only summon on behalf of a seat of %(body)s.") % {"body": body}, field="from_seat", **details)
    if to_seat.body_id != body.pk:
        refuse(
            by,
            _("%(party)s holds no seat on %(body)s: only a party of the body can be summoned.") % {"party": to_seat, "body": body},
            field="to_seat",
            **details,
        )
    if to_seat.pk == from_seat.pk or (to_seat.organisation_id and to_seat.organisation_id == from_seat.organisation_id):
        refuse(by, _("A party cannot summon itself."), field="to_seat", **details)
    if not to_seat.is_active:
        refuse(by, _("The seat “%(seat)s” is no longer in use: there is nobody to summon.") % {"seat": to_seat}, field="to_seat", **details)
    holder = _holder(to_seat)
    if holder is None:
        refuse(by, _("The seat “%(seat)s” is empty: there is nobody to summon.") % {"seat": to_seat}, field="to_seat", **details)
    if by is not None and not may_act_for(by, from_seat):  # by None: the system itself (a command, the demo)
        refuse(
            by, _("Only the holder of the seat “%(seat)s” or the body's staff can summon on its behalf.") % {"seat": from_seat}, field="from_seat", **details
        )
    if not subject:
        refuse(by, _("Say what the meeting is to be about."), field="subject", **details)
    return _create(body=body, from_seat=from_seat, to_seat=to_seat, subject=subject, description=description, by=by, holder=holder, now=now)


@transaction.atomic
def _create(*, body, from_seat, to_seat, subject, description, by, holder, now) -> Summons:
    summons = Summons.objects.create(
        body=body,
        unit_path=body.unit_path,
        from_seat=from_seat,
        to_seat=to_seat,
        subject=subject[:200],
        description=description,
        requested_by=by if getattr(by, "pk", None) else None,
        answer_due_at=add_working_time(now, days=summons_days()),
    )
    begin(summons, by=by, note=subject)
    title = _("约请: %(from)s asks %(to)s to meet on “%(subject)s”") % {"from": from_seat, "to": to_seat, "subject": summons.subject}
    due = timezone.localtime(summons.answer_due_at).strftime("%Y-%m-%d %H:%M")
    _notify([holder.user], title, summons, _("Please answer with a date by %(due)s.") % {"due": due})
    return summons


def summons_answer(*, summons: Summons, by, proposed_at, answer: str = "", now=None) -> Summons:
    """The summoned party answers with a date to meet: in the future and within `answer_max_days()` days."""
    now = now or timezone.now()
    if proposed_at is None:
        refuse(by, _("Propose a date and time to meet."), obj=summons, field="proposed_at")
    if proposed_at <= now:
        refuse(by, _("The proposed meeting must be in the future."), obj=summons, field="proposed_at")
    if proposed_at > now + datetime.timedelta(days=answer_max_days()):
        refuse(by, _("Propose a meeting within %(days)s days.") % {"days": answer_max_days()}, obj=summons, field="proposed_at")
    summons = transition(
        summons, SummonsState.ANSWERED, by=by, note=answer, action="answer", answered_at=now, answered_by=by, proposed_at=proposed_at, answer=answer
    )
    when = timezone.localtime(proposed_at).strftime("%Y-%m-%d %H:%M")
    sender = _holder(summons.from_seat)
    users = [summons.requested_by] + ([sender.user] if sender else [])
    _notify(users, _("约请 answered: %(to)s proposes to meet on %(when)s") % {"to": summons.to_seat, "when": when}, summons, answer)
    return summons


@transaction.atomic
def summons_schedule(*, summons: Summons, by, starts_at=None, ends_at=None, room=None, location: str = "", title: str = "") -> Summons:
    """The meeting the answer leads to: a planned meeting of the body (meetings.services.meetings.meeting_schedule) with
    the summons as an agenda item (source 约请); kept on the summons, the thread's next step. Refused unless answered
    and not yet scheduled."""
    from meetings.services.agenda import agenda_item_add
    from meetings.services.meetings import meeting_schedule

    summons = Summons.objects.select_for_update().select_related("body", "from_seat", "to_seat").get(pk=summons.pk)
    if summons.state != SummonsState.ANSWERED:
        raise ValidationError(_("Only an answered 约请 can be scheduled."))
    if summons.meeting_id is not None:
        raise ValidationError(_("This 约请's meeting is already scheduled."))
    starts_at = starts_at or summons.proposed_at
    ends_at = ends_at or starts_at + datetime.timedelta(hours=DEFAULT_MEETING_HOURS)
    title = (title or "").strip() or _("约请: %(subject)s") % {"subject": summons.subject}
    meeting = meeting_schedule(body=summons.body, title=title, starts_at=starts_at, ends_at=ends_at, by=by, room=room, location=location)
    description = _("%(from)s summoned %(to)s.") % {"from": summons.from_seat, "to": summons.to_seat}
    if summons.description:
        description += "\n" + summons.description
    item = agenda_item_add(meeting=meeting, title=summons.subject, by=by, description=description, source=ItemSource.SUMMONS)
    summons.meeting, summons.item = meeting, item
    summons.save(update_fields=["meeting", "item", "updated_at"])
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    record(summons, summons.workflow, action="schedule", from_state=summons.state, to_state=summons.state, by=by, note=when)
    users = [h.user for h in (_holder(summons.from_seat), _holder(summons.to_seat)) if h is not None]
    _notify(users, _("约请 meeting scheduled for %(when)s: %(subject)s") % {"when": when, "subject": summons.subject}, summons)
    return summons


def summons_meet(*, summons: Summons, by, note: str = "") -> Summons:
    """Marks the summons met once its meeting has been held (closed)."""
    if summons.meeting_id is None or summons.meeting.state != MeetingState.CLOSED:
        raise ValidationError(_("The 约请 can be marked as met once its meeting has been held and closed."))
    return transition(summons, SummonsState.MET, by=by, note=note, action="meet")


def summons_withdraw(*, summons: Summons, by, note: str = "") -> Summons:
    summons = transition(summons, SummonsState.WITHDRAWN, by=by, note=note, action="withdraw")
    holder = _holder(summons.to_seat)
    _notify([holder.user] if holder else [], _("约请 withdrawn: %(subject)s") % {"subject": summons.subject}, summons, note)
    return summons


# --- escalation ---------------------------------------------------------------------------------------------------


def escalation_targets(unit) -> list:
    """The units an unanswered summons of a body at `unit` goes to, in order: its 居民区, then its 片区 (those that
    exist above or at the body's unit)."""
    chain = []
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    by_kind = {u.kind: u for u in chain}
    return [by_kind[k] for k in (UnitKind.DISTRICT, UnitKind.AREA) if k in by_kind]


def escalation_recipients(unit) -> list:
    role = ESCALATION_ROLES.get(unit.kind)
    if role is None:
        return []
    return [ra.user for ra in RoleAssignment.objects.filter(unit=unit, role=role).select_related("user").order_by("id")]


def summons_escalate(*, summons: Summons, now=None) -> Summons | None:
    """One level up (see the module's note); None when there is no level left."""
    now = now or timezone.now()
    targets = escalation_targets(summons.body.unit)
    level = summons.escalation_level + 1
    if level > len(targets):
        return None
    unit = targets[level - 1]
    note = _("Unanswered since %(due)s: escalated to %(unit)s.") % {
        "due": timezone.localtime(summons.answer_due_at).strftime("%Y-%m-%d %H:%M"),
        "unit": unit.name,
    }
    summons = transition(summons, None, by=None, note=note, action="escalate", escalation_level=level, escalated_to=unit, escalated_at=now)
    title = _("约请 unanswered: %(to)s has not answered %(from)s on “%(subject)s”") % {
        "to": summons.to_seat,
        "from": summons.from_seat,
        "subject": summons.subject,
    }
    _notify(escalation_recipients(unit), title, summons, note)
    return summons


def summonses_escalate_overdue(now=None) -> list[Summons]:
    """The periodic sweep: each summons still awaiting its answer past `answer_due_at` goes one level up; one escalated
    before goes up again once another `DELIBERATION_SUMMONS_DAYS` working days have passed since."""
    now = now or timezone.now()
    due = Summons.objects.filter(state=SummonsState.SENT, answer_due_at__lt=now, escalation_level__lt=2)
    done = []
    for summons in due.select_related("body__unit__parent__parent", "from_seat", "to_seat").order_by("answer_due_at", "id"):
        if summons.escalated_at and now < add_working_time(summons.escalated_at, days=summons_days()):
            continue
        try:
            escalated = summons_escalate(summons=summons, now=now)
        except IllegalTransition:  # answered or withdrawn meanwhile: nothing to escalate
            continue
        if escalated is not None:
            done.append(escalated)
    return done
