"""What readers (and editors previewing) see of recaps."""

from datetime import UTC, datetime

import pytest

from recaps.models import Recap
from tests import factories as f
from tests.wiki.test_discovery import json_ld

DEMO_RECAP = "/recaps/soundtrack/soundtrack-s1e2-dreams-worth-keeping/"


@pytest.mark.django_db
def test_recap_page_shows_byline_date_reading_time_spoiler_notice_and_links(client, demo):
    page = client.get(DEMO_RECAP).content.decode()
    assert "<h1>Dreams worth keeping</h1>" in page
    assert 'By <span class="author">Cuesheet Editors</span>' in page
    assert '<time datetime="2019-12-20T09:00:00+00:00">20 December 2019</time>' in page
    assert "3 min read" in page
    assert "for Soundtrack S1E2, “Track 2: Joanna and Nellie”: this recap tells everything" in page
    assert 'class="wikilink" href="/shows/soundtrack/characters/nellie/"' in page
    assert 'href="/songs/never-gonna-happen/"' in page
    assert "<title>Dreams worth keeping – Soundtrack S1E2 recap · Cuesheet</title>" in page


@pytest.mark.django_db
def test_recap_page_links_previous_and_next_recap_of_the_same_show(client):
    season = f.make_season()
    first, second, third = (f.make_episode(season=season, number=n) for n in (1, 2, 3))
    r1, r2, r3 = (
        f.make_recap(first, title="One"),
        f.make_recap(second, title="Two"),
        f.make_recap(third, title="Three"),
    )
    f.make_recap(f.make_episode(), title="Other show")  # another show: never a neighbour
    f.make_recap(second, title="Draft", status=Recap.Status.DRAFT)
    page = client.get(r2.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{r1.get_absolute_url()}"' in page
    assert f'rel="next" href="{r3.get_absolute_url()}"' in page
    assert "Other show" not in page and "Draft" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Recap.Status.DRAFT, Recap.Status.REVIEW])
def test_unpublished_recap_is_a_404_for_readers_and_a_preview_for_staff(client, editor, status):
    recap = f.make_recap(status=status, title="Secret")
    assert client.get(recap.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(recap.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this recap is" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    admin_page = client.get(f"/admin/recaps/recap/{recap.pk}/change/").content.decode()
    assert "View on site" in admin_page


@pytest.mark.django_db
def test_non_staff_user_cannot_preview_a_draft(client, django_user_model):
    recap = f.make_recap(status=Recap.Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    assert client.get(recap.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_index_lists_published_recaps_newest_first_and_paginates(client):
    for day in range(1, 26):
        f.make_recap(title=f"Recap of day {day:02}", published_at=datetime(2024, 1, day, tzinfo=UTC))
    f.make_recap(title="Hidden draft", status=Recap.Status.DRAFT)
    page = client.get("/recaps/").content.decode()
    assert page.index("Recap of day 25") < page.index("Recap of day 24")
    assert "Recap of day 05" not in page and "Hidden draft" not in page
    assert "Page 1 of 2" in page
    second = client.get("/recaps/?page=2").content.decode()
    assert "Recap of day 01" in second
    assert client.get("/recaps/?page=999").status_code == 200
    assert client.get("/recaps/?page=abc").status_code == 200


@pytest.mark.django_db
def test_show_index_lists_only_that_shows_recaps(client):
    mine = f.make_recap(title="Mine")
    f.make_recap(title="Theirs")
    page = client.get(f"/recaps/{mine.episode.show.slug}/").content.decode()
    assert "Mine" in page and "Theirs" not in page
    assert client.get("/recaps/no-such-show/").status_code == 404


@pytest.mark.django_db
def test_episode_page_shows_every_published_recap_and_no_draft(client):
    episode = f.make_episode()
    f.make_recap(episode, title="First take")
    f.make_recap(episode, title="Second take")
    f.make_recap(episode, title="Unfinished", status=Recap.Status.REVIEW)
    page = client.get(episode.get_absolute_url()).content.decode()
    recaps = page[page.index('id="recaps"') :]
    assert "First take" in recaps and "Second take" in recaps and "Unfinished" not in recaps


@pytest.mark.django_db
def test_changed_recap_slug_redirects_from_the_old_address(client):
    recap = f.make_recap(slug="old-slug")
    old = recap.get_absolute_url()
    recap.slug = "new-slug"
    recap.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == recap.get_absolute_url()


@pytest.mark.django_db
def test_demo_recap_is_published_and_links_its_characters_and_songs(client, demo):
    from django.core.management import call_command

    recap = Recap.objects.get()
    assert recap.is_published and recap.episode.code == "S1E2"
    linked = {link.character.slug for link in recap.links_from.exclude(character=None)}
    assert {"joanna", "nellie", "sam", "levi", "nellies-mother"} <= linked
    assert {link.song.slug for link in recap.links_from.exclude(song=None)} == {
        "heat", "never-gonna-happen", "crash-and-burn-girl", "unconditionally", "mercy"
    }  # fmt: skip
    assert not recap.links_from.filter(character=None, song=None, episode=None).exists()
    updated = recap.updated_at
    call_command("load_demo", no_art=True, stdout=__import__("io").StringIO())
    recap.refresh_from_db()
    assert Recap.objects.count() == 1 and recap.updated_at == updated
    assert "Dreams worth keeping" in client.get("/shows/soundtrack/characters/nellie/").content.decode()


@pytest.mark.django_db
def test_recap_page_has_article_json_ld_with_author_dates_and_episode(client, demo):
    data = json_ld(client.get(DEMO_RECAP).content.decode())
    assert data["@type"] == "Article" and data["headline"] == "Dreams worth keeping"
    assert data["author"] == {"@type": "Person", "name": "Cuesheet Editors"}
    assert data["datePublished"] == "2019-12-20T09:00:00Z"
    assert data["dateModified"] and data["url"] == f"http://testserver{DEMO_RECAP}"
    assert data["description"].startswith("Joanna runs out of auditions")
    assert data["about"]["@type"] == "TVEpisode" and data["about"]["partOfSeries"]["name"] == "Soundtrack"


@pytest.mark.django_db
def test_demo_recap_has_two_readers_comments_one_behind_a_spoiler_click(client, demo):
    page = client.get(DEMO_RECAP).content.decode()
    assert "2 comments" in page and '<span class="comment-author">Priya</span>' in page
    assert "<summary>Spoiler for S1E3: show the comment</summary>" in page


@pytest.mark.django_db
def test_recap_lead_image_shows_in_renditions_without_its_metadata(client):
    from django.core.exceptions import ValidationError
    from PIL import Image

    recap = f.make_recap(lead_image=f.make_image_upload(), lead_image_alt="Joanna on stage")
    stem = recap.lead_image.url[: -len(".jpg")]
    page = client.get(recap.get_absolute_url()).content.decode()
    assert f'<source type="image/webp" srcset="{stem}-160.webp 160w' in page
    assert 'width="1000" height="750" alt="Joanna on stage"' in page
    with Image.open(recap.lead_image.path) as stored:
        assert "Spy Camera" not in str(dict(stored.getexif()))
    recap.lead_image_alt = ""
    with pytest.raises(ValidationError, match="alt text"):
        recap.full_clean()
