"""Decisions (决议) on agenda items: a recorded vote (open, cast, close) or a consensus recorded as such.

Every refusal (a meeting not in session or not quorate, a vote by a non-member, by a member not signed in, a
second vote, a vote on a closed decision) raises `Refused` (a `core.exceptions.Conflict`: 409 on the API, a
message on the page) in the user's language, after the attempt's transaction was rolled back (nothing
changed), and is written to the audit log (`audit_record(action="request", success=False)`).

Concurrency: casting and closing both lock the decision row first (`select_for_update`), so the chair closing
the vote while a member votes either counts that vote or refuses it as late; two members voting at once are
serialised on the same lock, and the database's `mtg_vote_once` refuses a second vote by one member whatever
happens above it.
"""

import functools

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from core.exceptions import Conflict
from core.workflow import begin, transition
from meetings.models import AgendaItem, Attendance, Decision, DecisionMode, Membership, Vote, VoteChoice
from meetings.quorum import is_adopted, quorum_of
from meetings.rules.decisions import current_membership
from meetings.workflow import DecisionState, MeetingState


class Refused(Conflict):  # noqa: N818  the domain's word
    """A refused attempt: nothing changed, the refusal is audited."""

    def __init__(self, message, obj=None):
        super().__init__(message)
        self.obj = obj


def audited(step: str):
    """Run the service in its own transaction; a `Refused` rolls it back, is audited, and propagates."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(**kwargs):
            try:
                with transaction.atomic():
                    return fn(**kwargs)
            except Refused as e:
                audit_record(
                    action=AuditAction.REQUEST,
                    user=kwargs.get("by"),
                    obj=e.obj,
                    success=False,
                    changes={"step": step, "refused": str(e.message)},
                )
                raise

        return wrapper

    return decorate


def _quorate_or_refuse(meeting, obj):
    if meeting.state != MeetingState.OPEN:
        raise Refused(_("Decisions are made while the meeting is in session."), obj)
    q = quorum_of(meeting)
    if refusal := q.refusal():
        raise Refused(refusal, obj)
    return q


@audited("decision_open")
def decision_open(*, item: AgendaItem, text: str, by=None, mode: str = DecisionMode.VOTE, is_public: bool = True) -> Decision:
    """Open a recorded vote on `item` (mode vote), or record a consensus straight as adopted (mode consensus).
    Refused unless the meeting is in session and quorate, or when the item already has a decision. `present`
    and `seats` are those of the moment the vote opens."""
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    meeting = type(item.meeting).objects.select_for_update(of=("self",)).select_related("body").get(pk=item.meeting_id)
    text = (text or "").strip() or item.title
    if Decision.objects.filter(item=item).exists():
        raise Refused(_("This item already has a decision."), item)
    q = _quorate_or_refuse(meeting, item)
    if mode not in DecisionMode.values:
        raise Refused(_("Choose a recorded vote or consensus."), item)
    decision = Decision.objects.create(
        item=item, meeting=meeting, unit_path=meeting.unit_path, mode=mode, text=text, present=q.present, seats=q.seats, is_public=is_public
    )
    begin(decision, by=by)
    if mode == DecisionMode.CONSENSUS:
        transition(decision, DecisionState.ADOPTED, by=by, action="adopt", note=_("Consensus"), decided_at=timezone.now())
    return decision


def _voter(decision: Decision, by, membership) -> Membership:
    """Whose vote this is: the caller's own membership, or (recorded by MANAGE_BODY staff) the member named."""
    if membership is None:
        own = current_membership(by, decision)
        if own is None:
            raise Refused(_("Only members of this body can vote."), decision)
        return own
    if not getattr(by, "is_authenticated", False) or not by.has_perm("meetings.record_vote", decision):
        raise Refused(_("Only staff who run this body's meetings can record another member's vote."), decision)
    current = Membership.objects.current().filter(pk=getattr(membership, "pk", membership), body_id=decision.meeting.body_id).first()
    if current is None:
        raise Refused(_("Only members of this body can vote."), decision)
    return current


@audited("vote_cast")
def vote_cast(*, decision: Decision, choice: str, by=None, membership=None) -> Vote:
    """A member's vote (for, against, abstain) on an open decision: the caller's own, or recorded by MANAGE_BODY
    staff for a member who is present (`membership`). Refused for a non-member, a member not signed in, a second
    vote, a closed decision or an unknown choice."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=decision.pk)
    if decision.state != DecisionState.VOTING:
        raise Refused(_("The vote on this decision is closed."), decision)
    if choice not in VoteChoice.values:
        raise Refused(_("Vote for, against or abstain."), decision)
    member = _voter(decision, by, membership)
    if not Attendance.objects.filter(meeting_id=decision.meeting_id, membership=member).exists():
        raise Refused(_("%(name)s has not signed in to this meeting and cannot vote.") % {"name": member.name}, decision)
    if Vote.objects.filter(decision=decision, membership=member).exists():
        raise Refused(_("%(name)s has already voted on this decision.") % {"name": member.name}, decision)
    try:
        with transaction.atomic():
            return Vote.objects.create(decision=decision, membership=member, choice=choice, cast_at=timezone.now(), by=by if getattr(by, "pk", None) else None)
    except IntegrityError as e:  # mtg_vote_once: the last word on a second vote
        raise Refused(_("%(name)s has already voted on this decision.") % {"name": member.name}, decision) from e


@audited("vote_close")
def vote_close(*, decision: Decision, by=None) -> Decision:
    """Close the vote: the counts are written (the votes cast under the decision's lock, so a vote either
    counts or is refused as late), and the decision is adopted or rejected by the body's majority rule
    (`meetings.quorum.is_adopted`). `present` is raised to the number of votes cast if latecomers voted."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=decision.pk)
    if decision.state != DecisionState.VOTING:
        raise Refused(_("The vote on this decision is closed."), decision)
    counts = {c: 0 for c in VoteChoice.values}
    for choice in Vote.objects.filter(decision=decision).values_list("choice", flat=True):
        counts[choice] += 1
    present = max(decision.present, sum(counts.values()))
    body = decision.meeting.body
    adopted = is_adopted(body, votes_for=counts[VoteChoice.FOR], present=present, seats=decision.seats)
    return transition(
        decision,
        DecisionState.ADOPTED if adopted else DecisionState.REJECTED,
        by=by,
        action="adopt" if adopted else "reject",
        note=_("For %(f)s, against %(a)s, abstain %(x)s") % {"f": counts[VoteChoice.FOR], "a": counts[VoteChoice.AGAINST], "x": counts[VoteChoice.ABSTAIN]},
        present=present,
        votes_for=counts[VoteChoice.FOR],
        votes_against=counts[VoteChoice.AGAINST],
        votes_abstain=counts[VoteChoice.ABSTAIN],
        decided_at=timezone.now(),
    )
