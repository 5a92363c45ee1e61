"""An editor reviews fans' contributions in a real browser: the queue (with a song
suggestion, a correction, an unidentified song and a dispute) passes axe-core, and
accepting a suggestion adds its cue to the scene. Screenshots of the queue."""

import os
import shutil
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, take_screenshots
from tests.factories import make_editor

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("REVIEW_SHOTS", "")  # also copy the screenshots there


@pytest.fixture
def reviewers_group(transactional_db):
    """The Editors group with its permissions, review included: made by data
    migrations, so gone after each transactional test's flush; made again here."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    nodes = [
        ("wiki", "0002_editors_group"),
        ("recaps", "0002_editors_group"),
        ("recaps", "0009_review_contributions"),
    ]
    loader = MigrationLoader(connection)
    apps = loader.project_state(nodes).apps
    for node in nodes:
        for operation in loader.graph.nodes[node].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)


@pytest.fixture
def queue_items(demo_site, settings):
    """A few contributions on the demo show, made through the services as fans would."""
    from django.contrib.auth.models import User

    from recaps.contributions.services import cue_vote
    from tests.recaps.contrib_review import correct, make_fan, report, suggest
    from wiki.models import Cue, Episode

    settings.CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT = settings.CONTRIBUTION_RATE_LIMIT_PER_ADDRESS = 1000
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    first, second = episode.scenes.order_by("position")[:2]
    mina, theo = make_fan("mina"), make_fan("theo")
    song = suggest(
        first,
        mina,
        title="Heat Waves",
        artist="Glass Animals",
        usage="performed",
        performers=list(first.characters.all()[:1]),
        starts_at=timedelta(minutes=12, seconds=34),
        listen_url="https://open.spotify.com/track/3USxtqRwSYz57Ewm6wWRMp",
    )
    suggest(first, theo, title="heat waves", artist="glass animals")
    correct(episode, theo, title=f"{episode.title}, at last", runtime_minutes=44)
    report(second, User.objects.get(username="theo"), starts_at=timedelta(minutes=31))
    cue = Cue.objects.filter(scene__episode=episode).exclude(scene=first).first()
    for voter in (mina, theo):
        cue_vote(cue=cue, user=voter, confirms=False)
    return song


def test_editor_reviews_the_queue_and_accepts_a_song(page, axe, queue_items, reviewers_group):
    make_editor()
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Fans' contributions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fans’ contributions")
    assert page.locator(".review-item").count() == 4
    assert axe(page) == []
    page.locator(".review-decline").nth(1).locator("summary").click()
    take_screenshots(page, "queue")
    page.locator(".review-decline").nth(1).locator("summary").click()
    page.locator(".review-item").nth(1).get_by_role("link", name="Edit then accept").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Correction")
    assert page.get_by_label("Title").input_value().endswith(", at last")
    assert axe(page) == []
    take_screenshots(page, "review_edit", sizes=("desktop",))
    page.get_by_role("link", name="Back to the queue").click()
    item = page.locator(f"#contribution-{queue_items.pk}")
    item.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("Accepted: Song for a scene")
    assert page.locator(".review-item").count() == 3
    page.goto(queue_items.scene.get_absolute_url())
    expect(page.get_by_text("Heat Waves").first).to_be_visible()
    if SHOTS:
        for name in ("queue-desktop", "queue-phone", "review_edit-desktop"):
            shutil.copy(SCREENSHOTS / f"{name}.png", os.path.join(SHOTS, f"{name.replace('-', '_')}.png"))
