"""After a resource is proposed for a need (精准对接): the agreement (对接协议), declining, cancelling, the
service record (服务记录) and the feedback of both sides. Pages, the API and the jobs all come through here.

No over-commitment is the database's guarantee, not this code's: an agreement takes one of the resource's
services this period by ONE conditional UPDATE (`committed = committed + 1 WHERE committed <
capacity_per_period`); under concurrent agreements the row lock serialises them and each re-checks the
condition on the latest row, so exactly the free services are taken; the CHECK constraint
res_resource_within_capacity is the last line. Every write is one transaction: a refusal (a ValidationError
in the user's language, or IllegalTransition when the match's state does not allow the step) changes nothing.

Who may do what is named in `rules.py` (checked at the edge, and again here for feedback, whose rule is the domain's):
- agree, decline, cancel, record: `resources.act_on_match` (resources.match_resource at the need's 居民区);
- the requester's feedback: `resources.give_requester_feedback` (the same);
- the provider's feedback: `resources.give_provider_feedback` (resources.match_resource at the need's or at the
  resource's unit, or the talent themself when the talent's account is the user).
"""

import datetime
import functools
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import IllegalTransition, record, transition
from doorstep.models import Booking, Slot
from doorstep.rules import booking_is_pending, slot_has_begun
from doorstep.services.bookings import booking_cancel, booking_create
from doorstep.workflow import BookingState
from notices.services import notices_send
from resources.models import Match, MatchState, Need, NeedState, Resource, ResourceKind, ServiceRecord
from resources.rules import need_is_open
from resources.workflow import MATCH_WORKFLOW

M, N = MatchState, NeedState
RATINGS = range(1, 6)
MAX_HOURS = Decimal("999.9")
MAX_PEOPLE = 100_000
TEXT_MAX = 2000


# --- checks of input -------------------------------------------------------------------------------------


def _rating(value, field: str, required: bool):
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Give a rating from 1 to 5.")})
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if value not in RATINGS:
        raise ValidationError({field: _("A rating is a whole number from 1 to 5.")})
    return value


def _text(value) -> str:
    return (value or "").strip()[:TEXT_MAX]


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Give the hours as a number, such as 1.5.")}) from None
    if not Decimal("0") < hours <= MAX_HOURS:
        raise ValidationError({"hours": _("The hours must be more than 0 and at most %(max)s.") % {"max": MAX_HOURS}})
    return hours


# --- the counters on Resource -----------------------------------------------------------------------------


def _take_a_service(resource_id: int) -> bool:
    """One conditional UPDATE: a free service this period is taken, or nothing changes (False)."""
    try:
        with transaction.atomic():  # a savepoint: a violated CHECK leaves the outer transaction usable
            return bool(Resource.objects.filter(pk=resource_id, committed__lt=F("capacity_per_period")).update(committed=F("committed") + 1))
    except IntegrityError:  # res_resource_within_capacity: never reached while the WHERE holds
        return False


def _give_back(resource_id: int, served: int = 0) -> None:
    """An agreed service is given back (cancelled) or given (served): committed - 1, never below 0."""
    Resource.objects.filter(pk=resource_id).update(committed=Case(When(committed__gt=0, then=F("committed") - 1), default=0), served=F("served") + served)


# --- agree, decline, cancel -------------------------------------------------------------------------------


def _full_message(resource: Resource) -> str:
    return _("%(name)s has no service left this period: all %(n)s are already agreed. Nothing was changed.") % {
        "name": resource.name,
        "n": resource.capacity_per_period,
    }


def _book_slot(match: Match, resource: Resource, slot: Slot, user) -> Booking:
    space = resource.space
    if space is None:
        raise ValidationError({"slot": _("Only a shared space is booked by slot.")})
    slot = Slot.objects.filter(pk=slot.pk).select_related("room").first()
    if slot is None or slot.room_id != space.room_id:
        raise ValidationError({"slot": _("Choose a slot of %(space)s.") % {"space": resource.name}})
    party = max(1, min(match.need.people, slot.room.capacity))
    booking = booking_create(slot=slot, user=user, party_size=party, purpose=match.need.title, by=user, confirm_overlap=True)  # staff book for needs
    if booking.state != BookingState.BOOKED:
        raise ValidationError({"slot": _("This slot has just been taken; choose another one. Nothing was changed.")})
    return booking


