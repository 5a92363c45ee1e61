"""Readers confirm or dispute a cue: one vote per account, shown as the cue's confidence."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.pagecache import PageCache
from recaps.contributions import services
from recaps.models import Contribution, ContributionSupporter, CueVote
from tests import factories as f
from tests.pagecache_fixtures import get
from tests.recaps.fan_rows import ORIGIN, make_fan, signed_in, two_episodes
from tests.wiki.test_query_counts import count_queries
from wiki.models import Cue

pytestmark = pytest.mark.django_db


def vote_url(cue):
    return f"/contribute/cues/{cue.pk}/vote/"


def vote(client, cue, confirms="yes", next_url=None):
    next_url = next_url or cue.scene.episode.get_absolute_url()
    return client.post(vote_url(cue), {"confirms": confirms, "next": next_url})


def test_confirming_a_cue_shows_confirmed_by_1_on_the_episode_page(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    signed_in(client, make_fan())
    response = vote(client, cue, "yes")
    episode_url = cue.scene.episode.get_absolute_url()
    assert response.status_code == 302
    assert response["Location"] == episode_url
    page = client.get(episode_url).content.decode()
    assert "Thank you: you said it is the song" in page
    assert "Confirmed by 1" in page
    assert "Disputed by" not in page


def test_a_cue_without_votes_shows_no_confidence(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    page = client.get(cue.scene.episode.get_absolute_url()).content.decode()
    assert "Confirmed by" not in page and "Disputed by" not in page


def test_voting_again_changes_the_vote_instead_of_adding_one(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    signed_in(client, make_fan())
    vote(client, cue, "yes")
    vote(client, cue, "no")
    assert CueVote.objects.filter(cue=cue).count() == 1
    cue.refresh_from_db()
    assert (cue.confirmed_count, cue.disputed_count) == (0, 1)
    page = client.get(cue.scene.episode.get_absolute_url()).content.decode()
    assert "Disputed by 1" in page and "Confirmed by" not in page


def test_confirmations_and_disputes_from_several_readers_add_up(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    for n, confirms in enumerate([True, True, True, False]):
        services.cue_vote(cue=cue, user=make_fan(f"fan{n}"), confirms=confirms)
    page = client.get(cue.scene.episode.get_absolute_url()).content.decode()
    assert "Confirmed by 3 · Disputed by 1" in re.sub(r"<[^>]+>", "", page)


def test_two_wrong_song_votes_open_one_dispute_and_later_ones_support_it(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    first, second, third = make_fan("first"), make_fan("second"), make_fan("third")
    services.cue_vote(cue=cue, user=first, confirms=False)
    assert not Contribution.objects.filter(kind="dispute").exists()
    services.cue_vote(cue=cue, user=second, confirms=False)
    services.cue_vote(cue=cue, user=third, confirms=False)
    services.cue_vote(cue=cue, user=first, confirms=False)  # the same vote again
    dispute = Contribution.objects.get(kind="dispute")
    assert (dispute.cue, dispute.status, dispute.contributor) == (cue, "pending", second)
    supporters = ContributionSupporter.objects.filter(contribution=dispute)
    assert sorted(s.user.username for s in supporters) == ["first", "third"]


def test_a_declined_dispute_lets_new_wrong_song_votes_open_another(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    for name in ("a", "b"):
        services.cue_vote(cue=cue, user=make_fan(name), confirms=False)
    dispute = Contribution.objects.get(kind="dispute")
    services.contribution_decline(contribution=dispute, reviewer=f.make_editor(), reason="It is the song.")
    services.cue_vote(cue=cue, user=make_fan("c"), confirms=False)
    assert Contribution.objects.filter(kind="dispute").open().count() == 0
    services.cue_vote(cue=cue, user=make_fan("d"), confirms=False)
    assert Contribution.objects.filter(kind="dispute").open().count() == 1


def test_anonymous_vote_is_sent_to_log_in_and_counts_nothing(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    episode_url = cue.scene.episode.get_absolute_url()
    response = vote(client, cue, "yes", next_url=episode_url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "episode-1" in response["Location"]
    assert not CueVote.objects.exists()


def test_anonymous_episode_page_offers_a_log_in_link_and_no_csrf_token(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    response = client.get(cue.scene.episode.get_absolute_url())
    page = response.content.decode()
    assert "Log in to confirm" in page
    assert "csrfmiddlewaretoken" not in page
    assert "csrftoken" not in response.cookies
    assert "Wrong song" not in page


def test_signed_in_reader_sees_vote_buttons_on_episode_song_and_character_pages(client):
    person = f.make_character(f.make_show())
    episode = f.make_episode(season=f.make_season(show=person.show))
    cue = f.make_cue(f.make_scene(episode, characters=[person]), performers=[person])
    signed_in(client, make_fan())
    for url in (episode.get_absolute_url(), cue.song.get_absolute_url(), person.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f'action="{vote_url(cue)}"' in page, url
        assert "Yes, that's the song" in page and "Wrong song" in page, url
        assert "Log in to confirm" not in page, url


def test_song_page_shows_each_use_confidence(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    services.cue_vote(cue=cue, user=make_fan(), confirms=True)
    assert "Confirmed by 1" in client.get(cue.song.get_absolute_url()).content.decode()


def test_shielded_reader_voting_on_a_hidden_cue_gets_404(client):
    first, later = two_episodes()
    fan = make_fan()
    signed_in(client, fan)
    client.post(
        f"/shows/{first.scene.episode.show.slug}/shield/",
        {"action": "set", "episode": first.scene.episode.pk},
        **ORIGIN,
    )
    assert vote(client, later, "no").status_code == 404
    assert vote(client, first, "yes").status_code == 302
    assert list(CueVote.objects.values_list("cue", flat=True)) == [first.pk]


def test_votes_past_the_rate_limit_are_refused(client, settings):
    settings.CUE_VOTE_RATE_LIMIT = 3
    cues = [f.make_cue(f.make_scene(f.make_episode(number=n))) for n in range(1, 6)]
    signed_in(client, make_fan())
    for cue in cues[:3]:
        vote(client, cue, "yes")
    response = vote(client, cues[3], "yes")
    assert "You have voted many times in a short time" in client.get(response["Location"]).content.decode()
    assert CueVote.objects.count() == 3


def test_a_vote_without_a_choice_counts_nothing(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    signed_in(client, make_fan())
    response = client.post(vote_url(cue), {"confirms": "maybe"})
    assert "Choose “Yes, that" in client.get(response["Location"]).content.decode()
    assert not CueVote.objects.exists()


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "/\x00x"])
def test_a_vote_comes_back_only_to_our_own_pages(client, unsafe):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    signed_in(client, make_fan())
    response = vote(client, cue, "yes", next_url=unsafe)
    assert response["Location"] == cue.scene.get_absolute_url()


def test_voting_by_get_is_not_allowed(client):
    cue = f.make_cue(f.make_scene(f.make_episode()))
    signed_in(client, make_fan())
    assert client.get(vote_url(cue)).status_code == 405


def test_a_vote_reaches_the_cached_anonymous_episode_page(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 600
    app = PageCache(get_wsgi_application())
    cue = f.make_cue(f.make_scene(f.make_episode()))
    url = cue.scene.episode.get_absolute_url()
    assert "Confirmed by" not in get(app, url)[2]
    assert get(app, url)[1]["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.cue_vote(cue=cue, user=make_fan(), confirms=True)
    status, headers, page = get(app, url)
    assert headers["X-Cache"] == "miss" and "Confirmed by 1" in page


@pytest.mark.parametrize("reader", ["anonymous", "signed in"])
def test_episode_page_query_count_is_unchanged_with_votes(client, reader):
    """The cue rows carry their counts: votes add no query (9 is pinned in
    tests/wiki/test_query_counts.py; a signed-in reader adds their session,
    user and reading progress)."""
    if reader == "signed in":
        signed_in(client, make_fan("reader"))
    counts = []
    for votes in (0, 6):
        episode = f.make_rich_episode(scenes=3)
        for n, cue in enumerate(Cue.objects.filter(scene__episode=episode)):
            for v in range(votes):
                user = User.objects.get_or_create(username=f"voter{v}")[0]
                services.cue_vote(cue=cue, user=user, confirms=(n + v) % 3 != 0)
        page = client.get(episode.get_absolute_url()).content.decode()
        assert ("Confirmed by" in page) == bool(votes)
        counts.append(count_queries(client, episode.get_absolute_url()))
    assert counts == [9, 9] if reader == "anonymous" else counts == [12, 12]


def test_signed_in_episode_page_costs_no_query_for_votes_or_the_header(client):
    episode = f.make_rich_episode(scenes=3)
    anonymous = count_queries(client, episode.get_absolute_url())
    signed_in(client, make_fan("reader"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(episode.get_absolute_url())
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert len(ctx.captured_queries) == anonymous + 3  # session, user, reading progress
    assert "recaps_notification" not in tables and "recaps_cuevote" not in tables
