"""Quorum and majority, from the body's rules as data (S3.2).

A meeting is quorate when the members present (signed in) hold at least `quorum` of the body's seats in use,
and every seat marked `required` has its holder present. A decision by vote is adopted when the votes for are
more than `majority` of the base: the members present when the vote was opened, or every seat
(`MajorityBase`). Seats are counted, not people: a seat is held by one member at a time.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from meetings.models import Attendance, Body, MajorityBase, Meeting, Seat


@dataclass(frozen=True)
class Quorum:
    seats: int  # seats in use
    present: int  # members present
    needed: int  # members needed present
    missing_required: tuple[str, ...]  # names of required seats whose holder is not present

    @property
    def is_quorate(self) -> bool:
        return self.seats > 0 and self.present >= self.needed and not self.missing_required

    def refusal(self) -> str | None:
        """Why no decision can be made now, in the user's language, or None."""
        if self.is_quorate:
            return None
        if self.missing_required:
            return _("The meeting is not quorate: the holder of %(seats)s must be present.") % {"seats": "、".join(self.missing_required)}
        return _("The meeting is not quorate: %(present)s of %(seats)s seats present, %(needed)s needed.") % {
            "present": self.present,
            "seats": self.seats,
            "needed": self.needed,
        }


def needed_for(seats: int, fraction: Decimal) -> int:
    """At least `fraction` of `seats`, as a whole number of members (half of 9 seats is 5)."""
    return max(1, math.ceil(Decimal(seats) * Decimal(fraction) - Decimal("1e-9")))


def quorum_of(meeting: Meeting) -> Quorum:
    """Two queries: the body's seats in use with whether their holder signed in."""
    body: Body = meeting.body
    seats = list(Seat.objects.filter(body=body, is_active=True).values_list("id", "name", "required"))
    present_seats = set(
        Attendance.objects.filter(meeting=meeting, membership__seat__body=body, membership__seat__is_active=True).values_list("membership__seat_id", flat=True)
    )
    missing = tuple(name for sid, name, required in seats if required and sid not in present_seats)
    return Quorum(seats=len(seats), present=len(present_seats), needed=needed_for(len(seats), body.quorum), missing_required=missing)


def votes_needed(body: Body, *, present: int, seats: int) -> int:
    """The least number of votes for that is more than `majority` of the base."""
    base = present if body.majority_base == MajorityBase.PRESENT else seats
    return math.floor(Decimal(base) * Decimal(body.majority)) + 1


def is_adopted(body: Body, *, votes_for: int, present: int, seats: int) -> bool:
    return votes_for >= votes_needed(body, present=present, seats=seats)
