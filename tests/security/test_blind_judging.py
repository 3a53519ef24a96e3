"""Blind judging: nothing a jury member can open names a clip's unit or authors.

Every jury page (each language, as a page and as an htmx request), every answer to a score
sheet (saved, refused, locked) and every API answer a juror gets with a session or a token is
searched for every unit's name and code and every author's name: ignoring case, and again with
the Vietnamese accents taken off. A clip's ref embeds its unit's code ("HG-DV-1"), so a ref on
a jury page is a leak too. Done while the round is being scored and again once it is final.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from awards.test_results import score_demo_contest
from django.test import Client
from django.urls import reverse

from clipcontest.accounts.tokens import issue_token
from clipcontest.common.text import ascii_fold
from clipcontest.contests.models import Contest
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.judging.models import JuryMember
from clipcontest.judging.queries import assignments_in_order, results_locked
from clipcontest.units.models import Person, Unit

from .matrix import PATTERNS, Kind, row_of

pytestmark = pytest.mark.django_db

FIGURES = Path(__file__).resolve().parents[2] / "var" / "test-output" / "security-figures.json"
ROUNDS = ("scoring", "finalised")
# Pages behind a login; public pages name the winners' units once results are published.
SIGNED_IN_PAGES = {Kind.AUTHENTICATED, Kind.JURY, Kind.UNIT_OWN, Kind.STAFF}


@pytest.fixture(params=ROUNDS)
def round_(request, demo_contest) -> Contest:
    """The demo contest with three judges' sheets: still open to scoring, or finalised."""
    if request.param == "finalised":
        return request.getfixturevalue("finalised")
    score_demo_contest(demo_contest)
    return demo_contest


def needles() -> set[str]:
    """What must not appear: every unit's name and code, every author's name."""
    names = set(Unit.objects.values_list("name", flat=True))
    names |= set(Unit.objects.values_list("code", flat=True))
    names |= set(Person.objects.values_list("name", flat=True))
    return {n.strip() for n in names if n.strip()}


def leaks(text: str, secrets: set[str]) -> set[str]:
    """The secrets found in ``text``, as written or without accents, in any letter case."""
    text = html.unescape(text)
    plain, folded = text.casefold(), ascii_fold(text).casefold()
    return {
        secret
        for secret in secrets
        if secret.casefold() in plain or ascii_fold(secret).casefold() in folded
    }


def jury_answers(member: JuryMember, locked: bool) -> dict[str, str]:
    """Everything the member can be shown, by what was asked: pages, sheet answers, the API."""
    client = Client()
    client.force_login(member.user)
    bearer = Client(headers={"Authorization": f"Bearer {issue_token(member.user, 'blind')}"})
    answers: dict[str, str] = {}

    def keep(what: str, response, status: int | None = None) -> None:
        assert response.status_code < 500, what
        assert status is None or response.status_code == status, what
        if response.get("Content-Type", "").startswith("application/json"):
            # JSON may escape every accented letter (\u1ea1): search the decoded text.
            answers[what] = json.dumps(response.json(), ensure_ascii=False)
        else:
            answers[what] = response.content.decode()

    for prefix in ("", "/en"):
        keep(f"{prefix}/jury/", client.get(f"{prefix}/jury/"), 200)
        htmx = client.get(f"{prefix}/jury/", headers={"HX-Request": "1"})
        keep(f"{prefix}/jury/ (htmx)", htmx, 200)
    for assignment in assignments_in_order(member):
        url = f"/jury/clips/{assignment.pk}/"
        for prefix in ("", "/en"):
            keep(prefix + url, client.get(prefix + url), 200)
            htmx = client.get(prefix + url, headers={"HX-Request": "1"})
            keep(f"{prefix}{url} (htmx)", htmx, 200)
        # A refused sheet is rendered again with its problems (once final: "results are final").
        keep(f"{url} wrong", client.post(url, {"points-content": "999", "submit": "1"}), 400)
        if not locked:
            # Saved, or refused when the sheet was submitted already: either way, searched.
            saved = client.post(url, {"points-content": "20", "draft": "1"}, follow=True)
            keep(f"{url} draft", saved)
    # Every other page with a fixed address, the refused ones included (403 pages).
    for pattern in PATTERNS:
        kind = row_of(pattern.key).kind if row_of(pattern.key) else None
        if not pattern.args and kind in SIGNED_IN_PAGES:
            url = reverse(pattern.key)
            keep(url, client.get(url))
    refs = list(Entry.objects.filter(contest=member.contest).values_list("ref", "url"))
    letters = OfficialLetter.objects.filter(contest=member.contest).values_list("pk", flat=True)
    api = ["/api/contest", "/api/entries", "/api/letters", "/api/nothing-here"]
    api += [f"/api/entries/{ref}" for ref, _ in refs]
    api += [f"/api/links/check?url={link}" for _, link in refs if link]
    api += [f"/api/letters/{pk}" for pk in letters]
    for url in api:
        keep(f"{url} (session)", client.get(url))
        keep(f"{url} (token)", bearer.get(url))
    for ref, _ in refs[:3]:
        keep(f"withdraw {ref}", bearer.post(f"/api/entries/{ref}/withdraw"))
    return answers


def test_no_jury_page_or_api_answer_names_a_unit_or_an_author(round_):
    contest = round_
    assert contest.blind_judging
    members = list(JuryMember.objects.filter(contest=contest).select_related("user", "contest"))
    secrets = needles()
    locked = results_locked(contest)
    found: list[str] = []
    searched = 0
    clips = set()
    for member in members:
        clips |= {a.entry_id for a in member.assignments.all()}
        answers = jury_answers(member, locked=locked)
        searched += len(answers)
        for what, text in answers.items():
            if hit := leaks(text, secrets):
                found.append(f"{member.user.username} {what}: {sorted(hit)}")

    assert len(members) == 3 and len(clips) >= 6 and len(secrets) >= 20
    assert not found, "\n".join(found)
    _record(f"blind_judging_{'finalised' if locked else 'scoring'}", searched, len(secrets))


def test_the_search_finds_names_when_judging_is_not_blind(round_):
    """Without blind judging the clip page names its unit: the search above can fail."""
    round_.blind_judging = False
    round_.save(update_fields=["blind_judging"])
    member = JuryMember.objects.filter(contest=round_).first()
    client = Client()
    client.force_login(member.user)
    assignment = assignments_in_order(member)[0]

    page = client.get(f"/jury/clips/{assignment.pk}/").content.decode()

    unit = assignment.entry.unit
    assert {unit.name, unit.code} <= leaks(page, needles())
    assert leaks(ascii_fold(page), {unit.name}) == {unit.name}


def _record(key: str, answers: int, secrets: int) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    stored[f"{key}_answers_searched"] = answers
    stored["blind_judging_names_searched"] = secrets
    FIGURES.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
