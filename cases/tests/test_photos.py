"""Photos of a case: a phone photo comes back upright, shrunk and without its GPS position; anything that
is not a readable photo, too big, or one too many is refused with a message and nothing is kept."""

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from cases import photos as ph
from cases.models import Case, CasePhoto
from cases.tests.conftest import IN_G1

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_jpeg(width=3000, height=2000, orientation=6) -> bytes:
    """A JPEG as a phone writes it: taken sideways (EXIF orientation 6) with the GPS position inside."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (31.0, 1.0, 30.0), 3: "E", 4: (121.0, 13.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_with_transparency() -> bytes:
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))  # transparent
    image.paste((0, 128, 0, 255), (100, 100, 300, 200))  # an opaque green box
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored(field) -> Image.Image:
    with field.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
    return image


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def report(client, categories, files, **extra):
    data = {"category": categories["clutter"].pk, "description": "楼道里堆满了纸箱", "address": "", **IN_G1, **extra}
    return client.post("/cases/report/", {**data, "photos": files})


def test_a_phone_photo_is_kept_upright_at_most_1600_px_and_without_exif_or_gps(reported, personas):
    made = ph.photos_add(case=reported, images=ph.photos_checked([upload(phone_jpeg())]), by=personas["resident"])
    assert len(made) == 1
    image = stored(made[0].image)
    assert image.format == "JPEG" and max(image.size) <= ph.MAX_SIDE
    assert image.size[1] > image.size[0]  # orientation 6 turned upright: it was 3000 wide, 2000 high
    assert (made[0].width, made[0].height) == image.size
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD) and ORIENTATION not in exif and "exif" not in image.info
    assert len(exif) == 0
    thumb = stored(made[0].thumbnail)
    assert max(thumb.size) <= ph.THUMB_SIDE and not thumb.getexif()


def test_a_png_with_transparency_becomes_a_jpeg_on_white(reported):
    (photo,) = ph.photos_add(case=reported, images=ph.photos_checked([upload(png_with_transparency(), "x.png", "image/png")]))
    image = stored(photo.image).convert("RGB")
    assert image.mode == "RGB" and image.size == (400, 300)
    corner, box = image.getpixel((5, 5)), image.getpixel((200, 150))
    assert min(corner) > 240  # transparent became white, not black
    assert box[1] > 100 and box[0] < 40 and box[2] < 40


def test_a_text_file_renamed_jpg_is_refused(english):
    with pytest.raises(ValidationError) as err:
        ph.photos_checked([upload(b"this is not a photo at all\n" * 50, "photo.jpg")])
    assert err.value.code == "invalid" and "not a photo" in err.value.messages[0]


def test_an_oversized_file_is_refused_before_it_is_decoded(english):
    big = upload(phone_jpeg(200, 100, orientation=1) + b"\0" * (ph.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(ValidationError) as err:
        ph.photos_checked([big])
    assert err.value.code == "too_big" and "at most 10 MB" in err.value.messages[0]


def test_seven_photos_are_refused_and_none_is_kept(client, grids, categories, english):
    files = [upload(phone_jpeg(320, 240, orientation=1), f"p{i}.jpg") for i in range(ph.MAX_PHOTOS_PER_STEP + 1)]
    r = report(client, categories, files)
    assert r.status_code == 400
    assert "at most 6 photos" in r.content.decode()
    assert Case.objects.count() == 0 and CasePhoto.objects.count() == 0


def test_one_bad_file_among_good_photos_keeps_no_case_and_no_photo(client, grids, categories, english):
    files = [upload(phone_jpeg(320, 240, orientation=1), "a.jpg"), upload(b"%PDF-1.4 not an image", "b.jpg"), upload(phone_jpeg(320, 240, 1), "c.jpg")]
    r = report(client, categories, files)
    assert r.status_code == 400 and "not a photo" in r.content.decode()
    assert Case.objects.count() == 0 and CasePhoto.objects.count() == 0


def test_six_photos_are_all_kept_with_the_report(client, grids, categories):
    files = [upload(phone_jpeg(320, 240, orientation=1), f"p{i}.jpg") for i in range(ph.MAX_PHOTOS_PER_STEP)]
    r = report(client, categories, files)
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    assert case.photos.count() == ph.MAX_PHOTOS_PER_STEP
    assert set(case.photos.values_list("kind", flat=True)) == {"report"}
