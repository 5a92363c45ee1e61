"""Constants and field builders shared by the catalogue's models."""

from datetime import timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models

from ..crosslinks import WikiLink
from ..images import validate_image_upload

EPISODES_PER_SEASON = 1000  # sort_key = season number * 1000 + episode number
NOT_NEGATIVE = [MinValueValidator(timedelta(0))]
WEB_URL = [URLValidator(schemes=["http", "https"])]
YEAR = [MinValueValidator(1800), MaxValueValidator(2200)]
POSITION = [MinValueValidator(1), MaxValueValidator(9999)]  # the admin parks moving rows at +10000


HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}\Z", "Enter a colour as # and six hex digits, e.g. #c2410c.")
ALT_HELP = "Describe the image for readers who cannot see it. Required with an image."


# Each image comes with alt text and its size in pixels, stored on save by
# ``wiki.images.store_upload`` so pages never open the file (``picture_of``).
def image_field(upload_to):
    return models.ImageField(upload_to=upload_to, blank=True, validators=[validate_image_upload])


def alt_field():
    return models.CharField("alt text", max_length=200, blank=True, help_text=ALT_HELP)


def pixels_field():
    return models.PositiveIntegerField(null=True, blank=True, editable=False)


def links_from():
    """The ``WikiLink`` rows of a text, deleted with it."""
    return GenericRelation(WikiLink, content_type_field="source_type", object_id_field="source_id")
