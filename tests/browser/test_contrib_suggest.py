"""A signed-in reader suggests a song from the episode page in a real browser:
the autocomplete offers the catalogue's songs, "I don't know it" leaves only
the time, and the form passes axe-core (screenshots at desktop and phone widths)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import take_screenshots

pytestmark = pytest.mark.browser

EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"


@pytest.fixture
def reader(demo_site):
    from django.contrib.auth.models import User

    return User.objects.create_user(username="mina", password="a long passphrase")


def log_in(page, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill("mina")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()


def test_reader_suggests_a_catalogue_song_picked_as_they_type(page, reader, axe):
    from recaps.models import Contribution
    from wiki.models import Scene, Song

    scene = Scene.objects.get(episode__show__slug="soundtrack", episode__number=2, position=1)
    page.goto(EPISODE_2)
    page.get_by_role("link", name="Suggest a song for scene 1", exact=True).click()
    log_in(page, page.url.split("next=")[-1])  # sent to log in, and back
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest a song")

    title = page.get_by_role("combobox", name="Song title")
    title.press_sequentially("mer", delay=30)
    option = page.get_by_role("option", name="Mercy")
    expect(option).to_be_visible()
    take_screenshots(page, "suggest-autocomplete", sizes=("desktop",))
    title.press("ArrowDown")
    title.press("Enter")
    expect(title).to_have_value("Mercy")
    expect(page.get_by_label("Artist")).to_have_value("Duffy")

    expect(page.get_by_role("group", name="Who performs it?")).to_be_hidden()
    page.get_by_label("Performed on screen").check()
    expect(page.get_by_role("group", name="Who performs it?")).to_be_visible()
    page.get_by_label("Roughly when?").fill("3:15")
    take_screenshots(page, "suggest-form")
    assert axe(page) == []
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".messages")).to_contain_text("It waits for an editor's review")
    suggestion = Contribution.objects.get()
    assert (suggestion.scene, suggestion.song) == (scene, Song.objects.get(title="Mercy"))
    assert suggestion.usage == "performed"


def test_i_dont_know_it_leaves_only_the_time(page, reader):
    from wiki.models import Scene

    scene = Scene.objects.get(episode__show__slug="soundtrack", episode__number=2, position=2)
    log_in(page, f"/contribute/scenes/{scene.pk}/song/")
    page.get_by_label("A song plays here but I don't know it").check()
    expect(page.get_by_role("combobox", name="Song title")).to_be_hidden()
    page.get_by_label("Roughly when?").fill("99:99")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert").first).to_contain_text("Please check the field marked below")
    expect(page.get_by_label("Roughly when?")).to_have_value("99:99")
    take_screenshots(page, "suggest-unknown-error")
    page.get_by_label("Roughly when?").fill("9:59")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messages")).to_contain_text("listed under the show's unidentified songs")


def test_reader_previews_a_correction_as_a_diff_then_sends_it(page, reader, axe):
    from recaps.models import Contribution
    from wiki.models import Scene

    scene = Scene.objects.get(episode__show__slug="soundtrack", episode__number=2, position=1)
    log_in(page, f"/contribute/correct/scene/{scene.pk}/")
    page.get_by_label("Title").fill("The audition that goes somewhere")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".diff ins")).to_have_text("somewhere")
    expect(page.locator(".diff del")).to_have_text("nowhere")
    take_screenshots(page, "correct-preview")
    assert axe(page) == []
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messages")).to_contain_text("It waits for an editor's review")
    assert Contribution.objects.get().changes == {"title": "The audition that goes somewhere"}
