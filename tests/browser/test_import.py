"""An editor imports the demo show's TVmaze episode guide through the admin in a real
browser: upload, the dry run's report, "Import these changes", and the show's page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import take_screenshots
from tests.browser.test_editor import editor_page, editors_group  # noqa: F401 — fixtures
from tests.recaps.tvmaze_files import CAST, DATA, GUIDE

pytestmark = pytest.mark.browser


def test_editor_imports_an_episode_guide_after_reading_the_dry_run(editor_page, axe, settings, tmp_path):  # noqa: F811
    settings.IMPORT_STAGING_DIR = tmp_path / "imports"
    page = editor_page
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_role("link", name="Episode guide (TVmaze)").click()
    page.get_by_label("TVmaze show JSON").set_input_files(DATA / GUIDE)
    page.get_by_label("TVmaze cast JSON").set_input_files(DATA / CAST)
    page.get_by_role("button", name="Dry run: show what would change").click()

    expect(page.get_by_text("A dry run: nothing has changed yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Would create (7)")).to_be_visible()
    expect(
        page.get_by_text("episode 1900003 (S1E3) Track 3: Sam and Joanna: title — entered here by hand")
    ).to_be_visible()
    assert axe(page) == []
    take_screenshots(page, "admin-import-dry-run", sizes=("desktop",))

    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("status")).to_contain_text("Imported. Created 7, changed 4")
    page.get_by_role("link", name="View Soundtrack on the site").click()
    expect(page.get_by_role("link", name="S1E10 Track 10: The Last Song")).to_be_visible()
    expect(page.get_by_role("link", name="CC BY-SA 4.0")).to_have_attribute(
        "href", "https://creativecommons.org/licenses/by-sa/4.0/"
    )
    assert axe(page) == []
