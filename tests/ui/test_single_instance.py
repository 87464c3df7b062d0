"""One window per data folder: a second launch raises the first instead."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt

from reader.ui import app as app_module
from reader.ui.single_instance import (
    InstanceServer,
    ask_running_instance_to_raise,
    claim_name,
    server_name,
    socket_path,
)
from tests.ui.helpers import child_env


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


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes: Qt serves from the start")
def test_a_launch_while_the_first_builds_its_window_is_answered_when_it_serves(
    qapp, tmp_path, qtbot, capsys, monkeypatch
):
    """The first launch holds the name from before its window is built (claim_name);
    a second one in that time is told the window is open, and raises it once served."""
    data = tmp_path / "data"
    data.mkdir()
    claim = claim_name(data)
    assert claim is not None and claim.path == socket_path(data) and claim.path.exists()
    assert claim_name(data) is None, "the name is held: a second claim fails"

    def no_window(*args, **kwargs):
        raise AssertionError("a second window was opened")

    monkeypatch.setattr("reader.ui.main_window.MainWindow", no_window)
    assert app_module.run(data) == 0  # its request waits in the socket's queue
    assert "already open" in capsys.readouterr().out

    instance = InstanceServer(data, claimed=claim)
    try:
        assert claim.served and instance.server.isListening()
        with qtbot.waitSignal(instance.raise_requested, timeout=3000):
            pass  # the queued request, read at the takeover
        with qtbot.waitSignal(instance.raise_requested, timeout=3000):
            assert ask_running_instance_to_raise(data) is True  # and later ones
    finally:
        instance.server.close()
    assert not claim.path.exists(), "Qt removes the socket it took over when it closes"
    claim.release()  # served: the server owned it, nothing to close twice
    again = claim_name(data)  # the next launch gets the name
    assert again is not None
    again.release()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes: Qt serves from the start")
def test_a_claim_not_served_gives_the_name_back(qapp, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    claim = claim_name(data)
    assert claim is not None
    claim.release()
    assert not claim.path.exists()
    assert ask_running_instance_to_raise(data) is False
    again = claim_name(data)
    assert again is not None
    again.release()


def test_a_window_that_cannot_open_leaves_no_name_behind(qapp, tmp_path, monkeypatch, capsys):
    from reader.core.errors import ReaderError

    data = tmp_path / "data"
    data.mkdir()

    def broken(*args, **kwargs):
        raise ReaderError("the library cannot be read")

    monkeypatch.setattr("reader.ui.main_window.MainWindow", broken)
    monkeypatch.setattr("reader.ui.start_boxes.tell_cannot_start", lambda *args: None)
    assert app_module.run(data) != 0
    assert not socket_path(data).exists()
    assert ask_running_instance_to_raise(data) is False


def test_two_real_launches_make_one_window(ui_data_dir):
    """Through the command line: the second launch raises the first's window and exits."""
    first_script = textwrap.dedent(
        f"""
        import sys
        import reader.ui.app as app_module
        from reader.ui.qt import QApplication
        shown = app_module.bring_to_front
        def raised(window):
            shown(window)
            print("raised", window.isVisible(), flush=True)
            QApplication.instance().quit()
        app_module.bring_to_front = raised
        from reader.cli import main
        sys.exit(main(["--data-dir", {str(ui_data_dir)!r}]))
        """
    )
    env = child_env()
    first = subprocess.Popen(
        [sys.executable, "-c", first_script], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        name = server_name(ui_data_dir)
        if sys.platform != "win32":  # wait for the name to be held (before its window is built)
            path = socket_path(ui_data_dir)
            for _ in range(600):
                if path.exists() or first.poll() is not None:
                    break
                time.sleep(0.05)
            assert path.exists(), f"no socket {name}"
        second = subprocess.run(
            [sys.executable, "-m", "reader", "--data-dir", str(ui_data_dir)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stdout
        out, _ = first.communicate(timeout=120)
        assert first.returncode == 0
        assert "raised True" in out
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
