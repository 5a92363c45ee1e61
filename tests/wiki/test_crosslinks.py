"""[[Cross-links]] point at catalogue objects: resolved per show, listed as
"Mentioned in", kept whole through renames, visibly missing when nothing is there."""

import pytest

from tests import factories as f
from wiki.models import Character
from wiki.models.links import FormerName, WikiLink


@pytest.fixture
def show(db):
    show = f.make_show(slug="soundtrack", title="Soundtrack")
    season = f.make_season(show=show)
    episode = f.make_episode(season=season, number=3, title="Track 3")
    f.make_character(show, name="Nellie", slug="nellie", aliases="Nel")
    song = f.make_song(title="Heat", slug="heat")
    f.make_cue(f.make_scene(episode), song=song)
    return show


def character_text(show, text):
    return f.make_character(show, name="Writer", slug="writer", bio=text)


@pytest.mark.django_db
def test_links_by_name_alias_label_song_and_episode_code(show):
    html = character_text(show, "[[Nellie]], [[Nel|her]], [[song:Heat]], [[S1E3]], [[s01e03|ep 3]]").bio_html
    assert '<a class="wikilink" href="/shows/soundtrack/characters/nellie/"' in html
    assert ">her</a>" in html and ">Heat</a>" in html and 'href="/songs/heat/"' in html
    assert html.count('href="/shows/soundtrack/season-1/episode-3/"') == 2 and ">ep 3</a>" in html


@pytest.mark.django_db
def test_links_resolve_within_the_texts_show_only(show):
    other = f.make_show(slug="other")
    f.make_character(other, name="Nellie", slug="other-nellie")
    html = f.make_character(other, name="W", slug="w", bio="[[Nellie]]").bio_html
    assert "/shows/other/characters/other-nellie/" in html
    assert "/shows/soundtrack/" not in html


@pytest.mark.django_db
def test_link_to_nothing_is_visibly_missing_and_points_staff_at_the_add_form(client, editor, show):
    writer = character_text(show, "Then [[Bob]] sings [[song:Nope]].")
    assert 'class="wikilink missing"' in writer.bio_html
    assert f"/admin/wiki/character/add/?name=Bob&amp;show={show.pk}" in writer.bio_html
    reader_page = client.get(writer.get_absolute_url()).content.decode()
    assert '<span class="wikilink missing" title="No page yet">Bob</span>' in reader_page
    assert "/admin/wiki/character/add/" not in reader_page
    client.force_login(editor)
    editor_page = client.get(writer.get_absolute_url()).content.decode()
    assert (
        "/admin/wiki/character/add/?name=Bob" in editor_page
        and "/admin/wiki/song/add/?title=Nope" in editor_page
    )


@pytest.mark.django_db
def test_creating_the_missing_target_turns_the_link_into_a_real_one(show):
    writer = character_text(show, "[[Bob]]")
    bob = f.make_character(show, name="Bob", slug="bob")
    writer.refresh_from_db()
    assert 'class="wikilink" href="/shows/soundtrack/characters/bob/"' in writer.bio_html
    assert WikiLink.objects.get(source_id=writer.pk).character == bob


@pytest.mark.django_db
def test_mentioned_in_lists_follow_saves_and_deletes(client, show):
    nellie = Character.objects.get(slug="nellie")
    writer = character_text(show, "Friends with [[Nellie]].")
    assert "Mentioned in" in client.get(nellie.get_absolute_url()).content.decode()
    song_page = client.get("/songs/heat/").content.decode()
    assert "Mentioned in" not in song_page
    writer.bio = "Now only sings [[song:Heat]]."
    writer.save()
    assert "Mentioned in" not in client.get(nellie.get_absolute_url()).content.decode()
    assert (
        'href="/shows/soundtrack/characters/writer/">Writer</a>'
        in client.get("/songs/heat/").content.decode()
    )
    writer.delete()
    assert not WikiLink.objects.exists()
    assert "Mentioned in" not in client.get("/songs/heat/").content.decode()


@pytest.mark.django_db
def test_episode_synopsis_links_are_listed_on_the_target_page(client, show):
    nellie = Character.objects.get(slug="nellie")
    episode = f.make_episode(
        season=show.seasons.get(), number=4, title="Track 4", synopsis="[[Nellie]] again."
    )
    assert "/shows/soundtrack/characters/nellie/" in episode.synopsis_html
    page = client.get(nellie.get_absolute_url()).content.decode()
    assert f'<a href="{episode.get_absolute_url()}">S1E4: Track 4</a>' in page


@pytest.mark.django_db
def test_renaming_a_character_keeps_links_mentions_and_the_old_name_working(client, show):
    nellie = Character.objects.get(slug="nellie")
    writer = character_text(show, "[[Nellie]]")
    nellie.name, nellie.slug = "Nell Taylor", "nell-taylor"
    nellie.save()
    writer.refresh_from_db()
    assert 'href="/shows/soundtrack/characters/nell-taylor/"' in writer.bio_html  # re-rendered
    assert WikiLink.objects.get(source_id=writer.pk).character == nellie
    later = f.make_character(show, name="Later", slug="later", bio="[[Nellie]] is still [[Nellie]].")
    assert "/characters/nell-taylor/" in later.bio_html  # the old name still resolves
    assert "Mentioned in" in client.get(nellie.get_absolute_url()).content.decode()
    assert FormerName.objects.filter(name="Nellie", path="/shows/soundtrack/characters/nellie/").exists()


@pytest.mark.django_db
def test_old_slug_redirects_permanently_to_the_new_address(client, show):
    song = f.make_song(title="Mercy", slug="mercy")
    song.slug = "mercy-duffy"
    song.save()
    song.slug = "mercy-2008"
    song.save()
    for old in ("/songs/mercy/", "/songs/mercy-duffy/"):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == "/songs/mercy-2008/"
    assert client.get("/songs/never-was/").status_code == 404


@pytest.mark.django_db
def test_links_in_code_are_left_alone_and_not_recorded(show):
    writer = character_text(show, "`[[Nellie]]` and\n\n    [[song:Heat]]\n")
    assert "wikilink" not in writer.bio_html and "[[Nellie]]" in writer.bio_html
    assert not WikiLink.objects.exists()
