"""A real HTTP server on 127.0.0.1 for web-update tests and the benchmark, under their control.

It serves a folder as static files the way a CDN does (ETag, 304 on
If-None-Match, Range with If-Range, HEAD), records every request, counts
the bytes that cross the socket both ways, and can misbehave on purpose:
drop the connection part-way through a file, never answer at all, trickle
a byte at a time, send other bytes than the file's (a captive portal's
page), bytes that are no HTTP at all, or a new ETag every time. Given an
`ssl.SSLContext` it serves https:// (tests/web_tls.py makes the certificates).
Nothing here imports the app, so it cannot agree with a bug.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import ssl
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    status: int = 0
    body_bytes: int = 0


@dataclass
class Behaviour:
    """What the server does wrong, set by a test; each rule is keyed by URL path."""

    drop_after: dict[str, int] = field(default_factory=dict)  # path -> bytes, then close (once)
    drop_every: dict[str, int] = field(default_factory=dict)  # the same, at every request
    hang: bool = False  # never answer any request
    status: dict[str, int] = field(default_factory=dict)  # path -> forced status
    no_etag: bool = False
    gz_encoding: bool = False  # label .gz files `Content-Encoding: gzip`, as object stores may
    redirect: dict[str, str] = field(default_factory=dict)  # path -> Location of a 302
    endless: set[str] = field(default_factory=set)  # paths answered with bytes that never end
    claimed_length: dict[str, int] = field(default_factory=dict)  # path -> Content-Length said
    # path -> headers sent instead of the server's own of those names (ETag, Content-Range...)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    body: dict[str, bytes] = field(default_factory=dict)  # path -> bytes served instead of a file
    served_status: dict[str, int] = field(default_factory=dict)  # path -> status, body still sent
    raw: dict[str, bytes] = field(default_factory=dict)  # path -> bytes sent instead of HTTP
    trickle: dict[str, float] = field(default_factory=dict)  # path -> seconds between body bytes
    fresh_etag: bool = False  # a new ETag on every answer, If-None-Match ignored
    no_head: bool = False  # HEAD answered 405 Method Not Allowed, as some hosts do
    chunked: set[str] = field(default_factory=set)  # paths sent in chunks, with a false length
    no_length: set[str] = field(default_factory=set)  # no Content-Length: the close ends the body


class _QuietServer(ThreadingHTTPServer):
    """Says nothing when the reader hangs up mid-answer (a Cancel, a timeout):
    tests do that on purpose. Any other error in a handler is printed as before."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class WebServer:
    """`with WebServer(root) as server:` serves `root` at `server.url`."""

    def __init__(self, root: Path, tls: ssl.SSLContext | None = None):
        self.root = Path(root)
        self.scheme = "https" if tls else "http"
        self.requests: list[Request] = []
        self.behaviour = Behaviour()
        self.bytes_in = 0  # request bytes received (request line and headers)
        self.bytes_out = 0  # response bytes sent (status line, headers, bodies)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        if tls is not None:  # a handshake the client refuses fails in accept(), which is ignored
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._httpd.server_address[1]}/"

    def __enter__(self) -> WebServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()
            self.bytes_in = self.bytes_out = 0

    def paths(self, method: str = "GET") -> list[str]:
        return [r.path for r in self.requests if r.method == method]

    @property
    def transferred(self) -> int:
        return self.bytes_in + self.bytes_out


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


