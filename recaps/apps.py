from django.apps import AppConfig


class RecapsConfig(AppConfig):
    name = "recaps"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from wiki.hooks import EPISODE_PAGE, READER_DATA

        from . import structured_data  # noqa: F401 — registers the recap's Article JSON-LD
        from .contributions.fan_context import warm_on_login
        from .reader_data import reader_data
        from .search import register_recaps
        from .views import episode_page_recaps

        register_recaps()

        if episode_page_recaps not in EPISODE_PAGE:
            EPISODE_PAGE.append(episode_page_recaps)
        if reader_data not in READER_DATA:
            READER_DATA.append(reader_data)
        user_logged_in.connect(warm_on_login, dispatch_uid="contrib-unread-on-login")
