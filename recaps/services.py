"""Writes that take several steps: saving without losing anyone's edit,
reverting, and posting and moderating readers' comments.

No lost edits: when an editor opens a change form, the form carries a signed
snapshot of what they see (``edit_snapshot``). When they save, three values of
each field are compared (``edit_merge``): the snapshot (*base*), what is stored
now (*theirs*, if someone saved in between) and what they send (*mine*).

- nobody else changed the field: mine is saved;
- only the other editor changed it: theirs is kept (the merge);
- both changed it differently: the save is refused for that field, with
  their version shown beside mine; mine stays in the form.
"""

from dataclasses import dataclass

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import localize

from wiki.generation import bump_on_commit

from .models import Comment, RevisionInfo, TrustedCommenter, episode_key_of, show_id_of

SALT = "recaps.edit-snapshot"


def normalize(value):
    """A comparable form of a field value, the same for a model attribute and a form's cleaned value."""
    if value is None or value is False:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.Manager):
        value = value.all()
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(normalize(item) for item in value)
    if isinstance(value, UploadedFile):
        return f"upload:{value.name}:{value.size}"
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return str(value)


def edit_snapshot(fields, inlines=None):
    """Sign what the editor was shown: ``{field: normalized value}`` and inline rows."""
    return signing.dumps({"fields": fields, "inlines": inlines or {}}, salt=SALT, compress=True)


def edit_base(token):
    """The snapshot an editor's form was built from, or None (no token, or tampered with)."""
    try:
        return signing.loads(token, salt=SALT) if token else None
    except signing.BadSignature:
        return None


@dataclass(frozen=True)
class Merge:
    keep_theirs: list
    conflicts: list


def edit_merge(*, base, theirs, mine):
    """Three-way merge of normalized field values (see the module docstring)."""
    keep_theirs, conflicts = [], []
    for name, my_value in mine.items():
        if name not in base or name not in theirs:
            continue
        base_value, their_value = base[name], theirs[name]
        if their_value in (base_value, my_value):
            continue
        if my_value == base_value:
            keep_theirs.append(name)
        else:
            conflicts.append(name)
    return Merge(keep_theirs, conflicts)


def record_revision(obj, *, reviewed_by=None):
    """Describe the current revision for "Recent changes" (call inside a revision
    block); ``reviewed_by``: the editor who accepted a fan's contribution."""
    if reversion.is_active():
        reversion.add_meta(
            RevisionInfo,
            reviewed_by=reviewed_by,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            show_id=show_id_of(obj),
            episode_key=episode_key_of(obj),
        )


@dataclass(frozen=True)
class ScenesSaved:
    """What one save of an episode's "Scenes and songs" screen changed."""

    counts: dict  # {"scene": {"added": 1, "changed": 2, "deleted": 0}, "cue": {...}}
    gone: dict  # {"scene": n, "cue": n}: rows another editor deleted meanwhile, left deleted

    @property
    def message(self):
        parts = [
            f"{n} {kind}{'' if n == 1 else 's'} {what}"
            for kind, done in self.counts.items()
            for what, n in done.items()
            if n
        ]
        return f"{', '.join(parts).capitalize()}." if parts else "No changes."

    @property
    def gone_message(self):
        parts = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in self.gone.items() if n]
        return f"Another editor deleted {' and '.join(parts)} meanwhile: left deleted." if parts else ""


