"""Credentials of the DEMO devices and vendors, derived from SECRET_KEY so that the demo loader (which
stores only their digests) and the simulator (which sends them) agree without keeping a plain token
anywhere. For demo data only: real devices get random credentials from `smart.services_registry`,
shown once; anyone who knows SECRET_KEY can derive these.
"""

import hashlib
import hmac

from django.conf import settings


def _derive(label: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256).hexdigest()


def demo_device_token(code: str) -> str:
    """The token of demo device `code`: HMAC-SHA256(SECRET_KEY, "demo-device:" + code), hex."""
    return _derive(f"demo-device:{code}")


def demo_vendor_key(code: str) -> str:
    """The HTTP key of demo vendor `code`: HMAC-SHA256(SECRET_KEY, "demo-vendor:" + code), hex."""
    return _derive(f"demo-vendor:{code}")
