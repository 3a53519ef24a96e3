"""Reading a remote video for PyAV: a few range requests, never the whole file.

FFmpeg is given a Python file object, so every connection it needs goes through Python, where
``netguard`` sees it, and no request leaves without our byte, request and time caps.
"""

from __future__ import annotations

import io
import re
import time
import urllib.request

from .netguard import check_url_allowed, current_guard


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect to ftp://; only http(s) hops to allowed hosts pass."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url_allowed(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class ProbeLimit(OSError):
    """Reading the media would cost more than a probe may (bytes, requests or time)."""


_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")
_CHUNK = 64 * 1024


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
            body = self._read(response)
            match = _CONTENT_RANGE.match(response.headers.get("Content-Range") or "")
        self.fetched += len(body)
        if self.fetched > self.max_bytes:
            raise ProbeLimit(f"probe of {self.url} would read more than {self.max_bytes} bytes")
        if response.status == 206 and match:
            self.size = int(match.group(3)) if match.group(3) != "*" else None
            return body
        self._whole, self.size = body, len(body)  # 200: the server sent the whole file
        return self._block(start // self.BLOCK)

    def _read(self, response) -> bytes:
        """The body in chunks, so the byte cap and the deadlines hold while it arrives."""
        parts: list[bytes] = []
        total = 0
        guard = current_guard()
        while chunk := response.read(min(_CHUNK, self.max_bytes - self.fetched - total + 1)):
            parts.append(chunk)
            total += len(chunk)
            if self.fetched + total > self.max_bytes:
                break
            if time.monotonic() > self.deadline:
                raise ProbeLimit(f"probe of {self.url} takes too long")
            if guard is not None:
                guard.check_time()
        return b"".join(parts)
