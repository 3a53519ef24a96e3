"""The ways an entry changes: a unit submits, edits or withdraws a clip.

Pages and the REST API both call these, so the rules (window open, rights confirmed, one entry
per video per unit, genre and theme from the contest, a share link into the contest's own
group) hold whichever way a clip arrives. Each runs in one transaction and starts the
background fetch of the post once it has committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string

from clipcontest.audit.services import record
from clipcontest.common.text import Text
from clipcontest.contests.models import Contest
from clipcontest.units.models import ParticipantCategory, Person, Unit

from .durations import format_duration
from .group_links import GroupPost
from .group_share import (
    apply_group_post,
    attach_screenshot,
    checked_group_post,
    checked_screenshot,
    share_facts,
)
from .links import LinkError, ParsedLink, parse_link
from .models import DurationSource, Entry, EntryAuthor, FetchState
from .refs import next_ref


@dataclass(frozen=True)
class AuthorDraft:
    name: str
    category: str = ""


@dataclass(frozen=True)
class EntryDraft:
    """What a unit says about a clip; the link may be empty when a file is uploaded instead."""

    title: str
    url: str
    genre: str
    theme: str
    authors: tuple[AuthorDraft, ...] = ()
    duration_seconds: Decimal | None = None
    rights_confirmed: bool = False
    # The link of the clip's share into the contest's Facebook group (empty: none yet).
    group_post_url: str = ""


@dataclass
class EntryRefused(Exception):
    """Every reason the draft cannot be stored, by field name; nothing was stored."""

    problems: dict[str, Text] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {text.both()}" for name, text in self.problems.items())


WINDOW_CLOSED = Text(
    vi="Đã hết thời hạn nhận, sửa hoặc rút clip dự thi (hết ngày {closes}).",
    en="Clips can no longer be entered, edited or withdrawn (the window closed on {closes}).",
)
WINDOW_NOT_OPEN = Text(
    vi="Cuộc thi chưa mở nhận clip (mở từ ngày {opens}).",
    en="The contest does not accept clips yet (it opens on {opens}).",
)
REQUIRED = Text(vi="Không được để trống.", en="This field is required.")
RIGHTS_REQUIRED = Text(
    vi="Đơn vị cần xác nhận chịu trách nhiệm về nội dung và bản quyền của clip.",
    en="The unit must confirm that it is responsible for the clip's content and copyright.",
)
LINK_OR_FILE = Text(
    vi="Hãy dán đường dẫn bài đăng hoặc tải lên tệp video.",
    en="Paste the link of the post or upload the video file.",
)
UNKNOWN_GENRE = Text(vi="Thể loại không có trong thể lệ.", en="Not one of the contest's genres.")
UNKNOWN_THEME = Text(vi="Chủ đề không có trong thể lệ.", en="Not one of the contest's themes.")
UNKNOWN_CATEGORY = Text(
    vi="Đối tượng dự thi không hợp lệ: {value}.", en="Unknown participant category: {value}."
)
NO_AUTHORS = Text(vi="Cần ít nhất một tác giả.", en="At least one author is required.")
ALREADY_ENTERED = Text(
    vi="Đơn vị đã dự thi video này (clip {ref}).",
    en="Your unit has already entered this video (entry {ref}).",
)
BUSY = Text(
    vi="Đơn vị đang gửi nhiều clip cùng lúc; chưa cấp được mã cho clip này, hãy gửi lại.",
    en="Your unit is entering many clips at this moment; this one got no reference yet: "
    "send it again.",
)
# A clip whose number another submission of the unit took meanwhile tries the next one.
REF_ATTEMPTS = 10
WITHDRAWN_ALREADY = Text(vi="Clip này đã được rút.", en="This clip has already been withdrawn.")


@dataclass(frozen=True)
class LinkCheck:
    """What the add-a-clip form tells a unit while it types the link."""

    link: ParsedLink | None
    error: LinkError | None = None
    own_entry: Entry | None = None  # this unit entered the same video already
    other_units: int = 0  # how many other units entered it (their names stay private)


def check_link(
    contest: Contest, unit: Unit, url: str, *, exclude: Entry | None = None
) -> LinkCheck:
    try:
        link = parse_link(url)
    except LinkError as error:
        return LinkCheck(link=None, error=error)
    same = _same_video(contest, link.canonical_url, exclude=exclude)
    own = same.filter(unit=unit).first()
    return LinkCheck(link=link, own_entry=own, other_units=same.exclude(unit=unit).count())


def _same_video(contest: Contest, canonical_url: str, *, exclude: Entry | None) -> QuerySet[Entry]:
    """The contest's active entries of one video, but ``exclude`` (the entry being edited)."""
    same = Entry.objects.filter(
        contest=contest, canonical_url=canonical_url, withdrawn_at__isnull=True
    )
    return same if exclude is None else same.exclude(pk=exclude.pk)


