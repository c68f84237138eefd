"""API of places, rooms, slots and bookings (router: unit-scoped), and the public menu (plain paths).

Places, rooms and slots: staff with services.view_service, in their units. Bookings: a resident sees his
own, staff in scope all of their units'. POST /api/bookings/ books (201 booked or waitlisted, 400 when
refused, 409 when the slot's time overlaps another live booking of the caller unless `confirm_overlap` is true);
POST /api/bookings/{id}/cancel/ and /check-in/ answer 409 when the booking's state (or the
time) does not allow the step, 403 without the right, 404 out of sight."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts.roles import VIEW_SERVICE
from accounts.scope import scope_paths
from core.api import ApiStep, ScopedReadOnlyViewSet
from doorstep.filtersets import BookingFilterSet, PlaceFilterSet, RoomFilterSet, SlotFilterSet
from doorstep.models import Booking, Place, Room, Service, ServiceGroup, Slot
from doorstep.selectors.bookings import menu_services, upcoming_slots, with_queue_position
from doorstep.serializers.bookings import (
    BookingInputSerializer,
    BookingSerializer,
    MenuServiceDetailSerializer,
    MenuServiceSerializer,
    OverlapConflictSerializer,
    PlaceSerializer,
    PublicRoomDetailSerializer,
    PublicRoomSerializer,
    RoomSerializer,
    SlotSerializer,
)
from doorstep.services import bookings as svc


class PlaceViewSet(ScopedReadOnlyViewSet):
    """The 幸福里 centre and the 好邻居 stations in the caller's scope (services.view_service)."""

    queryset = Place.objects.all()
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
    view_perm = VIEW_SERVICE

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "operator").order_by("kind", "unit_path", "id")


class RoomViewSet(ScopedReadOnlyViewSet):
    """Rooms of the places in the caller's scope, with capacity, equipment, hours, operator and booking rules."""

    queryset = Room.objects.all()
    serializer_class = RoomSerializer
    filterset_class = RoomFilterSet
    view_perm = VIEW_SERVICE

    def get_queryset(self):
        return super().get_queryset().select_related("place", "operator").order_by("unit_path", "id")


class SlotViewSet(ScopedReadOnlyViewSet):
    """Bookable slots of rooms and sessions of services in the caller's scope, with their free places."""

    queryset = Slot.objects.all()
    serializer_class = SlotSerializer
    filterset_class = SlotFilterSet
    view_perm = VIEW_SERVICE

    def get_queryset(self):
        return super().get_queryset().select_related("room", "service").order_by("start", "id")


@extend_schema_view(
    create=extend_schema(
        request=BookingInputSerializer,
        responses={
            201: BookingSerializer,
            400: OpenApiResponse(description="Refused (eligibility, timing, the no-show rule, already booked); nothing changed."),
            409: OpenApiResponse(
                OverlapConflictSerializer,
                description="The slot's time overlaps live bookings of yours (listed in `overlaps`); nothing was booked. "
                "Send the same request with `confirm_overlap: true` to book anyway.",
            ),
        },
        summary="Book a slot (booked, or waitlisted when full)",
    )
)
class BookingViewSet(ScopedReadOnlyViewSet):
    queryset = Booking.objects.all()
    serializer_class = detail_serializer_class = BookingSerializer
    filterset_class = BookingFilterSet
    view_perm = VIEW_SERVICE
    step_subject = "booking"
    conflict_description = "The booking's state (or the time) does not allow the step; nothing changed."
    steps = {
        "cancel": ApiStep(svc.booking_cancel, "Cancel (before the slot begins); the first on the waitlist gets the place", "services.act_on_booking"),
        "check_in": ApiStep(
            svc.booking_check_in, "Check in (staff at any time; the person who booked around the start)", "services.act_on_booking", url_path="check-in"
        ),
    }

    def get_queryset(self):
        user = self.request.user
        own = Q(user=user)
        paths = scope_paths(user, VIEW_SERVICE) or []
        scope = Q()
        for p in paths:
            scope |= Q(slot__unit_path__startswith=p)
        qs = Booking.objects.filter(own | scope) if paths else Booking.objects.filter(own)
        return with_queue_position(qs.select_related("slot__room", "slot__service", "user", "resident")).order_by("-id")

    def create(self, request, *args, **kwargs):
        s = BookingInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        slot = Slot.objects.filter(pk=d["slot"]).first()
        if slot is None:
            raise ValidationError({"slot": [_("No such slot.")]})
        try:
            booking = self.run_service(
                svc.booking_create, slot=slot, user=request.user, party_size=d["party_size"], purpose=d["purpose"], confirm_overlap=d["confirm_overlap"]
            )
        except svc.OverlapWarning as e:
            overlaps = [
                {"id": b.pk, "state": b.state, "label": svc.slot_label(b.slot), "start": b.slot.start, "end": b.slot.end} for b in e.overlaps
            ]
            body = OverlapConflictSerializer({"detail": e.message, "code": "overlap", "overlaps": overlaps}).data
            return Response(body, status=status.HTTP_409_CONFLICT)
        return self.detail_response(booking, status.HTTP_201_CREATED)


# --- the public menu: plain paths, not in the router (everyone sees every offered service) -----------


@extend_schema(
    parameters=[
        OpenApiParameter("group", str, enum=list(ServiceGroup.values), description="党群 party / 政务 government / 生活 life"),
        OpenApiParameter("place", int, description="only the services of this place"),
    ]
)
class MenuListView(generics.ListAPIView):
    """菜单式服务: offered services, grouped 党群 / 政务 / 生活 (?group=), optionally of one place (?place=)."""

    permission_classes = [AllowAny]
    serializer_class = MenuServiceSerializer
    filter_backends = []

    def get_queryset(self):
        group = self.request.query_params.get("group", "")
        place = self.request.query_params.get("place", "")
        return menu_services(
            group=group if group in ServiceGroup.values else "", place_id=int(place) if place.isdigit() and len(place) < 19 else None, user=self.request.user
        )


class MenuDetailView(generics.RetrieveAPIView):
    """One offered service with its sessions of the next two weeks and their free places."""

    permission_classes = [AllowAny]
    serializer_class = MenuServiceDetailSerializer
    queryset = Service.objects.filter(is_active=True).select_related("place__unit", "room", "provider")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        if "pk" in self.kwargs:
            ctx["sessions"] = upcoming_slots(service=Service(pk=self.kwargs["pk"]), now=timezone.now())
        return ctx


class BookableRoomListView(generics.ListAPIView):
    """Rooms that can be booked, at every place (public)."""

    permission_classes = [AllowAny]
    serializer_class = PublicRoomSerializer
    filter_backends = []
    queryset = (
        Room.objects.filter(bookable=True, is_active=True, place__isnull=False)
        .select_related("place")
        .order_by("place__kind", "place__unit_path", "floor", "id")
    )


class BookableRoomDetailView(generics.RetrieveAPIView):
    """One bookable room with its slots of the next two weeks and their free places."""

    permission_classes = [AllowAny]
    serializer_class = PublicRoomDetailSerializer
    queryset = BookableRoomListView.queryset

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        if "pk" in self.kwargs:
            ctx["slots"] = upcoming_slots(room=Room(pk=self.kwargs["pk"]), now=timezone.now())
        return ctx
