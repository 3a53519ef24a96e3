"""A contest is data: one row per rules file, with its prize tiers and jury rubric.

The loaded rules file is kept verbatim (``rules_text``) so that what the software enforces can
always be traced back to the file the organisers approved.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import end_of_day, localise, start_of_day


class Contest(models.Model):
    class Combine(models.TextChoices):
        MEAN = "mean", _("mean of the judges' totals")
        TRIMMED_MEAN = "trimmed_mean", _("mean without the highest and lowest total")
        ZSCORE = "zscore", _("judges' totals standardised, rescaled to the rubric")

    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    organiser = models.CharField(_("organising body"), max_length=300)
    organiser_en = models.CharField(_("organising body in English"), max_length=300, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Ho_Chi_Minh")
    opens_on = models.DateField(_("submissions open on"))
    closes_on = models.DateField(_("submissions close on"))
    letter_deadline = models.DateField(_("official letters due on"))
    awards_month = models.CharField(_("awards month"), max_length=7, help_text="YYYY-MM")
    min_entries_per_unit = models.PositiveSmallIntegerField(_("minimum clips per unit"))
    min_seconds = models.DecimalField(_("minimum duration (s)"), max_digits=9, decimal_places=3)
    max_seconds = models.DecimalField(_("maximum duration (s)"), max_digits=9, decimal_places=3)
    platforms = models.JSONField(_("platforms"), default=list)
    genres = models.JSONField(_("genres"), default=list)
    themes = models.JSONField(_("themes"), default=list)
    facebook_group_id = models.CharField(_("Facebook group id"), max_length=64, blank=True)
    facebook_group_name = models.CharField(_("Facebook group name"), max_length=200, blank=True)
    facebook_group_url = models.URLField(_("Facebook group link"), blank=True)
    combine = models.CharField(
        _("how judges' totals combine"), max_length=20, choices=Combine, default=Combine.MEAN
    )
    blind_judging = models.BooleanField(_("blind judging"), default=True)
    tie_break = models.JSONField(_("tie-break criteria"), default=list)
    # Engagement blended into the jury's score (off when the weights are empty; off in 2022).
    engagement_jury_weight = models.DecimalField(
        _("weight of the jury's score"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    engagement_weight = models.DecimalField(
        _("weight of engagement"), max_digits=7, decimal_places=6, null=True, blank=True
    )
    engagement_per_view = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    engagement_per_like = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    engagement_per_comment = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    engagement_per_share = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    # Limits on who may take a prize (both off in 2022).
    prize_cap_per_unit = models.PositiveSmallIntegerField(
        _("at most this many prizes per unit"), null=True, blank=True
    )
    prize_min_score = models.DecimalField(
        _("minimum score for a prize"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    gallery = models.BooleanField(_("public gallery"), default=False)
    practice = models.BooleanField(
        _("practice run"),
        default=False,
        help_text=_("For training the units: never shown as the public contest."),
    )
    rules_text = models.TextField(_("rules file as loaded"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("closes_on")),
                name="contest_window_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(min_seconds__lte=models.F("max_seconds")),
                name="contest_durations_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(engagement_weight__isnull=True, engagement_jury_weight__isnull=True)
                    | models.Q(engagement_weight__gt=0, engagement_jury_weight__gt=0)
                ),
                name="contest_engagement_weights_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def opens_at(self) -> datetime:
        return start_of_day(self.opens_on, self.zone)

    @property
    def closes_at(self) -> datetime:
        """The last instant at which a clip may be submitted, edited or withdrawn."""
        return end_of_day(self.closes_on, self.zone)

    @property
    def letters_due_at(self) -> datetime:
        return end_of_day(self.letter_deadline, self.zone)

    def accepts_entries_at(self, moment: datetime) -> bool:
        """Units add, edit and withdraw clips only while the window is open."""
        return self.opens_at <= localise(moment, self.zone) <= self.closes_at

    def genre_name(self, key: str) -> str:
        return vocabulary_name(self.genres, key)

    def theme_name(self, key: str) -> str:
        return vocabulary_name(self.themes, key)


def vocabulary_name(items: list[dict], key: str) -> str:
    """A genre or theme key -> its name in the active language."""
    item = next((item for item in items if item.get("key") == key), None)
    return _vocabulary_label(item) if item else key


def vocabulary_choices(items: list[dict]) -> list[tuple[str, str]]:
    """A contest's genres or themes as form choices, named in the active language."""
    return [(item["key"], _vocabulary_label(item)) for item in items]


