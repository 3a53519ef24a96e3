"""The organisers' reminders page: who needs a reminder, sending one by hand, the history.

The contest is open today (letters due in 10 days, the close in 30). Unit A (HG-MV) has no
clips and no letter; unit B (HG-DV) has 2 eligible clips and a received letter.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from factories import EntryFactory, OfficialLetterFactory

from clipcontest.audit.models import AuditEvent
from clipcontest.reminders.models import Reminder

pytestmark = pytest.mark.django_db
PAGE = "portal:organiser-reminders"
SEND = "portal:organiser-reminders-send"


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request under /en/ leaves English active in this thread, and reverse() would follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.CLIPCONTEST_REMINDER_DAYS = (7, 3, 1)
    settings.CLIPCONTEST_SITE_URL = "https://clip.example.vn"


@pytest.fixture
def compliant_b(open_contest, unit_b):
    now = timezone.now()
    clips = [
        EntryFactory(
            contest=open_contest,
            unit=unit_b,
            posted_at=now - timedelta(days=3),
            submitted_at=now - timedelta(days=2),
        )
        for _ in range(2)
    ]
    OfficialLetterFactory(
        contest=open_contest, unit=unit_b, received_at=now - timedelta(hours=1), entries=clips
    )
    return unit_b


def page(client, contest, **params) -> str:
    response = client.get(reverse(PAGE), {"contest": contest.slug, **params})
    assert response.status_code == 200
    return unescape(response.content.decode())


def send(client, contest, kind, *units, follow=True):
    return client.post(
        reverse(SEND), {"contest": contest.slug, "kind": kind, "unit": list(units)}, follow=follow
    )


def section(html: str, kind: str) -> str:
    start = html.index(f'<section id="{kind}"')
    return html[start : html.index("</section>", start)]


def test_the_page_lists_the_units_below_the_minimum_and_without_a_letter(
    organiser, open_contest, unit_a, compliant_b
):
    html = page(organiser, open_contest)

    below, letter = section(html, "below_minimum"), section(html, "letter_missing")
    assert 'data-unit="HG-MV"' in below and 'data-unit="HG-MV"' in letter
    assert "HG-DV" not in below and "HG-DV" not in letter
    assert 'name="unit" value="HG-MV"' in below
    assert "hg-mv@example.vn" in below
    assert "0/2" in below


def test_the_page_shows_the_reminder_days_and_the_next_automatic_dates(
    organiser, open_contest, unit_a
):
    html = page(organiser, open_contest)

    assert "7, 3, 1" in html
    for days in (7, 3, 1):
        day = open_contest.letter_deadline - timedelta(days=days)
        assert day.strftime("%d/%m/%Y") in html
    assert (open_contest.closes_on - timedelta(days=7)).strftime("%d/%m/%Y") in html


def test_an_automatic_reminder_due_today_is_marked(organiser, open_contest, unit_a, settings):
    settings.CLIPCONTEST_REMINDER_DAYS = (10,)  # the letters are due in 10 days

    html = page(organiser, open_contest)

    assert 'data-unit="HG-MV" data-due-today' in section(html, "letter_missing")


def test_sending_from_the_page_mails_the_ticked_unit_and_records_it(
    organiser, open_contest, unit_a, unit_b
):
    response = send(organiser, open_contest, "below_minimum", "HG-MV")

    assert [m.to for m in mail.outbox] == [["hg-mv@example.vn"]]
    reminder = Reminder.objects.get()
    assert reminder.manual and reminder.sent_by.username == "bantochuc"
    assert AuditEvent.objects.filter(action="reminder.sent").count() == 1
    history = section(unescape(response.content.decode()), "history")
    assert "HG-MV" in history and "hg-mv@example.vn" in history and "bantochuc" in history


def test_the_representatives_addresses_are_shown_and_mailed(organiser, open_contest, unit_a):
    from clipcontest.accounts.models import Role
    from clipcontest.accounts.services import ensure_account

    ensure_account(
        username="dai-dien-mv",
        password="mật-khẩu-thử-1",
        role=Role.UNIT_REPRESENTATIVE,
        email="daidien.meovac@example.vn",
        unit=unit_a,
    )
    assert "daidien.meovac@example.vn" in section(page(organiser, open_contest), "letter_missing")

    send(organiser, open_contest, "letter_missing", "HG-MV")

    assert mail.outbox[0].to == ["hg-mv@example.vn", "daidien.meovac@example.vn"]


def test_a_secretary_may_send_too(secretary, open_contest, unit_a):
    send(secretary, open_contest, "letter_missing", "HG-MV")
    assert len(mail.outbox) == 1


def test_a_manual_reminder_is_sent_again_every_time(organiser, open_contest, unit_a):
    send(organiser, open_contest, "below_minimum", "HG-MV")
    send(organiser, open_contest, "below_minimum", "HG-MV")

    assert len(mail.outbox) == 2 and Reminder.objects.filter(manual=True).count() == 2


def test_a_unit_that_no_longer_lacks_it_is_not_mailed_and_the_page_says_why(
    organiser, open_contest, unit_a, compliant_b
):
    response = send(organiser, open_contest, "below_minimum", "HG-DV")

    assert mail.outbox == []
    assert "HG-DV: đã đủ số clip hợp lệ tối thiểu; không cần nhắc." in response.content.decode()


def test_the_reason_is_in_english_on_the_english_page(organiser, open_contest, compliant_b):
    organiser.post(
        "/en/organiser/reminders/send/",
        {"contest": open_contest.slug, "kind": "letter_missing", "unit": ["HG-DV"]},
    )
    html = unescape(
        organiser.get(f"/en/organiser/reminders/?contest={open_contest.slug}").content.decode()
    )
    assert "HG-DV: its letter has been received; not reminded." in html


def test_a_unit_without_any_address_is_reported(organiser, open_contest, unit_a):
    unit_a.email = ""
    unit_a.save()

    html = page(organiser, open_contest)
    assert 'value="HG-MV" id="below_minimum-HG-MV" disabled' in section(html, "below_minimum")

    response = send(organiser, open_contest, "below_minimum", "HG-MV")
    assert "HG-MV: không có địa chỉ e-mail" in unescape(response.content.decode())
    assert mail.outbox == [] and not Reminder.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "below_minimum"},  # nobody ticked
        {"kind": "everything", "unit": ["HG-MV"]},  # not a kind
        {"kind": "below_minimum", "unit": ["HG-XX"]},  # not a unit
    ],
)
def test_bad_input_sends_nothing(organiser, open_contest, unit_a, data):
    response = organiser.post(reverse(SEND), {"contest": open_contest.slug, **data}, follow=True)

    assert response.status_code == 200
    assert 'class="flash flash--error"' in response.content.decode()
    assert mail.outbox == [] and not Reminder.objects.exists()


@pytest.mark.parametrize("visitor", ["rep_a", "jury"])
def test_unit_representatives_and_jury_members_are_refused(request, open_contest, unit_a, visitor):
    client = request.getfixturevalue(visitor)

    assert client.get(reverse(PAGE), {"contest": open_contest.slug}).status_code == 403
    assert send(client, open_contest, "below_minimum", "HG-MV", follow=False).status_code == 403
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_the_send_address_takes_only_post(organiser, open_contest):
    assert organiser.get(reverse(SEND), {"contest": open_contest.slug}).status_code == 405


def test_the_page_does_not_grow_in_queries_with_the_history(
    organiser, open_contest, unit_a, unit_b, django_assert_max_num_queries
):
    for _ in range(3):
        send(organiser, open_contest, "below_minimum", "HG-MV", "HG-DV")
    with django_assert_max_num_queries(25) as few:
        page(organiser, open_contest)
    first = len(few)
    for _ in range(10):
        send(organiser, open_contest, "letter_missing", "HG-MV", "HG-DV")
    with django_assert_max_num_queries(first):
        page(organiser, open_contest)
