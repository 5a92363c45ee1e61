"""Every upload path — the admin's five image fields and the Markdown editor's
upload — refuses a broken file with a message, accepts a valid one whatever its
name, and stores no metadata: not in the stored file, not in any rendition."""

import io
import re
import struct
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from recaps.models import Recap
from tests import factories as f
from tests.recaps.test_editing import recap_data
from tests.wiki.test_admin import episode_form
from wiki.models import CastRole, Character, Episode, Person, Show

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(1)</script>"
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b"<rdf:RDF><rdf:Description>" + SCRIPT + b"</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
)


def _exif():
    exif = Image.Exif()
    exif[0x010F] = "<script>exif</script>"  # Make
    return exif


def _srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _upload(name, image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def jpeg_with_everything(name="photo.jpg", size=(400, 300), icc_profile=None):
    """A JPEG with EXIF, an XMP packet, a COM block holding a script, and an ICC profile if given."""
    icc = {"icc_profile": icc_profile} if icc_profile else {}
    image = Image.new("RGB", size, (200, 60, 90))
    return _upload(name, image, "JPEG", exif=_exif(), xmp=XMP, comment=SCRIPT, **icc)


def jpeg_with_srgb_profile():
    return jpeg_with_everything(icc_profile=_srgb_profile())


def jpeg_with_broken_profile():
    return jpeg_with_everything(icc_profile=b"not a profile " + SCRIPT)


def png_with_everything():
    """A transparent PNG with EXIF, XMP and text chunks and a profile no one can read."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    image = Image.new("RGBA", (400, 300), (200, 60, 90, 128))
    return _upload(
        "poster.png", image, "PNG", exif=_exif(), pnginfo=info, icc_profile=b"not a profile " + SCRIPT
    )


def gif_with_comment():
    """A two-frame GIF with a comment extension (0x21 0xFE) holding a script."""
    first, second = (Image.new("P", (400, 300), colour) for colour in (1, 2))
    return _upload("loop.gif", first, "GIF", save_all=True, append_images=[second], comment=SCRIPT)


def webp_with_everything():
    image = Image.new("RGB", (400, 300), (200, 60, 90))
    return _upload("still.webp", image, "WEBP", exif=_exif(), xmp=XMP, icc_profile=_srgb_profile())


UPLOADS = [
    jpeg_with_everything,
    jpeg_with_srgb_profile,
    jpeg_with_broken_profile,
    png_with_everything,
    gif_with_comment,
    webp_with_everything,
]


def truncated_jpeg(name="cut.jpg"):
    whole = jpeg_with_everything(size=(1200, 900)).read()
    return SimpleUploadedFile(name, whole[: len(whole) // 2], content_type="image/jpeg")


def metadata_blocks(data):
    """The metadata blocks of an encoded JPEG, PNG or WebP file, by their names
    (we store no other format: a GIF, with its comment extensions, fails here)."""
    if data[:2] == b"\xff\xd8":  # JPEG: segments up to the scan; APP0 is JFIF's resolution
        found, at = [], 2
        while data[at + 1] != 0xDA:
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
            if 0xE1 <= marker <= 0xEF or marker == 0xFE:
                found.append(f"JPEG marker 0xFF{marker:02X}")
            at += 2 + length
        return found
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        found, at = [], 8
        while at < len(data):
            length, kind = struct.unpack(">I4s", data[at : at + 8])
            if kind in (b"tEXt", b"zTXt", b"iTXt", b"iCCP", b"eXIf", b"sRGB", b"gAMA", b"cHRM"):
                found.append(kind.decode())
            at += 12 + length
        return found
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", data[:16]
    found, at = [], 12
    while at < len(data):
        kind, length = struct.unpack("<4sI", data[at : at + 8])
        if kind in (b"EXIF", b"XMP ", b"ICCP"):
            found.append(kind.decode())
        at += 8 + length + (length & 1)
    return found


def assert_clean(path):
    data = Path(path).read_bytes()
    assert metadata_blocks(data) == [], path
    for marker in (b"<script", b"Exif", b"xmpmeta", b"xpacket", b"ICC_PROFILE", b"not a profile"):
        assert marker not in data, (marker, path)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(root.rglob("*.*")) if root.exists() else []


# The admin's image fields: (add URL, the form's other fields, the model and its image field).
ADMIN_FIELDS = {
    "character portrait": (
        "/admin/wiki/character/add/",
        lambda: {"show": f.make_show().pk, "name": "Nellie", "slug": "nellie", "role": CastRole.GUEST},
        Character,
        "portrait",
    ),
    "show poster": (
        "/admin/wiki/show/add/",
        lambda: {
            "title": "Soundtrack",
            "slug": "soundtrack",
            "embargo_days": "7",
            "seasons-TOTAL_FORMS": "0",
            "seasons-INITIAL_FORMS": "0",
        },
        Show,
        "poster",
    ),
    "episode still": ("/admin/wiki/episode/add/", lambda: episode_form(f.make_season(), 1), Episode, "still"),
    "person photo": (
        "/admin/wiki/person/add/",
        lambda: {"name": "Paul James", "slug": "paul-james"},
        Person,
        "photo",
    ),
    "recap lead image": (
        "/admin/recaps/recap/add/",
        lambda: recap_data(
            Recap(
                title="Fresh",
                slug="fresh",
                episode=f.make_episode(),
                author=User.objects.get(username="editor"),
                body="Hi.",
                status="draft",
            ),
            base="",
        ),
        Recap,
        "lead_image",
    ),
}


EDITOR = "markdown editor"
DAMAGED = (
    "This image is cut short or damaged, so it is not an image we can read: upload the whole file again."
)
NOT_AN_IMAGE = (
    "This file is not an image we can read (JPEG, PNG, WebP or GIF).",  # the editor's upload
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",  # the admin
)
UPLOAD_PATHS = [*ADMIN_FIELDS, EDITOR]


def upload_through(client, where, upload):
    """Upload through an admin image field or the Markdown editor's endpoint;
    the messages on the image field, [] once it is stored."""
    if where == EDITOR:
        response = client.post("/editors/markdownx/upload/", {"image": upload})
        assert response.status_code == (400 if "image" in response.json() else 200)
        return response.json().get("image", [])
    url, other_fields, model, field = ADMIN_FIELDS[where]
    response = client.post(url, other_fields() | {field: upload, f"{field}_alt": "A picture"})
    if response.status_code == 302:
        assert getattr(model.objects.get(), field)
        return []
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    page = response.content.decode()
    assert all(message in page for message in errors[field])
    assert not model.objects.exists()
    return errors[field]


@pytest.mark.parametrize("where", UPLOAD_PATHS)
def test_a_truncated_jpeg_is_refused_with_a_message_on_every_upload_path(editor_client, settings, where):
    assert upload_through(editor_client, where, truncated_jpeg()) == [DAMAGED]
    assert stored_files(settings) == []


@pytest.mark.parametrize("where", UPLOAD_PATHS)
@pytest.mark.parametrize("make", UPLOADS)
def test_every_upload_path_keeps_no_metadata_in_the_stored_file_or_any_rendition(
    editor_client, settings, where, make
):
    assert upload_through(editor_client, where, make()) == []
    files = stored_files(settings)
    assert len(files) >= (1 if where == EDITOR else 5)  # the file, and webp + jpg|png for each width
    for path in files:
        assert_clean(path)


NAMES = ["my photo (1).JPG", "фото Нелли — 2019.jpeg", "no-extension", "looks-like.png", ".jpg", "notes.txt"]
NAMES.append("x" * 150 + ".jpg")  # longer than the name column


@pytest.mark.parametrize("where", ["character portrait", EDITOR])
@pytest.mark.parametrize("name", NAMES)
def test_uploads_are_judged_by_their_content_not_their_file_name(editor_client, settings, where, name):
    fake = SimpleUploadedFile(name, b"GIF89a " + SCRIPT, content_type="image/gif")
    [message] = upload_through(editor_client, where, fake)
    assert message in NOT_AN_IMAGE
    assert upload_through(editor_client, where, jpeg_with_everything(name)) == []
    stored = [path.relative_to(settings.MEDIA_ROOT).as_posix() for path in stored_files(settings)]
    pattern = r"portraits/[0-9a-f]{16}(-\d+)?\.(jpg|webp)" if where != EDITOR else r"editor/[0-9a-f]{32}\.jpg"
    assert stored and all(re.fullmatch(pattern, name) for name in stored), stored
