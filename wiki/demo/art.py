"""Artwork for the demo, drawn here: a poster for the show, a still for each
episode with scenes and a portrait for each character.

Drawn shapes, never photographs, so nobody mistakes them for pictures of the
show or of real people (the cast's own pages keep their letter tiles). Each
picture comes from its object's slug, so the same demo always looks the same,
and goes through the same upload path as an editor's (``store_upload``:
re-encoded, renditions written). Objects that already have a picture keep it.
"""

import hashlib
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont, ImageOps

from wiki.models import Character, Episode

PALETTE = ["#6a1fb0", "#c2410c", "#0f766e", "#1d4ed8", "#be185d", "#4d7c0f", "#b45309", "#334155"]


def draw_demo_art(show):
    """Give ``show``, its episodes with scenes and its characters a drawn picture where they have none."""
    if not show.poster:
        _attach(
            show,
            "poster",
            poster(show.title),
            f"Illustrated poster for {show.title}: a glowing record over a night sky",
        )
    for episode in Episode.objects.filter(show=show, scenes__isnull=False).distinct():
        if not episode.still:
            alt = f"Illustration for {episode.code}: crossing spotlights on an empty stage"
            _attach(episode, "still", still(episode.code, seed=f"{show.slug}-{episode.code}"), alt)
    for character in Character.objects.filter(show=show):
        if not character.portrait:
            alt = f"Illustrated portrait of {character.name}: a drawn silhouette, not a photograph"
            _attach(character, "portrait", portrait(character.name, seed=character.slug), alt)


def _attach(obj, field, image, alt):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=88)
    setattr(obj, field, SimpleUploadedFile(f"{field}.jpg", buffer.getvalue(), content_type="image/jpeg"))
    setattr(obj, f"{field}_alt", alt)
    obj.save()


def _rng(seed):
    return random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16))


def _colour(seed):
    return PALETTE[_rng(seed).randrange(len(PALETTE))]


def _gradient(size, top, bottom):
    return ImageOps.colorize(Image.linear_gradient("L").resize(size), top, bottom)


def _text(draw, xy, text, size, fill, anchor="mm"):
    draw.text(xy, text, font=ImageFont.load_default(size=size), fill=fill, anchor=anchor)


def poster(title, size=(600, 900)):
    width, height = size
    image = _gradient(size, "#1e1033", "#c2410c")
    draw = ImageDraw.Draw(image)
    rng = _rng(title)
    for _ in range(60):  # stars
        x, y, r = rng.randrange(width), rng.randrange(height // 2), rng.choice((1, 1, 2))
        draw.ellipse((x - r, y - r, x + r, y + r), fill="#fde68a")
    cx, cy, radius = width // 2, int(height * 0.42), int(width * 0.36)
    for i, shade in enumerate(("#111827", "#1f2937", "#111827", "#1f2937", "#111827")):
        r = radius - i * radius // 6
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=shade)
    label = radius // 3
    draw.ellipse((cx - label, cy - label, cx + label, cy + label), fill="#f59e0b")
    draw.ellipse((cx - 6, cy - 6, cx + 6, cy + 6), fill="#1e1033")
    _text(draw, (cx, int(height * 0.82)), title.upper(), width // 9, "#fff7ed")
    return image


def still(code, seed, size=(1600, 900)):
    width, height = size
    rng = _rng(seed)
    image = _gradient(size, "#0b0a12", "#312e81")
    light = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(light)
    for source_x, colour in (
        (rng.randrange(width // 4), (253, 230, 138, 90)),
        (width - rng.randrange(width // 4), (244, 114, 182, 80)),
    ):
        target = rng.randrange(width // 3, 2 * width // 3)
        draw.polygon([(source_x, 0), (target - 260, height), (target + 260, height)], fill=colour)
    image = Image.alpha_composite(image.convert("RGBA"), light)
    stage = ImageDraw.Draw(image)
    stage.rectangle((0, int(height * 0.82), width, height), fill="#1c1917")
    _text(stage, (width - 40, 40), code, 48, "#e5e7eb", anchor="ra")
    return image


def portrait(name, seed, size=(800, 800)):
    width, height = size
    colour = _colour(seed)
    image = _gradient(size, colour, "#0f172a")
    draw = ImageDraw.Draw(image)
    head = width // 6
    cx, cy = width // 2, int(height * 0.4)
    hair = _rng(seed + "hair").choice(("short", "long", "bun"))
    if hair == "long":
        draw.rounded_rectangle(
            (cx - 1.3 * head, cy - 1.2 * head, cx + 1.3 * head, cy + 2 * head), radius=head, fill="#1e293b"
        )
    elif hair == "bun":
        draw.ellipse((cx - head // 2, cy - 1.8 * head, cx + head // 2, cy - 0.8 * head), fill="#1e293b")
    draw.ellipse((cx - head, cy - head, cx + head, cy + head), fill="#f8fafc")
    draw.chord((cx - head, cy - head, cx + head, cy + head), 180, 360, fill="#1e293b")
    draw.rounded_rectangle(
        (cx - 2.2 * head, cy + 1.3 * head, cx + 2.2 * head, height + head), radius=head, fill="#f8fafc"
    )
    _text(draw, (cx, int(height * 0.82)), name[:1].upper(), width // 6, colour)
    return image
