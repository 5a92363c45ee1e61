"""The editors' admin site: its index grouped the way editors think, and
autocomplete results named with their show.

``config.apps.CuesheetAdminConfig`` (in ``INSTALLED_APPS`` in place of
``django.contrib.admin``) makes ``CuesheetAdminSite`` the default site, so
``admin.site`` and ``@admin.register`` everywhere use it. It lives in
``config`` because its sections span the apps (``wiki`` never imports
``recaps``).

The index and the sidebar (``available_apps``) list the catalogue first, in
``SECTIONS`` order; any registered model no section names is listed in the
last one, so a new admin never disappears. An app's own page
(``/admin/wiki/``) stays Django's.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.urls import reverse

from wiki.admin.tools import admin_label, with_label_rows

# (heading, slug for the page's ids and classes, models in order).
SECTIONS = [
    ("Shows and episodes", "shows", ["wiki.show", "wiki.season", "wiki.episode", "wiki.scene"]),
    ("Characters and cast", "cast", ["wiki.character", "wiki.person", "wiki.appearance"]),
    ("Music", "music", ["wiki.song", "wiki.artist", "wiki.cue"]),
    ("Recaps", "recaps", ["recaps.recap", "recent changes"]),
    ("Comments", "comments", ["recaps.comment", "recaps.trustedcommenter"]),
    (
        "Accounts and lockouts",
        "accounts",
        ["auth.user", "auth.group", "axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"],
    ),
]


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Results named as the admin's selects name them ("Sam — Soundtrack"), in one query."""

    def get_queryset(self):
        return with_label_rows(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": admin_label(obj)}


class CuesheetAdminSite(admin.AdminSite):
    site_header = "Cuesheet editors"
    site_title = "Cuesheet editors"
    index_title = "Catalogue and recaps"

    def index(self, request, extra_context=None):
        """The index, with what fans' contributions wait for review in the editors'
        tools: one count query, for those who may review them."""
        context = dict(extra_context or {})
        if request.user.has_perm("recaps.review_contribution"):
            from recaps.models import Contribution  # config spans the apps; loaded once they are

            context["contributions_waiting"] = Contribution.objects.review_counts()
        return super().index(request, context)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_app_list(self, request, app_label=None):
        if app_label:
            return super().get_app_list(request, app_label)
        entries = {
            model["model"]._meta.label_lower: model
            for app in self._build_app_dict(request).values()
            for model in app["models"]
        }
        entries["recent changes"] = recent_changes_entry()
        placed = {label for _heading, _slug, labels in SECTIONS for label in labels}
        rest = sorted((e for label, e in entries.items() if label not in placed), key=lambda e: e["name"])
        sections = []
        for number, (heading, slug, labels) in enumerate(SECTIONS, start=1):
            models = [entries[label] for label in labels if label in entries]
            if number == len(SECTIONS):
                models += rest
            if any(m.get("model") for m in models):  # a section of links alone says nothing
                sections.append({"name": heading, "app_label": slug, "app_url": "", "models": models})
        return sections


def recent_changes_entry():
    """The "Recent changes" page (``recaps.editor_views``): listed with the recaps, though no model."""
    return {
        "model": None,
        "name": "Recent changes",
        "object_name": "RecentChanges",
        "perms": {"view": True},
        "admin_url": reverse("recaps:recent_changes"),
        "add_url": None,
        "view_only": True,
    }
