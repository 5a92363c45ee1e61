"""A show's accent colour tints its pages through a stylesheet (no inline
style, which the CSP forbids), and stays readable whatever colour is chosen."""

import re

import pytest

from tests import factories as f
from wiki.models import Show
from wiki.pages.accents import DARK, LIGHT, contrast, palette


@pytest.mark.django_db
def test_show_pages_link_the_accent_stylesheet(client):
    show = f.make_show(accent_color="#c2410c")
    character = f.make_character(show)
    recap = f.make_recap(episode=f.make_episode(season=f.make_season(show=show)))
    urls = [obj.get_absolute_url() for obj in (show, character, recap)]
    for url in [*urls, f"/shows/{show.slug}/songs/", f"/recaps/{show.slug}/"]:
        page = client.get(url).content.decode()
        assert '<link rel="stylesheet" href="/accents/c2410c.css">' in page
        assert "style=" not in page


@pytest.mark.django_db
def test_pages_of_a_show_without_accent_link_no_accent_stylesheet(client):
    assert "/accents/" not in client.get(f.make_show().get_absolute_url()).content.decode()


def test_accent_stylesheet_is_css_cached_for_good(client):
    response = client.get("/accents/c2410c.css")
    assert response["Content-Type"].startswith("text/css")
    assert "immutable" in response["Cache-Control"]
    css = response.content.decode()
    assert re.search(r":root \{ --accent: #[0-9a-f]{6}; --accent-text: #[0-9a-f]{6};", css)
    assert "@media (prefers-color-scheme: dark)" in css


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accents/C2410C.css", "/accents/c2410.css", "/accents/red.css"])
def test_accent_stylesheet_refuses_anything_but_six_hex_digits(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("accent", ["#ffff00", "#ffffff", "#000000", "#c2410c", "#2b2b2b"])
def test_accent_text_passes_wcag_aa_in_both_themes_whatever_the_colour(accent):
    for theme, backgrounds in zip(palette(accent), (LIGHT, DARK), strict=True):
        for background in [*backgrounds.values(), theme["--accent-soft"]]:
            assert contrast(theme["--accent-text"], background) >= 4.5, (accent, theme, background)
            assert contrast(theme["--accent"], background) >= 3.0, (accent, theme, background)


@pytest.mark.django_db
def test_accent_color_must_be_a_hex_colour(editor_client):
    data = {
        "title": "Glee",
        "slug": "glee",
        "accent_color": "red",
        "embargo_days": 7,
        "seasons-TOTAL_FORMS": 0,
        "seasons-INITIAL_FORMS": 0,
    }
    response = editor_client.post("/admin/wiki/show/add/", data)
    assert "Enter a colour as # and six hex digits" in response.content.decode()
    response = editor_client.post("/admin/wiki/show/add/", data | {"accent_color": "#C2410C"})
    assert response.status_code == 302
    assert Show.objects.get(slug="glee").accent_color == "#c2410c"
