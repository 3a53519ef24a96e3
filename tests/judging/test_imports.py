"""Importing the jury and a paper jury's scores: all or nothing, every problem with its row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from factories import csv_bytes, xlsx_bytes

from clipcontest.accounts.models import Role
from clipcontest.accounts.services import ensure_account
from clipcontest.audit.models import AuditEvent
from clipcontest.common.tabular import Imported, ImportFailed, Problem
from clipcontest.judging.imports import import_jury, import_scores
from clipcontest.judging.models import CriterionScore, JuryMember, ScoreSheet
from clipcontest.judging.scores import save_scores
from clipcontest.judging.services import assign_jury, finalise_results

from .conftest import GOOD, PASSWORD, add_member, assignment_of, stored_pairs

pytestmark = pytest.mark.django_db

JURY_HEADER = ["username", "name", "email", "unit"]
AN = ["gk.an", "Nguyễn Văn An", "an@example.vn", "HG-TP"]
BINH = ["gk.binh", "Trần Thị Bình", "binh@example.vn", ""]


def jury_sheet(*rows: list[str], header: list[str] = JURY_HEADER) -> bytes:
    return csv_bytes([header, *rows])


def members(contest) -> list[tuple[str, str, str, str | None]]:
    return [
        (m.user.username, m.user.get_full_name(), m.user.email, m.unit.code if m.unit else None)
        for m in JuryMember.objects.filter(contest=contest).select_related("user", "unit")
    ]


def where(problems: list[Problem]) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in problems]


# --- the jury ------------------------------------------------------------------------------------


def test_jury_import_creates_members_with_accounts_to_be_invited(demo_contest):
    result = import_jury(jury_sheet(AN, BINH), "jury.csv", contest=demo_contest)

    assert result == Imported(created=2, updated=0)
    assert members(demo_contest) == [
        ("gk.an", "Nguyễn Văn An", "an@example.vn", "HG-TP"),
        ("gk.binh", "Trần Thị Bình", "binh@example.vn", None),
    ]
    an = get_user_model().objects.get(username="gk.an")
    assert not an.has_usable_password()
    assert (an.profile.role, an.profile.unit.code) == (Role.JURY_MEMBER, "HG-TP")
    seeds = set(JuryMember.objects.values_list("order_seed", flat=True))
    assert len(seeds) == 2 and all(0 < seed < 2**31 for seed in seeds)
    assert AuditEvent.objects.get(action="jury.import").after["members"] == ["gk.an", "gk.binh"]


def test_jury_import_reads_vietnamese_headings_from_an_excel_file(demo_contest):
    header = ["Tên đăng nhập", "Họ và tên", "Thư điện tử", "Mã đơn vị"]

    result = import_jury(xlsx_bytes([header, AN, BINH]), "bgk.xlsx", contest=demo_contest)

    assert result == Imported(created=2, updated=0)
    assert [m[0] for m in members(demo_contest)] == ["gk.an", "gk.binh"]


def test_jury_reimport_updates_the_member_and_keeps_their_password_and_seed(demo_contest):
    import_jury(jury_sheet(AN, BINH), "jury.csv", contest=demo_contest)
    an = get_user_model().objects.get(username="gk.an")
    an.set_password(PASSWORD)
    an.save()
    seed = JuryMember.objects.get(user=an).order_seed

    moved = ["GK.AN", "Nguyễn Văn An", "an.moi@example.vn", "hg-dv"]
    result = import_jury(jury_sheet(moved, BINH), "jury.csv", contest=demo_contest)

    assert result == Imported(created=0, updated=1)  # Bình is unchanged
    an.refresh_from_db()
    assert an.check_password(PASSWORD)
    member = JuryMember.objects.get(user=an)
    assert (member.unit.code, an.email, member.order_seed) == ("HG-DV", "an.moi@example.vn", seed)
    assert get_user_model().objects.filter(username__iexact="gk.an").count() == 1


def test_a_members_new_unit_takes_its_unscored_clips_away_from_them(demo_contest, organiser):
    import_jury(jury_sheet(AN, BINH), "jury.csv", contest=demo_contest)
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    assert ("HG-DV-1", "gk.binh") in stored_pairs(demo_contest)

    import_jury(
        jury_sheet(AN, [*BINH[:3], "HG-DV"]), "jury.csv", contest=demo_contest, by=organiser
    )

    assert {
        r for r, j in stored_pairs(demo_contest) if j == "gk.binh" and r.startswith("HG-DV")
    } == (set())


def test_jury_import_is_all_or_nothing_and_names_every_bad_row(demo_contest, organiser):
    import_jury(jury_sheet(BINH), "jury.csv", contest=demo_contest)
    before = members(demo_contest)
    rows = [
        ["gk.chi", "Lò Văn Chi", "chi@example.vn", "HG-XX"],  # 2: unknown unit
        ["gk.dung", "Vàng Thị Dung", "dung@", ""],  # 3: bad e-mail
        ["gk.em", "Sùng Mí Em", "em@example.vn", ""],  # 4: fine
        ["GK.EM", "Sùng Mí Em", "em2@example.vn", ""],  # 5: same username as row 4
        ["bantochuc", "Nguyễn Văn Tổ", "btc@example.vn", ""],  # 6: an organiser's account
        ["gk giang", "", "giang@example.vn", ""],  # 7: bad username, no name
    ]

    with pytest.raises(ImportFailed) as caught:
        import_jury(jury_sheet(*rows), "jury.csv", contest=demo_contest)

    assert where(caught.value.problems) == [
        (2, "unit"),
        (3, "email"),
        (5, "username"),
        (6, "username"),
        (7, "username"),
        (7, "name"),
    ]
    messages = {(p.row, p.column): p.message.en for p in caught.value.problems}
    assert messages[(2, "unit")] == "no unit has the code 'HG-XX'"
    assert messages[(5, "username")] == "the username 'GK.EM' is already on row 4"
    assert "is not a jury member's account" in messages[(6, "username")]
    assert members(demo_contest) == before
    assert not get_user_model().objects.filter(username__in=["gk.chi", "gk.em"]).exists()


def test_jury_import_is_refused_once_the_results_are_finalised(demo_contest, organiser):
    finalise_results(contest=demo_contest, by=organiser, reason="Đã họp")

    with pytest.raises(ImportFailed) as caught:
        import_jury(jury_sheet(AN), "jury.csv", contest=demo_contest, by=organiser)

    assert where(caught.value.problems) == [(None, None)]
    assert "reopen them before importing" in caught.value.problems[0].message.en
    assert not JuryMember.objects.exists()


def test_jury_import_says_which_column_is_missing(demo_contest):
    with pytest.raises(ImportFailed) as caught:
        import_jury(
            jury_sheet(["gk.an", "An"], header=["username", "name"]), "j.csv", contest=demo_contest
        )
    assert where(caught.value.problems) == [(1, "email")]


# --- scores on paper -----------------------------------------------------------------------------

SCORE_HEADER = ["entry", "judge", "content", "creativity", "technique", "reach", "comment"]


@pytest.fixture
def paper_jury(demo_contest, organiser):
    """Bình and Dũng score every eligible clip; An (city) every clip but the city's."""
    jury = {
        username: add_member(demo_contest, username, unit)
        for username, unit in (("gk.an", "HG-TP"), ("gk.binh", None), ("gk.dung", None))
    }
    assign_jury(contest=demo_contest, per_entry=None, by=organiser)
    return jury


