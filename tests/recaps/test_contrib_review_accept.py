"""Editors accept fans' contributions: each becomes a normal edit, kept in history with
the fan as its author and the editor as its reviewer; editors may edit first; a stale
proposal never overwrites a newer edit without saying so."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from recaps.contributions.services import cue_vote
from recaps.models import Contribution, Notification, RevisionInfo
from tests import factories as f

from .contrib_review import correct, make_fan, suggest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT = settings.CONTRIBUTION_RATE_LIMIT_PER_ADDRESS = 1000


@pytest.fixture
def scene():
    return f.make_rich_episode(scenes=1).scenes.get()


@pytest.fixture
def fan():
    return make_fan()


def act(client, action, contribution, **data):
    return client.post(f"/editors/contributions/{contribution.pk}/{action}/", data)


def edit_page(client, contribution):
    return client.get(f"/editors/contributions/{contribution.pk}/").content.decode()


def seen_token(page):
    return re.search(r'name="seen_token" value="([^"]+)"', page).group(1)


def revision_of(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return RevisionInfo.objects.filter(content_type=content_type, object_id=str(obj.pk)).latest("revision")


def test_accepting_a_song_adds_its_cue_at_the_end_of_the_scene_as_the_fans_edit(
    editor_client, editor, scene, fan
):
    singer = scene.characters.first()
    contribution = suggest(
        scene,
        fan,
        title="Heat",
        artist="The Strokes",
        usage="performed",
        performers=[singer],
        starts_at=timedelta(minutes=12, seconds=34),
        listen_url="https://open.spotify.com/track/heat",
    )
    response = act(editor_client, "accept", contribution)
    assert response.status_code == 302 and response.url == "/editors/contributions/"
    assert "Accepted: Song for a scene" in editor_client.get(response.url).content.decode()
    cue = scene.cues.order_by("position").last()
    assert (cue.song.title, cue.song.artist.name, cue.position) == ("Heat", "The Strokes", 3)
    assert cue.kind == "performed" and list(cue.performers.all()) == [singer]
    assert cue.starts_at == timedelta(minutes=12, seconds=34)
    assert cue.song.spotify_url == "https://open.spotify.com/track/heat"
    contribution.refresh_from_db()
    assert (contribution.status, contribution.reviewer, contribution.result_cue) == ("accepted", editor, cue)
    info = revision_of(scene)
    assert info.revision.user == fan and info.reviewed_by == editor
    assert Notification.objects.get(user=fan).message.startswith("Your suggestion “Heat”")
    assert "was accepted" in Notification.objects.get(user=fan).message
    changes = editor_client.get("/editors/changes/").content.decode()
    assert f">{fan.username}</a><br>" in changes and "reviewed by editor" in changes


def test_accepting_a_correction_applies_its_fields_and_characters(editor_client, editor, scene, fan):
    newcomer = f.make_character(scene.episode.show, name="Nellie")
    everyone = [*scene.characters.all(), newcomer]
    contribution = correct(scene, fan, title="At the diner", characters=everyone)
    assert act(editor_client, "accept", contribution).status_code == 302
    scene.refresh_from_db()
    assert scene.title == "At the diner"
    assert set(scene.characters.all()) == set(everyone)
    info = revision_of(scene)
    assert info.revision.user == fan and info.reviewed_by == editor
    assert Contribution.objects.get(pk=contribution.pk).status == "accepted"


def test_edit_then_accept_a_song_saves_the_editors_values(editor_client, scene, fan):
    singer = scene.characters.first()
    contribution = suggest(
        scene, fan, title="Heat", artist="The Strokes", performers=[singer], usage="performed"
    )
    page = edit_page(editor_client, contribution)
    assert 'value="Heat"' in page and 'value="The Strokes"' in page
    response = editor_client.post(
        f"/editors/contributions/{contribution.pk}/",
        {"title": "Heat Waves", "artist": "Glass Animals", "usage": "background", "starts_at": "1:02"},
    )
    assert response.status_code == 302
    cue = Contribution.objects.get(pk=contribution.pk).result_cue
    assert (cue.song.title, cue.song.artist.name, cue.kind) == ("Heat Waves", "Glass Animals", "background")
    assert cue.starts_at == timedelta(minutes=1, seconds=2) and not cue.performers.exists()


def test_edit_then_accept_a_correction_saves_the_editors_values(editor_client, scene, fan):
    contribution = correct(scene, fan, title="At the dinner", description="They eat.")
    page = edit_page(editor_client, contribution)
    assert 'value="At the dinner"' in page and "There now" in page and scene.title in page
    response = editor_client.post(
        f"/editors/contributions/{contribution.pk}/",
        {"title": "At the diner", "description": "They eat pie.", "seen_token": seen_token(page)},
    )
    assert response.status_code == 302
    scene.refresh_from_db()
    assert (scene.title, scene.description) == ("At the diner", "They eat pie.")


def test_a_stale_correction_meeting_a_newer_edit_of_its_field_is_refused_and_shown(editor_client, scene, fan):
    contribution = correct(scene, fan, title="The fan's title")
    scene.title = "The newer title"
    scene.save()
    response = act(editor_client, "accept", contribution)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone changed this since the proposal was made: title" in page
    assert "The newer title" in page and "The fan&#39;s title" in page and "Edit then accept" in page
    scene.refresh_from_db()
    assert scene.title == "The newer title"
    assert Contribution.objects.get(pk=contribution.pk).status == "pending"
    # The refusal's form knows what is there now: accepting it is the editor's choice.
    again = editor_client.post(
        f"/editors/contributions/{contribution.pk}/",
        {"title": "The fan's title, checked", "seen_token": seen_token(page)},
    )
    assert again.status_code == 302
    scene.refresh_from_db()
    assert scene.title == "The fan's title, checked"


def test_a_newer_edit_between_opening_and_sending_the_edit_form_is_refused_keeping_the_input(
    editor_client, scene, fan
):
    contribution = correct(scene, fan, title="The fan's title")
    token = seen_token(edit_page(editor_client, contribution))
    scene.title = "Another editor's title"
    scene.save()
    response = editor_client.post(
        f"/editors/contributions/{contribution.pk}/", {"title": "My careful title", "seen_token": token}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="My careful title"' in page and "Another editor&#39;s title" in page
    scene.refresh_from_db()
    assert scene.title == "Another editor's title"


def test_a_stale_correction_merges_with_a_newer_edit_of_another_field(editor_client, scene, fan):
    contribution = correct(scene, fan, title="The fan's title")
    scene.description = "The newer description"
    scene.save()
    assert act(editor_client, "accept", contribution).status_code == 302
    scene.refresh_from_db()
    assert (scene.title, scene.description) == ("The fan's title", "The newer description")


def test_a_song_added_to_the_scene_since_it_was_suggested_is_refused(editor_client, scene, fan):
    song = f.make_song(title="Heat")
    contribution = suggest(scene, fan, song=song)
    f.make_cue(scene, song=song, position=3)
    queue = editor_client.get("/editors/contributions/").content.decode()
    assert "already listed in the scene now" in queue
    response = act(editor_client, "accept", contribution)
    assert response.status_code == 409
    assert "“Heat” was added to this scene since it was suggested." in response.content.decode()
    assert scene.cues.filter(song=song).count() == 1
    assert Contribution.objects.get(pk=contribution.pk).status == "pending"


def test_accepting_a_dispute_removes_the_cue_and_keeps_the_dispute(editor_client, editor, scene):
    cue = scene.cues.first()
    voters = [make_fan(f"voter{n}") for n in range(2)]
    for voter in voters:
        cue_vote(cue=cue, user=voter, confirms=False)
    dispute = Contribution.objects.get(kind="dispute", cue=cue)
    queue = editor_client.get("/editors/contributions/").content.decode()
    assert "Disputed song" in queue and "<strong>2</strong> say wrong song" in queue
    assert act(editor_client, "accept", dispute).status_code == 302
    assert not scene.cues.filter(pk=cue.pk).exists()
    dispute.refresh_from_db()
    assert (dispute.status, dispute.scene, dispute.cue, dispute.reviewer) == ("accepted", scene, None, editor)
    for voter in voters:
        assert "wrong song was accepted" in Notification.objects.get(user=voter).message


def test_declining_a_dispute_keeps_the_cue(editor_client, scene):
    cue = scene.cues.first()
    for n in range(2):
        cue_vote(cue=cue, user=make_fan(f"voter{n}"), confirms=False)
    dispute = Contribution.objects.get(kind="dispute", cue=cue)
    assert (
        act(editor_client, "decline", dispute, reason="It is the song: listen at 12:00.").status_code == 302
    )
    assert scene.cues.filter(pk=cue.pk).exists()
    assert Contribution.objects.get(pk=dispute.pk).status == "declined"
