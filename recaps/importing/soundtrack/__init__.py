"""A soundtrack list (CSV, or JSON as soundtrack sites' APIs return it) into
scenes, songs, artists and cues of a show's existing episodes.

**CSV**, one song use a row, with a header row naming the columns in any order
(case, spaces and a BOM do not matter; blank lines are skipped)::

    season,episode,order,scene,song,artist,kind,performers,starts_at,confidence,
    song_id,spotify_id,apple_music_id,youtube_id,note

``season``, ``episode``, ``song`` and ``artist`` are required; the others may be
left out or blank. ``episode`` may say both ("S01E02").

**JSON** (Tunefind-like)::

    {"show": {"id": 77, "name": "Soundtrack"},
     "episodes": [{"season": 1, "episode": 2, "songs": [
        {"id": "tf-101", "title": "Heat (Remastered 2011)",
         "artist": {"id": "tf-a-9", "name": "Kelly Clarkson"},
         "scene": "The audition that goes nowhere", "order": 1,
         "usage": "performed", "performed_by": ["Joanna"], "timestamp": "03:10",
         "confidence": "confirmed", "spotify_id": "…", "apple_music_id": "…",
         "youtube_id": "…", "note": "…"}]}]}

Both say the same things:

- season "1", "S01" or "Season 1"; episode "2", "E02" or "Episode 2". A season or
  episode the show does not have is ignored (and reported), as is an episode with no
  songs. A repeated episode block is merged into the first.
- A song is matched to the catalogue by its normalised title and artist: accents,
  case and punctuation do not count, nor a release's decorations ("Heat (Remastered
  2011)", "Heat - 2011 Remaster", "(feat. X)", "[Live]" are all Heat); "Beatles, The"
  is The Beatles. Unmatched songs and artists are created, with the cleaned title.
- A song's scene text becomes a scene of the episode, or matches one whose title or
  description says the same (normalised); new scenes go after the existing ones, in
  the list's order (``order``, else file order). A song without one goes to a scene
  "Opening", "End credits" or "Songs not yet placed in a scene", by its kind.
- ``kind``/``usage``: performed (also "sung", "on screen"), background, opening,
  end credits; performed when only performers are given, else background.
  Performers are matched to the show's characters by name or alias; an unknown one
  is reported, never created. ``starts_at``/``timestamp`` is mm:ss, h:mm:ss or seconds.
- ``confidence``: a number 0–1, a percentage, or confirmed/likely/unconfirmed/
  suggested/disputed. Below 0.5 the song is somebody's guess: it is ignored, and
  reported, so the catalogue holds only songs the site is sure of.
- Store ids (or links) become listen links: ``https://open.spotify.com/track/<id>``
  (22 letters and digits), ``https://music.apple.com/us/song/<id>`` (digits),
  ``https://www.youtube.com/watch?v=<id>`` (11 characters).
- A placeholder title or artist ("Untitled", "Unknown", "?", "TBA") is ignored as
  unidentified; the same song twice in one scene is merged, and reported.
- Every text is plain text: tags are stripped and entities decoded ("<i>Heat</i>",
  "Guns N&#39; Roses"); script anywhere in the file (``<script``, ``javascript:``,
  ``onclick=``) refuses it, as does a value of the wrong form (a time that is not
  one, a bad store id, an unknown kind, a missing episode number).

A field the list leaves blank is not imported (the list does not know it; it does
not say it is empty). Re-importing finds every row again by its source record:
songs by the site's id or by title and artist, scenes by their text, cues by
episode, song and occurrence (the second use of Heat in S1E2 is always the
second), so nothing is duplicated, and a field or a cue's performers an editor
changed since the last import are kept, and reported.
"""

import hashlib

from django.db.models import Max
from django.utils.text import slugify

from wiki.models import Artist, Character, Cue, Scene, Season, Song

from ..base import Importer
from .reading import read_list
from .values import CONFIDENT, artist_key, artist_name, normalize, song_key, song_title, unidentified

PLACELESS = {"opening": "Opening", "end_credits": "End credits"}
UNPLACED = "Songs not yet placed in a scene"
TITLE_CHARS = 80  # a longer scene text is the scene's description, and its start the title


