"""`make dev`'s launcher (orchestration/dev.py) leaves no process of its session behind.

Measured with `dagster dev` itself (docs/orchestration.md, "Stopping `make dev`"): that takes a
minute and more, so this test gives the launcher's stop a real process tree shaped like what
outlived `dagster dev` (children that ignore SIGINT, one of them SIGTERM too, in a process group
of its own) and checks that none is left, and that only the one ignoring both was killed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from orchestration.dev import session_processes, stop_session

TREE = r"""
import os, signal, subprocess, sys, time
# (as from a shell: a test runner's worker may pass on ignored or blocked SIGINT/SIGTERM)
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
ignore_int = "import signal, time; signal.signal(signal.SIGINT, signal.SIG_IGN); time.sleep(600)"
ignore_both = ("import os, signal, time; os.setpgrp(); signal.signal(signal.SIGINT, signal.SIG_IGN); "
               "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)")
children = [subprocess.Popen([sys.executable, "-c", code]) for code in (ignore_int, ignore_both)]
print(*(c.pid for c in children), flush=True)
time.sleep(600)  # (SIGINT ends this one: KeyboardInterrupt)
"""


def test_stop_leaves_no_process_of_the_session() -> None:
    leader = subprocess.Popen([sys.executable, "-c", TREE], start_new_session=True, stdout=subprocess.PIPE, text=True)
    assert leader.stdout is not None
    ignores_int, ignores_both = map(int, leader.stdout.readline().split())
    deadline = time.monotonic() + 30
    while len(session_processes(leader.pid)) < 3 and time.monotonic() < deadline:  # (signal handlers set)
        time.sleep(0.1)
    time.sleep(0.5)
    assert sorted(session_processes(leader.pid)) == sorted([leader.pid, ignores_int, ignores_both])
    assert os.getpgid(ignores_both) != leader.pid  # (left the group: only the session finds it)

    killed = stop_session(leader, grace=10, straggler_seconds=3)  # (a loaded machine ends a process slowly)

    assert session_processes(leader.pid) == []
    assert killed == [ignores_both]  # (the other went on SIGTERM)
    assert leader.returncode is not None
