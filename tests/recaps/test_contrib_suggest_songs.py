"""Fans suggest songs for scenes, or report one they cannot name (recaps.contributions.suggest_views)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from recaps.models import Contribution, ContributionSupporter
from tests import factories as f
from tests.recaps.suggest_rows import fan_client, make_catalogue, page_text, shield, song_data
from wiki.models import Song

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return make_catalogue()


@pytest.fixture
def fan():
    return fan_client()


def suggest_url(scene):
    return reverse("contrib:suggest_scene", kwargs={"pk": scene.pk})


def test_anonymous_reader_is_sent_to_log_in_and_comes_back(client, catalogue):
    response = client.get(suggest_url(catalogue.scene))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={suggest_url(catalogue.scene)}"


def test_suggestion_form_names_the_scene_and_offers_the_shows_characters(fan, catalogue):
    page = page_text(fan.get(suggest_url(catalogue.scene)))
    assert "<h1>Suggest a song</h1>" in page
    assert "For scene 1: " in page and "The diner" in page
    assert "A song plays here but I don't know it" in page
    assert "Ada" in page and "Bea" in page  # nobody shielded: the whole cast
    assert 'data-song-search="/contribute/songs/"' in page


def test_a_catalogue_song_picked_from_the_list_waits_for_review(fan, catalogue):
    data = song_data(song=str(catalogue.heat.pk), usage="performed", performers=[catalogue.ada.pk])
    response = fan.post(suggest_url(catalogue.scene), data, follow=True)
    assert response.redirect_chain[-1][0] == catalogue.scene.get_absolute_url()
    assert "It waits for an editor's review" in page_text(response)
    suggestion = Contribution.objects.get()
    assert (suggestion.kind, suggestion.status, suggestion.song) == ("song", "pending", catalogue.heat)
    assert (suggestion.song_title, suggestion.starts_at) == ("", timedelta(minutes=12, seconds=34))
    assert list(suggestion.performers.all()) == [catalogue.ada]
    assert (suggestion.contributor, suggestion.address) == (fan.user, "10.0.0.1")


def test_a_title_and_artist_typed_in_are_matched_to_the_catalogue_by_normalised_names(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data(title="heat (Remastered 2011)", artist="Shivers"))
    suggestion = Contribution.objects.get()
    assert suggestion.song == catalogue.heat
    assert (suggestion.song_title, suggestion.artist_name) == ("", "")


def test_a_song_not_in_the_catalogue_is_kept_as_typed_and_creates_nothing_yet(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data(title="Zanzibar Nights", artist="Lola Vance"))
    suggestion = Contribution.objects.get()
    assert suggestion.song is None
    assert (suggestion.song_title, suggestion.artist_name) == ("Zanzibar Nights", "Lola Vance")
    assert not Song.objects.filter(title="Zanzibar Nights").exists()


def test_a_picked_song_whose_title_was_then_retyped_is_the_song_typed(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data(song=str(catalogue.heat.pk), title="Cold", artist="Ice"))
    suggestion = Contribution.objects.get()
    assert (suggestion.song, suggestion.song_title) == (None, "Cold")


def test_performers_are_dropped_unless_the_song_is_performed(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data(usage="background", performers=[catalogue.ada.pk]))
    assert not Contribution.objects.get().performers.exists()


def test_a_new_song_needs_its_artist(fan, catalogue):
    response = fan.post(suggest_url(catalogue.scene), song_data(title="Zanzibar Nights", artist=""))
    assert response.status_code == 200
    assert "This song is not in the catalogue yet: type its artist too." in page_text(response)
    assert 'value="Zanzibar Nights"' in page_text(response)
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("typed", ["12:345", "1:75", "abc", "-3:00", "1:02:03:04"])
def test_a_time_that_is_not_minutes_and_seconds_is_refused_with_what_was_typed_kept(fan, catalogue, typed):
    response = fan.post(
        suggest_url(catalogue.scene), song_data(starts_at=typed, note_to_editors="At the diner")
    )
    page = page_text(response)
    assert response.status_code == 200
    assert "Type the time as minutes and seconds (12:34)" in page
    assert 'value="Heat"' in page and "At the diner" in page
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1:02:03", timedelta(hours=1, minutes=2, seconds=3)), ("0:05", timedelta(seconds=5))],
)
def test_times_in_hours_minutes_and_seconds_are_understood(fan, catalogue, typed, stored):
    catalogue.first.runtime_minutes = 90
    catalogue.first.save()
    fan.post(suggest_url(catalogue.scene), song_data(starts_at=typed))
    assert Contribution.objects.get().starts_at == stored


def test_a_time_past_the_end_of_the_episode_is_refused(fan, catalogue):
    response = fan.post(suggest_url(catalogue.scene), song_data(starts_at="1:30:00"))
    assert "The episode runs about 45 minutes: check the time." in page_text(response)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "http://evil.example/track",
        "https://open.spotify.com.evil.com/track/1",
        "http://open.spotify.com/track/1",
        "https://user@open.spotify.com/track/1",
    ],
)
def test_a_listen_link_off_the_allow_list_is_refused(fan, catalogue, link):
    response = fan.post(suggest_url(catalogue.scene), song_data(listen_url=link))
    assert response.status_code == 200
    assert "Link to the song on a listening service (Spotify, Apple Music" in page_text(response)
    assert not Contribution.objects.exists()


def test_a_listen_link_on_the_allow_list_is_kept(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data(listen_url="https://open.spotify.com/track/abc"))
    assert Contribution.objects.get().listen_url == "https://open.spotify.com/track/abc"


@pytest.mark.parametrize("field", ["title", "artist", "note_to_editors"])
def test_html_typed_in_any_text_is_refused_with_a_message(fan, catalogue, field):
    response = fan.post(suggest_url(catalogue.scene), song_data(**{field: "<b>Heat</b><script>x()</script>"}))
    page = page_text(response)
    assert response.status_code == 200
    assert "Use plain text: HTML tags are not allowed here." in page
    assert "<script>x()" not in response.content.decode()  # what was typed comes back escaped
    assert not Contribution.objects.exists()


def test_a_song_already_listed_in_the_scene_is_refused_in_the_form(fan, catalogue):
    f.make_cue(catalogue.scene, song=catalogue.heat)
    response = fan.post(suggest_url(catalogue.scene), song_data())
    assert "“Heat” is already listed in this scene" in page_text(response)
    assert not Contribution.objects.exists()


def test_the_same_suggestion_from_two_fans_is_one_with_a_supporter(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data())
    second = fan_client("second", address="10.0.0.2")
    response = second.post(
        suggest_url(catalogue.scene), song_data(title="HEAT", artist="the shivers"), follow=True
    )
    assert "you are now one of its supporters" in page_text(response)
    suggestion = Contribution.objects.get()
    assert suggestion.contributor == fan.user
    assert list(ContributionSupporter.objects.values_list("user__username", flat=True)) == ["second"]


def test_sending_ones_own_suggestion_again_adds_nothing(fan, catalogue):
    fan.post(suggest_url(catalogue.scene), song_data())
    response = fan.post(suggest_url(catalogue.scene), song_data(), follow=True)
    assert "You had sent this already" in page_text(response)
    assert Contribution.objects.count() == 1 and not ContributionSupporter.objects.exists()


def test_rate_limit_per_account_refuses_in_the_form_keeping_what_was_typed(fan, catalogue, settings):
    settings.CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT = 2
    for title in ("One", "Two"):
        fan.post(suggest_url(catalogue.scene), song_data(title=title, artist="Band"))
    response = fan.post(suggest_url(catalogue.scene), song_data(title="Three", artist="Band"))
    page = page_text(response)
    assert response.status_code == 200
    assert "You have sent many contributions in a short time" in page
    assert 'value="Three"' in page
    assert Contribution.objects.count() == 2


def test_rate_limit_per_address_counts_every_account_from_it(catalogue, settings):
    settings.CONTRIBUTION_RATE_LIMIT_PER_ADDRESS = 2
    for n, title in enumerate(("One", "Two")):
        fan_client(f"fan{n}", address="10.9.9.9").post(
            suggest_url(catalogue.scene), song_data(title=title, artist="Band")
        )
    response = fan_client("fan3", address="10.9.9.9").post(
        suggest_url(catalogue.scene), song_data(title="Three", artist="Band")
    )
    assert "You have sent many contributions in a short time" in page_text(response)
    assert Contribution.objects.count() == 2


def test_nothing_a_new_fan_types_reaches_a_public_page_before_review(fan, catalogue, client):
    fan.post(
        suggest_url(catalogue.scene),
        song_data(title="Zanzibar Nights", artist="Lola Vance", note_to_editors="Heard it at 12:34"),
    )
    assert Contribution.objects.get().status == "pending"
    episode_url = catalogue.first.get_absolute_url()
    for reader in (client, fan, fan_client("other", address="10.0.0.3")):
        for url in (episode_url, f"/shows/{catalogue.show.slug}/songs/", f"/shows/{catalogue.show.slug}/"):
            page = page_text(reader.get(url))
            assert "Zanzibar" not in page and "Lola Vance" not in page and "Heard it" not in page, url


def test_a_trusted_fans_suggestion_is_on_the_episode_page_at_once(fan, catalogue, client, settings):
    settings.CONTRIBUTION_TRUST_AFTER = 1
    editor = f.make_editor()
    Contribution.objects.create(
        kind="unknown",
        status="accepted",
        contributor=fan.user,
        reviewer=editor,
        show=catalogue.show,
        scene=catalogue.scene,
    )
    response = fan.post(
        suggest_url(catalogue.scene), song_data(title="Zanzibar Nights", artist="Lola Vance"), follow=True
    )
    assert "As a trusted contributor, yours is on the page now" in page_text(response)
    suggestion = Contribution.objects.get(kind="song")
    assert (suggestion.status, suggestion.patrolled) == ("published", False)
    assert "Zanzibar Nights" in page_text(client.get(catalogue.first.get_absolute_url()))


def test_the_episode_form_asks_which_scene_listing_the_episodes_scenes(fan, catalogue):
    url = reverse("contrib:suggest_episode", kwargs={"pk": catalogue.first.pk})
    page = page_text(fan.get(url))
    assert "Which scene?" in page
    assert "Scene 1: The diner" in page and "Scene 2: The drive home" in page
    assert "The secret" not in page  # the next episode's
    second_scene = catalogue.first.scenes.get(position=2)
    fan.post(url, song_data(scene=str(second_scene.pk)))
    assert Contribution.objects.get().scene == second_scene


def test_the_episode_form_needs_a_scene_of_that_episode(fan, catalogue):
    url = reverse("contrib:suggest_episode", kwargs={"pk": catalogue.first.pk})
    response = fan.post(url, song_data(scene=str(catalogue.later_scene.pk)))
    assert response.status_code == 200 and "Select a valid choice" in page_text(response)
    assert not Contribution.objects.exists()


def test_an_episode_without_scenes_says_there_is_nowhere_to_put_a_song(fan, catalogue):
    empty = f.make_episode(season=catalogue.first.season, number=3)
    page = page_text(fan.get(reverse("contrib:suggest_episode", kwargs={"pk": empty.pk})))
    assert "No scenes of this episode have been written up yet" in page
    assert '<form method="post" class="stack contribute-form"' not in page


def test_a_shielded_reader_gets_404_for_a_later_scene_or_episode_and_sees_only_earlier_characters(
    fan, catalogue
):
    shield(fan, catalogue, catalogue.first)
    assert fan.get(suggest_url(catalogue.later_scene)).status_code == 404
    assert fan.post(suggest_url(catalogue.later_scene), song_data()).status_code == 404
    later_episode = reverse("contrib:suggest_episode", kwargs={"pk": catalogue.second.pk})
    assert fan.get(later_episode).status_code == 404
    page = page_text(fan.get(suggest_url(catalogue.scene)))
    assert "Ada" in page and "Bea" not in page


def test_a_shielded_reader_cannot_name_a_hidden_character_as_performer(fan, catalogue):
    shield(fan, catalogue, catalogue.first)
    response = fan.post(
        suggest_url(catalogue.scene), song_data(usage="performed", performers=[catalogue.bea.pk])
    )
    assert "Select a valid choice" in page_text(response)
    assert not Contribution.objects.exists()


def test_song_search_offers_catalogue_songs_with_their_artist(client, catalogue):
    f.make_cue(catalogue.scene, song=catalogue.heat)  # indexed once used
    response = client.get(reverse("contrib:song_search"), {"q": "hea"})
    assert {"id": catalogue.heat.pk, "title": "Heat", "artist": "The Shivers"} in response.json()["results"]
    assert client.get(reverse("contrib:song_search"), {"q": "h"}).json() == {"results": []}


def test_a_forwarded_address_that_is_not_an_address_is_not_kept(catalogue, settings):
    settings.USE_X_FORWARDED_FOR = True
    fan = fan_client()
    response = fan.post(suggest_url(catalogue.scene), song_data(), HTTP_X_FORWARDED_FOR="unknown")
    assert response.status_code == 302
    assert Contribution.objects.get().address is None
