"""The fan's side of "Fans contribute": suggest a song for a scene, say a song
plays there unnamed, answer the show's list of unidentified songs, propose a
correction (previewed as a diff first).

Every page loads its target through ``visible_to(request.progress)``, so a
scene, episode, character or cue the spoiler shield hides is a 404. The forms
(``suggest_forms``) check what was typed; the services decide and say no with
a ``ValidationError``, which comes back in the form with everything typed kept.
These pages are linked from the reader pages with plain links: they add no
query and no token to the cached pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from recaps.models import Contribution
from wiki.models import Character, Cue, Episode, Scene, Show, Song
from wiki.search import queries as search

from . import services
from .suggest_forms import CorrectionForm, SuggestForm, show_of

REPORTS_PER_PAGE = 30
SONGS_OFFERED = 8
Status = Contribution.Status


def _scenes(progress):
    return Scene.objects.visible_to(progress).select_related("episode__show", "episode__season__show")


# What a fan may suggest for or correct, loaded with what its page and links need.
TARGETS = {
    "scene": lambda progress: _scenes(progress),
    "episode": lambda progress: Episode.objects.select_related("show", "season__show").visible_to(progress),
    "character": lambda progress: Character.objects.with_show().visible_to(progress),
    "cue": lambda progress: Cue.objects.visible_to(progress).select_related(
        "song__artist", "scene__episode__show", "scene__episode__season__show"
    ),
}


@login_required
def suggest_scene(request, pk):
    scene = get_object_or_404(_scenes(request.progress), pk=pk)
    return _suggest(request, scene.episode, scene=scene)


@login_required
def suggest_episode(request, pk):
    episode = get_object_or_404(TARGETS["episode"](request.progress), pk=pk)
    return _suggest(request, episode, scenes=episode.scenes.order_by("position"))


def _suggest(request, episode, *, scene=None, scenes=None):
    initial = {"starts_at": request.GET.get("at", "")[:10]}
    form = SuggestForm(
        request.POST or None, initial=initial, episode=episode, progress=request.progress, scenes=scenes
    )
    if request.method == "POST" and form.is_valid():
        scene = scene or form.cleaned_data["scene"]
        try:
            contribution, merged = _send(request, scene, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _sent_message(contribution, merged, request.user))
            return redirect(scene.get_absolute_url())
    context = {"form": form, "episode": episode, "scene": scene, "scenes": scenes}
    return render(request, "recaps/contributions/suggest_form.html", context)


def _send(request, scene, data):
    contributor = services.Contributor.from_request(request)
    if data["what"] == SuggestForm.UNKNOWN:
        return services.unknown_report(contributor=contributor, scene=scene, starts_at=data["starts_at"])
    return services.song_suggest(
        contributor=contributor,
        scene=scene,
        song=data["song"],
        title=data["title"],
        artist=data["artist"],
        usage=data["usage"],
        performers=data["performers"],
        starts_at=data["starts_at"],
        listen_url=data["listen_url"],
        note=data["note_to_editors"],
    )


def _sent_message(contribution, merged, user):
    """What happens next, in the fan's words (never echoing what they typed to anyone else)."""
    if merged and contribution.contributor_id == user.pk:
        return "You had sent this already: it is still waiting for an editor's review."
    if contribution.kind == Contribution.Kind.UNKNOWN:
        if merged:
            return "Another reader had reported an unknown song here: your report was added to theirs."
        return (
            "Thank you! The scene is now listed under the show's unidentified songs, for other fans to name."
        )
    if merged:
        return (
            "Another fan had suggested this already: you are now one of its supporters. "
            "It waits for an editor's review, and you will get a notification when it is decided."
        )
    if contribution.status == Status.PUBLISHED:
        return (
            "Thank you! As a trusted contributor, yours is on the page now; an editor will look at it later."
        )
    return (
        "Thank you! It waits for an editor's review: you will get a notification here "
        "when it is accepted, or why not."
    )


def unidentified(request, show):
    show = get_object_or_404(Show, slug=show)
    reports = Contribution.objects.unidentified(show).visible_to(request.progress)
    page = Paginator(reports, REPORTS_PER_PAGE, orphans=5).get_page(request.GET.get("page"))
    context = {"show": show, "page_obj": page, "shield": request.progress.for_show(show)}
    return render(request, "recaps/contributions/unidentified_list.html", context)


def song_search(request):
    """The songs of the catalogue matching what is typed, for the suggestion
    form's autocomplete: the site search's names (``wiki.search.queries``), shielded."""
    query = search.parse(request.GET.get("q", ""))
    if len(query.phrase) < 2:
        return JsonResponse({"results": []})
    entries = search.matching(query, request.progress, kind="song", names_only=True)
    ids = list(entries.values_list("object_id", flat=True)[:SONGS_OFFERED])
    songs = Song.objects.select_related("artist").in_bulk(ids)
    results = [
        {"id": song.pk, "title": song.title, "artist": song.artist.name}
        for song in (songs.get(pk) for pk in ids)
        if song is not None
    ]
    return JsonResponse({"results": results})


def described(target):
    """What a correction is of, in a heading: "scene 2 of S1E3", "“Heat” in scene 2 of S1E3"."""
    if isinstance(target, Scene):
        return f"scene {target.position} of {target.episode.code}"
    if isinstance(target, Cue):
        return f"“{target.song.title}” in {described(target.scene)}"
    if isinstance(target, Episode):
        return f"{target.code} “{target.title}”"
    return target.name


@login_required
def correct(request, kind, pk):
    if kind not in TARGETS:
        raise Http404("Corrections are of a scene, an episode, a character or a cue.")
    target = get_object_or_404(TARGETS[kind](request.progress), pk=pk)
    show = show_of(target)
    form = CorrectionForm(request.POST or None, target=target, kind=kind, progress=request.progress)
    context = {"form": form, "target": target, "kind": kind, "show": show, "what": described(target)}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview"] = form.preview()
        else:
            try:
                contribution, merged = _propose(request, target, form)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _sent_message(contribution, merged, request.user))
                return redirect(target.get_absolute_url())
    elif form.is_bound and form.has_error(NON_FIELD_ERRORS, "base"):
        # A snapshot that was tampered with: the form starts again from what is there now.
        form.data = form.data.copy()
        form.data["base"] = form.initial["base"]
    return render(request, "recaps/contributions/correct_form.html", context)


def _propose(request, target, form):
    return services.correction_propose(
        contributor=services.Contributor.from_request(request),
        target=target,
        changes=form.changes,
        base=form.base,
        note=form.cleaned_data["note_to_editors"],
    )


urlpatterns = [
    path("contribute/scenes/<int:pk>/song/", suggest_scene, name="suggest_scene"),
    path("contribute/episodes/<int:pk>/song/", suggest_episode, name="suggest_episode"),
    path("contribute/songs/", song_search, name="song_search"),
    path("contribute/correct/<slug:kind>/<int:pk>/", correct, name="correct"),
    path("shows/<slug:show>/unidentified/", unidentified, name="unidentified"),
]
