"""A jury member's scores: bounds per criterion, drafts and submissions, locked once the
results are finalised; every change audited."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from clipcontest.audit.services import record
from clipcontest.common.text import Text
from clipcontest.contests.models import Criterion

from .models import Assignment, CriterionScore, ScoreSheet
from .services import JudgingRefused, lock_contest, refuse_if_locked

ONE_DECIMAL = Decimal("0.1")
NOT_YOUR_CLIP = Text(
    vi="Clip này không được phân công cho bạn chấm.", en="This clip is not assigned to you."
)
STILL_A_DRAFT_AFTER_SUBMIT = Text(
    vi="Phiếu chấm đã gửi không thể trở lại bản nháp; hãy gửi lại với điểm đã sửa.",
    en="A submitted score sheet cannot go back to a draft; submit the corrected scores instead.",
)
SCORES_INVALID = Text(vi="Điểm chưa hợp lệ: {details}", en="Some scores are not valid: {details}")
NOT_A_NUMBER = Text(vi="{value!r} không phải là số", en="{value!r} is not a number")
OUT_OF_BOUNDS = Text(vi="phải từ 0 đến {max_vi}", en="must be between 0 and {max_en}")
TOO_PRECISE = Text(
    vi="chỉ lấy tối đa một chữ số thập phân (ví dụ 7,5)",
    en="at most one decimal place (e.g. 7.5)",
)
MISSING_TO_SUBMIT = Text(
    vi="cần chấm tiêu chí này trước khi gửi", en="required before the sheet is submitted"
)
UNKNOWN_CRITERION = Text(
    vi="không phải tiêu chí chấm của cuộc thi", en="not one of the contest's criteria"
)


class ScoresInvalid(JudgingRefused):
    """Scores outside their bounds; ``problems`` maps each criterion key to what is wrong."""

    def __init__(self, problems: dict[str, Text]) -> None:
        self.problems = problems
        details = {
            language: "; ".join(
                f"{key}: {getattr(text, language)}" for key, text in problems.items()
            )
            for language in ("vi", "en")
        }
        super().__init__(
            Text(
                vi=SCORES_INVALID.vi.format(details=details["vi"]),
                en=SCORES_INVALID.en.format(details=details["en"]),
            )
        )


# --- ----------------------------------------------------------------------------------


@transaction.atomic
def save_scores(
    *,
    assignment: Assignment,
    points: Mapping[str, Decimal | int | str | None],
    comment: str,
    submit: bool,
    by: Any,
) -> ScoreSheet:
    """The member's scores for one clip, as a draft or submitted.

    ``points`` is the whole sheet by criterion key: a criterion left out (or None) is cleared.
    A draft may be partial; submitting needs every criterion. A submitted sheet can be
    corrected by submitting again until the results are finalised, but never goes back to a
    draft, so a score the organisers have seen in the ranking does not silently disappear.
    """
    assignment = Assignment.objects.select_related("member__contest", "member__user", "entry").get(
        pk=assignment.pk
    )
    if getattr(by, "pk", None) != assignment.member.user_id:
        raise JudgingRefused(NOT_YOUR_CLIP)
    contest = assignment.member.contest
    lock_contest(contest)
    refuse_if_locked(contest)
    cleaned, problems = points_problems(
        list(contest.criteria.order_by("position")), points, complete=submit
    )
    if problems:
        raise ScoresInvalid(problems)
    sheet, _ = store_sheet(
        assignment=assignment, points=cleaned, comment=comment, submit=submit, by=by
    )
    return sheet


def parse_points(value: Decimal | int | str) -> Decimal:
    """A score as people write it: ``7.5`` or ``7,5`` (the Vietnamese decimal comma)."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise JudgingRefused(NOT_A_NUMBER.format(value=str(value))) from None
    if not number.is_finite():
        raise JudgingRefused(NOT_A_NUMBER.format(value=str(value)))
    return number


def points_problems(
    criteria: list[Criterion],
    points: Mapping[str, Decimal | int | str | None],
    *,
    complete: bool,
) -> tuple[dict[str, Decimal], dict[str, Text]]:
    """The points by criterion key, and what is wrong with them (empty when nothing).

    Each score lies in 0..max_points with at most one decimal place; ``complete`` (a sheet to
    submit) also needs every criterion.
    """
    by_key = {criterion.key: criterion for criterion in criteria}
    cleaned: dict[str, Decimal] = {}
    problems: dict[str, Text] = {}
    for key, value in points.items():
        if key not in by_key:
            problems[key] = UNKNOWN_CRITERION
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            number = parse_points(value)
        except JudgingRefused as refusal:
            problems[key] = refusal.message
            continue
        limit = by_key[key].max_points
        if not 0 <= number <= limit:
            problems[key] = OUT_OF_BOUNDS.format(
                max_vi=_points_text(limit).replace(".", ","), max_en=_points_text(limit)
            )
        elif number.quantize(ONE_DECIMAL) != number:
            problems[key] = TOO_PRECISE
        else:
            cleaned[key] = number.quantize(ONE_DECIMAL).copy_abs()  # "-0" is 0.0
    if complete:
        for key in by_key:
            if key not in cleaned and key not in problems:
                problems[key] = MISSING_TO_SUBMIT
    return cleaned, problems


def _points_text(value: Decimal) -> str:
    return f"{value:f}".removesuffix(".0")


def store_sheet(
    *,
    assignment: Assignment,
    points: dict[str, Decimal],
    comment: str,
    submit: bool,
    by: Any,
    reason: str = "",
) -> tuple[ScoreSheet, bool]:
    """Write checked points to the assignment's sheet and audit the change: (sheet, changed).

    The caller holds the contest lock and has checked the points and the lock. Saving the
    same scores again changes nothing and records nothing.
    """
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    before = _sheet_state(sheet) if sheet else None
    status = ScoreSheet.Status.SUBMITTED if submit else ScoreSheet.Status.DRAFT
    if sheet is not None and sheet.status == ScoreSheet.Status.SUBMITTED and not submit:
        raise JudgingRefused(STILL_A_DRAFT_AFTER_SUBMIT)
    comment = comment.strip()
    wanted = {"status": str(status), "comment": comment, "points": _as_text(points)}
    if before is not None and before == wanted:
        return sheet, False
    if sheet is None:
        sheet = ScoreSheet(assignment=assignment)
    sheet.status, sheet.comment = status, comment
    if submit:
        sheet.submitted_at = timezone.now()
    sheet.save()
    criteria = {c.key: c for c in assignment.member.contest.criteria.all()}
    CriterionScore.objects.filter(sheet=sheet).delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(sheet=sheet, criterion=criteria[key], points=value)
        for key, value in points.items()
    )
    context = {"entry": assignment.entry.ref, "judge": assignment.member.user.username}
    record(
        action="scores.submit" if submit else "scores.save",
        obj=sheet,
        actor=by,
        contest=assignment.member.contest,
        before={**context, **before} if before else None,
        after={**context, **wanted},
        reason=reason,
    )
    return sheet, True


def _sheet_state(sheet: ScoreSheet) -> dict[str, object]:
    points = {s.criterion.key: s.points for s in sheet.scores.select_related("criterion")}
    return {"status": sheet.status, "comment": sheet.comment, "points": _as_text(points)}


def _as_text(points: Mapping[str, Decimal]) -> dict[str, str]:
    """Points as JSON keeps them exactly: strings, not floats, in criterion-key order."""
    return {
        key: f"{Decimal(value).quantize(ONE_DECIMAL):f}" for key, value in sorted(points.items())
    }
