"""Reads of agenda items, decisions, votes and minutes: the meeting page's part, the printable minutes, the
residents' page of published minutes and public decisions, and the querysets the pages and the API scope.

Who sees a meeting's business: staff holding VIEW_BODY at the body's unit (`for_user`), and the body's current
members (a resident on the owners' committee has no staff role, only the seat)."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.roles import VIEW_BODY
from accounts.scope import grants
from meetings.models import AgendaItem, Attachment, Decision, Meeting, Membership, Minutes, Vote, VoteChoice
from meetings.quorum import quorum_of
from meetings.rules.decisions import current_membership
from meetings.workflow import DecisionState, MinutesState


def member_body_ids(user):
    """The bodies the user currently sits on (a subquery)."""
    return Membership.objects.current().filter(user_id=getattr(user, "pk", None)).values("body_id")


def _visible(qs, user, body_field: str):
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.for_user(user, VIEW_BODY) | qs.filter(**{f"{body_field}__in": member_body_ids(user)})


def meetings_visible(user):
    return _visible(Meeting.objects.all(), user, "body_id")


def items_visible(user):
    return _visible(AgendaItem.objects.all(), user, "meeting__body_id").select_related("meeting")


def decisions_visible(user):
    return _visible(Decision.objects.all(), user, "meeting__body_id").select_related("meeting__body", "item")


def minutes_visible(user):
    return _visible(Minutes.objects.all(), user, "meeting__body_id").select_related("meeting__body")


def attachments_visible(user):
    if not getattr(user, "is_authenticated", False):
        return Attachment.objects.none()
    return Attachment.objects.filter(meeting__in=meetings_visible(user).values("pk")).select_related("meeting")


def votes_visible(user):
    return Vote.objects.filter(decision__in=decisions_visible(user).values("pk")).select_related("membership", "decision")


def agenda_context(meeting, user) -> dict:
    """The meeting page's agenda, decisions and minutes part (templates/meetings/_agenda.html, _minutes.html).
    A constant number of queries whatever the length of the agenda."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("proposed_by", "decision")
        .prefetch_related(Prefetch("decision__votes", queryset=Vote.objects.select_related("membership").order_by("id")))
    )
    membership = current_membership(user, meeting)
    my_votes = {}
    if membership is not None:
        my_votes = dict(Vote.objects.filter(decision__meeting=meeting, membership=membership).values_list("decision_id", "choice"))
    decisions = []
    for item in items:
        decision = getattr(item, "decision", None) if hasattr(item, "decision") else None
        item.the_decision = decision
        if decision is not None:
            decision.my_vote = VoteChoice(my_votes[decision.pk]).label if decision.pk in my_votes else None
            votes = list(decision.votes.all())
            decision.tally = {c: sum(1 for v in votes if v.choice == c) for c in VoteChoice.values}
            decision.vote_count = len(votes)
            decisions.append(decision)
    has = user.has_perm if getattr(user, "is_authenticated", False) else (lambda *a: False)
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by").first()
    return {
        "agenda_meeting": meeting,
        "agenda_items": items,
        "agenda_decisions": decisions,
        "agenda_membership": membership,
        "agenda_quorum": quorum_of(meeting),
        "agenda_vote_choices": VoteChoice.choices,
        "agenda_present": list(meeting.attendances.select_related("membership").order_by("membership__seat__order", "membership_id")),
        "can_propose": has("meetings.propose_item", meeting),
        "can_order": has("meetings.order_agenda", meeting),
        "can_open_vote": has("meetings.open_vote", meeting),
        "can_note": has("meetings.note_item", meeting),
        "can_record_vote": has("meetings.manage_body", meeting),
        "can_close_vote": has("meetings.manage_body", meeting) or (membership is not None and membership.role == "chair"),
        "can_draft_minutes": has("meetings.draft_minutes", meeting),
        "can_attach": has("meetings.attach_file", meeting),
        "can_approve_minutes": minutes is not None and has("meetings.approve_minutes", minutes),
        "can_publish_minutes": minutes is not None and has("meetings.publish_minutes", minutes),
        "minutes": minutes,
        "attachments": list(meeting.attachments.all()),
        "decision_voting": DecisionState.VOTING,
    }


def print_context(meeting) -> dict:
    """Everything the printable minutes and their Excel export show: attendance, items, decisions with their
    counts and each member's vote."""
    members = list(Membership.objects.current().filter(body_id=meeting.body_id).select_related("seat").order_by("seat__order", "id"))
    present = dict(meeting.attendances.values_list("membership_id", "signed_in_at"))
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision")
        .prefetch_related(Prefetch("decision__votes", queryset=Vote.objects.select_related("membership__seat").order_by("membership__seat__order", "id")))
    )
    for item in items:
        item.the_decision = getattr(item, "decision", None) if hasattr(item, "decision") else None
    return {
        "meeting": meeting,
        "members": [(m, present.get(m.pk)) for m in members],
        "present_count": len(present),
        "items": items,
        "minutes": Minutes.objects.filter(meeting=meeting).select_related("approved_by").first(),
        "attachments": list(meeting.attachments.all()),
    }


def home_unit_paths(user) -> set[str]:
    """Every unit path above (and including) the signed-in resident's homes: the bodies whose minutes reach them."""
    homes = [path for role, path in grants(user) if role == "resident"] if getattr(user, "is_authenticated", False) else []
    return {home[:i] for home in homes for i in range(1, len(home) + 1) if home[:i].endswith(".")}


def published_for_residents(user, today=None) -> dict:
    """The residents' page: minutes published (公示) and not yet expired, and public decisions, of the bodies of
    their own 居民区 (and the units above it)."""
    today = today or timezone.localdate()
    paths = home_unit_paths(user)
    minutes = (
        Minutes.objects.filter(unit_path__in=paths, state=MinutesState.PUBLISHED, published_until__gte=today)
        .select_related("meeting__body")
        .order_by("-published_at")[:50]
    )
    decisions = (
        Decision.objects.filter(unit_path__in=paths, is_public=True, state__in=(DecisionState.ADOPTED, DecisionState.REJECTED))
        .filter(Q(meeting__minutes__state=MinutesState.PUBLISHED))
        .select_related("meeting__body", "item")
        .order_by("-decided_at", "-id")[:50]
    )
    return {"published_minutes": list(minutes), "public_decisions": list(decisions)}