def score_sheet(*rows: list[object], header: list[str] = SCORE_HEADER) -> bytes:
    return csv_bytes([header, *rows])


def stored_sheets() -> list[tuple[str, str, str, dict[str, Decimal], str]]:
    return [
        (
            sheet.assignment.entry.ref,
            sheet.assignment.member.user.username,
            sheet.status,
            {s.criterion.key: s.points for s in sheet.scores.all()},
            sheet.comment,
        )
        for sheet in ScoreSheet.objects.select_related(
            "assignment__entry", "assignment__member__user"
        ).order_by("pk")
    ]


def test_paper_scores_are_stored_as_submitted_sheets_and_audited(
    demo_contest, paper_jury, organiser
):
    content = score_sheet(
        ["HG-TP-1", "gk.binh", "32,5", "20", "18.5", "7", "Rõ thông điệp"],
        ["hg-tp-1", "gk.dung", 30, 21, 19, 8, ""],
    )

    result = import_scores(content, "phieu.csv", contest=demo_contest, by=organiser)

    assert result == Imported(created=2, updated=0)
    assert stored_sheets() == [
        ("HG-TP-1", "gk.binh", "submitted", GOOD, "Rõ thông điệp"),
        (
            "HG-TP-1",
            "gk.dung",
            "submitted",
            {"content": 30, "creativity": 21, "technique": 19, "reach": 8},
            "",
        ),
    ]
    events = AuditEvent.objects.filter(action="scores.submit")
    assert events.count() == 2
    assert {e.actor for e in events} == {organiser}
    assert all(e.reason == "paper scores imported from phieu.csv" for e in events)


