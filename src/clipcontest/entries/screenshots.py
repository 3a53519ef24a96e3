"""The screenshot a unit uploads as proof of sharing its clip into a private group.

The file is stored and later served to people's browsers, so its name and extension are not
trusted: it must open with Pillow as a JPEG, PNG or WebP image, and it is stored under the
extension of the format Pillow found (a PNG named ``proof.html`` is stored as ``.png``). The
size is capped before Pillow reads anything, and the pixel count before it decodes them.
"""

from __future__ import annotations

import warnings

from django.core.files.uploadedfile import UploadedFile

from clipcontest.common.text import Text

MAX_BYTES = 10 * 1024 * 1024
# A phone screenshot is a few megapixels; anything far beyond is not a screenshot.
MAX_PIXELS = 40_000_000
SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}

TOO_BIG = Text(
    vi="Ảnh chụp nặng {size} MB, vượt mức tối đa 10 MB. Hãy chụp lại hoặc nén ảnh.",
    en="The screenshot is {size} MB, more than the 10 MB allowed. Take it again or compress it.",
)
NOT_AN_IMAGE = Text(
    vi="Tệp này không phải ảnh JPEG, PNG hoặc WebP đọc được. Hãy tải lên ảnh chụp màn hình "
    "bài chia sẻ trong nhóm.",
    en="This file is not a readable JPEG, PNG or WebP image. Upload a screenshot of the share "
    "in the group.",
)
WRONG_FORMAT = Text(
    vi="Ảnh định dạng {format} không được nhận: chỉ nhận ảnh JPEG, PNG hoặc WebP.",
    en="{format} images are not accepted: only JPEG, PNG or WebP.",
)
TOO_LARGE_IMAGE = Text(
    vi="Ảnh có kích thước quá lớn ({width}×{height} điểm ảnh) để là ảnh chụp màn hình.",
    en="The image is too large ({width}×{height} pixels) to be a screenshot.",
)


class ScreenshotRefused(ValueError):
    """The upload cannot stand as a screenshot; ``message`` says why in both languages."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


def checked_screenshot_suffix(upload: UploadedFile) -> str:
    """The extension to store ``upload`` under (``.png``…), or ScreenshotRefused saying why.

    Leaves the file positioned at its start, ready to be saved.
    """
    if upload.size is not None and upload.size > MAX_BYTES:
        megabytes = f"{upload.size / 1024 / 1024:.1f}"
        # A decimal comma in Vietnamese, a point in English.
        raise ScreenshotRefused(
            Text(
                vi=TOO_BIG.vi.format(size=megabytes.replace(".", ",")),
                en=TOO_BIG.en.format(size=megabytes),
            )
        )
    # Imported here: Pillow adds 7 MB to every web worker, and few requests carry a screenshot.
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found, (width, height) = image.format or "", image.size
                if width * height > MAX_PIXELS:
                    raise ScreenshotRefused(TOO_LARGE_IMAGE.format(width=width, height=height))
                if found not in SUFFIXES:
                    raise ScreenshotRefused(WRONG_FORMAT.format(format=found or "?"))
                image.verify()
    except ScreenshotRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise ScreenshotRefused(NOT_AN_IMAGE) from None
    finally:
        upload.seek(0)
    return SUFFIXES[found]


def content_type_of(name: str) -> str:
    """The type a stored screenshot is served with, from the suffix it was stored under."""
    for suffix, content_type in CONTENT_TYPES.items():
        if name.lower().endswith(suffix):
            return content_type
    return "application/octet-stream"
