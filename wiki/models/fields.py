"""Constants and field builders shared by the catalogue's models."""

from datetime import timedelta

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models

from wiki.episode_keys import EPISODES_PER_SEASON  # noqa: F401  (re-exported for the models)
from wiki.images import validate_image_upload
from wiki.models.links import WikiLink

NOT_NEGATIVE = [MinValueValidator(timedelta(0))]
WEB_URL = [URLValidator(schemes=["http", "https"])]
YEAR = [MinValueValidator(1800), MaxValueValidator(2200)]
POSITION = [MinValueValidator(1), MaxValueValidator(9999)]  # the admin parks moving rows at +10000


HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}\Z", "Enter a colour as # and six hex digits, e.g. #c2410c.")
ALT_HELP = "Describe the image for readers who cannot see it. Required with an image."


class AnyNameImageFormField(forms.ImageField):
    """An image upload judged by its content alone (``validate_image_upload``):
    the file's own name (extension, length) is never checked, as the stored
    name is ours (``wiki.images.store_upload``)."""

    default_validators = []

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)


class ImageField(models.ImageField):
    """``models.ImageField`` whose forms take a valid image under any name.
    Only the form field differs, so migrations keep the stock field."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AnyNameImageFormField, **kwargs})

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


# Each image comes with alt text and its size in pixels, stored on save by
# ``wiki.images.store_upload`` so pages never open the file (``picture_of``).
def image_field(upload_to):
    return ImageField(upload_to=upload_to, blank=True, validators=[validate_image_upload])


def alt_field():
    return models.CharField("alt text", max_length=200, blank=True, help_text=ALT_HELP)


def pixels_field():
    return models.PositiveIntegerField(null=True, blank=True, editable=False)


def image_fields(upload_to):
    """The four fields of one image, unpacked in the model's body under names
    that share a prefix (what ``store_upload``, ``require_alt_text`` and
    ``templates/includes/_image.html`` read)::

        poster, poster_alt, poster_width, poster_height = image_fields("posters/")
    """
    return image_field(upload_to), alt_field(), pixels_field(), pixels_field()


def links_from():
    """The ``WikiLink`` rows of a text, deleted with it."""
    return GenericRelation(WikiLink, content_type_field="source_type", object_id_field="source_id")
