"""The admin's Import pages: upload, dry run, confirm, import; for any registered importer."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from recaps.importing import staging
from recaps.importing.base import Importer
from recaps.importing.registry import IMPORTERS
from tests import factories as f
from wiki.models import Episode, Show

from .tvmaze_files import CAST, GUIDE, counts, raw, spoiled

UPLOAD = "/editors/import/tvmaze/"
APPLY = "/editors/import/tvmaze/apply/"


@pytest.fixture(autouse=True)
def _staging_dir(settings, tmp_path):
    settings.IMPORT_STAGING_DIR = tmp_path / "imports"


def upload(client, guide=None, cast=None):
    data = {"guide": SimpleUploadedFile(GUIDE, raw(GUIDE) if guide is None else guide)}
    if cast is not False:
        data["cast"] = SimpleUploadedFile(CAST, raw(CAST) if cast is None else cast)
    return client.post(UPLOAD, data)


def token_of(page):
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_the_admin_home_and_the_show_list_lead_to_the_import(editor_client):
    home = editor_client.get("/admin/").content.decode()
    assert '<a href="/editors/import/">Import</a>' in home
    assert '<a href="/admin/wiki/show/">Shows</a>' in home  # the apps are still listed
    shows = editor_client.get("/admin/wiki/show/").content.decode()
    assert f'<a href="{UPLOAD}">Import episode guide</a>' in shows
    index = editor_client.get("/editors/import/").content.decode()
    assert f'<a href="{UPLOAD}">Episode guide (TVmaze)</a>' in index


def test_the_upload_form_has_a_labelled_field_for_each_file(editor_client):
    page = editor_client.get(UPLOAD).content.decode()
    assert (
        '<label for="id_guide" class="required">TVmaze show JSON (/shows/:id?embed[]=episodes):</label>'
        in page
    )
    assert '<label for="id_cast">TVmaze cast JSON (/shows/:id/cast), optional:</label>' in page
    assert 'enctype="multipart/form-data"' in page


def test_a_dry_run_shows_the_report_then_the_import_applies_it_without_uploading_again(
    editor_client, tmp_path
):
    before = counts()
    page = upload(editor_client).content.decode()
    assert counts() == before, "the dry run changed nothing"
    assert "A dry run: nothing has changed yet. Would create 20, would change 0, left alone 0" in page
    assert (
        "Would create (20)" in page and "<li>episode 1900002 (S1E2) Track 2: Joanna and Nellie</li>" in page
    )
    assert "Ignored, and why (1)" in page
    assert "<li>episode 1900099 (S1E?) — a special: TVmaze gives it no episode number" in page
    assert 'value="Import these changes"' in page
    assert len(list((tmp_path / "imports").iterdir())) == 1, "the files wait on the server"

    done = editor_client.post(APPLY, {"token": token_of(page)}).content.decode()
    assert "Imported. Created 20, changed 0, left alone 0, skipped 0, ignored 1." in done
    show = Show.objects.get()
    assert '<a href="/shows/soundtrack/">View Soundtrack on the site</a>' in done
    assert f'<a href="/admin/wiki/show/{show.pk}/change/">Edit Soundtrack in the admin</a>' in done
    assert Episode.objects.count() == 10
    assert list((tmp_path / "imports").iterdir()) == [], "the staged files are deleted once imported"

    again = editor_client.post(APPLY, {"token": token_of(page)}).content.decode()
    assert "This upload has already been imported, or has expired" in again
    assert Episode.objects.count() == 10


def test_a_second_dry_run_reports_what_is_left_alone(editor_client):
    editor_client.post(APPLY, {"token": token_of(upload(editor_client).content.decode())})
    page = upload(editor_client).content.decode()
    assert "Would create (0)" in page and "Left alone (already up to date) (20)" in page


def test_the_cast_file_is_optional(editor_client):
    page = upload(editor_client, cast=False).content.decode()
    assert "Would create 12," in page


def test_a_refusal_is_a_form_error_on_the_file_and_changes_nothing(editor_client):
    bad = spoiled(GUIDE, lambda d: d["_embedded"]["episodes"][4].pop("number"))
    response = upload(editor_client, guide=bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="errornote" role="alert">Please correct the errors below.</p>' in page
    assert (
        '<ul class="errorlist" id="id_guide_error"><li>Refused, nothing was changed: '
        "soundtrack.json: episode 1900005 (S1E?): number: missing</li></ul>"
    ) in page
    assert not Show.objects.exists()


@pytest.mark.parametrize(
    ("guide", "message"),
    [
        (b"<html>not json</html>", "soundtrack.json: is not valid JSON (line 1, column 1"),
        (raw(GUIDE) + b" " * (5 * 1024 * 1024), "soundtrack.json: is larger than 5 MB"),
        (
            spoiled(GUIDE, lambda d: d.update(summary="<script>alert(1)</script>")),
            "soundtrack.json: show 90001: summary: holds a &lt;script&gt; tag",
        ),
        (
            raw(GUIDE).replace(b"Joanna", b"Jo\x00anna"),
            "soundtrack.json: holds a NUL byte: it is not a text file",
        ),
    ],
    ids=["malformed", "too large", "script", "NUL byte"],
)
def test_each_refusal_names_the_file_and_is_never_a_500(editor_client, guide, message):
    response = upload(editor_client, guide=guide)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Show.objects.exists()


def test_a_refused_cast_file_is_shown_on_the_cast_field(editor_client):
    page = upload(editor_client, cast=b"[{}]").content.decode()
    assert (
        '<ul class="errorlist" id="id_cast_error"><li>Refused, nothing was changed: soundtrack_cast.json: cast entry 1: person: missing'
        in page
    )


def test_the_guide_is_required(editor_client):
    page = editor_client.post(UPLOAD, {}).content.decode()
    assert '<ul class="errorlist" id="id_guide_error"><li>This field is required.</li></ul>' in page


def test_readers_and_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(UPLOAD).status_code == 302
    reader = User.objects.create_user("reader", password="pw")
    client.force_login(reader)
    for url in ("/editors/import/", UPLOAD):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.post(APPLY, {"token": "x"}).status_code == 302


def test_staff_without_permission_to_add_shows_are_refused(client, db):
    client.force_login(User.objects.create_user("intern", password="pw", is_staff=True))
    assert client.get(UPLOAD).status_code == 403
    assert client.post(APPLY, {"token": "x"}).status_code == 403
    assert "You may not run any importer" in client.get("/editors/import/").content.decode()
    assert "Import episode guide" not in client.get("/admin/").content.decode()


def test_an_unknown_importer_is_a_404(editor_client):
    assert editor_client.get("/editors/import/nothing/").status_code == 404


def test_another_editors_token_or_a_forged_one_imports_nothing(client, editor_client):
    token = token_of(upload(editor_client).content.decode())
    client.force_login(f.make_editor("other"))
    page = client.post(APPLY, {"token": token}).content.decode()
    assert "This upload belongs to another editor or importer" in page
    page = client.post(APPLY, {"token": token[:-2] + "xx"}).content.decode()
    assert "This upload has expired (after an hour) or was not found" in page
    assert not Show.objects.exists()


def test_a_token_older_than_an_hour_is_refused(editor_client, monkeypatch):
    token = token_of(upload(editor_client).content.decode())
    monkeypatch.setattr(staging, "MAX_AGE", -1)
    page = editor_client.post(APPLY, {"token": token}).content.decode()
    assert "This upload has expired (after an hour)" in page
    assert not Show.objects.exists()


class TitlesImporter(Importer):
    """A second importer, of the kind that works on a show chosen in the form: one line per
    new episode of its first season, ``number: title``."""

    source = "test-titles"
    title = "Episode titles (test)"
    files = {"titles": "A text file of episode titles"}
    needs_show = True

    def __init__(self, *, show, **kwargs):
        super().__init__(**kwargs)
        self.show = show

    def parse(self, files):
        self.file, content = files["titles"]
        return content.decode().splitlines()

    def run(self, data):
        season = self.show.seasons.get(number=1)
        for line in data:
            number, title = line.split(": ", 1)
            values = {"season_id": season.pk, "number": int(number), "title": title}
            self.sync(Episode, kind="episode", external_id=number, values=values, label=line)


def test_an_importer_that_needs_a_show_gets_the_one_chosen_in_the_form(editor_client, demo, monkeypatch):
    monkeypatch.setitem(IMPORTERS, "titles", TitlesImporter)
    show = Show.objects.get(slug="soundtrack")
    page = editor_client.get("/editors/import/titles/").content.decode()
    assert '<label for="id_show" class="required">Show:</label>' in page
    assert f'<option value="{show.pk}">Soundtrack</option>' in page
    data = {"show": show.pk, "titles": SimpleUploadedFile("titles.txt", b"11: Track 11: Bonus")}
    page = editor_client.post("/editors/import/titles/", data).content.decode()
    assert "Would create (1)" in page and "<li>11: Track 11: Bonus</li>" in page
    done = editor_client.post("/editors/import/titles/apply/", {"token": token_of(page)}).content.decode()
    assert "View Soundtrack on the site" in done
    assert Episode.objects.get(show=show, number=11).title == "Track 11: Bonus"


def test_the_import_pages_query_count_does_not_grow_with_the_catalogue(editor_client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setitem(IMPORTERS, "titles", TitlesImporter)
    counts = []
    for extra in (1, 30):
        for _ in range(extra):
            f.make_show()
        with CaptureQueriesContext(connection) as queries:
            for url in ("/editors/import/", UPLOAD, "/editors/import/titles/"):
                assert editor_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 20, counts


def test_editors_import_a_soundtrack_list_from_the_admin_with_a_dry_run_first(editor_client, demo):
    from pathlib import Path

    from wiki.models import Cue

    show = Show.objects.get(slug="soundtrack")
    listing = (Path(__file__).parent / "data" / "soundtrack" / "list.csv").read_bytes()
    cues = Cue.objects.count()
    assert "Soundtrack list (CSV or JSON)" in editor_client.get("/editors/import/").content.decode()
    data = {"show": show.pk, "list": SimpleUploadedFile("list.csv", listing)}
    page = editor_client.post("/editors/import/soundtrack/", data).content.decode()
    assert "A dry run: nothing has changed yet." in page and "Ignored, and why" in page
    assert Cue.objects.count() == cues
    editor_client.post("/editors/import/soundtrack/apply/", {"token": token_of(page)})
    assert Cue.objects.count() > cues
