"""Parse, validate and canonicalise the link of a clip's post on Facebook, TikTok or YouTube.

Units paste links in every shape the apps hand out (share buttons, address bars, short links,
links without ``https://``). Judging and duplicate detection need one stable string per video,
so every accepted link is reduced to a canonical URL built only from the platform and the video
id. Anything that is not plainly one video on one of the three platforms is refused with a
stable code and a message in both languages, because a wrong link found after the deadline
costs a unit its entry.

Security matters as much as convenience: the canonical URL is later shown as a clickable link
and may be fetched, so a host is accepted only when it is *exactly* one of the known hosts after
parsing (no userinfo, no odd port, no look-alike or internationalised domain). The module is pure:
no database, no network; short links are accepted as they are and resolved elsewhere.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urlsplit

from clipcontest.common.text import Text

MAX_LENGTH = 2048


class Platform(enum.StrEnum):
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"

    @property
    def label(self) -> str:
        """The brand name, spelt the same way in Vietnamese and English."""
        return {"facebook": "Facebook", "tiktok": "TikTok", "youtube": "YouTube"}[self.value]


@dataclass(frozen=True)
class ParsedLink:
    url: str  # what the user gave, after strip()
    platform: Platform
    video_id: str | None  # None only for short links that need a network round trip
    canonical_url: str  # the same video written any way gives the same string

    def as_dict(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "platform": self.platform.value,
            "video_id": self.video_id,
            "canonical_url": self.canonical_url,
        }


_MESSAGES: dict[str, Text] = {
    "empty": Text(
        vi="Chưa có đường dẫn. Hãy dán đường dẫn của bài đăng video trên Facebook, TikTok "
        "hoặc YouTube.",
        en="No link was given. Paste the link of the video post on Facebook, TikTok or YouTube.",
    ),
    "not_a_url": Text(
        vi="Đây không phải là một đường dẫn hợp lệ. Hãy sao chép đường dẫn từ thanh địa chỉ "
        "hoặc nút “Chia sẻ” của bài đăng video rồi dán lại nguyên vẹn.",
        en="This is not a valid link. Copy the link from the address bar or the “Share” button "
        "of the video post and paste it unchanged.",
    ),
    "scheme_not_allowed": Text(
        vi="Chỉ nhận đường dẫn bắt đầu bằng http:// hoặc https://. Hãy dán đường dẫn trang web "
        "của bài đăng video.",
        en="Only links starting with http:// or https:// are accepted. Paste the web link of "
        "the video post.",
    ),
    "lookalike_host": Text(
        vi="Tên miền của đường dẫn này chỉ trông giống Facebook, TikTok hoặc YouTube chứ không "
        "phải địa chỉ thật của các nền tảng đó. Hãy sao chép đường dẫn trực tiếp từ ứng dụng "
        "hoặc trang web chính thức.",
        en="The domain of this link only looks like Facebook, TikTok or YouTube; it is not "
        "their real address. Copy the link directly from the official app or website.",
    ),
    "unsupported_platform": Text(
        vi="Cuộc thi chỉ nhận video đăng trên Facebook, TikTok hoặc YouTube. Hãy dán đường dẫn "
        "của bài đăng video trên một trong các nền tảng này.",
        en="The contest only accepts videos posted on Facebook, TikTok or YouTube. Paste the "
        "link of the video post on one of these platforms.",
    ),
    "not_a_video": Text(
        vi="Đây là đường dẫn tới kênh, trang hoặc danh sách trên {platform}, không phải tới một "
        "video. Hãy dán đường dẫn của chính bài đăng video.",
        en="This links to a channel, page or list on {platform}, not to one video. Paste the "
        "link of the video post itself.",
    ),
    "malformed_id": Text(
        vi="Mã video trong đường dẫn {platform} này không đúng định dạng, có thể do đường dẫn "
        "bị cắt mất hoặc sửa khi sao chép. Hãy sao chép lại toàn bộ đường dẫn của bài đăng video.",
        en="The video ID in this {platform} link is not in the right format; the link may have "
        "been cut short or changed while copying. Copy the whole link of the video post again.",
    ),
}


class LinkError(ValueError):
    """A link that cannot be an entry; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, platform: Platform | None = None) -> None:
        self.code = code
        self.message = _MESSAGES[code].format(platform=platform.label if platform else "")
        super().__init__(f"{code}: {self.message.both()}")

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": str(self.message), "messages": self.message.as_dict()}


# --- per-platform rules ------------------------------------------------------------------------
# Each rule gets the host, the non-empty path segments and the query, and returns
# (video_id, canonical_url) or raises LinkError. Empty segments are dropped, which is what makes
# a trailing slash (or a doubled one) harmless.

Rule = Callable[[str, list[str], dict[str, list[str]]], tuple[str | None, str]]

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# 11-character words YouTube uses in place of an id: a playlist embed and a channel's live embed.
_YOUTUBE_NOT_IDS = {"videoseries", "live_stream"}
_TIKTOK_ID = re.compile(r"[0-9]{15,25}")  # [0-9], not \d: \d also matches Arabic-Indic digits
_FACEBOOK_ID = re.compile(r"[0-9]{5,25}")
_TIKTOK_CODE = re.compile(r"[A-Za-z0-9]+")
_FACEBOOK_CODE = re.compile(r"[A-Za-z0-9_-]+")


