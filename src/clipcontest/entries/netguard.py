"""The one way entries reach the network: no private addresses, bounded time and size.

A unit pastes a link and our worker fetches it. Without care, a link (or a redirect, or a DNS
answer that changes between the check and the connection) could make the server talk to
127.0.0.1, the cloud metadata service or the office LAN. Four layers stop that:

1. ``check_url_allowed(url)`` refuses anything but http(s), a port other than 80 or 443, and any
   host that resolves (every address ``getaddrinfo`` gives) to a non-public address.
2. Inside ``guarded()`` every name lookup of this thread goes through the guard: a host is
   resolved once, every address checked, and the answer *pinned*: later lookups of the same
   host (yt-dlp's, urllib's, a redirect back to it) get the checked addresses, never a second
   DNS answer. A rebinding DNS server cannot swap in 127.0.0.1 after the check.
3. ``guarded()`` also checks every connection Python code opens while it is active in this
   thread, with the interpreter's audit hooks (PEP 578, event ``socket.connect``): it must go to
   an address the guard resolved and allowed. Redirect hops yt-dlp follows by itself are new
   connections, so each is checked.
4. A whole fetch has a deadline: when it passes, a watchdog shuts the fetch's sockets down, so
   a server that sends one byte a second cannot hold a worker (a socket timeout bounds each
   read, not a fetch). Bodies are read with a byte cap (``fetching.py``, ``remote_media.py``).

``settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE`` turns the address checks off (the tests' clip
server is on 127.0.0.1); the scheme check and the limits always hold.
``CLIPCONTEST_FETCH_ALLOWED_NETWORKS`` lets chosen networks through (an egress proxy or a
mirror on the office LAN), on any port. Connections opened by C code (FFmpeg's own protocols,
libcurl) are invisible to the audit hook: FFmpeg is only ever given Python file objects and a
demuxer allow-list (no playlists that point elsewhere), and curl_cffi is not installed.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import chain
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
PORT_REFUSED = Text(
    vi="Đường dẫn dùng cổng {port}; máy chủ chỉ tải qua cổng 80 và 443.",
    en="The link uses port {port}; the server only fetches through ports 80 and 443.",
)
NOT_RESOLVED = Text(
    vi="Kết nối tới {address} không qua bước kiểm tra địa chỉ; máy chủ đã chặn.",
    en="A connection to {address} skipped the address check; the server stopped it.",
)
TOO_SLOW = Text(
    vi="Nền tảng trả lời quá chậm (quá {seconds} giây cho một lần đọc bài đăng).",
    en="The platform answered too slowly (over {seconds} seconds to read the post).",
)
TOO_LARGE = Text(
    vi="Trang trả về quá lớn (hơn {megabytes} MB); máy chủ không đọc hết.",
    en="The page is too large (over {megabytes} MB); the server does not read it all.",
)

ALLOWED_PORTS = frozenset({80, 443})


class FetchRefused(OSError):
    """A fetch we will not make or finish; ``message`` says why.

    ``permanent`` is False for a limit that another attempt may not hit (a slow platform). An
    ``OSError``, so the HTTP libraries between the guard and the socket treat it as a failed
    connection: no retry, no second try through another of yt-dlp's handlers. The guard keeps
    the refusal itself, whatever the libraries wrap it in.
    """

    def __init__(self, message: Text, *, permanent: bool = True) -> None:
        self.message = message
        self.permanent = permanent
        super().__init__(message.en)


# --- which addresses ---------------------------------------------------------------------------


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)


def is_public_address(text: str) -> bool:
    """True only for a globally routable unicast address (IPv4 or IPv6).

    ``is_global`` already excludes private, loopback, link-local, reserved, unspecified and
    shared (100.64/10) ranges; multicast and IPv6 site-local are "global" to ``ipaddress`` but
    never a web server. An IPv6 address that wraps an IPv4 one (``::ffff:127.0.0.1``, 6to4
    ``2002:7f00:1::``) is judged as the IPv4 address it leads to.
    """
    address = _ip(text)
    if isinstance(address, ipaddress.IPv6Address):
        wrapped = address.ipv4_mapped or address.sixtofour
        if wrapped is not None:
            return is_public_address(str(wrapped))
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
    )


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    names = getattr(settings, "CLIPCONTEST_FETCH_ALLOWED_NETWORKS", ())
    return [ipaddress.ip_network(name, strict=False) for name in names]


def _in_allowed_network(text: str) -> bool:
    address = _ip(text)
    return any(address in network for network in _allowed_networks())


def _private_allowed() -> bool:
    return bool(settings.CLIPCONTEST_FETCH_ALLOW_PRIVATE)


def _check_address(host: str, address: str, port: int | None) -> None:
    """Refuse ``address`` (what ``host`` resolved to) unless it is public or allowed."""
    if _in_allowed_network(address):
        return
    if not is_public_address(address):
        raise FetchRefused(ADDRESS_REFUSED.format(address=f"{host} → {address}"))
    if port is not None and port not in ALLOWED_PORTS:
        raise FetchRefused(PORT_REFUSED.format(port=port))


def _is_ip_literal(host: str) -> bool:
    try:
        _ip(host)
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int | None) -> list[str]:
    """Every address of ``host`` (through the guard's pins when one is active)."""
    if _is_ip_literal(host):
        return [host.split("%", 1)[0]]
    found = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


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
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:  # a port that is not a number, or above 65535
        raise FetchRefused(NO_HOST) from None
    if not _private_allowed():
        for address in _resolve(parts.hostname, port):
            _check_address(parts.hostname, address, port)


# --- the guard: pinned names, checked connections, a deadline ---------------------------------

Resolver = Callable[..., list]


@dataclass
class Guard:
    """One fetch's network: what it resolved (pinned), its sockets, its deadline, its refusal.

    ``refusal`` keeps what the guard refused: yt-dlp may wrap our exception in its own.
    """

    active: bool  # whether addresses are checked (False when private addresses are allowed)
    deadline: float | None = None  # time.monotonic() after which the fetch is stopped
    seconds: float | None = None
    refusal: FetchRefused | None = None
    pins: dict[str, list[str]] = field(default_factory=dict)
    sockets: list[socket.socket] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, refusal: FetchRefused) -> FetchRefused:
        if self.refusal is None:
            self.refusal = refusal
        return refusal

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise self.refuse(_too_slow(self.seconds))

    def pinned(self, resolver: Resolver, host: str, port: object) -> list[str]:
        """The checked addresses of ``host``: looked up once per fetch, then always the same."""
        key = host.lower().rstrip(".")
        if key not in self.pins:
            if _is_ip_literal(host):
                addresses = [host.split("%", 1)[0]]
            else:
                found = resolver(host, port, 0, socket.SOCK_STREAM)
                addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
            try:
                for address in addresses:
                    _check_address(host, address, None)  # the port is checked on connect
            except FetchRefused as refusal:
                raise self.refuse(refusal) from None
            self.pins[key] = addresses
        return self.pins[key]

    def resolved(self, address: str) -> bool:
        wanted = _ip(address)
        return any(_ip(known) == wanted for known in chain(*self.pins.values()))

    def expire(self) -> None:
        """The deadline passed: shut every socket of the fetch so blocked reads return."""
        self.refuse(_too_slow(self.seconds))
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with self.lock:
            for sock in self.sockets:
                sock.close()
            self.sockets.clear()


