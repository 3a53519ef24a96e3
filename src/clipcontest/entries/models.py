"""Entries (a unit's clip, by the link of its post) and the official letters that list them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest
from clipcontest.units.models import Person, Unit

from .links import Platform

PLATFORM_CHOICES = [(platform.value, platform.label) for platform in Platform]


class DurationSource(models.TextChoices):
    """Where a duration came from, so an organiser knows how far to trust it."""

    IMPORTED = "imported", _("imported by the organisers")
    UNIT = "unit", _("typed by the unit, not verified")
    FETCHED = "fetched", _("read from the post")
    PROBED = "probed", _("measured from the file")
    VERIFIED = "verified", _("verified by an organiser")


class PostedAtSource(models.TextChoices):
    """Where a posting date came from; a date an organiser verified is trusted over the post's."""

    IMPORTED = "imported", _("imported by the organisers")
    UNIT = "unit", _("given by the unit, not verified")
    FETCHED = "fetched", _("read from the post")
    VERIFIED = "verified", _("verified by an organiser")


class DisqualificationGround(models.TextChoices):
    """Why the organisers took a clip out of the contest; the unit sees it with the reason.

    The labels are gettext ids (the page's language); the eligibility messages carry the same
    grounds in both languages at once (``clipcontest.eligibility.messages.GROUNDS``).
    """

    OFF_TOPIC = "off_topic", _("off topic")
    COPYRIGHT = "copyright", _("copyright complaint")
    POST_DELETED = "post_deleted", _("post deleted")
    DUPLICATE = "duplicate", _("duplicate")
    OTHER = "other", _("other")


class FetchState(models.TextChoices):
    """Where reading the post's details (yt-dlp) stands; the form never waits for it."""

    PENDING = "pending", _("not fetched yet")
    QUEUED = "queued", _("queued")
    FETCHING = "fetching", _("fetching")
    DONE = "done", _("fetched")
    FAILED = "failed", _("fetch failed")


# The extensions a video keeps; any other name ("clip.mp4\u202egnp.exe") is stored without one.
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".3gp", ".ts"})


def video_upload_path(entry: Entry, filename: str) -> str:
    """Files are stored under the contest and unit, with the user's name kept only as a suffix."""
    from pathlib import PurePath

    from django.utils.crypto import get_random_string

    suffix = PurePath(filename).suffix.lower()
    suffix = suffix if suffix in VIDEO_SUFFIXES else ""
    return f"videos/{entry.contest.slug}/{entry.unit.code}/{get_random_string(16)}{suffix}"


def group_screenshot_path(entry: Entry, filename: str) -> str:
    """Private like the videos: served only to the organisers and the clip's own unit."""
    from pathlib import PurePath

    from django.utils.crypto import get_random_string

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"group-shares/{entry.contest.slug}/{entry.unit.code}/{get_random_string(16)}{suffix}"


def letter_scan_path(letter: OfficialLetter, filename: str) -> str:
    from pathlib import PurePath

    from django.utils.crypto import get_random_string

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"letters/{letter.contest.slug}/{letter.unit.code}/{get_random_string(16)}{suffix}"


