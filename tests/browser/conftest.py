"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test in this folder is marked ``browser``. When Chromium is missing they
are skipped, and the end of the pytest run says so in a banner, so a green run
without them never passes unnoticed. ``make test`` installs axe-core (from the
npm registry) for the accessibility check; when it is missing that check fails.
"""

import io
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / ".venv" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SKIP_REASON = f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium) to run them"


def take_screenshots(page, name, sizes=("desktop", "phone")):
    """Full-page screenshots of ``page`` at each size: ``screenshots/<name>-<size>.png``."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for size in sizes:
        page.set_viewport_size(VIEWPORTS[size])
        page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", full_page=True)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser test skipped: {SKIP_REASON}")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if CHROMIUM.exists():
        return
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if "browser test skipped" in str(r.longrepr)
    ]
    if skipped:
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.line(f"{len(skipped)} browser tests did not run: {SKIP_REASON}.", red=True)


@pytest.fixture(scope="module")
def browser(live_server):
    """One Chromium per module, started after the live server and the test
    database. Playwright's sync API runs an event loop in this thread, and
    Django refuses database calls from a thread with a running loop unless
    told otherwise: told for this module only, so it never leaks further."""
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized light-theme tab. The test fails if a page logs a script
    error, a Content-Security-Policy violation or a failed sub-resource."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", base_url=live_server.url)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and problems.append(f"console: {message.text}")
        ),
    )
    page.on(
        "response",
        lambda response: (
            response.request.resource_type != "document"
            and response.status >= 400
            and problems.append(f"{response.status} for {response.url}")
        ),
    )
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def demo_site(transactional_db):
    """The demo catalogue, committed so the live server's thread sees it."""
    from django.core.management import call_command

    call_command("load_demo", no_art=True, stdout=io.StringIO())


@pytest.fixture
def demo_images(demo_site):
    """Uploaded artwork for the show, episode 2, Nellie and Callie Hernandez;
    the other characters and people keep their placeholders."""
    from wiki.models import Character, Episode, Person, Show

    rows = [
        (Show.objects.get(slug="soundtrack"), "poster", (600, 900), "The Soundtrack poster"),
        (Episode.objects.get(show__slug="soundtrack", number=2), "still", (1600, 900), "Joanna on stage"),
        (Character.objects.get(slug="nellie"), "portrait", (800, 800), "Nellie smiling"),
        (Person.objects.get(slug="callie-hernandez"), "photo", (800, 800), "Callie Hernandez"),
    ]
    for obj, field, size, alt in rows:
        setattr(obj, field, _artwork(size))
        setattr(obj, f"{field}_alt", alt)
        obj.save()


def _artwork(size):
    """A JPEG upload: a diagonal gradient with a sun, enough to judge a layout."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw, ImageOps

    gradient = Image.linear_gradient("L").rotate(45, expand=True).resize(size)
    image = ImageOps.colorize(gradient, "#3b0764", "#fb923c")
    width, height = size
    radius = min(size) // 5
    ImageDraw.Draw(image).ellipse(
        (width // 2 - radius, height // 2 - radius, width // 2 + radius, height // 2 + radius), fill="#fde68a"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("artwork.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_JS.relative_to(ROOT)}: run `make axe` (it needs npm) "
            "or `make test`, which installs it.",
            pytrace=False,
        )
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source):
    """``axe(page)`` runs axe-core on the page and returns its violations of
    any impact, one readable line per failing element."""

    def run(page):
        # evaluate() is not subject to the page's Content-Security-Policy.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node['failureSummary']}"
            for v in violations
            for node in v["nodes"]
        ]

    return run
