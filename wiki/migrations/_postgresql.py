"""Raw SQL that only PostgreSQL runs, for migrations (``RunPython``). The loader skips this
module: its name starts with an underscore."""


def on_postgresql(statements):
    """A ``RunPython`` function running ``statements`` on PostgreSQL, nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run
