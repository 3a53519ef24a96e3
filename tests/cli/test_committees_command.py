"""``clipcontest documents committees --contest SLUG --out DIR``: the three founding decisions."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from factories import REPOSITORY

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.committees.services import add_committee_member

pytestmark = pytest.mark.django_db
STEMS = ("ban-to-chuc", "ban-giam-khao", "to-thu-ky")


def test_the_three_decisions_go_into_the_folder_as_docx_and_pdf(contest_2022, tmp_path, capsys):
    organiser = ensure_account(username="bantochuc", password="x-2022-x", role=Role.ORGANISER)
    add_committee_member(
        contest=contest_2022,
        committee="secretariat",
        full_name="Vương Thị Mai",
        position="Chuyên viên",
        role="head",
        by=organiser,
    )

    call_command("documents", "committees", contest="sc35-2022", out=str(tmp_path / "qd"))

    folder = tmp_path / "qd"
    expected = {
        f"sc35-2022-quyet-dinh-thanh-lap-{stem}.{ext}" for stem in STEMS for ext in ("docx", "pdf")
    }
    assert {p.name for p in folder.iterdir()} == expected
    assert all((folder / name).read_bytes()[:4] in (b"PK\x03\x04", b"%PDF") for name in expected)
    secretariat = Document(
        BytesIO((folder / "sc35-2022-quyet-dinh-thanh-lap-to-thu-ky.docx").read_bytes())
    )
    assert "Vương Thị Mai" in [cell.text for cell in secretariat.tables[-1].rows[1].cells]
    printed = capsys.readouterr().out.splitlines()
    assert sorted(line.rsplit("/", 1)[-1] for line in printed) == sorted(expected)


def test_an_unknown_contest_exits_with_status_2(db, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("documents", "committees", contest="nope", out=str(tmp_path))
    assert refused.value.returncode == 2
    assert not any(tmp_path.iterdir())


def test_the_demo_founds_the_committees_once(tmp_path):
    from clipcontest.cli.management.commands.demo import Command
    from clipcontest.committees.models import CommitteeMember, FoundingDecision
    from clipcontest.committees.queries import rosters
    from clipcontest.contests.models import Contest

    call_command("demo", stdout=StringIO())
    contest = Contest.objects.get(slug="sc35-2022")
    seats = rosters(contest)
    Command()._found_the_committees(
        REPOSITORY / "contests" / "demo" / "committees.csv", by=None
    )  # a second run of the demo leaves the organisers' edits alone

    assert seats["organising"][0].role == "head" and len(seats["organising"]) == 7
    assert [(s.name, s.role) for s in seats["jury"]] == [("Trần Thị Giám Khảo", "head")]
    assert seats["secretariat"][0].name == "Vương Thị Mai"
    assert CommitteeMember.objects.filter(contest=contest).count() == 12
    assert dict(FoundingDecision.objects.values_list("committee", "number")) == {
        "organising": "125",
        "jury": "01",
        "secretariat": "02",
    }
