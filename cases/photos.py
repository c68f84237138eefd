"""Photos of a case: checked, re-encoded and shrunk before they are kept (Pillow).

An upload must be a real JPEG, PNG, WebP, GIF or BMP image of at most `MAX_UPLOAD_BYTES` and
`MAX_PIXELS`. It is turned upright by its EXIF orientation, shrunk to at most `MAX_SIDE` pixels and
saved again as JPEG, which drops every piece of metadata (a phone photo's GPS position included),
with a `THUMB_SIDE` thumbnail for lists.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cases.models import Case, CasePhoto, PhotoKind

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
THUMB_SIDE = 320
MAX_PHOTOS_PER_STEP = 6
FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"}


def _jpeg(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def photo_checked(upload) -> Image.Image:
    """The upload as an upright RGB image, or a ValidationError in the user's language."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("A photo may be at most %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}, code="too_big")
    data = upload.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("A photo may be at most %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}, code="too_big")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMATS:
                raise ValidationError(_("Send a photo as JPEG, PNG or WebP."), code="format")
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("This photo has too many pixels."), code="too_big")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        # a JPEG is decoded straight at a reduced scale (at least MAX_SIDE), so six 48-megapixel
        # phone photos take tens of megabytes, not gigabytes
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not a photo that can be read."), code="invalid") from exc
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    return image


def photos_checked(uploads) -> list[Image.Image]:
    """Check every upload before any is kept, so one bad file keeps none."""
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > MAX_PHOTOS_PER_STEP:
        raise ValidationError(_("Send at most %(n)s photos at a time.") % {"n": MAX_PHOTOS_PER_STEP}, code="too_many")
    return [photo_checked(u) for u in uploads]


@transaction.atomic
def photos_add(*, case: Case, images: list[Image.Image], kind: str = PhotoKind.REPORT, by=None) -> list[CasePhoto]:
    """Keep checked images (from `photos_checked`) on the case."""
    made = []
    for image in images:
        photo = CasePhoto(case=case, kind=kind, uploaded_by=by if getattr(by, "pk", None) else None)
        photo.image.save("photo.jpg", ContentFile(_jpeg(image, MAX_SIDE), name="photo.jpg"), save=False)  # named, or the width and height stay None
        photo.thumbnail.save("thumb.jpg", ContentFile(_jpeg(image, THUMB_SIDE), name="thumb.jpg"), save=False)
        photo.save()
        made.append(photo)
    return made
