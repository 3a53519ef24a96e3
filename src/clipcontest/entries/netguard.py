"""The one way entries reach the network: no private addresses, bounded time and size.

A unit pastes a link and our worker fetches it. Without care, a link (or a redirect, or a DNS
answer that changes between the check and the connection) could make the server talk to
127.0.0.1, the cloud metadata service or the office LAN. Three layers stop that:

1. ``check_url_allowed(url)`` refuses anything but http(s) and any host that resolves (through
   ``getaddrinfo``, every address) to a non-public address. It runs before any request, so a
   refused link costs no network traffic at all.
2. ``guarded()`` checks every connection Python code opens while it is active in this thread.
   It uses the interpreter's documented audit hooks (PEP 578, event ``socket.connect``), so it
   sees the address actually connected to: every redirect hop yt-dlp follows by itself and every
   DNS answer, rebinding included, without patching yt-dlp's internals.
3. ``RemoteMedia`` lets PyAV read a post's media through Python (HTTP range requests capped in
   bytes, requests and seconds), so FFmpeg never opens a connection of its own that the guard
   could not see, and a probe never downloads a whole video.

``settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE`` turns the address checks off (tests serve clips on
127.0.0.1); the scheme check always holds.

Left for issue 9: yt-dlp reads a whole web page into memory (no size cap of ours); its socket
timeout bounds each read, not a fetch as a whole; an egress proxy on a private address would be
refused by the guard (it would need an allow-list); connections opened by C code (libcurl via
curl_cffi, not installed here) are invisible to the audit hook.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import re
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from clipcontest.common.text import Text

SCHEME_REFUSED = Text(
    vi="Chỉ tải được đường dẫn http:// hoặc https://.",
    en="Only http:// and https:// links can be fetched.",
)
NO_HOST = Text(vi="Đường dẫn không có tên máy chủ.", en="The link has no host name.")
ADDRESS_REFUSED = Text(
    vi="Đường dẫn trỏ tới địa chỉ mạng nội bộ hoặc cục bộ ({address}); máy chủ không tải "
    "những đường dẫn như vậy.",
    en="The link leads to a private or local network address ({address}); the server does "
    "not fetch such links.",
)


class FetchRefused(Exception):
    """A fetch we will not make, whatever happens on the network; ``message`` says why."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)


def is_public_address(text: str) -> bool:
    """True only for a globally routable unicast address (IPv4 or IPv6).

    ``is_global`` already excludes private, loopback, link-local, reserved, unspecified and
    shared (100.64/10) ranges; multicast is global in ``ipaddress`` but never a web server.
    An IPv4-mapped IPv6 address (``::ffff:127.0.0.1``) is judged as the IPv4 address it wraps.
    """
    address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def _private_allowed() -> bool:
    return bool(settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE)


