"""The organisers' review pages: a clip's page and its decisions, the duplicates, and what the
unit then sees in its own portal."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from factories import EntryFactory, UnitFactory

from clipcontest.audit.models import AuditEvent
from clipcontest.entries.models import EngagementSnapshot, Entry, FindingOverride
from clipcontest.judging.models import ResultsDecision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request under /en/ leaves English active in this thread, and reverse() would follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def clip(open_contest, unit_a):
    """A clip of unit A posted and entered yesterday, its duration typed by the unit."""
    yesterday = timezone.now() - timedelta(days=1)
    return EntryFactory(
        contest=open_contest,
        unit=unit_a,
        ref="HG-MV-1",
        title="Tỉnh táo trước tin giả",
        duration_seconds=75,
        duration_source="unit",
        posted_at=yesterday,
        submitted_at=yesterday,
        post_title="Tỉnh táo trước tin giả | BCĐ 35",
        uploader="Huyện ủy Mèo Vạc",
        fetch_state="done",
        available=True,
    )


def page(client, entry) -> str:
    url = reverse("portal:organiser-clip", args=[entry.ref])
    response = client.get(url, {"contest": entry.contest.slug})
    assert response.status_code == 200
    return unescape(response.content.decode())


def post(client, name, entry, data, **kwargs) -> str:
    """POST to one of the clip's actions and follow back to the page it shows next."""
    url = reverse(f"portal:{name}", kwargs={"ref": entry.ref, **kwargs})
    response = client.post(url, {"contest": entry.contest.slug, **data}, follow=True)
    assert response.status_code == 200
    return unescape(response.content.decode())


def codes_on(html: str) -> set[str]:
    return set(re.findall(r'data-code="([a-z_]+)"', html))


# --- the clip's page ---------------------------------------------------------------------------


def test_the_clip_page_shows_player_post_facts_chart_findings_and_letters(organiser, clip):
    now = timezone.now()
    for days, views in ((3, 120), (2, 480), (1, 1500)):
        EngagementSnapshot.objects.create(
            entry=clip, taken_at=now - timedelta(days=days), views=views, likes=views // 10
        )

    html = page(organiser, clip)

    assert "youtube-nocookie.com/embed/" in html  # the same player as the jury's
    assert "Tỉnh táo trước tin giả | BCĐ 35" in html and "Huyện ủy Mèo Vạc" in html
    assert "<svg" in html and "<polyline" in html and "1.500" in html
    # SVG numbers keep their decimal point on the Vietnamese page (which writes 33,6).
    assert re.search(r'<polyline points="4,44 120,33\.6 236,4"', html)
    assert re.search(r'<circle cx="236(\.0)?" cy="4(\.0)?"', html)
    assert {"duration_unverified", "not_in_letter"} <= codes_on(html)
    assert 'action="/organiser/clips/HG-MV-1/disqualify/"' in html


def test_a_clip_of_another_contest_or_an_unknown_ref_is_not_found(organiser, clip):
    url = reverse("portal:organiser-clip", args=["HG-MV-99"])
    assert organiser.get(url, {"contest": clip.contest.slug}).status_code == 404


@pytest.mark.parametrize("visitor", ["rep_a", "jury"])
def test_unit_representatives_and_jury_members_cannot_open_or_act(request, clip, visitor):
    client = request.getfixturevalue(visitor)
    url = reverse("portal:organiser-clip", args=[clip.ref])
    assert client.get(url).status_code == 403
    disqualify = reverse("portal:organiser-clip-disqualify", args=[clip.ref])
    response = client.post(disqualify, {"ground": "other", "reason": "x"})
    assert response.status_code == 403
    assert not Entry.objects.get(pk=clip.pk).is_disqualified


