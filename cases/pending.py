"""Photos kept across a form that did not go through (issue 15 item 6).

A file input cannot be filled again by the server, so when the patrol form comes back with an error the
photos already sent are kept here, checked and re-encoded (`cases.photos`), under the sender's own folder
(`pending/<user id>/<token>.jpg`), and the form carries their tokens in a hidden field. A token is only
ever looked up in the folder of the user who asks, so one user cannot see or use another's photos. The
photos are moved onto the case when the form goes through, and dropped after `KEEP_FOR` by the periodic
job `cases.pending_purge`.
"""

import datetime
import io
import re
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from cases.photos import MAX_PHOTOS_PER_STEP, MAX_SIDE, THUMB_SIDE, _jpeg

ROOT = "pending"
KEEP_FOR = datetime.timedelta(days=1)
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _path(user, token: str, thumb: bool = False) -> str:
    return f"{ROOT}/{int(user.pk)}/{token}{'-thumb' if thumb else ''}.jpg"


def keep(user, images: list[Image.Image]) -> list[str]:
    """Keep checked images for `user`; their tokens."""
    tokens = []
    for image in images:
        token = uuid.uuid4().hex
        default_storage.save(_path(user, token), ContentFile(_jpeg(image, MAX_SIDE)))
        default_storage.save(_path(user, token, thumb=True), ContentFile(_jpeg(image, THUMB_SIDE)))
        tokens.append(token)
    return tokens


def kept(user, tokens) -> list[str]:
    """The tokens among `tokens` that name a photo `user` kept (unknown, foreign or malformed ones are left out)."""
    if not getattr(user, "pk", None):
        return []
    out = []
    for token in tokens or []:
        token = str(token).strip().lower()
        if TOKEN.match(token) and token not in out and default_storage.exists(_path(user, token)):
            out.append(token)
    return out[:MAX_PHOTOS_PER_STEP]


def images(user, tokens) -> list[Image.Image]:
    """The kept photos as images, ready for `cases.photos.photos_add`."""
    out = []
    for token in kept(user, tokens):
        with default_storage.open(_path(user, token), "rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
            image.load()
        out.append(image.convert("RGB"))
    return out


def open_thumb(user, token: str):
    """The thumbnail of one of `user`'s kept photos, opened for reading, or None."""
    if not kept(user, [token]):
        return None
    path = _path(user, token, thumb=True)
    return default_storage.open(path, "rb") if default_storage.exists(path) else None


def drop(user, tokens) -> None:
    for token in kept(user, tokens):
        default_storage.delete(_path(user, token))
        default_storage.delete(_path(user, token, thumb=True))


def purge(now=None) -> int:
    """Drop every kept photo older than KEEP_FOR; how many files were dropped."""
    limit = (now or timezone.now()) - KEEP_FOR
    dropped = 0
    try:
        folders, _ = default_storage.listdir(ROOT)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for folder in folders:
        _, files = default_storage.listdir(f"{ROOT}/{folder}")
        for name in files:
            path = f"{ROOT}/{folder}/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                dropped += 1
    return dropped
