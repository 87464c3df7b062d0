"""One window per data folder: a second launch raises the first instead.

The first instance listens on a local socket named after the data folder;
a later launch connects, asks it to come to the front, and exits.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.ui.qt import QByteArray, QCryptographicHash, QLocalServer, QLocalSocket, QObject, Signal

TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    # SHA-256 by Qt, the same digest as hashlib's: hashlib would load OpenSSL's
    # library at start for this one hash (about 10 ms).
    data = QByteArray(str(Path(data_dir).resolve()).encode())
    digest = bytes(QCryptographicHash.hash(data, QCryptographicHash.Algorithm.Sha256).toHex())
    digest = digest.decode()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"sci-reader-{user}-{digest}"


def ask_running_instance_to_raise(data_dir: Path) -> bool:
    """True if another instance answered (and was asked to come forward)."""
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
    """Listens for later launches; emits `raise_requested`."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.server = QLocalServer(self)
        name = server_name(data_dir)
        if not self.server.listen(name):
            # A stale socket from a crashed instance: nobody answered, so reclaim it.
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll()).strip() == b"raise":
            self.raise_requested.emit()
        connection.disconnectFromServer()
