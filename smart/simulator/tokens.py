"""Credentials of the DEMO devices and vendors, derived from this installation's SECRET_KEY so that the
demo loader (which stores only their digests) and the simulator (which sends them) agree without keeping
a plain token anywhere. There is no public default to derive them from: `make demo` runs on the random
secret generated into var/secrets.env on the first run (config/secrets.py, config/settings/dev.py), so
another clone's demo devices have other tokens. For demo data only: real devices get random credentials
from `smart.services.registry`, shown once.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derive(label: str) -> str:
    if not settings.SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY is not set: the demo credentials derive from this installation's secret")
    return hmac.new(settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256).hexdigest()


def demo_device_token(code: str) -> str:
    """The token of demo device `code`: HMAC-SHA256(SECRET_KEY, "demo-device:" + code), hex."""
    return _derive(f"demo-device:{code}")


def demo_vendor_key(code: str) -> str:
    """The HTTP key of demo vendor `code`: HMAC-SHA256(SECRET_KEY, "demo-vendor:" + code), hex."""
    return _derive(f"demo-vendor:{code}")
