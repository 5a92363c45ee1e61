"""WSGI entry point: Django behind the anonymous page cache (config.pagecache)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.pagecache import PageCache  # noqa: E402 — needs the settings module set

application = PageCache(get_wsgi_application())
