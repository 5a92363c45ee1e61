"""Importing an episode guide from TVmaze's JSON (``recaps.importing.tvmaze``): every row,
the dry run, re-imports, the editor-change rule, hand-entered rows, and every refusal."""

from datetime import date

import pytest

from recaps.importing.base import ImportRefused, run_import
from recaps.importing.registry import import_files
from recaps.importing.tvmaze import TvmazeImporter
from tests import factories as f
from wiki.models import Character, Episode, Person, Scene, Season, Show, SourceRecord

from .tvmaze_files import CAST, GUIDE, NEWER, counts, raw, spoiled, tvmaze

EPISODE_TITLES = [
    "Track 1: Sam and Nellie",
    "Track 2: Joanna and Nellie",
    "Track 3: Sam and Joanna",
    "Track 4: Nellie and Her Mother",
    "Track 5: Sam and the Piano",
    "Track 6: Joanna and the Job",
    "Track 7: Nellie and the Gallery",
    "Track 8: Sam and Nellie, Again",
    "Track 9: Everyone at Once",
    "Track 10: The Last Song",
]
CAST_ROWS = [  # character, slug, person, person's slug
    ("Joanna", "joanna", "Jenna Dewan", "jenna-dewan"),
    ("Nellie", "nellie", "Callie Hernandez", "callie-hernandez"),
    ("Nellie's mother", "nellies-mother", "Madeleine Stowe", "madeleine-stowe"),
    ("Sam", "sam", "Paul James", "paul-james"),
]


def records(kind):
    return {r.external_id: r.target for r in SourceRecord.objects.filter(source="tvmaze", kind=kind)}


@pytest.mark.django_db
def test_a_season_with_its_cast_makes_every_row_with_its_source():
    tvmaze()
    show = Show.objects.get()
    assert (show.title, show.slug, show.network, show.first_year, show.last_year) == (
        "Soundtrack",
        "soundtrack",
        "Netflix",
        2019,
        2019,
    )
    assert show.description.startswith("**Soundtrack** is a musical drama set in Los Angeles")
    assert (show.data_source, show.data_source_url, show.data_license) == (
        "TVmaze",
        "https://www.tvmaze.com/shows/90001/soundtrack",
        "CC BY-SA 4.0",
    )
    season = Season.objects.get()
    assert (season.show, season.number) == (show, 1)
    episodes = list(Episode.objects.order_by("number"))
    assert [(e.season, e.number, e.title) for e in episodes] == [
        (season, n, title) for n, title in enumerate(EPISODE_TITLES, start=1)
    ]
    assert {e.air_date for e in episodes} == {date(2019, 12, 18)}
    assert [e.runtime_minutes for e in episodes] == [43] * 9 + [51]
    assert episodes[1].synopsis == (
        "**Joanna** hears no at one audition after another, while **Nellie** turns a bad first "
        "date with Sam into something she did not plan."
    )
    assert "her mother has opinions about *everything* — the art" in episodes[3].synopsis
    assert (
        episodes[4].synopsis
        == "Sam sits down at a piano for the first time in years.  \nWhat comes out surprises him."
    )
    assert episodes[5].synopsis.startswith('Joanna\'s first weeks in a new job teach her that "helping"')
    assert "<strong>Joanna</strong> hears no" in episodes[1].synopsis_html
    characters = Character.objects.select_related("played_by").order_by("name")
    assert [(c.name, c.slug, c.played_by.name, c.played_by.slug, c.is_main) for c in characters] == [
        (*row, True) for row in CAST_ROWS
    ]
    assert Person.objects.count() == 4
    # Every row carries its TVmaze id: 1 show, 1 season, 10 episodes, 4 people, 4 characters.
    assert records("show") == {"90001": show}
    assert records("season") == {"90001/1": season}
    assert records("episode") == {str(1900000 + e.number): e for e in episodes}
    assert {r.name for r in records("person").values()} == {row[2] for row in CAST_ROWS}
    assert {r.name for r in records("character").values()} == {row[0] for row in CAST_ROWS}
    assert SourceRecord.objects.count() == 20
    assert (
        SourceRecord.objects.get(kind="episode", external_id="1900003").imported["title"] == EPISODE_TITLES[2]
    )


