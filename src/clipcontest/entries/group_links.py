"""The link of a clip's share into the provincial Facebook group, recognised and canonicalised.

The plan asks each unit to post its clip on its own account and then share it into the
provincial committee's group. The share's link is the organisers' proof, so it must be a post
*in that group*: a link into another group is refused with a message that names both groups,
because a unit that shared into the wrong group can still fix it before the deadline. Facebook
hands out the same post as ``/groups/<group>/posts/<id>``, ``/groups/<group>/permalink/<id>``
and ``/groups/<group>/?multi_permalinks=<id>``; all three give one canonical link. The group
is named by its number or, when the rules file's group link uses one, by its vanity name.

Pure like ``links.py`` (whose safety checks it shares): no database, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from clipcontest.common.text import Text

from .links import HOSTS, LinkError, check_foreign_host, check_port, split_link

if TYPE_CHECKING:
    from clipcontest.contests.models import Contest

FACEBOOK_HOSTS = frozenset(
    {
        "facebook.com",
        "www.facebook.com",
        "web.facebook.com",
        "m.facebook.com",
        "mbasic.facebook.com",
        "fb.com",
        "www.fb.com",
    }
)
# Numeric ids, and the opaque "pfbid…" ids Facebook now also shows for posts.
_POST_ID = re.compile(r"[0-9]{5,25}|pfbid[A-Za-z0-9]{10,80}")
_GROUP = re.compile(r"[A-Za-z0-9.]{1,80}")

_MESSAGES: dict[str, Text] = {
    "not_facebook": Text(
        vi="Đường dẫn chia sẻ phải là một bài đăng trong nhóm Facebook “{group}” của cuộc thi.",
        en="The share link must be a post in the contest's Facebook group “{group}”.",
    ),
    "not_a_group_post": Text(
        vi="Đây không phải đường dẫn tới một bài đăng trong nhóm Facebook. Hãy mở bài chia sẻ "
        "trong nhóm “{group}”, bấm vào thời gian đăng rồi sao chép đường dẫn trên thanh địa chỉ.",
        en="This is not the link of a post in a Facebook group. Open the share in the group "
        "“{group}”, click its time stamp and copy the link from the address bar.",
    ),
    "short_share_link": Text(
        vi="Đường dẫn rút gọn (facebook.com/share/…) không cho biết bài nằm trong nhóm nào. Hãy "
        "sao chép đường dẫn đầy đủ của bài trong nhóm “{group}”, hoặc tải lên ảnh chụp màn hình "
        "bài chia sẻ.",
        en="A short link (facebook.com/share/…) does not say which group the post is in. Copy "
        "the full link of the post in the group “{group}”, or upload a screenshot of the share.",
    ),
    "other_group": Text(
        vi="Bài này nằm trong nhóm khác ({found}), không phải nhóm “{group}” của cuộc thi. Hãy "
        "chia sẻ clip vào nhóm “{group}” rồi dán đường dẫn của bài chia sẻ đó.",
        en="This post is in another group ({found}), not the contest's group “{group}”. Share "
        "the clip into “{group}” and paste the link of that share.",
    ),
}


class GroupLinkError(ValueError):
    """A share link that cannot stand as proof; ``code`` is stable, ``message`` for people."""

    def __init__(self, code: str, message: Text) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message.both()}")


@dataclass(frozen=True)
class Group:
    """The contest's group as the rules file gives it: its number, name and link."""

    id: str
    name: str = ""
    url: str = ""

    @property
    def aliases(self) -> frozenset[str]:
        """The ways a link may name the group: its number and the vanity name of its link."""
        names = {self.id.lower()}
        segments = [s for s in urlsplit(self.url).path.split("/") if s] if self.url else []
        if len(segments) >= 2 and segments[0] == "groups":
            names.add(segments[1].lower())
        return frozenset(names)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class GroupPost:
    url: str  # as given, stripped
    post_id: str
    canonical_url: str


def parse_group_post(url: str, group: Group) -> GroupPost:
    """The post in ``group`` that ``url`` points to, or GroupLinkError saying why not."""
    try:
        text, parts, host = split_link(url)
        if host in HOSTS and host not in FACEBOOK_HOSTS:  # YouTube, TikTok: not the group
            raise LinkError("unsupported_platform")
        if host not in FACEBOOK_HOSTS:
            check_foreign_host(host)
        check_port(parts)
    except LinkError as error:
        if error.code == "unsupported_platform":
            raise _refusal("not_facebook", group) from error
        raise GroupLinkError(error.code, error.message) from error
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments[:1] == ["share"]:
        raise _refusal("short_share_link", group)
    if len(segments) < 2 or segments[0] != "groups" or not _GROUP.fullmatch(segments[1]):
        raise _refusal("not_a_group_post", group)
    post_id = _post_id(segments[2:], parse_qs(parts.query))
    if post_id is None:
        raise _refusal("not_a_group_post", group)
    if segments[1].lower() not in group.aliases:
        raise _refusal("other_group", group, found=segments[1])
    canonical = f"https://www.facebook.com/groups/{group.id}/posts/{post_id}/"
    return GroupPost(text, post_id, canonical)


def _post_id(rest: list[str], query: dict[str, list[str]]) -> str | None:
    """``posts/<id>``, ``permalink/<id>``, or exactly one id in ``?multi_permalinks=``."""
    if len(rest) == 2 and rest[0] in ("posts", "permalink"):
        candidate = rest[1]
    elif not rest and len(query.get("multi_permalinks", [])) == 1:
        candidate = query["multi_permalinks"][0]
    else:
        return None
    return candidate if _POST_ID.fullmatch(candidate) else None


def _refusal(code: str, group: Group, **values: str) -> GroupLinkError:
    return GroupLinkError(code, _MESSAGES[code].format(group=group.label, **values))


def group_of(contest: Contest) -> Group | None:
    """The contest's group as its rules file gives it; None when the rules name no group.

    Without a group there is nothing to share into, so no share is asked for or checked.
    """
    group_id = (contest.facebook_group_id or "").strip()
    if not group_id:
        return None
    return Group(id=group_id, name=contest.facebook_group_name, url=contest.facebook_group_url)
