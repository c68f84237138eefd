"""Credentials of the ingestion path.

A device proves itself with its token: over MQTT in CONNECT (username = device code, password = token), checked
by the broker, whose ACL lets it publish under its own topic only (smart/broker.py), so the consumer takes the
topic's device as authenticated (`BROKER`); over HTTP in the header `Authorization: Device <device code>:<token>`. A vendor platform pushes the messages of its own devices
over HTTP with `Authorization: Vendor <vendor code>:<key>`. Only SHA-256 digests are stored
(`smart.services.registry.token_digest`); they are compared in constant time.
"""

import hashlib
import hmac
from dataclasses import dataclass

from smart.ingest.devices import DeviceCache, DeviceInfo
from smart.models import Vendor


def secret_matches(secret, digest: str) -> bool:
    """Whether the plain `secret` is the one whose SHA-256 hex digest is `digest` (constant time)."""
    if not isinstance(secret, str) or not secret or not digest or len(secret) > 200:
        return False
    return hmac.compare_digest(hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest(), digest)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who vouches for an HTTP batch: one device (its messages only) or one vendor (its devices only)."""

    device_id: int | None = None
    vendor_id: int | None = None
    broker: bool = False  # MQTT: the broker authenticated the device of the topic

    def covers(self, info: DeviceInfo) -> bool:
        if self.broker:
            return True
        if self.device_id is not None:
            return info.id == self.device_id
        return self.vendor_id is not None and info.vendor_id == self.vendor_id


BROKER = Principal(broker=True)


def parse_authorization(header: str) -> tuple[str, str, str] | None:
    """("device" | "vendor", code, secret) from `Device code:token` / `Vendor code:key`, else None."""
    scheme, _, rest = (header or "").strip().partition(" ")
    code, sep, secret = rest.strip().partition(":")
    scheme = scheme.lower()
    if scheme not in ("device", "vendor") or not sep or not code or not secret or len(code) > 64:
        return None
    return scheme, code, secret


def authenticate(header: str, cache: DeviceCache) -> Principal | None:
    """The principal of an HTTP `Authorization` header, or None when it is missing or wrong."""
    parsed = parse_authorization(header)
    if parsed is None:
        return None
    scheme, code, secret = parsed
    if scheme == "vendor":
        vendor = Vendor.objects.filter(code=code, is_active=True).values_list("id", "key_digest").first()
        if vendor is None or not secret_matches(secret, vendor[1]):
            return None
        return Principal(vendor_id=vendor[0])
    cache.prepare([code])
    info = cache.get(code)
    if info is not None and not secret_matches(secret, info.token_digest) and cache.refresh([code]):
        info = cache.get(code)  # a credential issued since it was cached
    if info is None or not info.is_active or not secret_matches(secret, info.token_digest):
        return None
    return Principal(device_id=info.id)
