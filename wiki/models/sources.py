"""Where imported catalogue rows came from (``recaps.importing``)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class SourceRecord(models.Model):
    """One catalogue row made or last updated from an outside source: the
    source's own id for it (so a re-import finds the row instead of adding
    another) and the field values as that import wrote them (so a re-import
    can tell a field an editor changed since, and leave it alone)."""

    source = models.CharField(max_length=40, help_text="Where the row came from, e.g. tvmaze.")
    kind = models.CharField(max_length=40, help_text="What the source calls the row, e.g. episode.")
    external_id = models.CharField(max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    imported = models.JSONField(default=dict, blank=True, help_text="Field values as last imported.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "kind", "external_id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_record_target_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"], name="source_record_unique_per_source"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.kind} {self.external_id}"
