"""The organisers' dashboard (units at a glance) and clip list: filters, sorting, pages, cost."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import HCM, EntryFactory, OfficialLetterFactory, UnitFactory

from clipcontest.entries.models import Entry, Platform

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"


def dashboard(client, query: str = "") -> str:
    response = client.get(f"{reverse('portal:organiser')}?contest={SLUG}{query}")
    assert response.status_code == 200
    return unescape(response.content.decode())


def clips(client, query: str = "") -> str:
    response = client.get(f"{reverse('portal:organiser-clips')}?contest={SLUG}{query}")
    assert response.status_code == 200
    return unescape(response.content.decode())


def unit_order(html: str) -> list[str]:
    table = html.split('class="units-table"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr data-unit="([^"]+)"', table)


def refs_listed(html: str) -> list[str]:
    return re.findall(r'<tr data-ref="([^"]+)"', html)


@pytest.fixture
def three_units(contest_2022):
    """HG-MV: two good clips, letter on time. HG-DV: one good clip and one too short, letter
    a day late. HG-KCQ: nothing at all."""
    mv = UnitFactory(code="HG-MV", name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc")
    dv = UnitFactory(code="HG-DV", name="Ban Chỉ đạo 35 Huyện ủy Đồng Văn")
    UnitFactory(code="HG-KCQ", name="Ban Chỉ đạo 35 Đảng ủy Khối")
    mv_clips = [EntryFactory(contest=contest_2022, unit=mv, ref=f"MV-{n}") for n in (1, 2)]
    dv_clips = [
        EntryFactory(contest=contest_2022, unit=dv, ref="DV-1", platform=Platform.TIKTOK),
        EntryFactory(contest=contest_2022, unit=dv, ref="DV-2", duration_seconds=3),
    ]
    OfficialLetterFactory(
        contest=contest_2022,
        unit=mv,
        received_at=datetime(2022, 6, 15, 9, tzinfo=HCM),
        entries=mv_clips,
    )
    OfficialLetterFactory(
        contest=contest_2022,
        unit=dv,
        received_at=datetime(2022, 6, 16, 9, tzinfo=HCM),
        entries=dv_clips,
    )
    return contest_2022


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_each_unit_against_the_plan(organiser, three_units):
    html = dashboard(organiser)
    assert unit_order(html) == ["HG-DV", "HG-KCQ", "HG-MV"]
    assert re.search(r'data-unit="HG-DV">.*?data-letter="late".*?data-minimum="no"', html, re.S)
    assert re.search(r'data-unit="HG-KCQ">.*?data-letter="missing"', html, re.S)
    assert re.search(
        r'data-unit="HG-MV">.*?data-letter="received".*?data-minimum="yes"', html, re.S
    )


def test_the_totals_row_adds_up_the_units_shown(organiser, three_units):
    html = dashboard(organiser)
    totals = html.split("data-totals", 1)[1].split("</tr>", 1)[0]
    # 4 clips entered, 3 eligible, 1 blocking finding.
    assert re.findall(r'<td class="num">(\d+)</td>', totals) == ["4", "3", "1"]


def test_clicking_a_header_sorts_and_clicking_it_again_reverses(organiser, three_units):
    html = dashboard(organiser, "&sort=letter")
    assert unit_order(html) == ["HG-KCQ", "HG-DV", "HG-MV"]  # missing, late, received
    assert 'data-sort="-letter"' in html  # the same header now reverses
    assert unit_order(dashboard(organiser, "&sort=-entries")) == ["HG-DV", "HG-MV", "HG-KCQ"]


def test_the_sort_links_keep_the_filters(organiser, three_units):
    html = dashboard(organiser, "&below_minimum=1&sort=code")
    assert re.search(r'href="\?contest=sc35-2022&below_minimum=1&sort=-code#units"', html)


def test_filters_find_the_units_below_the_minimum_or_with_their_letter_missing(
    organiser, three_units
):
    assert unit_order(dashboard(organiser, "&below_minimum=1")) == ["HG-DV", "HG-KCQ"]
    assert unit_order(dashboard(organiser, "&letter=missing")) == ["HG-KCQ"]
    assert unit_order(dashboard(organiser, "&letter=missing&letter=late")) == ["HG-DV", "HG-KCQ"]
    assert unit_order(dashboard(organiser, "&blocking=1")) == ["HG-DV"]


def test_each_unit_links_to_its_clips(organiser, three_units):
    html = dashboard(organiser)
    link = f"{reverse('portal:organiser-clips')}?contest={SLUG}&unit=HG-DV"
    assert f'href="{link}"' in html
    assert refs_listed(clips(organiser, "&unit=HG-DV")) == ["DV-1", "DV-2"]


def test_after_the_close_both_countdowns_say_passed(organiser, three_units):
    html = dashboard(organiser)
    assert 'data-countdown="letters" data-state="passed"' in html
    assert 'data-countdown="close" data-state="passed"' in html


def test_an_open_contest_counts_down_to_its_deadlines(organiser, open_contest):
    response = organiser.get(f"{reverse('portal:organiser')}?contest={open_contest.slug}")
    html = response.content.decode()
    assert re.search(r'data-countdown="close" data-state="(open|today)"', html)


def test_what_changed_since_yesterday_lists_new_clips_by_unit(organiser, three_units):
    Entry.objects.filter(ref="MV-1").update(created_at=timezone.now() - timedelta(days=2))
    Entry.objects.filter(ref="DV-1").update(withdrawn_at=timezone.now())
    changes = dashboard(organiser).split('id="changes"', 1)[1]
    assert re.findall(r'data-change="new">([^<]+)<', changes) == ["DV-1", "DV-2", "MV-2"]
    assert re.findall(r'data-change="withdrawn">([^<]+)<', changes) == ["DV-1"]


def test_the_dashboard_keeps_the_counts_forms(organiser, three_units):
    html = dashboard(organiser)
    assert f'action="{reverse("portal:organiser-refresh")}"' in html
    assert f'action="{reverse("portal:organiser-freeze")}"' in html  # after the close


def test_the_dashboard_costs_the_same_with_more_clips(organiser, three_units):
    with CaptureQueriesContext(connection) as few:
        dashboard(organiser)
    add_clips(three_units, 300)
    with CaptureQueriesContext(connection) as many:
        dashboard(organiser)
    assert len(many) == len(few)


# --- the clip list ---------------------------------------------------------------------------


def test_the_clip_list_filters_by_platform_eligibility_and_finding(organiser, three_units):
    assert refs_listed(clips(organiser, "&platform=tiktok")) == ["DV-1"]
    assert refs_listed(clips(organiser, "&eligibility=not_eligible")) == ["DV-2"]
    assert refs_listed(clips(organiser, "&finding=duration_too_short")) == ["DV-2"]
    assert refs_listed(clips(organiser, "&text=MV-2")) == ["MV-2"]


def test_each_clip_shows_its_badge_its_finding_codes_and_links_to_its_page(organiser, three_units):
    html = clips(organiser, "&unit=HG-DV")
    row = html.split('<tr data-ref="DV-2">', 1)[1].split("</tr>", 1)[0]
    assert "badge--bad" in row and 'data-code="duration_too_short"' in row
    assert f'href="{reverse("portal:organiser-clips")}DV-2/?contest={SLUG}"' in row


def test_the_clip_list_is_paginated_by_50_and_the_filters_follow_the_pages(organiser, three_units):
    add_clips(three_units, 60, unit_code="HG-BIG")
    first = clips(organiser, "&unit=HG-BIG")
    assert len(refs_listed(first)) == 50
    assert 'href="?contest=sc35-2022&unit=HG-BIG&page=2"' in first
    second = clips(organiser, "&unit=HG-BIG&page=2")
    assert len(refs_listed(second)) == 10
    assert not set(refs_listed(first)) & set(refs_listed(second))


def test_the_clip_list_costs_the_same_queries_with_20_clips_or_10000(organiser, contest_2022):
    add_clips(contest_2022, 20)
    queries = ("", "&eligibility=eligible&page=2", "&text=Clip&platform=youtube&page=3")
    with CaptureQueriesContext(connection) as few:
        for query in queries:
            clips(organiser, query)
    add_clips(contest_2022, 10_000 - 20, first=20)
    with CaptureQueriesContext(connection) as many:
        pages = [clips(organiser, query) for query in queries]
    assert len(many) == len(few)
    assert len(refs_listed(pages[0])) == 50
    assert 'href="?contest=sc35-2022&page=200"' in pages[0]  # the last of 200 pages


@pytest.mark.parametrize("visitor", ["rep_a", "jury"])
@pytest.mark.parametrize("name", ["portal:organiser", "portal:organiser-clips"])
def test_unit_representatives_and_jury_members_are_refused(request, contest_2022, visitor, name):
    client = request.getfixturevalue(visitor)
    assert client.get(f"{reverse(name)}?contest={SLUG}").status_code == 403


def add_clips(contest, count: int, *, unit_code: str | None = None, first: int = 0) -> None:
    """``count`` clips in bulk over ten units (or all in ``unit_code``), every seventh too short."""
    codes = [unit_code] if unit_code else [f"Q{n:02d}" for n in range(10)]
    units = [UnitFactory(code=code) for code in codes]
    start = datetime(2022, 3, 2, 9, tzinfo=HCM)
    Entry.objects.bulk_create(
        Entry(
            contest=contest,
            unit=units[n % len(units)],
            ref=f"{units[n % len(units)].code}-{n + 1}",
            title=f"Clip {n}",
            url=f"https://youtu.be/b{n:010d}",
            platform=Platform.YOUTUBE,
            video_id=f"b{n:010d}",
            canonical_url=f"https://www.youtube.com/watch?v=b{n:010d}",
            genre="comedy",
            theme="refute_false_information",
            duration_seconds=3 if n % 7 == 0 else 120,
            duration_source="imported",
            posted_at=start,
            submitted_at=start + timedelta(minutes=n),
        )
        for n in range(first, first + count)
    )
