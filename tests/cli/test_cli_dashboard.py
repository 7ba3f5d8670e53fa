"""``sitrep`` and ``sitrep --demo`` start the dashboard in a real terminal and quit on q.

The app itself is tested in tests/tui; here the point is the wiring: config
and store handed over, the demo's temporary home removed and its server
stopped on exit, and no traceback on the way.
"""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
from pathlib import Path

import pytest

from sitrep.examples import EXAMPLE_CONFIG, EXAMPLE_FEED

_CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P].*?(?:\x07|\x1b\\)|\x1b.")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


def run_in_terminal(args: list[str], env: dict[str, str], marker: str, patience: float = 60.0):
    """Start sitrep on a pty, wait for ``marker`` on screen, press q, return (code, screen)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes sitrep
        os.environ.clear()
        os.environ.update(env)
        os.execv(sys.executable, [sys.executable, "-m", "sitrep", *args])
    raw = b""
    code = None
    try:
        deadline = time.monotonic() + patience
        while marker.encode() not in _CSI.sub(b"", raw) and time.monotonic() < deadline:
            raw += _read(fd, 0.2)
        deadline = time.monotonic() + patience
        pressed = 0.0
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            # A key pressed while the app is still mounting can be dropped,
            # so keep pressing q until it has quit.
            if time.monotonic() - pressed > 1.0:
                try:
                    os.write(fd, b"q")
                except OSError:  # the app closed the terminal while quitting
                    pass
                pressed = time.monotonic()
            raw += _read(fd, 0.2)
    finally:
        if code is None:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    return code, _CSI.sub(b"", raw).decode("utf-8", "replace")


def _read(fd: int, wait: float) -> bytes:
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SITREP_HOME", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="120", LINES="40", **extra)
    return env


def test_dashboard_opens_on_the_configured_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        EXAMPLE_CONFIG.read_text().replace('"example-feed.xml"', f'"{EXAMPLE_FEED}"'))
    code, screen = run_in_terminal([], terminal_env(SITREP_HOME=str(home)), "Korvan")
    assert code == 0, screen[-2000:]
    assert "Traceback" not in screen
    assert "Siege of Korvan" in screen
    assert (home / "data").is_dir()


def test_demo_runs_and_cleans_up(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code, screen = run_in_terminal(["--demo"], terminal_env(TMPDIR=str(tmp)), "Karsk")
    assert code == 0, screen[-2000:]
    assert "Traceback" not in screen and "Siege of Karsk" in screen
    assert list(tmp.glob("sitrep-demo-*")) == []


def test_dashboard_with_bad_config_says_so(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[situation\n")
    code, screen = run_in_terminal([], terminal_env(SITREP_HOME=str(home)), "error")
    assert code == 2 and "sitrep: error: bad config file" in screen
    assert Path(home / "config.toml").read_text() == "[situation\n"
