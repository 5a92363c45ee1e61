"""Fans propose corrections, previewed as a diff against what is there now
(recaps.contributions.suggest_views.correct)."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from recaps.models import Contribution
from tests import factories as f
from tests.recaps.suggest_rows import fan_client, make_catalogue, page_text, shield

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return make_catalogue()


@pytest.fixture
def fan():
    return fan_client()


def correct_url(kind, target):
    return reverse("contrib:correct", kwargs={"kind": kind, "pk": target.pk})


def form_data(client, url, **changes):
    """What the form posts as it comes, with ``changes`` typed in."""
    page = client.get(url).content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if not name or name[1] == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag or 'type="radio"' in tag:
            if "checked" in tag:
                data.setdefault(name[1], []).append(value[1])
        else:
            data[name[1]] = html.unescape(value[1]) if value else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.DOTALL):
        data[name] = html.unescape(text)
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen[1] if chosen else ""
    return data | changes


def test_anonymous_reader_is_sent_to_log_in(client, catalogue):
    url = correct_url("scene", catalogue.scene)
    assert client.get(url)["Location"] == f"/accounts/login/?next={url}"


def test_the_form_starts_from_what_is_there_now(fan, catalogue):
    page = page_text(fan.get(correct_url("scene", catalogue.scene)))
    assert "<h1>Propose a correction</h1>" in page and "scene 1 of S1E1" in page
    assert 'value="The diner"' in page and "Ada orders pie." in page
    assert re.search(rf'value="{catalogue.ada.pk}"[^>]*checked', page)
    assert re.search(rf'value="{catalogue.bea.pk}"(?![^>]*checked)', page)


def test_preview_shows_the_proposal_as_a_diff_and_stores_nothing(fan, catalogue):
    url = correct_url("scene", catalogue.scene)
    data = form_data(
        fan, url, title="The roadside diner", characters=[catalogue.ada.pk, catalogue.bea.pk], preview="1"
    )
    response = fan.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your proposal" in page
    assert "The <ins>roadside </ins>diner" in page or "<ins>roadside </ins>" in page
    assert "<dt>Characters</dt><dd>Ada<ins>, Bea</ins></dd>" in page
    assert "<dt>Description</dt>" not in page  # unchanged fields are not in the diff
    assert 'value="The roadside diner"' in page  # the form keeps what was typed
    assert not Contribution.objects.exists()


def test_sending_stores_only_the_changed_fields_with_what_the_fan_saw(fan, catalogue):
    url = correct_url("scene", catalogue.scene)
    response = fan.post(url, form_data(fan, url, title="The roadside diner", send="1"), follow=True)
    assert response.redirect_chain[-1][0] == catalogue.scene.get_absolute_url()
    assert "It waits for an editor's review" in page_text(response)
    correction = Contribution.objects.get()
    assert (correction.kind, correction.status, correction.scene) == (
        "correction",
        "pending",
        catalogue.scene,
    )
    assert correction.changes == {"title": "The roadside diner"}
    assert correction.base == {"title": "The diner"}
    catalogue.scene.refresh_from_db()
    assert catalogue.scene.title == "The diner"  # nothing changes before review


def test_the_snapshot_is_what_the_fan_saw_even_if_the_page_changed_since(fan, catalogue):
    url = correct_url("scene", catalogue.scene)
    data = form_data(fan, url, title="The roadside diner", send="1")
    catalogue.scene.description = "An editor rewrote this."
    catalogue.scene.save()
    fan.post(url, data)
    correction = Contribution.objects.get()
    # The fan left the old description as it was: no change proposed to it.
    assert correction.changes == {"title": "The roadside diner"}


def test_sending_nothing_changed_is_refused_in_the_form(fan, catalogue):
    url = correct_url("scene", catalogue.scene)
    response = fan.post(url, form_data(fan, url, send="1"))
    assert "Nothing was changed: edit a field to propose a correction." in page_text(response)
    assert not Contribution.objects.exists()


def test_a_tampered_snapshot_is_refused_and_the_form_starts_again_from_now(fan, catalogue):
    url = correct_url("scene", catalogue.scene)
    response = fan.post(url, form_data(fan, url, title="Mine", base="forged", send="1"))
    page = page_text(response)
    assert "This form was out of date or changed on the way" in page
    assert 'value="Mine"' in page and 'value="forged"' not in page
    assert not Contribution.objects.exists()


def test_html_typed_in_a_correction_is_refused_but_an_editors_untouched_text_is_not(fan, catalogue):
    catalogue.scene.description = "Ada orders <em>pie</em>."
    catalogue.scene.save()
    url = correct_url("scene", catalogue.scene)
    refused = fan.post(url, form_data(fan, url, title="<i>Diner</i>", send="1"))
    assert "Use plain text: HTML tags are not allowed here." in page_text(refused)
    fan.post(url, form_data(fan, url, title="The roadside diner", send="1"))
    assert Contribution.objects.get().changes == {"title": "The roadside diner"}


def test_an_episodes_facts_are_stored_normalized(fan, catalogue):
    url = correct_url("episode", catalogue.first)
    page = page_text(fan.get(url))
    assert "S1E1 “Pilot”" in page
    fan.post(url, form_data(fan, url, air_date="2020-02-03", runtime_minutes="44", send="1"))
    assert Contribution.objects.get().changes == {"air_date": "2020-02-03", "runtime_minutes": "44"}


def test_a_characters_bio_is_corrected_as_markdown_plain_text(fan, catalogue):
    url = correct_url("character", catalogue.ada)
    fan.post(url, form_data(fan, url, bio="Ada runs the **diner**.\r\n\r\n\r\n\r\nShe sings.", send="1"))
    assert Contribution.objects.get().changes == {"bio": "Ada runs the **diner**.\n\nShe sings."}


def test_a_cues_song_is_corrected_to_a_catalogue_song_typed_in(fan, catalogue):
    cue = f.make_cue(catalogue.scene, starts_at=timedelta(minutes=12, seconds=34))
    url = correct_url("cue", cue)
    page = page_text(fan.get(url))
    assert f'value="{cue.song.title}"' in page and 'value="12:34"' in page
    fan.post(
        url, form_data(fan, url, song="", title="heat", artist="The Shivers", starts_at="12:40", send="1")
    )
    assert Contribution.objects.get().changes == {"song": str(catalogue.heat.pk), "starts_at": "0:12:40"}


def test_a_cues_song_must_be_in_the_catalogue(fan, catalogue):
    cue = f.make_cue(catalogue.scene)
    url = correct_url("cue", cue)
    response = fan.post(url, form_data(fan, url, song="", title="Zanzibar Nights", artist="Lola", send="1"))
    assert "No song by that title and artist is in the catalogue" in page_text(response)
    assert not Contribution.objects.exists()


def test_a_trusted_fans_correction_is_on_the_page_at_once(fan, catalogue, client, settings):
    settings.CONTRIBUTION_TRUST_AFTER = 0
    url = correct_url("scene", catalogue.scene)
    response = fan.post(url, form_data(fan, url, title="The roadside diner", send="1"), follow=True)
    assert "As a trusted contributor, yours is on the page now" in page_text(response)
    assert Contribution.objects.get().status == "published"
    assert "The roadside diner" in page_text(client.get(catalogue.first.get_absolute_url()))


def test_nothing_a_new_fan_proposes_reaches_the_page_before_review(fan, catalogue, client):
    url = correct_url("scene", catalogue.scene)
    fan.post(url, form_data(fan, url, title="Zanzibar diner", send="1"))
    for reader in (client, fan):
        assert "Zanzibar" not in page_text(reader.get(catalogue.first.get_absolute_url()))


def test_a_shielded_reader_gets_404_for_corrections_of_what_lies_ahead(fan, catalogue):
    cue = f.make_cue(catalogue.later_scene)
    shield(fan, catalogue, catalogue.first)
    for kind, target in [
        ("scene", catalogue.later_scene),
        ("episode", catalogue.second),
        ("character", catalogue.bea),
        ("cue", cue),
    ]:
        assert fan.get(correct_url(kind, target)).status_code == 404, kind
        assert fan.post(correct_url(kind, target), {"send": "1"}).status_code == 404, kind
    page = page_text(fan.get(correct_url("scene", catalogue.scene)))
    assert "Ada" in page and "Bea" not in page


def test_an_unknown_kind_of_correction_is_404(fan, catalogue):
    assert fan.get(f"/contribute/correct/show/{catalogue.show.pk}/").status_code == 404


def test_a_shielded_reader_is_not_shown_a_text_holding_later_episodes(fan, catalogue):
    catalogue.ada.bio = "Runs the diner.\n\n::: S1E2\nShe sold it to Bea.\n:::\n"
    catalogue.ada.save()
    url = correct_url("character", catalogue.ada)
    assert "She sold it" in page_text(fan.get(url))  # no shield: the whole text
    shield(fan, catalogue, catalogue.first)
    page = page_text(fan.get(url))
    assert "She sold it" not in page and "Bea" not in page
    assert "The bio holds parts of episodes you have not watched yet" in page
    assert 'name="bio"' not in page and 'name="base"' not in page


def test_a_synopsis_linking_to_a_later_character_is_withheld_from_a_shielded_reader(fan, catalogue):
    catalogue.first.synopsis = "Ada meets [[Bea]]."
    catalogue.first.save()
    url = correct_url("episode", catalogue.first)
    shield(fan, catalogue, catalogue.first)
    page = fan.get(url).content.decode()
    assert "[[Bea]]" not in page and 'name="synopsis"' not in page
    assert 'name="title"' in page  # the rest of the facts may still be corrected
    signed = re.search(r'name="base" value="([^"]+)"', page)[1]
    from recaps.services import edit_base

    assert "synopsis" not in edit_base(html.unescape(signed))["fields"]
    fan.post(url, form_data(fan, url, title="The pilot", send="1"))
    assert Contribution.objects.get().changes == {"title": "The pilot"}


def test_performers_a_shielded_reader_may_not_see_are_kept_and_never_named(fan, catalogue):
    cue = f.make_cue(catalogue.scene, performers=[catalogue.ada, catalogue.bea])
    shield(fan, catalogue, catalogue.first)
    url = correct_url("cue", cue)
    page = page_text(fan.get(url))
    assert "Ada" in page and "Bea" not in page
    preview = fan.post(url, form_data(fan, url, performers=[], preview="1")).content.decode()
    assert "<dt>Performers</dt><dd><del>Ada</del></dd>" in preview and "Bea" not in preview
    fan.post(url, form_data(fan, url, performers=[], send="1"))
    assert Contribution.objects.get().changes == {"performers": [str(catalogue.bea.pk)]}
