"""A small web server on 127.0.0.1 that plays a video platform for yt-dlp and PyAV.

Tests never reach the internet and never mock yt-dlp: they run it for real against pages and
videos served here. The videos are written with PyAV once per session; a page is an HTML
document with a JSON-LD ``VideoObject``, which yt-dlp's generic extractor reads (title,
duration, upload date, counts, thumbnail, media URL).

Paths the server understands besides plain files:
- ``/norange/NAME``: the file, ignoring ``Range`` (a server that always sends everything);
- ``/gone/NAME``: 410 Gone;
- ``/redirect?to=URL``: 302 to URL.
Every request's path is logged, with the bytes sent, so a test can tell what was fetched.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import socket
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import av
import pytest
from factories import EntryFactory, UnitFactory
from media import write_video

from clipcontest.entries.models import Entry

_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


@dataclass
class ClipServer:
    root: Path
    port: int = 0
    requests: list[str] = field(default_factory=list)
    bytes_sent: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def page(self, name: str, *, video: str = "clip7.mp4", **facts) -> str:
        """Write a post page for ``video``; ``facts`` override the JSON-LD values. Its URL."""
        values = {
            "title": "Clip về Hà Giang",
            "duration": "PT7S",
            "uploaded": "2022-04-05",
            "views": 1234,
            "likes": 56,
            "comments": 7,
            "uploader": "Ban Chỉ đạo 35 Huyện ủy Đồng Văn",
            **facts,
        }
        (self.root / name).write_text(_page_html(self, video, values), encoding="utf-8")
        return self.url(name)

    def reset(self) -> None:
        self.requests.clear()
        self.bytes_sent.clear()


def _page_html(server: ClipServer, video: str, values: dict) -> str:
    counters = [
        ("WatchAction", values["views"]),
        ("LikeAction", values["likes"]),
        ("CommentAction", values["comments"]),
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": values["title"],
        "description": "Clip dự thi",
        "duration": values["duration"],
        "uploadDate": values["uploaded"],
        "thumbnailUrl": server.url("thumb.jpg"),
        "contentUrl": server.url(video),
        "author": {"@type": "Person", "name": values["uploader"]},
        "interactionStatistic": [
            {
                "@type": "InteractionCounter",
                "interactionType": {"@type": action},
                "userInteractionCount": count,
            }
            for action, count in counters
            if count is not None
        ],
    }
    ld = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{values["title"]}'
        f'</title><script type="application/ld+json">{ld}</script></head><body></body></html>'
    )


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def _serve(self, *, with_body: bool) -> None:
        clips: ClipServer = self.server.clips
        clips.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path == "/redirect":
            return self._reply(302, b"", headers={"Location": parse_qs(parts.query)["to"][0]})
        if parts.path.startswith("/gone/"):
            return self._reply(410, b"<h1>Gone</h1>", with_body=with_body)
        honour_range = not parts.path.startswith("/norange/")
        file = clips.root / parts.path.removeprefix("/norange/").lstrip("/")
        if not file.is_file():
            return self._reply(404, b"<h1>Not found</h1>", with_body=with_body)
        data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        match = _RANGE.match(self.headers.get("Range") or "")
        if honour_range and match and int(match.group(1)) < len(data):
            start = int(match.group(1))
            end = min(int(match.group(2) or len(data) - 1), len(data) - 1)
            headers = {"Content-Range": f"bytes {start}-{end}/{len(data)}"}
            return self._reply(206, data[start : end + 1], kind, headers, with_body, self.path)
        return self._reply(200, data, kind, {}, with_body, self.path)

    def _reply(self, status, body, kind="text/html", headers=None, with_body=True, log=None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)
            if log:
                sent = self.server.clips.bytes_sent
                sent[log] = sent.get(log, 0) + len(body)


def write_noisy_video(path: Path, seconds: int, *, fps: int = 10, size: int = 128) -> Path:
    """Random pixels do not compress: 6 s at 256 px make a 2 MB file, bigger than a probe reads."""
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width = stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.time_base = Fraction(1, fps)
        for index in range(seconds * fps):
            frame = av.VideoFrame(size, size, "rgb24")
            frame.planes[0].update(os.urandom(size * size * 3))
            frame = frame.reformat(format="yuv420p")
            frame.pts, frame.time_base = index, Fraction(1, fps)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture(scope="session")
def _clip_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("clips")
    write_video(root / "clip7.mp4", 7)
    write_video(root / "clip3.mp4", 3)
    write_noisy_video(root / "big.mp4", 6, size=256)
    (root / "thumb.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    clips = ClipServer(root=root)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.clips = clips
    clips.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield clips
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def clip_server(_clip_server, settings) -> ClipServer:
    """The local platform, with loopback fetching allowed for this test only."""
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = True
    settings.CLIPCONTEST_FETCH_TIMEOUT = 5
    _clip_server.reset()
    return _clip_server


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def db_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def local_entry(contest_2022):
    """Make an entry whose link points at the local server (the link parser only accepts the
    real platforms, so these are created directly with the ORM)."""
    unit = UnitFactory(code="HG-DV", name="Ban Chỉ đạo 35 Huyện ủy Đồng Văn")

    def make(url: str, **fields) -> Entry:
        number = Entry.objects.count() + 1
        values = {
            "contest": contest_2022,
            "unit": unit,
            "ref": f"HG-DV-{number}",
            "title": f"Clip số {number} do đơn vị nhập",
            "url": url,
            "platform": "youtube",
            "video_id": f"local{number}",
            "canonical_url": f"{url}#entry-{number}",
            "duration_seconds": None,
            "duration_source": "",
            "posted_at": None,
            **fields,
        }
        return EntryFactory(**values)

    return make