def _window_problem(contest: Contest, at: datetime) -> Text | None:
    if contest.accepts_entries_at(at):
        return None
    if at < contest.opens_at:
        return WINDOW_NOT_OPEN.format(opens=contest.opens_on.strftime("%d/%m/%Y"))
    return WINDOW_CLOSED.format(closes=contest.closes_on.strftime("%d/%m/%Y"))


@dataclass(frozen=True)
class _Checked:
    """What validating a draft found: the post, the share into the group, the problems."""

    link: ParsedLink | None
    group_post: GroupPost | None
    screenshot_suffix: str
    problems: dict[str, Text]


def _validate(
    contest: Contest,
    unit: Unit,
    draft: EntryDraft,
    *,
    has_file: bool,
    at: datetime,
    entry: Entry | None = None,
    group_screenshot: UploadedFile | None = None,
) -> _Checked:
    problems: dict[str, Text] = {}
    window = _window_problem(contest, at)
    if window is not None:
        problems["__all__"] = window
    if not draft.title.strip():
        problems["title"] = REQUIRED
    link = None
    if draft.url.strip():
        try:
            link = parse_link(draft.url)
        except LinkError as error:
            problems["url"] = error.message
        else:
            own_ref = _own_ref_of_video(contest, unit, link.canonical_url, exclude=entry)
            if own_ref is not None:
                problems["url"] = ALREADY_ENTERED.format(ref=own_ref)
    elif not has_file and not (entry and entry.video_file):
        problems["url"] = LINK_OR_FILE
    if draft.genre not in {g["key"] for g in contest.genres}:
        problems["genre"] = UNKNOWN_GENRE
    if draft.theme not in {t["key"] for t in contest.themes}:
        problems["theme"] = UNKNOWN_THEME
    named = [a for a in draft.authors if a.name.strip()]
    if not named:
        problems["authors"] = NO_AUTHORS
    for author in named:
        if author.category and author.category not in ParticipantCategory.values:
            problems["authors"] = UNKNOWN_CATEGORY.format(value=author.category)
    if not draft.rights_confirmed:
        problems["rights_confirmed"] = RIGHTS_REQUIRED
    group_post = checked_group_post(contest, draft.group_post_url, problems)
    suffix = checked_screenshot(group_screenshot, problems)
    return _Checked(link, group_post, suffix, problems)


def _own_ref_of_video(
    contest: Contest, unit: Unit, canonical_url: str, *, exclude: Entry | None
) -> str | None:
    """The reference of this unit's active entry of the same video, if it has one.

    What ``check_link`` finds for the page as the unit types, without its count of other
    units, which a submission does not need: one query, without the default ordering's joins.
    """
    same = _same_video(contest, canonical_url, exclude=exclude).filter(unit=unit)
    return same.order_by("pk").values_list("ref", flat=True).first()


