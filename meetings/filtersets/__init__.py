from meetings.filtersets.bodies import BodyFilterSet, MeetingFilterSet  # noqa: F401