@pytest.mark.django_db
def test_a_special_without_a_number_is_left_out_and_reported():
    report = tvmaze()
    assert report.ignored == [
        (
            "episode 1900099 (S1E?)",
            "a special: TVmaze gives it no episode number, and an episode here needs one",
        )
    ]
    assert not Episode.objects.filter(title="The Making of the Music").exists()


@pytest.mark.django_db
def test_the_show_page_credits_tvmaze_under_its_licence(client):
    tvmaze()
    page = client.get("/shows/soundtrack/").content.decode()
    assert (
        'Episode guide from <a href="https://www.tvmaze.com/shows/90001/soundtrack" rel="nofollow">TVmaze</a>, '
        'under <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">CC BY-SA 4.0</a>.'
    ) in page
    assert "Track 10: The Last Song" in page


@pytest.mark.django_db
def test_a_hand_made_show_has_no_credit_line(client):
    f.make_show(title="Handmade", slug="handmade")
    assert "Episode guide from" not in client.get("/shows/handmade/").content.decode()


@pytest.mark.django_db
def test_imported_episodes_and_characters_are_found_by_search(client):
    tvmaze()
    page = client.get("/search/?q=gallery").content.decode()
    assert (
        '<a href="/shows/soundtrack/season-1/episode-7/">S1E7: Track 7: Nellie and the <mark>Gallery</mark></a>'
        in page
    )
    assert "<mark>Madeleine</mark> Stowe" in client.get("/search/?q=madeleine").content.decode()


@pytest.mark.django_db
def test_a_dry_run_reports_what_it_would_create_and_changes_nothing():
    before = counts()
    report = tvmaze(dry_run=True)
    assert counts() == before
    lines = report.lines()
    assert lines[0] == "Would create 20, would change 0, left alone 0, skipped 0, ignored 1."
    assert lines[1:4] == [
        "+ show 90001 (Soundtrack)",
        "+ Season 1",
        "+ episode 1900001 (S1E1) Track 1: Sam and Nellie",
    ]
    assert "+ character 800002 (Nellie)" in lines
    assert lines[-1].startswith("- episode 1900099 (S1E?): a special")


@pytest.mark.django_db
def test_a_dry_run_of_a_newer_guide_reports_changes_and_what_it_leaves_alone():
    tvmaze()
    before = counts()
    report = tvmaze(guide=NEWER, dry_run=True)
    assert counts() == before
    assert report.created == ["Season 2", "episode 1900011 (S2E1) Track 1: A New Record"]
    assert report.changed == [
        "show 90001 (Soundtrack) (last_year)",
        "episode 1900003 (S1E3) Track 3: Sam and Joanna, at Home (title)",
    ]
    assert len(report.unchanged) == 18
    assert Episode.objects.get(number=3).title == "Track 3: Sam and Joanna"


@pytest.mark.django_db
def test_reimporting_the_same_files_duplicates_nothing_and_leaves_every_row_alone():
    tvmaze()
    before = counts()
    report = tvmaze()
    assert counts() == before
    assert (report.created, report.changed, report.skipped) == ([], [], [])
    assert len(report.unchanged) == 20
    assert str(report).startswith("Created 0, changed 0, left alone 20, skipped 0, ignored 1.")


@pytest.mark.django_db
def test_a_newer_guide_renames_an_episode_and_adds_one():
    tvmaze()
    tvmaze(guide=NEWER)
    assert Episode.objects.get(season__number=1, number=3).title == "Track 3: Sam and Joanna, at Home"
    added = Episode.objects.get(season__number=2, number=1)
    assert (added.title, added.air_date, added.runtime_minutes) == (
        "Track 1: A New Record",
        date(2020, 12, 18),
        44,
    )
    assert (Show.objects.count(), Season.objects.count(), Episode.objects.count()) == (1, 2, 11)
    assert Show.objects.get().last_year == 2020
    assert SourceRecord.objects.count() == 22


@pytest.mark.django_db
def test_a_title_an_editor_changed_is_kept_on_every_later_import_and_reported():
    tvmaze()
    episode = Episode.objects.get(number=3)
    episode.title = "Track 3: Sam, Joanna and the Caseworker"
    episode.save()
    report = tvmaze(guide=NEWER)
    episode.refresh_from_db()
    assert episode.title == "Track 3: Sam, Joanna and the Caseworker"
    assert report.skipped == [
        (
            "episode 1900003 (S1E3) Track 3: Sam and Joanna, at Home: title",
            "changed by an editor since the last import",
        )
    ]
    assert Episode.objects.filter(season__number=2, number=1).exists()  # the rest still imported
    report = tvmaze(guide=NEWER)
    episode.refresh_from_db()
    assert episode.title == "Track 3: Sam, Joanna and the Caseworker"
    assert [why for _, why in report.skipped] == ["changed by an editor since the last import"]