def _too_slow(seconds: float | None) -> FetchRefused:
    return FetchRefused(TOO_SLOW.format(seconds=f"{seconds or 0:g}"), permanent=False)


_CURRENT: ContextVar[Guard | None] = ContextVar("clipcontest_netguard", default=None)


def current_guard() -> Guard | None:
    """The guard of the fetch running in this thread, if any (for readers that cap bytes)."""
    return _CURRENT.get()


# -- name lookups: installed over socket.getaddrinfo while at least one guard checks addresses --

_resolver_lock = threading.Lock()
_resolver_users = 0
_underlying: Resolver | None = None


def _port_number(port: object) -> int:
    if port is None:
        return 0
    if isinstance(port, bytes):
        port = port.decode()
    if isinstance(port, str) and not port.isdigit():
        return socket.getservbyname(port, "tcp")
    return int(port)  # type: ignore[arg-type]


def _guarded_getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    underlying = _underlying or socket.getaddrinfo
    guard = _CURRENT.get()
    if guard is None or not guard.active or host is None:
        return underlying(host, port, family, type, proto, flags)
    name = host.decode() if isinstance(host, bytes) else str(host)
    number = _port_number(port)
    answers = []
    for address in guard.pinned(underlying, name, port):
        kind = socket.AF_INET6 if ":" in address else socket.AF_INET
        if family not in (0, socket.AF_UNSPEC, kind):
            continue
        where = (address, number, 0, 0) if kind == socket.AF_INET6 else (address, number)
        answers.append((kind, type or socket.SOCK_STREAM, proto or socket.IPPROTO_TCP, "", where))
    if not answers:
        raise socket.gaierror(socket.EAI_FAMILY, "no pinned address of the requested family")
    return answers