@transaction.atomic
def episode_scenes_save(*, page):
    """Save a valid "Scenes and songs" screen (``recaps.episode_forms.EpisodeScenes``): its
    scenes with their characters and cues, in the caller's revision (the episode follows its
    scenes). Scenes another editor added meanwhile stay; one at a place this editor's scenes
    now take moves to the end. New cues go after the scene's others."""
    from wiki.admin.forms import ReorderingFormSet
    from wiki.models import Appearance, Scene

    episode, scenes, kept = page.episode, page.scenes, page.kept_forms()
    seen = [form.instance.pk for form in scenes.initial_forms if form.instance.pk]
    taken = {form.cleaned_data["position"] for form in kept}
    others = list(Scene.objects.filter(episode=episode).exclude(pk__in=seen))
    displaced = [scene for scene in others if scene.position in taken]
    park = models.F("position") + ReorderingFormSet.PARK_OFFSET
    Scene.objects.filter(pk__in=[scene.pk for scene in displaced]).update(position=park)
    had = {
        form.prefix: {c.pk for c in form.instance.characters.all()} if form.instance.pk else set()
        for form in kept
    }
    scenes.save()
    last = max(taken | {scene.position for scene in others}, default=0)
    for n, scene in enumerate(displaced, start=1):
        scene.position = last + n
        scene.save(update_fields=["position"])
    counts = {"scene": _counted(scenes), "cue": {"added": 0, "changed": 0, "deleted": 0}}
    for form in kept:
        wanted, old = {character.pk for character in form.cleaned_data["characters"]}, had[form.prefix]
        if old - wanted:  # one by one, so that the search index and the history hear of each
            Appearance.objects.filter(scene=form.instance, character_id__in=old - wanted).delete()
        for pk in sorted(wanted - old):
            Appearance.objects.create(scene=form.instance, character_id=pk)
        _cues_save(form.cues, counts["cue"])
    if reversion.is_active():
        reversion.add_to_revision(episode)
        record_revision(episode)
    gone = {
        "scene": sum(f.edit_gone for f in scenes.initial_forms),
        "cue": sum(c.edit_gone for f in kept for c in f.cues.initial_forms),
    }
    return ScenesSaved(counts, gone)


def _cues_save(cues, counts):
    last = max((cue.position for cue in cues.get_queryset() if cue is not None), default=0)
    for form in cues.extra_forms:
        if form.has_changed() and not form.cleaned_data.get("DELETE"):
            last += 1
            form.instance.position = last
    cues.save()
    for what, n in _counted(cues).items():
        counts[what] += n


def _counted(formset):
    return {
        "added": len(formset.new_objects),
        "changed": len(formset.changed_objects),
        "deleted": len(formset.deleted_objects),
    }


@transaction.atomic
def version_revert(*, version, editor):
    """Bring an object (and what its version follows: an episode's scenes) back
    to a saved version, as a new revision: one step, itself revertible."""
    with reversion.create_revision():
        version.revision.revert(delete=False)
        obj = version._model._default_manager.get(pk=version.object_id)
        obj.save()  # reversion restores raw rows: derive the HTML and links again
        when = localize(timezone.localtime(version.revision.date_created))
        reversion.set_user(editor)
        reversion.set_comment(f"Reverted to the version of {when}.")
        record_revision(obj)
    return obj


@transaction.atomic
def comment_post(*, recap, poster, data):
    """Save a reader's comment (``data`` from a valid ``CommentForm``): shown
    at once when its poster is trusted (an editor, or someone with an
    approved comment), otherwise pending in the moderation queue."""
    user = poster.user
    email = "" if user else data.get("email", "")
    trusted = (user is not None and user.is_staff) or TrustedCommenter.trusts(user=user, email=email)
    return Comment.objects.create(
        recap=recap,
        user=user,
        name=poster.display_name if user else data["name"].strip(),
        email=email,
        body=data["body"],
        spoils=data.get("spoils"),
        ip_address=poster.address or None,
        status=Comment.Status.APPROVED if trusted else Comment.Status.PENDING,
    )


@transaction.atomic
def comments_approve(*, comments):
    """Publish comments, and trust their posters: their next comments skip the queue."""
    for user_id, email in set(comments.values_list("user_id", "email")):
        if user_id is not None:
            TrustedCommenter.objects.get_or_create(user_id=user_id)
        elif email:
            TrustedCommenter.objects.get_or_create(email=email)
    count = comments.update(status=Comment.Status.APPROVED)
    bump_on_commit()  # update() sends no signal
    return count


@transaction.atomic
def comments_mark_spam(*, comments):
    """Hide comments as spam; their posters are no longer trusted."""
    posters = set(comments.values_list("user_id", "email"))
    users = {user_id for user_id, _ in posters if user_id is not None}
    emails = {email for user_id, email in posters if user_id is None and email}
    TrustedCommenter.objects.filter(models.Q(user_id__in=users) | models.Q(email__in=emails)).delete()
    count = comments.update(status=Comment.Status.SPAM)
    bump_on_commit()
    return count
