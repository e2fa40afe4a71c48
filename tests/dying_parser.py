"""Parse functions whose process dies or hangs on some files, for tests of the parser's worker processes.

Its own small module: a spawned worker imports it by name, and this imports nothing but `ingest`
(not the test modules, which pull in Dagster and dbt).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from ingest import ParsedDocument, parse_document


def parse_or_die(path: Path) -> ParsedDocument:
    """parse_document, except that the process dies (SIGKILL, as the OOM killer kills) on files
    whose name holds `die`: a real death of a real worker process."""
    if "die" in path.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return parse_document(path)


def parse_or_hang(path: Path) -> ParsedDocument:
    """parse_document, except that on files whose name holds `hang` the process blocks the timer
    signal and sleeps: as stuck as a native library looping, where no signal handler runs."""
    if "hang" in path.name:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return parse_document(path)
