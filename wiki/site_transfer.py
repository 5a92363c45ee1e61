"""Moving a whole site between databases (``export_site``, ``import_site``).

A site file is Django's JSON serialization of every row worth keeping, with
content types and permissions referenced by name (their ids differ between
databases) and every datetime to the microsecond (Django's own JSON encoder
keeps milliseconds only, so pages showing ``updated_at`` would change).
"""

import datetime

from django.core.serializers import json
from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "site-json"

# Left out: what migrate makes (content types, permissions), what import_site
# rebuilds (the search index: on SQLite an FTS5 table, on PostgreSQL a
# generated column neither engine can load), and what is only worth something
# on the server that made it (sessions, django-axes' log-in attempts).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "wiki.searchentry",
    "wiki.searchterm",
    "wiki.searchindex",
]


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = json.Deserializer  # reads it back: the JSON is Django's own
