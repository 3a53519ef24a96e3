"""Every change to a clip or a letter leaves one audit event: who, what before, what after.

Through the services first (state before and after each change), then once through each way
in (portal, API, command line) to check that the caller passes who acted.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from factories import DEMO, HCM, VIDEO, UnitFactory, a_draft, csv_bytes

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.audit.queries import changes, history_of
from clipcontest.entries.letter_imports import import_letters
from clipcontest.entries.letters import LetterDraft, attach_scan, draft_letter, mark_received
from clipcontest.entries.services import (
    AuthorDraft,
    EntryRefused,
    submit_entry,
    update_entry,
    withdraw_entry,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_background_work(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unit(db):
    return UnitFactory(code="HG-MV", name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc")


@pytest.fixture
def rep(unit):
    return ensure_account(
        username="hg-mv", password="x-y-z-123!", role=Role.UNIT_REPRESENTATIVE, unit=unit
    )


@pytest.fixture
def organiser(db):
    return ensure_account(username="bantochuc", password="x-y-z-123!", role=Role.ORGANISER)


@pytest.fixture
def entry(open_contest, unit, rep):
    return submit_entry(contest=open_contest, unit=unit, draft=a_draft(), by=rep)


def only_event(**filters) -> AuditEvent:
    (event,) = AuditEvent.objects.filter(**filters)
    return event


# --- clips ----------------------------------------------------------------------------------------


def test_entering_a_clip_records_who_entered_it_and_what_they_said(entry, rep, open_contest):
    event = only_event()
    assert (event.action, event.actor, event.contest) == ("entry.submitted", rep, open_contest)
    assert (event.object_type, event.object_id) == ("entries.entry", str(entry.pk))
    assert event.object_repr.startswith("HG-MV-1")
    assert event.before is None
    assert event.after == {
        "title": "Clip của Mèo Vạc",
        "url": VIDEO,
        "genre": "comedy",
        "theme": "refute_false_information",
        "duration": "0:59.5",
        "authors": ["Vàng Thị Dính"],
        "withdrawn": False,
        "group_post": "",
        "group_screenshot": False,
    }
    json.dumps(event.after)  # plain JSON, no Decimal left


def test_a_refused_clip_leaves_no_event(open_contest, unit, rep):
    with pytest.raises(EntryRefused):
        submit_entry(contest=open_contest, unit=unit, draft=a_draft(rights_confirmed=False), by=rep)
    assert not AuditEvent.objects.exists()


def test_editing_a_clip_records_the_fields_before_and_after(entry, rep):
    update_entry(
        entry=entry,
        draft=a_draft(title="Clip mới", authors=(AuthorDraft("Vàng Thị Dính"), AuthorDraft("Páo"))),
        by=rep,
    )
    event = only_event(action="entry.updated")
    assert event.actor == rep
    assert [(c.key, c.before, c.after) for c in changes(event.before, event.after)] == [
        ("title", "Clip của Mèo Vạc", "Clip mới"),
        ("authors", ["Vàng Thị Dính"], ["Vàng Thị Dính", "Páo"]),
    ]


def test_withdrawing_a_clip_records_it_and_a_refused_withdrawal_does_not(entry, rep):
    withdraw_entry(entry=entry, by=rep)
    with pytest.raises(EntryRefused):
        withdraw_entry(entry=entry, by=rep)

    event = only_event(action="entry.withdrawn")
    assert event.actor == rep
    assert (event.before["withdrawn"], event.after["withdrawn"]) == (False, True)
    assert [e.action for e in history_of(entry)] == ["entry.withdrawn", "entry.submitted"]


# --- letters --------------------------------------------------------------------------------------


@pytest.fixture
def letter(open_contest, unit, rep, entry):
    return draft_letter(
        contest=open_contest,
        unit=unit,
        draft=LetterDraft("08-CV/BCĐ35", date(2022, 6, 9), "Mèo Vạc", "Hoàng Văn Páo"),
        entries=[entry],
        by=rep,
    )


def test_preparing_a_letter_records_what_it_lists(letter, rep):
    event = only_event(action="letter.drafted")
    assert (event.actor, event.object_id, event.before) == (rep, str(letter.pk), None)
    assert event.after["number"] == "08-CV/BCĐ35"
    assert (event.after["date"], event.after["clips"]) == ("2022-06-09", ["HG-MV-1"])


def test_uploading_the_scan_records_the_file_that_replaced_the_previous_one(letter, rep):
    attach_scan(letter=letter, upload=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 a"), by=rep)
    attach_scan(letter=letter, upload=SimpleUploadedFile("cv2.pdf", b"%PDF-1.4 b"), by=rep)

    second, first = AuditEvent.objects.filter(action="letter.scan_attached")
    assert first.before == {"scan": None} and first.after["scan"].endswith(".pdf")
    assert second.before == first.after and second.after != first.after
    assert second.actor == rep


def test_marking_a_letter_received_and_not_received_records_the_organiser(letter, organiser):
    arrived = datetime(2022, 6, 10, 9, 30, tzinfo=HCM)
    mark_received(letter=letter, received_at=arrived, by=organiser)
    mark_received(letter=letter, received_at=None, by=organiser)

    received = only_event(action="letter.received")
    cleared = only_event(action="letter.unreceived")
    assert received.actor == cleared.actor == organiser
    assert received.before == {"received_at": None}
    assert received.after == {"received_at": "2022-06-10T09:30:00+07:00"}
    assert (cleared.before, cleared.after) == (received.after, {"received_at": None})


def test_importing_letters_records_one_event_per_letter_and_nothing_when_nothing_changed(
    demo_contest, organiser
):
    letters = AuditEvent.objects.filter(action="letter.imported")
    assert letters.count() == 6  # the demo import (conftest) names no one
    assert {e.actor for e in letters} == {None}

    import_letters((DEMO / "letters.csv").read_bytes(), "letters.csv", contest=demo_contest)
    assert letters.count() == 6

    changed = csv_bytes(
        [
            ["unit", "number", "date", "received_at", "entries"],
            ["HG-DV", "12-CV/BCĐ35", "2022-06-12", "2022-06-15 08:00", "HG-DV-1;HG-DV-2"],
        ]
    )
    import_letters(changed, "sửa.csv", contest=demo_contest, by=organiser)
    event = letters.filter(actor=organiser).get()
    assert [c.key for c in changes(event.before, event.after)] == ["received_at"]
    assert event.reason.endswith("sửa.csv")


# --- each way in passes who acted -----------------------------------------------------------------


def test_the_portal_records_the_representative_who_entered_and_withdrew(open_contest, rep):
    client = Client()
    client.force_login(rep)
    client.post(
        reverse("portal:unit-entry-add"),
        {
            "url": VIDEO,
            "title": "Clip qua cổng",
            "genre": "comedy",
            "theme": "refute_false_information",
            "rights_confirmed": "on",
            "authors-TOTAL_FORMS": "1",
            "authors-INITIAL_FORMS": "0",
            "authors-0-name": "Vàng Thị Dính",
        },
    )
    client.post(reverse("portal:unit-entry-withdraw", args=["HG-MV-1"]))

    assert [(e.action, e.actor) for e in AuditEvent.objects.all()] == [
        ("entry.withdrawn", rep),
        ("entry.submitted", rep),
    ]


def test_the_api_records_the_caller(open_contest, rep):
    client = Client()
    client.force_login(rep)
    body = {
        "title": "Clip qua API",
        "url": VIDEO,
        "genre": "comedy",
        "theme": "refute_false_information",
        "authors": [{"name": "Vàng Thị Dính"}],
        "rights_confirmed": True,
    }
    response = client.post("/api/entries", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content

    assert (only_event().action, only_event().actor) == ("entry.submitted", rep)


def test_the_letters_import_command_records_who_imported(demo_contest, organiser, tmp_path):
    sheet = tmp_path / "letters.csv"
    sheet.write_bytes(
        csv_bytes(
            [
                ["unit", "number", "date", "received_at", "entries"],
                ["HG-DV", "99-CV/BCĐ35", "2022-06-12", "", "HG-DV-1"],
            ]
        )
    )
    call_command("letters", "import", str(sheet), contest="sc35-2022", by="bantochuc")

    event = only_event(action="letter.imported", actor=organiser)
    assert event.after["number"] == "99-CV/BCĐ35"
