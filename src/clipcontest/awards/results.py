"""A contest's results as the organisers, the CLI and the documents see them.

:func:`contest_results` reads everything the ranking needs in a fixed number of queries (the
rubric, the eligible clips with their unit and submission time, the counts frozen at the close,
the assignments and the submitted sheets), then calls the pure rules: ``ranking.rank_clips``
and ``allocation.allocate``. Nothing here decides anything the rules do not.

Scores leave this module in one shape only: ``round_score`` (2 decimals, half up). The JSON
output gives them as JSON numbers (``87.5`` for 87.50): a float built from the 2-decimal
Decimal, which prints back as the same 2-decimal value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import IntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast, Round

from clipcontest.common.text import Text
from clipcontest.contests.models import Contest, Criterion, PrizeTier
from clipcontest.eligibility.queries import contest_report
from clipcontest.eligibility.rules import ContestReport
from clipcontest.entries.models import EngagementSnapshot, Entry
from clipcontest.judging.models import Assignment, CriterionScore, JuryMember, ScoreSheet
from clipcontest.judging.queries import results_locked
from clipcontest.judging.ranking import (
    ClipFacts,
    ClipResult,
    EngagementRule,
    Results,
    Score,
    rank_clips,
    round_score,
)
from clipcontest.judging.ranking import Criterion as RubricLine

from . import allocation as awards


@dataclass(frozen=True)
class ContestResults:
    """The ranking, the prizes and what the pages need to name things.

    ``titles`` and ``judges`` (username -> name) are for display; ``criteria`` and ``tiers``
    are the contest's rows in rubric and rank order; ``scores`` the submitted sheets ranked.
    """

    contest: Contest
    results: Results
    allocation: awards.Allocation
    finalised: bool
    criteria: tuple[Criterion, ...] = ()
    tiers: tuple[PrizeTier, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    judges: dict[str, str] = field(default_factory=dict)
    scores: tuple[Score, ...] = ()

    def sheets_of(self, ref: str) -> list[Score]:
        """The submitted sheets of one clip, by username."""
        return [score for score in self.scores if score.ref == ref]

    def award(self, ref: str) -> awards.Award | None:
        return next((a for a in self.allocation.awards if a.ref == ref), None)

    def tier(self, key: str | None) -> PrizeTier | None:
        return next((tier for tier in self.tiers if tier.key == key), None)

    def rows(self) -> list[tuple[ClipResult, awards.Award]]:
        """The ranked clips with their awards, in rank order."""
        return list(zip(self.results.ranking, self.allocation.awards, strict=True))

    def as_json(self) -> dict[str, Any]:
        return {
            "contest": self.contest.slug,
            "method": self.results.method,
            "finalised": self.finalised,
            "ranking": [
                {
                    "rank": clip.rank,
                    "ref": clip.ref,
                    "unit": clip.unit,
                    "score": score_number(clip.score),
                    "prize": award.tier_key,
                    "amount": award.amount,
                }
                for clip, award in self.rows()
            ],
            "unranked": [
                {
                    "ref": u.ref,
                    "unit": u.unit,
                    "reasons": list(u.reasons),
                    "missing": list(u.missing),
                }
                for u in self.results.unranked
            ],
            "unused_prizes": [
                {"prize": unused.tier_key, "count": unused.count}
                for unused in self.allocation.unused
            ],
            "prizes_total": self.allocation.total,
        }


def score_number(score: Decimal | None) -> float | None:
    """A score as a JSON number: rounded half up to 2 decimals first, then a float."""
    return None if score is None else float(round_score(score))


def contest_results(contest: Contest, *, report: ContestReport | None = None) -> ContestResults:
    """Rank the contest's clips and hand out its prizes, from what is stored now.

    ``report``: the contest's eligibility report when the caller has already made it (the
    summary report and the public page show it too), so it is not worked out twice.
    """
    criteria = tuple(contest.criteria.order_by("position"))
    tiers = tuple(contest.prize_tiers.order_by("position"))
    clips = _clips(contest, report or contest_report(contest))
    entries = {
        pk: (ref, title)
        for pk, ref, title in Entry.objects.filter(contest=contest).values_list(
            "pk", "ref", "title"
        )
    }
    members = _members(contest)
    refs = {clip.ref for clip in clips}
    assignments: dict[str, set[str]] = {}
    pairs = Assignment.objects.filter(member__contest=contest).values_list("entry_id", "member_id")
    for entry_id, member_id in pairs:
        ref = entries[entry_id][0]
        if ref in refs:  # a withdrawn clip is not in the round at all
            assignments.setdefault(ref, set()).add(members[member_id][0])
    scores = _submitted_sheets(contest, criteria, entries, members, refs)
    results = rank_clips(
        [_criterion(c) for c in criteria],
        clips,
        scores,
        {ref: frozenset(judges) for ref, judges in assignments.items()},
        method=contest.combine,
        engagement=engagement_rule(contest),
        tie_break=contest.tie_break or None,
    )
    allocation = awards.allocate(
        results.ranking,
        [_tier(tier) for tier in tiers],
        per_unit_cap=contest.prize_cap_per_unit,
        min_score=contest.prize_min_score,
    )
    return ContestResults(
        contest=contest,
        results=results,
        allocation=allocation,
        finalised=results_locked(contest),
        criteria=criteria,
        tiers=tiers,
        titles=dict(entries.values()),
        judges=dict(members.values()),
        scores=tuple(scores),
    )


def engagement_rule(contest: Contest) -> EngagementRule | None:
    """The rules file's engagement component, or None when it has none (2022)."""
    if contest.engagement_weight is None or contest.engagement_jury_weight is None:
        return None
    return EngagementRule(
        jury_weight=contest.engagement_jury_weight,
        engagement_weight=contest.engagement_weight,
        per_view=contest.engagement_per_view,
        per_like=contest.engagement_per_like,
        per_comment=contest.engagement_per_comment,
        per_share=contest.engagement_per_share,
    )


