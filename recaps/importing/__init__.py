"""Importers: outside data (episode guides, soundtrack lists) into the catalogue.

Each importer is a ``base.Importer`` subclass whose ``run(data)`` writes rows
through ``Importer.sync``; ``base.run_import`` runs it in one transaction,
rolled back for a dry run or when the input is refused (``ImportRefused``),
and returns the ``Report`` of what was created, changed, left alone and
skipped. ``registry.IMPORTERS`` lists the importers the admin's Import pages
offer (``recaps.import_views``); ``tvmaze`` reads TVmaze's episode guides.
"""
