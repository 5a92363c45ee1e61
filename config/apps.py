"""``django.contrib.admin`` with the editors' site (``config.admin_site``) as ``admin.site``.

A module of its own: an app's config is imported before any model is loaded.
"""

from django.contrib.admin.apps import AdminConfig


class CuesheetAdminConfig(AdminConfig):
    default_site = "config.admin_site.CuesheetAdminSite"