def test_paper_scores_read_vietnamese_headings_and_criterion_names(
    demo_contest, paper_jury, organiser
):
    header = [
        "Mã clip",
        "Giám khảo",
        "Nội dung, tư tưởng, tính thuyết phục",
        "Sáng tạo",
        "Kỹ thuật, hình ảnh, âm thanh",
        "Sức lan tỏa",
        "Nhận xét",
    ]
    content = xlsx_bytes([header, ["HG-QB-1", "gk.an", 32.5, 20, 18.5, 7, "Tốt"]])

    assert import_scores(content, "phieu.xlsx", contest=demo_contest, by=organiser) == Imported(
        created=1, updated=0
    )
    assert stored_sheets() == [("HG-QB-1", "gk.an", "submitted", GOOD, "Tốt")]


def test_paper_scores_replace_a_members_draft_and_count_it_as_updated(
    demo_contest, paper_jury, organiser
):
    binh = paper_jury["gk.binh"]
    save_scores(
        assignment=assignment_of(binh, "HG-TP-1"),
        points={"content": 10},
        comment="",
        submit=False,
        by=binh.user,
    )

    result = import_scores(
        score_sheet(["HG-TP-1", "gk.binh", "32.5", "20", "18.5", "7", ""]),
        "phieu.csv",
        contest=demo_contest,
        by=organiser,
    )

    assert result == Imported(created=0, updated=1)
    assert stored_sheets() == [("HG-TP-1", "gk.binh", "submitted", GOOD, "")]


def test_paper_scores_are_all_or_nothing_and_each_problem_names_its_row(
    demo_contest, paper_jury, organiser
):
    rows = [
        ["HG-TP-1", "gk.binh", "32.5", "20", "18.5", "7", ""],  # 2: fine
        ["HG-TP-2", "gk.binh", "41", "20", "18.5", "7", ""],  # 3: above 40
        ["HG-TP-3", "gk.binh", "30", "-1", "18.55", "", ""],  # 4: negative, 2 decimals, empty
        ["HG-ZZ-9", "gk.binh", "30", "20", "18", "7", ""],  # 5: unknown clip
        ["HG-TP-1", "gk.ai", "30", "20", "18", "7", ""],  # 6: unknown judge
        ["HG-TP-1", "gk.an", "30", "20", "18", "7", ""],  # 7: An's own unit, not assigned
        ["HG-MV-1", "gk.dung", "30", "20", "18", "7", ""],  # 8: ineligible, not assigned
        ["HG-TP-1", "gk.binh", "30", "20", "18", "7", ""],  # 9: same sheet as row 2
    ]

    with pytest.raises(ImportFailed) as caught:
        import_scores(score_sheet(*rows), "phieu.csv", contest=demo_contest, by=organiser)

    assert where(caught.value.problems) == [
        (3, "content"),
        (4, "creativity"),
        (4, "technique"),
        (4, "reach"),
        (5, "entry"),
        (6, "judge"),
        (7, "entry"),
        (8, "entry"),
        (9, "entry"),
    ]
    messages = {(p.row, p.column): p.message.en for p in caught.value.problems}
    assert messages[(3, "content")] == "must be between 0 and 40"
    assert messages[(4, "technique")] == "at most one decimal place (e.g. 7.5)"
    assert messages[(5, "entry")] == "the contest has no entry 'HG-ZZ-9'"
    assert messages[(6, "judge")] == "'gk.ai' is not a member of the contest's jury"
    assert messages[(7, "entry")] == "clip HG-TP-1 is not assigned to jury member gk.an"
    assert (
        messages[(9, "entry")]
        == "jury member gk.binh's scores for clip HG-TP-1 are already on row 2"
    )
    assert not ScoreSheet.objects.exists() and not CriterionScore.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="scores.").exists()


def test_paper_scores_are_refused_once_the_results_are_finalised(
    demo_contest, paper_jury, organiser
):
    finalise_results(contest=demo_contest, by=organiser, reason="Đã họp")

    with pytest.raises(ImportFailed) as caught:
        import_scores(
            score_sheet(["HG-TP-1", "gk.binh", "32.5", "20", "18.5", "7", ""]),
            "phieu.csv",
            contest=demo_contest,
            by=organiser,
        )

    assert where(caught.value.problems) == [(None, None)]
    assert "finalised" in caught.value.problems[0].message.en
    assert not ScoreSheet.objects.exists()


def test_paper_scores_need_a_staff_member(demo_contest, paper_jury):
    from clipcontest.judging.services import JudgingRefused

    judge = ensure_account(username="khach", password=PASSWORD, role=Role.JURY_MEMBER)
    with pytest.raises(JudgingRefused):
        import_scores(
            score_sheet(["HG-TP-1", "gk.binh", "32.5", "20", "18.5", "7", ""]),
            "phieu.csv",
            contest=demo_contest,
            by=judge,
        )
    assert not ScoreSheet.objects.exists()
