"""Reading a clip's post with yt-dlp, without downloading the video.

When yt-dlp has no duration (its generic extractor on a bare .mp4 or an og:video page), the
media file is probed with PyAV, reading only the container's header and index. Every
connection goes through ``netguard`` (no private addresses, names pinned to the addresses
checked, a deadline for the whole fetch); every response body yt-dlp reads is capped in bytes
(``_BoundedYoutubeDL``). Failures are sorted into permanent (the post is gone or hidden, the page
is too large) and transient (worth retrying: the network, a platform too slow).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import av
from django.conf import settings
from django.utils import timezone
from yt_dlp import YoutubeDL
from yt_dlp.networking.common import Response
from yt_dlp.networking.exceptions import HTTPError, TransportError
from yt_dlp.utils import GeoRestrictedError, UnsupportedError, YoutubeDLError

from clipcontest.common.text import Text

from .models import DurationSource
from .netguard import TOO_LARGE, FetchRefused, Guard, check_url_allowed, current_guard, guarded
from .remote_media import RemoteMedia

logger = logging.getLogger(__name__)

PROBE_TIMEOUT = 5.0  # seconds per read of the media file; the fetch timeout is for the post
# FFmpeg may only read plain video containers: a playlist (HLS, DASH, concat) would make it open
# URLs of its own, in C, where the network guard cannot see them.
PROBE_OPTIONS = {
    "format_whitelist": "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,flv,avi,mpegts",
    "protocol_whitelist": "file",
}
_CHUNK = 64 * 1024

UNAVAILABLE = Text(
    vi="Bài đăng không còn xem được (đã xóa, bị ẩn hoặc để riêng tư): {detail}",
    en="The post can no longer be viewed (removed, hidden or private): {detail}",
)
NOT_FOUND = Text(
    vi="Không tìm thấy bài đăng (HTTP {status}); có thể đã bị xóa.",
    en="The post was not found (HTTP {status}); it may have been removed.",
)
NO_VIDEO = Text(
    vi="Không tìm thấy video nào tại đường dẫn này.",
    en="No video was found at this link.",
)
GEO_BLOCKED = Text(
    vi="Nền tảng chặn xem video này từ nơi đặt máy chủ; cần kiểm tra bằng tay.",
    en="The platform blocks this video where the server is; check it by hand.",
)
NETWORK = Text(
    vi="Không kết nối được tới nền tảng: {detail}",
    en="Could not reach the platform: {detail}",
)
UNEXPECTED = Text(
    vi="Lỗi không mong đợi khi đọc bài đăng: {detail}",
    en="Unexpected error while reading the post: {detail}",
)

# What yt-dlp's extractors say when a post is gone or hidden (their messages are English).
_GONE = re.compile(
    r"video unavailable|private video|this video is private|has been removed|been deleted"
    r"|no longer available|video (is )?not available|this video is unavailable"
    r"|content isn.t available|does not exist|account .*(terminated|suspended)",
    re.IGNORECASE,
)


class FetchFailed(Exception):
    """Why a post could not be read, and whether trying again could help."""

    def __init__(self, reason: Text, *, permanent: bool, unavailable: bool = False) -> None:
        self.reason = reason
        self.permanent = permanent or unavailable
        self.unavailable = unavailable
        super().__init__(reason.en)


@dataclass(frozen=True)
class PostInfo:
    """What the post says about itself; ``None`` where the platform does not tell."""

    title: str
    uploader: str
    duration_seconds: Decimal | None
    duration_source: str  # FETCHED (from the post's data) or PROBED (measured from its media)
    posted_at: datetime | None
    views: int | None
    likes: int | None
    comments: int | None
    thumbnail_url: str
    webpage_url: str
    availability: str | None


# --- reading a post -----------------------------------------------------------------------------


class _YtDlpLog:
    """yt-dlp writes to stderr unless given a logger; its errors reach us as exceptions."""

    def debug(self, message: str) -> None:
        logger.debug(message)

    info = warning = error = debug


def _ydl_options() -> dict:
    return {
        "quiet": True,
        "no_warnings": True,
        "skip_download": True,
        "noplaylist": True,
        "playlist_items": "1",  # a post with several videos: the first one is the clip
        "extract_flat": False,
        "ignore_no_formats_error": True,  # metadata is enough; we never download
        "socket_timeout": settings.CLIPCONTEST_FETCH_TIMEOUT,
        "cachedir": False,  # a worker needs no writable home folder
        "logger": _YtDlpLog(),
    }


def fetch_post(url: str, *, zone: ZoneInfo | None = None) -> PostInfo:
    """The post's details, or ``FetchFailed``; ``zone`` places a date without a time."""
    zone = zone or timezone.get_default_timezone()
    try:
        with guarded(seconds=fetch_deadline()) as guard:
            try:
                check_url_allowed(url)  # inside the guard: the name is pinned as checked
                info = _extract(url)
                duration, source = _duration(info)
            finally:
                if guard.refusal is not None:  # yt-dlp may have wrapped it in its own error
                    raise guard.refusal
    except FetchRefused as refusal:
        raise FetchFailed(refusal.message, permanent=refusal.permanent) from refusal
    except OSError as error:  # a name that does not resolve, from check_url_allowed
        raise FetchFailed(NETWORK.format(detail=str(error)), permanent=False) from error
    return PostInfo(
        title=str(info.get("title") or ""),
        uploader=str(info.get("uploader") or info.get("channel") or info.get("creator") or ""),
        duration_seconds=duration,
        duration_source=source,
        posted_at=_posted_at(info, zone),
        views=_count(info.get("view_count")),
        likes=_count(info.get("like_count")),
        comments=_count(info.get("comment_count")),
        thumbnail_url=str(info.get("thumbnail") or ""),
        webpage_url=str(info.get("webpage_url") or url),
        availability=info.get("availability"),
    )


