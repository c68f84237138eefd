"""Ingestion of device messages (issue 5 items 2-4): MQTT and HTTP in, one storage path out.

    parse.py       payloads -> `smart.messages.Message` or a `Rejection` (checks, no queries per message)
    devices.py     the in-memory device cache (code -> id, type, credential digest), refreshed often
    auth.py        credentials: a device's token, the HTTP `Authorization: Device|Vendor` header
    snapshots.py   camera snapshots: base64 JPEG checked with Pillow, saved under MEDIA_ROOT
    rejections.py  the reasons a message is refused, counted into IngestRejection once per batch
    store.py       `store_batch`: one transaction (COPY + INSERT ... ON CONFLICT on PostgreSQL),
                   latest values, device state, the alarm engine
    consumer.py    the MQTT consumer behind `manage.py ingest_mqtt`

The HTTP batch endpoint is `smart.views.ingest` (POST /smart/ingest/).
"""
