"""The device registry and alarms over the API (DRF, drf-spectacular).

/api/devices/: scoped to smart.view_device; register (POST) and change (PATCH) with smart.change_device
on the building or grid; POST /credential/ issues a new credential (shown once); GET /telemetry/ (one
measurement's series) and /events/. /api/alarms/: scoped likewise; POST /acknowledge/ and /clear/ with
smart.ack_alarm (409 when the alarm's state does not allow it). /api/device-types/: what each kind of
device measures and sends. 404 outside the scope, 403 without the right, 400 for bad input."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import CHANGE_DEVICE, VIEW_DEVICE
from accounts.scope import scope_paths
from core.api import ApiStep, ScopedModelViewSet, ScopedReadOnlyViewSet
from org.models import Unit
from smart.filtersets import AlarmFilterSet, DeviceFilterSet
from smart.models import Alarm, Device, DeviceType, Event
from smart.serializers import (
    AlarmConflictSerializer,
    AlarmSerializer,
    CredentialSerializer,
    DeviceCreatedSerializer,
    DeviceSerializer,
    DeviceTypeSerializer,
    DeviceWriteSerializer,
    EventPageSerializer,
    EventSerializer,
    TelemetryQuerySerializer,
    TelemetrySeriesSerializer,
)
from smart.services.devices import DEVICE_UNIT_KINDS, device_create, device_new_credential, device_update


@extend_schema_view(
    create=extend_schema(
        request=DeviceWriteSerializer, responses={201: DeviceCreatedSerializer}, summary="Register a device (its credential is in the answer, once)"
    ),
    partial_update=extend_schema(
        request=DeviceWriteSerializer, responses={200: DeviceSerializer}, summary="Change a device's registration (any of the fields but its code)"
    ),
)
class DeviceViewSet(ScopedModelViewSet):
    """Devices in the caller's scope, with their latest values."""

    queryset = Device.objects.all()
    serializer_class = DeviceSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]  # PATCH changes a registration; no PUT
    filterset_class = DeviceFilterSet
    view_perm = VIEW_DEVICE
    change_perm = CHANGE_DEVICE

    def get_queryset(self):
        return super().get_queryset().select_related("device_type", "unit", "vendor", "maintainer", "latest").order_by("code")

    def place(self, unit_id):
        unit = Unit.objects.filter(pk=unit_id).first()
        if unit is None or unit.kind not in DEVICE_UNIT_KINDS or not self.request.user.has_perm(CHANGE_DEVICE, unit):
            raise ValidationError({"unit": [_("Choose a building or grid you look after.")]})
        return unit

    def fresh(self, pk):
        return self.get_queryset().get(pk=pk)

    def create(self, request, *args, **kwargs):
        if scope_paths(request.user, CHANGE_DEVICE) is None:
            raise PermissionDenied()
        s = DeviceWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        data["unit"] = self.place(data["unit"])
        device, token = self.run_service(lambda: device_create(**data))
        body = DeviceCreatedSerializer(self.fresh(device.pk), context=self.get_serializer_context()).data
        return Response({**body, "token": token}, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        device = self.get_object()
        self.check_write(device)
        s = DeviceWriteSerializer(data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        data.pop("code", None)
        if "unit" in data:
            data["unit"] = self.place(data["unit"])
        self.run_service(lambda: device_update(device=device, **data))
        return Response(DeviceSerializer(self.fresh(device.pk), context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: CredentialSerializer}, summary="Issue a new credential (the old one stops working; shown once)")
    @action(detail=True, methods=["post"])
    def credential(self, request, pk=None):
        device = self.get_object()
        self.check_write(device)
        return Response({"token": device_new_credential(device=device)})

    @extend_schema(
        parameters=[TelemetryQuerySerializer],
        responses={200: TelemetrySeriesSerializer},
        summary="One measurement over a period (raw readings, or hourly for long periods)",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def telemetry(self, request, pk=None):
        from smart.selectors.series import series

        device = self.get_object()
        q = TelemetryQuerySerializer(data=request.query_params, context={"device": device})
        q.is_valid(raise_exception=True)
        d = q.validated_data
        s = series(device, d["key"], d["start"], d["end"])
        body = {"key": d["key"], "start": d["start"], "end": d["end"], "source": s.source, "points": [p._asdict() for p in s.points]}
        return Response(TelemetrySeriesSerializer(body).data)

    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: EventPageSerializer},
        summary="The device's events and status messages, newest first",
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def events(self, request, pk=None):
        device = self.get_object()
        qs = Event.objects.filter(device=device).order_by("-ts", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(EventSerializer(page, many=True, context=self.get_serializer_context()).data)


def acknowledge(*, alarm, by):
    from smart.services import alarms as services_alarms  # looked up when the step runs

    return services_alarms.alarm_acknowledge(alarm=alarm, by=by)


def clear(*, alarm, by):
    from smart.services import alarms as services_alarms

    return services_alarms.alarm_clear(alarm=alarm, by=by)


class AlarmViewSet(ScopedReadOnlyViewSet):
    """Alarms of the devices in the caller's scope, newest first."""

    queryset = Alarm.objects.all()
    serializer_class = detail_serializer_class = AlarmSerializer
    filterset_class = AlarmFilterSet
    view_perm = VIEW_DEVICE
    step_subject = "alarm"
    conflict_serializer = AlarmConflictSerializer
    conflict_description = "The alarm's state does not allow this change; nothing changed."
    steps = {
        "acknowledge": ApiStep(acknowledge, "Acknowledge the alarm (it stays active until cleared)", "smart.handle_alarm"),
        "clear": ApiStep(clear, "Clear the alarm (it stays unacknowledged until acknowledged)", "smart.handle_alarm"),
    }

    def get_queryset(self):
        return super().get_queryset().select_related("device", "case").order_by("-id")


class DeviceTypeList(generics.ListAPIView):
    """The device types: what each measures (key, name, unit, range) and which events it sends."""

    serializer_class = DeviceTypeSerializer
    pagination_class = None
    filter_backends = []
    queryset = DeviceType.objects.order_by("code")

    def get_queryset(self):
        if scope_paths(self.request.user, VIEW_DEVICE) is None:
            raise PermissionDenied()
        return super().get_queryset()
