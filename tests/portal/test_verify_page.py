"""The public verification page: what the QR code on a certificate opens.

Anyone may open it; it shows what the certificate prints and nothing the certificate does not
(no score, no judge, no link into the portal); a voided certificate says so in red; an unknown
number is a 404 that says so, in the visitor's language.
"""

from __future__ import annotations

from datetime import date

import pytest
from awards.conftest import chair, fast_password_hashing  # noqa: F401 - a fixture
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clipcontest.awards.models import Certificate
from clipcontest.awards.services import issue_certificates
from clipcontest.contests.queries import letterhead_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(finalised) -> Certificate:
    """The second "Giải Nhì": HG-BQ-2, scored 86.33 by three named judges."""
    issue_certificates(contest=finalised, by=chair())
    Certificate.objects.update(issued_on=date(2022, 7, 5))
    return Certificate.objects.select_related("entry", "contest").get(entry__ref="HG-BQ-2")


def page(client, certificate: Certificate, *, language: str = "vi", serial: str | None = None):
    with translation.override(language):
        url = reverse("portal:verify", args=[serial or certificate.serial])
    return client.get(url)


def test_anyone_sees_the_printed_facts(client, certificate):
    response = page(client, certificate)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html
    for fact in (
        certificate.serial,
        certificate.contest.name,
        "Giải Nhì",
        f"“{certificate.title}”",
        ", ".join(certificate.authors),
        certificate.unit_name,
        "2.000.000 đ",
        "(Hai triệu đồng)",
        "05/07/2022",
    ):
        assert fact in html, fact
    assert "flash--success" in html and "flash--error" not in html


def test_the_page_shows_nothing_the_certificate_does_not_print(client, certificate):
    entry = certificate.entry

    html = page(client, certificate).content.decode()

    assert entry.url not in html and (entry.video_id or "no video id") not in html
    assert entry.ref not in html  # the internal reference is not printed either
    for score in ("86.33", "86,33", "86.3", "86,3"):
        assert score not in html
    assert "Giám khảo" not in html and "gk.an" not in html
    for private in ("/organiser/", "/unit/", "/jury/", "/admin/"):
        assert f'href="{private}' not in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_answer_is_not_kept_by_shared_caches(client, certificate):
    response = page(client, certificate)

    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "max-age=0"}


def test_a_voided_certificate_says_in_red_that_it_no_longer_holds(client, certificate):
    certificate.voided_at = timezone.make_aware(timezone.datetime(2022, 7, 20, 9, 0))
    certificate.void_reason = "Kết quả đã thay đổi sau khi mở lại: clip không còn giữ giải này."
    certificate.save()

    html = page(client, certificate, language="en").content.decode()

    assert 'class="flash flash--error verify-status" role="alert"' in html
    assert "This certificate is no longer valid." in html
    assert "Voided on 20/07/2022." in html
    assert "clip không còn giữ giải này" in html
    assert "flash--success" not in html
    assert certificate.serial in html  # the holder still sees which certificate it was


def test_a_voided_certificate_in_vietnamese(client, certificate):
    certificate.voided_at = timezone.now()
    certificate.void_reason = "Kết quả đã thay đổi sau khi mở lại"
    certificate.save()

    html = page(client, certificate).content.decode()

    with translation.override("vi"):
        notice = gettext("This certificate is no longer valid.")
    assert notice in html and "flash--error" in html


def test_an_unknown_number_is_a_404_that_says_no_certificate_has_it(client, certificate):
    wrong = "SC35-2022-002-ZZZZZ"

    response = page(client, certificate, serial=wrong)

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi"' in html
    with translation.override("vi"):
        assert gettext("No certificate has this number") in html
    assert wrong in html
    assert certificate.title not in html
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "max-age=0"}


def test_an_unknown_number_in_english(client, certificate):
    response = page(client, certificate, language="en", serial="NOT-A-SERIAL")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "No certificate has this number" in html


def test_the_unknown_number_is_shown_escaped(client, certificate):
    response = client.get("/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")

    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode()


def test_a_number_typed_in_lower_case_is_found(client, certificate):
    response = page(client, certificate, serial=f"  {certificate.serial.lower()}")

    assert response.status_code == 200
    assert certificate.title in response.content.decode()


def test_english_version_under_en(client, certificate):
    response = page(client, certificate, language="en")

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == f"/en/verify/{certificate.serial}/"
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Certificate verification" in html
    assert "This certificate is valid" in html
    assert "Giải Nhì</span> (Second prize)" in html  # as printed, with its English name
    assert "2.000.000 đ" in html and "Hai triệu đồng" in html


def test_amount_in_words_is_what_was_printed_not_recomputed(client, certificate):
    """A later change of the letterhead's "linh"/"lẻ" never rewrites an issued certificate."""
    assert certificate.amount_in_words == "Hai triệu đồng"  # stored when it was issued
    Certificate.objects.filter(pk=certificate.pk).update(
        amount=1_005_000, amount_in_words="Một triệu không trăm linh năm nghìn đồng"
    )
    letterhead = letterhead_of(certificate.contest)
    letterhead.zero_tens = "lẻ"
    letterhead.save()

    html = page(client, certificate).content.decode()

    assert "1.005.000 đ" in html and "Một triệu không trăm linh năm nghìn đồng" in html


def test_only_reading_is_allowed(client, certificate):
    with translation.override("vi"):
        url = reverse("portal:verify", args=[certificate.serial])

    assert client.post(url).status_code == 405


def test_the_page_costs_a_fixed_number_of_queries(
    client, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert page(client, certificate).status_code == 200
