"""A signed-in reader confirms a song on the episode page, and a fan's
contributor page lists what they added; both pages pass axe-core."""

import pytest

from tests.browser.conftest import take_screenshots

pytestmark = pytest.mark.browser

EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"


@pytest.fixture
def fans(demo_site):
    """A fan with accepted contributions to episode 2, and readers' votes on its first cue."""
    from django.contrib.auth.models import User

    from recaps.contributions import services
    from recaps.models import Contribution
    from wiki.models import Cue, Episode

    fan = User.objects.create_user("melody", password="a tune to remember")
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    scenes = list(episode.scenes.order_by("position"))
    cues = list(Cue.objects.filter(scene__episode=episode).select_related("song", "scene"))
    for cue in cues[:3]:
        Contribution.objects.create(
            contributor=fan, kind="song", status="accepted", show=episode.show, scene=cue.scene,
            song=cue.song, result_cue=cue,
        )  # fmt: skip
    Contribution.objects.create(
        contributor=fan, kind="correction", status="accepted", show=episode.show, scene=scenes[0],
        changes={"title": "Joanna's audition", "description": "A new description."},
    )  # fmt: skip
    for n in range(3):
        services.cue_vote(cue=cues[0], user=User.objects.create_user(f"voter{n}"), confirms=True)
    services.cue_vote(cue=cues[1], user=User.objects.get(username="voter0"), confirms=False)
    services.cue_vote(cue=cues[2], user=fan, confirms=True)
    return fan


def log_in(page, username, password):
    page.goto(f"/accounts/login/?next={EPISODE_2}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_signed_in_reader_confirms_a_song_on_the_episode_page(page, axe, fans):
    page.goto(EPISODE_2)
    assert page.locator(".scene-cues .cue-vote-login").first.is_visible()
    assert page.get_by_text("Confirmed by 3").first.is_visible()
    log_in(page, "melody", "a tune to remember")
    assert page.url.endswith(EPISODE_2)
    vote = page.locator(".scene-cues form.cue-vote").first
    vote.get_by_role("button", name="Yes, that's the song").click()
    assert "Thank you: you said it is the song" in page.locator(".messages").inner_text()
    assert page.locator(".scene-cues").get_by_text("Confirmed by 4").is_visible()
    assert axe(page) == []
    take_screenshots(page, "fans-episode-votes")


def test_contributor_page_lists_what_the_fan_added(page, axe, fans):
    page.goto("/contributors/melody/")
    assert page.locator("h1").inner_text() == "melody"
    assert page.locator(".contribution").count() == 4
    assert page.locator(".contributor-counts").get_by_text("Songs added").is_visible()
    assert axe(page) == []
    take_screenshots(page, "fans-contributor")


def test_a_fan_reads_their_notifications_from_the_header(page, axe, fans):
    from recaps.contributions import services
    from recaps.models import Contribution

    declined = Contribution.objects.create(
        contributor=fans, kind="song", status="declined", show=fans.contributions.first().show,
        scene=fans.contributions.first().scene, song_title="Hallelujah", artist_name="Leonard Cohen",
        decline_reason="It is Jeff Buckley's version that plays here.",
    )  # fmt: skip
    log_in(page, "melody", "a tune to remember")
    services.notify(
        users=[fans], message=f"Your suggestion “Hallelujah” was declined: {declined.decline_reason}"
    )
    page.reload()
    link = page.get_by_role("link", name="Notifications: 1 unread")
    assert link.inner_text() == "Notifications (1)"
    link.click()
    assert page.locator("h1").inner_text() == "My contributions"
    assert "Jeff Buckley's version" in page.locator(".decline-reason").inner_text()
    assert page.get_by_role("link", name="Notifications", exact=True).is_visible()
    assert axe(page) == []
    take_screenshots(page, "fans-mine")