def _checked(pattern: re.Pattern[str], value: str, platform: Platform) -> str:
    if not pattern.fullmatch(value):
        raise LinkError("malformed_id", platform)
    return value


def _youtube_video(video_id: str | None) -> tuple[str, str]:
    if not video_id or video_id in _YOUTUBE_NOT_IDS:
        raise LinkError("not_a_video", Platform.YOUTUBE)
    video_id = _checked(_YOUTUBE_ID, video_id, Platform.YOUTUBE)
    return video_id, f"https://www.youtube.com/watch?v={video_id}"


def _youtube(host: str, segments: list[str], query: dict[str, list[str]]) -> tuple[str, str]:
    """youtube.com: /watch?v=ID, /shorts/ID, /live/ID, /embed/ID; everything else is a channel,
    playlist, search or home page."""
    if segments == ["watch"]:
        return _youtube_video(query.get("v", [None])[0])
    if len(segments) == 2 and segments[0] in ("shorts", "live", "embed"):
        return _youtube_video(segments[1])
    raise LinkError("not_a_video", Platform.YOUTUBE)


def _youtube_nocookie(host: str, segments: list[str], _: dict[str, list[str]]) -> tuple[str, str]:
    """The privacy-enhanced embed domain only serves /embed/ID."""
    if len(segments) == 2 and segments[0] == "embed":
        return _youtube_video(segments[1])
    raise LinkError("not_a_video", Platform.YOUTUBE)


def _youtu_be(host: str, segments: list[str], _: dict[str, list[str]]) -> tuple[str, str]:
    """The share button's short form carries the id itself, so it needs no network round trip."""
    if len(segments) != 1:
        raise LinkError("not_a_video", Platform.YOUTUBE)
    return _youtube_video(segments[0])


def _tiktok_video(video_id: str) -> tuple[str, str]:
    video_id = _checked(_TIKTOK_ID, video_id, Platform.TIKTOK)
    # TikTok serves a video under any handle, including an empty one, so leaving the handle out
    # keeps the canonical URL independent of the (renamable) account name.
    return video_id, f"https://www.tiktok.com/@/video/{video_id}"


def _tiktok(host: str, segments: list[str], _: dict[str, list[str]]) -> tuple[str | None, str]:
    """tiktok.com: /@user/video/ID, the old mobile /v/ID.html, and the /t/CODE short link."""
    if len(segments) == 3 and segments[0].startswith("@") and segments[1] == "video":
        return _tiktok_video(segments[2])
    if len(segments) == 2 and segments[0] == "v":
        return _tiktok_video(segments[1].removesuffix(".html"))
    if len(segments) == 2 and segments[0] == "t":
        code = _checked(_TIKTOK_CODE, segments[1], Platform.TIKTOK)
        return None, f"https://www.tiktok.com/t/{code}/"
    raise LinkError("not_a_video", Platform.TIKTOK)


def _tiktok_short(host: str, segments: list[str], _: dict[str, list[str]]) -> tuple[None, str]:
    """vm./vt.tiktok.com/CODE: the app's share links; the code is case-sensitive."""
    if len(segments) != 1:
        raise LinkError("not_a_video", Platform.TIKTOK)
    return None, f"https://{host}/{_checked(_TIKTOK_CODE, segments[0], Platform.TIKTOK)}/"


def _facebook_video(video_id: str) -> tuple[str, str]:
    video_id = _checked(_FACEBOOK_ID, video_id, Platform.FACEBOOK)
    # A reel is a video with the same kind of id, and /watch/ plays both.
    return video_id, f"https://www.facebook.com/watch/?v={video_id}"


def _facebook(
    host: str, segments: list[str], query: dict[str, list[str]]
) -> tuple[str | None, str]:
    """facebook.com: /watch?v=ID, /video.php?v=ID, /PAGE/videos/[SLUG/]ID, /reel/ID and the
    /share/v|r/CODE share links; a bare page, group or post is not one video."""
    if segments in (["watch"], ["video.php"]) and query.get("v"):
        return _facebook_video(query["v"][0])
    if len(segments) == 2 and segments[0] == "reel":
        return _facebook_video(segments[1])
    if len(segments) in (3, 4) and segments[1] == "videos":
        return _facebook_video(segments[-1])
    if len(segments) == 3 and segments[0] == "share" and segments[1] in ("v", "r"):
        code = _checked(_FACEBOOK_CODE, segments[2], Platform.FACEBOOK)
        return None, f"https://www.facebook.com/share/{segments[1]}/{code}/"
    raise LinkError("not_a_video", Platform.FACEBOOK)


