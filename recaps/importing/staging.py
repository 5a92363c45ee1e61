"""Uploaded files kept between an import's dry run and the import itself, so the
editor confirms without uploading again (and no file travels in a hidden field,
which Django would refuse past ``DATA_UPLOAD_MAX_MEMORY_SIZE``).

Each upload waits in a folder of its own under ``settings.IMPORT_STAGING_DIR``,
named by a random token. The page carries the token signed
(``django.core.signing``) with the editor's id and the importer's name: another
editor, another importer or a forged token finds nothing, and after
``MAX_AGE`` seconds the token is refused and the folder deleted.
"""

import contextlib
import json
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core import signing

SALT = "recaps.importing.staging"
MAX_AGE = 3600


class Expired(Exception):
    """The staged upload is gone, too old, or not this editor's."""


def _root():
    return Path(settings.IMPORT_STAGING_DIR)


def stage(files, *, user, importer, show_id=None):
    """Keep ``files`` (``{name: (filename, bytes)}``) and return the signed token for them."""
    purge()
    token = secrets.token_urlsafe(24)
    folder = _root() / token
    folder.mkdir(parents=True, mode=0o700)
    for name, (_, content) in files.items():
        (folder / f"{name}.upload").write_bytes(content)
    meta = {"show_id": show_id, "files": {name: filename for name, (filename, _) in files.items()}}
    (folder / "meta.json").write_text(json.dumps(meta))
    return signing.dumps({"token": token, "user": user.pk, "importer": importer}, salt=SALT)


def _folder(signed, *, user, importer):
    try:
        value = signing.loads(signed, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        raise Expired(
            "This upload has expired (after an hour) or was not found: upload the files again."
        ) from None
    if value.get("user") != user.pk or value.get("importer") != importer:
        raise Expired("This upload belongs to another editor or importer: upload the files again.")
    folder = _root() / str(value["token"])
    if not (folder / "meta.json").is_file():
        raise Expired("This upload has already been imported, or has expired: upload the files again.")
    return folder


def load(signed, *, user, importer):
    """The staged ``(files, show_id)`` for a token made by ``stage`` for this editor and importer."""
    folder = _folder(signed, user=user, importer=importer)
    meta = json.loads((folder / "meta.json").read_text())
    files = {
        name: (filename, (folder / f"{name}.upload").read_bytes()) for name, filename in meta["files"].items()
    }
    return files, meta["show_id"]


def discard(signed, *, user, importer):
    with contextlib.suppress(Expired):
        shutil.rmtree(_folder(signed, user=user, importer=importer), ignore_errors=True)


def purge():
    """Delete the uploads older than ``MAX_AGE``."""
    if not _root().is_dir():
        return
    cutoff = time.time() - MAX_AGE
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
