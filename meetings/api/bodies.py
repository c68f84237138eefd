"""The API: bodies, seats, members and meetings (read, scoped: staff by `meetings.view_body`, members their own
bodies), scheduling a meeting (POST /api/meetings/, with `meetings.change_body` on the body: its room booked as on the
page), and the meeting steps open, close, cancel, sign-in (a member, themself) and tick (staff).
`ROUTES` (prefix, viewset, basename) go to the router, `PATHS` beside it (config/api.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied

from accounts.roles import VIEW_BODY
from core.api import ApiStep, ScopedReadOnlyViewSet
from meetings.filtersets import BodyFilterSet, MeetingFilterSet, MembershipFilterSet, SeatFilterSet
from meetings.models import Body, Meeting, Membership, Seat
from meetings.selectors.bodies import bodies_visible_to, rooms_for
from meetings.selectors.meetings import meeting_rows, meetings_visible_to
from meetings.serializers.bodies import (
    BodySerializer,
    MeetingInputSerializer,
    MeetingNoteInputSerializer,
    MeetingSerializer,
    MembershipSerializer,
    SeatSerializer,
    TickInputSerializer,
)
from meetings.services import meetings as svc


class BodyViewSet(ScopedReadOnlyViewSet):
    """Deliberative bodies in the caller's scope and those the caller sits on, with their rules."""

    queryset = Body.objects.all()
    serializer_class = BodySerializer
    filterset_class = BodyFilterSet
    view_perm = VIEW_BODY

    def get_queryset(self):
        return bodies_visible_to(self.request.user).select_related("kind", "unit").order_by("unit_path", "id")


class SeatViewSet(ScopedReadOnlyViewSet):
    """The seats of the bodies the caller may see (`?body=`)."""

    queryset = Seat.objects.all()
    serializer_class = SeatSerializer
    view_perm = VIEW_BODY
    filterset_class = SeatFilterSet

    def get_queryset(self):
        return Seat.objects.filter(body__in=bodies_visible_to(self.request.user)).order_by("body_id", "order", "id")


class MembershipViewSet(ScopedReadOnlyViewSet):
    """Members (current and past terms) of the bodies the caller may see (`?body=`)."""

    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    view_perm = VIEW_BODY
    filterset_class = MembershipFilterSet

    def get_queryset(self):
        return Membership.objects.filter(body__in=bodies_visible_to(self.request.user)).select_related("seat").order_by("body_id", "seat__order", "id")


def _sign_in(*, meeting, by):
    return svc.meeting_sign_in(meeting=meeting, user=by)


def _tick(*, meeting, by, membership):
    m = Membership.objects.filter(pk=membership, body_id=meeting.body_id).first()
    if m is None:
        raise ValidationError({"membership": [_("That person is not a member of this body.")]})
    return svc.meeting_tick(meeting=meeting, membership=m, by=by)


@extend_schema_view(
    create=extend_schema(
        request=MeetingInputSerializer,
        responses={201: MeetingSerializer},
        summary="Schedule a meeting of a body (meetings.change_body on it): its members are invited, a room is booked",
    )
)
class MeetingViewSet(ScopedReadOnlyViewSet):
    """Meetings of the bodies the caller may see, with the quorum in the detail; scheduling one (create); steps open,
    close, cancel (its room bookings cancelled), sign-in (a member signs themself in; again: no change) and tick
    (staff)."""

    queryset = Meeting.objects.all()
    serializer_class = detail_serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    view_perm = VIEW_BODY
    step_subject = "meeting"
    conflict_description = "The meeting's state does not allow this step; nothing changed."
    steps = {
        "open": ApiStep(svc.meeting_open, "Open the meeting (planned → in session)", "meetings.run_meeting", request=MeetingNoteInputSerializer),
        "close": ApiStep(svc.meeting_close, "Close the meeting (in session → closed)", "meetings.run_meeting", request=MeetingNoteInputSerializer),
        "cancel": ApiStep(
            svc.meeting_cancel, "Cancel a planned meeting; its room bookings are cancelled", "meetings.change_meeting", request=MeetingNoteInputSerializer
        ),
        "sign_in": ApiStep(_sign_in, "Sign in (a member, themself; a second time changes nothing)", "meetings.sign_in", url_path="sign-in"),
        "tick": ApiStep(_tick, "Tick a member present (staff)", "meetings.tick_attendance", request=TickInputSerializer),
    }

    def get_queryset(self):
        return meeting_rows(meetings_visible_to(self.request.user)).prefetch_related("bookings").order_by("-starts_at", "-id")

    def create(self, request, *args, **kwargs):
        s = MeetingInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        body = bodies_visible_to(request.user).filter(pk=data.pop("body")).first()
        if body is None:
            raise NotFound({"body": [_("Not found where you may write.")]})
        if not request.user.has_perm("meetings.change_body", body):
            raise PermissionDenied()
        room_id = data.pop("room")
        room = rooms_for(body).filter(pk=room_id).first() if room_id else None
        if room_id and room is None:
            raise ValidationError({"room": [_("That room does not serve this body's unit, or cannot be booked.")]})
        meeting = svc.meeting_schedule(body=body, by=request.user, room=room, **data)
        return self.detail_response(meeting, status.HTTP_201_CREATED)


ROUTES: list = [
    ("bodies", BodyViewSet, "body"),
    ("seats", SeatViewSet, "seat"),
    ("memberships", MembershipViewSet, "membership"),
    ("meetings", MeetingViewSet, "meeting"),
]
PATHS: list = []