@pytest.mark.django_db
def test_importing_onto_the_hand_entered_demo_show_fills_it_in_without_duplicating(demo):
    scenes = Scene.objects.count()
    report = tvmaze()
    show = Show.objects.get()
    assert (show.slug, show.data_source) == ("soundtrack", "TVmaze")
    assert Season.objects.count() == 1
    assert Episode.objects.count() == 10  # the demo's three, and seven new
    assert Episode.objects.get(number=3).title == "Track 3"  # the demo's, not TVmaze's
    assert Episode.objects.get(number=4).title == "Track 4: Nellie and Her Mother"
    assert Episode.objects.get(number=2).synopsis.startswith("Joanna keeps hearing no")
    assert Scene.objects.count() == scenes
    assert Person.objects.count() == 4
    assert Character.objects.count() == 7  # the demo's seven; the four of the cast matched by name
    nellie = Character.objects.get(name="Nellie")
    assert (nellie.slug, nellie.aliases, nellie.played_by.slug) == (
        "nellie",
        "Nellie Taylor, Nel",
        "callie-hernandez",
    )
    assert records("character")["800002"] == nellie
    assert (
        "episode 1900003 (S1E3) Track 3: Sam and Joanna: title",
        "entered here by hand, not from this source",
    ) in (report.skipped)
    before = counts()
    assert tvmaze().created == [] and counts() == before


@pytest.mark.django_db
def test_new_rows_get_slugs_that_clash_with_nothing():
    f.make_show(title="Soundtrack (UK)", slug="soundtrack")
    f.make_person(name="Paul James Jr.", slug="paul-james")
    other = f.make_show(title="Other", slug="other")
    f.make_character(other, name="Sam", slug="sam")
    tvmaze()
    show = Show.objects.get(data_source="TVmaze")
    assert show.slug == "soundtrack-2"
    assert Person.objects.get(name="Paul James").slug == "paul-james-2"
    assert Character.objects.get(show=show, name="Sam").slug == "sam"  # unique per show


@pytest.mark.django_db
def test_a_second_actor_for_the_same_character_is_left_out_and_reported():
    def recast(cast):
        cast.append({**cast[0], "person": {**cast[0]["person"], "id": 700009, "name": "Someone Else"}})

    report = tvmaze(cast=spoiled(CAST, recast))
    assert Character.objects.get(name="Sam").played_by.name == "Paul James"
    assert report.ignored[-1] == (
        "cast entry 5 (Someone Else as Sam)",
        "the character is already played by Paul James in cast entry 1",
    )


def _drop_number(data):
    del data["_embedded"]["episodes"][4]["number"]


def _duplicate(data):
    data["_embedded"]["episodes"][4]["number"] = 2


def _long_last_title(data):
    data["_embedded"]["episodes"][9]["name"] = "x" * 300