def _use_resolver() -> None:
    global _resolver_users, _underlying
    with _resolver_lock:
        if _resolver_users == 0 and socket.getaddrinfo is not _guarded_getaddrinfo:
            _underlying = socket.getaddrinfo
            socket.getaddrinfo = _guarded_getaddrinfo
        _resolver_users += 1


def _release_resolver() -> None:
    global _resolver_users, _underlying
    with _resolver_lock:
        _resolver_users -= 1
        if _resolver_users == 0 and socket.getaddrinfo is _guarded_getaddrinfo:
            socket.getaddrinfo = _underlying
            _underlying = None


# -- connections: the audit hook ---------------------------------------------------------------

_hook_lock = threading.Lock()
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    # Runs for every audit event of the process: return as early and cheaply as possible.
    if event != "socket.connect":
        return
    guard = _CURRENT.get()
    if guard is None:
        return
    sock, address = args
    guard.check_time()
    if guard.active:
        _check_connection(guard, sock, address)
    with guard.lock:  # a duplicate descriptor, so the watchdog can shut it down at the deadline
        guard.sockets.append(sock.dup())
    if guard.deadline is not None:
        remaining = max(guard.deadline - time.monotonic(), 0.001)
        current = sock.gettimeout()
        sock.settimeout(remaining if current is None else min(current, remaining))


def _check_connection(guard: Guard, sock: socket.socket, address: tuple) -> None:
    try:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            raise FetchRefused(ADDRESS_REFUSED.format(address=str(address)))
        host, port = str(address[0]), int(address[1])
        _check_address(host, host, port)
        if not guard.resolved(host):  # connected by address, bypassing the pinned lookup
            raise FetchRefused(NOT_RESOLVED.format(address=host))
    except FetchRefused as refusal:
        raise guard.refuse(refusal) from None


def _install_hook() -> None:
    """Audit hooks cannot be removed, so the one hook is added once and idles when unused."""
    global _hook_installed
    with _hook_lock:
        if not _hook_installed:
            sys.addaudithook(_audit)
            _hook_installed = True


@contextlib.contextmanager
def guarded(*, seconds: float | None = None) -> Iterator[Guard]:
    """Pin lookups and check every connection of this thread until the block ends.

    ``seconds`` bounds the whole block: at the deadline its sockets are shut down and
    ``guard.refusal`` says the platform was too slow.
    """
    guard = Guard(active=not _private_allowed(), seconds=seconds)
    if seconds is not None:
        guard.deadline = time.monotonic() + seconds
    _install_hook()
    if guard.active:
        _use_resolver()
    token = _CURRENT.set(guard)
    watchdog = threading.Timer(seconds, guard.expire) if seconds is not None else None
    if watchdog is not None:
        watchdog.daemon = True
        watchdog.start()
    try:
        yield guard
    finally:
        if watchdog is not None:
            watchdog.cancel()
        _CURRENT.reset(token)
        if guard.active:
            _release_resolver()
        guard.close()


def __getattr__(name: str) -> object:
    # RemoteMedia and ProbeLimit moved to remote_media.py; older imports keep working.
    if name in ("RemoteMedia", "ProbeLimit"):
        from . import remote_media

        return getattr(remote_media, name)
    raise AttributeError(name)
