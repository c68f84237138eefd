from meetings.filtersets.bodies import BodyFilterSet, MeetingFilterSet, MembershipFilterSet, SeatFilterSet  # noqa: F401
