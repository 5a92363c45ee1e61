"""Scenes of an episode and the characters who appear in them."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models

from wiki.links import HasPage
from wiki.models.fields import NOT_NEGATIVE, POSITION
from wiki.models.people import Character, strangers_message
from wiki.models.shows import Episode
from wiki.querysets import SceneQuerySet


class Scene(HasPage, models.Model):
    """A scene of an episode, in order (``position``): who is in it
    (``appearances``) and which songs play (``cues``)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="scenes")
    position = models.PositiveSmallIntegerField(validators=POSITION)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DurationField(
        null=True, blank=True, validators=NOT_NEGATIVE, help_text="Time into the episode, e.g. 12:34."
    )
    characters = models.ManyToManyField(Character, through="Appearance", related_name="scenes", blank=True)

    objects = SceneQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "position"],
                name="scene_position_unique_per_episode",
                violation_error_message="This episode already has a scene at this position.",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="scene_position_min"),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True) | models.Q(starts_at__gte=timedelta(0)),
                name="scene_starts_at_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.episode.code} scene {self.position}: {self.title}"

    def get_absolute_url(self):
        return f"{self.episode.get_absolute_url()}#{self.anchor}"

    def validate_constraints(self, exclude=None):
        """A row of a formset that reorders scenes (``wiki.admin.forms.ReorderingFormSet``)
        leaves its position to the formset, which compares the submitted positions
        with each other: against the stored rows, a swap would clash with itself.
        The position's own validators still hold it to 1–9999."""
        if getattr(self, "positions_checked_together", False):
            exclude = {*(exclude or ()), "position"}
        super().validate_constraints(exclude=exclude)

    @property
    def anchor(self):
        return f"scene-{self.position}"

    @property
    def show_id(self):
        """The scene's show, also before the scene or its episode is saved."""
        episode = getattr(self, "episode", None)
        return episode.season.show_id if episode else None


class Appearance(models.Model):
    """A character seen in a scene."""

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="appearances")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="appearances")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["scene", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scene", "character"],
                name="appearance_unique_per_scene",
                violation_error_message="This character is already listed in this scene.",
            )
        ]

    def __str__(self):
        return f"{self.character} in {self.scene}"

    def clean(self):
        scene, character = getattr(self, "scene", None), getattr(self, "character", None)
        if scene and character and character.show_id != scene.show_id:
            raise ValidationError({"character": strangers_message([character], scene.episode.season.show)})
