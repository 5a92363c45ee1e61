from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class WikiConfig(AppConfig):
    name = "wiki"
    verbose_name = "Catalogue"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from wiki.generation import invalidate_on_commit
        from wiki.links import forget_script_prefix, remember_script_prefix
        from wiki.search import index as search_index  # noqa: F401 — registers the search sources

        # Any saved or deleted row of a watched app makes cached pages stale.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_on_commit, dispatch_uid=f"pagecache-{signal!r}")
        request_started.connect(remember_script_prefix, dispatch_uid="links-script-prefix")
        request_finished.connect(forget_script_prefix, dispatch_uid="links-script-prefix")
