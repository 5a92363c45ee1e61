"""The importers the admin's Import page offers, by the name in its address.

An importer class registered here needs: ``title`` (the page's heading),
``files`` (input name → what to upload; the upload form has one file field
each, required unless the name is in ``optional_files``), ``permission`` (the
permission an editor needs, ``wiki.add_show`` by default), ``parse(files)``
and ``run(data)``. With ``needs_show = True`` the form asks for a show too,
and the importer is made as ``cls(show=show)``; after an import its ``show``
attribute, when set, is the show the report links to.
"""

from django.db import IntegrityError

from .base import ImportRefused, run_import
from .soundtrack import SoundtrackImporter
from .tvmaze import TvmazeImporter

IMPORTERS = {"tvmaze": TvmazeImporter, "soundtrack": SoundtrackImporter}
DEFAULT_PERMISSION = "wiki.add_show"


def permission_for(importer_class):
    return getattr(importer_class, "permission", DEFAULT_PERMISSION)


def importers_for(user):
    """``{name: class}`` of the importers ``user`` may run."""
    return {name: cls for name, cls in IMPORTERS.items() if user.has_perm(permission_for(cls))}


def make_importer(importer_class, *, show=None):
    if getattr(importer_class, "needs_show", False):
        return importer_class(show=show)
    return importer_class()


def import_files(importer_class, files, *, show=None, dry_run=False):
    """Parse ``files`` (``{name: (filename, bytes)}``) and import them in one transaction:
    ``(importer, report)``. A row the database still refuses (a number another row took
    meanwhile, say) is a refusal like any other, never a 500."""
    importer = make_importer(importer_class, show=show)
    data = importer.parse(files)
    try:
        return importer, run_import(importer, data, dry_run=dry_run)
    except IntegrityError as exc:
        raise ImportRefused(
            f"the database refused a row ({str(exc).splitlines()[0]}): another edit may have taken its "
            "number or name; nothing was changed",
            file=importer.file,
        ) from None
