"""One window per data folder: a second launch raises the first instead."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt

from reader.ui import app as app_module
from reader.ui.single_instance import (
    InstanceServer,
    ask_running_instance_to_raise,
    server_name,
)


@pytest.fixture
def server(qapp, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    instance = InstanceServer(data)
    assert instance.server.isListening()
    yield data, instance
    instance.server.close()
    instance.deleteLater()


def test_a_second_launch_asks_the_first_to_come_forward(server, qtbot):
    data, instance = server
    with qtbot.waitSignal(instance.raise_requested, timeout=3000):
        assert ask_running_instance_to_raise(data) is True


def test_the_same_folder_spelled_differently_is_the_same_instance(server, qtbot, monkeypatch):
    data, instance = server
    monkeypatch.chdir(data.parent)
    with qtbot.waitSignal(instance.raise_requested, timeout=3000):
        assert ask_running_instance_to_raise(type(data)("data")) is True
    assert server_name(data) == server_name(data / ".." / "data")


def test_another_data_folder_is_another_instance(server, tmp_path, qtbot):
    data, instance = server
    with qtbot.assertNotEmitted(instance.raise_requested, wait=200):
        assert ask_running_instance_to_raise(tmp_path / "elsewhere") is False
    assert server_name(tmp_path / "elsewhere") != server_name(data)


def test_other_messages_are_ignored(server, qtbot):
    from reader.ui.qt import QLocalSocket

    data, instance = server
    socket = QLocalSocket()
    socket.connectToServer(server_name(data))
    assert socket.waitForConnected(1000)
    with qtbot.assertNotEmitted(instance.raise_requested, wait=300):
        socket.write(b"open /etc/passwd\n")
        socket.flush()
        socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()


def test_a_stale_socket_from_a_crash_is_taken_over(qapp, tmp_path, qtbot):
    data = tmp_path / "crashed"
    data.mkdir()
    # A crashed instance leaves its socket file behind, with nobody listening.
    path = Path(QDir.tempPath()) / server_name(data)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as leftover:
        leftover.bind(str(path))
    assert path.exists()
    assert ask_running_instance_to_raise(data) is False  # nobody answers
    instance = InstanceServer(data)
    try:
        assert instance.server.isListening()
        with qtbot.waitSignal(instance.raise_requested, timeout=3000):
            assert ask_running_instance_to_raise(data) is True
    finally:
        instance.server.close()
        path.unlink(missing_ok=True)


def test_run_brings_the_running_window_forward_and_exits(server, qtbot, capsys, monkeypatch):
    data, instance = server

    def no_window(*args, **kwargs):
        raise AssertionError("a second window was opened")

    monkeypatch.setattr("reader.ui.main_window.MainWindow", no_window)
    with qtbot.waitSignal(instance.raise_requested, timeout=3000):
        assert app_module.run(data) == 0
    assert "already open" in capsys.readouterr().out


def test_the_running_window_comes_to_the_front(window, qtbot):
    from reader.ui.qt import QApplication

    server = InstanceServer(window.data_dir, window)
    server.raise_requested.connect(lambda: app_module.bring_to_front(window))
    window.showMinimized()
    qtbot.waitUntil(lambda: window.isMinimized())
    with qtbot.waitSignal(server.raise_requested, timeout=3000):
        assert ask_running_instance_to_raise(window.data_dir) is True
    qtbot.waitUntil(lambda: not window.isMinimized())
    assert window.isVisible()
    assert not (window.windowState() & Qt.WindowState.WindowMinimized)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    server.server.close()
