from django.apps import AppConfig


class RecapsConfig(AppConfig):
    name = "recaps"

    def ready(self):
        from wiki.hooks import EPISODE_PAGE, READER_DATA

        from . import structured_data  # noqa: F401 — registers the recap's Article JSON-LD
        from .reader_data import reader_data
        from .search import register_recaps
        from .views import episode_page_recaps

        register_recaps()

        if episode_page_recaps not in EPISODE_PAGE:
            EPISODE_PAGE.append(episode_page_recaps)
        if reader_data not in READER_DATA:
            READER_DATA.append(reader_data)
