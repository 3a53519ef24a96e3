"""Every unit-portal URL answers only its own unit's representative: tried by hand, with ids
of another unit's clips and letters, by every other kind of visitor."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from entries.test_group_share import png_bytes

from clipcontest.entries.letters import LetterDraft, draft_letter
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry

pytestmark = pytest.mark.django_db

# These tables also feed the whole project's matrix (tests/security/matrix.py: every role,
# wrong methods, refused POSTs leave the database unchanged); other addresses get rows there.
# Each unit URL, with the arguments it needs: "ref" and "pk" are filled with unit A's objects.
UNIT_URLS = {
    "portal:unit-home": {},
    "portal:unit-fetch-progress": {},
    "portal:unit-link-check": {},
    "portal:unit-entry-add": {},
    "portal:unit-entry": {"ref"},
    "portal:unit-entry-edit": {"ref"},
    "portal:unit-entry-withdraw": {"ref"},
    "portal:unit-entry-group-screenshot": {"ref"},
    "portal:unit-letters": {},
    "portal:unit-letter-add": {},
    "portal:unit-letter": {"pk"},
    "portal:unit-letter-docx": {"pk"},
    "portal:unit-letter-pdf": {"pk"},
    "portal:unit-letter-scan": {"pk"},
}
POST_ONLY = {
    "portal:unit-letter-scan",
    "portal:organiser-letter-received",
    "portal:organiser-refresh",
    "portal:organiser-freeze",
    "portal:organiser-jury-add",
    "portal:organiser-jury-remove",
    "portal:organiser-jury-invite",
    "portal:organiser-conflict-add",
    "portal:organiser-conflict-remove",
    "portal:organiser-jury-assign",
    "portal:organiser-reminders-send",
    "portal:organiser-clip-duration",
    "portal:organiser-clip-posted",
    "portal:organiser-clip-override",
    "portal:organiser-clip-override-withdraw",
    "portal:organiser-clip-disqualify",
    "portal:organiser-clip-restore",
    "portal:organiser-clip-group-verify",
    "portal:organiser-duplicate-choose",
    "portal:organiser-committee-add",
    "portal:organiser-committee-remove",
    "portal:organiser-import",
    "portal:organiser-import-apply",
    "portal:organiser-results-decide",
}
# Values for the URL arguments that are not objects of unit A.
FIXED_ARGS = {"kind": "participation", "fmt": "docx", "what": "clips", "ext": "xlsx"}
STAFF_URLS = {
    "portal:organiser": {},
    "portal:organiser-audit": {},
    "portal:organiser-clips": {},
    "portal:organiser-clip": {"ref"},
    "portal:organiser-clip-duration": {"ref"},
    "portal:organiser-clip-posted": {"ref"},
    "portal:organiser-clip-override": {"ref"},
    "portal:organiser-clip-override-withdraw": {"ref", "pk"},
    "portal:organiser-clip-disqualify": {"ref"},
    "portal:organiser-clip-restore": {"ref"},
    "portal:organiser-clip-group-verify": {"ref"},
    "portal:organiser-clip-group-screenshot": {"ref"},
    "portal:organiser-duplicates": {},
    "portal:organiser-duplicate-choose": {"ref"},
    "portal:organiser-jury": {},
    "portal:organiser-jury-add": {},
    "portal:organiser-jury-remove": {"pk"},
    "portal:organiser-jury-invite": {"pk"},
    "portal:organiser-conflict-add": {},
    "portal:organiser-conflict-remove": {"pk"},
    "portal:organiser-jury-assign": {},
    "portal:organiser-reminders": {},
    "portal:organiser-reminders-send": {},
    "portal:organiser-committees": {},
    "portal:organiser-committee-add": {},
    "portal:organiser-committee-remove": {"pk"},
    "portal:organiser-committee-edit": {"pk"},
    "portal:organiser-documents": {},
    "portal:organiser-document-progress": {"pk"},
    "portal:organiser-document-file": {"pk"},
    "portal:organiser-report": {},
    "portal:organiser-report-chart": {"kind"},
    "portal:organiser-report-file": {"fmt"},
    "portal:organiser-results": {},
    "portal:organiser-results-decide": {},
    "portal:organiser-result": {"ref"},
    "portal:organiser-refresh": {},
    "portal:organiser-freeze": {},
    "portal:organiser-letters": {},
    "portal:organiser-letter-received": {"pk"},
    "portal:organiser-letter-scan": {"pk"},
    "portal:organiser-exports": {},
    "portal:organiser-export": {"what", "ext"},
    "portal:organiser-import": {},
    "portal:organiser-import-apply": {},
}


@pytest.fixture
def a_objects(open_contest, unit_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the clip's screenshot of its share into the group
    entry = submit_entry(
        contest=open_contest,
        unit=unit_a,
        draft=EntryDraft(
            title="Clip của Mèo Vạc",
            url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
            genre="comedy",
            theme="refute_false_information",
            authors=(AuthorDraft("Vàng Thị Dính"),),
            rights_confirmed=True,
        ),
        group_screenshot=SimpleUploadedFile("share.png", png_bytes()),
    )
    letter = draft_letter(
        contest=open_contest,
        unit=unit_a,
        draft=LetterDraft("08-CV/BCĐ35", date(2022, 6, 9), "Mèo Vạc", "Hoàng Văn Páo"),
        entries=[entry],
    )
    return {"ref": entry.ref, "pk": letter.pk}


def url_of(name: str, objects: dict) -> str:
    needs = (UNIT_URLS | STAFF_URLS)[name]
    return reverse(name, kwargs={key: (objects | FIXED_ARGS)[key] for key in needs})


def test_every_unit_and_organiser_url_of_the_portal_is_in_this_matrix():
    names = {
        f"portal:{pattern.name}"
        for pattern in get_resolver("clipcontest.portal.urls").url_patterns
        if pattern.name and pattern.name.startswith(("unit", "organiser"))
    }
    assert names == set(UNIT_URLS) | set(STAFF_URLS)


@pytest.mark.parametrize("name", sorted(UNIT_URLS | STAFF_URLS))
def test_anonymous_visitor_is_sent_to_log_in(client, a_objects, name):
    response = client.get(url_of(name, a_objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(UNIT_URLS))
@pytest.mark.parametrize("visitor", ["jury", "organiser", "secretary"])
def test_only_unit_representatives_open_unit_pages(request, a_objects, name, visitor):
    client = request.getfixturevalue(visitor)
    assert client.get(url_of(name, a_objects)).status_code == 403


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
@pytest.mark.parametrize("visitor", ["jury", "rep_a", "rep_b"])
def test_only_organisers_and_secretaries_open_organiser_pages(request, a_objects, name, visitor):
    client = request.getfixturevalue(visitor)
    assert client.get(url_of(name, a_objects)).status_code == 403
    assert (
        client.post(url_of(name, a_objects), {"received_at": "2022-06-10T09:00"}).status_code == 403
    )
    assert OfficialLetter.objects.get().received_at is None


@pytest.mark.parametrize("name", sorted(n for n, needs in UNIT_URLS.items() if needs))
def test_another_units_representative_finds_nothing_by_id_or_ref(rep_b, a_objects, name):
    url = url_of(name, a_objects)
    # 405 for an upload-only address says nothing about the letter behind it.
    assert rep_b.get(url).status_code == (405 if name in POST_ONLY else 404)
    assert rep_b.post(url, {"title": "hijacked", "rights_confirmed": "on"}).status_code == 404
    entry = Entry.objects.get()
    assert (entry.title, entry.withdrawn_at) == ("Clip của Mèo Vạc", None)


def test_another_units_representative_does_not_see_the_clip_in_its_own_pages(rep_b, a_objects):
    for name in ("portal:unit-home", "portal:unit-letters"):
        page = rep_b.get(reverse(name)).content.decode()
        assert "Clip của Mèo Vạc" not in page and "08-CV" not in page


def test_letter_form_does_not_offer_or_accept_another_units_clip(rep_b, a_objects):
    form_page = rep_b.get(reverse("portal:unit-letter-add")).content.decode()
    assert "Clip của Mèo Vạc" not in form_page
    pk = Entry.objects.get().pk
    rep_b.post(
        reverse("portal:unit-letter-add"),
        {
            "number": "1-CV",
            "date": "2022-06-01",
            "place": "Đồng Văn",
            "signer_name": "A",
            "entries": [pk],
        },
    )
    assert OfficialLetter.objects.filter(unit__code="HG-DV").count() == 0


@pytest.mark.parametrize("name", sorted(UNIT_URLS))
def test_own_representative_opens_every_unit_page(rep_a, a_objects, name):
    expected = 405 if name in POST_ONLY else 200
    assert rep_a.get(url_of(name, a_objects)).status_code == expected