def fetch_deadline() -> float:
    """Seconds a whole fetch may take (post, redirects, media probe), whatever each read does."""
    return float(getattr(settings, "CLIPCONTEST_FETCH_DEADLINE", 90))


def max_page_bytes() -> int:
    """The most one response of the platform may hold (a watch page, its player, its API)."""
    return int(getattr(settings, "CLIPCONTEST_FETCH_MAX_BYTES", 10 * 1024**2))


class _BoundedYoutubeDL(YoutubeDL):
    """yt-dlp whose every response is read in chunks against a byte cap and the deadline.

    yt-dlp reads a page whole into memory (``urlh.read()``); ``urlopen`` is the one door
    every extractor request goes through, so the cap is put on each response there.
    """

    def urlopen(self, req):
        guard = current_guard()
        if guard is not None:
            guard.check_time()
        response = super().urlopen(req)
        if guard is not None:
            _cap(response, guard, max_page_bytes())
        return response


def _cap(response: Response, guard: Guard, limit: int) -> None:
    """Replace ``response.read`` by a reader that stops past ``limit`` bytes or the deadline."""
    too_large = FetchRefused(TOO_LARGE.format(megabytes=f"{limit / 1024**2:g}"))
    declared = response.get_header("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        response.close()
        raise guard.refuse(too_large)
    original, seen = response.read, [0]

    def take(data: bytes) -> bytes:
        seen[0] += len(data)
        if seen[0] > limit:
            response.close()
            raise guard.refuse(too_large)
        guard.check_time()
        return data

    def read(amt: int | None = None) -> bytes:
        if amt is not None and amt >= 0:
            return take(original(min(amt, limit - seen[0] + 1)))
        parts = []
        while chunk := original(_CHUNK):
            parts.append(take(chunk))
        return b"".join(parts)

    response.read = read  # type: ignore[method-assign]


def _extract(url: str) -> dict:
    try:
        with _BoundedYoutubeDL(_ydl_options()) as ydl:
            info = ydl.extract_info(url, download=False)
    except YoutubeDLError as error:
        raise _failure(error) from error
    if info and info.get("_type") == "playlist":
        info = next(iter(info.get("entries") or []), None)
    if not info:
        raise FetchFailed(NO_VIDEO, permanent=True)
    return info


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what caused it: yt-dlp keeps the original in ``cause`` or ``exc_info``."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        exc_info = getattr(current, "exc_info", None) or (None, None)
        current = getattr(current, "cause", None) or exc_info[1] or current.__cause__
    return found


def _failure(error: YoutubeDLError) -> FetchFailed:
    """Sort yt-dlp's error: gone for good, not a video, or worth trying again."""
    causes = _causes(error)
    detail = short_detail(str(error))
    status = next((cause.status for cause in causes if isinstance(cause, HTTPError)), None)
    if status in (404, 410):
        return FetchFailed(NOT_FOUND.format(status=status), permanent=True, unavailable=True)
    if _GONE.search(str(error)):
        return FetchFailed(UNAVAILABLE.format(detail=detail), permanent=True, unavailable=True)
    if any(isinstance(cause, GeoRestrictedError) for cause in causes):
        return FetchFailed(GEO_BLOCKED, permanent=True)
    if any(isinstance(cause, UnsupportedError) for cause in causes):
        return FetchFailed(NO_VIDEO, permanent=True)
    if any(isinstance(cause, (TransportError, HTTPError, OSError)) for cause in causes):
        return FetchFailed(NETWORK.format(detail=detail), permanent=False)
    return FetchFailed(UNEXPECTED.format(detail=detail), permanent=False)


def short_detail(message: str) -> str:
    """yt-dlp's message without its ``ERROR: [extractor] id:`` prefix and ``(caused by …)``."""
    message = re.sub(r"^ERROR:\s*(\[[^\]]+\]\s*[^:]*:\s*)?", "", message)
    return re.sub(r"\s*\(caused by .*\)\s*$", "", message)[:300]


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None


def _seconds(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _duration(info: dict) -> tuple[Decimal | None, str]:
    if isinstance(info.get("duration"), int | float) and info["duration"] > 0:
        return _seconds(info["duration"]), DurationSource.FETCHED
    probed = _probe_duration(info)
    return (probed, DurationSource.PROBED) if probed else (None, "")


def _media_format(info: dict) -> dict | None:
    """The first plain http(s) media file of the post (HLS/DASH playlists are not probed)."""
    candidates = [info, *(info.get("requested_formats") or []), *(info.get("formats") or [])]
    for candidate in candidates:
        if candidate.get("url") and candidate.get("protocol", "http") in ("http", "https"):
            return candidate
    return None


def _probe_duration(info: dict) -> Decimal | None:
    """Measure the media with PyAV through ``RemoteMedia``: header and index only."""
    media = _media_format(info)
    if media is None:
        return None
    try:
        check_url_allowed(media["url"])
        headers = media.get("http_headers") or {}
        source = RemoteMedia(media["url"], headers=headers, timeout=PROBE_TIMEOUT)
        with av.open(source, mode="r", options=PROBE_OPTIONS) as container:
            if container.duration:
                return _seconds(Decimal(container.duration) / Decimal(av.time_base))
    except (av.FFmpegError, OSError, ValueError) as error:
        logger.info("probing %s failed: %s", media["url"], error)
    return None


def _posted_at(info: dict, zone: ZoneInfo) -> datetime | None:
    """When the post went up, as an aware datetime.

    A timestamp is used as it is. A date alone (``upload_date`` YYYYMMDD, or a timestamp at
    exactly midnight UTC on that date, which is how yt-dlp reads a date-only ``uploadDate``) is
    taken as that calendar day in the contest's zone and stored at local noon, so that the day
    survives being shown in any zone within 12 hours. A bare media file has no posting date:
    its Last-Modified header says when the file changed.
    """
    if info.get("direct") and info.get("webpage_url") == info.get("url"):
        return None
    timestamp, day = info.get("timestamp"), _upload_day(info.get("upload_date"))
    if isinstance(timestamp, int | float):
        moment = datetime.fromtimestamp(timestamp, tz=UTC)
        if day is None or moment != datetime.combine(day, time(), tzinfo=UTC):
            return moment
    if day is not None:
        return datetime.combine(day, time(12), tzinfo=zone)
    return None


def _upload_day(value: object) -> date | None:
    try:
        return datetime.strptime(str(value), "%Y%m%d").date() if value else None
    except ValueError:
        return None
