"""Writes to the device registry: device types from data, devices and their credentials."""

import hashlib
import secrets

from django.db import transaction

from smart.broker import mosquitto_hash
from smart.models import Device, DeviceType, Vendor


def token_digest(token: str) -> str:
    """The SHA-256 digest a device's or vendor's credential is kept as."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def device_types_load(rows) -> int:
    """Create or bring up to date the device types in `rows` (see smart.defaults); returns how many."""
    for code, name, kind, measurements, events, offline_after in rows:
        DeviceType.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "measurements": measurements, "events": events, "offline_after": offline_after})
    return len(rows)


def device_issue_token(device: Device) -> str:
    """A new credential for `device` (the old one stops working); the plain token is returned once."""
    token = secrets.token_urlsafe(24)
    device.token_digest = token_digest(token)
    device.mqtt_password_hash = mosquitto_hash(token)
    Device.objects.filter(pk=device.pk).update(token_digest=device.token_digest, mqtt_password_hash=device.mqtt_password_hash)
    return token


def vendor_issue_key(vendor: Vendor) -> str:
    """A new credential for a vendor platform; the plain key is returned once."""
    key = secrets.token_urlsafe(32)
    vendor.key_digest = token_digest(key)
    Vendor.objects.filter(pk=vendor.pk).update(key_digest=vendor.key_digest)
    return key
