"""``clipcontest jury import|assign`` and ``scores import``: output, exit status, JSON."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import csv_bytes

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.judging.models import Assignment, JuryMember, ScoreSheet
from clipcontest.judging.services import finalise_results

pytestmark = pytest.mark.django_db

SLUG = "sc35-2022"
JURY = [
    ["username", "name", "email", "unit"],
    ["gk.an", "Nguyễn Văn An", "an@example.vn", "HG-TP"],
    ["gk.binh", "Trần Thị Bình", "binh@example.vn", ""],
    ["gk.chi", "Lò Văn Chi", "chi@example.vn", "HG-DV"],
]
SCORE_HEADER = ["entry", "judge", "content", "creativity", "technique", "reach", "comment"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organiser(db):
    return ensure_account(username="bantochuc", password="Ha-Giang-2022!", role=Role.ORGANISER)


@pytest.fixture
def jury_file(tmp_path: Path) -> str:
    path = tmp_path / "jury.csv"
    path.write_bytes(csv_bytes(JURY))
    return str(path)


@pytest.fixture
def jury(demo_contest, jury_file):
    run("jury", "import", jury_file, contest=SLUG)


def run(*args: str, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(*args: str, **options) -> tuple[CommandError, str]:
    """The error a refused command raises, and what it wrote on stderr first."""
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO(), stderr=err, **options)
    return caught.value, err.getvalue()


def test_jury_import_prints_what_it_did(demo_contest, jury_file, organiser):
    out, _ = run("jury", "import", jury_file, contest=SLUG, by="bantochuc")

    assert out.strip() == "jury members: 3 created, 0 updated / giám khảo: 3 thêm mới, 0 cập nhật"
    assert JuryMember.objects.filter(contest=demo_contest).count() == 3


def test_jury_import_of_a_bad_file_exits_2_and_names_the_row(demo_contest, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([*JURY, ["gk.dung", "Dũng", "dung@", ""]]))

    error, _ = refused("jury", "import", str(bad), contest=SLUG)

    assert error.returncode == 2
    assert "row 5: email: invalid e-mail address: 'dung@'" in str(error)
    assert "nothing was imported" in str(error)
    assert not JuryMember.objects.exists()


def test_jury_assign_json_lists_every_member_with_their_clips(jury, organiser):
    out, _ = run("jury", "assign", contest=SLUG, per_entry=2, json=True, by="bantochuc")

    data = json.loads(out)
    assert list(data) == ["assignments"]
    assert [item["judge"] for item in data["assignments"]] == ["gk.an", "gk.binh", "gk.chi"]
    assert all(set(item) == {"judge", "entries"} for item in data["assignments"])
    refs = [ref for item in data["assignments"] for ref in item["entries"]]
    assert len(refs) == 24 and len(set(refs)) == 12  # 12 eligible clips, two members each
    an = next(item for item in data["assignments"] if item["judge"] == "gk.an")
    assert not [ref for ref in an["entries"] if ref.startswith("HG-TP-")]
    assert Assignment.objects.count() == 24


def test_jury_assign_without_k_gives_every_member_every_clip_but_their_units(jury, organiser):
    out, _ = run("jury", "assign", contest=SLUG, by="bantochuc")

    lines = out.splitlines()
    assert [line.split("\t")[:2] for line in lines[:3]] == [
        ["gk.an", "9"],
        ["gk.binh", "12"],
        ["gk.chi", "10"],
    ]
    assert lines[-1].startswith("12 clip(s), 31 assignment(s)")


def test_jury_assign_that_is_infeasible_writes_each_reason_on_stderr_and_exits_2(jury, organiser):
    error, err = refused("jury", "assign", contest=SLUG, per_entry=3, by="bantochuc")

    assert error.returncode == 2
    # One line per clip, in the clips' order, in both languages.
    assert [line.split(" has only")[0] for line in err.splitlines()] == [
        "Clip HG-DV-1",
        "Clip HG-DV-2",
        "Clip HG-TP-1",
        "Clip HG-TP-2",
        "Clip HG-TP-3",
    ]
    assert err.splitlines()[0] == (
        "Clip HG-DV-1 has only 2 jury members without a conflict (needs 3). / "
        "Clip HG-DV-1 chỉ có 2 thành viên Ban Giám khảo không có xung đột lợi ích (cần 3)."
    )
    assert not Assignment.objects.exists()


def test_jury_assign_refuses_an_unknown_user_or_a_finalised_contest_with_exit_2(
    demo_contest, jury, organiser
):
    error, _ = refused("jury", "assign", contest=SLUG, by="nobody")
    assert error.returncode == 2 and "no user 'nobody'" in str(error)

    finalise_results(contest=demo_contest, by=organiser, reason="Đã họp")
    error, _ = refused("jury", "assign", contest=SLUG, by="bantochuc")
    assert error.returncode == 2 and "The results are finalised" in str(error)


def test_scores_import_stores_submitted_sheets_and_refuses_a_bad_file_with_exit_2(
    jury, organiser, tmp_path
):
    run("jury", "assign", contest=SLUG, by="bantochuc")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes([SCORE_HEADER, ["HG-TP-1", "gk.binh", "32,5", 20, 18, 7, ""]]))
    bad.write_bytes(csv_bytes([SCORE_HEADER, ["HG-TP-1", "gk.an", 30, 20, 18, 7, ""]]))

    out, _ = run("scores", "import", str(good), contest=SLUG, by="bantochuc")
    assert out.strip() == (
        "score sheets: 1 created, 0 updated / phiếu chấm: 1 thêm mới, 0 cập nhật"
    )
    assert ScoreSheet.objects.get().status == ScoreSheet.Status.SUBMITTED

    error, _ = refused("scores", "import", str(bad), contest=SLUG, by="bantochuc")
    assert error.returncode == 2
    assert "row 2: entry: clip HG-TP-1 is not assigned to jury member gk.an" in str(error)
    assert ScoreSheet.objects.count() == 1

    error, _ = refused("scores", "import", str(good), contest=SLUG, by="gk.an")
    assert error.returncode == 2 and "Only the organisers or the secretariat" in str(error)