def _fb_watch(host: str, segments: list[str], _: dict[str, list[str]]) -> tuple[None, str]:
    """fb.watch/CODE: Facebook's own short link for a video; the code is case-sensitive."""
    if len(segments) != 1:
        raise LinkError("not_a_video", Platform.FACEBOOK)
    return None, f"https://fb.watch/{_checked(_FACEBOOK_CODE, segments[0], Platform.FACEBOOK)}/"


def _hosts(platform: Platform, rule: Rule, *names: str) -> dict[str, tuple[Platform, Rule]]:
    return dict.fromkeys(names, (platform, rule))


# Exact hosts only; a host is compared after lower-casing and dropping one trailing dot.
# fb.com is Meta's own domain and redirects to facebook.com, so it is safe to accept.
HOSTS: dict[str, tuple[Platform, Rule]] = {
    **_hosts(Platform.YOUTUBE, _youtube, "youtube.com", "www.youtube.com", "m.youtube.com"),
    **_hosts(Platform.YOUTUBE, _youtube, "music.youtube.com"),
    **_hosts(
        Platform.YOUTUBE, _youtube_nocookie, "youtube-nocookie.com", "www.youtube-nocookie.com"
    ),
    **_hosts(Platform.YOUTUBE, _youtu_be, "youtu.be"),
    **_hosts(Platform.TIKTOK, _tiktok, "tiktok.com", "www.tiktok.com", "m.tiktok.com"),
    **_hosts(Platform.TIKTOK, _tiktok_short, "vm.tiktok.com", "vt.tiktok.com"),
    **_hosts(Platform.FACEBOOK, _facebook, "facebook.com", "www.facebook.com", "web.facebook.com"),
    **_hosts(Platform.FACEBOOK, _facebook, "m.facebook.com", "mbasic.facebook.com"),
    **_hosts(Platform.FACEBOOK, _facebook, "fb.com", "www.fb.com"),
    **_hosts(Platform.FACEBOOK, _fb_watch, "fb.watch"),
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_ASCII_HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")
_BRANDS = ("youtu", "tiktok", "facebook")  # "youtu" covers youtube and youtu.be


def _with_scheme(text: str) -> str:
    """Users paste ``youtu.be/...`` or ``www.youtube.com/...``; assume https for those.

    A prefix such as ``javascript:`` is a scheme and is kept (to be refused); a prefix with a
    dot, as in ``youtube.com:443/...``, is a host with a port.
    """
    if text.startswith("//"):
        return "https:" + text
    match = _SCHEME.match(text)
    if match and (text[match.end() :].startswith("//") or "." not in match.group(1)):
        return text
    return "https://" + text


def _is_lookalike(host: str) -> bool:
    """A host that is not a platform host but could be mistaken for one.

    Internationalised hosts (raw or ``xn--``) are all treated as look-alikes: telling a Cyrillic
    "у" from a Latin "y" reliably is not worth it when no platform uses such a host.
    """
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        return True
    tokens = re.split(r"[^a-z0-9]+", host)
    return any(brand in token for token in tokens for brand in _BRANDS) or any(
        token in ("fb", "fbwatch") for token in tokens
    )


def split_link(url: str) -> tuple[str, SplitResult, str]:
    """The pasted text, its parts and its host, or LinkError for anything unsafe to follow.

    Shared by every kind of link the contest accepts (the clip's post, the share into the
    group), so each gets the same refusals of odd schemes, userinfo tricks and control
    characters.
    """
    text = url.strip()
    if not text:
        raise LinkError("empty")
    if len(text) > MAX_LENGTH or any(
        char.isspace() or unicodedata.category(char).startswith("C") for char in text
    ):
        raise LinkError("not_a_url")
    try:
        parts = urlsplit(_with_scheme(text))
        parts.port  # noqa: B018 - raises ValueError on a non-numeric or out-of-range port
    except ValueError as error:
        raise LinkError("not_a_url") from error
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        raise LinkError("scheme_not_allowed")
    if "@" in parts.netloc:  # https://youtube.com@evil.example/ really goes to evil.example
        raise LinkError("lookalike_host")
    host = (parts.hostname or "").removesuffix(".")
    if not host:
        raise LinkError("not_a_url")
    return text, parts, host


def check_port(parts: SplitResult) -> None:
    """A platform host on a port of its own is not the platform."""
    if parts.port is not None and parts.port != _DEFAULT_PORTS[parts.scheme.lower()]:
        raise LinkError("lookalike_host")


def check_foreign_host(host: str) -> None:
    """Raise the right refusal for a host that is none of the platforms' own."""
    if _is_lookalike(host):
        raise LinkError("lookalike_host")
    if not _ASCII_HOST.fullmatch(host):  # also catches percent-encoded hosts
        raise LinkError("not_a_url")
    raise LinkError("unsupported_platform")


def parse_link(url: str) -> ParsedLink:
    """Return the platform, video id and canonical URL of a pasted link, or raise LinkError."""
    text, parts, host = split_link(url)
    if host not in HOSTS:
        check_foreign_host(host)
    check_port(parts)
    platform, rule = HOSTS[host]
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id, canonical_url = rule(host, segments, parse_qs(parts.query))
    return ParsedLink(text, platform, video_id, canonical_url)
