"""``import_catalogue`` refuses a bad file with a message, and writes nothing."""

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from tests.wiki.test_exports_catalogue import wipe_catalogue
from wiki.models import Artist, Show


@pytest.fixture
def document(client, demo):
    """The demo show's catalogue, then an empty catalogue to import it into."""
    exported = client.get("/shows/soundtrack/catalogue.json").json()
    wipe_catalogue()
    return exported


def write(tmp_path, content):
    path = tmp_path / "catalogue.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def refusal(tmp_path, content):
    with pytest.raises(CommandError) as refused:
        call_command("import_catalogue", write(tmp_path, content), stdout=io.StringIO())
    assert not Show.objects.exists()
    return str(refused.value)


def changed(document, table, index, **values):
    document[table][index].update(values)
    return document


BAD = {
    "not json": (lambda d: "{nope", "This file is not JSON"),
    "a list": (lambda d: [d], 'is not a Cuesheet catalogue (its "format" is not "cuesheet-catalogue")'),
    "another format": (lambda d: d | {"format": "site-json"}, "is not a Cuesheet catalogue"),
    "a later version": (
        lambda d: d | {"version": 2},
        "version 2 of the catalogue format; this site reads version 1",
    ),
    "no version": (lambda d: {k: v for k, v in d.items() if k != "version"}, "version None"),
    "no episodes": (
        lambda d: {k: v for k, v in d.items() if k != "episodes"},
        '"episodes" is missing or is not a list',
    ),
    "an episode without title": (
        lambda d: changed(d, "episodes", 1, title=None),
        'episodes[1]: "title" has the wrong type (NoneType)',
    ),
    "a number as text": (
        lambda d: changed(d, "seasons", 0, number="1"),
        'seasons[0]: "number" has the wrong type',
    ),
    "an unknown season": (
        lambda d: changed(d, "episodes", 0, season=999999),
        "episodes[0]: refers to seasons id 999999, which the file does not have",
    ),
    "an id twice": (lambda d: changed(d, "episodes", 1, id=d["episodes"][0]["id"]), "is used twice"),
    "a time not in ISO 8601": (
        lambda d: changed(d, "scenes", 0, starts_at="12:34"),
        "scenes[0]: '12:34' is not an ISO 8601 duration such as PT12M34S",
    ),
    "a bad date": (lambda d: changed(d, "episodes", 0, air_date="2019-13-45"), "is not a date"),
    "a bad address": (
        lambda d: changed(d, "artists", 0, website="javascript:alert(1)"),
        "artists[0]: website: Enter a valid URL.",
    ),
    "an unknown kind of cue, last": (
        lambda d: changed(d, "cues", len(d["cues"]) - 1, kind="whistled"),
        "kind: Value 'whistled' is not a valid choice.",
    ),
    "an unknown role": (
        lambda d: changed(d, "characters", 0, role="extra"),
        "characters[0]: the role 'extra' is not one of main, recurring, guest.",
    ),
    "a performer the file lacks": (
        lambda d: changed(d, "cues", 0, performers=[424242]),
        "refers to characters id 424242",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD)
def test_bad_catalogue_file_is_refused_with_a_message_and_nothing_written(document, tmp_path, case):
    make, message = BAD[case]
    refused = refusal(tmp_path, make(document))
    assert refused.startswith(f"{tmp_path / 'catalogue.json'} was not imported: ")
    assert message in refused
    assert not Artist.objects.exists()


@pytest.mark.django_db
def test_a_show_the_site_has_is_not_imported_twice(document, tmp_path):
    path = write(tmp_path, document)
    call_command("import_catalogue", path, stdout=io.StringIO())
    with pytest.raises(CommandError, match='This site already has a show "soundtrack"'):
        call_command("import_catalogue", path)
    assert Show.objects.count() == 1


@pytest.mark.django_db
def test_import_reuses_the_songs_artists_and_people_the_site_has(document, tmp_path):
    from tests import factories as f

    f.make_song(slug="heat", title="Heat (the site's own)", artist=f.make_artist(slug="elsewhere"))
    out = io.StringIO()
    call_command("import_catalogue", write(tmp_path, document), stdout=out)
    assert "Imported Soundtrack (soundtrack): 3 episodes" in out.getvalue()
    assert Show.objects.get().episodes.count() == 3
    heat = Show.objects.get().episodes.get(number=2).scenes.get(position=1).cues.get().song
    assert heat.title == "Heat (the site's own)"


@pytest.mark.django_db
def test_refusal_on_the_command_line_is_a_message_not_a_traceback(document, tmp_path, capsys):
    path = write(tmp_path, document | {"version": 7})
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["manage.py", "import_catalogue", path])
    error = capsys.readouterr().err
    assert exit.value.code == 1
    assert "CommandError:" in error and "version 7 of the catalogue format" in error
    assert "Traceback" not in error


@pytest.mark.django_db
def test_a_missing_file_is_refused_with_a_message(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nothing.json: No such file or directory"):
        call_command("import_catalogue", str(tmp_path / "nothing.json"))
