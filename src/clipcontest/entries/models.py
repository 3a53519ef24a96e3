"""Entries (a unit's clip, by the link of its post) and the official letters that list them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest
from clipcontest.units.models import Person, Unit

from .links import Platform

PLATFORM_CHOICES = [(platform.value, platform.label) for platform in Platform]


class DurationSource(models.TextChoices):
    """Where a duration came from, so an organiser knows how far to trust it."""

    IMPORTED = "imported", _("given by the unit")
    FETCHED = "fetched", _("read from the post")
    PROBED = "probed", _("measured from the file")
    VERIFIED = "verified", _("verified by an organiser")


class Entry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="entries")
    ref = models.CharField(_("reference"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("link as given"), max_length=2048)
    platform = models.CharField(_("platform"), max_length=20, choices=PLATFORM_CHOICES)
    # Empty until a short link (fb.watch, vm.tiktok.com) is resolved by fetching it.
    video_id = models.CharField(_("video id"), max_length=64, blank=True)
    canonical_url = models.CharField(_("canonical link"), max_length=300)
    genre = models.CharField(_("genre"), max_length=40)
    theme = models.CharField(_("theme"), max_length=60)
    duration_seconds = models.DecimalField(
        _("duration (s)"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    duration_source = models.CharField(
        _("duration source"), max_length=20, choices=DurationSource, blank=True
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    authors = models.ManyToManyField(
        Person, through="EntryAuthor", related_name="entries", verbose_name=_("authors")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["contest", "unit__code", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "ref"], name="entry_ref_unique"),
            # One unit never enters the same video twice; the same video from two units is
            # stored and flagged by the eligibility engine for the organisers to decide.
            models.UniqueConstraint(
                fields=["contest", "unit", "canonical_url"], name="entry_video_unique_per_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_seconds__isnull=True)
                | models.Q(duration_seconds__gte=0),
                name="entry_duration_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["contest", "canonical_url"])]

    def __str__(self) -> str:
        return f"{self.ref} — {self.title}"

    @property
    def author_names(self) -> list[str]:
        return [link.person.name for link in self.author_links.all()]


class EntryAuthor(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="author_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="author_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("author of an entry")
        verbose_name_plural = _("authors of entries")
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "person"], name="entry_author_unique"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class OfficialLetter(models.Model):
    """The công văn in which a unit lists its clips to the organising committee."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="letters")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="letters")
    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date of the letter"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    entries = models.ManyToManyField(Entry, related_name="letters", verbose_name=_("clips listed"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official letter")
        verbose_name_plural = _("official letters")
        ordering = ["contest", "unit__code", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "unit", "number"], name="letter_number_unique_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.unit.code})"
