"""Camera snapshots drawn with Pillow: a façade or a stairwell or a lane, the detection boxed in red,
the camera code and time burnt in (ASCII: Pillow's default font has no CJK). Returned as base64 JPEG,
as cameras send it in an event's `snapshot`."""

import base64
import datetime
import io
from random import Random

from PIL import Image, ImageDraw

SIZE = (640, 360)


def _facade(draw: ImageDraw.ImageDraw, rng: Random, w: int, h: int) -> tuple[int, int, int, int]:
    for y in range(h):  # sky
        c = 150 + y * 80 // h
        draw.line([(0, y), (w, y)], fill=(c - 40, c - 10, 235))
    left, right = int(w * 0.18), int(w * 0.82)
    draw.rectangle([left, 10, right, h], fill=(196, 188, 172))
    floors, cols = 12, 6
    fh, cw = (h - 20) / floors, (right - left) / cols
    for f in range(floors):
        for c in range(cols):
            x0, y0 = left + c * cw + cw * 0.2, 14 + f * fh + fh * 0.2
            lit = rng.random() < 0.25
            draw.rectangle([x0, y0, x0 + cw * 0.6, y0 + fh * 0.55], fill=(235, 220, 150) if lit else (70, 90, 110), outline=(60, 60, 60))
    # the falling object and its track
    x = rng.randint(left + 20, right - 20)
    y0 = rng.randint(30, h // 3)
    y1 = y0 + rng.randint(80, 160)
    for k in range(6):
        yy = y0 + (y1 - y0) * k / 6
        draw.ellipse([x - 2, yy - 2, x + 2, yy + 2], fill=(255, 80, 60))
    draw.ellipse([x - 6, y1 - 6, x + 6, y1 + 6], fill=(40, 40, 40))
    return x - 22, y0 - 12, x + 22, y1 + 20


def _stairwell(draw: ImageDraw.ImageDraw, rng: Random, w: int, h: int) -> tuple[int, int, int, int]:
    draw.rectangle([0, 0, w, h], fill=(205, 205, 198))
    for k in range(8):  # steps
        y = h - 40 - k * 30
        draw.rectangle([40 + k * 35, y, w - 40, y + 30], fill=(170 - k * 6, 168 - k * 6, 160 - k * 6), outline=(120, 120, 120))
    x, y = rng.randint(60, w // 2), h - 120
    for _ in range(3):  # boxes and an old bicycle piled in the landing
        bw, bh = rng.randint(50, 90), rng.randint(40, 70)
        draw.rectangle([x, y + 70 - bh, x + bw, y + 70], fill=(150 + rng.randint(0, 40), 110, 60), outline=(80, 60, 30))
        x += bw - 10
    return 50, h - 180, x + 20, h - 30


def _lane(draw: ImageDraw.ImageDraw, rng: Random, w: int, h: int) -> tuple[int, int, int, int]:
    draw.rectangle([0, 0, w, h], fill=(120, 125, 130))
    draw.rectangle([0, 0, w, h // 4], fill=(160, 190, 220))
    for k in range(0, w, 80):
        draw.rectangle([k, h // 2, k + 40, h // 2 + 6], fill=(230, 200, 40))  # the yellow line of the fire lane
    x, y = rng.randint(80, w - 260), rng.randint(h // 2 - 20, h // 2 + 40)
    colour = rng.choice([(200, 30, 30), (30, 60, 160), (230, 230, 230), (20, 20, 20)])
    draw.rounded_rectangle([x, y, x + 180, y + 80], radius=18, fill=colour, outline=(0, 0, 0))
    draw.ellipse([x + 20, y + 60, x + 60, y + 100], fill=(15, 15, 15))
    draw.ellipse([x + 120, y + 60, x + 160, y + 100], fill=(15, 15, 15))
    return x - 10, y - 10, x + 190, y + 105


SCENES = {"throw": _facade, "clutter": _stairwell, "illegal_parking": _lane, "fire_lane_blocked": _lane}


def snapshot_jpeg(rng: Random, event: str, camera_code: str, when: datetime.datetime, quality: int = 70) -> str:
    """A base64 JPEG (about 20-30 kB) of what camera `camera_code` saw when it detected `event`."""
    img = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(img)
    box = SCENES.get(event, _lane)(draw, rng, *SIZE)
    draw.rectangle(box, outline=(255, 0, 0), width=3)
    draw.text((box[0], max(0, box[1] - 12)), f"{event} {rng.uniform(0.8, 0.98):.2f}", fill=(255, 0, 0))
    draw.rectangle([0, SIZE[1] - 18, SIZE[0], SIZE[1]], fill=(0, 0, 0))
    draw.text((6, SIZE[1] - 15), f"{camera_code}  {when:%Y-%m-%d %H:%M:%S}", fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return base64.b64encode(buf.getvalue()).decode()
