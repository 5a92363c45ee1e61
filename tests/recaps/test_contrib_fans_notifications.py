"""A fan's own contributions and notifications, and the unread count in the header."""

import pytest
from django.core.cache import cache

from recaps.contributions import services
from recaps.contributions.services import Contributor
from recaps.models import Contribution, Notification
from tests import factories as f
from tests.recaps.fan_rows import ORIGIN, make_contribution, make_fan, signed_in, two_episodes
from tests.wiki.test_query_counts import count_queries

pytestmark = pytest.mark.django_db
Status, Kind = Contribution.Status, Contribution.Kind
MINE = "/account/contributions/"


def header(page):
    return page.split('<nav class="account-nav"')[1].split("</nav>")[0]


def test_header_counts_unread_notifications_until_the_fan_opens_the_page(client):
    fan = make_fan()
    signed_in(client, fan)
    home = client.get("/").content.decode()
    assert ">Notifications</a>" in header(home) and "(0)" not in header(home)
    services.notify(users=[fan], message="Your suggestion was accepted.")
    services.notify(users=[fan, make_fan("other")], message="Your correction was accepted.")
    home = client.get("/").content.decode()
    assert 'aria-label="Notifications: 2 unread"' in header(home)
    assert 'Notifications <span class="count">(2)</span>' in header(home)
    page = client.get(MINE).content.decode()
    assert "Your suggestion was accepted." in page and page.count('<span class="badge">New</span>') == 2
    assert "(2)" not in header(page)
    assert Notification.objects.filter(user=fan).unread().count() == 0
    assert "(2)" not in header(client.get("/").content.decode())
    assert Notification.objects.filter(user__username="other").unread().count() == 1


def test_accepting_a_suggestion_notifies_the_fan_and_their_supporters(client):
    scene = f.make_scene(f.make_episode(), title="The diner")
    fan, supporter = make_fan("fan"), make_fan("supporter")
    song = f.make_song(title="Heat")
    contribution, _ = services.song_suggest(
        contributor=Contributor(fan, "203.0.113.1"), scene=scene, song=song
    )
    _, merged = services.song_suggest(
        contributor=Contributor(supporter, "203.0.113.2"), scene=scene, song=song
    )
    assert merged
    signed_in(client, fan)
    client.get("/")  # the header's count is cached
    services.contribution_accept(contribution=contribution, reviewer=f.make_editor())
    for user in (fan, supporter):
        signed_in(client, user)
        assert "(1)" in header(client.get("/").content.decode()), user
        assert "Your suggestion “Heat” for" in client.get(MINE).content.decode()


def test_anonymous_pages_have_no_notifications_link(client):
    page = client.get("/").content.decode()
    assert "Notifications" not in header(page)
    response = client.get(MINE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_my_contributions_lists_every_status_with_the_editors_reason(client):
    scene = f.make_scene(f.make_episode())
    fan = make_fan()
    for status, title in [
        (Status.PENDING, "Waiting tune"),
        (Status.PUBLISHED, "Live tune"),
        (Status.ACCEPTED, "Accepted tune"),
        (Status.DECLINED, "Declined tune"),
    ]:
        c = make_contribution(fan, scene=scene, song=f.make_song(title=title), status=status)
    c.decline_reason = "It plays in the next scene."
    c.save()
    make_contribution(
        make_fan("someone"), scene=scene, song=f.make_song(title="Not mine"), status=Status.PENDING
    )
    signed_in(client, fan)
    page = client.get(MINE).content.decode()
    for text in (
        "Waiting tune",
        "Live tune",
        "Accepted tune",
        "Declined tune",
        "It plays in the next scene.",
    ):
        assert text in page, text
    for status in ("Waiting for review", "Published, not yet reviewed", "Accepted", "Declined"):
        assert f">{status}</span>" in page, status
    assert page.count(">Song suggested</span>") == 2 and page.count(">Song added</span>") == 2
    assert "Not mine" not in page
    assert f'href="/contributors/{fan.username}/"' in page


def test_account_page_links_my_contributions(client):
    signed_in(client, make_fan())
    page = client.get("/accounts/password_change/").content.decode()
    assert f'href="{MINE}"' in page and "My contributions" in page


def test_my_contributions_hides_what_lies_past_the_fans_shield(client):
    first, later = two_episodes()
    fan = make_fan()
    make_contribution(fan, scene=first.scene, song=f.make_song(title="Early"), status=Status.PENDING)
    make_contribution(fan, scene=later.scene, song=f.make_song(title="Later"), status=Status.PENDING)
    signed_in(client, fan)
    client.post(
        f"/shows/{first.scene.episode.show.slug}/shield/",
        {"action": "set", "episode": first.scene.episode.pk},
        **ORIGIN,
    )
    page = client.get(MINE).content.decode()
    assert "Early" in page and "Later" not in page


def test_the_header_count_costs_no_query_once_cached_and_one_when_the_cache_lost_it(client):
    fan = make_fan()
    signed_in(client, fan)
    services.notify(users=[fan], message="Hello")
    cached = count_queries(client, "/")  # the miss after notify (no commit in a test): counted, stored
    again = count_queries(client, "/")
    cache.clear()
    assert count_queries(client, "/") == again + 1 == cached


@pytest.mark.parametrize("unread", [False, True])
def test_my_contributions_query_count_is_the_same_for_3_and_30_rows(client, unread):
    counts = []
    for size in (3, 30):
        fan = make_fan(f"fan{size}")
        season = f.make_season()
        character = f.make_character(season.show)
        for n in range(size):
            episode = f.make_episode(season=season, number=n + 1)
            scene = f.make_scene(episode)
            status = [Status.PENDING, Status.DECLINED, Status.ACCEPTED][n % 3]
            if n % 2:
                make_contribution(fan, scene=scene, status=status, result_cue=f.make_cue(scene))
            else:
                make_contribution(
                    fan, kind=Kind.CORRECTION, character=character, status=status, changes={"bio": "x"}
                )
            Notification.objects.create(user=fan, message=f"Note {n}", url=MINE)
        signed_in(client, fan)
        if not unread:
            assert client.get(MINE).content.decode().count('class="contribution ') == size
        counts.append(count_queries(client, MINE))
        assert Notification.objects.filter(user=fan).unread().count() == 0
    # Session, user, reading progress; the page's count and rows; notifications; marking them read.
    assert counts == [7, 7], counts
