"""`make dev`: `dagster dev` that Ctrl-C stops whole, leaving no process behind.

`dagster dev` starts the webserver, the daemon and code servers; the daemon's runs start run
workers, which start dbt and the parser's processes. Interrupted from a terminal, every one of
them got the SIGINT at once (one foreground process group), and each shut down on its own: `make`
gave the prompt back while some still ran (see docs/orchestration.md, "Stopping `make dev`").

Here `dagster dev` runs in a session of its own, so the terminal's SIGINT (or a SIGTERM, a
SIGHUP) reaches this launcher alone. It then sends SIGINT to every process of the session, as the
terminal did (each shuts down as Dagster intends: a run worker marks its run interrupted), waits
for `dagster dev` to finish its own shutdown (it waits up to 60 s for the webserver and the
daemon), then gives what is left STRAGGLER_SECONDS, SIGTERM, STRAGGLER_SECONDS more, SIGKILL.
It returns once no process of the session is left. (Measured with Dagster 1.13 and a run in
progress: the code servers and a multiprocessing resource tracker outlived `dagster dev`, which
ignored SIGINT and SIGTERM.) The session, not the process group, is what is tracked: a process
that makes a group of its own stays in it, also once orphaned.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

GRACE_SECONDS = 90.0  # for `dagster dev` itself (its own wait for the webserver and the daemon: 60 s)
STRAGGLER_SECONDS = 5.0  # for each process left once `dagster dev` has ended
POLL_SECONDS = 0.2


def session_processes(session_id: int) -> list[int]:
    """Live (not zombie) processes of the session, from /proc (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # (ended meanwhile)
            continue
        # pid (comm) state ppid pgrp session ...: comm may hold spaces and parentheses
        state, _ppid, _pgrp, session = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(session) == session_id and state != "Z":
            found.append(int(entry.name))
    return found


def _signal_all(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):  # (ended meanwhile)
            os.kill(pid, sig)


def _wait_until_gone(dagster: subprocess.Popen[bytes], seconds: float) -> list[int]:
    """Wait up to `seconds` for the session to empty; the processes still in it."""
    deadline = time.monotonic() + seconds
    while True:
        dagster.poll()  # (reaps `dagster dev` itself: a zombie child is no process left)
        left = session_processes(dagster.pid)
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(POLL_SECONDS)


def stop_session(
    dagster: subprocess.Popen[bytes], grace: float = GRACE_SECONDS, straggler_seconds: float = STRAGGLER_SECONDS
) -> list[int]:
    """SIGINT to the session; once `dagster dev` has ended, SIGTERM then SIGKILL to what is left.
    Returns the PIDs that had to be killed."""
    _signal_all(session_processes(dagster.pid), signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        dagster.wait(grace)
    if dagster.poll() is None:
        print(f"dev: dagster dev still running {grace:.0f} s after Ctrl-C", file=sys.stderr)
    killed: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        left = _wait_until_gone(dagster, straggler_seconds)
        if not left:
            break
        print(f"dev: {sig.name} to {len(left)} process(es) left: {left}", file=sys.stderr)
        _signal_all(left, sig)
        killed = left
    _wait_until_gone(dagster, straggler_seconds)
    return killed


def main(argv: list[str] | None = None) -> int:
    """`python -m orchestration.dev [dagster dev options]`: run `dagster dev` until a signal."""
    stop: list[int] = []
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, _frame: stop.append(signum))
    command = [str(Path(sys.executable).parent / "dagster"), "dev", *(sys.argv[1:] if argv is None else argv)]
    dagster = subprocess.Popen(command, start_new_session=True)
    while not stop and dagster.poll() is None:
        time.sleep(POLL_SECONDS)
    # (also when `dagster dev` ended by itself: what it started may still run)
    stop_session(dagster)
    return 130 if stop and stop[0] == signal.SIGINT else (dagster.returncode or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
