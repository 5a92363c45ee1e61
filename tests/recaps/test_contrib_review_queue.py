"""The editors' review queue: what waits (oldest first, by show), what trusted fans
published at once, declining with a reason the fan reads, who may review, and a page
that costs the same few queries however many items it lists."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recaps.contributions.services import cue_vote
from recaps.models import Contribution, Notification
from tests import factories as f

from .contrib_review import correct, make_fan, report, suggest

pytestmark = pytest.mark.django_db
QUEUE = "/editors/contributions/"


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


def items(page):
    return page.count('class="review-item"')


def make_trusted(fan, scene, editor, settings):
    for _ in range(settings.CONTRIBUTION_TRUST_AFTER):
        Contribution.objects.create(
            kind="song",
            status="accepted",
            contributor=fan,
            reviewer=editor,
            show_id=scene.show_id,
            scene=scene,
        )


def test_the_queue_lists_what_waits_oldest_first_with_where_what_and_the_fans_record(
    editor_client, scene, fan
):
    episode = scene.episode
    older = suggest(
        scene, fan, title="Heat", artist="The Strokes", listen_url="https://open.spotify.com/track/heat"
    )
    newer = correct(episode, make_fan("other"), title="The pilot, really")
    suggest(scene, make_fan("echo"), title="heat", artist="the strokes")  # merged: a supporter
    Contribution.objects.create(
        kind="song", status="declined", contributor=fan, show_id=scene.show_id, scene=scene
    )
    page = editor_client.get(QUEUE).content.decode()
    assert items(page) == 2
    assert page.index(f"contribution-{older.pk}") < page.index(f"contribution-{newer.pk}")
    assert f"{episode.code}</span>" in page and f"scene {scene.position}: {scene.title}" in page
    assert (
        f'href="{scene.get_absolute_url()}"' in page
        and f'href="/admin/wiki/scene/{scene.pk}/change/"' in page
    )
    assert "“Heat” by The Strokes" in page and "Would add this cue at the end of the scene" in page
    # The listen link is text for the editor to check, never a link.
    assert '<code class="review-url">https://open.spotify.com/track/heat</code>' in page
    assert 'href="https://open.spotify.com' not in page
    assert "(0 accepted · 1 declined · 1 waiting)" in page and "1 more fan</strong> sent the same" in page
    assert "<del>" in page and "<ins>pilot, really</ins>" in page  # the correction's diff


def test_the_queue_filters_by_show_and_counts_each_tab(editor_client, scene, fan):
    suggest(scene, fan, title="Heat", artist="The Strokes")
    elsewhere = f.make_rich_episode(scenes=1).scenes.get()
    suggest(elsewhere, fan, title="Juice", artist="Lizzo")
    assert items(editor_client.get(QUEUE).content.decode()) == 2
    page = editor_client.get(f"{QUEUE}?show={scene.episode.show.slug}").content.decode()
    assert items(page) == 1 and "The Strokes" in page and "Lizzo" not in page
    assert (
        'Waiting <span class="count">1</span>' in page and 'Unreviewed <span class="count">0</span>' in page
    )


def test_stale_fields_of_a_correction_are_marked_in_the_queue(editor_client, scene, fan):
    correct(scene, fan, title="The fan's title", description="What the fan saw, changed.")
    scene.title = "The newer title"
    scene.save()
    page = editor_client.get(QUEUE).content.decode()
    assert page.count("changed since it was proposed") == 1


def test_declining_needs_a_reason_which_the_fan_reads(editor_client, editor, scene, fan):
    contribution = suggest(scene, fan, title="Heat", artist="The Strokes")
    cues = scene.cues.count()
    refused = act(editor_client, "decline", contribution, reason="  ")
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert Contribution.objects.get(pk=contribution.pk).status == "pending"
    response = act(editor_client, "decline", contribution, reason="It is “Heat” by another band.")
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.status, contribution.reviewer) == ("declined", editor)
    assert contribution.decline_reason == "It is “Heat” by another band."
    assert Notification.objects.get(user=fan).message.endswith("was declined: It is “Heat” by another band.")
    assert scene.cues.count() == cues and not scene.cues.filter(song__title="Heat").exists()
    assert items(editor_client.get(QUEUE).content.decode()) == 0


def test_an_unidentified_song_can_only_be_declined(editor_client, scene, fan):
    unknown = report(scene, fan, starts_at=timedelta(minutes=3))
    page = editor_client.get(QUEUE).content.decode()
    assert "A song plays in this scene at 3:00" in page
    assert f"/editors/contributions/{unknown.pk}/accept/" not in page
    assert f"/editors/contributions/{unknown.pk}/decline/" in page
    refused = act(editor_client, "accept", unknown)
    assert refused.status_code == 302
    assert "answered by a suggestion" in editor_client.get(refused.url).content.decode()
    assert Contribution.objects.get(pk=unknown.pk).status == "pending"
    assert act(editor_client, "decline", unknown, reason="No song plays there.").status_code == 302
    assert Contribution.objects.get(pk=unknown.pk).status == "declined"


def test_a_trusted_fans_song_is_published_at_once_then_marked_seen(
    editor_client, editor, scene, fan, settings
):
    make_trusted(fan, scene, editor, settings)
    contribution = suggest(scene, fan, title="Heat", artist="The Strokes")
    assert contribution.status == "published" and scene.cues.filter(song__title="Heat").exists()
    assert items(editor_client.get(QUEUE).content.decode()) == 0
    unreviewed = editor_client.get(f"{QUEUE}?tab=unreviewed").content.decode()
    assert items(unreviewed) == 1 and "Published, unreviewed" in unreviewed and "trusted" in unreviewed
    response = act(editor_client, "seen", contribution, tab="unreviewed")
    assert response.status_code == 302 and response.url == f"{QUEUE}?tab=unreviewed"
    contribution.refresh_from_db()
    assert (contribution.status, contribution.patrolled, contribution.reviewer) == ("accepted", True, editor)
    assert scene.cues.filter(song__title="Heat").exists()
    assert items(editor_client.get(f"{QUEUE}?tab=unreviewed").content.decode()) == 0


def test_declining_a_trusted_fans_song_undoes_it(editor_client, editor, scene, fan, settings):
    make_trusted(fan, scene, editor, settings)
    contribution = suggest(scene, fan, title="Heat", artist="The Strokes")
    cue = contribution.result_cue
    response = act(editor_client, "decline", contribution, reason="Not in this scene.", tab="unreviewed")
    assert response.status_code == 302
    assert not scene.cues.filter(pk=cue.pk).exists()
    contribution.refresh_from_db()
    assert (contribution.status, contribution.result_cue) == ("declined", None)
    assert "declined: Not in this scene." in Notification.objects.get(user=fan).message


def test_marking_seen_is_only_for_published_contributions(editor_client, scene, fan):
    contribution = suggest(scene, fan, title="Heat", artist="The Strokes")
    response = act(editor_client, "seen", contribution)
    assert "nothing to mark seen" in editor_client.get(response.url).content.decode()
    assert Contribution.objects.get(pk=contribution.pk).status == "pending"
    assert not scene.cues.filter(song__title="Heat").exists()


@pytest.mark.parametrize("who", ["anonymous", "reader", "staff without the permission"])
def test_only_reviewers_see_the_queue_or_act_on_it(client, scene, fan, who):
    contribution = suggest(scene, fan, title="Heat", artist="The Strokes")
    if who == "reader":
        client.force_login(make_fan("reader"))
    elif who == "staff without the permission":
        client.force_login(User.objects.create_user("intern", password="pw", is_staff=True))
    pages = [client.get(QUEUE), client.get(f"{QUEUE}{contribution.pk}/")]
    posts = [
        client.post(f"{QUEUE}{contribution.pk}/", {"title": "X", "artist": "Y", "usage": "background"}),
        *(act(client, action, contribution, reason="No.") for action in ("accept", "decline", "seen")),
    ]
    for response in pages + posts:
        if who == "staff without the permission":
            assert response.status_code == 403
        else:
            assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert Contribution.objects.get(pk=contribution.pk).status == "pending"
    assert not scene.cues.filter(song__title__in=["Heat", "X"]).exists()


def test_editors_get_the_permission_from_their_group(editor):
    assert editor.has_perm("recaps.review_contribution")


def test_the_admin_index_links_the_queue_with_the_number_waiting(editor_client, scene, fan):
    suggest(scene, fan, title="Heat", artist="The Strokes")
    report(scene, fan)
    page = editor_client.get("/admin/").content.decode()
    assert f'<a href="{QUEUE}">Fans\' contributions</a>' in page
    assert '<strong id="contributions-waiting">2 waiting</strong>' in page


def fill_queue(n, editor, settings):
    """``n`` of each kind of item the queue shows, each in a show of its own."""
    for _ in range(n):
        scene, quiet = f.make_rich_episode(scenes=2).scenes.all()
        fan, other = make_fan(f"fan{Contribution.objects.count()}"), make_fan(f"other{User.objects.count()}")
        suggest(scene, fan, song=f.make_song(), performers=[scene.characters.first()])
        suggest(scene, fan, title="Heat", artist="The Strokes", listen_url="https://youtu.be/x")
        suggest(scene, other, title="Heat", artist="The Strokes")
        report(quiet, other)  # elsewhere: the trusted fan's song would answer it
        correct(
            scene,
            fan,
            title="New title",
            characters=[*scene.characters.all(), f.make_character(scene.episode.show)],
        )
        correct(scene.episode, other, title="New title", runtime_minutes=42)
        correct(scene.cues.first(), fan, note="Plays twice", performers=[])
        cue = scene.cues.last()
        for voter in (fan, other):
            cue_vote(cue=cue, user=voter, confirms=False)
        trusted = make_fan(f"trusted{User.objects.count()}")
        make_trusted(trusted, scene, editor, settings)
        suggest(scene, trusted, title="Juice", artist="Lizzo")
        correct(scene.episode, trusted, synopsis="Things happen.")


# Session, user, its two permission lookups, the tabs' counts, the paginator's count, the page,
# performers, scenes' characters, cues' performers, one per model the diffs name, the shows.
QUEUE_QUERIES = {"waiting": 13, "unreviewed": 10}


@pytest.mark.parametrize("tab", ["waiting", "unreviewed"])
def test_the_queue_costs_the_same_queries_for_few_and_many_items(editor_client, editor, settings, tab):
    counts = []
    for n, more in ((1, 1), (3, 2)):
        fill_queue(more, editor, settings)
        with CaptureQueriesContext(connection) as ctx:
            response = editor_client.get(f"{QUEUE}?tab={tab}")
        assert response.status_code == 200
        assert items(response.content.decode()) == n * (7 if tab == "waiting" else 2)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == QUEUE_QUERIES[tab], counts


def test_every_kind_has_a_review_page_with_what_it_can_do(editor_client, editor, settings):
    fill_queue(1, editor, settings)
    seen = set()
    for contribution in Contribution.objects.filter(status__in=["pending", "published"]):
        response = editor_client.get(f"{QUEUE}{contribution.pk}/")
        page = response.content.decode()
        assert response.status_code == 200 and f"#{contribution.pk}</span>" in page
        editable = contribution.status == "pending" and contribution.kind in ("song", "correction")
        assert ("Accept with these values" in page) == editable, contribution
        assert ("Mark seen" in page) == (contribution.status == "published")
        seen.add((contribution.kind, contribution.target._meta.model_name, contribution.status))
    assert ("correction", "cue", "pending") in seen and ("correction", "episode", "published") in seen


def test_an_edit_form_out_of_date_or_tampered_with_is_refused_keeping_the_input(editor_client, scene, fan):
    contribution = correct(scene, fan, title="The fan's title")
    response = editor_client.post(f"{QUEUE}{contribution.pk}/", {"title": "Mine", "seen_token": "forged"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This form is out of date" in page and 'value="Mine"' in page
    assert Contribution.objects.get(pk=contribution.pk).status == "pending"


def test_editors_see_contributions_past_their_own_spoiler_shield(editor_client, fan):
    season = f.make_season()
    first, later = f.make_episode(season=season, number=1), f.make_episode(season=season, number=2)
    suggest(f.make_scene(later), fan, title="PLOTTWISTSONG", artist="The Strokes")
    shielded = editor_client.post(
        f"/shows/{season.show.slug}/shield/",
        {"action": "set", "episode": first.pk},
        HTTP_ORIGIN="http://testserver",
    )
    assert shielded.status_code == 302
    assert 'class="spoiler-notice"' in editor_client.get(first.get_absolute_url()).content.decode()
    assert "PLOTTWISTSONG" in editor_client.get(QUEUE).content.decode()
