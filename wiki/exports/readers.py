"""A signed-in reader's own data as one JSON document: ``cuesheet-reader-data`` version 1.

The catalogue keeps the account and its spoiler shields (``ReaderProgress``);
other apps add their sections through ``wiki.hooks.READER_DATA`` (``recaps``:
comments, contributions, votes, notifications). ``docs/export-format.md``
lists every key.
"""

from wiki.episode_keys import key_parts
from wiki.hooks import reader_data_sections
from wiki.models import ReaderProgress

FORMAT, VERSION = "cuesheet-reader-data", 1


def instant(value):
    return value and value.isoformat()


def build(user):
    shields = ReaderProgress.objects.filter(user=user).select_related("show").order_by("show__title", "pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": instant(user.date_joined),
            "last_login": instant(user.last_login),
        },
        "spoiler_shields": [
            {
                "show": row.show.slug,
                "show_title": row.show.title,
                "up_to": "S{}E{}".format(*key_parts(row.sort_key)),
                "sort_key": row.sort_key,
                "updated_at": instant(row.updated_at),
            }
            for row in shields
        ],
        **reader_data_sections(user),
    }
