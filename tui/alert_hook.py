"""Running the user's ``[alerts] command`` with an alert as JSON on its stdin.

Like newsboat's notify-program, it lets a user hook in desktop
notifications or a chat message. The command runs without a shell, in a
thread, under a timeout; whatever goes wrong comes back as a one-line
message for the status bar, never as an exception that could stop the
dashboard.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence

from sitrep.domain.alerts import Alert
from sitrep.domain.textsafe import one_line

MAX_RUNS = 20  # per poll: a flood of alerts must not start a flood of processes


def run_hook(command: Sequence[str], alerts: Sequence[Alert], timeout: float) -> str | None:
    """Run ``command`` once per alert (up to MAX_RUNS); the first problem, or None."""
    for alert in list(alerts)[:MAX_RUNS]:
        payload = json.dumps(alert.to_json(), ensure_ascii=False) + "\n"
        name = one_line(command[0], 60)
        try:
            done = subprocess.run(list(command), input=payload.encode("utf-8"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return f"alert command {name} took over {timeout:g} s and was stopped"
        except OSError as exc:
            return f"alert command {name} could not start: {one_line(exc.strerror or str(exc), 120)}"
        if done.returncode != 0:
            said = one_line(done.stderr.decode("utf-8", "replace"), 120)
            return f"alert command {name} failed (exit {done.returncode})" + (f": {said}" if said else "")
    return None
