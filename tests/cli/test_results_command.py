"""``clipcontest results``: the table, the JSON, and finalising / reopening with exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from awards.test_results import EXPECTED, score_demo_contest
from django.core.management import call_command
from django.core.management.base import CommandError

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.judging.models import ResultsDecision
from clipcontest.judging.queries import results_locked

pytestmark = pytest.mark.django_db

SLUG = "sc35-2022"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scored(demo_contest):
    score_demo_contest(demo_contest)
    return demo_contest


@pytest.fixture
def organiser(db):
    return ensure_account(username="bantochuc", password="Ha-Giang-2022!", role=Role.ORGANISER)


def run(**options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("results", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(**options) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("results", stdout=StringIO(), stderr=StringIO(), **options)
    return caught.value


def test_json_lists_the_ranking_with_prizes(scored):
    out, _ = run(contest=SLUG, json=True)

    data = json.loads(out)
    assert [(r["rank"], r["ref"], r["prize"], r["amount"]) for r in data["ranking"]] == [
        (rank, ref, prize, amount) for rank, ref, _, prize, amount in EXPECTED
    ]
    assert data["ranking"][2]["score"] == 86.33
    assert data["prizes_total"] == 10_000_000


def test_the_table_shows_ranking_unranked_and_total(scored):
    out, _ = run(contest=SLUG)

    assert "   1  HG-MV-2" in out and "3.000.000" in out
    assert "HG-VX-2" in out and "gk.an, gk.binh" in out
    assert "consolation x 15" in out
    assert "10.000.000 đ" in out


def test_finalise_then_reopen_write_decisions_and_audit_rows(scored, organiser):
    _, err = run(contest=SLUG, finalise=True, by="bantochuc", reason="Họp BGK 20/6")

    assert "finalised" in err
    assert results_locked(scored)
    assert json.loads(run(contest=SLUG, json=True)[0])["finalised"] is True

    run(contest=SLUG, reopen=True, by="bantochuc", reason="Sửa điểm HG-QB-1")

    assert not results_locked(scored)
    actions = list(ResultsDecision.objects.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["finalise", "reopen"]
    audit = AuditEvent.objects.filter(action__startswith="results.").values_list(
        "action", flat=True
    )
    assert sorted(audit) == ["results.finalise", "results.reopen"]


@pytest.mark.parametrize(
    "options",
    [{"finalise": True}, {"finalise": True, "by": "bantochuc"}, {"reopen": True, "reason": "x"}],
)
def test_a_decision_without_by_and_reason_exits_2(scored, organiser, options):
    error = refused(contest=SLUG, **options)

    assert error.returncode == 2
    assert "--by USERNAME" in str(error) and "--by TÊN_ĐĂNG_NHẬP" in str(error)
    assert not ResultsDecision.objects.exists()


def test_refusals_of_the_service_exit_2_in_both_languages(scored, organiser):
    ensure_account(username="thuky", password="Ha-Giang-2022!", role=Role.SECRETARY)

    not_organiser = refused(contest=SLUG, finalise=True, by="thuky", reason="x")
    not_finalised = refused(contest=SLUG, reopen=True, by="bantochuc", reason="x")

    assert not_organiser.returncode == not_finalised.returncode == 2
    assert "Only the organisers" in str(not_organiser) and "Chỉ Ban Tổ chức" in str(not_organiser)
    assert "nothing to reopen" in str(not_finalised)
    assert not ResultsDecision.objects.exists()


def test_an_unknown_contest_exits_2(db):
    assert refused(contest="no-such").returncode == 2
