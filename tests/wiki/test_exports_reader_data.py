"""A signed-in reader's download of their own data: shields, comments, contributions, votes."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from wiki.models import Cue, Episode, ReaderProgress, Scene, Show

URL = "/accounts/data.json"


def activity(user, n=1, words="Mine"):
    """``n`` comments, contributions and votes of ``user`` on the demo show."""
    from recaps.models import Contribution, CueVote

    show = Show.objects.get(slug="soundtrack")
    recap = f.make_recap(Episode.objects.get(show=show, number=2))
    scenes, cues = (
        list(Scene.objects.filter(episode__show=show)),
        list(Cue.objects.filter(scene__episode__show=show)),
    )
    for i in range(n):
        f.make_comment(recap, user=user, name=user.username, body=f"{words} comment {i}")
        Contribution.objects.create(
            kind="song",
            show=show,
            scene=scenes[i % len(scenes)],
            contributor=user,
            song_title=f"{words} song {i}",
        )
    for cue in cues[:n]:
        CueVote.objects.get_or_create(cue=cue, user=user, defaults={"confirms": True})


@pytest.fixture
def fan(demo):
    fan = User.objects.create_user("fan", email="fan@example.com", password="pw")
    ReaderProgress.objects.create(user=fan, show=Show.objects.get(slug="soundtrack"), sort_key=1002)
    return fan


@pytest.mark.django_db
def test_reader_data_has_their_shields_comments_contributions_and_votes_and_no_one_elses(client, fan):
    other = User.objects.create_user("other", password="pw")
    ReaderProgress.objects.create(user=other, show=Show.objects.get(slug="soundtrack"), sort_key=1001)
    activity(fan, n=2, words="Mine")
    activity(other, n=3, words="Theirs")
    client.force_login(fan)

    response = client.get(URL)
    data = response.json()

    assert (data["format"], data["version"]) == ("cuesheet-reader-data", 1)
    assert data["account"]["username"] == "fan" and data["account"]["email"] == "fan@example.com"
    assert [(s["show"], s["up_to"]) for s in data["spoiler_shields"]] == [("soundtrack", "S1E2")]
    assert [c["body"] for c in data["comments"]] == ["Mine comment 0", "Mine comment 1"]
    assert data["comments"][0]["episode"] == "S1E2" and data["comments"][0]["url"].startswith("/recaps/")
    assert [c["song_title"] for c in data["contributions"]] == ["Mine song 0", "Mine song 1"]
    assert len(data["cue_votes"]) == 2 and data["cue_votes"][0]["confirms"] is True
    assert "Theirs" not in response.content.decode() and "other" not in response.content.decode()
    assert "ip_address" not in response.content.decode()


@pytest.mark.django_db
def test_reader_data_is_an_attachment_no_cache_keeps(client, fan):
    client.force_login(fan)
    response = client.get(URL)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="cuesheet-fan-data.json"'
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_reader_data_is_for_signed_in_readers_only(client, demo):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/data.json")


@pytest.mark.django_db
def test_account_page_links_to_the_reader_data(client, fan):
    client.force_login(fan)
    page = client.get("/accounts/password_change/").content.decode()
    assert '<a href="/accounts/data.json" download>download your data (JSON)</a>' in page


@pytest.mark.django_db
def test_reader_data_query_count_does_not_grow_with_their_activity(client, fan):
    client.force_login(fan)
    counts = []
    for n in (1, 4):
        activity(fan, n=n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries.captured_queries))
    # The session and the account, the shields, then comments, contributions
    # and who they name as performers, seconded ones, votes, notifications.
    assert counts == [9, 9]
