"""What the organisers' review pages read: clips sharing a video, a clip's decisions, history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from clipcontest.contests.models import Contest
from clipcontest.eligibility.overrides import standing_entries_by_video
from clipcontest.eligibility.queries import entry_facts
from clipcontest.entries.models import Entry, FindingOverride


@dataclass(frozen=True)
class DuplicateGroup:
    """The clips of one video, in submission order, and the one of them that counts."""

    canonical_url: str
    entries: tuple[Entry, ...]
    standing: Entry
    chosen: bool  # an organiser chose it; otherwise it stands as the earliest submission

    @property
    def units(self) -> list[str]:
        return sorted({entry.unit.code for entry in self.entries})


def duplicate_groups(contest: Contest) -> list[DuplicateGroup]:
    """Every video entered more than once (withdrawn clips aside), earliest first; one query.

    Which clip stands is decided by the eligibility engine's own rule, so this page and the
    findings never disagree.
    """
    active = Entry.objects.filter(contest=contest, withdrawn_at__isnull=True)
    shared = (
        active.order_by()
        .values("canonical_url")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("canonical_url")
    )
    entries = list(
        active.filter(canonical_url__in=shared)
        .select_related("unit")
        .order_by("canonical_url", "submitted_at", "ref")
    )
    by_video: dict[str, list[Entry]] = {}
    for entry in entries:
        by_video.setdefault(entry.canonical_url, []).append(entry)
    standing = standing_entries_by_video(entry_facts(e, e.unit.code) for e in entries)
    groups = []
    for url, members in by_video.items():
        ref = standing[url].ref
        chosen = next(e for e in members if e.ref == ref)
        groups.append(DuplicateGroup(url, tuple(members), chosen, chosen.stands_for_video))
    return sorted(groups, key=lambda g: (g.entries[0].submitted_at, g.entries[0].ref))


def overrides_of(entry: Entry) -> QuerySet[FindingOverride]:
    """Every override of the clip's findings, active and withdrawn, newest first."""
    return entry.finding_overrides.select_related("by", "withdrawn_by").order_by("-at", "-pk")
