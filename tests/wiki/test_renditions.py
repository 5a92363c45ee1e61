"""Uploaded images become renditions without metadata, served with srcset and
their size, and editors must give alt text."""

import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests import factories as f
from tests.wiki.test_query_counts import count_queries
from wiki.models import CastRole, Character, Show

pytestmark = pytest.mark.django_db


def upload_portrait(editor_client, show, **fields):
    data = {
        "show": show.pk,
        "name": "Nellie",
        "slug": "nellie",
        "role": CastRole.GUEST,
        "portrait": f.make_image_upload(),
    }
    return editor_client.post("/admin/wiki/character/add/", data | fields)


def test_editor_upload_makes_webp_and_jpeg_renditions_without_exif(editor_client):
    response = upload_portrait(editor_client, f.make_show(), portrait_alt="Nellie laughing on a rooftop")
    assert response.status_code == 302
    character = Character.objects.get(slug="nellie")
    assert re.fullmatch(r"portraits/[0-9a-f]{16}\.jpg", character.portrait.name)
    assert (character.portrait_width, character.portrait_height) == (1000, 750)
    stem = character.portrait.name[: -len(".jpg")]
    for width in (160, 320, 640, 1000):
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            with default_storage.open(f"{stem}-{width}.{ext}") as file:
                data = file.read()
                file.seek(0)
                image = Image.open(file)
                assert (image.format, image.size) == (fmt, (width, round(750 * width / 1000)))
                assert not image.getexif()
            assert b"Spy Camera" not in data
    with default_storage.open(character.portrait.name) as original:
        assert b"Spy Camera" not in original.read()
    assert not default_storage.exists(f"{stem}-1280.jpg")  # never upscaled


def test_image_without_alt_text_is_refused_with_a_message(editor_client):
    response = upload_portrait(editor_client, f.make_show())
    assert response.status_code == 200
    assert "Describe this image for readers who cannot see it" in response.content.decode()
    assert not Character.objects.exists()


def test_transparent_png_keeps_its_transparency():
    show = f.make_show(poster=f.make_image_upload(200, 300, fmt="PNG", name="p.png"), poster_alt="Poster")
    assert show.poster.name.endswith(".png")
    with default_storage.open(show.poster.name.replace(".png", "-160.png")) as file:
        assert Image.open(file).mode == "RGBA"


def test_character_page_serves_picture_with_srcset_and_size(client):
    show = f.make_show()
    character = f.make_character(show, portrait=f.make_image_upload(), portrait_alt="Nellie on a rooftop")
    page = client.get(character.get_absolute_url()).content.decode()
    stem = character.portrait.url[: -len(".jpg")]
    assert f'<source type="image/webp" srcset="{stem}-160.webp 160w, {stem}-320.webp 320w' in page
    img = re.search(r'<img class="portrait large"[^>]*>', page)[0]
    assert (
        f'srcset="{stem}-160.jpg 160w, {stem}-320.jpg 320w, {stem}-640.jpg 640w, {stem}-1000.jpg 1000w"'
        in img
    )
    assert 'width="1000" height="750"' in img
    assert 'alt="Nellie on a rooftop"' in img
    assert "loading=" not in img  # at the top of the page: not lazy


def test_pages_read_no_image_file_and_no_extra_query(client):
    show = f.make_show()
    season = f.make_season(show=show)
    for number in range(1, 4):
        f.make_character(show, is_main=True)
        f.make_episode(season=season, number=number)
    without = count_queries(client, show.get_absolute_url())
    for character in Character.objects.all():
        character.portrait, character.portrait_alt = f.make_image_upload(), "A face"
        character.save()
    Show.objects.filter(pk=show.pk).update(
        poster="posters/0123456789abcdef.jpg", poster_width=600, poster_height=900
    )
    for character in Character.objects.all():  # renditions gone: the page must not need them
        default_storage.delete(character.portrait.name)
    page = client.get(show.get_absolute_url()).content.decode()
    assert page.count('loading="lazy"') == 3  # the cast cards, below the fold
    assert 'width="600" height="900"' in page
    assert count_queries(client, show.get_absolute_url()) == without


def test_pages_show_a_placeholder_without_an_image(client):
    character = f.make_character(f.make_show(), name="Levi")
    page = client.get(character.get_absolute_url()).content.decode()
    assert '<span class="portrait large placeholder" aria-hidden="true">L</span>' in page
    assert "<img" not in page


def test_each_rendition_links_where_the_storage_serves_it(client):
    """The srcset is built by joining strings to one storage URL: each entry is still
    exactly what the storage gives for that rendition's name."""
    from wiki.images import picture_of, rendition_name, rendition_widths

    character = f.make_character(f.make_show(), portrait=f.make_image_upload(), portrait_alt="Nellie")
    name = character.portrait.name
    picture = picture_of(character, "portrait")
    widths = rendition_widths(character.portrait_width)
    assert picture.srcset == ", ".join(
        f"{default_storage.url(rendition_name(name, w, 'jpg'))} {w}w" for w in widths
    )
    assert picture.webp_srcset == ", ".join(
        f"{default_storage.url(rendition_name(name, w, 'webp'))} {w}w" for w in widths
    )
    assert picture.src == default_storage.url(rendition_name(name, 640, "jpg"))
