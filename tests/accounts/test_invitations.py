"""Inviting the units' representatives: one account per unit, a link each, safe to run again."""

from __future__ import annotations

import socket

import pytest
from django.contrib.auth import SESSION_KEY
from factories import UnitFactory

from clipcontest.accounts.invitations import (
    AccountStatus,
    Outcome,
    invite_unit_representatives,
    unit_accounts,
)
from clipcontest.accounts.models import Profile, Role
from clipcontest.accounts.services import ensure_account

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def invite(*units, **kwargs):
    return invite_unit_representatives(units, base_url=SITE, **kwargs)


def test_inviting_three_units_creates_one_representative_account_for_each(
    units, mailoutbox, django_user_model
):
    report = invite(*units.values())

    assert report.created == 3
    assert [i.outcome for i in report.invitations] == [Outcome.SENT] * 3
    for code, unit in units.items():
        user = django_user_model.objects.get(username=code.lower())
        assert user.email == unit.email
        assert not user.has_usable_password()
        assert user.profile.role == Role.UNIT_REPRESENTATIVE
        assert user.profile.unit == unit
        assert user.profile.invited_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in units.values())


def test_each_invitation_link_sets_the_password_and_logs_the_representative_in(
    units, mailoutbox, link_in, choose_password, new_password, django_user_model
):
    invite(*units.values())

    for mail in mailoutbox:
        link = link_in(mail.body)
        assert link.startswith(f"{SITE}/accounts/invitation/")
        client, response = choose_password(link, new_password)

        user = django_user_model.objects.get(email=mail.to[0])
        assert user.check_password(new_password)
        assert client.session[SESSION_KEY] == str(user.pk)
        assert response.url == "/unit/"


def test_invitation_link_page_welcomes_the_unit_by_name(units, mailoutbox, client, link_in):
    invite(units["HG-DV"])

    page = client.get(link_in(mailoutbox[0].body), follow=True)

    html = page.content.decode()
    assert "Ban Chỉ đạo 35 Huyện ủy Đồng Văn" in html
    assert 'value="hg-dv"' in html


def test_invitation_link_works_only_once(units, mailoutbox, link_in, choose_password, client):
    invite(units["HG-DV"])
    link = link_in(mailoutbox[0].body)
    choose_password(link)

    page = client.get(link, follow=True)

    assert page.context["validlink"] is False


def test_invitations_are_in_vietnamese_unless_told_otherwise(units, mailoutbox, link_in):
    invite(units["HG-DV"])
    invite(units["HG-TP"], language="en")

    vietnamese, english = mailoutbox
    assert "/en/" not in link_in(vietnamese.body)
    assert english.subject == "Your unit's account for the video clip contest"
    assert link_in(english.body).startswith(f"{SITE}/en/accounts/invitation/")


def test_unit_without_an_email_gets_its_account_and_its_link_in_the_report(
    mailoutbox, choose_password, django_user_model
):
    unit = UnitFactory(code="HG-MV", email="")

    report = invite(unit)

    (invitation,) = report.by_hand
    assert invitation.outcome == Outcome.NO_EMAIL
    assert invitation.username == "hg-mv"
    assert mailoutbox == []
    choose_password(invitation.link, "Meo-Vac-2022!")
    assert django_user_model.objects.get(username="hg-mv").check_password("Meo-Vac-2022!")


def test_inviting_twice_creates_no_second_account_and_sends_the_links_again(
    units, mailoutbox, django_user_model
):
    invite(*units.values())

    second = invite(*units.values())

    assert second.created == 0
    assert [i.outcome for i in second.invitations] == [Outcome.SENT] * 3
    assert django_user_model.objects.count() == 3
    assert Profile.objects.count() == 3
    assert len(mailoutbox) == 6


def test_reinviting_sends_a_working_link_and_updates_the_invitation_date(
    units, mailoutbox, link_in, choose_password
):
    invite(units["HG-DV"])
    first_date = Profile.objects.get().invited_at

    invite(units["HG-DV"])

    assert Profile.objects.get().invited_at > first_date
    assert len(mailoutbox) == 2
    _, response = choose_password(link_in(mailoutbox[1].body))
    assert response.status_code == 302


def test_reinviting_uses_the_units_corrected_email(mailoutbox, django_user_model):
    unit = UnitFactory(code="HG-YM", email="")
    invite(unit)
    unit.email = "bcd35.yenminh@example.vn"
    unit.save()

    report = invite(unit)

    assert [i.outcome for i in report.invitations] == [Outcome.SENT]
    assert mailoutbox[0].to == ["bcd35.yenminh@example.vn"]
    assert django_user_model.objects.get(username="hg-ym").email == "bcd35.yenminh@example.vn"


def test_representative_who_chose_a_password_is_left_alone(units, representative, mailoutbox):
    report = invite(units["HG-DV"])

    (invitation,) = report.left_alone
    assert invitation.outcome == Outcome.ALREADY_ACTIVE
    assert invitation.username == "donvi.dongvan"
    assert report.created == 0
    assert mailoutbox == []
    representative.refresh_from_db()
    assert representative.has_usable_password()


def test_unit_whose_username_belongs_to_another_account_is_reported_and_nothing_created(
    units, mailoutbox, django_user_model
):
    ensure_account(username="hg-dv", password="x-Y-z-2022", role=Role.JURY_MEMBER)

    report = invite(units["HG-DV"])

    assert [i.outcome for i in report.left_alone] == [Outcome.USERNAME_TAKEN]
    assert django_user_model.objects.count() == 1
    assert mailoutbox == []


def test_email_refused_by_the_mail_server_is_reported_with_its_link(units, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_TIMEOUT = 2

    report = invite(units["HG-DV"])

    (invitation,) = report.by_hand
    assert invitation.outcome == Outcome.NOT_SENT
    assert invitation.link.startswith(f"{SITE}/accounts/invitation/")
    assert report.created == 1


def closed_port() -> int:
    """A loopback port nobody listens on: the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unit_accounts_say_none_invited_or_active(units, representative):
    invite(units["HG-TP"])
    UnitFactory(code="HG-OLD", active=False)

    statuses = {a.unit.code: a.status for a in unit_accounts()}

    assert statuses == {
        "HG-DV": AccountStatus.ACTIVE,
        "HG-KCQ": AccountStatus.NONE,
        "HG-TP": AccountStatus.INVITED,
    }
