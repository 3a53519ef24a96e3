"""Changing a password, and choosing a new one through a link e-mailed in the user's language."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY

from clipcontest.accounts.invitations import invite_unit_representatives

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password_change/"
RESET = "/accounts/password_reset/"


# --- change -------------------------------------------------------------------------------------


def test_password_change_page_needs_a_login(client):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={CHANGE}"


def test_logged_in_user_changes_their_password_and_stays_logged_in(
    client_for, organiser, password, new_password
):
    client = client_for(organiser)
    assert "Mật khẩu cũ" in client.get(CHANGE).content.decode()

    response = client.post(
        CHANGE,
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert response.url == "/accounts/password_change/done/"
    organiser.refresh_from_db()
    assert organiser.check_password(new_password)
    assert client.session[SESSION_KEY] == str(organiser.pk)
    assert client.get(response.url).status_code == 200


def test_wrong_old_password_changes_nothing(client_for, organiser, password, new_password):
    client = client_for(organiser)

    response = client.post(
        CHANGE,
        {"old_password": "sai", "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    organiser.refresh_from_db()
    assert organiser.check_password(password)


# --- reset by e-mail -----------------------------------------------------------------------------


def test_password_reset_email_is_in_vietnamese_and_its_link_sets_the_password(
    client, organiser, mailoutbox, link_in, choose_password, new_password
):
    response = client.post(RESET, {"email": "bantochuc@example.vn"})

    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["bantochuc@example.vn"]
    assert "mật khẩu" in mail.subject.lower()
    assert "mật khẩu" in mail.body.lower()
    assert "bantochuc" in mail.body
    link = link_in(mail.body)
    assert link.startswith("http://testserver/accounts/reset/")

    _, response = choose_password(link, new_password)

    assert response.status_code == 302
    assert response.url == "/accounts/reset/done/"
    organiser.refresh_from_db()
    assert organiser.check_password(new_password)


def test_password_reset_asked_from_the_english_page_is_in_english(
    client, organiser, mailoutbox, link_in
):
    client.post("/en" + RESET, {"email": "bantochuc@example.vn"})

    mail = mailoutbox[0]
    assert mail.subject == "Password reset on testserver"
    assert "choose a new password" in mail.body
    assert link_in(mail.body).startswith("http://testserver/en/accounts/reset/")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, organiser, mailoutbox
):
    response = client.post(RESET, {"email": "ai-do@example.vn"}, follow=True)

    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
    assert mailoutbox == []


def test_a_used_reset_link_does_not_work_again(
    client, organiser, mailoutbox, link_in, choose_password
):
    client.post(RESET, {"email": "bantochuc@example.vn"})
    link = link_in(mailoutbox[0].body)
    choose_password(link)

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False
    assert 'href="/accounts/password_reset/"' in response.content.decode()


def test_invited_representative_who_lost_the_invitation_can_ask_for_a_reset_link(
    client, units, mailoutbox, link_in, choose_password, new_password, django_user_model
):
    invite_unit_representatives([units["HG-DV"]], base_url="http://testserver")
    mailoutbox.clear()

    client.post(RESET, {"email": "hg-dv@example.vn"})

    assert len(mailoutbox) == 1
    choose_password(link_in(mailoutbox[0].body), new_password)
    assert django_user_model.objects.get(username="hg-dv").check_password(new_password)


def test_account_without_a_password_that_was_never_invited_gets_no_reset_link(
    client, django_user_model, mailoutbox
):
    user = django_user_model.objects.create_user("ngoai", email="ngoai@example.vn")
    assert not user.has_usable_password()

    client.post(RESET, {"email": "ngoai@example.vn"})

    assert mailoutbox == []