REFUSALS = {
    "malformed JSON": (
        "guide",
        lambda: raw(GUIDE)[:500],
        r"^soundtrack.json: is not valid JSON \(line \d+, column \d+",
    ),
    "too large": (
        "guide",
        lambda: raw(GUIDE) + b" " * (5 * 1024 * 1024),
        r"^soundtrack.json: is larger than 5 MB$",
    ),
    "not UTF-8": (
        "guide",
        lambda: raw(GUIDE).replace(b"Joanna", b"Jo\xe4nna"),
        r"^soundtrack.json: is not UTF-8",
    ),
    "missing episode number": (
        "guide",
        _drop_number,
        r"^soundtrack.json: episode 1900005 \(S1E\?\): number: missing$",
    ),
    "an episode without an id": (
        "guide",
        lambda d: d["_embedded"]["episodes"][2].pop("id"),
        r"^soundtrack.json: episode #3 \(S1E3\): id: missing$",
    ),
    "bad air date": (
        "guide",
        lambda d: d["_embedded"]["episodes"][5].update(airdate="2019-13-45"),
        r'^soundtrack.json: episode 1900006 \(S1E6\): airdate: "2019-13-45" is not a date \(YYYY-MM-DD\)$',
    ),
    "date in another format": (
        "guide",
        lambda d: d.update(premiered="18/12/2019"),
        r'^soundtrack.json: show 90001: premiered: "18/12/2019" is not a date',
    ),
    "script in a summary": (
        "guide",
        lambda d: d["_embedded"]["episodes"][6].update(summary="<p>Hi</p><script>alert(1)</script>"),
        r"^soundtrack.json: episode 1900007 \(S1E7\): summary: holds a <script> tag: HTML with script is refused$",
    ),
    "event handler in a summary": (
        "guide",
        lambda d: d.update(summary='<p><img src="x" onerror="alert(1)">Soundtrack</p>'),
        r"^soundtrack.json: show 90001: summary: holds an event handler \(onerror= on <img>\)",
    ),
    "javascript link in a summary": (
        "guide",
        lambda d: d["_embedded"]["episodes"][0].update(summary='<a href="JaVaScRiPt:alert(1)">x</a>'),
        r"^soundtrack.json: episode 1900001 \(S1E1\): summary: links to a javascript: URL",
    ),
    "runtime as text": (
        "guide",
        lambda d: d["_embedded"]["episodes"][1].update(runtime="43"),
        r'^soundtrack.json: episode 1900002 \(S1E2\): runtime: "43" is not a whole number$',
    ),
    "no episodes embedded": (
        "guide",
        lambda d: d.pop("_embedded"),
        r"^soundtrack.json: show 90001: _embedded.episodes: missing: fetch the show with \?embed\[\]=episodes$",
    ),
    "an episode twice": (
        "guide",
        _duplicate,
        r"^soundtrack.json: episode 1900005 \(S1E2\): number: S1E2 is also episode 1900002 at position 2$",
    ),
    "a title too long (found while writing)": (
        "guide",
        _long_last_title,
        r"^soundtrack.json: episode 1900010 \(S1E10\) x+: title: Ensure this value has at most 200 characters",
    ),
    "a NUL character in a title": (
        "guide",
        lambda d: d["_embedded"]["episodes"][0].update(name="Track\u00001"),
        r"^soundtrack.json: episode 1900001 \(S1E1\): name: holds a NUL character \(\\u0000\)$",
    ),
    "the cast file given as the guide": (
        "guide",
        lambda: raw(CAST),
        r"^soundtrack.json: is a list, not a TVmaze show",
    ),
    "a cast member without a name": (
        "cast",
        lambda d: d[1]["person"].pop("name"),
        r"^soundtrack_cast.json: cast entry 2 person: name: missing$",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_bad_input_is_refused_naming_file_record_and_field_and_changes_nothing(case):
    which, spoil, message = REFUSALS[case]
    name = GUIDE if which == "guide" else CAST
    content = spoil() if spoil.__code__.co_argcount == 0 else spoiled(name, spoil)
    before = counts()
    with pytest.raises(ImportRefused, match=message):
        _import_named(which, name, content)
    assert counts() == before


def _import_named(which, name, content):
    given = {"guide": (GUIDE, raw(GUIDE)), "cast": (CAST, raw(CAST)), which: (name, content)}
    importer = TvmazeImporter()
    return run_import(importer, importer.parse(given))


@pytest.mark.django_db
def test_a_refusal_on_a_reimport_leaves_the_earlier_import_as_it_was():
    tvmaze()
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        _import_named("guide", NEWER, spoiled(NEWER, _long_last_title))
    assert (refused.value.file, refused.value.field) == (NEWER, "title")
    assert refused.value.record.startswith("episode 1900010 (S1E10)")
    assert counts() == before
    assert not Season.objects.filter(number=2).exists()
    assert Show.objects.get().last_year == 2019


@pytest.mark.django_db
def test_a_renumbering_the_database_refuses_is_a_refusal_and_changes_nothing():
    tvmaze()
    before = counts()

    def swap(data):
        episodes = data["_embedded"]["episodes"]
        episodes[2]["number"], episodes[3]["number"] = 4, 3

    with pytest.raises(ImportRefused, match=r"^soundtrack.json: the database refused a row \(") as refused:
        import_files(TvmazeImporter, {"guide": (GUIDE, spoiled(GUIDE, swap))})
    assert "nothing was changed" in str(refused.value)
    assert counts() == before
    assert Episode.objects.get(number=3).title == "Track 3: Sam and Joanna"