def _all_or_nothing(fn):
    """Run the service in one transaction; when it refuses, the match in memory is reloaded too, so the
    caller sees what is stored (nothing changed), as core.workflow.transition promises for one step."""

    @functools.wraps(fn)
    def run(match, *args, **kwargs):
        try:
            with transaction.atomic():
                return fn(match, *args, **kwargs)
        except Exception:
            if match.pk:
                match.refresh_from_db()
            raise

    return run


def _lock_need(match: Match) -> Need:
    """Every service here locks in one order, need → match → resource, so two of them never wait on each other."""
    need = Need.objects.select_for_update().get(pk=match.need_id)
    match.need = need
    return need


@_all_or_nothing
def match_agree(match: Match, user, terms: str = "", scheduled_for: datetime.datetime | None = None, slot: Slot | None = None) -> Match:
    """对接协议: the match proposed → agreed with its terms and time; one of the resource's services this
    period is taken; the need open → matched (if still open); for a shared space, `slot` is booked through
    the booking engine for `user` and kept as match.booking. All or nothing."""
    terms = _text(terms)
    if not terms:
        raise ValidationError({"terms": _("Write down what was agreed: what, when, where, who pays.")})
    need = _lock_need(match)
    transition(match, M.AGREED, by=user, note=terms, action="agree")  # locks the match; from proposed only
    if not need_is_open(user, need):
        raise ValidationError(_("This need is %(state)s; only an open need can be agreed.") % {"state": need.get_state_display()})
    resource = Resource.objects.select_related("space", "talent").get(pk=match.resource_id)
    if not resource.is_active:
        raise ValidationError(_("%(name)s cannot be matched at present.") % {"name": resource.name})
    if not _take_a_service(resource.pk):
        raise ValidationError(_full_message(resource), code="full")
    booking = None
    if slot is not None:
        booking = _book_slot(match, resource, slot, user)
        scheduled_for = scheduled_for or booking.slot.start
    match.terms, match.scheduled_for, match.booking, match.agreed_at = terms, scheduled_for, booking, timezone.now()
    match.save(update_fields=["terms", "scheduled_for", "booking", "agreed_at", "updated_at"])
    if need.state == N.OPEN:
        transition(need, N.MATCHED, by=user, note=str(resource.name), action="agree")
    _tell_the_talent(match, resource)
    return match


def _tell_the_talent(match: Match, resource: Resource) -> None:
    talent = resource.talent if resource.kind == ResourceKind.TALENT else None
    if talent is not None and talent.user_id:
        notices_send(
            [talent.user_id],
            _("An agreement for you: %(need)s") % {"need": match.need.title},
            match.terms,
            reverse("resources:my-services"),
        )


@_all_or_nothing
def match_decline(match: Match, user, note: str = "") -> Match:
    """A proposed match is not taken up (by either side), with the reason."""
    return transition(match, M.DECLINED, by=user, note=_text(note), action="decline")


@_all_or_nothing
def match_cancel(match: Match, user, note: str = "", now: datetime.datetime | None = None) -> Match:
    """A proposed or agreed match is called off. An agreed one gives its service back to the resource, its
    space booking is cancelled through the booking engine (when the slot has not begun), and its need goes
    back to open when no other agreement is left for it."""
    now = now or timezone.now()
    need = _lock_need(match)
    was = Match.objects.select_for_update().values_list("state", flat=True).get(pk=match.pk)
    transition(match, M.CANCELLED, by=user, note=_text(note), action="cancel")
    if was != M.AGREED:
        return match
    _give_back(match.resource_id)
    if need.state == N.MATCHED and not Match.objects.filter(need=need, state=M.AGREED).exclude(pk=match.pk).exists():
        transition(need, N.OPEN, by=user, note=_text(note), action="reopen")
    if match.booking_id:
        booking = Booking.objects.select_related("slot").get(pk=match.booking_id)
        if booking_is_pending(user, booking) and not slot_has_begun(booking.slot, now):
            booking_cancel(booking=booking, by=user, note=_text(note), now=now)
    return match


