"""A contributor's page: what a fan added, with counts, up to the reader's spoiler limit."""

import pytest

from recaps.contributions import services
from recaps.contributions.services import Contributor
from recaps.models import Contribution
from tests import factories as f
from tests.recaps.fan_rows import ORIGIN, make_contribution, make_fan, signed_in, two_episodes
from tests.wiki.test_query_counts import count_queries
from wiki.models import Cue

pytestmark = pytest.mark.django_db
Status, Kind = Contribution.Status, Contribution.Kind


def page_of(client, fan, query=""):
    response = client.get(f"/contributors/{fan.username}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def count(page, label):
    """The number a contributor page shows after ``label``."""
    return int(page.split(f"<dt>{label}</dt><dd>")[1].split("<")[0])


def test_contributor_page_lists_an_accepted_suggestion_with_its_counts(client):
    scene = f.make_scene(f.make_episode(), title="The diner")
    song = f.make_song(title="Heat")
    fan = make_fan("melody")
    contribution, _ = services.song_suggest(
        contributor=Contributor(fan, "203.0.113.9"), scene=scene, song=song
    )
    services.contribution_accept(contribution=contribution, reviewer=f.make_editor())
    services.cue_vote(
        cue=Cue.objects.create(scene=scene, song=f.make_song(), position=9), user=fan, confirms=True
    )
    page = page_of(client, fan)
    assert "<h1>melody</h1>" in page
    assert "“Heat”" in page and "scene 1: The diner" in page
    assert (count(page, "Songs added"), count(page, "Corrections"), count(page, "Confirmations given")) == (
        1,
        0,
        1,
    )
    assert "203.0.113.9" not in page and "melody@example.com" not in page


def test_contributor_page_counts_corrections_and_identified_songs(client):
    scene = f.make_scene(f.make_episode())
    fan, asker = make_fan("fan"), make_fan("asker")
    make_contribution(fan, kind=Kind.CORRECTION, scene=scene, changes={"title": "New", "description": "x"})
    make_contribution(fan, kind=Kind.CORRECTION, episode=scene.episode, changes={"title": "Pilot"})
    identified = make_contribution(fan, scene=scene, result_cue=f.make_cue(scene))
    make_contribution(asker, kind=Kind.UNKNOWN, scene=scene, result_cue=identified.result_cue)
    make_contribution(fan, scene=scene)
    page = page_of(client, fan)
    assert (count(page, "Songs added"), count(page, "Songs identified"), count(page, "Corrections")) == (
        2,
        1,
        2,
    )
    assert "Title and description of" in page
    assert "Identified a song" in page


def test_contributor_page_never_shows_pending_or_declined_items_to_others(client):
    scene = f.make_scene(f.make_episode())
    fan = make_fan()
    make_contribution(fan, scene=scene, song=f.make_song(title="Published"), status=Status.PUBLISHED)
    make_contribution(fan, scene=scene, song=f.make_song(title="Waiting"), status=Status.PENDING)
    declined = make_contribution(fan, scene=scene, song=f.make_song(title="Refused"), status=Status.DECLINED)
    declined.decline_reason = "Secret reason"
    declined.save()
    for reader in (None, make_fan("other"), fan):
        if reader:
            signed_in(client, reader)
        page = page_of(client, fan)
        assert "Published" in page
        assert "Waiting" not in page and "Refused" not in page and "Secret reason" not in page
        assert count(page, "Songs added") == 1


def test_contributor_page_of_an_unknown_or_deactivated_account_is_404(client):
    gone = make_fan("gone")
    gone.is_active = False
    gone.save()
    assert client.get("/contributors/nobody/").status_code == 404
    assert client.get("/contributors/gone/").status_code == 404


def shield(client, episode):
    client.post(f"/shows/{episode.show.slug}/shield/", {"action": "set", "episode": episode.pk}, **ORIGIN)


@pytest.mark.parametrize("where", ["session", "account"])
def test_a_shielded_reader_sees_neither_later_contributions_nor_their_counts(client, where):
    first, later = two_episodes()
    fan = make_fan()
    make_contribution(fan, scene=first.scene, song=f.make_song(title="Early song"))
    make_contribution(fan, scene=later.scene, song=f.make_song(title="Late song"))
    make_contribution(fan, kind=Kind.CORRECTION, episode=later.scene.episode, changes={"title": "Late title"})
    make_contribution(fan, kind=Kind.CORRECTION, cue=later, changes={"note": "x"})
    services.cue_vote(cue=first, user=fan, confirms=True)
    services.cue_vote(cue=later, user=fan, confirms=True)
    page = page_of(client, fan)
    assert "Late song" in page and count(page, "Corrections") == 2 and count(page, "Confirmations given") == 2
    if where == "account":
        signed_in(client, make_fan("reader"))
    shield(client, first.scene.episode)
    page = page_of(client, fan)
    assert "Early song" in page and "Late song" not in page and "S1E2" not in page
    assert (count(page, "Songs added"), count(page, "Corrections"), count(page, "Confirmations given")) == (
        1,
        0,
        1,
    )


def test_contributor_page_is_paginated_newest_first(client):
    scene = f.make_scene(f.make_episode())
    fan = make_fan()
    for n in range(40):
        make_contribution(fan, scene=scene, song=f.make_song(title=f"Tune {n:02}"))
    first = page_of(client, fan)
    assert first.index("Tune 39") < first.index("Tune 38")
    assert "Tune 00" not in first and "Page 1 of 2" in first
    assert "Tune 00" in page_of(client, fan, "?page=2")
    assert "Tune 39" in page_of(client, fan, "?page=oops")


@pytest.mark.parametrize("reader", ["anonymous", "shielded"])
def test_contributor_page_query_count_is_the_same_for_3_and_30_contributions(client, reader):
    counts = []
    for size in (3, 30):
        show = f.make_show()
        season = f.make_season(show=show)
        fan = make_fan(f"fan{size}")
        character = f.make_character(show)
        for n in range(size):
            episode = f.make_episode(season=season, number=n + 1)
            scene = f.make_scene(episode, characters=[character])
            cue = f.make_cue(scene)
            kind = n % 4
            if kind == 0:
                make_contribution(fan, scene=scene, result_cue=cue)
            elif kind == 1:
                make_contribution(fan, kind=Kind.CORRECTION, cue=cue, changes={"note": "n"})
            elif kind == 2:
                make_contribution(fan, kind=Kind.CORRECTION, character=character, changes={"bio": "b"})
            else:
                make_contribution(fan, kind=Kind.CORRECTION, episode=episode, changes={"title": "t"})
            services.cue_vote(cue=cue, user=fan, confirms=True)
        if reader == "shielded":
            shield(client, season.episodes.get(number=size))
        assert page_of(client, fan).count('class="contribution ') == size
        counts.append(count_queries(client, f"/contributors/{fan.username}/"))
    # The fan, the counts, the confirmations, the page's count and its rows; a shield is a signed
    # cookie, read with no query.
    assert counts == [5, 5], counts


def test_recent_changes_link_the_fan_who_made_an_accepted_edit_to_their_page(editor_client, editor):
    scene = f.make_scene(f.make_episode())
    fan = make_fan("melody")
    contribution, _ = services.song_suggest(
        contributor=Contributor(fan, "203.0.113.9"), scene=scene, song=f.make_song()
    )
    services.contribution_accept(contribution=contribution, reviewer=editor)
    page = editor_client.get("/editors/changes/").content.decode()
    assert '<a href="/contributors/melody/" title="Fan: their contributions">melody</a>' in page
    assert '<a href="/contributors/editor/"' not in page  # an editor's own name stays plain
