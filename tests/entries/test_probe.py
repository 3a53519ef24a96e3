"""Uploaded files: a real video is measured, anything else is refused with a clear message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from media import write_video

from clipcontest.entries.probe import ProbeRefused, probe_upload


def upload_of(path, name="clip.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes(), content_type="video/mp4")


def test_uploaded_video_duration_is_measured_with_pyav(tmp_path):
    probed = probe_upload(upload_of(write_video(tmp_path / "seven.mp4", 7)))
    assert probed.duration_seconds == Decimal("7.000")
    assert (probed.width, probed.height) == (64, 64)


def test_large_upload_streamed_to_disk_is_measured_from_its_temporary_file(tmp_path):
    source = write_video(tmp_path / "three.mp4", 3)
    upload = TemporaryUploadedFile("three.mp4", "video/mp4", source.stat().st_size, None)
    upload.write(source.read_bytes())
    upload.seek(0)
    assert probe_upload(upload).duration_seconds == Decimal("3.000")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 not a video at all",
        b"\x00" * 1000,
        b"GIF89a" + b"\x00" * 100,
        "Xin chào".encode(),
    ],
)
def test_file_that_is_not_a_video_is_refused_with_a_message_in_both_languages(content):
    with pytest.raises(ProbeRefused) as refused:
        probe_upload(SimpleUploadedFile("clip.mp4", content))
    assert "video" in refused.value.message.vi and "video" in refused.value.message.en


def test_truncated_video_is_refused(tmp_path):
    data = write_video(tmp_path / "whole.mp4", 5).read_bytes()
    with pytest.raises(ProbeRefused):
        probe_upload(SimpleUploadedFile("clip.mp4", data[: len(data) // 3]))


def test_empty_file_is_refused():
    with pytest.raises(ProbeRefused) as refused:
        probe_upload(SimpleUploadedFile("clip.mp4", b""))
    assert refused.value.message.en == "The file is empty."


def test_file_over_the_size_limit_is_refused_before_it_is_read(settings, tmp_path):
    settings.CLIPCONTEST_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ProbeRefused) as refused:
        probe_upload(upload_of(write_video(tmp_path / "big.mp4", 5, size=128)))
    assert "1024" not in refused.value.message.en  # said in megabytes, not bytes
    assert "too large" in refused.value.message.en