# --- the service record and the feedback --------------------------------------------------------------------


@_all_or_nothing
def record_service(
    match: Match,
    user,
    served_on: datetime.date,
    people_served: int,
    hours=1,
    summary: str = "",
    requester_rating=None,
    requester_comment: str = "",
    provider_rating=None,
    provider_comment: str = "",
) -> ServiceRecord:
    """服务记录: the agreed service was given. The match agreed → served, the resource's agreed service
    becomes a service given (committed - 1, served + 1), the need → served; either side's feedback may
    come now or later (requester_feedback, provider_feedback)."""
    errors = {}
    if served_on is None or served_on > timezone.localdate():
        errors["served_on"] = _("Give the day the service was given (today or earlier).")
    try:
        people_served = int(people_served)
    except (TypeError, ValueError):
        people_served = -1
    if not 0 <= people_served <= MAX_PEOPLE:
        errors["people_served"] = _("Give how many people were served (0 to %(max)s).") % {"max": MAX_PEOPLE}
    for field, value in (("hours", hours), ("requester_rating", requester_rating), ("provider_rating", provider_rating)):
        try:
            if field == "hours":
                hours = _hours(value)
            elif field == "requester_rating":
                requester_rating = _rating(value, field, required=False)
            else:
                provider_rating = _rating(value, field, required=False)
        except ValidationError as e:
            errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    need = _lock_need(match)
    transition(match, M.SERVED, by=user, note=_text(summary), action="serve")  # agreed only
    _give_back(match.resource_id, served=1)
    rec = ServiceRecord.objects.create(
        match=match,
        unit_path=match.unit_path,
        served_on=served_on,
        people_served=people_served,
        hours=hours,
        summary=_text(summary),
        requester_rating=requester_rating,
        requester_comment=_text(requester_comment) if requester_rating else "",
        provider_rating=provider_rating,
        provider_comment=_text(provider_comment) if provider_rating else "",
        recorded_by=user,
    )
    if need.state in (N.MATCHED, N.SERVED):
        transition(need, N.SERVED, by=user, note=str(match.resource.name), action="serve")
    return rec


def _feedback(rec: ServiceRecord, user, side: str, rating, comment: str) -> ServiceRecord:
    rating = _rating(rating, f"{side}_rating", required=True)
    with transaction.atomic():
        rec = ServiceRecord.objects.select_for_update().get(pk=rec.pk)
        setattr(rec, f"{side}_rating", rating)
        setattr(rec, f"{side}_comment", _text(comment))
        rec.save(update_fields=[f"{side}_rating", f"{side}_comment", "updated_at"])
        match = Match.objects.get(pk=rec.match_id)
        note = f"{'★' * rating}{'☆' * (5 - rating)} {_text(comment)}".strip()
        record(match, MATCH_WORKFLOW, action=f"{side}_feedback", from_state=match.state, to_state=match.state, by=user, note=note)
    return rec


def requester_feedback(rec: ServiceRecord, user, rating, comment: str = "") -> ServiceRecord:
    """The requesting side's rating (1-5) and comment, entered by staff of the need's 居民区."""
    if not user.has_perm("resources.give_requester_feedback", rec):
        raise PermissionDenied
    return _feedback(rec, user, "requester", rating, comment)


def provider_feedback(rec: ServiceRecord, user, rating, comment: str = "") -> ServiceRecord:
    """The providing side's rating (1-5) and comment: staff, or the talent themself."""
    if not user.has_perm("resources.give_provider_feedback", rec):
        raise PermissionDenied
    return _feedback(rec, user, "provider", rating, comment)


__all__ = [
    "IllegalTransition",
    "match_agree",
    "match_cancel",
    "match_decline",
    "provider_feedback",
    "record_service",
    "requester_feedback",
]
