"""The world the security tests probe: the portal's two units, one account per role, and one
object of every kind an address can name, all belonging to unit A (or to the jury's seat).

The accounts and units come from ``tests/portal/conftest.py`` so both matrices test the same
people.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from entries.test_group_share import png_bytes
from portal.conftest import (  # noqa: F401  (fixtures shared with the portal's own matrix)
    jury,
    no_background_work,
    organiser,
    rep_a,
    rep_b,
    secretary,
    unit_a,
    unit_b,
)

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.accounts.tokens import issue_token
from clipcontest.committees.services import add_committee_member
from clipcontest.contests.models import Contest
from clipcontest.documents.models import DocumentBatch
from clipcontest.entries.letters import LetterDraft, draft_letter
from clipcontest.entries.models import Entry, OfficialLetter
from clipcontest.entries.services import AuthorDraft, EntryDraft, submit_entry
from clipcontest.judging.models import Assignment, JuryMember

from .matrix import ROLES

USERNAMES = {
    "rep_a": "hg-mv",
    "rep_b": "hg-dv",
    "jury": "giamkhao",
    "secretary": "thuky",
    "organiser": "bantochuc",
}
A_TITLE = "Clip của Mèo Vạc"
A_LETTER_NUMBER = "08-CV/BCĐ35"


@dataclass
class World:
    """Unit A's objects, the jury's seat and another juror's, by what an address calls them."""

    contest: Contest
    entry: Entry
    letter: OfficialLetter
    assignment: Assignment  # the jury member's own
    other_assignment: Assignment  # another juror's, on unit B's clip
    seat: JuryMember
    committee_member_pk: int
    batch_pk: int


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _clip(contest: Contest, unit, title: str, video: str, author: str) -> Entry:
    return submit_entry(
        contest=contest,
        unit=unit,
        draft=EntryDraft(
            title=title,
            url=f"https://www.youtube.com/watch?v={video}",
            genre="comedy",
            theme="refute_false_information",
            authors=(AuthorDraft(author),),
            rights_confirmed=True,
        ),
        group_screenshot=SimpleUploadedFile("share.png", png_bytes()),
    )


@pytest.fixture
def world(open_contest, unit_a, unit_b, jury, organiser, settings, tmp_path) -> World:  # noqa: F811
    settings.MEDIA_ROOT = tmp_path  # screenshots, the letter's scan, the finished document
    entry = _clip(open_contest, unit_a, A_TITLE, "Q1w2E3r4T5y", "Vàng Thị Dính")
    b_entry = _clip(open_contest, unit_b, "Cao nguyên đá", "aB3dE5fG7hI", "Sùng Mí Chá")
    letter = draft_letter(
        contest=open_contest,
        unit=unit_a,
        draft=LetterDraft(A_LETTER_NUMBER, date(2022, 6, 9), "Mèo Vạc", "Hoàng Văn Páo"),
        entries=[entry],
    )
    letter.scan.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    users = get_user_model().objects
    seat = JuryMember.objects.create(
        contest=open_contest, user=users.get(username=USERNAMES["jury"]), order_seed=7
    )
    other = ensure_account(username="gk.khac", password="x", role=Role.JURY_MEMBER)
    other_seat = JuryMember.objects.create(
        contest=open_contest, user=other, order_seed=zlib.crc32(b"gk.khac") & 0x7FFFFFFF
    )
    chair = users.get(username=USERNAMES["organiser"])
    committee_member = add_committee_member(
        contest=open_contest,
        committee="organising",
        full_name="Hoàng Minh Đức",
        position="Phó Trưởng Ban",
        role="member",
        by=chair,
    )
    batch = DocumentBatch.objects.create(
        contest=open_contest,
        kind=DocumentBatch.Kind.values[0],
        state=DocumentBatch.State.DONE,
        filename="document.xlsx",
    )
    batch.file.save("document.xlsx", ContentFile(b"PK\x03\x04"))
    return World(
        contest=open_contest,
        entry=entry,
        letter=letter,
        assignment=Assignment.objects.create(member=seat, entry=entry),
        other_assignment=Assignment.objects.create(member=other_seat, entry=b_entry),
        seat=seat,
        committee_member_pk=committee_member.pk,
        batch_pk=batch.pk,
    )


@pytest.fixture
def clients(world, rep_a, rep_b, jury, secretary, organiser) -> dict[str, Client]:  # noqa: F811
    """A logged-in client per role (``anonymous`` has none)."""
    by_role = {
        "anonymous": Client(),
        "rep_a": rep_a,
        "rep_b": rep_b,
        "jury": jury,
        "secretary": secretary,
        "organiser": organiser,
    }
    assert tuple(by_role) == ROLES
    return by_role


@pytest.fixture
def tokens(clients) -> dict[str, str]:
    """An API token per logged-in role, for the API rows tried without a session."""
    users = get_user_model().objects
    return {
        role: issue_token(users.get(username=username), "matrix")
        for role, username in USERNAMES.items()
    }