def external_key(*parts):
    """A source id of our making, within ``SourceRecord.external_id``'s 200 characters."""
    key = ":".join(parts)
    return key if len(key) <= 180 else f"{key[:160]}#{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def scene_title(text):
    if len(text) <= TITLE_CHARS:
        return text
    return text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


class EpisodeState:
    """What the import knows of one episode while it goes: its scenes by
    normalised text, the next free positions, the cues already claimed."""

    def __init__(self, episode):
        self.episode, self.code = episode, episode.code
        self.by_text, self.scenes, self.next_cue = {}, {}, {}
        self.occurrences, self.claimed = {}, set()
        positions = [0]
        for scene in episode.scenes.all():
            positions.append(scene.position)
            for text in (scene.title, scene.description):
                if text:
                    self.by_text.setdefault(normalize(text), scene)
        self.next_scene = max(positions) + 1


class SoundtrackImporter(Importer):
    """Songs of a show's episodes from a soundtrack list: see the module's docstring."""

    source = "soundtrack"
    title = "Soundtrack list (CSV or JSON)"
    needs_show = True
    permission = "wiki.add_cue"
    files = {"list": "Soundtrack list: CSV or JSON"}

    def __init__(self, *, show, file="", report=None):
        super().__init__(file=file, report=report)
        self.show = show

    def parse(self, files):
        """``{"list": (filename, bytes)}`` → the ``Listing`` that ``run`` takes."""
        self.file, content = files["list"]
        return read_list(self.file, content, report=self.report)

    def run(self, listing):
        if listing.show and normalize(song_title(listing.show)) not in (
            normalize(self.show.title),
            normalize(self.show.slug),
        ):
            self.refuse(f"this list is for {listing.show!r}, not {self.show.title}", record="show")
        episodes = {(episode.season_number, episode.number): episode for episode in self.show.episodes.all()}
        seasons = set(Season.objects.filter(show=self.show).values_list("number", flat=True))
        work = []
        for (season, number), entries in self.merged(listing.blocks).items():
            code = f"S{season}E{number}"
            if season not in seasons:
                self.ignore(
                    code,
                    f"no {code} in {self.show.title}, which has no season {season}: {len(entries)} song(s) not imported",
                )
            elif (season, number) not in episodes:
                self.ignore(code, f"no {code} in {self.show.title}: {len(entries)} song(s) not imported")
            elif not entries:
                self.ignore(code, "no songs listed")
            elif kept := self.identified(entries):
                work.append((episodes[season, number], kept))
        self.prepare([entry for _, entries in work for entry in entries])
        for episode, entries in work:
            state = EpisodeState(episode)
            for entry in self.merged_in_scenes(entries):
                self.cue(state, entry)

    # --- What of the list is imported --------------------------------------------------------

    def merged(self, blocks):
        """(season, episode) → its entries, a repeated episode block merged into the first."""
        merged, first = {}, {}
        for block in blocks:
            key = (block.season, block.episode)
            if key in first:
                self.ignore(
                    f"{block.code} ({block.record})",
                    f"repeats {block.code} ({first[key].record}): its {len(block.entries)} song(s) are merged into it",
                )
            first.setdefault(key, block)
            merged.setdefault(key, []).extend(block.entries)
        return merged

    def identified(self, entries):
        """The entries that name a song the site is sure of, in the list's order."""
        kept = []
        for entry in entries:
            if unidentified(entry.title):
                self.ignore(entry.record, f"song {entry.title or '(no title)'!r} is unidentified")
            elif unidentified(entry.artist):
                self.ignore(
                    entry.record, f"{entry.title}: artist {entry.artist or '(none)'!r} is unidentified"
                )
            elif entry.confidence is not None and entry.confidence < CONFIDENT:
                self.ignore(
                    entry.record,
                    f"{entry.title}: confidence {entry.confidence:g} is below {CONFIDENT:g}, unconfirmed",
                )
            else:
                kept.append(entry)
        ordered = any(entry.order is not None for entry in kept)
        return (
            sorted(kept, key=lambda e: (e.order if e.order is not None else float("inf"), e.index))
            if ordered
            else kept
        )

    def merged_in_scenes(self, entries):
        """Entries less the same song repeated in one scene (its blanks filled from the repeat)."""
        first = {}
        for entry in entries:
            key = (self.scene_text(entry).casefold(), self.song_names(entry))
            if key in first:
                kept = first[key]
                self.ignore(entry.record, f"{entry.title}: repeats {kept.record} in the same scene, merged")
                for name in ("kind", "starts_at", "note", "performers"):
                    if not getattr(kept, name) and getattr(entry, name):
                        setattr(kept, name, getattr(entry, name))
                kept.links = {**entry.links, **kept.links}
                continue
            first[key] = entry
        return list(first.values())

    @staticmethod
    def scene_text(entry):
        return normalize(entry.scene) or PLACELESS.get(entry.kind, UNPLACED)

    @staticmethod
    def song_names(entry):
        return song_key(entry.title), artist_key(entry.artist)

    def prepare(self, entries):
        """The catalogue's artists, their songs and the show's characters by normalised name,
        and each song's listen links gathered from all its uses."""
        self.artists, self.artist_rows, self.songs, self.song_rows, self.links = {}, {}, {}, {}, {}
        for pk, name in Artist.objects.order_by("pk").values_list("pk", "name"):
            self.artists.setdefault(artist_key(name), pk)
        wanted = {self.artists[key] for _, key in map(self.song_names, entries) if key in self.artists}
        for pk, title, artist in (
            Song.objects.filter(artist__in=wanted).order_by("pk").values_list("pk", "title", "artist")
        ):
            self.songs.setdefault((song_key(title), artist), pk)
        for entry in entries:
            links = self.links.setdefault(self.song_names(entry), {})
            for name, link in entry.links.items():
                links.setdefault(name, link)
        self.characters = {}
        for character in Character.objects.filter(show=self.show).order_by("pk"):
            for name in (character.name, *character.alias_list):
                self.characters.setdefault(normalize(name), character)

    # --- Rows ----------------------------------------------------------------------------

    def existing(self, kind, external_id, match):
        """(source record, row) a ``sync`` would find: by the record, else the match."""
        record = self.record_for(kind, external_id)
        if record is not None and record.target is not None:
            return record, record.target
        return record, (match.first() if match is not None else None)

    def unique_slug(self, model, text, fallback):
        base = slugify(text)[:180].strip("-") or fallback
        taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def sync_named(self, model, *, external_id, match, name, key, keyed, values=None, by=""):
        """``sync`` of an artist or a song, new ones with a unique slug. A current name
        with the same ``key`` names the same thing: it is kept as the catalogue writes it."""
        kind, field = model._meta.model_name, "name" if model is Artist else "title"
        _, current = self.existing(kind, external_id, match)
        if current is not None and keyed(getattr(current, field)) == key:
            name = getattr(current, field)
        return self.sync(
            model,
            kind=kind,
            external_id=external_id,
            values={field: name, **(values or {})},
            label=f"{kind} {name}{by}",
            match=match,
            create=None if current else {"slug": self.unique_slug(model, name, kind)},
        )

    def artist(self, entry):
        key = artist_key(entry.artist)
        if key in self.artist_rows:
            return self.artist_rows[key]
        external_id = f"id:{entry.artist_id}" if entry.artist_id else external_key(key)
        match = Artist.objects.filter(pk=self.artists[key]) if key in self.artists else None
        artist = self.sync_named(
            Artist,
            external_id=external_id,
            match=match,
            name=artist_name(entry.artist),
            key=key,
            keyed=artist_key,
        )
        self.artists.setdefault(key, artist.pk)
        self.artist_rows[key] = artist
        return artist

    def song(self, entry):
        names = self.song_names(entry)
        if names in self.song_rows:
            return self.song_rows[names]
        artist = self.artist(entry)
        external_id = f"id:{entry.song_id}" if entry.song_id else external_key("|".join(names))
        pk = self.songs.get((names[0], artist.pk))
        match = Song.objects.filter(pk=pk) if pk else None
        song = self.sync_named(
            Song,
            external_id=external_id,
            match=match,
            name=song_title(entry.title),
            key=names[0],
            keyed=song_key,
            values={"artist_id": artist.pk, **self.links[names]},
            by=f" ({artist.name})",
        )
        self.songs.setdefault((names[0], artist.pk), song.pk)
        self.song_rows[names] = song
        return song

    def scene(self, state, entry):
        key = self.scene_text(entry)
        if key in state.scenes:
            return state.scenes[key]
        text = entry.scene or PLACELESS.get(entry.kind, UNPLACED)
        external_id = external_key(state.code.lower(), key)
        matched = state.by_text.get(key)
        match = Scene.objects.filter(pk=matched.pk) if matched else None
        _, current = self.existing("scene", external_id, match)
        if current is not None and key in (normalize(current.title), normalize(current.description)):
            title = current.title  # the scene the list means, as an editor named it
        else:
            title = scene_title(text)
        create = None
        if current is None:
            create = {"episode_id": state.episode.pk, "position": state.next_scene}
            create["description"] = text if text != title else ""
        scene = self.sync(
            Scene,
            kind="scene",
            external_id=external_id,
            values={"title": title},
            label=f"{state.code} scene {create['position'] if create else current.position}: {title}",
            match=match,
            create=create,
        )
        if create:
            state.next_scene += 1
            state.by_text.setdefault(key, scene)
        state.scenes[key] = scene
        return scene

    def cue(self, state, entry):
        song = self.song(entry)
        scene = self.scene(state, entry)
        occurrence = state.occurrences[song.pk] = state.occurrences.get(song.pk, 0) + 1
        external_id = f"{state.code.lower()}:song{song.pk}:{occurrence}"
        match = (
            Cue.objects.filter(scene=scene, song=song)
            .exclude(pk__in=state.claimed)
            .order_by("position", "pk")
        )
        record, current = self.existing("cue", external_id, match)
        values = {"scene_id": scene.pk, "song_id": song.pk}
        if kind := entry.kind or ("performed" if entry.performers else ""):
            values["kind"] = kind
        if entry.starts_at is not None:
            values["starts_at"] = entry.starts_at
        if entry.note:
            values["note"] = entry.note
        create = None
        if current is None:
            if scene.pk not in state.next_cue:
                last = Cue.objects.filter(scene=scene).aggregate(last=Max("position"))["last"]
                state.next_cue[scene.pk] = (last or 0) + 1
            create = {"position": state.next_cue[scene.pk]}
            state.next_cue[scene.pk] += 1
        label = f"{state.code} cue {song.title} in scene {scene.position}"
        cue = self.sync(
            Cue, kind="cue", external_id=external_id, values=values, label=label, match=match, create=create
        )
        state.claimed.add(cue.pk)
        last = record.imported.get("performers") if record is not None and current is not None else None
        self.performers(cue, entry, external_id, label=label, last=last, created=current is None)

    def performers(self, cue, entry, external_id, *, label, last, created):
        """A cue's performers by the rule ``sync`` keeps for fields: set when the cue has
        none or has those the last import set, else kept as an editor left them."""
        found = []
        for name in entry.performers:
            if (character := self.characters.get(normalize(name))) is None:
                self.ignore(f"{entry.record}: performer {name}", f"not a character of {self.show.title}")
            elif character not in found:
                found.append(character)
        if not found:
            return
        new = sorted(character.pk for character in found)
        current = sorted(cue.performers.values_list("pk", flat=True))
        remember = new
        if current != new:
            if not current or (last is not None and current == last):
                cue.performers.set(found)
                if not created:
                    self.report.changed.append(f"{label} (performers)")
            else:
                why = (
                    "entered here by hand, not from this source"
                    if last is None
                    else "changed by an editor since the last import"
                )
                self.report.skipped.append((f"{label}: performers", why))
                remember = last if last is not None else new
        record = self.record_for("cue", external_id)
        record.imported["performers"] = remember
        record.save(update_fields=["imported", "imported_at"])
