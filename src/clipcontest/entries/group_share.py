"""A clip's proof of being shared into the contest's Facebook group, as the entry stores it.

The plan (Kế hoạch mục IV.2) has each unit post its clip on its own account, then share it into
the provincial committee's group. The proof is the share's link, checked against the group
of the rules file (``group_links.py``), or a screenshot when the group is private
(``screenshots.py``). The organisers may mark the proof verified; a new link or screenshot
undoes that, since they verified something else. ``services.py`` calls these while a unit
enters or edits a clip; the review marks the share verified.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from clipcontest.common.text import Text
from clipcontest.contests.models import Contest

from .group_links import GroupLinkError, GroupPost, group_of, parse_group_post
from .models import Entry
from .screenshots import ScreenshotRefused, checked_screenshot_suffix

NO_GROUP = Text(
    vi="Thể lệ cuộc thi không nêu nhóm Facebook nào nên không cần đường dẫn chia sẻ vào nhóm; "
    "hãy để trống ô này.",
    en="The contest's rules name no Facebook group, so no share link is needed; leave this "
    "field empty.",
)


def checked_group_post(contest: Contest, url: str, problems: dict[str, Text]) -> GroupPost | None:
    """The share into the contest's group that ``url`` links to; a refusal goes to ``problems``
    under ``group_post_url``. None for an empty link."""
    if not url.strip():
        return None
    group = group_of(contest)
    if group is None:
        problems["group_post_url"] = NO_GROUP
        return None
    try:
        return parse_group_post(url, group)
    except GroupLinkError as error:
        problems["group_post_url"] = error.message
        return None


def checked_screenshot(upload: UploadedFile | None, problems: dict[str, Text]) -> str:
    """The extension to store the screenshot under; a refusal goes to ``problems`` under
    ``group_post_screenshot``. Empty when there is no upload or it was refused."""
    if upload is None:
        return ""
    try:
        return checked_screenshot_suffix(upload)
    except ScreenshotRefused as refused:
        problems["group_post_screenshot"] = refused.message
        return ""


def apply_group_post(entry: Entry, group_post: GroupPost | None) -> None:
    """Store the share's link as given and canonical; another share is no longer verified."""
    canonical = group_post.canonical_url if group_post else ""
    if canonical != entry.group_post_canonical:
        clear_share_verification(entry)
    entry.group_post_url = group_post.url if group_post else ""
    entry.group_post_canonical = canonical


def attach_screenshot(entry: Entry, upload: UploadedFile | None, suffix: str) -> None:
    """Store a checked screenshot under the extension of its real format, never the name the
    browser sent; the organisers have not seen it yet."""
    if upload is None:
        return
    upload.name = f"share{suffix}"
    entry.group_post_screenshot = upload
    clear_share_verification(entry)


def clear_share_verification(entry: Entry) -> None:
    entry.group_share_verified_at, entry.group_share_verified_by = None, None


def share_facts(entry: Entry) -> dict[str, object]:
    """What the audit log keeps of the share, before and after a change."""
    return {
        "group_post": entry.group_post_canonical,
        "group_screenshot": bool(entry.group_post_screenshot),
    }
