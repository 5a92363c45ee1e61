"""Importing soundtrack lists (``recaps.importing.soundtrack``) into the demo show,
from the saved example files in tests/recaps/data/soundtrack/ and bad inputs built here."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from recaps.importing.base import ImportRefused, run_import
from recaps.importing.soundtrack import SoundtrackImporter
from recaps.importing.soundtrack.values import artist_key, song_key
from tests.factories import make_artist
from wiki.models import Artist, Character, Cue, Episode, Scene, Song, SourceRecord

DATA = Path(__file__).parent / "data" / "soundtrack"
HEADER = "season,episode,order,scene,song,artist,kind,performers,starts_at,confidence,spotify_id,note\n"


def run(name, content=None, *, dry_run=False):
    """Import the example file ``name`` (or ``content`` under that name) into the demo show."""
    importer = SoundtrackImporter(show=Episode.objects.get(number=2).show)
    content = (DATA / name).read_bytes() if content is None else content
    return run_import(importer, importer.parse({"list": (name, content)}), dry_run=dry_run)


def csv_list(*rows):
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def catalogue():
    """Every row an import may write, to compare before and after."""
    rows = {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Artist, Song, Scene, Cue, Cue.performers.through, SourceRecord)
    }
    for row in rows["SourceRecord"] + rows["Song"]:
        row.pop("imported_at", None), row.pop("updated_at", None)
    return rows


def cue_sheet(number):
    """Each cue of episode ``number`` as a reader sees it, in order."""
    cues = Cue.objects.filter(scene__episode__number=number).select_related("scene", "song__artist")
    return [
        (
            cue.scene.position,
            cue.scene.title,
            cue.position,
            cue.song.title,
            cue.song.artist.name,
            cue.kind,
            sorted(cue.performers.values_list("name", flat=True)),
            str(cue.starts_at) if cue.starts_at is not None else None,
            cue.note,
        )
        for cue in cues.order_by("scene__position", "position")
    ]


LONG_SCENE = (
    "Much later, Nellie sits alone in her studio with the sketchbook open and hums to herself "
    "before she starts to paint again"
)
EPISODE_2 = [
    (1, "The audition that goes nowhere", 1, "Heat", "Kelly Clarkson", "performed", ["Joanna"], "0:03:10",
     "Joanna's opening number"),
    (7, "A very expensive second date", 1, "Never Gonna Happen", "Lily Allen", "performed", ["Nellie"], "0:21:05", ""),
    (8, "Inside the box", 1, "Crash and Burn Girl", "Robyn", "performed", ["Joanna"], None, ""),
    (10, "Two auditions, one mash-up", 1, "Unconditionally", "Katy Perry", "performed", ["Nellie"], "0:35:20", ""),
    (10, "Two auditions, one mash-up", 2, "Mercy", "Duffy", "performed", ["Joanna"], "0:35:20", ""),
    (13, "Joanna ices her feet while her phone rings", 1, "Dancing On My Own", "Robyn", "background", [], "0:07:45",
     ""),
    (14, "Much later, Nellie sits alone in her studio with the sketchbook open and hums…", 1, "Hoppípolla",
     "Sigur Rós", "performed", ["Nellie"], "0:41:02", "Hummed only"),
]  # fmt: skip
EPISODE_1 = [(1, "Opening", 1, "Coming Home", "Leon Bridges", "opening", [], "0:00:00", "")]
EPISODE_3 = [(1, "Nellie paints in her studio", 1, "Here Comes The Sun", "The Beatles", "background", [], "1:02:03", "")]  # fmt: skip

CSV_IGNORED = [
    ("header", "column 'source_url' is not one Cuesheet reads"),
    ("row 10", "song 'Untitled' is unidentified"),
    ("row 11", "song '?' is unidentified"),
    ("row 12", "Shake It Off: confidence 0.2 is below 0.5, unconfirmed"),
    ("S1E9", "no S1E9 in Soundtrack: 1 song(s) not imported"),
    ("S3E1", "no S3E1 in Soundtrack, which has no season 3: 1 song(s) not imported"),
    ("row 6", "Never Gonna Happen: repeats row 5 in the same scene, merged"),
    ("row 9: performer Bob", "not a character of Soundtrack"),
]
JSON_IGNORED = [
    ("S1E2 (episode block 3)", "repeats S1E2 (episode block 1): its 1 song(s) are merged into it"),
    ("S1E2 song 8", "song 'Untitled' is unidentified"),
    ("S1E2 song 9", "Shake It Off: confidence 0.25 is below 0.5, unconfirmed"),
    ("S1E3", "no songs listed"),
    ("S1E9", "no S1E9 in Soundtrack: 1 song(s) not imported"),
    ("S3E1", "no S3E1 in Soundtrack, which has no season 3: 1 song(s) not imported"),
    ("S1E2 song 4", "Never Gonna Happen: repeats S1E2 song 3 in the same scene, merged"),
    ("S1E2 song 1 (episode block 3)", "Mercy: repeats S1E2 song 6 in the same scene, merged"),
    ("S1E2 song 7: performer Bob", "not a character of Soundtrack"),
]


def test_the_demo_cue_sheet_is_what_the_imports_start_from(demo):
    assert [row[:7] for row in cue_sheet(2)] == [
        (1, "The audition that goes nowhere", 1, "Heat", "Kelly Clarkson", "performed", ["Joanna"]),
        (7, "A very expensive second date", 1, "Never Gonna Happen", "Lily Allen", "performed", ["Nellie"]),
        (8, "Inside the box", 1, "Crash and Burn Girl", "Robyn", "performed", ["Joanna"]),
        (10, "Two auditions, one mash-up", 1, "Unconditionally", "Katy Perry", "performed", ["Nellie"]),
        (10, "Two auditions, one mash-up", 2, "Mercy", "Duffy", "performed", ["Joanna"]),
    ]
    assert Scene.objects.filter(episode__number=2).count() == 12


def test_a_csv_list_becomes_scenes_songs_artists_and_cues_of_existing_episodes(demo):
    artists = Artist.objects.count()
    report = run("list.csv")
    assert cue_sheet(2) == EPISODE_2
    assert cue_sheet(1) == EPISODE_1
    assert cue_sheet(3) == EPISODE_3
    # New scenes come after the existing twelve, in the list's order; a long text is the description.
    assert list(
        Scene.objects.filter(episode__number=2, position__gt=12).values_list("description", flat=True)
    ) == [
        "",
        LONG_SCENE,
    ]
    assert Artist.objects.count() == artists + 3  # Sigur Rós, Leon Bridges, The Beatles
    heat = Song.objects.get(title="Heat")
    assert (heat.spotify_url, heat.apple_music_url, heat.youtube_url) == (
        "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
        "https://music.apple.com/us/song/1440857781",
        "",
    )
    assert Song.objects.get(title="Here Comes The Sun").spotify_url == (
        "https://open.spotify.com/track/6dGnYIeXmHdcikdzNNDMm2"
    )
    assert report.ignored == CSV_IGNORED
    assert (len(report.created), len(report.changed), len(report.skipped)) == (15, 5, 0)


def test_a_json_list_imports_the_same_cue_sheet(demo):
    report = run("list.json")
    assert cue_sheet(2) == EPISODE_2
    assert cue_sheet(1) == EPISODE_1
    assert cue_sheet(3) == []
    assert report.ignored == JSON_IGNORED
    records = SourceRecord.objects.filter(source="soundtrack")
    assert set(records.filter(kind="song").values_list("external_id", flat=True)) == {
        f"id:tf-{n}" for n in (101, 102, 103, 104, 105, 106, 111)
    }
    assert set(
        records.filter(kind="cue", external_id__startswith="s1e2:").values_list("object_id", flat=True)
    ) == set(
        Cue.objects.filter(scene__episode__number=2)
        .exclude(song__title="Crash and Burn Girl")
        .values_list("pk", flat=True)
    )  # every cue of the list, and none the list does not name


def test_songs_and_artists_are_matched_by_normalised_name_never_duplicated(demo):
    robyn, heat = Artist.objects.get(name="Robyn"), Song.objects.get(title="Heat")
    beatles = make_artist(name="The Beatles", slug="the-beatles")
    run("list.csv")
    assert Song.objects.filter(title__icontains="heat").count() == 1
    assert Song.objects.get(title="Dancing On My Own").artist == robyn
    assert Song.objects.get(title="Here Comes The Sun").artist == beatles  # listed as "Beatles, The"
    assert Cue.objects.filter(song=heat).count() == 1
    assert Artist.objects.filter(name__icontains="beatles").count() == 1


@pytest.mark.parametrize(
    "title",
    ["Heat (Remastered 2011)", "Heat - 2011 Remaster", "HEAT [Live]", "Heat (feat. Someone Else)", "heat!"],
)
def test_a_release_title_names_its_song(title):
    assert song_key(title) == song_key("Heat")


@pytest.mark.parametrize(
    "name", ["Beatles, The", "the beatles", "THE BEATLES", "The Beatles feat. Billy Preston"]
)
def test_an_artist_credit_names_its_artist(name):
    assert artist_key(name) == artist_key("The Beatles")


def test_accents_and_ampersands_do_not_tell_artists_apart():
    assert artist_key("Sigur Ros") == artist_key("Sigur Rós")
    assert artist_key("Simon and Garfunkel") == artist_key("Simon & Garfunkel")


def test_a_dry_run_reports_what_it_would_do_and_changes_nothing(demo):
    before = catalogue()
    report = run("list.csv", dry_run=True)
    assert catalogue() == before
    lines = report.lines()
    assert lines[0] == "Would create 15, would change 5, left alone 11, skipped 0, ignored 8."
    assert "+ song Hoppípolla (Sigur Rós)" in lines
    assert "+ S1E2 scene 13: Joanna ices her feet while her phone rings" in lines
    assert "~ song Heat (Kelly Clarkson) (spotify_url, apple_music_url)" in lines
    assert "~ S1E2 cue Heat in scene 1 (starts_at, note)" in lines
    assert "- row 12: Shake It Off: confidence 0.2 is below 0.5, unconfirmed" in lines
    assert report.created == run("list.csv").created  # the real run does what the dry run said


@pytest.mark.parametrize("name", ["list.csv", "list.json"])
def test_reimporting_the_same_list_changes_nothing_and_says_so(demo, name):
    first = run(name)
    after_first = catalogue()
    again = run(name)
    assert catalogue() == after_first
    assert (again.created, again.changed, again.skipped) == ([], [], [])
    assert len(again.unchanged) == len(first.created) + len(first.changed) + len(first.unchanged)
    assert str(again).startswith(f"Created 0, changed 0, left alone {len(again.unchanged)}, skipped 0,")


def test_a_json_list_of_the_songs_a_csv_brought_duplicates_nothing(demo):
    run("list.csv")
    cues, songs, scenes = Cue.objects.count(), Song.objects.count(), Scene.objects.count()
    report = run("list.json")
    assert (Cue.objects.count(), Song.objects.count(), Scene.objects.count()) == (cues, songs, scenes)
    assert report.created == [] and report.skipped == []


def test_a_newer_list_adds_its_new_songs_and_updates_what_changed(demo):
    run("list.csv")
    report = run("list_newer.csv")
    assert report.created == [
        "artist Imogen Heap",
        "song Hide and Seek (Imogen Heap)",
        "S1E3 cue Hide and Seek in scene 1",
    ]
    assert report.changed == [
        "S1E2 cue Dancing On My Own in scene 13 (starts_at)",
        "song Hoppípolla (Sigur Rós) (youtube_url)",
    ]
    assert cue_sheet(3) == [
        *EPISODE_3,
        (1, "Nellie paints in her studio", 2, "Hide and Seek", "Imogen Heap", "background", [], "1:05:00", ""),
    ]  # fmt: skip
    assert str(Cue.objects.get(song__title="Dancing On My Own").starts_at) == "0:07:50"
    assert Song.objects.get(title="Hoppípolla").youtube_url == "https://www.youtube.com/watch?v=Uh5EQ6yDbEI"


def test_a_reimport_keeps_what_an_editor_changed_since_the_last_one_and_reports_it(demo):
    run("list.csv")
    Song.objects.filter(title="Heat").update(title="Summer Heat")
    Cue.objects.filter(song__title="Summer Heat").update(note="A cappella, then the band")
    dancing = Cue.objects.get(song__title="Dancing On My Own")
    dancing.kind = Cue.Kind.PERFORMED
    dancing.save()
    Cue.objects.get(song__title="Hoppípolla").performers.set([Character.objects.get(name="Sam")])
    for _ in range(2):  # and the next import keeps them too
        report = run("list_newer.csv")
        assert report.skipped == [
            ("song Heat (Kelly Clarkson): title", "changed by an editor since the last import"),
            ("S1E2 cue Summer Heat in scene 1: note", "changed by an editor since the last import"),
            ("S1E2 cue Dancing On My Own in scene 13: kind", "changed by an editor since the last import"),
            ("S1E2 cue Hoppípolla in scene 14: performers", "changed by an editor since the last import"),
        ]
    assert Song.objects.filter(title__icontains="heat").get().title == "Summer Heat"
    sheet = {row[3]: row for row in cue_sheet(2)}
    assert sheet["Summer Heat"][8] == "A cappella, then the band"
    # The list's new time still arrives.
    assert sheet["Dancing On My Own"][5:8] == ("performed", [], "0:07:50")
    assert sheet["Hoppípolla"][6] == ["Sam"]


def test_a_field_the_last_import_left_blank_is_the_editors_once_they_fill_it(demo):
    run("note.csv", csv_list("1,2,1,Phone call,Dancing On My Own,Robyn,,,,,,"))
    Cue.objects.filter(song__title="Dancing On My Own").update(note="Her mother again")
    report = run("note.csv", csv_list("1,2,1,Phone call,Dancing On My Own,Robyn,,,,,,From the list"))
    assert Cue.objects.get(song__title="Dancing On My Own").note == "Her mother again"
    assert report.skipped == [
        ("S1E2 cue Dancing On My Own in scene 13: note", "entered here by hand, not from this source")
    ]


def test_a_hand_entered_cue_gets_the_lists_blanks_but_keeps_its_own_values(demo):
    report = run(
        "hand.csv", csv_list("1,2,1,The audition that goes nowhere,Heat,Kelly Clarkson,background,,,,,")
    )
    heat = Cue.objects.get(song__title="Heat")
    assert heat.kind == "performed" and Cue.objects.filter(song__title="Heat").count() == 1
    assert report.skipped == [
        ("S1E2 cue Heat in scene 1: kind", "entered here by hand, not from this source")
    ]


def test_a_csv_is_read_whatever_its_columns_order_and_spacing(demo):
    content = "\ufeff  Artist ,TIMESTAMP,Episode,Song\r\n\r\n Robyn ,  1:15 ,S01E02,  Dancing On My Own  \r\n"
    report = run("tidy.csv", content.encode())
    assert report.ignored == []
    assert cue_sheet(2)[-1] == (13, "Songs not yet placed in a scene", 1, "Dancing On My Own", "Robyn", "background",
                                [], "0:01:15", "")  # fmt: skip


def test_seasons_however_labelled_are_read_and_one_the_show_lacks_is_ignored(demo):
    rows = [f"{season},2,1,Phone call,Dancing On My Own,Robyn,,,,,," for season in ("S01", "Season 1", " 1 ")]
    report = run("seasons.csv", csv_list(*rows, "2019,2,1,Phone call,Mercy,Duffy,,,,,,"))
    assert report.ignored == [
        ("S2019E2", "no S2019E2 in Soundtrack, which has no season 2019: 1 song(s) not imported"),
        ("row 3", "Dancing On My Own: repeats row 2 in the same scene, merged"),
        ("row 4", "Dancing On My Own: repeats row 2 in the same scene, merged"),
    ]
    assert [row[3] for row in cue_sheet(2)][-1] == "Dancing On My Own"


def test_a_scene_is_matched_by_its_description_as_well_as_its_title(demo):
    described = Scene.objects.get(episode__number=2, position=2)
    report = run("scene.csv", csv_list(f'1,2,1,"{described.description.upper()}",Mercy,Duffy,,,,,,'))
    assert Cue.objects.get(scene=described).song.title == "Mercy"
    assert Scene.objects.filter(episode__number=2).count() == 12
    assert report.skipped == [] and "S1E2 scene 2: Sore feet and a phone call" in report.unchanged


def test_html_in_a_field_is_read_as_plain_text(demo):
    run(
        "tags.csv",
        csv_list("1,2,1,<b>The  audition</b> that goes nowhere,Heat,Guns N&#39; Roses &amp; Co,,,,,,"),
    )
    cue = Cue.objects.get(song__artist__name="Guns N' Roses & Co")
    assert (cue.song.title, cue.scene.position) == ("Heat", 1)


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("list.json", b'{"episodes": [\n  {"season": 1,', r"^list\.json: is not valid JSON \(line 2, column"),
        ("list.json", b'{"episodes": {"season": 1}}', r"^list\.json: episodes: is not a list of episodes$"),
        ("list.csv", b"season,episode,song\n1,2,Heat\n", r"^list\.csv: header: has no column for artist"),
        ("list.csv", b"", r"^list\.csv: is empty$"),
        ("list.csv", b"season,episode,song,artist\n1,2,H\xe9at,Kelly\n", r"^list\.csv: is not UTF-8 text"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,Kelly Clarkson", "1,,2,Scene,Mercy,Duffy"),
         r"^list\.csv: row 3: episode: missing$"),
        ("list.csv", csv_list("Specials,2,1,Scene,Heat,Kelly Clarkson"),
         r"^list\.csv: row 2: season: 'Specials' is not a number$"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,Kelly Clarkson,,,12:3x"),
         r"^list\.csv: row 2: starts_at: '12:3x' is not a time \(mm:ss or h:mm:ss\)$"),
        ("list.csv", csv_list("1,2,first,Scene,Heat,Kelly Clarkson"), r"^list\.csv: row 2: order: 'first' is not a number$"),
        ("list.csv", csv_list("1,2,nan,Scene,Heat,Kelly Clarkson"), r"^list\.csv: row 2: order: 'nan' is not a number$"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,Kelly Clarkson,hummed"),
         r"^list\.csv: row 2: kind: 'hummed' is not one of performed, background, opening, end credits$"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,Kelly Clarkson,,,,maybe"), r"^list\.csv: row 2: confidence: 'maybe' is not"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,Kelly Clarkson,,,,,not-a-track"),
         r"^list\.csv: row 2: spotify_id: 'not-a-track' is not a Spotify track id"),
        ("list.csv", csv_list(f"1,2,1,Scene,{'H' * 201},Kelly Clarkson"),
         r"^list\.csv: row 2: title: is 201 characters long, more than 200$"),
        ("list.csv", csv_list("1,2,1,Scene,<script>alert(1)</script>,Kelly Clarkson"),
         r"^list\.csv: row 2: title: holds HTML with script"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,javascript:alert(1)"), r"^list\.csv: row 2: artist: holds HTML with script"),
        ("list.csv", csv_list('1,2,1,<img src=x onerror="alert(1)">,Heat,Kelly'), r"^list\.csv: row 2: scene: holds HTML"),
        ("list.csv", csv_list("1,2,1,Scene,Heat,Kelly,,,,,,&lt;script&gt;x"), r"^list\.csv: row 2: note: holds HTML"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)  # fmt: skip
def test_bad_input_is_refused_naming_file_record_and_field_and_changes_nothing(demo, name, content, refusal):
    before = catalogue()
    with pytest.raises(ImportRefused, match=refusal):
        run(name, content)
    assert catalogue() == before


def test_a_50_mb_list_is_refused_before_it_is_read(demo):
    before = catalogue()
    with pytest.raises(ImportRefused, match=r"^list\.csv: is larger than 5 MB$"):
        run("list.csv", b"season,episode,song,artist\n" + b"1,2,Heat,Kelly Clarkson\n" * 2_200_000)
    assert catalogue() == before


def json_list(songs=None, **episode):
    episode = {"season": 1, "episode": 2, "songs": songs or [], **episode}
    return json.dumps({"show": {"name": "Soundtrack"}, "episodes": [episode]}).encode()


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (json_list(episode=None), r"^list\.json: episode block 1: episode: missing$"),
        (json_list(episode="two"), r"^list\.json: episode block 1: episode: 'two' is not a number$"),
        (json_list(songs={"title": "Heat"}), r"^list\.json: S1E2 \(episode block 1\): songs: is not a list$"),
        (json_list([{"title": "Heat", "artist": "Kelly Clarkson", "timestamp": "soon"}]),
         r"^list\.json: S1E2 song 1: starts_at: 'soon' is not a time"),
        (json_list([{"title": "Heat", "artist": {"name": "Kelly"}, "performed_by": {"name": "Joanna"}}]),
         r"^list\.json: S1E2 song 1: performers: is neither a list of names nor text$"),
        (json_list([{"title": ["Heat"], "artist": "Kelly"}]), r"^list\.json: S1E2 song 1: title: is list, not text$"),
        (json_list([{"title": "Heat", "artist": "Kelly", "youtube_id": "x" * 12}]),
         r"^list\.json: S1E2 song 1: youtube_id: 'x{12}' is not a YouTube video id"),
        (json_list([{"title": "Heat", "artist": "Kelly", "apple_music_id": "12a45"}]),
         r"^list\.json: S1E2 song 1: apple_music_id: '12a45' is not an Apple Music song id"),
        (json_list([{"title": "Heat", "artist": "Kelly", "confidence": 3}]),
         r"^list\.json: S1E2 song 1: confidence: '3' is not between 0 and 1$"),
        (json_list([{"title": "Heat", "artist": "Kelly", "lyrics_html": "<p onclick='steal()'>la</p>"}]),
         r"^list\.json: \$\.episodes\[0\]\.songs\[0\]\.lyrics_html: holds HTML with script"),
        (json.dumps({"show": {"name": "Friends"}, "episodes": []}).encode(),
         r"^list\.json: show: this list is for 'Friends', not Soundtrack$"),
    ],
)  # fmt: skip
def test_a_bad_json_list_is_refused_naming_the_song_and_field_and_changes_nothing(demo, content, refusal):
    before = catalogue()
    with pytest.raises(ImportRefused, match=refusal):
        run("list.json", content)
    assert catalogue() == before


def test_the_command_prints_the_report_and_a_dry_run_changes_nothing(demo):
    before = catalogue()
    out = io.StringIO()
    call_command("import_soundtrack", str(DATA / "list.csv"), "--show", "soundtrack", "--dry-run", stdout=out)
    assert out.getvalue().startswith(
        "Would create 15, would change 5, left alone 11, skipped 0, ignored 8.\n"
    )
    assert "- S1E9: no S1E9 in Soundtrack: 1 song(s) not imported\n" in out.getvalue()
    assert catalogue() == before
    out = io.StringIO()
    call_command("import_soundtrack", str(DATA / "list.csv"), "--show", "soundtrack", stdout=out)
    assert out.getvalue().startswith("Created 15, changed 5,")
    assert cue_sheet(2) == EPISODE_2


def test_the_command_refuses_bad_input_with_a_non_zero_exit_and_changes_nothing(demo, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_list("1,2,1,Scene,Heat,Kelly Clarkson", "1,,2,Scene,Mercy,Duffy"))
    before = catalogue()
    with pytest.raises(CommandError, match=r"^Refused, nothing changed: bad\.csv: row 3: episode: missing$"):
        call_command("import_soundtrack", str(bad), "--show", "soundtrack", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"^No show with the slug 'nope'\.$"):
        call_command("import_soundtrack", str(bad), "--show", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"missing\.csv: No such file"):
        call_command("import_soundtrack", str(tmp_path / "missing.csv"), "--show", "soundtrack")
    assert catalogue() == before


def test_the_imported_songs_are_on_the_episode_page_with_their_listen_links(demo, client):
    run("list.csv")
    page = client.get(Episode.objects.get(number=2).get_absolute_url()).content.decode()
    assert "Joanna ices her feet while her phone rings" in page
    assert "Hoppípolla" in page and "Sigur Rós" in page
    assert "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC" in page