def _apply(
    entry: Entry, draft: EntryDraft, link: ParsedLink | None, group_post: GroupPost | None
) -> bool:
    """Copy the draft onto the entry; True when the post to fetch has changed."""
    apply_group_post(entry, group_post)
    entry.title = " ".join(draft.title.split())
    entry.genre, entry.theme = draft.genre, draft.theme
    entry.rights_confirmed = draft.rights_confirmed
    if draft.duration_seconds is not None and entry.duration_source != DurationSource.VERIFIED:
        entry.duration_seconds = draft.duration_seconds
        entry.duration_source = DurationSource.UNIT
    new_post = False
    if link is not None and link.canonical_url != entry.canonical_url:
        entry.url, entry.platform = link.url, str(link.platform)
        entry.video_id, entry.canonical_url = link.video_id or "", link.canonical_url
        entry.fetch_state, entry.fetch_error, entry.fetch_attempts = FetchState.PENDING, "", 0
        new_post = True
    elif not entry.canonical_url:
        entry.canonical_url = f"file:{get_random_string(24)}"
    return new_post


def _set_authors(entry: Entry, authors: tuple[AuthorDraft, ...], *, new: bool = False) -> list[str]:
    """Replace the entry's authors; the names in order, as ``entry_facts`` would read them.

    An author named twice is linked once, at the first place (each named author still takes
    a place). All links are written in one INSERT; a ``new`` entry has none to delete.
    """
    if not new:
        EntryAuthor.objects.filter(entry=entry).delete()
    links: dict[int, EntryAuthor] = {}
    names: list[str] = []
    position = 0
    for author in authors:
        name = " ".join(author.name.split())
        if not name:
            continue
        person, _ = Person.objects.get_or_create(unit=entry.unit, name=name)
        if author.category and person.category != author.category:
            person.category = author.category
            person.save(update_fields=["category"])
        if person.pk not in links:
            links[person.pk] = EntryAuthor(entry=entry, person=person, position=position)
            names.append(person.name)
        position += 1
    EntryAuthor.objects.bulk_create(links.values())
    return names


def entry_facts(entry: Entry, *, author_names: list[str] | None = None) -> dict[str, Any]:
    """What the audit log keeps of a clip before and after a change: what the unit said.

    ``author_names``: the authors just written (``_set_authors``), saving their query.
    """
    if author_names is None:
        author_names = list(
            EntryAuthor.objects.filter(entry=entry)
            .order_by("position", "pk")
            .values_list("person__name", flat=True)
        )
    return {
        "title": entry.title,
        "url": entry.url or (entry.video_file.name if entry.video_file else ""),
        "genre": entry.genre,
        "theme": entry.theme,
        # m:ss, so 60 and 60.000 seconds (as typed, as stored) read as the same value.
        "duration": format_duration(entry.duration_seconds)
        if entry.duration_seconds is not None
        else None,
        "authors": author_names,
        "withdrawn": entry.is_withdrawn,
        **share_facts(entry),
    }


def _enqueue_fetch(entry: Entry) -> None:
    """Mark the entry queued and queue its fetch once the transaction commits.

    Called before ``entry.save()``: the state is stored with the entry, in the same commit,
    rather than by a second UPDATE and commit afterwards (``schedule_fetch``). As there, the
    entry reads "queued" from just before the task is queued, and the task is never queued
    for an entry that was not stored.
    """
    from .tasks import enqueue_fetch

    entry.fetch_state = FetchState.QUEUED
    transaction.on_commit(lambda: enqueue_fetch(entry.pk))


def _insert(entry: Entry, contest: Contest, unit: Unit) -> None:
    """Store a new entry under the unit's next free number.

    Two submissions of one unit at the same moment (a double click, two representatives)
    compute the same number: the database's unique (contest, ref) refuses the second, which
    then takes the next number instead of failing. The same video sent twice at once is refused
    as it would be one after the other.
    """
    for _ in range(REF_ATTEMPTS):
        try:
            with transaction.atomic():
                entry.save()
            return
        except IntegrityError:
            if not Entry.objects.filter(contest=contest, ref=entry.ref).exists():
                own_ref = _own_ref_of_video(contest, unit, entry.canonical_url, exclude=None)
                if own_ref is not None:
                    raise EntryRefused({"url": ALREADY_ENTERED.format(ref=own_ref)}) from None
                raise
            entry.ref = next_ref(contest, unit)
    raise EntryRefused({"__all__": BUSY})


