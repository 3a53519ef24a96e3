"""Two-factor login: setting it up, the login's code step, turning it off, and recovery."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.totp import code_for, wrong_code
from clipcontest.accounts import sessions
from clipcontest.accounts.two_factor import has_two_factor, setup_device
from clipcontest.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"
PAGE = "/accounts/two-factor/"


def turn_on(user) -> TOTPDevice:
    """Two-factor already on (set up on an earlier day)."""
    device = setup_device(user)
    device.confirmed = True
    device.save()
    return device


def logged_in_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- setting it up ---


def test_set_up_page_shows_a_qr_code_and_the_key_but_changes_nothing_yet(organiser_client):
    response = organiser_client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="two-factor-qr" src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get()
    assert not device.confirmed
    assert "".join(response.context["secret"].split()) in html.replace(" ", "")
    # Reloading keeps the same key: the QR code already scanned stays valid.
    organiser_client.get(PAGE)
    assert TOTPDevice.objects.get().key == device.key


def test_the_right_code_turns_two_factor_on_and_is_audited(organiser_client, organiser):
    organiser_client.get(PAGE)
    device = TOTPDevice.objects.get()

    response = organiser_client.post("/accounts/two-factor/on/", {"code": code_for(device)})

    assert response.status_code == 302
    assert has_two_factor(organiser)
    event = AuditEvent.objects.get(action="auth.2fa_enabled")
    assert event.actor == organiser and event.object_id == str(organiser.pk)
    # The session that proved the code counts as a login with two-factor.
    assert "otp_device_id" in organiser_client.session


def test_a_wrong_code_does_not_turn_it_on(organiser_client, organiser):
    organiser_client.get(PAGE)
    device = TOTPDevice.objects.get()

    response = organiser_client.post(
        "/accounts/two-factor/on/", {"code": wrong_code(code_for(device))}, follow=True
    )

    assert not has_two_factor(organiser)
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.2fa_enabled").exists()


def test_a_unit_representative_may_turn_it_on_too(client_for, representative):
    client = client_for(representative)
    client.get(PAGE)
    device = TOTPDevice.objects.get(user=representative)

    client.post("/accounts/two-factor/on/", {"code": code_for(device)})

    assert has_two_factor(representative)


def test_staff_and_jury_are_urged_to_turn_it_on_units_are_not(
    client_for, organiser, jury_member, representative
):
    urged = "Your account decides or scores the contest"
    for user, shown in ((organiser, True), (jury_member, True), (representative, False)):
        html = client_for(user).get("/en" + PAGE).content.decode()
        assert (urged in html) is shown, user


# --- logging in with it ---


def test_the_password_alone_does_not_log_in_an_account_with_two_factor(client, organiser, password):
    turn_on(organiser)

    response = client.post(LOGIN, {"username": "bantochuc", "password": password})

    assert response.status_code == 302 and response.url == CODE
    assert logged_in_id(client) is None
    assert client.get("/organiser/").status_code == 302  # still anonymous everywhere
    assert 'id="login-code"' in client.get(CODE).content.decode()


def test_password_then_code_logs_in_and_lands_on_the_home_page(client, organiser, password):
    device = turn_on(organiser)
    client.post(LOGIN, {"username": "bantochuc", "password": password})

    response = client.post(CODE, {"code": code_for(device)})

    assert response.status_code == 302 and response.url == "/organiser/"
    assert logged_in_id(client) == str(organiser.pk)
    event = AuditEvent.objects.get(action="auth.login")
    assert event.after["two_factor"] is True and event.after["ip"] == "127.0.0.1"


def test_the_code_step_keeps_the_next_page(client, organiser, password):
    device = turn_on(organiser)
    client.post(LOGIN, {"username": "bantochuc", "password": password, "next": "/accounts/units/"})

    response = client.post(CODE, {"code": code_for(device)})

    assert response.url == "/accounts/units/"


def test_a_wrong_code_is_refused_audited_and_counted_as_a_failed_login(client, organiser, password):
    device = turn_on(organiser)
    client.post(LOGIN, {"username": "bantochuc", "password": password})

    response = client.post(CODE, {"code": wrong_code(code_for(device))})

    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()
    assert logged_in_id(client) is None
    event = AuditEvent.objects.get(action="auth.2fa_failed")
    assert event.after["username"] == "bantochuc"
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="bantochuc").failures_since_start == 1


def test_a_code_that_is_not_six_digits_is_a_typo_not_a_failed_login(client, organiser, password):
    turn_on(organiser)
    client.post(LOGIN, {"username": "bantochuc", "password": password})

    response = client.post(CODE, {"code": "12345"})

    assert "Mã gồm đúng 6 chữ số." in response.content.decode()
    assert not AuditEvent.objects.filter(action="auth.2fa_failed").exists()


def test_a_code_is_accepted_only_once(client, organiser, password):
    device = turn_on(organiser)
    code = code_for(device)
    client.post(LOGIN, {"username": "bantochuc", "password": password})
    client.post(CODE, {"code": code})
    client.post("/accounts/logout/")

    other = Client()
    other.post(LOGIN, {"username": "bantochuc", "password": password})
    response = other.post(CODE, {"code": code})

    assert logged_in_id(other) is None
    assert response.status_code == 200


def test_five_wrong_codes_lock_the_login_like_five_wrong_passwords(client, organiser, password):
    device = turn_on(organiser)
    client.post(LOGIN, {"username": "bantochuc", "password": password})
    for _ in range(5):
        # django-otp also slows a device down after a wrong code; skip its wait here.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        response = client.post(CODE, {"code": wrong_code(code_for(device))})

    assert response.status_code == 429
    response = client.post(CODE, {"code": code_for(device)})
    assert response.status_code == 429
    assert logged_in_id(client) is None
    assert AuditEvent.objects.filter(action="auth.locked_out").count() == 1


def test_a_pending_login_expires_after_five_minutes(client, organiser, password):
    device = turn_on(organiser)
    client.post(LOGIN, {"username": "bantochuc", "password": password})
    session = client.session
    session[sessions.PENDING] = {
        **session[sessions.PENDING],
        "at": session[sessions.PENDING]["at"] - 301,
    }
    session.save()

    response = client.post(CODE, {"code": code_for(device)})

    assert response.status_code == 302 and response.url == LOGIN
    assert logged_in_id(client) is None


def test_the_code_step_without_a_password_first_sends_to_the_login(client):
    response = client.get(CODE)

    assert response.status_code == 302 and response.url == LOGIN


def test_an_admin_login_without_the_code_ends_at_the_next_request(client, organiser, password):
    """Django's admin has its own login form: it must not be a way around the code."""
    turn_on(organiser)
    client.post("/admin/login/", {"username": "bantochuc", "password": password})

    response = client.get("/organiser/")

    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert logged_in_id(client) is None
    event = AuditEvent.objects.get(action="auth.logout_forced")
    assert event.after["why"] == "no_code"