def _check_host(host: str, port: int | None) -> None:
    """Refuse the host if any address it resolves to is not public."""
    if _is_ip_literal(host):
        addresses = [host]
    else:
        found = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
        addresses = [str(info[4][0]) for info in found]
    for address in addresses:
        if not is_public_address(address):
            raise FetchRefused(ADDRESS_REFUSED.format(address=f"{host} → {address}"))


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def check_url_allowed(url: str) -> None:
    """Raise ``FetchRefused`` unless ``url`` is http(s) to a host with only public addresses.

    Resolution failures (``socket.gaierror``) propagate: a name that does not resolve today is
    a network problem worth retrying, not a policy refusal.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused(SCHEME_REFUSED)
    if not parts.hostname:
        raise FetchRefused(NO_HOST)
    if not _private_allowed():
        _check_host(parts.hostname, parts.port)


# --- every connection while a fetch runs ------------------------------------------------------


@dataclass
class Guard:
    """What the guard refused while it was active (yt-dlp may wrap our exception in its own)."""

    active: bool
    refusal: FetchRefused | None = None


_CURRENT: ContextVar[Guard | None] = ContextVar("clipcontest_netguard", default=None)
_hook_lock = threading.Lock()
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    # Runs for every audit event of the process: return as early and cheaply as possible.
    if event != "socket.connect":
        return
    guard = _CURRENT.get()
    if guard is None or not guard.active:
        return
    sock, address = args
    try:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            raise FetchRefused(ADDRESS_REFUSED.format(address=str(address)))
        _check_host(str(address[0]), int(address[1]))
    except FetchRefused as refusal:
        guard.refusal = refusal
        raise


def _install_hook() -> None:
    """Audit hooks cannot be removed, so the one hook is added once and idles when unused."""
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True


@contextlib.contextmanager
def guarded() -> Iterator[Guard]:
    """Check every socket connection opened by this thread until the block ends."""
    guard = Guard(active=not _private_allowed())
    if guard.active:
        _install_hook()
    token = _CURRENT.set(guard)
    try:
        yield guard
    finally:
        _CURRENT.reset(token)


# --- reading a remote video for PyAV ----------------------------------------------------------


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect to ftp://; only http(s) hops pass."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url_allowed(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class ProbeLimit(OSError):
    """Reading the media would cost more than a probe may (bytes, requests or time)."""


_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class RemoteMedia(io.RawIOBase):
    """A remote video file read in blocks by HTTP range requests, for ``av.open``.

    FFmpeg reads a container's header and index (at the start, or at the end of an MP4 not
    made for streaming), so a probe needs a few blocks, never the whole video. A server that
    ignores ``Range`` sends the whole file: that is accepted only while it fits the byte cap.
    """

    BLOCK = 256 * 1024

    def __init__(self, url: str, *, headers: dict[str, str], timeout: float, **limits) -> None:
        self.url, self.headers, self.timeout = url, headers, timeout
        self.max_bytes = limits.get("max_bytes", 16 * 1024**2)
        self.max_requests = limits.get("max_requests", 24)
        self.deadline = time.monotonic() + limits.get("max_seconds", 3 * timeout)
        self.size: int | None = None
        self.position = 0
        self.fetched = self.requests = 0
        self.blocks: dict[int, bytes] = {}
        self.opener = urllib.request.build_opener(_CheckedRedirects)
        self._whole: bytes | None = None
        self._block(0)  # learns the size, and whether the server honours ranges

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_END:
            if self.size is None:
                raise OSError("size unknown")
            offset += self.size
        elif whence == io.SEEK_CUR:
            offset += self.position
        self.position = max(0, offset)
        return self.position

    def readinto(self, buffer) -> int:
        if self.size is not None and self.position >= self.size:
            return 0
        index, skip = divmod(self.position, self.BLOCK)
        chunk = self._block(index)[skip : skip + len(buffer)]
        buffer[: len(chunk)] = chunk
        self.position += len(chunk)
        return len(chunk)

    def _block(self, index: int) -> bytes:
        if self._whole is not None:
            return self._whole[index * self.BLOCK : (index + 1) * self.BLOCK]
        if index not in self.blocks:
            self.blocks[index] = self._fetch(index * self.BLOCK)
        return self.blocks[index]

    def _fetch(self, start: int) -> bytes:
        self.requests += 1
        if self.requests > self.max_requests or time.monotonic() > self.deadline:
            raise ProbeLimit(f"probe of {self.url} needs too many requests or too long")
        wanted = {**self.headers, "Range": f"bytes={start}-{start + self.BLOCK - 1}"}
        request = urllib.request.Request(self.url, headers=wanted)
        with self.opener.open(request, timeout=self.timeout) as response:
            self.url = response.geturl()  # later blocks skip the redirects
            body = response.read(self.max_bytes - self.fetched + 1)
            match = _CONTENT_RANGE.match(response.headers.get("Content-Range") or "")
        self.fetched += len(body)
        if self.fetched > self.max_bytes:
            raise ProbeLimit(f"probe of {self.url} would read more than {self.max_bytes} bytes")
        if response.status == 206 and match:
            self.size = int(match.group(3)) if match.group(3) != "*" else None
            return body
        self._whole, self.size = body, len(body)  # 200: the server sent the whole file
        return self._block(start // self.BLOCK)
