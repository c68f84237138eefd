"""The services app's named rules (django-rules): bookings, operators and 睦邻点.

Object predicates say who someone is to a booking; phase predicates say where a booking or a point is;
the named permissions compose them with the capability predicates of `accounts.rules`. Pages, API and
services ask the same names: `user.has_perm("services.act_on_booking", booking)`.
Which steps a state allows is the workflows' data (`doorstep.workflow`).

Registered here (the guard test in `doorstep/tests/test_rules.py` checks this list):
"""

import datetime

import rules
from django.utils import timezone

from accounts.roles import CHANGE_POINT, CHANGE_SERVICE, REVIEW_POINT, VIEW_SERVICE
from accounts.rules import holds, holds_at_subdistrict, object_predicate
from doorstep.eligibility import eligibility_refusal
from doorstep.slots import check_in_window
from doorstep.workflow import RECORDING_STATES, BookingState, PointState

B, P = BookingState, PointState


def booking_slot(booking):
    return booking.slot


# --- bookings ---------------------------------------------------------------------------------------


@object_predicate
def is_booking_holder(user, booking) -> bool:
    """The person who booked."""
    return bool(getattr(user, "is_authenticated", False)) and booking.user_id == user.pk


@object_predicate
def booking_is_booked(user, booking) -> bool:
    return booking.state == B.BOOKED


@object_predicate
def booking_is_pending(user, booking) -> bool:
    """Booked or on the waitlist: what a cancellation applies to."""
    return booking.state in (B.BOOKED, B.WAITLISTED)


def slot_has_begun(slot, now: datetime.datetime | None = None) -> bool:
    return slot.start <= (now or timezone.now())


@object_predicate
def booking_has_not_begun(user, booking) -> bool:
    return not slot_has_begun(booking.slot)


@object_predicate
def check_in_is_open(user, booking) -> bool:
    """Now lies in the check-in window around the slot's start (`SERVICES_CHECK_IN_*_MINUTES`)."""
    opens, closes = check_in_window(booking.slot)
    return opens <= timezone.now() <= closes


is_booking_staff = holds(CHANGE_SERVICE, via=booking_slot)

# --- the menu: who a service is for ----------------------------------------------------------------


def serves_home(unit_path: str, homes: list[str]) -> bool:
    """A place (or its service) serves a person when its unit holds one of their homes: the station of their
    居民区, the centre of their 街道."""
    return any(h.startswith(unit_path) for h in homes)


def service_is_for(service, *, homes: list[str], resident, day: datetime.date) -> bool:
    """The menu's default for a resident: the service is offered where they live (`serves_home`) and its
    eligibility (age, residents of the place's unit) lets them in on `day`. Services of other 居民区's stations
    are left to "show all"."""
    return serves_home(service.unit_path, homes) and eligibility_refusal(service, resident, day) is None


@object_predicate
def may_use_service(user, service) -> bool:
    """`service_is_for` the signed-in person (their homes and resident record, loaded once per request)."""
    from doorstep.selectors.menu import person_of

    person = person_of(user)
    return service_is_for(service, homes=person.homes, resident=person.resident, day=timezone.localdate())


# --- operators --------------------------------------------------------------------------------------


commissions_services = holds_at_subdistrict(CHANGE_SERVICE)  # commissioning operators is the subdistrict's


# --- 睦邻点 -----------------------------------------------------------------------------------------


@object_predicate
def point_takes_records(user, point) -> bool:
    """Proposed, active, flagged or under review: a declined or retired point keeps its history."""
    return point.state in RECORDING_STATES


@object_predicate
def point_has_not_ended(user, point) -> bool:
    return point.state not in (P.RETIRED, P.DECLINED)


@object_predicate
def point_has_run(user, point) -> bool:
    """Approved once (not proposed, not declined): what a star rating applies to."""
    return point.state not in (P.PROPOSED, P.DECLINED)


@object_predicate
def point_is_active(user, point) -> bool:
    return point.state == P.ACTIVE


@object_predicate
def point_is_model(user, point) -> bool:
    return point.is_model


# --- named permissions -----------------------------------------------------------------------------

RULES = {
    # a booking: the person who booked, or staff at the slot's place
    "services.view_booking": is_booking_holder | holds(VIEW_SERVICE, via=booking_slot),
    "services.act_on_booking": is_booking_holder | is_booking_staff,
    "services.cancel_booking": (is_booking_holder | is_booking_staff) & booking_is_pending & booking_has_not_begun,
    # 签到: staff at any time while booked; the person who booked only within the window
    "services.check_in_booking": booking_is_booked & (is_booking_staff | (is_booking_holder & check_in_is_open)),
    "services.check_in_booking_anytime": is_booking_staff,
    "services.edit_operators": commissions_services,
    # the menu: a service offered where the person lives, whose eligibility lets them in (the menu's default)
    "services.use_service": may_use_service,
    # 睦邻点
    "services.take_point_step": holds(REVIEW_POINT),  # approve, decline, flag, review, keep, retire, the model flag
    "services.record_for_point": holds(CHANGE_POINT) & point_takes_records,
    "services.edit_point_details": holds(CHANGE_POINT) & point_has_not_ended,
    "services.set_model_point": holds(REVIEW_POINT) & (point_is_model | point_is_active),
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)


def point_steps(user, point, actions) -> list[str]:
    """The workflow steps among `actions` the user may take on the point now (its state allows them, and the
    user holds `services.take_point_step`)."""
    if not user.has_perm("services.take_point_step", point):
        return []
    return [s.action for s in point.workflow.steps_from(point.state) if s.action in actions]
