"""Atom and RSS feeds of the latest recaps, read by a real feed parser."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from recaps.feeds import WITHHELD
from recaps.models import Recap
from tests import factories as f
from wiki.models import Episode

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
FEEDS = {"rss": ("rss20", "application/rss+xml"), "atom": ("atom10", "application/atom+xml")}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.fixture
def recaps(db):
    """Two published recaps of one show (S1E1 older), one of another show, and a draft."""
    season = f.make_season(show=f.make_show(title="Soundtrack", slug="soundtrack", embargo_days=0))
    first = f.make_recap(
        f.make_episode(season=season, number=1, title="Track 1"),
        title="A first track",
        dek="Where it begins.",
        published_at=datetime(2019, 12, 19, 9, 0, tzinfo=UTC),
    )
    second = f.make_recap(
        f.make_episode(season=season, number=2, title="Track 2"),
        title="Dreams worth keeping",
        body="Joanna sings. " * 100,
        published_at=datetime(2019, 12, 20, 9, 0, tzinfo=UTC),
    )
    other = f.make_recap(f.make_episode(), title="Elsewhere")
    f.make_recap(second.episode, title="Unfinished draft", status=Recap.Status.DRAFT)
    return first, second, other


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_sitewide_feed_is_valid_and_lists_published_recaps_newest_first(client, recaps, kind):
    first, second, other = recaps
    response, feed = parse(client, f"/recaps/feed/{kind}/")
    version, content_type = FEEDS[kind]
    assert feed.version == version and response["Content-Type"].startswith(content_type)
    assert feed.feed.title == "Latest recaps · Cuesheet"
    assert feed.feed.link == "http://testserver/recaps/"
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        f"{other.episode.show.title} S1E1: Elsewhere",
        "Soundtrack S1E2: Dreams worth keeping",
        "Soundtrack S1E1: A first track",
    ]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver{second.get_absolute_url()}"
    assert entry.author == "Rita Writer"
    assert entry.published_parsed[:5] == (2019, 12, 20, 9, 0)
    assert entry.summary.startswith("Joanna sings. Joanna sings.") and entry.summary.endswith("…")
    assert feed.entries[2].summary == "Where it begins."
    assert "Unfinished draft" not in response.content.decode()


@pytest.mark.django_db
def test_atom_feed_has_ids_update_times_and_its_own_address(client, recaps):
    _, feed = parse(client, "/recaps/feed/atom/")
    assert {link.rel: link.href for link in feed.feed.links}["self"] == "http://testserver/recaps/feed/atom/"
    for entry in feed.entries:
        assert entry.id and entry.updated_parsed and entry.author
    assert feed.entries[0].tags[0].term == recaps[2].episode.show.title


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FEEDS)
def test_show_feed_lists_only_that_shows_recaps(client, recaps, kind):
    _, feed = parse(client, f"/recaps/soundtrack/feed/{kind}/")
    assert feed.feed.title == "Soundtrack recaps · Cuesheet"
    assert [entry.title for entry in feed.entries] == [
        "Soundtrack S1E2: Dreams worth keeping",
        "Soundtrack S1E1: A first track",
    ]
    assert client.get(f"/recaps/no-such-show/feed/{kind}/").status_code == 404


@pytest.mark.django_db
def test_feed_leaves_out_recaps_past_the_readers_spoiler_shield(client, recaps):
    first = recaps[0]
    client.post("/shows/soundtrack/shield/", {"action": "set", "episode": first.episode.pk}, **ORIGIN)
    response, feed = parse(client, "/recaps/soundtrack/feed/rss/")
    assert [entry.title for entry in feed.entries] == ["Soundtrack S1E1: A first track"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_fresh_episode_keeps_its_title_but_not_its_text_for_readers_without_a_shield(client, recaps):
    second = recaps[1]
    show = second.episode.show
    show.embargo_days = 7
    show.save()
    Episode.objects.filter(pk=second.episode.pk).update(air_date=timezone.localdate() - timedelta(days=1))
    Recap.objects.filter(pk=second.pk).update(dek="Nellie gets the SECRETWORD.")
    response, feed = parse(client, "/recaps/soundtrack/feed/atom/")
    fresh = feed.entries[0]
    assert fresh.title == "Soundtrack S1E2: Dreams worth keeping" and fresh.summary == WITHHELD
    assert "SECRETWORD" not in response.content.decode() and "Joanna sings" not in response.content.decode()
    client.post("/shows/soundtrack/shield/", {"action": "set", "episode": second.episode.pk}, **ORIGIN)
    _, feed = parse(client, "/recaps/soundtrack/feed/atom/")
    assert feed.entries[0].summary == "Nellie gets the SECRETWORD."


@pytest.mark.django_db
def test_every_page_links_the_sitewide_feeds_and_a_shows_pages_link_its_own(client, recaps):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert 'href="/recaps/feed/atom/"' in home and 'href="/recaps/feed/rss/"' in home
    assert "/recaps/soundtrack/feed/" not in home
    for path in ("/shows/soundtrack/", recaps[1].get_absolute_url(), "/recaps/soundtrack/"):
        page = client.get(path).content.decode()
        assert 'type="application/rss+xml" title="Soundtrack recaps · Cuesheet (RSS)"' in page, path
        assert 'href="/recaps/soundtrack/feed/atom/"' in page, path


@pytest.mark.django_db
def test_feed_query_count_does_not_grow_with_items(client, django_assert_max_num_queries):
    episode = f.make_episode()
    for _ in range(25):
        f.make_recap(episode)
    with django_assert_max_num_queries(3):
        _, feed = parse(client, f"/recaps/{episode.show.slug}/feed/atom/")
    assert len(feed.entries) == 20
