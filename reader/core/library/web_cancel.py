"""A cancel heard while a request waits on a silent host, not only between bytes.

The window's Close (and its Cancel) sets a flag the fetch reads between
bytes and between tries; a host that accepts the connection and then says
nothing leaves the fetch inside one read for its whole time-out (20 s),
and the window, which waits for its worker before closing, frozen that
long. So a watcher thread looks at the flag while a request is under way
and, once it is set, shuts the request's sockets down: the read returns
at once and the fetch ends as cancelled.

httpx has no public way to reach its sockets: the connection pool's
network backend is wrapped (httpcore's documented `network_backend`
interface, set on the pool httpx made). Where an httpx version lays this
out otherwise, nothing is wrapped and a cancel waits for the time-out,
as before.

The pause between two tries (up to 10 s when a host's Retry-After asks for
it) hears a cancel as quickly: `pause_unless_cancelled`.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any


def pause_unless_cancelled(seconds: float, cancelled: Callable[[], bool]) -> bool:
    """Sleep `seconds` between tries (a Retry-After may ask for 10), hearing a cancel
    within a tenth of a second; False if it came."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        if cancelled():
            return False
        time.sleep(min(left, 0.1))
    return True


class CancelWatch:
    """Shuts down the sockets of the clients it watches once `cancelled()` is true."""

    def __init__(self, cancelled: Callable[[], bool]) -> None:
        self._cancelled = cancelled
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, client: Any) -> None:
        """Record the sockets `client` (an httpx.Client) opens from now on."""
        transports = [getattr(client, "_transport", None)]
        transports += list(getattr(client, "_mounts", {}).values())
        for transport in transports:
            pool = getattr(transport, "_pool", None)
            backend = getattr(pool, "_network_backend", None)
            if backend is not None and not isinstance(backend, _Recording):
                pool._network_backend = _Recording(backend, self._sockets)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="web-cancel", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._done.set()

    def _run(self) -> None:
        while not self._done.wait(0.1):
            if self._cancelled():
                for sock in list(self._sockets):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                return


class _Recording:
    """httpcore's network backend, noting each socket it connects."""

    def __init__(self, inner: Any, sockets: weakref.WeakSet) -> None:
        self._inner = inner
        self._sockets = sockets

    def connect_tcp(self, *args: Any, **kwargs: Any) -> Any:
        stream = self._inner.connect_tcp(*args, **kwargs)
        with contextlib.suppress(Exception):  # a stream without one: nothing to record
            sock = stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                self._sockets.add(sock)
        return stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