class Entry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="entries")
    ref = models.CharField(_("reference"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    # A clip still to be posted may be entered by its file alone: then url and platform are
    # empty, canonical_url is "file:<random>" and eligibility reports the missing link.
    url = models.CharField(_("link as given"), max_length=2048, blank=True)
    platform = models.CharField(_("platform"), max_length=20, choices=PLATFORM_CHOICES, blank=True)
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
    posted_at_source = models.CharField(
        _("posting date source"), max_length=20, choices=PostedAtSource, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    authors = models.ManyToManyField(
        Person, through="EntryAuthor", related_name="entries", verbose_name=_("authors")
    )
    # The plan makes each unit responsible for the clip's content and copyright.
    rights_confirmed = models.BooleanField(_("the unit holds the rights"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    video_file = models.FileField(
        _("video file"), upload_to=video_upload_path, max_length=300, blank=True
    )
    # What fetching the post found (yt-dlp); kept apart from what the unit typed.
    fetch_state = models.CharField(
        _("fetch state"), max_length=20, choices=FetchState, default=FetchState.PENDING
    )
    fetch_error = models.TextField(_("why the fetch failed"), blank=True)
    fetch_attempts = models.PositiveSmallIntegerField(_("fetch attempts"), default=0)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    post_title = models.CharField(_("title of the post"), max_length=500, blank=True)
    uploader = models.CharField(_("posted by"), max_length=300, blank=True)
    thumbnail_url = models.URLField(_("thumbnail"), max_length=1000, blank=True)
    available = models.BooleanField(_("post available"), null=True, blank=True)
    availability_checked_at = models.DateTimeField(
        _("availability checked at"), null=True, blank=True
    )
    # The organisers' review (``clipcontest.review``): a disqualified clip stays stored and
    # visible to its unit with the ground and the reason; restoring clears all four.
    disqualified_at = models.DateTimeField(_("disqualified at"), null=True, blank=True)
    disqualified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disqualified by"),
    )
    disqualification_ground = models.CharField(
        _("ground for disqualification"), max_length=20, choices=DisqualificationGround, blank=True
    )
    disqualification_reason = models.TextField(_("reason for disqualification"), blank=True)
    # Among clips of one canonical video, the one the organisers chose to count; without a
    # choice the earliest submission stands.
    stands_for_video = models.BooleanField(_("chosen to stand for its video"), default=False)
    # The plan (Kế hoạch mục IV.2): the unit shares its post into the provincial Facebook
    # group. Its proof is the share's link (``group_links.py``) or, for a private group, a
    # screenshot; an organiser may mark it verified, which a new link or screenshot undoes.
    group_post_url = models.CharField(
        _("link of the share in the group, as given"), max_length=2048, blank=True
    )
    group_post_canonical = models.CharField(
        _("canonical link of the share in the group"), max_length=300, blank=True
    )
    group_post_screenshot = models.FileField(
        _("screenshot of the share in the group"),
        upload_to=group_screenshot_path,
        max_length=300,
        blank=True,
    )
    group_share_verified_at = models.DateTimeField(
        _("share in the group verified at"), null=True, blank=True
    )
    group_share_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("share in the group verified by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["contest", "unit__code", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "ref"], name="entry_ref_unique"),
            # One unit never enters the same video twice (a withdrawn entry does not count);
            # the same video from two units is stored and flagged by the eligibility engine.
            models.UniqueConstraint(
                fields=["contest", "unit", "canonical_url"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="entry_video_unique_per_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(duration_seconds__isnull=True)
                | models.Q(duration_seconds__gte=0),
                name="entry_duration_not_negative",
            ),
            # A disqualification always says on which ground.
            models.CheckConstraint(
                condition=models.Q(disqualified_at__isnull=True, disqualification_ground="")
                | (models.Q(disqualified_at__isnull=False) & ~models.Q(disqualification_ground="")),
                name="entry_disqualification_has_ground",
            ),
            # At most one clip stands for a video, whichever units entered it.
            models.UniqueConstraint(
                fields=["contest", "canonical_url"],
                condition=models.Q(stands_for_video=True, withdrawn_at__isnull=True),
                name="one_standing_entry_per_video",
            ),
        ]
        indexes = [models.Index(fields=["contest", "canonical_url"])]

    def __str__(self) -> str:
        return f"{self.ref} — {self.title}"

    @property
    def author_names(self) -> list[str]:
        return [link.person.name for link in self.author_links.all()]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_disqualified(self) -> bool:
        return self.disqualified_at is not None

    @property
    def has_group_share(self) -> bool:
        """The unit gave some proof of sharing the clip into the contest's group."""
        return bool(self.group_post_canonical or self.group_post_url or self.group_post_screenshot)


class FindingOverride(models.Model):
    """An organiser's decision that one finding of one clip does not count, and why.

    Never deleted: withdrawing an override keeps the row (who, when, why), so the clip's history
    shows every decision taken on it. At most one override of a finding is active at a time.
    """

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="finding_overrides")
    code = models.CharField(_("finding"), max_length=60)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    at = models.DateTimeField(_("overridden at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdraw_reason = models.TextField(_("why it was withdrawn"), blank=True)

    class Meta:
        verbose_name = _("finding override")
        verbose_name_plural = _("finding overrides")
        ordering = ["entry", "-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "code"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_override_per_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry.ref}: {self.code}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class EngagementSnapshot(models.Model):
    """The counts a post showed at one moment; the one taken at the close is the record."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(_("taken at"))
    views = models.PositiveBigIntegerField(_("views"), null=True, blank=True)
    likes = models.PositiveBigIntegerField(_("likes"), null=True, blank=True)
    comments = models.PositiveBigIntegerField(_("comments"), null=True, blank=True)
    is_record = models.BooleanField(_("frozen at the close of submissions"), default=False)

    class Meta:
        verbose_name = _("engagement snapshot")
        verbose_name_plural = _("engagement snapshots")
        ordering = ["entry", "taken_at"]
        constraints = [
            # Later growth, bought or not, never replaces the counts frozen at the close.
            models.UniqueConstraint(
                fields=["entry"], condition=models.Q(is_record=True), name="one_record_per_entry"
            ),
        ]
        indexes = [models.Index(fields=["entry", "-taken_at"])]

    def __str__(self) -> str:
        return f"{self.entry.ref} @ {self.taken_at:%Y-%m-%d %H:%M}"


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
    # What the generated letter says besides its clips (the Party document layout).
    place = models.CharField(_("place of issue"), max_length=100, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_is_deputy = models.BooleanField(_("signed by a deputy head"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    scan = models.FileField(
        _("signed scan"), upload_to=letter_scan_path, max_length=300, blank=True
    )
    scan_uploaded_at = models.DateTimeField(_("scan uploaded at"), null=True, blank=True)
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
