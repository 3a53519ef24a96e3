"""Hostile text: script and HTML, a right-to-left override, 10,000 characters, NUL bytes and
formulas, typed into clip titles, author names, the organisers' reasons and letter fields.

Each is stored or refused cleanly (never a server error; refused means nothing stored), every
page shows it escaped, and every export (clips, units, compliance, payout, audit log) keeps a
cell that starts like a formula as text.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from clipcontest.documents.payout import payout_csv, payout_xlsx
from clipcontest.documents.spreadsheet import FORMULA_TRIGGERS
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.units.models import Person, Unit

from .hostile_helpers import db_state, record_figures

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert('xss')</script>",
    "img onerror": '"><img src=x onerror=alert(1)>',
    "right-to-left override": "Clip \u202egnp.exe",
    "10,000 characters": "Đ" * 10_000,
    "NUL": "Tin\x00giả",
    "HYPERLINK formula": '=HYPERLINK("https://evil.example","Bấm vào")',
    "DDE formula": "=cmd|' /C calc'!A0",
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(1+1)",
}
# Markers of markup that must never reach a page unescaped.
RAW = ("<script>alert", "<img src=x onerror")
SLUG_PARAM = "contest"


@pytest.fixture(autouse=True)
def vietnamese_pages():
    translation.activate("vi")
    yield
    translation.activate("vi")


def assert_escaped(html: str) -> None:
    for marker in RAW:
        assert marker not in html


def clip_form(title: str, author: str) -> dict[str, str]:
    return {
        "url": "https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        "title": title,
        "genre": "comedy",
        "theme": "refute_false_information",
        "duration": "",
        "rights_confirmed": "on",
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-0-name": author,
        "authors-0-category": "",
    }


def pages_of(client, entry: Entry | None) -> list[str]:
    urls = [reverse("portal:unit-home")]
    if entry is not None:
        urls.append(reverse("portal:unit-entry", args=[entry.ref]))
    return [client.get(url).content.decode() for url in urls]


def refused_for_nul(response, payload: str, before: dict) -> bool:
    """A NUL never reaches a view: the whole request is refused in both languages, nothing
    stored (PostgreSQL cannot store the character at all)."""
    if "\x00" not in payload:
        return False
    assert response.status_code == 400
    text = response.content.decode()
    assert "không được chấp nhận" in text and "not accepted" in text
    assert db_state() == before
    return True


@pytest.mark.parametrize("name", PAYLOADS)
def test_a_hostile_title_and_author_are_stored_or_refused_and_always_shown_escaped(
    open_contest, rep_a, organiser, name
):
    payload = PAYLOADS[name]
    before = db_state()
    response = rep_a.post(reverse("portal:unit-entry-add"), clip_form(payload, payload))
    if refused_for_nul(response, payload, before):
        return
    assert response.status_code in (200, 302)
    entry = Entry.objects.first()
    if response.status_code == 200:  # refused: said on the form, nothing stored
        errors = response.context["form"].errors
        formset = response.context["authors"]
        assert errors.get("title") or formset.errors, name
        assert db_state() == before
    else:
        assert entry.title == " ".join(payload.split())
        assert entry.author_names == [" ".join(payload.split())]
    html = pages_of(rep_a, entry)
    if entry is not None:
        query = {SLUG_PARAM: open_contest.slug}
        html.append(
            organiser.get(
                reverse("portal:organiser-clip", args=[entry.ref]), query
            ).content.decode()
        )
        html.append(organiser.get(reverse("portal:organiser-clips"), query).content.decode())
    for page in [response.content.decode(), *html]:
        assert_escaped(page)


@pytest.mark.parametrize("name", PAYLOADS)
def test_the_api_stores_or_refuses_a_hostile_title_and_author_with_a_json_answer(
    open_contest, rep_a, name
):
    payload = PAYLOADS[name]
    before = db_state()
    body = {
        "title": payload,
        "url": "https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        "genre": "comedy",
        "theme": "refute_false_information",
        "authors": [{"name": payload}],
        "rights_confirmed": True,
    }
    response = rep_a.post("/api/entries", body, content_type="application/json")
    assert response.status_code in (201, 422), response.content[:300]
    if response.status_code == 422:
        for message in response.json()["problems"].values():
            assert message["vi"] and message["en"] and message["vi"] != message["en"]
        assert db_state() == before
    else:
        assert response.json()["title"] == " ".join(payload.split())
        assert response["Content-Type"].startswith("application/json")


@pytest.fixture
def clip(open_contest, unit_a) -> Entry:
    from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry

    return submit_entry(
        contest=open_contest,
        unit=unit_a,
        draft=EntryDraft(
            title="Clip 1",
            url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
            genre="drama",
            theme="criticize_online_habits",
            authors=(AuthorDraft("Hoàng Văn Páo"),),
            rights_confirmed=True,
        ),
    )


@pytest.mark.parametrize("name", PAYLOADS)
def test_a_hostile_disqualification_reason_is_stored_or_refused_and_shown_escaped(
    open_contest, organiser, rep_a, clip, name
):
    payload = PAYLOADS[name]
    before = db_state()
    query = f"?{SLUG_PARAM}={open_contest.slug}"
    response = organiser.post(
        reverse("portal:organiser-clip-disqualify", args=[clip.ref]) + query,
        {"ground": "other", "reason": payload},
        follow=True,
    )
    if refused_for_nul(response, payload, before):
        return
    assert response.status_code == 200
    clip.refresh_from_db()
    if clip.is_disqualified:
        assert clip.disqualification_reason == payload.strip()
    else:
        assert "flash--error" in response.content.decode()
        assert db_state() == before
    pages = [
        response.content.decode(),
        rep_a.get(reverse("portal:unit-entry", args=[clip.ref])).content.decode(),
        organiser.get(reverse("portal:organiser-audit") + query).content.decode(),
    ]
    for page in pages:
        assert_escaped(page)
    audit = organiser.get(reverse("portal:organiser-audit") + query + "&format=csv")
    assert audit.status_code == 200
    assert_csv_safe(audit.content)


LETTER_FIELDS = ("number", "place", "signer_name", "contact_name", "contact_phone")


@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_letter_fields_are_stored_or_refused_and_shown_escaped(
    open_contest, rep_a, organiser, clip, name
):
    payload = PAYLOADS[name]
    before = db_state()
    data = {field: payload for field in LETTER_FIELDS}
    data.update(date="2022-06-09", entries=[clip.pk])
    response = rep_a.post(reverse("portal:unit-letter-add"), data)
    if refused_for_nul(response, payload, before):
        return
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors
        assert db_state() == before
    else:
        letter = OfficialLetter.objects.get()
        assert letter.place == payload.strip()
    query = f"?{SLUG_PARAM}={open_contest.slug}"
    for page in (
        response.content.decode(),
        rep_a.get(reverse("portal:unit-letters")).content.decode(),
        organiser.get(reverse("portal:organiser-letters") + query).content.decode(),
    ):
        assert_escaped(page)


# --- exports ---------------------------------------------------------------------------------

# What reaches the exports, stored as a unit or the secretariat's import could store it (the
# forms trim a leading tab or line break; the database keeps whatever it is given).
FORMULAS = [value for value in PAYLOADS.values() if value.startswith(FORMULA_TRIGGERS)]
FORMULAS += ["\t=1+1", "\r=1+1", "=1+1"]


def formula_cells_in_xlsx(content: bytes) -> list[str]:
    """Every text cell that starts like a formula; fails on one that is not kept as text."""
    found = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                    found.append(cell.value)
    return found


def assert_csv_safe(content: bytes) -> list[str]:
    """No field starts like a formula unless it is a number; returns the guarded fields."""
    guarded = []
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")):
        for field in row:
            if field.startswith(FORMULA_TRIGGERS):
                float(field)  # a negative number is the only thing allowed to
            if field.startswith("'") and field[1:].startswith(FORMULA_TRIGGERS):
                guarded.append(field[1:])
    return guarded


def make_hostile(contest) -> None:
    """Every unit, clip and author of ``contest`` renamed to the formulas, in turn."""
    for index, unit in enumerate(Unit.objects.order_by("pk")):
        Unit.objects.filter(pk=unit.pk).update(name=FORMULAS[index % len(FORMULAS)])
    for index, entry in enumerate(Entry.objects.filter(contest=contest).order_by("pk")):
        Entry.objects.filter(pk=entry.pk).update(title=FORMULAS[(index + 1) % len(FORMULAS)])
    for index, person in enumerate(Person.objects.order_by("pk")):
        Person.objects.filter(pk=person.pk).update(name=FORMULAS[(index + 2) % len(FORMULAS)])


@pytest.mark.parametrize("what", ["clips", "units", "compliance"])
def test_every_organiser_export_keeps_formulas_as_text(organiser, demo_contest, what):
    make_hostile(demo_contest)
    query = f"?{SLUG_PARAM}={demo_contest.slug}"
    found = set()
    for ext in ("xlsx", "csv"):
        response = organiser.get(reverse("portal:organiser-export", args=[what, ext]) + query)
        assert response.status_code == 200
        if ext == "xlsx":
            found |= set(formula_cells_in_xlsx(response.content))
        else:
            found |= set(assert_csv_safe(response.content))
    assert found & set(FORMULAS), what  # the hostile values did reach the file


def test_the_payout_list_keeps_formulas_as_text(finalised):
    make_hostile(finalised)
    found = set(formula_cells_in_xlsx(payout_xlsx(finalised)))
    found |= set(assert_csv_safe(payout_csv(finalised)))
    assert found & set(FORMULAS)


def test_the_figures_of_text_payloads_tried_are_written():
    fields = ("title", "author", "API title+author", "reason", *LETTER_FIELDS)
    record_figures(
        text_payloads=len(PAYLOADS),
        text_fields=len(fields),
        text_cases=len(PAYLOADS) * 4,
        export_formats_checked=3 * 2 + 2 + 1,
    )
