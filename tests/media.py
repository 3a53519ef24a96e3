"""Small real videos for tests, written with PyAV (no system ffmpeg, no numpy)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av


def write_video(path: Path, seconds: float, *, fps: int = 10, size: int = 64) -> Path:
    """An H.264 MP4 of ``seconds`` seconds: grey frames, a few kilobytes."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width = stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        for index in range(round(seconds * fps)):
            frame = av.VideoFrame(size, size, "rgb24")
            shade = (index * 7) % 256
            frame.planes[0].update(bytes([shade]) * (size * size * 3))
            frame = frame.reformat(format="yuv420p")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
