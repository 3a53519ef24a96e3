"""The organisers' awards page: ask for a document, watch its progress, download it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clipcontest.documents.batches import run_batch
from clipcontest.documents.models import DocumentBatch

pytestmark = pytest.mark.django_db
PAGE = reverse("portal:organiser-documents") + "?contest=sc35-2022"


def ask(client, kind: str):
    return client.post(PAGE, {"contest": "sc35-2022", "kind": kind}, follow=True)


def test_before_finalisation_the_money_documents_wait(organiser, demo_contest):
    html = organiser.get(PAGE).content.decode()
    assert "chưa được chốt" in html
    assert html.count('aria-disabled="true"') == 5  # certificates, payout x2, decision x2

    response = ask(organiser, "payout")
    assert "chưa được chốt" in response.content.decode()
    assert not DocumentBatch.objects.exists()


def test_a_requested_document_shows_its_progress_then_its_download(organiser, finalised):
    ask(organiser, "certificates")
    batch = DocumentBatch.objects.get()

    progress_url = reverse("portal:organiser-document-progress", args=[batch.pk])
    waiting = organiser.get(progress_url).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting

    run_batch(batch.pk)
    ready = organiser.get(progress_url).content.decode()
    assert "hx-trigger" not in ready
    assert "sc35-2022-giay-chung-nhan.zip" in ready

    download = organiser.get(reverse("portal:organiser-document-file", args=[batch.pk]))
    assert download.status_code == 200
    assert "sc35-2022-giay-chung-nhan.zip" in download["Content-Disposition"]
    assert b"".join(download.streaming_content)[:2] == b"PK"

    page = organiser.get(PAGE).content.decode()
    assert page.count(reverse("portal:verify", args=["X"])[:-2]) >= 6  # the serials, linked


def test_an_unknown_kind_is_not_found(organiser, finalised):
    assert organiser.post(PAGE, {"contest": "sc35-2022", "kind": "secret"}).status_code == 404


def test_a_document_not_ready_cannot_be_downloaded(organiser, finalised):
    ask(organiser, "payout")
    batch = DocumentBatch.objects.get()
    url = reverse("portal:organiser-document-file", args=[batch.pk])
    assert organiser.get(url).status_code == 404


def test_units_do_not_open_the_awards_page(rep_a, finalised):
    assert rep_a.get(PAGE).status_code == 403
    assert rep_a.post(PAGE, {"contest": "sc35-2022", "kind": "payout"}).status_code == 403
    assert not DocumentBatch.objects.exists()
