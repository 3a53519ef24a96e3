"""A submitted link must never make the server fetch from a private place, or hang, or fill up.

The production policy is on in every test here (private addresses refused). The local clip
server on 127.0.0.1 plays "the platform" by being the one allow-listed network
(``CLIPCONTEST_FETCH_ALLOWED_NETWORKS``, the setting an egress proxy would use), so a redirect
from it to any other private address is a real redirect the guard has to stop. DNS is the one
thing faked (``socket.getaddrinfo``), to play a rebinding name server.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import av
import pytest

from clipcontest.entries.fetching import PROBE_OPTIONS, FetchFailed, fetch_post
from clipcontest.entries.netguard import FetchRefused, check_url_allowed, guarded
from clipcontest.entries.remote_media import RemoteMedia

from .faults_figures import note, record

# Every way of writing a private, local or otherwise non-public address we know of.
REFUSED_HOSTS = [
    "127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.255.255.254",
    "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::127.0.0.1]", "[2002:7f00:1::]",
    "[2002:a00:1::]", "[64:ff9b::7f00:1]",
    "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "[fd00::1]", "[fec0::1]",
    "169.254.169.254", "[fe80::1]", "[fe80::1%25eth0]",
    "0.0.0.0", "0", "[::]",
    "224.0.0.1", "239.255.255.250", "[ff02::1]", "[ff0e::1]",
    "240.0.0.1", "255.255.255.255", "100.64.0.1", "100.127.255.254", "192.0.0.1",
    "198.18.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1", "[2001:db8::1]", "[100::1]",
]  # fmt: skip
USERINFO_TRICKS = [
    "http://www.youtube.com@127.0.0.1/watch?v=x",
    "http://www.youtube.com:443@10.0.0.1/",
    "http://user:pass@169.254.169.254/latest/meta-data/",
    "http://127.0.0.1#@www.youtube.com/",
    "http://127.0.0.1?@www.youtube.com/",
    "http://a@b@127.0.0.1/",
]
OTHER_SCHEMES = [
    "file:///etc/passwd", "ftp://example.com/clip.mp4", "gopher://127.0.0.1:25/", "dict://x/",
    "data:text/html,hi", "javascript:alert(1)", "sftp://x/", "ldap://x/", "jar:http://x!/",
]  # fmt: skip
WRONG_PORTS = ["https://8.8.8.8:25/", "http://8.8.8.8:6379/", "https://[2606:4700::1111]:22/"]


@pytest.fixture
def production_policy(settings) -> None:
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    settings.CLIPCONTEST_FETCH_ALLOWED_NETWORKS = ()


@pytest.fixture
def platform(clip_server, settings):
    """The clip server as the only reachable "platform"; every other private address refused."""
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    settings.CLIPCONTEST_FETCH_ALLOWED_NETWORKS = ("127.0.0.1/32",)
    settings.CLIPCONTEST_FETCH_DEADLINE = 20
    return clip_server


@pytest.fixture
def fake_dns(monkeypatch) -> dict:
    """Names answered from a table; each name's answers are used in turn (the last repeats)."""
    real = socket.getaddrinfo
    table: dict[str, list[list[str]]] = {}
    calls: dict[str, int] = {}

    def fake_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in table:
            return real(host, port, family, type, proto, flags)
        answers = table[name]
        addresses = answers[min(calls.get(name, 0), len(answers) - 1)]
        calls[name] = calls.get(name, 0) + 1
        number = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, number, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, number))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    return {"answers": table, "calls": calls}


# --- the address policy ---------------------------------------------------------------------


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_a_link_to_a_private_or_local_address_is_refused_in_both_languages(production_policy, host):
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed(f"http://{host}/clip.mp4")
    assert "private or local" in refused.value.message.en
    assert "nội bộ hoặc cục bộ" in refused.value.message.vi
    note("fetch_refusals")


@pytest.mark.parametrize("url", USERINFO_TRICKS)
def test_a_link_whose_host_hides_behind_user_info_or_a_fragment_is_judged_by_its_real_host(
    production_policy, url
):
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed(url)
    assert "private or local" in refused.value.message.en
    note("fetch_refusals")


@pytest.mark.parametrize("url", OTHER_SCHEMES)
def test_only_http_and_https_are_fetched(production_policy, url):
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed(url)
    assert "http://" in refused.value.message.en and "http://" in refused.value.message.vi
    note("fetch_refusals")


@pytest.mark.parametrize("url", WRONG_PORTS)
def test_a_public_address_on_a_port_other_than_80_or_443_is_refused(production_policy, url):
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed(url)
    assert "port" in refused.value.message.en and "cổng" in refused.value.message.vi
    note("fetch_refusals")


