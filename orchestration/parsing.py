"""Documents parsed in worker processes, where one document can cost only itself.

A file can take the process reading it down: a page bomb that renders to gigabytes, a native
library crashing on a malformed object. Parsing runs in spawned worker processes, each with a cap
on its address space (`resource.RLIMIT_AS`: an allocation beyond it raises `MemoryError` in that
worker instead of the kernel's OOM killer taking the machine's other work). When a worker dies
anyway, `concurrent.futures` fails every unfinished document of the pool; the documents a worker
had started are then read again one per fresh process, and the one that kills its process again
is recorded as quarantined with the reason, so the run goes on and later runs do not repeat it.
A document taking longer than the per-document time limit is stopped in its worker (a timer
signal) and recorded as quarantined with that reason.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import PARSER_VERSION, ParsedDocument, parse_document
from ingest.filekind import sha256_file

Parse = Callable[[Path], ParsedDocument]

# Address space per worker (MiB), by default: a 决算 of 100 pages reads in a few hundred MiB and
# OCR of a scan peaks near 1.5 GiB of address space (ONNX Runtime's arenas); 0 = no cap.
DEFAULT_WORKER_MEMORY_MB = 4096

# Wall seconds one document may take, by default: the longest real report read so far (a scanned
# one, ~2 s a page by OCR) takes well under a minute; 2,000 text pages take about two.
DEFAULT_DOCUMENT_SECONDS = 600.0

# Per worker process: the pids of the workers that started each document (shared memory, set by
# the worker), and the per-document time limit.
_started: Any = None
_document_seconds = 0.0


class _OutOfTime(BaseException):
    """Raised in a worker by its timer (a BaseException: the parser's own `except Exception`,
    which quarantines a parser bug, must not take it for one)."""


def _out_of_time(_signum: int, _frame: object) -> None:
    raise _OutOfTime


def _init_worker(memory_mb: int, document_seconds: float, started: Any) -> None:
    global _started, _document_seconds
    _started = started
    _document_seconds = document_seconds
    signal.signal(signal.SIGALRM, _out_of_time)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))


def _parse_one(parse: Parse, index: int, path: Path) -> ParsedDocument:
    _started[index] = os.getpid()
    if _document_seconds > 0:
        signal.setitimer(signal.ITIMER_REAL, _document_seconds)
    try:
        return parse(path)
    except _OutOfTime:
        return failed_document(path, out_of_time(_document_seconds))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def out_of_time(seconds: float) -> str:
    return f"took longer than {seconds:g} s to read (the per-document time limit): not read"


def failed_document(path: Path, reason: str) -> ParsedDocument:
    """The record of a document the parser's process could not read (quarantined, with why)."""
    return ParsedDocument(
        document_id=sha256_file(path),
        file_name=path.name,
        file_path=str(path),
        file_size=path.stat().st_size,
        status="quarantined",
        reason=reason[:300],
        parser_version=PARSER_VERSION,
    )


DIED = "the parser's process died reading this file (out of memory, or a crash in a native library): not read"


# A document its worker's timer cannot stop (stuck in native code, which runs no signal handler)
# is stopped from outside this many seconds after its limit: its worker process is killed.
STUCK_GRACE_SECONDS = 30.0


def parse_all(
    paths: Sequence[Path],
    workers: int,
    memory_mb: int = DEFAULT_WORKER_MEMORY_MB,
    parse: Parse = parse_document,
    document_seconds: float = DEFAULT_DOCUMENT_SECONDS,
    stuck_grace_seconds: float = STUCK_GRACE_SECONDS,
) -> Iterator[ParsedDocument]:
    """The document of every path, in the order they are done; a document whose process dies is
    yielded as quarantined (`DIED`), one taking longer than `document_seconds` (0: no limit) too
    (stopped by its worker's timer, else `stuck_grace_seconds` later by killing the worker).
    `parse` must be importable by name (a module-level function)."""
    limits = _Limits(memory_mb, document_seconds, stuck_grace_seconds)
    queue = list(paths)
    while queue:
        outcome = yield from _pool_pass(queue, max(1, min(workers, len(queue))), limits, parse)
        if not outcome.read and not outcome.suspects and not outcome.overtime:
            raise RuntimeError(
                f"the parser's worker processes die before reading any file (memory cap {memory_mb} MiB too low?)"
            )
        for path in outcome.overtime:  # (not read again: it would take as long again)
            yield failed_document(path, out_of_time(document_seconds))
        for path in outcome.suspects:  # each alone in a fresh process: a death is then its own
            alone = yield from _pool_pass([path], 1, limits, parse)
            if alone.overtime:
                yield failed_document(path, out_of_time(document_seconds))
            elif not alone.read:
                yield failed_document(path, DIED)
        queue = outcome.not_started


@dataclass(frozen=True)
class _Limits:
    memory_mb: int
    document_seconds: float
    stuck_grace_seconds: float


@dataclass
class _PoolOutcome:
    read: int = 0  # documents yielded
    suspects: list[Path] = field(default_factory=list)  # started in a worker that died: may be the cause
    not_started: list[Path] = field(default_factory=list)  # lost with the pool before they started
    overtime: list[Path] = field(default_factory=list)  # stopped from outside: past the limit in native code


def _pool_pass(
    paths: list[Path], workers: int, limits: _Limits, parse: Parse
) -> Generator[ParsedDocument, None, _PoolOutcome]:
    """Parse `paths` in one pool; the documents a dead worker took down with it are returned,
    not yielded."""
    context = multiprocessing.get_context("spawn")  # (not forked: the caller holds DuckDB and Dagster threads)
    started = context.RawArray("i", len(paths))  # the pid of the worker reading each document, once started
    seconds = limits.document_seconds
    since: dict[int, float] = {}  # when the parent first saw each pending document started
    lost: list[int] = []
    overtime: set[int] = set()
    outcome = _PoolOutcome()
    initargs = (limits.memory_mb, seconds, started)
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=initargs) as pool:
        pending: dict[Future[ParsedDocument], int] = {
            pool.submit(_parse_one, parse, i, path): i for i, path in enumerate(paths)
        }
        while pending:
            done, _ = wait(pending, timeout=1.0 if seconds > 0 else None, return_when=FIRST_COMPLETED)
            if seconds > 0:
                _stop_stuck(pending.values(), started, since, seconds + limits.stuck_grace_seconds, overtime)
            for future in done:
                index = pending.pop(future)
                try:
                    doc = future.result()
                except BrokenProcessPool:
                    lost.append(index)
                    continue
                except Exception as exc:  # (parse_document never raises: the worker's plumbing did)
                    doc = failed_document(paths[index], f"the parser's process failed: {type(exc).__name__}: {exc}")
                yield doc
                outcome.read += 1
    for index in sorted(lost):
        if index in overtime:
            outcome.overtime.append(paths[index])
        else:
            (outcome.suspects if started[index] else outcome.not_started).append(paths[index])
    return outcome


def _stop_stuck(
    pending: Iterable[int], started: Any, since: dict[int, float], limit: float, overtime: set[int]
) -> None:
    """Kill the worker of each pending document started more than `limit` seconds ago."""
    now = time.monotonic()
    for index in pending:
        if started[index] and index not in overtime and now - since.setdefault(index, now) > limit:
            overtime.add(index)
            with contextlib.suppress(ProcessLookupError):
                os.kill(started[index], signal.SIGKILL)