def _handler_for(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real server

        def log_message(self, format: str, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # Headers and body are two writes: without this, delayed ACKs add 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.wfile = _Counting(self.wfile, server)

        def do_GET(self) -> None:
            self._serve(body=True)

        def do_HEAD(self) -> None:
            if server.behaviour.no_head:
                request = Request(self.command, self.path, dict(self.headers.items()))
                with server._lock:
                    server.requests.append(request)
                self._reply(request, 405, {}, b"", False)
                return
            self._serve(body=False)

        def _serve(self, body: bool) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = Request(self.command, self.path, headers)
            with server._lock:
                server.requests.append(request)
                server.bytes_in += len(self.raw_requestline) + len(bytes(self.headers))
            raw = server.behaviour.raw.get(self.path)
            if raw is not None:
                request.status = -1
                with contextlib.suppress(OSError):
                    self.wfile.write(raw)
                    self.wfile.flush()
                self.close_connection = True
                return
            if server.behaviour.hang:
                server._stop.wait(30)
                self.close_connection = True
                return
            location = server.behaviour.redirect.get(self.path)
            if location is not None:
                self._reply(request, 302, {"Location": location}, b"", body)
                return
            if self.path in server.behaviour.endless:
                self._endless(request, body)
                return
            forced = server.behaviour.status.get(self.path)
            target = server.root / self.path.lstrip("/").split("?")[0]
            data = server.behaviour.body.get(self.path)
            if forced is not None or (data is None and not target.is_file()):
                self._reply(request, forced or 404, {}, b"", body)
                return
            data = target.read_bytes() if data is None else data
            etag = etag_of(data)
            if server.behaviour.fresh_etag:
                etag = etag_of(str(len(server.requests)).encode())
            headers = {} if server.behaviour.no_etag else {"ETag": etag}
            if server.behaviour.gz_encoding and self.path.endswith(".gz"):
                headers["Content-Encoding"] = "gzip"
            if not server.behaviour.no_etag and self.headers.get("If-None-Match") == etag:
                self._reply(request, 304, headers, b"", False)
                return
            start = 0
            wanted = self.headers.get("Range")
            if_range = self.headers.get("If-Range")
            if wanted and (if_range is None or if_range == etag):
                start = int(wanted.removeprefix("bytes=").split("-")[0])
                if start >= len(data):
                    self._reply(request, 416, {"Content-Range": f"bytes */{len(data)}"}, b"", body)
                    return
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            status = 206 if "Content-Range" in headers else 200
            status = server.behaviour.served_status.get(self.path, status)
            payload = data[start:]
            claimed = server.behaviour.claimed_length.get(self.path)
            if claimed is not None:  # says it is huge, then sends what it has and closes
                self._reply(request, status, headers, payload, body, length=claimed)
                self.close_connection = True
                return
            drop = server.behaviour.drop_after.pop(self.path, None) if body else None
            if body and drop is None:
                drop = server.behaviour.drop_every.get(self.path)
            if drop is not None:
                self._reply(request, status, headers, payload[:drop], body, length=len(payload))
                self.close_connection = True
                return
            self._reply(request, status, headers, payload, body)

        def _reply(self, request, status, headers, payload, body, length=None) -> None:
            request.status = status
            self.send_response(status)
            headers = {**headers, **server.behaviour.headers.get(request.path, {})}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Accept-Ranges", "bytes")
            if request.path in server.behaviour.no_length:
                self.send_header("Connection", "close")
                self.close_connection = True
            elif status != 304:
                self.send_header("Content-Length", str(len(payload) if length is None else length))
            if request.path in server.behaviour.chunked:  # beside a Content-Length: it wins
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                if body:
                    for at in range(0, len(payload), 16):
                        part = payload[at : at + 16]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    self.wfile.write(b"0\r\n\r\n")
                return
            self.end_headers()
            if body and payload:
                request.body_bytes = len(payload)
                interval = server.behaviour.trickle.get(request.path)
                with contextlib.suppress(OSError):
                    if interval is None:
                        self.wfile.write(payload)
                        self.wfile.flush()
                    for index in range(len(payload)) if interval is not None else ():
                        if server._stop.wait(interval):
                            break
                        self.wfile.write(payload[index : index + 1])
                        self.wfile.flush()

        def _endless(self, request, body) -> None:
            """200 with no length, then bytes until the client hangs up (or the server stops)."""
            request.status = 200
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            block = b"x" * 65536
            with contextlib.suppress(OSError):
                while body and not server._stop.is_set():
                    self.wfile.write(block)
                    request.body_bytes += len(block)

    return Handler


class _Counting:
    """The response stream, counting what is written to the socket."""

    def __init__(self, stream, server: WebServer):
        self._stream = stream
        self._server = server

    def write(self, data: bytes) -> int:
        with self._server._lock:
            self._server.bytes_out += len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