def _clips(contest: Contest, report: ContestReport) -> list[ClipFacts]:
    """Every active clip with its eligibility now and the counts frozen at the close."""
    counts = {
        ref: (views, likes, comments)
        for ref, views, likes, comments in EngagementSnapshot.objects.filter(
            entry__contest=contest, is_record=True
        ).values_list("entry__ref", "views", "likes", "comments")
    }
    clips = []
    for verdict in report.entries:
        facts = verdict.entry
        views, likes, comments = counts.get(facts.ref, (None, None, None))
        clips.append(
            ClipFacts(
                ref=facts.ref,
                unit=facts.unit,
                submitted_at=facts.submitted_at,
                eligible=verdict.eligible,
                views=views,
                likes=likes,
                comments=comments,
            )
        )
    return clips


def _members(contest: Contest) -> dict[int, tuple[str, str]]:
    """Each jury member's (username, name to show), by member id."""
    members = JuryMember.objects.filter(contest=contest).select_related("user")
    return {member.pk: (member.user.get_username(), str(member)) for member in members}


def _submitted_sheets(
    contest: Contest,
    criteria: tuple[Criterion, ...],
    entries: dict[int, tuple[str, str]],
    members: dict[int, tuple[str, str]],
    refs: set[str],
) -> list[Score]:
    """The submitted sheets of the clips in the round, by ref then username, in two queries.

    One row per sheet, its points side by side in rubric order. Points are stored with one
    decimal: they are read as whole tenths, without Django's per-value conversion, and turned
    back into the very Decimal the field gives (``Decimal("7.5")``, ``Decimal("8.0")``) once
    per distinct value. Drafts do not count.
    """
    keys = [row.key for row in criteria]
    sheets = ScoreSheet.objects.filter(
        status=ScoreSheet.Status.SUBMITTED, assignment__member__contest=contest
    ).values_list("pk", "assignment__entry_id", "assignment__member_id")
    # Grouped by sheet alone, without joins: the contest's criteria pick its scores (drafts too,
    # dropped below), which is much cheaper for the database than joining every score.
    tenths = {
        f"c{index}": Cast(Round(Max("points", filter=Q(criterion=row.pk)) * 10), IntegerField())
        for index, row in enumerate(criteria)
    }
    points_by_sheet = (
        CriterionScore.objects.filter(criterion__in=[row.pk for row in criteria])
        .values("sheet_id")
        .annotate(**tenths)
        .values_list("sheet_id", *tenths)
    )
    if not criteria:
        return []
    owners = {pk: (entry_id, member_id) for pk, entry_id, member_id in _raw(sheets)}
    decimals: dict[int, Decimal] = {}
    scores = []
    for sheet_id, *values in _raw(points_by_sheet):
        entry_id, member_id = owners.get(sheet_id, (None, None))
        ref = entries[entry_id][0] if entry_id is not None else None
        if ref not in refs:  # a draft, another contest's sheet, a withdrawn clip
            continue
        points = {}
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                point = decimals.get(value)
                if point is None:
                    point = decimals[value] = Decimal(value).scaleb(-1)
                points[key] = point
        if points:  # a sheet submitted with no points at all is no sheet
            scores.append(Score(ref=ref, judge=members[member_id][0], points=points))
    scores.sort(key=lambda score: (score.ref, score.judge))
    return scores


def _raw(rows: QuerySet) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the driver gives them: ints, no per-value conversion."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _criterion(row: Criterion) -> RubricLine:
    return RubricLine(key=row.key, max_points=Decimal(row.max_points))


def _tier(row: PrizeTier) -> awards.PrizeTier:
    return awards.PrizeTier(
        key=row.key,
        name=Text(vi=row.name, en=row.name_en or row.name),
        count=row.count,
        amount=row.amount,
    )
