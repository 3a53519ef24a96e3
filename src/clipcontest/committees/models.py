"""The contest's three committees and the decisions that found them.

The plan (section IV.1) has the Propaganda Department found the organising committee (Ban Tổ
chức), which in turn founds the jury (Ban Giám khảo) and the secretariat (Tổ Thư ký). Who sits
on each, in which role and in which order is data the organisers edit; the decisions are
written from it (``documents.committees``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest
from clipcontest.judging.models import JuryMember


class Committee(models.TextChoices):
    ORGANISING = "organising", _("Organising committee")
    JURY = "jury", _("Jury")
    SECRETARIAT = "secretariat", _("Secretariat")


class CommitteeRole(models.TextChoices):
    """The role in the committee, in the order a decision lists them."""

    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CommitteeMember(models.Model):
    """One person on one committee, with the position printed beside their name.

    The jury is the one committee whose members already exist elsewhere: the jury accounts of
    the judging pages (``judging.JuryMember``), which hold a user and a unit but no position
    and no role in the committee. Rather than widen that model (owned by judging, and about
    scoring, not paperwork), a jury row here may point to its ``JuryMember`` and carries only
    what the decision adds: the position, the role, the order. Its name is then the account's,
    so the decision and the judging pages never name the same judge twice over. A jury
    account with no row here is still in the decision, as a plain member under its account's
    full name; a jury row with no account (someone who chairs but does not score) names itself.
    Removing a judge from the jury removes their row with them.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="committee_members")
    committee = models.CharField(_("committee"), max_length=20, choices=Committee)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position and workplace"), max_length=300, blank=True)
    role = models.CharField(
        _("role in the committee"),
        max_length=20,
        choices=CommitteeRole,
        default=CommitteeRole.MEMBER,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    jury_member = models.OneToOneField(
        JuryMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="committee_seat",
        verbose_name=_("jury account"),
    )

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["contest", "committee", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "committee"],
                condition=models.Q(role="head"),
                name="committee_has_one_head",
            ),
            models.CheckConstraint(
                condition=models.Q(jury_member__isnull=True) | models.Q(committee="jury"),
                name="committee_account_only_on_the_jury",
            ),
            models.CheckConstraint(
                condition=~models.Q(full_name="") | models.Q(jury_member__isnull=False),
                name="committee_member_is_named",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name printed in the decision: the jury account's, when the row has one."""
        if self.jury_member_id is not None:
            return str(self.jury_member)  # the account's full name, else its username
        return self.full_name


class FoundingDecision(models.Model):
    """The number and date of the decision founding one committee, once the office gives them.

    Who issues it is not stored: the plan fixes it (``plan.issued_by_organising_committee``).
    Until a number is set the decision leaves room to write it in by hand, as the award
    decision does.
    """

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="founding_decisions"
    )
    committee = models.CharField(_("committee"), max_length=20, choices=Committee)
    number = models.CharField(_("number"), max_length=10, blank=True)
    day = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("founding decision")
        verbose_name_plural = _("founding decisions")
        ordering = ["contest", "committee"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "committee"], name="one_founding_decision_per_committee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest.slug} {self.committee} {self.number or '-'}"