# --- turning it off, and recovery ---


def verified_client(user, device) -> Client:
    """A browser logged in with password and code."""
    client = Client()
    client.post(LOGIN, {"username": user.username, "password": "Ha-Giang-2022!"})
    client.post(CODE, {"code": code_for(device)})
    assert logged_in_id(client) == str(user.pk)
    return client


def test_turning_it_off_takes_a_current_code_and_is_audited(organiser):
    device = turn_on(organiser)
    client = verified_client(organiser, device)

    client.post("/accounts/two-factor/off/", {"code": "000000"})
    assert has_two_factor(organiser)

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    client.post("/accounts/two-factor/off/", {"code": code_for(device, steps_ahead=1)})

    assert not has_two_factor(organiser)
    assert AuditEvent.objects.filter(action="auth.2fa_disabled").count() == 1


def test_staff_reset_a_jury_members_two_factor_with_a_reason(
    organiser_client, organiser, jury_member
):
    turn_on(jury_member)

    page = organiser_client.get(PAGE).content.decode()
    assert "giamkhao" in page
    response = organiser_client.post(
        f"/accounts/two-factor/reset/{jury_member.pk}/", {"reason": "Mất điện thoại"}
    )

    assert response.status_code == 302
    assert not has_two_factor(jury_member)
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert (event.actor, event.object_id, event.reason) == (
        organiser,
        str(jury_member.pk),
        "Mất điện thoại",
    )


def test_a_reset_needs_a_reason(organiser_client, jury_member):
    turn_on(jury_member)

    organiser_client.post(f"/accounts/two-factor/reset/{jury_member.pk}/", {"reason": " "})

    assert has_two_factor(jury_member)
    assert not AuditEvent.objects.filter(action="auth.2fa_reset").exists()


def test_a_secretary_cannot_reset_an_organisers_two_factor(client_for, secretary, organiser):
    turn_on(organiser)
    client = client_for(secretary)

    assert "bantochuc" not in client.get(PAGE).content.decode()
    client.post(f"/accounts/two-factor/reset/{organiser.pk}/", {"reason": "x"})

    assert has_two_factor(organiser)


def test_nobody_resets_their_own_two_factor_without_a_code(organiser):
    device = turn_on(organiser)
    client = verified_client(organiser, device)

    client.post(f"/accounts/two-factor/reset/{organiser.pk}/", {"reason": "x"})

    assert has_two_factor(organiser)


@pytest.mark.parametrize("who", ["jury_member", "representative"])
def test_jury_and_units_cannot_reset_anybody(request, client_for, organiser, who):
    turn_on(organiser)
    client = client_for(request.getfixturevalue(who))

    response = client.post(f"/accounts/two-factor/reset/{organiser.pk}/", {"reason": "x"})

    assert response.status_code == 403
    assert has_two_factor(organiser)


# --- mandatory for staff ---


def test_when_required_staff_pages_wait_for_two_factor(settings, organiser_client, organiser):
    settings.CLIPCONTEST_REQUIRE_2FA_FOR_STAFF = True

    response = organiser_client.get("/organiser/")
    assert response.status_code == 302 and response.url == PAGE

    organiser_client.get(PAGE)
    device = TOTPDevice.objects.get()
    organiser_client.post("/accounts/two-factor/on/", {"code": code_for(device)})

    assert organiser_client.get("/accounts/units/").status_code == 200


def test_when_required_units_and_jury_are_not_forced(
    settings, client_for, representative, open_contest
):
    settings.CLIPCONTEST_REQUIRE_2FA_FOR_STAFF = True

    response = client_for(representative).get("/unit/")

    assert response.status_code == 200


def test_not_required_by_default(organiser_client):
    assert organiser_client.get("/accounts/units/").status_code == 200


def test_the_admin_never_shows_a_devices_secret(organiser_client, jury_member):
    device = turn_on(jury_member)

    config = organiser_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    change = organiser_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert config.status_code == 403
    assert change.status_code == 200 and device.key not in change.content.decode()
