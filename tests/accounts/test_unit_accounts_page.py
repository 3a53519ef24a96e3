"""The organisers' unit accounts page: who may open it, what it lists, what posting it does."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from factories import UnitFactory

from clipcontest.accounts.models import Profile
from clipcontest.units.models import Unit

pytestmark = pytest.mark.django_db

PAGE = "/accounts/units/"


def account_count() -> int:
    return get_user_model().objects.count()


# --- who may open it ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, units, method, mailoutbox):
    response = getattr(client, method)(PAGE, {"units": [units["HG-TP"].pk]})

    assert response.status_code == 302
    assert response.url.startswith(f"/accounts/login/?next={PAGE}")
    assert account_count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["representative", "jury_member"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_unit_representative_and_jury_member_are_refused(
    request, client_for, units, role, method, mailoutbox
):
    client = client_for(request.getfixturevalue(role))
    before = account_count()

    response = getattr(client, method)(PAGE, {"units": [units["HG-TP"].pk]})

    assert response.status_code == 403
    assert account_count() == before
    assert mailoutbox == []


def test_unit_representatives_forged_post_for_another_unit_changes_nothing(
    client_for, representative, units, mailoutbox
):
    client = client_for(representative)
    profiles_before = list(Profile.objects.values_list("user__username", "unit__code"))

    response = client.post(PAGE, {"units": [units["HG-TP"].pk, units["HG-KCQ"].pk]})

    assert response.status_code == 403
    assert list(Profile.objects.values_list("user__username", "unit__code")) == profiles_before
    assert not get_user_model().objects.filter(username__in=["hg-tp", "hg-kcq"]).exists()
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["organiser", "secretary"])
def test_organiser_and_secretary_open_the_page(request, client_for, units, role):
    client = client_for(request.getfixturevalue(role))

    response = client.get(PAGE)

    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


# --- what it lists ------------------------------------------------------------------------------


def test_page_lists_every_participating_unit_with_its_account_status(
    organiser_client, units, representative
):
    organiser_client.post(PAGE, {"units": [units["HG-TP"].pk]})
    UnitFactory(code="HG-OLD", active=False)

    response = organiser_client.get(PAGE)

    rows = {a.unit.code: (a.status, ticked) for a, ticked in response.context["rows"]}
    # Ticked by default: only the units without an account.
    assert rows == {
        "HG-DV": ("active", False),
        "HG-KCQ": ("none", True),
        "HG-TP": ("invited", False),
    }
    html = response.content.decode()
    assert html.count('<tr data-unit="') == 3
    assert "badge--ok" in html and "badge--warn" in html and "badge--muted" in html
    assert "donvi.dongvan" in html and "hg-tp" in html


def test_page_query_count_does_not_grow_with_the_units(
    organiser_client, units, django_assert_max_num_queries
):
    organiser_client.post(PAGE, {"units": [units["HG-TP"].pk]})
    with django_assert_max_num_queries(10) as few_units:
        organiser_client.get(PAGE)
    queries_for_few_units = len(few_units)  # counted now: the next request clears the log

    for n in range(20):
        UnitFactory(code=f"HG-X{n}")
    organiser_client.post(PAGE, {"units": list(Unit.objects.values_list("pk", flat=True))})

    with django_assert_max_num_queries(queries_for_few_units):
        organiser_client.get(PAGE)


# --- what posting it does -----------------------------------------------------------------------


def test_posting_the_ticked_units_invites_them_and_shows_the_result(
    organiser_client, units, mailoutbox, django_user_model
):
    no_email = UnitFactory(code="HG-MV", name="Ban Chỉ đạo 35 Huyện ủy Mèo Vạc", email="")

    response = organiser_client.post(PAGE, {"units": [units["HG-TP"].pk, no_email.pk]})

    assert response.status_code == 200
    report = response.context["report"]
    assert report.created == 2
    assert len(mailoutbox) == 1
    assert django_user_model.objects.filter(username__in=["hg-tp", "hg-mv"]).count() == 2
    html = response.content.decode()
    (by_hand,) = report.by_hand
    assert f'value="{by_hand.link}"' in html
    assert by_hand.link.startswith("http://testserver/accounts/invitation/")
    # Links of e-mailed invitations are never shown.
    assert report.sent[0].link not in html


def test_posting_with_nothing_ticked_shows_an_error_and_changes_nothing(
    organiser_client, units, mailoutbox, django_user_model
):
    before = django_user_model.objects.count()

    response = organiser_client.post(PAGE, {})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert django_user_model.objects.count() == before
    assert mailoutbox == []


def test_posting_a_unit_that_does_not_take_part_is_refused(
    organiser_client, mailoutbox, django_user_model
):
    retired = UnitFactory(code="HG-OLD", active=False)
    before = django_user_model.objects.count()

    response = organiser_client.post(PAGE, {"units": [retired.pk]})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert django_user_model.objects.count() == before
    assert mailoutbox == []
