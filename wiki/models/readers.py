"""What the catalogue keeps about its readers."""

from django.conf import settings
from django.db import models

from wiki.models.shows import Show


class ReaderProgress(models.Model):
    """A signed-in reader's spoiler shield for one show: the ``sort_key`` of
    the last episode they have watched (see ``wiki.spoilers``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="+")
    sort_key = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reader progress"
        constraints = [models.UniqueConstraint(fields=["user", "show"], name="progress_unique_per_show")]

    def __str__(self):
        return f"{self.user} watched {self.show} to {self.sort_key}"