def _vocabulary_label(item: dict) -> str:
    from django.utils.translation import get_language

    english = (get_language() or "vi").startswith("en")
    return (item.get("name_en") if english else None) or item.get("name") or item["key"]


class PrizeTier(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prize_tiers")
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("rank order"))
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(_("number of prizes"))
    amount = models.PositiveBigIntegerField(_("amount each (VND)"))
    certificate = models.BooleanField(_("with a certificate"), default=True)

    class Meta:
        verbose_name = _("prize tier")
        verbose_name_plural = _("prize tiers")
        ordering = ["contest", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "key"], name="prize_tier_key_unique"),
            models.CheckConstraint(condition=models.Q(count__gt=0), name="prize_tier_count_pos"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total(self) -> int:
        return self.count * self.amount


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=1)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("jury criterion")
        verbose_name_plural = _("jury criteria")
        ordering = ["contest", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "key"], name="criterion_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Letterhead(models.Model):
    """Who issues the contest's documents and who signs them: data, because bodies get renamed.

    The Party layout puts the superior body and the issuing body at the top left, numbers a
    document "123-QĐ/BTGTU" with the body's abbreviation, and signs it as the head
    ("TRƯỞNG BAN") or for the head by a deputy ("K/T TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN").
    Organisers edit these (the provincial bodies were merged and renamed in 2025); the code
    never spells a body's name.
    """

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="letterhead")
    superior_body = models.CharField(_("superior body"), max_length=200, blank=True)
    body = models.CharField(_("issuing body"), max_length=200)
    abbreviation = models.CharField(_("abbreviation in document numbers"), max_length=40)
    place = models.CharField(_("place name in the date line"), max_length=100, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_is_deputy = models.BooleanField(_("signed by a deputy head"), default=False)
    head_title = models.CharField(_("title of the head"), max_length=100, default="TRƯỞNG BAN")
    deputy_title = models.CharField(
        _("title of a deputy head"), max_length=100, default="PHÓ TRƯỞNG BAN"
    )
    margin_top = models.DecimalField(
        _("top margin (mm)"), max_digits=4, decimal_places=1, default=20
    )
    margin_bottom = models.DecimalField(
        _("bottom margin (mm)"), max_digits=4, decimal_places=1, default=20
    )
    margin_left = models.DecimalField(
        _("left margin (mm)"), max_digits=4, decimal_places=1, default=30
    )
    margin_right = models.DecimalField(
        _("right margin (mm)"), max_digits=4, decimal_places=1, default=15
    )
    zero_tens = models.CharField(
        _("word for a zero tens digit in amounts"),
        max_length=4,
        choices=[("linh", "linh"), ("lẻ", "lẻ")],
        default="linh",
        help_text=_("105 is written 'một trăm linh năm' or 'một trăm lẻ năm'."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letterhead and signature")
        verbose_name_plural = _("letterheads and signatures")

    def __str__(self) -> str:
        return f"{self.body} ({self.contest.slug})"

    def authority_lines(self) -> list[str]:
        """The bold lines above the signature: the head signs in person, a deputy "K/T" (for)."""
        if self.signer_is_deputy:
            return [f"K/T {self.head_title}".upper(), self.deputy_title.upper()]
        return [self.head_title.upper()]
