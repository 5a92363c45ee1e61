"""The show's unidentified songs, the links to the fans' forms on reader pages, and the
query counts of the new pages (recaps.contributions.suggest_views)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recaps.models import Contribution
from tests import factories as f
from tests.recaps.suggest_rows import fan_client, make_catalogue, page_text, shield

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return make_catalogue()


def unidentified_url(catalogue):
    return reverse("contrib:unidentified", kwargs={"show": catalogue.show.slug})


def report(client, scene, at="12:34"):
    url = reverse("contrib:suggest_scene", kwargs={"pk": scene.pk})
    return client.post(url, {"what": "unknown", "starts_at": at, "title": "", "artist": ""}, follow=True)


def test_a_report_lists_the_scene_with_its_time_and_a_link_to_name_the_song(catalogue, client):
    fan = fan_client()
    response = report(fan, catalogue.scene)
    assert "listed under the show's unidentified songs" in page_text(response)
    assert Contribution.objects.get().kind == "unknown"
    page = page_text(client.get(unidentified_url(catalogue)))
    assert "Unidentified songs in Night Owls" in page
    assert "S1E1" in page and "Pilot" in page and "Scene 1: The diner" in page
    assert "12:34" in page and "reported by 1 reader" in page
    assert f'href="/contribute/scenes/{catalogue.scene.pk}/song/?at=12:34"' in page
    assert "I know this song" in page


def test_a_report_keeps_only_the_time_whatever_else_was_typed(catalogue):
    fan = fan_client()
    url = reverse("contrib:suggest_scene", kwargs={"pk": catalogue.scene.pk})
    fan.post(url, {"what": "unknown", "starts_at": "3:00", "title": "Maybe Heat", "note_to_editors": "hm"})
    assert Contribution.objects.filter(kind="unknown", song_title="", note="").count() == 1


def test_two_readers_reporting_the_same_scene_are_one_report_of_two(catalogue, client):
    report(fan_client("one", "10.0.0.1"), catalogue.scene)
    response = report(fan_client("two", "10.0.0.2"), catalogue.scene, at="12:40")
    assert "your report was added to theirs" in page_text(response)
    assert Contribution.objects.count() == 1
    assert "reported by 2 readers" in page_text(client.get(unidentified_url(catalogue)))


def test_a_named_song_leaves_the_list(catalogue, client, settings):
    settings.CONTRIBUTION_TRUST_AFTER = 0  # every fan trusted: the answer is published at once
    report(fan_client("one", "10.0.0.1"), catalogue.scene)
    url = reverse("contrib:suggest_scene", kwargs={"pk": catalogue.scene.pk})
    fan_client("two", "10.0.0.2").post(
        url, {"what": "song", "title": "Heat", "artist": "The Shivers", "usage": "background"}
    )
    page = page_text(client.get(unidentified_url(catalogue)))
    assert "The diner" not in page and "No unidentified songs" in page


def test_a_shielded_reader_does_not_see_reports_of_later_episodes(catalogue):
    report(fan_client("one", "10.0.0.1"), catalogue.later_scene)
    report(fan_client("two", "10.0.0.2"), catalogue.scene)
    reader = fan_client("shielded", "10.0.0.3")
    shield(reader, catalogue, catalogue.first)
    page = page_text(reader.get(unidentified_url(catalogue)))
    assert "The diner" in page
    assert "The secret" not in page and "The Reveal" not in page and "S1E2" not in page


def test_the_show_page_links_to_its_unidentified_songs(catalogue, client):
    assert f'href="{unidentified_url(catalogue)}"' in page_text(client.get(catalogue.show.get_absolute_url()))


def test_reader_pages_link_to_the_forms_with_plain_links_and_stay_cacheable(catalogue, client):
    cue = f.make_cue(catalogue.scene, song=catalogue.heat)
    response = client.get(catalogue.first.get_absolute_url())
    page = page_text(response)
    assert f'href="/contribute/scenes/{catalogue.scene.pk}/song/"' in page
    assert f'href="/contribute/correct/scene/{catalogue.scene.pk}/"' in page
    assert f'href="/contribute/correct/cue/{cue.pk}/"' in page
    assert f'href="/contribute/episodes/{catalogue.first.pk}/song/"' in page
    assert f'href="/contribute/correct/episode/{catalogue.first.pk}/"' in page
    assert "csrfmiddlewaretoken" not in page and "Set-Cookie" not in response.headers
    character_page = page_text(client.get(catalogue.ada.get_absolute_url()))
    assert f'href="/contribute/correct/character/{catalogue.ada.pk}/"' in character_page
    assert "Propose a correction" in character_page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_unidentified_page_query_count_is_the_same_for_2_and_40_reports(catalogue):
    reader = fan_client("reader", "10.0.0.9")
    shield(reader, catalogue, catalogue.second)
    counts = []
    for reports in (2, 40):
        show = f.make_show()
        season = f.make_season(show=show)
        for n in range(1, reports + 1):
            scene = f.make_scene(f.make_episode(season=season, number=n))
            Contribution.objects.create(kind="unknown", show=show, scene=scene)
        counts.append(count_queries(reader, reverse("contrib:unidentified", kwargs={"show": show.slug})))
    # session, user, shield, the show, the count of reports and a page of them
    assert counts == [6, 6]


def test_suggestion_form_query_count_does_not_grow_with_the_cast(catalogue):
    fan = fan_client()
    counts = []
    for cast in (2, 40):
        episode = f.make_episode(season=f.make_season(show=f.make_show()))
        for _ in range(cast):
            f.make_character(episode.show)
        scene = f.make_scene(episode)
        counts.append(count_queries(fan, reverse("contrib:suggest_scene", kwargs={"pk": scene.pk})))
        counts.append(count_queries(fan, reverse("contrib:suggest_episode", kwargs={"pk": episode.pk})))
    # session, user, shield, the scene (or episode) with its show and season, the cast;
    # the episode's form also lists its scenes (and looks whether it has any)
    assert counts == [5, 7, 5, 7]


def test_correction_form_query_count_does_not_grow_with_the_cast(catalogue):
    fan = fan_client()
    counts = []
    for cast in (2, 40):
        episode = f.make_episode(season=f.make_season(show=f.make_show()))
        people = [f.make_character(episode.show) for _ in range(cast)]
        scene = f.make_scene(episode, characters=people)
        cue = f.make_cue(scene, performers=people)
        counts.append(
            count_queries(fan, reverse("contrib:correct", kwargs={"kind": "scene", "pk": scene.pk}))
        )
        counts.append(count_queries(fan, reverse("contrib:correct", kwargs={"kind": "cue", "pk": cue.pk})))
    # session, user, shield, the target with its show, who is in it now, the cast to choose from
    assert counts == [6, 6, 6, 6]
