"""A unit prepares its official letter, downloads it, uploads the signed scan; the organisers
mark it received, and only then does it count."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clipcontest.eligibility.queries import contest_report
from clipcontest.entries.models import OfficialLetter
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def clips(open_contest, unit_a):
    def clip(n: int, url: str):
        return submit_entry(
            contest=open_contest,
            unit=unit_a,
            draft=EntryDraft(
                title=f"Clip {n}",
                url=url,
                genre="drama",
                theme="criticize_online_habits",
                authors=(AuthorDraft("Hoàng Văn Páo"),),
                rights_confirmed=True,
            ),
        )

    return [
        clip(1, "https://www.youtube.com/watch?v=Q1w2E3r4T5y"),
        clip(2, "https://www.tiktok.com/@a/video/7081234567890123456"),
    ]


def prepare(client, **overrides):
    data = {
        "number": "12-CV/BCĐ35",
        "date": "2022-06-09",
        "place": "Mèo Vạc",
        "signer_name": "Hoàng Văn Páo",
        "contact_name": "Vàng Thị Dính",
        "contact_phone": "0912 345 678",
    }
    data.update(overrides)
    return client.post(reverse("portal:unit-letter-add"), data)


def test_unit_prepares_a_letter_listing_its_clips(rep_a, clips):
    response = prepare(rep_a, entries=[c.pk for c in clips])
    letter = OfficialLetter.objects.get()
    assert response["Location"] == reverse("portal:unit-letter", args=[letter.pk])
    assert (letter.number, letter.place, letter.received_at) == ("12-CV/BCĐ35", "Mèo Vạc", None)
    assert sorted(letter.entries.values_list("ref", flat=True)) == ["HG-MV-1", "HG-MV-2"]


def test_letter_form_lists_every_clip_ticked_by_default(rep_a, clips):
    page = rep_a.get(reverse("portal:unit-letter-add")).content.decode()
    assert page.count("checked") >= 2 and "Mèo Vạc" in page


def test_letter_without_clips_or_with_a_taken_number_is_refused(rep_a, clips):
    assert prepare(rep_a).status_code == 200
    prepare(rep_a, entries=[clips[0].pk])
    again = prepare(rep_a, entries=[clips[1].pk])
    assert "12-CV/BCĐ35" in again.content.decode()
    assert OfficialLetter.objects.count() == 1


def test_unit_downloads_the_letter_as_word_and_pdf(rep_a, clips):
    prepare(rep_a, entries=[c.pk for c in clips])
    pk = OfficialLetter.objects.get().pk
    docx = rep_a.get(reverse("portal:unit-letter-docx", args=[pk]))
    pdf = rep_a.get(reverse("portal:unit-letter-pdf", args=[pk]))
    assert docx.content.startswith(b"PK") and "attachment" in docx["Content-Disposition"]
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"


def test_unit_uploads_the_signed_scan_and_a_non_scan_is_refused(rep_a, clips):
    prepare(rep_a, entries=[c.pk for c in clips])
    letter = OfficialLetter.objects.get()
    scan_url = reverse("portal:unit-letter-scan", args=[letter.pk])
    rep_a.post(scan_url, {"scan": SimpleUploadedFile("scan.exe", b"MZ\x90\x00 not a scan")})
    letter.refresh_from_db()
    assert not letter.scan
    rep_a.post(scan_url, {"scan": SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n% signed")})
    letter.refresh_from_db()
    assert letter.scan and letter.scan_uploaded_at is not None


def test_only_a_letter_the_organisers_mark_received_counts(rep_a, organiser, clips, open_contest):
    prepare(rep_a, entries=[c.pk for c in clips])
    letter = OfficialLetter.objects.get()

    def unit_letter_status() -> str:
        report = contest_report(open_contest)
        return str(next(u for u in report.units if u.code == "HG-MV").letter)

    assert unit_letter_status() == "missing"
    page = organiser.get(reverse("portal:organiser-letters")).content.decode()
    assert "12-CV/BCĐ35" in page
    organiser.post(
        reverse("portal:organiser-letter-received", args=[letter.pk]),
        {"received_at": (open_contest.opens_on.isoformat() + "T09:30")},
    )
    letter.refresh_from_db()
    assert letter.received_at is not None
    assert unit_letter_status() == "received"
    organiser.post(reverse("portal:organiser-letter-received", args=[letter.pk]), {"clear": "1"})
    letter.refresh_from_db()
    assert letter.received_at is None


def test_unit_may_send_a_supplementary_letter(rep_a, clips):
    prepare(rep_a, entries=[clips[0].pk])
    prepare(rep_a, number="13-CV/BCĐ35", entries=[clips[1].pk])
    assert OfficialLetter.objects.count() == 2