def test_an_anonymous_visitor_is_sent_to_log_in(client, clip):
    response = client.get(reverse("portal:organiser-duplicates"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- verifying ---------------------------------------------------------------------------------


def test_an_organiser_verifies_the_duration_and_the_unit_sees_it_verified(secretary, rep_a, clip):
    html = post(
        secretary,
        "organiser-clip-duration",
        clip,
        {"duration": "1:14,5", "note": "Đã xem hết clip trên YouTube"},
    )

    clip.refresh_from_db()
    assert (clip.duration_seconds, clip.duration_source) == (Decimal("74.5"), "verified")
    assert "duration_unverified" not in codes_on(html)
    assert "Đã xem hết clip trên YouTube" in html  # in the clip's history
    unit_page = unescape(rep_a.get(reverse("portal:unit-entry", args=[clip.ref])).content.decode())
    assert "do Ban Tổ chức xác minh" in unit_page and "1:14.5" in unit_page


def test_a_duration_that_does_not_read_as_one_is_refused_and_nothing_changes(organiser, clip):
    html = post(organiser, "organiser-clip-duration", clip, {"duration": "abc", "note": "x"})
    assert "thời lượng không hợp lệ" in html
    clip.refresh_from_db()
    assert clip.duration_source == "unit"
    assert not AuditEvent.objects.filter(action__startswith="review.").exists()


def test_a_verification_without_a_note_is_refused_in_the_pages_language(organiser, clip):
    html = post(organiser, "organiser-clip-duration", clip, {"duration": "75", "note": ""})
    assert "Cần ghi chú" in html
    organiser.post(
        f"/en/organiser/clips/{clip.ref}/posted/",
        {"contest": clip.contest.slug, "posted_on": "2022-06-01", "note": ""},
    )
    english = organiser.get(f"/en/organiser/clips/{clip.ref}/", {"contest": clip.contest.slug})
    assert "A note is required" in english.content.decode()
    clip.refresh_from_db()
    assert (clip.duration_source, clip.posted_at_source) == ("unit", "")


def test_an_organiser_verifies_the_posting_date(organiser, rep_a, clip):
    day = timezone.localdate() - timedelta(days=2)

    post(
        organiser,
        "organiser-clip-posted",
        clip,
        {"posted_on": day.isoformat(), "note": "Ngày hiển thị trên bài đăng"},
    )

    clip.refresh_from_db()
    assert clip.posted_at_source == "verified"
    assert timezone.localtime(clip.posted_at).date() == day
    unit_page = unescape(rep_a.get(reverse("portal:unit-entry", args=[clip.ref])).content.decode())
    assert day.strftime("%d/%m/%Y") in unit_page


def test_a_posting_date_that_is_not_a_date_is_refused(organiser, clip):
    html = post(organiser, "organiser-clip-posted", clip, {"posted_on": "31/02/2022", "note": "x"})
    assert "ngày không hợp lệ" in html
    clip.refresh_from_db()
    assert clip.posted_at_source == ""


# --- overrides ---------------------------------------------------------------------------------


def test_an_override_strikes_the_finding_through_with_its_reason_and_can_be_withdrawn(
    organiser, clip
):
    html = post(
        organiser,
        "organiser-clip-override",
        clip,
        {"code": "not_in_letter", "reason": "Công văn bản giấy đã nhận ngày 10/6"},
    )

    assert "<s>" in html and "Công văn bản giấy đã nhận ngày 10/6" in html
    assert 'data-code="not_in_letter" data-overridden="true"' in html
    override = FindingOverride.objects.get()

    html = post(
        organiser,
        "organiser-clip-override-withdraw",
        clip,
        {"reason": "Nhầm đơn vị"},
        pk=override.pk,
    )

    assert 'data-overridden="true"' not in html and "not_in_letter" in codes_on(html)
    override.refresh_from_db()
    assert override.withdraw_reason == "Nhầm đơn vị"


def test_an_override_without_a_reason_or_of_a_disqualification_is_refused(organiser, clip):
    html = post(organiser, "organiser-clip-override", clip, {"code": "not_in_letter"})
    assert "Cần ghi rõ lý do" in html
    html = post(organiser, "organiser-clip-override", clip, {"code": "disqualified", "reason": "x"})
    assert "khôi phục clip" in html
    assert not FindingOverride.objects.exists()


def test_another_clips_override_cannot_be_withdrawn_through_this_clip(organiser, clip, unit_a):
    other = EntryFactory(contest=clip.contest, unit=unit_a, ref="HG-MV-2")
    post(organiser, "organiser-clip-override", other, {"code": "not_in_letter", "reason": "Có"})
    override = FindingOverride.objects.get()
    url = reverse("portal:organiser-clip-override-withdraw", args=[clip.ref, override.pk])
    response = organiser.post(url, {"contest": clip.contest.slug, "reason": "x"})
    assert response.status_code == 404
    assert FindingOverride.objects.get().is_active


# --- disqualifying -------------------------------------------------------------------------------


def test_a_disqualified_clip_shows_its_ground_and_reason_to_the_unit_then_is_restored(
    organiser, rep_a, clip
):
    html = post(
        organiser,
        "organiser-clip-disqualify",
        clip,
        {"ground": "copyright", "reason": "Dùng nhạc của VTV, đài đã khiếu nại"},
    )

    assert "disqualified" in codes_on(html)
    unit_page = unescape(rep_a.get(reverse("portal:unit-entry", args=[clip.ref])).content.decode())
    assert "khiếu nại về bản quyền" in unit_page
    assert "Dùng nhạc của VTV, đài đã khiếu nại" in unit_page
    unit_home = unescape(rep_a.get(reverse("portal:unit-home")).content.decode())
    assert "Dùng nhạc của VTV, đài đã khiếu nại" in unit_home
    english = rep_a.get(f"/en/unit/clips/{clip.ref}/").content.decode()
    assert "copyright complaint" in unescape(english)

    html = post(organiser, "organiser-clip-restore", clip, {"reason": "Đài rút khiếu nại"})

    assert "disqualified" not in codes_on(html)
    clip.refresh_from_db()
    assert not clip.is_disqualified
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["review.disqualified", "review.restored"]


def test_disqualifying_without_a_ground_or_reason_is_refused(organiser, clip):
    html = post(organiser, "organiser-clip-disqualify", clip, {"ground": "", "reason": "x"})
    assert "Hãy chọn căn cứ" in html
    html = post(organiser, "organiser-clip-disqualify", clip, {"ground": "other", "reason": ""})
    assert "Cần ghi rõ lý do" in html
    assert not Entry.objects.get(pk=clip.pk).is_disqualified


def test_no_review_while_the_results_are_finalised(organiser, clip):
    user = get_user_model().objects.get(username="bantochuc")
    ResultsDecision.objects.create(
        contest=clip.contest, action="finalise", at=timezone.now(), by=user, reason="Chốt"
    )
    html = post(organiser, "organiser-clip-disqualify", clip, {"ground": "other", "reason": "x"})
    assert "Kết quả đã được chốt" in html
    assert 'action="/organiser/clips/HG-MV-1/disqualify/"' not in html  # no form offered
    assert not Entry.objects.get(pk=clip.pk).is_disqualified


# --- duplicates ----------------------------------------------------------------------------------


def test_the_duplicates_page_groups_a_video_and_the_organiser_chooses_which_counts(organiser, clip):
    twin = EntryFactory(
        contest=clip.contest,
        unit=UnitFactory(code="HG-DV"),
        ref="HG-DV-1",
        canonical_url=clip.canonical_url,
        submitted_at=clip.submitted_at + timedelta(hours=1),
        posted_at=clip.posted_at,
    )
    url = reverse("portal:organiser-duplicates")
    html = unescape(organiser.get(url, {"contest": clip.contest.slug}).content.decode())
    assert 'id="clip-HG-MV-1" data-ref="HG-MV-1" data-stands="true"' in html
    assert 'id="clip-HG-DV-1" data-ref="HG-DV-1">' in html

    response = organiser.post(
        reverse("portal:organiser-duplicate-choose", args=[twin.ref]),
        {"contest": clip.contest.slug, "reason": "Đồng Văn dựng clip, Mèo Vạc chỉ chia sẻ"},
    )

    assert response["Location"].endswith("#clip-HG-DV-1")
    twin.refresh_from_db()
    assert twin.stands_for_video
    html = unescape(organiser.get(url, {"contest": clip.contest.slug}).content.decode())
    assert 'id="clip-HG-DV-1" data-ref="HG-DV-1" data-stands="true"' in html
    clip_page = page(organiser, clip)
    assert "duplicate_video" in codes_on(clip_page)
    assert "HG-DV-1" in clip_page  # the other clip of the video, with a link


def test_choosing_without_a_reason_is_refused(organiser, clip):
    twin = EntryFactory(
        contest=clip.contest,
        unit=UnitFactory(code="HG-DV"),
        ref="HG-DV-1",
        canonical_url=clip.canonical_url,
    )
    url = reverse("portal:organiser-duplicate-choose", args=[twin.ref])
    response = organiser.post(url, {"contest": clip.contest.slug, "reason": ""}, follow=True)
    assert "Cần ghi rõ lý do" in unescape(response.content.decode())
    assert not Entry.objects.filter(stands_for_video=True).exists()


def test_the_duplicates_page_runs_the_same_queries_for_2_and_8_videos(organiser, open_contest):
    units = [UnitFactory(code=f"DU-{n}") for n in range(2)]

    def queries_for(videos: int) -> int:
        for n in range(Entry.objects.count() // 2, videos):
            first = EntryFactory(contest=open_contest, unit=units[0], ref=f"DU-0-{n}")
            EntryFactory(
                contest=open_contest,
                unit=units[1],
                ref=f"DU-1-{n}",
                canonical_url=first.canonical_url,
            )
        url = reverse("portal:organiser-duplicates")
        with CaptureQueriesContext(connection) as captured:
            response = organiser.get(url, {"contest": open_contest.slug})
        assert response.content.decode().count("data-stands=") == videos
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(8)
