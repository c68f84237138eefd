"""Camera snapshots: the base64 JPEG in an event's `snapshot`, checked and saved as a file.

The file goes to the default storage (MEDIA_ROOT) as smart/snapshots/<device code>/<msg_id>.jpg and the
event keeps that relative path. A message id that is not a safe file name is replaced by its digest. A
redelivered message finds its file already there and reuses it.
"""

import base64
import binascii
import hashlib
import io
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

MAX_BASE64 = 2_800_000  # characters: a JPEG of about 2 MB
SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}")


def snapshot_name(device_code: str, msg_id: str) -> str:
    name = msg_id if SAFE_NAME.fullmatch(msg_id) else hashlib.sha256(msg_id.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"smart/snapshots/{device_code}/{name}.jpg"


def decode_jpeg(value) -> bytes | None:
    """The JPEG bytes of a base64 string (a `data:image/jpeg;base64,` prefix allowed), or None if it is not one."""
    if not isinstance(value, str) or not value or len(value) > MAX_BASE64:
        return None
    if value.startswith("data:"):
        head, _, value = value.partition(",")
        if not head.endswith(";base64"):
            return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(b"\xff\xd8\xff"):
        return None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "JPEG":
                return None
            image.verify()
    except Exception:  # noqa: BLE001  Pillow raises many kinds for a broken or hostile file: all mean "not a JPEG"
        return None
    return raw


def save_snapshot(value, *, device_code: str, msg_id: str) -> str | None:
    """Check and save a snapshot; returns its path relative to MEDIA_ROOT, or None when it is not a JPEG."""
    raw = decode_jpeg(value)
    if raw is None:
        return None
    name = snapshot_name(device_code, msg_id)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(raw))
    return name