def test_one_private_address_among_a_names_public_ones_refuses_the_name(
    production_policy, fake_dns
):
    fake_dns["answers"]["mixed.example"] = [["93.184.216.34", "10.1.2.3"]]
    with pytest.raises(FetchRefused) as refused:
        check_url_allowed("https://mixed.example/watch")
    assert "10.1.2.3" in refused.value.message.en
    note("fetch_refusals")


def test_a_refused_link_costs_no_request_at_all(production_policy, clip_server, settings):
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False  # clip_server allows it; not here
    with pytest.raises(FetchFailed) as failed:
        fetch_post(clip_server.page("post.html"))
    assert failed.value.permanent and "127.0.0.1" in failed.value.reason.en
    assert clip_server.requests == []
    note("fetch_refusals")


# --- redirects: every hop is checked ----------------------------------------------------------


def test_the_allow_listed_platform_is_fetched_whole_with_its_probe(platform):
    """The control: the guard lets the platform through, so the refusals below are its own."""
    post = fetch_post(platform.url("clip3.mp4"))
    assert post.duration_seconds is not None and post.duration_source == "probed"


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/post.html",
        "http://[::1]:{port}/post.html",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://192.168.0.1/",
        "http://[::ffff:127.0.0.1]:{port}/post.html",
        "http://167772161/post.html",
        "http://0x0a000001/post.html",
    ],
)
def test_a_redirect_from_the_platform_to_a_private_address_is_refused(platform, target):
    platform.page("post.html")
    hop = target.format(port=platform.port)
    with pytest.raises(FetchFailed) as failed:
        fetch_post(platform.url(f"redirect?to={quote(hop, safe='')}"))

    assert failed.value.permanent and "private or local" in failed.value.reason.en
    assert [path.split("?")[0] for path in platform.requests] == ["/redirect"]
    note("fetch_refusals")


def test_a_redirect_to_a_name_that_resolves_privately_is_refused(platform, fake_dns):
    fake_dns["answers"]["cdn.evil.example"] = [["10.9.8.7"]]
    with pytest.raises(FetchFailed) as failed:
        fetch_post(platform.url("redirect?to=http://cdn.evil.example/clip.mp4"))
    assert "10.9.8.7" in failed.value.reason.en
    note("fetch_refusals")


def test_a_redirect_to_a_public_host_on_another_port_is_refused(platform, fake_dns):
    fake_dns["answers"]["cdn.example"] = [["93.184.216.34"]]
    with pytest.raises(FetchFailed) as failed:
        fetch_post(platform.url("redirect?to=http://cdn.example:8080/clip.mp4"))
    assert "8080" in failed.value.reason.en
    note("fetch_refusals")


def test_the_media_probe_checks_its_redirects_too(platform):
    with pytest.raises(FetchRefused), guarded():
        RemoteMedia(platform.url("redirect?to=http://10.0.0.1/clip.mp4"), headers={}, timeout=5)
    note("fetch_refusals")


# --- DNS rebinding: the connection goes to the address that was checked ------------------------


def test_a_name_is_resolved_once_per_fetch_and_pinned_so_rebinding_cannot_swap_it(
    production_policy, fake_dns
):
    fake_dns["answers"]["rebind.example"] = [["93.184.216.34"], ["127.0.0.1"]]
    with guarded():
        check_url_allowed("https://rebind.example/watch")
        again = socket.getaddrinfo("rebind.example", 443, 0, socket.SOCK_STREAM)
        twice = socket.getaddrinfo("rebind.example", 80)

    assert {info[4] for info in again} == {("93.184.216.34", 443)}
    assert {info[4] for info in twice} == {("93.184.216.34", 80)}
    assert fake_dns["calls"]["rebind.example"] == 1
    # Outside a fetch the name server's second answer would have been used.
    assert socket.getaddrinfo("rebind.example", 443)[0][4][0] == "127.0.0.1"
    note("fetch_refusals")


def test_a_rebinding_name_is_fetched_from_the_address_checked_not_the_second_answer(
    platform, fake_dns
):
    """yt-dlp looks the name up again itself; it gets the pinned, checked address."""
    platform.page("post.html")
    fake_dns["answers"]["rebind.example"] = [["127.0.0.1"], ["10.0.0.9"]]

    post = fetch_post(f"http://rebind.example:{platform.port}/post.html")

    assert post.title == "Clip về Hà Giang"
    assert fake_dns["calls"]["rebind.example"] == 1
    assert "/post.html" in platform.requests
    note("fetch_refusals")


def test_a_name_whose_first_answer_is_private_is_refused_before_any_connection(platform, fake_dns):
    fake_dns["answers"]["rebind.example"] = [["10.0.0.9"], ["127.0.0.1"]]
    with pytest.raises(FetchFailed) as failed:
        fetch_post(f"http://rebind.example:{platform.port}/post.html")
    assert "10.0.0.9" in failed.value.reason.en and platform.requests == []
    note("fetch_refusals")


