"""The rules every importer keeps (``recaps.importing.base``), on a one-field importer."""

import pytest

from recaps.importing.base import Importer, ImportRefused, read_json, run_import
from wiki.models import Show, SourceRecord


class ShowsImporter(Importer):
    source = "test"

    def run(self, data):
        for row in data:
            self.sync(
                Show,
                kind="show",
                external_id=row["id"],
                values={"title": row["title"], "network": row.get("network", "")},
                create={"slug": f"show-{row['id']}"},
                label=f"show {row['id']}",
            )


def run(data, **kwargs):
    return run_import(ShowsImporter(file="shows.json"), data, **kwargs)


@pytest.mark.django_db
def test_a_dry_run_reports_what_it_would_create_and_creates_nothing():
    report = run([{"id": 1, "title": "Soundtrack"}], dry_run=True)
    assert report.created == ["show 1"]
    assert str(report).startswith("Would create 1,")
    assert not Show.objects.exists() and not SourceRecord.objects.exists()


@pytest.mark.django_db
def test_reimporting_the_same_data_finds_the_row_by_its_source_id():
    run([{"id": 1, "title": "Soundtrack"}])
    report = run([{"id": 1, "title": "Soundtrack"}])
    assert report.unchanged == ["show 1"] and not report.created
    assert Show.objects.count() == 1


@pytest.mark.django_db
def test_a_newer_import_updates_fields_but_never_one_an_editor_changed():
    run([{"id": 1, "title": "Soundtrack", "network": "Netflix"}])
    Show.objects.update(title="Soundtrack (2019)")
    report = run([{"id": 1, "title": "Soundtrack!", "network": "HBO"}])
    show = Show.objects.get()
    assert (show.title, show.network) == ("Soundtrack (2019)", "HBO")
    assert report.skipped == [("show 1: title", "changed by an editor since the last import")]
    report = run([{"id": 1, "title": "Soundtrack!!", "network": "HBO"}])
    assert Show.objects.get().title == "Soundtrack (2019)"
    assert [what for what, _ in report.skipped] == ["show 1: title"]


class SparseShowsImporter(ShowsImporter):
    """A source that leaves a field out when it does not know it."""

    def run(self, data):
        for row in data:
            self.sync(Show, kind="show", external_id=row["id"], values=row["values"], label=f"show {row['id']}",
                      create={"slug": f"show-{row['id']}"})  # fmt: skip


@pytest.mark.django_db
def test_a_field_the_last_import_did_not_write_is_kept_once_an_editor_fills_it():
    importer = SparseShowsImporter
    run_import(importer(file="shows.json"), [{"id": 1, "values": {"title": "Soundtrack"}}])
    Show.objects.update(network="Netflix")
    report = run_import(
        importer(file="shows.json"), [{"id": 1, "values": {"title": "Soundtrack", "network": "HBO"}}]
    )
    assert Show.objects.get().network == "Netflix"
    assert report.skipped == [("show 1: network", "entered here by hand, not from this source")]


@pytest.mark.django_db
def test_an_invalid_value_refuses_the_whole_import_naming_record_and_field():
    with pytest.raises(ImportRefused, match=r"^shows.json: show 2: title: ") as refused:
        run([{"id": 1, "title": "Fine"}, {"id": 2, "title": "x" * 300}])
    assert refused.value.field == "title"
    assert not Show.objects.exists()


def test_malformed_json_is_refused_with_its_line():
    with pytest.raises(ImportRefused, match=r"guide.json: is not valid JSON \(line 2"):
        read_json(b'{\n  "id": }', file="guide.json")
