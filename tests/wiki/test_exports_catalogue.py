"""A show's whole catalogue as one JSON document or CSV tables, and back in."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.wiki.conftest import MARKERS
from tests.wiki.test_spoilers import shield_at_s1e2
from wiki.models import Artist, Character, Cue, Episode, Person, Show, Song

# Where each table's references point (the ids that an import gives anew).
REFERENCES = {
    "episodes": {"season": "seasons"},
    "scenes": {"episode": "episodes"},
    "characters": {"played_by": "people"},
    "songs": {"artist": "artists"},
    "cues": {"scene": "scenes", "song": "songs"},
}
TABLES = ["seasons", "episodes", "scenes", "characters", "people", "artists", "songs", "cues"]


def by_content(document):
    """The document with every id replaced by the row's place in its table,
    so two exports of the same catalogue from two sites compare equal."""
    place = {table: {row["id"]: n for n, row in enumerate(document[table])} for table in TABLES}
    same = json.loads(json.dumps(document))
    same["show"]["id"] = 0
    for table in TABLES:
        for row in same[table]:
            row["id"] = place[table][row["id"]]
            for key, target in REFERENCES.get(table, {}).items():
                row[key] = None if row[key] is None else place[target][row[key]]
    for scene in same["scenes"]:
        for seen in scene["characters"]:
            seen["character"] = place["characters"][seen["character"]]
    for cue in same["cues"]:
        cue["performers"] = [place["characters"][pk] for pk in cue["performers"]]
    return same


def export(tmp_path, name="soundtrack.json", *args):
    target = tmp_path / name
    call_command("export_catalogue", "soundtrack", "--output", str(target), *args)
    return target


def wipe_catalogue():
    from recaps.models import Recap

    Recap.objects.all().delete()  # an episode's recaps keep it (PROTECT)
    Show.objects.all().delete()  # seasons, episodes, scenes, cues, characters go with it
    Song.objects.all().delete()
    Artist.objects.all().delete()
    Person.objects.all().delete()


@pytest.mark.django_db
def test_catalogue_exported_wiped_and_imported_exports_the_same_document(demo, tmp_path):
    nellie = Character.objects.get(slug="nellie")
    nellie.bio = "An artist.\n\n::: S1E3\nShe later leaves.\n:::\nSee [[S1E2|the date]]."
    nellie.save()
    scene = Cue.objects.filter(performers=nellie).first().scene
    scene.starts_at = timedelta(minutes=12, seconds=34.5)
    scene.save()
    Cue.objects.filter(scene=scene).update(
        starts_at=timedelta(hours=1, minutes=2, seconds=3), note="Hummed, then sung"
    )
    first = json.loads(export(tmp_path).read_text())
    wipe_catalogue()
    assert not Show.objects.exists()

    call_command("import_catalogue", str(tmp_path / "soundtrack.json"), stdout=io.StringIO())
    second = json.loads(export(tmp_path, "again.json").read_text())

    assert by_content(second) == by_content(first)
    assert len(first["cues"]) == Cue.objects.count() >= 5
    assert first["scenes"][0]["starts_at"] is None
    assert {c["starts_at"] for c in second["cues"]} >= {"PT1H2M3S"}
    assert {s["starts_at"] for s in second["scenes"]} >= {"PT12M34.5S"}
    assert Character.objects.get(slug="nellie").bio_html.count('class="wikilink"') == 1


@pytest.mark.django_db
def test_catalogue_names_its_format_licences_and_stable_ids(client, demo):
    show = Show.objects.get(slug="soundtrack")
    show.data_source, show.data_source_url, show.data_license = (
        "TVmaze",
        "https://www.tvmaze.com/",
        "CC BY-SA 4.0",
    )
    show.save()
    document = client.get("/shows/soundtrack/catalogue.json").json()
    again = client.get("/shows/soundtrack/catalogue.json").json()

    assert (document["format"], document["version"]) == ("cuesheet-catalogue", 1)
    assert document["licence"]["episode_guide"] == {
        "source": "TVmaze",
        "source_url": "https://www.tvmaze.com/",
        "licence": "CC BY-SA 4.0",
    }
    assert "CC BY-SA 4.0" in document["licence"]["site"]["text"]
    assert document["site"]["url"] == "http://testserver/"
    assert document == again
    assert document["show"]["id"] == show.pk
    heat = next(s for s in document["songs"] if s["slug"] == "heat")
    assert heat["id"] == Song.objects.get(slug="heat").pk
    linked = next(s for s in document["songs"] if s["slug"] == "unconditionally")
    assert linked["youtube_url"] == Song.objects.get(slug="unconditionally").youtube_url != ""
    nellie = next(c for c in document["characters"] if c["slug"] == "nellie")
    assert nellie["aliases"] == ["Nellie Taylor", "Nel"]
    assert nellie["role"] == "main"
    assert document["people"][0].keys() == {"id", "slug", "name", "bio"}
    scene = document["scenes"][0]
    assert [key for key in scene] == [
        "id",
        "episode",
        "position",
        "title",
        "description",
        "starts_at",
        "characters",
    ]
    assert [s["position"] for s in document["scenes"] if s["episode"] == scene["episode"]][:3] == [1, 2, 3]


@pytest.mark.django_db
def test_catalogue_download_is_an_attachment_any_cache_may_keep_for_anonymous_readers(client, demo):
    response = client.get("/shows/soundtrack/catalogue.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="soundtrack-catalogue.json"'
    assert "public" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies
    assert client.get("/shows/nope/catalogue.json").json() == {"error": "Not found.", "status": 404}
    assert client.post("/shows/soundtrack/catalogue.json").status_code == 405


@pytest.mark.django_db
def test_show_page_offers_the_catalogue_downloads(client, demo):
    page = client.get("/shows/soundtrack/").content.decode()
    assert 'href="/shows/soundtrack/catalogue.json" download>JSON</a>' in page
    assert 'href="/shows/soundtrack/catalogue-csv.zip" download>CSV (zip)</a>' in page


@pytest.mark.django_db
def test_csv_zip_holds_each_table_with_its_header_in_utf8(client, demo):
    character = Character.objects.get(slug="nellie")
    character.name = "Nellie Zoë"
    character.save()
    document = client.get("/shows/soundtrack/catalogue.json").json()
    response = client.get("/shows/soundtrack/catalogue-csv.zip")

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="soundtrack-catalogue-csv.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    tables = {
        name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
        for name in archive.namelist()
        if name.endswith(".csv")
    }
    assert sorted(tables) == sorted(
        [f"{t}.csv" for t in ["show", *TABLES]] + ["appearances.csv", "cue_performers.csv"]
    )
    assert tables["show.csv"][0][:3] == ["id", "slug", "title"]
    assert tables["episodes.csv"][0] == [
        "id", "season", "number", "code", "title", "air_date", "runtime_minutes", "synopsis", "url"
    ]  # fmt: skip
    assert tables["cues.csv"][0] == ["id", "scene", "position", "song", "kind", "starts_at", "note"]
    assert tables["appearances.csv"][0] == ["scene", "character", "note"]
    assert tables["cue_performers.csv"][0] == ["cue", "character"]
    for table in TABLES:
        assert len(tables[f"{table}.csv"]) == len(document[table]) + 1, table
    assert [row[2] for row in tables["characters.csv"] if row[1] == "nellie"] == ["Nellie Zoë"]
    performers = sum(len(c["performers"]) for c in document["cues"])
    assert len(tables["cue_performers.csv"]) == performers + 1 > 1
    assert "cuesheet-catalogue version 1" in archive.read("README.txt").decode()
    assert client.get("/shows/soundtrack/catalogue-csv.zip").content == response.content


@pytest.mark.django_db
def test_shielded_reader_catalogue_stops_at_their_limit(client, later):
    whole = client.get("/shows/soundtrack/catalogue.json").content.decode()
    assert all(marker in whole for marker in MARKERS)

    shield_at_s1e2(client)
    response = client.get("/shows/soundtrack/catalogue.json")
    shielded, document = response.content.decode(), response.json()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/shows/soundtrack/catalogue-csv.zip").content))
    tables = "".join(archive.read(name).decode() for name in archive.namelist())

    assert [marker for marker in MARKERS if marker in shielded + tables] == []
    assert document["shield"] == {"up_to": "S1E2", "sort_key": 1002}
    assert [e["code"] for e in document["episodes"]] == ["S1E1", "S1E2"]
    assert "Marmalade Sky" not in {s["title"] for s in document["songs"]}
    assert "Heat" in {s["title"] for s in document["songs"]}
    assert "private" in response["Cache-Control"]
    assert "Spoiler shield on: up to S1E2 only." in archive.read("README.txt").decode()


@pytest.mark.django_db
def test_shielded_texts_keep_the_words_of_their_links_but_not_whom_they_name(client, later):
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    episode.synopsis = "Nellie passes [[Quixotica|a stranger]] humming [[song:Heat]]."
    episode.save()
    shield_at_s1e2(client)

    document = client.get("/shows/soundtrack/catalogue.json").json()

    synopsis = next(e["synopsis"] for e in document["episodes"] if e["code"] == "S1E2")
    assert synopsis == "Nellie passes a stranger humming Heat."


def _show_of(size):
    """A show of ``size`` episodes, each with a scene, two characters, two cues."""
    show = f.make_show()
    season = f.make_season(show=show)
    for number in range(1, size + 1):
        episode = f.make_episode(season=season, number=number)
        people = [f.make_character(show, played_by=f.make_person()) for _ in range(2)]
        scene = f.make_scene(episode, characters=people, description="A [[link]].")
        f.make_cue(scene, performers=people)
        f.make_cue(scene, position=2)
    return show


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("download", ["catalogue.json", "catalogue-csv.zip"])
def test_catalogue_query_count_does_not_grow_with_the_show(client, download):
    small, large = _show_of(2), _show_of(30)
    counts = [_queries(client, f"/shows/{show.slug}/{download}") for show in (small, large)]
    # The show, seasons, episodes, scenes, who is in them, characters, cues,
    # who performs them, songs, artists, people.
    assert counts == [11, 11]


@pytest.mark.django_db
def test_shielded_catalogue_query_count_does_not_grow_with_the_show(client, later):
    shield_at_s1e2(client)
    counts = []
    for size in (2, 20):
        show = Show.objects.get(slug="soundtrack")
        season = f.make_season(show=show, number=size)
        for number in range(1, size + 1):
            episode = f.make_episode(season=season, number=number)
            scene = f.make_scene(episode, characters=[f.make_character(show, played_by=f.make_person())])
            f.make_cue(scene)
        counts.append(_queries(client, "/shows/soundtrack/catalogue.json"))
    assert counts[0] == counts[1] <= 14


@pytest.mark.django_db
def test_export_command_writes_csv_tables_and_names_an_unknown_show(demo, tmp_path):
    from django.core.management.base import CommandError

    target = export(tmp_path, "soundtrack.zip", "--format", "csv")
    assert "episodes.csv" in zipfile.ZipFile(target).namelist()
    with pytest.raises(CommandError, match='No show "nope". The shows are: soundtrack.'):
        call_command("export_catalogue", "nope")
    out = io.StringIO()
    call_command("export_catalogue", "soundtrack", stdout=out)
    assert json.loads(out.getvalue())["show"]["slug"] == "soundtrack"
