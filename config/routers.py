"""Send reads to a replica when one is configured (``DATABASE_REPLICA_URL``)."""

from django.conf import settings
from django.db import connections


class ReplicaRouter:
    """Reads go to ``settings.READ_REPLICA`` (when set), writes and migrations to ``default``.

    Reads inside a transaction on ``default`` (every admin change view, every
    service) stay on ``default``, so a writer always reads its own writes.
    """

    def db_for_read(self, model, **hints):
        if not settings.READ_REPLICA or connections["default"].in_atomic_block:
            return "default"
        return settings.READ_REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
