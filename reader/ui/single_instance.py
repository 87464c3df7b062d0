"""One window per data folder: a second launch raises the first instead.

The first instance listens on a local socket named after the data folder;
a later launch connects, asks it to come to the front, and exits.

On Linux and macOS the name is claimed before the window is built by
binding the very socket QLocalServer would make (`claim_name`: no
QtNetwork, whose module and enum types were ~12 ms of CPU before the
first paint), and the Qt server takes that socket over once the window is
up. A later launch that arrives in between connects all the same: its
request waits in the socket's queue and is answered at the takeover. On
Windows (named pipes) Qt does all of it, as before.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.ui.qt import QByteArray, QCryptographicHash, QObject, Signal

TIMEOUT_MS = 1000
BACKLOG = 16  # later launches queued before the server takes the socket over


def server_name(data_dir: Path) -> str:
    # SHA-256 by Qt, the same digest as hashlib's: hashlib would load OpenSSL's
    # library at start for this one hash (about 10 ms).
    data = QByteArray(str(Path(data_dir).resolve()).encode())
    digest = bytes(QCryptographicHash.hash(data, QCryptographicHash.Algorithm.Sha256).toHex())
    digest = digest.decode()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"sci-reader-{user}-{digest}"


def socket_path(data_dir: Path) -> Path:
    """Where QLocalServer puts the socket on Linux and macOS: Qt's temporary folder."""
    from reader.ui.qt import QDir

    return Path(QDir.tempPath()) / server_name(data_dir)


@dataclass
class Claim:
    """A bound, listening socket at `path`, not yet served (`descriptor` is its file)."""

    path: Path
    descriptor: int
    served: bool = False  # an InstanceServer has taken the socket over (and owns it)

    def release(self) -> None:
        """Give the name back if no server took it: close the socket, remove its file."""
        if not self.served:
            self.served = True  # released once
            os.close(self.descriptor)
            self.path.unlink(missing_ok=True)


def claim_name(data_dir: Path) -> Claim | None:
    """The instance's socket, bound before anything else can: None if it cannot be.

    None on Windows, and when the socket's file exists: another instance
    is running, or one crashed and left it; `ask_running_instance_to_raise`
    tells which, as before. Binding is atomic: of two launches at once,
    one gets the name and the other finds it taken.
    """
    if sys.platform == "win32":
        return None
    import _socket  # socket.py would add its enum types; the C module is all this needs

    path = socket_path(data_dir)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
    except OSError:
        sock.close()
        return None
    try:
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        path.unlink(missing_ok=True)
        return None
    return Claim(path, sock.detach())


def ask_running_instance_to_raise(data_dir: Path) -> bool:
    """True if another instance answered (and was asked to come forward)."""
    from reader.ui.qt import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.flush()
    socket.waitForBytesWritten(TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; emits `raise_requested`.

    `claimed`: the socket `claim_name` bound, taken over with what waits in it.
    """

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None, claimed: Claim | None = None):
        from reader.ui.qt import QLocalServer

        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)
        if claimed is not None and self.server.listen(claimed.descriptor):
            claimed.served = True
            return
        name = server_name(data_dir)
        if not self.server.listen(name):
            # A stale socket from a crashed instance: nobody answered, so reclaim it.
            QLocalServer.removeServer(name)
            self.server.listen(name)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))

    def _read(self, connection) -> None:
        if bytes(connection.readAll()).strip() == b"raise":
            self.raise_requested.emit()
        connection.disconnectFromServer()