@transaction.atomic
def submit_entry(
    *,
    contest: Contest,
    unit: Unit,
    draft: EntryDraft,
    video_file: UploadedFile | None = None,
    probed_seconds: Decimal | None = None,
    at: datetime | None = None,
    by: Any = None,
    group_screenshot: UploadedFile | None = None,
) -> Entry:
    """A unit enters a clip; the post's details are fetched in the background afterwards.

    ``by`` is who entered it, for the audit log; ``group_screenshot`` is the proof of the
    share into the group when the group is private. Side effects: the fetch task is queued on
    commit when there is a link.
    """
    at = at or timezone.now()
    checked = _validate(
        contest,
        unit,
        draft,
        has_file=video_file is not None,
        at=at,
        group_screenshot=group_screenshot,
    )
    if checked.problems:
        raise EntryRefused(checked.problems)
    link = checked.link
    entry = Entry(contest=contest, unit=unit, ref=next_ref(contest, unit), submitted_at=at)
    _apply(entry, draft, link, checked.group_post)
    attach_screenshot(entry, group_screenshot, checked.screenshot_suffix)
    if video_file is not None:
        entry.video_file = video_file
        if probed_seconds is not None:
            entry.duration_seconds, entry.duration_source = probed_seconds, DurationSource.PROBED
    if link is not None:
        _enqueue_fetch(entry)
    _insert(entry, contest, unit)
    names = _set_authors(entry, draft.authors, new=True)
    facts = entry_facts(entry, author_names=names)
    record(action="entry.submitted", obj=entry, actor=by, contest=contest, after=facts)
    return entry


@transaction.atomic
def update_entry(
    *,
    entry: Entry,
    draft: EntryDraft,
    video_file: UploadedFile | None = None,
    probed_seconds: Decimal | None = None,
    at: datetime | None = None,
    by: Any = None,
    group_screenshot: UploadedFile | None = None,
) -> Entry:
    """A unit corrects its clip while the window is open; a new link is fetched again.

    A new share link or screenshot undoes the organisers' verification of the share: they
    verified something else.
    """
    at = at or timezone.now()
    if entry.is_withdrawn:
        raise EntryRefused({"__all__": WITHDRAWN_ALREADY})
    checked = _validate(
        entry.contest,
        entry.unit,
        draft,
        has_file=video_file is not None,
        at=at,
        entry=entry,
        group_screenshot=group_screenshot,
    )
    if checked.problems:
        raise EntryRefused(checked.problems)
    before = entry_facts(entry)
    new_post = _apply(entry, draft, checked.link, checked.group_post)
    attach_screenshot(entry, group_screenshot, checked.screenshot_suffix)
    if video_file is not None:
        entry.video_file = video_file
        if probed_seconds is not None:
            entry.duration_seconds, entry.duration_source = probed_seconds, DurationSource.PROBED
    if new_post:
        _enqueue_fetch(entry)
    entry.save()
    names = _set_authors(entry, draft.authors)
    record(
        action="entry.updated",
        obj=entry,
        actor=by,
        contest=entry.contest,
        before=before,
        after=entry_facts(entry, author_names=names),
    )
    return entry


@transaction.atomic
def withdraw_entry(*, entry: Entry, at: datetime | None = None, by: Any = None) -> Entry:
    """The unit takes a clip back; it stays on record but no longer counts anywhere."""
    at = at or timezone.now()
    problem = _window_problem(entry.contest, at)
    if problem is not None:
        raise EntryRefused({"__all__": problem})
    if entry.is_withdrawn:
        raise EntryRefused({"__all__": WITHDRAWN_ALREADY})
    before = entry_facts(entry)
    entry.withdrawn_at = at
    entry.save(update_fields=["withdrawn_at", "updated_at"])
    record(
        action="entry.withdrawn",
        obj=entry,
        actor=by,
        contest=entry.contest,
        before=before,
        after={**before, "withdrawn": True},
    )
    return entry
