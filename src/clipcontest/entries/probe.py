"""Measuring an uploaded video with PyAV, and refusing anything that is not one.

Units may upload the clip itself (still to be posted, or as evidence). The file is opened by
FFmpeg through PyAV: if it has no video stream or no readable duration it is refused with a
clear message and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from clipcontest.common.text import Text

# PyAV (FFmpeg) is imported when a video is probed, not when the upload views load.
if TYPE_CHECKING:
    import av

NOT_A_VIDEO = Text(
    vi="Tệp này không phải là video đọc được (cần tệp MP4, MOV, WEBM... có hình).",
    en="This file is not a readable video (an MP4, MOV, WEBM... file with pictures is needed).",
)
NO_DURATION = Text(
    vi="Không đọc được thời lượng của video; tệp có thể bị hỏng hoặc chưa tải lên hết.",
    en="The video's duration cannot be read; the file may be damaged or incompletely uploaded.",
)
TOO_LARGE = Text(
    vi="Tệp quá lớn ({size} MB); giới hạn là {limit} MB.",
    en="The file is too large ({size} MB); the limit is {limit} MB.",
)
EMPTY = Text(vi="Tệp trống.", en="The file is empty.")
TRUNCATED = Text(
    vi="Tệp video không đầy đủ: thiếu phần cuối (có thể chưa tải lên xong hoặc tệp bị hỏng). "
    "Hãy tải lên lại tệp gốc.",
    en="The video file is incomplete: its end is missing (the upload may not have finished, or "
    "the file is damaged). Upload the original file again.",
)


class ProbeRefused(ValueError):
    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True)
class ProbedVideo:
    duration_seconds: Decimal
    width: int
    height: int


def check_upload_size(upload: UploadedFile) -> None:
    limit = settings.CLIPCONTEST_MAX_UPLOAD_BYTES
    if upload.size == 0:
        raise ProbeRefused(EMPTY)
    if upload.size > limit:
        raise ProbeRefused(TOO_LARGE.format(size=_megabytes(upload.size), limit=_megabytes(limit)))


def probe_upload(upload: UploadedFile) -> ProbedVideo:
    """The duration and size of an uploaded video; ``ProbeRefused`` says why it is not one."""
    import av

    check_upload_size(upload)
    source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload.file
    upload.seek(0)
    try:
        with av.open(source, mode="r") as container:
            video = next((s for s in container.streams if s.type == "video"), None)
            if video is None:
                raise ProbeRefused(NOT_A_VIDEO)
            seconds = _duration(container, video)
            width, height = video.codec_context.width, video.codec_context.height
            if seconds is not None and seconds > 0 and _ends_early(container, video):
                raise ProbeRefused(TRUNCATED)
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, ProbeRefused):
            raise
        raise ProbeRefused(NOT_A_VIDEO) from exc
    finally:
        upload.seek(0)
    if seconds is None or seconds <= 0:
        raise ProbeRefused(NO_DURATION)
    return ProbedVideo(duration_seconds=seconds, width=width or 0, height=height or 0)


def _duration(
    container: av.container.InputContainer, video: av.video.VideoStream
) -> Decimal | None:
    import av

    if container.duration:
        return _seconds(Decimal(container.duration) / Decimal(av.time_base))
    if video.duration and video.time_base:
        return _seconds(
            Decimal(video.duration)
            * Decimal(video.time_base.numerator)
            / Decimal(video.time_base.denominator)
        )
    return None


def _ends_early(container: av.container.InputContainer, video: av.video.VideoStream) -> bool:
    """Whether the video's last packets are missing: a file cut short.

    An MP4 written for streaming keeps its index at the front, so a copy cut in half still
    declares the whole duration; only reading the packets of its last seconds shows that they
    are not there. A file that cannot be seeked in is not judged (nothing to tell by).
    """
    import av

    base = video.time_base
    if not base:
        return False
    if video.duration:
        length = float(video.duration * base)
    elif container.duration:
        length = container.duration / av.time_base
    else:
        return False
    start = float((video.start_time or 0) * base)
    try:
        container.seek(int((start + max(length - 2, 0)) / base), stream=video, backward=True)
    except av.FFmpegError:
        return False
    end = None
    try:
        for packet in container.demux(video):
            if packet.pts is not None:
                end = max(end or 0.0, float((packet.pts + (packet.duration or 0)) * base))
    except av.FFmpegError:
        pass  # a damaged tail: judged by what could be read
    return end is None or end < start + length - max(2.0, 0.1 * length)


def _seconds(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:.0f}"
