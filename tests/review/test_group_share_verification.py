"""The organisers mark a clip's share into the provincial group verified (Kế hoạch mục IV.2):
recorded with who, when and how, refused with a reason when there is nothing to verify, when
no note says how, twice, or once the results are finalised."""

from __future__ import annotations

import pytest
from django.utils import timezone
from factories import EntryFactory, UnitFactory

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.entries.models import Entry
from clipcontest.judging.models import ResultsDecision
from clipcontest.review.services import ReviewRefused, verify_group_share

pytestmark = pytest.mark.django_db
SHARE = "https://www.facebook.com/groups/304102323603847/posts/1234567890123456/"


@pytest.fixture
def secretary():
    return ensure_account(username="thuky", password="mật-khẩu-thử-1", role=Role.SECRETARY)


@pytest.fixture
def shared(contest_2022):
    """A clip whose unit gave the link of its share into the group."""
    return EntryFactory(
        contest=contest_2022,
        unit=UnitFactory(code="HG-MV"),
        ref="HG-MV-1",
        group_post_url=SHARE,
        group_post_canonical=SHARE,
    )


def assert_refused(says: str, **arguments) -> None:
    """``verify_group_share`` is refused, saying ``says`` in a language, and stores nothing."""
    entry = arguments["entry"]
    before = Entry.objects.values().get(pk=entry.pk)
    events = AuditEvent.objects.count()
    with pytest.raises(ReviewRefused) as refused:
        verify_group_share(**arguments)
    assert says in refused.value.message.vi + refused.value.message.en
    assert refused.value.message.vi != refused.value.message.en
    assert Entry.objects.values().get(pk=entry.pk) == before
    assert AuditEvent.objects.count() == events


def test_verifying_the_share_records_who_when_and_how(shared, secretary):
    verify_group_share(entry=shared, note="Đã thấy bài chia sẻ trong nhóm", by=secretary)

    shared.refresh_from_db()
    assert shared.group_share_verified_by == secretary
    assert shared.group_share_verified_at is not None
    (event,) = AuditEvent.objects.filter(action="review.group_share_verified")
    assert (event.actor, event.reason) == (secretary, "Đã thấy bài chia sẻ trong nhóm")
    assert event.before == {
        "ref": "HG-MV-1",
        "group_post": SHARE,
        "group_screenshot": False,
        "group_share_verified": False,
    }
    assert event.after["group_share_verified"] is True


def test_a_note_saying_how_it_was_verified_is_required(shared, secretary):
    assert_refused("A note is required", entry=shared, note="  ", by=secretary)


def test_a_clip_without_link_or_screenshot_has_nothing_to_verify(contest_2022, secretary):
    bare = EntryFactory(contest=contest_2022, ref="HG-MV-2")
    assert_refused("nothing to verify", entry=bare, note="Đã xem", by=secretary)


def test_a_share_is_verified_once(shared, secretary):
    verify_group_share(entry=shared, note="Đã xem", by=secretary)
    shared.refresh_from_db()
    assert_refused("already verified", entry=shared, note="Xem lại", by=secretary)


def test_the_share_cannot_be_verified_once_the_results_are_finalised(shared, secretary):
    ResultsDecision.objects.create(
        contest=shared.contest, action="finalise", at=timezone.now(), by=secretary, reason="Chốt"
    )
    assert_refused("Kết quả đã được chốt", entry=shared, note="Đã xem", by=secretary)


def test_only_the_organisers_verify_a_share(shared):
    rep = ensure_account(
        username="hg-mv",
        password="mật-khẩu-thử-1",
        role=Role.UNIT_REPRESENTATIVE,
        unit=shared.unit,
    )
    assert_refused("secretariat", entry=shared, note="Tự xác minh", by=rep)
