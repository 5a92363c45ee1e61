"""Small things a reader notices: one search box, no lone breadcrumb, headings in order, unique landmarks."""

import re

import pytest


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page_has_no_lone_home_breadcrumb(client, demo):
    assert 'aria-label="Breadcrumb"' not in html_of(client, "/")


def test_search_page_has_one_search_box(client, demo):
    page = html_of(client, "/search/?q=nellie")
    assert page.count('name="q"') == 1
    assert 'id="site-search"' not in page


def test_header_search_box_is_a_text_combobox_the_html_standard_allows(client, demo):
    box = re.search(r'<input id="site-search"[^>]*>', html_of(client, "/shows/soundtrack/"), re.S).group(0)
    assert 'type="text"' in box and 'role="combobox"' in box and 'inputmode="search"' in box


@pytest.mark.parametrize("url", ["/shows/", "/recaps/", "/", "/shows/soundtrack/"])
def test_headings_never_skip_a_level(client, demo, url):
    levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html_of(client, url))]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (url, levels)


def test_episode_page_landmarks_have_unique_names(client, demo):
    page = html_of(client, "/shows/soundtrack/season-1/episode-2/")
    labels = re.findall(r'<nav[^>]*aria-label="([^"]+)"', page)
    assert len(labels) == len(set(labels)), labels
    assert page.count('class="episode-nav"') == 2


ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def _shield_at(client, number, next_url):
    from wiki.models import Episode

    episode = Episode.objects.get(show__slug="soundtrack", number=number)
    data = {"action": "set", "episode": episode.pk, "next": next_url}
    return client.post("/shows/soundtrack/shield/", data, follow=True, **ORIGIN)


def test_setting_a_shield_says_so_once_where_the_banner_already_says_it(client, demo):
    page = _shield_at(client, 2, "/shows/soundtrack/").content.decode()
    assert page.count("up to S1E2") == 1
    assert 'class="spoiler-notice"' in page


def test_setting_a_shield_from_a_page_without_the_banner_still_confirms_it(client, demo):
    page = _shield_at(client, 2, "/recaps/").content.decode()
    assert "Spoiler shield on: Soundtrack up to S1E2." in page


def test_a_later_episode_hidden_by_the_shield_keeps_the_shows_accent_colour(client, demo):
    from wiki.models import Show

    Show.objects.filter(slug="soundtrack").update(accent_color="#c2410c")
    _shield_at(client, 1, "/")
    page = html_of(client, "/shows/soundtrack/season-1/episode-2/")
    assert "not watched yet" in page
    assert "/accents/c2410c.css" in page
