"""POST /smart/ingest/: the HTTP batch endpoint for devices and vendor platforms that push their data.

Same checks and the same storage as the MQTT consumer (`smart.ingest`), channel "http". The credential
is the `Authorization` header, not a session: `Device <device code>:<token>` (that device's messages
only) or `Vendor <vendor code>:<key>` (the vendor's devices only). No CSRF (no cookie is used).
"""

import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smart.ingest.auth import authenticate
from smart.ingest.devices import device_cache
from smart.ingest.parse import check_batch, decode_http
from smart.ingest.rejections import Rejection, RejectionCounts, record_rejections
from smart.ingest.store import store_batch
from smart.messages import Message

MAX_MESSAGES = 1000
MAX_BYTES = 2_000_000


class IngestMessageSerializer(serializers.Serializer):
    """One message (the wire format in smart/messages.py)."""

    device = serializers.CharField(max_length=64, help_text="device code")
    kind = serializers.ChoiceField(["telemetry", "event", "status"])
    msg_id = serializers.CharField(max_length=64, help_text="the device's own id for the message, unique per device: a repeat is stored once")
    ts = serializers.CharField(help_text="ISO 8601 time, or epoch milliseconds (a number); at most 5 minutes ahead")
    values = serializers.DictField(child=serializers.FloatField(), required=False, help_text="telemetry: {measurement key: number}")
    event = serializers.CharField(required=False, help_text="event: an event code of the device's type")
    data = serializers.DictField(required=False, help_text="event or status: details")
    snapshot = serializers.CharField(required=False, help_text="event: a camera snapshot, base64 JPEG")
    status = serializers.ChoiceField(["online", "offline"], required=False, help_text="status")


class IngestBatchSerializer(serializers.Serializer):
    messages = IngestMessageSerializer(many=True, max_length=MAX_MESSAGES)


class IngestRejectedSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="position in `messages`")
    reason = serializers.CharField(help_text="a reason code: unknown_device, not_allowed, msg_id, ts, ts_future, measurement, value, event, ...")
    detail = serializers.CharField(help_text="the reason in the requested language")


class IngestResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="messages stored now")
    duplicates = serializers.IntegerField(help_text="messages already stored before (or twice in this batch): not stored again")
    rejected = IngestRejectedSerializer(many=True)


def _error(status: int, detail: str) -> Response:
    return Response({"detail": detail}, status=status)


class IngestBatchView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="smart_ingest_batch",
        summary="Push a batch of device messages (devices and vendor platforms)",
        description=(
            "Credential in the header `Authorization: Device <device code>:<token>` (only that device's messages) or "
            "`Authorization: Vendor <vendor code>:<key>` (only that vendor's devices). Every message is checked; the answer "
            f"says which were rejected and why. At most {MAX_MESSAGES} messages and {MAX_BYTES:,} bytes per request."
        ),
        request=IngestBatchSerializer,
        responses={
            200: IngestResultSerializer,
            400: OpenApiResponse(description="The body is not JSON or has no `messages` list"),
            401: OpenApiResponse(description="Missing or wrong credential: nothing stored"),
            413: OpenApiResponse(description=f"More than {MAX_MESSAGES} messages or {MAX_BYTES:,} bytes"),
        },
        examples=[
            OpenApiExample(
                "telemetry",
                request_only=True,
                value={
                    "messages": [
                        {"device": "GB-0001", "kind": "telemetry", "msg_id": "42", "ts": "2025-05-01T08:00:00+08:00", "values": {"fill_residual": 83.5}}
                    ]
                },
            )
        ],
        auth=[],
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BYTES:
            return _error(413, _("At most %(n)s bytes per request.") % {"n": f"{MAX_BYTES:,}"})
        principal = authenticate(request.META.get("HTTP_AUTHORIZATION", ""), device_cache)
        if principal is None:
            counts = RejectionCounts()
            counts.add(Rejection("credential", "-"))
            record_rejections(counts, channel="http")
            return _error(401, _("Missing or wrong credential: use Authorization: Device <code>:<token> or Vendor <code>:<key>."))
        body = request.body
        if len(body) > MAX_BYTES:
            return _error(413, _("At most %(n)s bytes per request.") % {"n": f"{MAX_BYTES:,}"})
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            payload = None
        items = payload.get("messages") if isinstance(payload, dict) else None
        if not isinstance(items, list):
            return _error(400, _('The body must be a JSON object with a list "messages".'))
        if len(items) > MAX_MESSAGES:
            return _error(413, _("At most %(n)s messages per request.") % {"n": MAX_MESSAGES})
        results = check_batch([decode_http(item) for item in items], cache=device_cache, principal=principal)
        counts = RejectionCounts()
        rejected = []
        for index, result in enumerate(results):
            if type(result) is Rejection:
                counts.add(result)
                rejected.append({"index": index, "reason": result.reason, "detail": result.detail()})
        stored = store_batch([r for r in results if type(r) is Message], channel="http", rejections=counts)
        return Response({"accepted": stored.stored, "duplicates": stored.duplicates, "rejected": rejected})