def test_a_connection_that_skips_the_pinned_lookup_is_refused(platform):
    """Code that connects by address without asking the guard (or with an old DNS answer)."""
    with guarded() as guard, socket.socket() as sock, pytest.raises(FetchRefused):
        sock.connect(("127.0.0.1", platform.port))
    assert "skipped the address check" in guard.refusal.message.en
    note("fetch_refusals")


def test_a_raw_connection_to_a_private_address_is_refused(production_policy, closed_port):
    with guarded(), socket.socket() as sock, pytest.raises(FetchRefused):
        sock.connect(("127.0.0.1", closed_port))
    note("fetch_refusals")


# --- time and size ------------------------------------------------------------------------------


class _Hostile(BaseHTTPRequestHandler):
    """``/drip``: a page one byte at a time, forever; ``/silent``: headers never come;
    ``/endless``: bytes without end and without a length; ``/declared``: a huge length."""

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        sent = self.server.sent
        try:
            if self.path == "/silent":
                time.sleep(30)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if self.path == "/declared":
                self.send_header("Content-Length", str(500 * 1024**2))
            self.end_headers()
            while True:
                chunk = b"<" if self.path == "/drip" else b"<p>" + b"x" * 65533
                self.wfile.write(chunk)
                sent[self.path] = sent.get(self.path, 0) + len(chunk)
                time.sleep(0.1 if self.path == "/drip" else 0)
        except OSError:  # the client went away: what the guard should make it do
            return


@pytest.fixture
def hostile(settings) -> Iterator[ThreadingHTTPServer]:
    settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE = False
    settings.CLIPCONTEST_FETCH_ALLOWED_NETWORKS = ("127.0.0.1/32",)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    server.daemon_threads = True
    server.sent = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


@pytest.mark.parametrize("path", ["/drip", "/silent"])
def test_a_platform_that_answers_too_slowly_is_cut_off_at_the_fetch_deadline(
    hostile, settings, path
):
    """Each read is quick (/drip) or the socket timeout is long (/silent): only the deadline of
    the whole fetch ends it. Too slow today may be fine tomorrow: it is retried."""
    settings.CLIPCONTEST_FETCH_TIMEOUT = 10
    settings.CLIPCONTEST_FETCH_DEADLINE = 1.5
    started = time.monotonic()
    with pytest.raises(FetchFailed) as failed:
        fetch_post(_url(hostile, path))

    assert time.monotonic() - started < 5
    assert not failed.value.permanent
    assert "too slowly" in failed.value.reason.en and "quá chậm" in failed.value.reason.vi
    note("fetch_refusals")


@pytest.mark.parametrize("path", ["/endless", "/declared"])
def test_a_page_larger_than_the_cap_is_not_read_into_memory(hostile, settings, path):
    settings.CLIPCONTEST_FETCH_MAX_BYTES = 1024**2
    with pytest.raises(FetchFailed) as failed:
        fetch_post(_url(hostile, path))

    assert failed.value.permanent
    assert "too large" in failed.value.reason.en and "quá lớn" in failed.value.reason.vi
    time.sleep(0.2)
    assert hostile.sent.get(path, 0) < 8 * 1024**2  # the server was not drained
    note("fetch_refusals")


# --- PyAV: FFmpeg opens nothing by itself -------------------------------------------------------


class _NamedPlaylist(io.BytesIO):
    name = "media.m3u8"  # what makes FFmpeg try its HLS demuxer


def test_the_probe_never_lets_ffmpeg_follow_a_playlist_to_another_address():
    """FFmpeg's own HTTP client is C code the guard cannot see: a playlist served as "media"
    would send it to any address. The probe's options allow plain containers only."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    connections: list[bytes] = []
    done = threading.Event()

    def answer() -> None:  # accept and hang up, so FFmpeg's request fails at once
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connections.append(connection.recv(64))
            connection.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    playlist = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n"
        f"http://127.0.0.1:{listener.getsockname()[1]}/segment.ts\n#EXT-X-ENDLIST\n"
    ).encode()

    def connections_after(**options) -> int:
        connections.clear()
        with contextlib.suppress(av.FFmpegError), av.open(_NamedPlaylist(playlist), **options):
            pass
        return len(connections)

    try:
        assert connections_after() >= 1  # the danger is real without the options
        assert connections_after(options=PROBE_OPTIONS) == 0
    finally:
        done.set()
        thread.join()
        listener.close()
    note("fetch_refusals")


def test_figures_fetch_guard():
    written = record("fetch_refusals")
    assert written["fetch_refusals"] >= 1
