"""Recap pages run a fixed number of queries, however many links, recaps or mentions there are."""

import pytest

from recaps.models import Recap
from tests import factories as f
from tests.wiki.test_query_counts import MAX_QUERIES, count_queries


def recap_with_links(links):
    """A published recap whose body links ``links`` distinct characters, songs and episodes."""
    season = f.make_season()
    show = season.show
    episode = f.make_episode(season=season, number=1)
    parts = []
    for n in range(links):
        kind = n % 3
        if kind == 0:
            parts.append(f"[[{f.make_character(show, played_by=f.make_person()).name}]]")
        elif kind == 1:
            song = f.make_song()
            f.make_cue(f.make_scene(episode), song=song)
            parts.append(f"[[song:{song.title}|the song]]")
        else:
            parts.append(f"[[S1E{f.make_episode(season=season, number=n + 2).number}]]")
    recap = f.make_recap(episode, body=" and ".join(parts))
    f.make_recap(f.make_episode(season=season, number=500))  # a neighbour
    assert recap.links_from.exclude(character=None, song=None, episode=None).count() == links
    return recap


@pytest.mark.django_db
def test_recap_page_query_count_is_the_same_for_3_and_60_cross_links(client):
    small, large = recap_with_links(3), recap_with_links(60)
    assert large.body_html.count('class="wikilink"') == 60
    counts = [
        count_queries(client, small.get_absolute_url()),
        count_queries(client, large.get_absolute_url()),
    ]
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["index", "show"])
@pytest.mark.parametrize("fresh", [False, True])
def test_recap_indexes_query_count_does_not_grow(client, page, fresh):
    counts = []
    for size in (2, 30):
        episode = f.make_episode(air_date=f.days_ago(2) if fresh else None)
        for _ in range(size):
            f.make_recap(episode)
        url = "/recaps/" if page == "index" else f"/recaps/{episode.show.slug}/"
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


@pytest.mark.django_db
def test_episode_character_and_song_pages_with_recaps_and_mentions_stay_constant(client):
    counts = {"episode": [], "character": [], "song": []}
    for size in (1, 15):
        episode = f.make_rich_episode(scenes=2)
        character = episode.scenes.first().characters.first()
        song = episode.scenes.first().cues.first().song
        for _ in range(size):
            f.make_recap(episode, body=f"[[{character.name}]] sings [[song:{song.title}]] in [[S1E1]].")
        assert Recap.objects.filter(episode=episode).count() == size
        counts["episode"].append(count_queries(client, episode.get_absolute_url()))
        counts["character"].append(count_queries(client, character.get_absolute_url()))
        counts["song"].append(count_queries(client, song.get_absolute_url()))
    for page, (small, large) in counts.items():
        assert small == large <= MAX_QUERIES, (page, small, large)


@pytest.mark.django_db
@pytest.mark.parametrize("shielded", [False, True], ids=["anonymous", "shielded"])
def test_recap_page_query_count_is_the_same_for_3_and_40_comments(client, shielded):
    counts = []
    for size in (3, 40):
        season = f.make_season()
        episode, later = f.make_episode(season=season, number=1), f.make_episode(season=season, number=2)
        recap = f.make_recap(episode)
        for n in range(size):
            f.make_comment(recap, body=f"Comment {n}", spoils=later if n % 2 else None)
        if shielded:
            client.post(
                f"/shows/{season.show.slug}/shield/",
                {"action": "set", "episode": episode.pk},
                HTTP_ORIGIN="http://testserver",
            )
        response = client.get(recap.get_absolute_url())
        assert response.content.decode().count('class="comment"') == size
        counts.append(count_queries(client, recap.get_absolute_url()))
    assert counts[0] == counts[1] <= MAX_QUERIES, counts
