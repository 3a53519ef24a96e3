"""The organisers' audit log page: filters, 50 events a page, CSV, read-only, staff only."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from factories import HCM

from clipcontest.audit.models import AuditEvent
from clipcontest.audit.services import record
from clipcontest.entries.models import Entry
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry, update_entry

pytestmark = pytest.mark.django_db
SLUG = "sc35-2022"
PAGE = "/en/organiser/audit/"


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request under /en/ leaves English active in this thread, and reverse() would follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def html_of(client, url: str = PAGE, **params) -> str:
    response = client.get(url, {"contest": SLUG, **params})
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> int:
    return html.count("<tr data-event=")


def many(contest, count: int, *, start=datetime(2022, 5, 1, 8, 0, tzinfo=HCM)) -> list:
    """``count`` events a minute apart, by three different people."""
    users = [get_user_model().objects.get_or_create(username=f"thuky{n}")[0] for n in range(3)]
    return AuditEvent.objects.bulk_create(
        AuditEvent(
            at=start + timedelta(minutes=n),
            actor=users[n % 3],
            action="entry.updated",
            object_type="entries.entry",
            object_id=str(n),
            object_repr=f"HG-MV-{n} — Clip {n}",
            contest=contest,
            before={"title": f"Clip {n}"},
            after={"title": f"Clip {n}!"},
        )
        for n in range(count)
    )


@pytest.fixture
def edited(open_contest, unit_a, rep_a):
    """A clip entered and renamed by HG-MV's representative (through the services)."""
    rep = get_user_model().objects.get(username="hg-mv")
    draft = EntryDraft(
        title="Clip của Mèo Vạc",
        url="https://www.youtube.com/watch?v=Q1w2E3r4T5y",
        genre="comedy",
        theme="refute_false_information",
        authors=(AuthorDraft("Vàng Thị Dính"),),
        rights_confirmed=True,
    )
    entry = submit_entry(contest=open_contest, unit=unit_a, draft=draft, by=rep)
    draft = EntryDraft(**{**draft.__dict__, "title": "Clip mới của Mèo Vạc"})
    return update_entry(entry=entry, draft=draft, by=rep)


def test_an_organiser_reads_who_changed_what_from_what_to_what(organiser, edited):
    html = html_of(organiser)

    main = html.split("<main", 1)[1]
    assert rows(main) == 2
    assert "Clip edited" in main and "Clip entered" in main
    assert "hg-mv" in main
    assert "<del>Clip của Mèo Vạc</del> → <ins>Clip mới của Mèo Vạc</ins>" in main
    assert main.index("Clip edited") < main.index("Clip entered")  # newest first


def test_the_page_changes_nothing_it_has_no_form_that_posts(organiser, edited):
    main = html_of(organiser).split("<main", 1)[1].split("</main>", 1)[0]
    assert 'method="post"' not in main
    assert organiser.post(f"{PAGE}?contest={SLUG}").status_code == 405
    assert AuditEvent.objects.count() == 2


def test_the_filters_narrow_the_log(organiser, edited, open_contest):
    other = get_user_model().objects.create(username="thuky")
    record(action="test.other", obj=Entry.objects.get(), actor=other, contest=open_contest)

    assert rows(html_of(organiser, action="entry.updated")) == 1
    assert rows(html_of(organiser, who="THUKY")) == 1
    assert rows(html_of(organiser, text="HG-MV-1")) == 3
    assert rows(html_of(organiser, text="HG-TP-1")) == 0
    assert rows(html_of(organiser, object_type="entries.entry", who="hg-mv")) == 2
    today = AuditEvent.objects.first().at.astimezone(HCM).date()
    assert rows(html_of(organiser, since=today.isoformat(), until=today.isoformat())) == 3
    assert rows(html_of(organiser, until=(today - timedelta(days=1)).isoformat())) == 0


def test_a_bad_filter_is_reported_and_the_others_still_apply(organiser, edited):
    html = html_of(organiser, since="2022-06-30", until="2022-06-01", action="nonsense")
    assert "The end date is before the start date." in html
    assert "Select a valid choice" in html
    assert rows(html) == 2


def test_fifty_events_a_page_newest_first_and_the_filters_follow_the_pages(organiser, contest_2022):
    events = many(contest_2022, 120)

    first = html_of(organiser)
    assert rows(first) == 50
    assert f'data-event="{events[-1].pk}"' in first
    assert "Page 1 of 3" in first
    assert f"contest={SLUG}&amp;page=2" in first
    last = html_of(organiser, page="3")
    assert rows(last) == 20 and f'data-event="{events[0].pk}"' in last
    filtered = html_of(organiser, who="thuky0")
    assert rows(filtered) == 40 and "Page 1 of 1" not in filtered


@pytest.mark.parametrize("count", [10, 200])
def test_the_number_of_queries_does_not_grow_with_the_events(
    organiser, contest_2022, count, django_assert_num_queries
):
    many(contest_2022, 10)
    with CaptureQueriesContext(connection) as with_ten:
        html_of(organiser)
    many(contest_2022, count - 10, start=datetime(2022, 6, 1, 8, 0, tzinfo=HCM))

    with django_assert_num_queries(len(with_ten.captured_queries)):
        html = html_of(organiser)
    assert rows(html) == min(count, 50)


def test_the_csv_holds_the_filtered_log_and_no_cell_starts_a_formula(organiser, edited):
    entry = Entry.objects.get()
    record(
        action="entry.updated",
        obj=entry,
        contest=entry.contest,
        before={"title": "a"},
        after={"title": "b"},
        reason='=HYPERLINK("http://evil.example","Bấm vào")',
    )

    response = organiser.get(PAGE, {"contest": SLUG, "format": "csv", "who": ""})
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-sc35-2022-')
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:4] == ["When", "Who", "Action code", "Action"]
    assert len(table) == 1 + 3
    newest = table[1]
    assert newest[2:4] == ["entry.updated", "Clip edited"]
    assert newest[8] == '\'=HYPERLINK("http://evil.example","Bấm vào")'
    assert newest[7] == "title: a → b"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in table for cell in row)

    entered = {"contest": SLUG, "format": "csv", "action": "entry.submitted"}
    only_entered = organiser.get(PAGE, entered).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(only_entered)))) == 2


def test_the_times_are_shown_in_the_contests_time(organiser, contest_2022):
    many(contest_2022, 1, start=datetime(2022, 6, 10, 1, 30, tzinfo=HCM))
    html = html_of(organiser)
    assert "10/06/2022 01:30" in html
    rows_csv = organiser.get(PAGE, {"contest": SLUG, "format": "csv"}).content.decode("utf-8-sig")
    assert "2022-06-10 01:30:00" in rows_csv


def test_a_secretary_reads_the_log_too(secretary, edited):
    assert rows(html_of(secretary)) == 2


@pytest.mark.parametrize("visitor", ["rep_a", "jury"])
def test_unit_representatives_and_jury_members_cannot_open_the_log(request, edited, visitor):
    client = request.getfixturevalue(visitor)
    url = reverse("portal:organiser-audit")
    assert client.get(url, {"contest": SLUG}).status_code == 403
    assert client.get(url, {"contest": SLUG, "format": "csv"}).status_code == 403


def test_the_vietnamese_page_opens_without_a_prefix(organiser, edited):
    assert reverse("portal:organiser-audit") == "/organiser/audit/"
    assert rows(html_of(organiser, reverse("portal:organiser-audit"))) == 2
