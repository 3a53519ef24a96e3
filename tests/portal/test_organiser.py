"""The organisers' page: refreshing every clip's counts and freezing them at the close."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from factories import HCM, EntryFactory

from clipcontest.entries.models import EngagementSnapshot

pytestmark = pytest.mark.django_db


def test_organiser_page_shows_the_public_contest_and_offers_any_other(
    organiser, contest_2022, open_contest
):
    page = organiser.get(reverse("portal:organiser")).content.decode()
    assert contest_2022.slug in page and open_contest.slug in page


def test_refresh_queues_a_new_read_of_every_clip_with_a_link(
    organiser, open_contest, django_capture_on_commit_callbacks
):
    entries = EntryFactory.create_batch(3, contest=open_contest)
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(
            reverse("portal:organiser-refresh"), {"contest": open_contest.slug}
        )
    assert response.status_code == 302
    assert {e.fetch_state for e in type(entries[0]).objects.all()} == {"queued"}


def test_counts_cannot_be_frozen_before_the_close(organiser, open_contest):
    entry = EntryFactory(contest=open_contest)
    EngagementSnapshot.objects.create(entry=entry, taken_at=datetime.now(HCM), views=10)
    organiser.post(reverse("portal:organiser-freeze"), {"contest": open_contest.slug})
    assert not EngagementSnapshot.objects.filter(is_record=True).exists()


def test_after_the_close_the_counts_at_the_close_become_the_record(organiser, contest_2022):
    entry = EntryFactory(contest=contest_2022)
    before = EngagementSnapshot.objects.create(
        entry=entry, taken_at=datetime(2022, 6, 30, 20, tzinfo=HCM), views=100
    )
    EngagementSnapshot.objects.create(
        entry=entry, taken_at=datetime(2022, 7, 5, tzinfo=HCM), views=9000
    )
    organiser.post(reverse("portal:organiser-freeze"), {"contest": contest_2022.slug})
    assert list(EngagementSnapshot.objects.filter(is_record=True)) == [before]
