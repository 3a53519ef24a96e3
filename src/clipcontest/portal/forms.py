"""Forms of the unit portal: they parse input; the rules live in the entry services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clipcontest.contests.models import Contest, vocabulary_choices
from clipcontest.entries.durations import DurationError, parse_duration
from clipcontest.entries.group_links import group_of
from clipcontest.entries.models import Entry
from clipcontest.entries.services import AuthorDraft, EntryDraft
from clipcontest.units.models import ParticipantCategory


class EntryForm(forms.Form):
    url = forms.CharField(
        label=_("Link of the post"),
        required=False,
        max_length=2048,
        help_text=_("Facebook, TikTok or YouTube: copy it from the post's Share button."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Title of the clip"), max_length=500)
    genre = forms.ChoiceField(label=_("Genre"))
    theme = forms.ChoiceField(label=_("Theme"))
    duration = forms.CharField(
        label=_("Duration"),
        required=False,
        max_length=20,
        help_text=_("Only if the post cannot be read: seconds, or m:ss. An organiser verifies it."),
    )
    video_file = forms.FileField(
        label=_("Video file"),
        required=False,
        help_text=_("For a clip still to be posted, or as evidence."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/*"}),
    )
    rights_confirmed = forms.BooleanField(
        label=_(
            "Our unit is responsible for this clip's content and holds the copyright to post it."
        ),
        required=False,
    )
    # The share into the contest's group (dropped when the rules name no group).
    group_post_url = forms.CharField(
        label=_("Link of the share in the contest's Facebook group"),
        required=False,
        max_length=2048,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    group_post_screenshot = forms.FileField(
        label=_("Screenshot of the share"),
        required=False,
        help_text=_("If the group is private: JPEG, PNG or WebP, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args, contest: Contest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["genre"].choices = vocabulary_choices(contest.genres)
        self.fields["theme"].choices = vocabulary_choices(contest.themes)
        self.group = group_of(contest)
        if self.group is None:
            del self.fields["group_post_url"], self.fields["group_post_screenshot"]
        else:
            self.fields["group_post_url"].help_text = _(
                "After posting, share the clip into the group “%(group)s”, open the share, "
                "click its time and copy the link from the address bar."
            ) % {"group": self.group.label}

    def clean_duration(self) -> Decimal | None:
        try:
            return parse_duration(self.cleaned_data.get("duration") or "")
        except DurationError as error:
            raise ValidationError(str(error.message)) from None

    def draft(self, authors: tuple[AuthorDraft, ...]) -> EntryDraft:
        data = self.cleaned_data
        return EntryDraft(
            title=data["title"],
            url=data.get("url") or "",
            genre=data["genre"],
            theme=data["theme"],
            authors=authors,
            duration_seconds=data.get("duration"),
            rights_confirmed=bool(data.get("rights_confirmed")),
            group_post_url=data.get("group_post_url") or "",
        )

    @classmethod
    def initial_for(cls, entry: Entry) -> dict[str, object]:
        from clipcontest.entries.durations import format_duration
        from clipcontest.entries.models import DurationSource

        typed = entry.duration_source == DurationSource.UNIT and entry.duration_seconds
        return {
            "url": entry.url,
            "title": entry.title,
            "genre": entry.genre,
            "theme": entry.theme,
            "duration": format_duration(entry.duration_seconds) if typed else "",
            "rights_confirmed": entry.rights_confirmed,
            "group_post_url": entry.group_post_url,
        }


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("Author's full name"), max_length=200, required=False)
    category = forms.ChoiceField(
        label=_("Participant category"),
        choices=[("", "—"), *ParticipantCategory.choices],
        required=False,
    )


AuthorFormSet = forms.formset_factory(AuthorForm, extra=0, max_num=20, absolute_max=20)


def author_formset(data=None, *, entry: Entry | None = None) -> forms.BaseFormSet:
    """At least three rows, and two empty ones after the existing authors."""
    initial = (
        [
            {"name": link.person.name, "category": link.person.category}
            for link in entry.author_links.select_related("person")
        ]
        if entry
        else []
    )
    rows = max(3, len(initial) + 2)
    initial += [{}] * (rows - len(initial))
    # Every row is read, even one left as it was shown (Django skips unchanged extra rows).
    return AuthorFormSet(
        data, initial=initial, prefix="authors", form_kwargs={"empty_permitted": False}
    )


def authors_of(formset: forms.BaseFormSet) -> tuple[AuthorDraft, ...]:
    return tuple(
        AuthorDraft(
            name=form.cleaned_data.get("name", ""), category=form.cleaned_data.get("category", "")
        )
        for form in formset.forms
        if form.cleaned_data.get("name")
    )


class LetterForm(forms.Form):
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        help_text=_("As on the letter, e.g. 12-CV/BCĐ35 (without “Số”)."),
    )
    date = forms.DateField(
        label=_("Date of the letter"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place of issue"), max_length=100)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_is_deputy = forms.BooleanField(
        label=_("Signed by a deputy head (K/T TRƯỞNG BAN)"), required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    entries = forms.ModelMultipleChoiceField(
        label=_("Clips listed"), queryset=Entry.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, entries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda e: f"{e.ref} — {e.title}"


class ScanForm(forms.Form):
    scan = forms.FileField(
        label=_("Signed scan (PDF or image)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class ReceivedForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
